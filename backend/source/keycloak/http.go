package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// kcError covers Keycloak's two error bodies: OAuth2ErrorRepresentation
// {"error", "error_description"} and the admin API's ErrorRepresentation {"errorMessage"}.
type kcError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorMessage     string `json:"errorMessage"`
}

// oauthCode is the shape of an OAuth "error" code; Keycloak otherwise puts the exception's
// message (e.g. "Sesssion not found", "HTTP 403 Forbidden") in "error".
var oauthCode = regexp.MustCompile(`^[a-z_]+$`)

// parseError reads an error answer into a typed connector error. An HTML page (a proxy's,
// or an unknown path) says nothing a reader can use: the status text stands in.
func parseError(status int, body []byte) *source.Error {
	code, msg := "", ""
	var ke kcError
	if json.Unmarshal(body, &ke) == nil && (ke.Error != "" || ke.ErrorMessage != "") {
		if oauthCode.MatchString(ke.Error) {
			code = ke.Error
		}
		for _, m := range []string{ke.ErrorDescription, ke.ErrorMessage, ke.Error} {
			if m != "" {
				msg = m
				break
			}
		}
	} else if strings.HasPrefix(strings.TrimSpace(string(body)), "<") {
		body = nil
	}
	return pace.HTTPError(status, code, msg, body)
}

// adminPath builds /admin/realms/{realm}/… with each segment escaped.
func (c *Client) adminPath(segs ...string) string {
	return pace.Path("/admin/realms", append([]string{c.realm}, segs...)...)
}

// newPacer sends the client's requests with the current access token; when the server
// refuses it, one new token is fetched and the request tried again.
func (c *Client) newPacer(timeout time.Duration, t pace.Tuning) *pace.Pacer {
	return t.Pacer(pace.Options{
		Server: "Keycloak", Timeout: timeout, Base: c.base,
		Credentials: pace.Bearer(c.accessToken), Errors: parseError,
	})
}

// do sends one admin API request and returns the body of a 2xx answer (retries, Retry-After
// and backoff in the pacer). Every write the connector makes is repeatable: ending a session
// or a user's sessions twice ends nothing more, disabling twice leaves the user disabled.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body any) ([]byte, error) {
	resp, err := c.pacer.Do(ctx, pace.Request{Method: method, URL: path, Query: q, JSON: body, Repeatable: true})
	if resp == nil {
		return nil, err
	}
	return resp.Body, refusedAgain(resp, err)
}

// getJSON GETs an admin resource and decodes it; an unreadable body is a bad-response error.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	what := "the answer to " + strings.TrimPrefix(path, c.adminPath())
	resp, err := c.pacer.GetJSON(ctx, pace.Request{URL: path, Query: q}, what, v)
	return refusedAgain(resp, err)
}

// refusedAgain says what to do when the server refuses even the access token the pacer has
// just fetched anew.
func refusedAgain(resp *pace.Response, err error) error {
	var se *source.Error
	if resp != nil && resp.Status == http.StatusUnauthorized && errors.As(err, &se) {
		se.Message += " — the server rejects this connection's fresh access token: sign in again"
	}
	return err
}

// withHint adds what to grant to a permission error.
func (c *Client) withHint(err error, role string) error {
	var se *source.Error
	if errors.As(err, &se) && se.Code == source.CodePermission {
		return &source.Error{Code: se.Code, ServerCode: se.ServerCode, Status: se.Status,
			Message: se.Message + " — " + c.grantHint(role), Err: se.Err}
	}
	return err
}

// mgmtClient is the client whose roles grant admin rights over the realm: realm-management in
// the realm itself, or "<realm>-realm" when the admin client lives in master.
func (c *Client) mgmtClient() string {
	if c.authRealm != c.realm {
		return c.realm + "-realm"
	}
	return "realm-management"
}

// grantHint says where to grant a realm-management role to whoever this connection is.
func (c *Client) grantHint(role string) string {
	c.mu.Lock()
	interactive, user := c.interactive, c.claims.PreferredUsername
	c.mu.Unlock()
	if interactive {
		if user == "" {
			user = "your user"
		}
		return fmt.Sprintf("grant %s the %s role %s (realm %s ▸ Users ▸ %s ▸ Role mapping ▸ Assign role ▸ filter by clients)",
			user, c.mgmtClient(), role, c.authRealm, user)
	}
	return fmt.Sprintf("grant the client's service account the %s role %s (realm %s ▸ Clients ▸ %s ▸ Service accounts roles ▸ Assign role ▸ filter by clients)",
		c.mgmtClient(), role, c.authRealm, c.clientID)
}
