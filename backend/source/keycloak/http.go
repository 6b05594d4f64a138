package keycloak

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source"
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

// parseError reads an error answer into a typed connector error.
func parseError(status int, body []byte) *source.Error {
	e := &source.Error{Status: status}
	var ke kcError
	if json.Unmarshal(body, &ke) == nil && (ke.Error != "" || ke.ErrorMessage != "") {
		if oauthCode.MatchString(ke.Error) {
			e.ServerCode = ke.Error
		}
		for _, m := range []string{ke.ErrorDescription, ke.ErrorMessage, ke.Error} {
			if m != "" {
				e.Message = m
				break
			}
		}
	} else {
		e.Message = http.StatusText(status)
		if text := strings.TrimSpace(string(body)); text != "" && !strings.HasPrefix(text, "<") {
			if len(text) > 200 {
				text = text[:200] + "…"
			}
			e.Message = text
		}
	}
	switch {
	case status == http.StatusUnauthorized:
		e.Code = source.CodeAuth
	case status == http.StatusForbidden:
		e.Code = source.CodePermission
	case status == http.StatusNotFound:
		e.Code = source.CodeNotFound
	case status == http.StatusTooManyRequests:
		e.Code = source.CodeRateLimit
	case status >= 500:
		e.Code = source.CodeUnavailable
	default:
		e.Code = source.CodeBadRequest
	}
	return e
}

// adminPath builds /admin/realms/{realm}/… with each segment escaped.
func (c *Client) adminPath(segs ...string) string {
	var b strings.Builder
	b.WriteString("/admin/realms/")
	b.WriteString(url.PathEscape(c.realm))
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// do sends one admin API request and returns the body of a 2xx answer. A 401 gets one new
// access token and a retry; 5xx, 429 and network errors are retried with bounded exponential
// backoff (or the server's Retry-After, capped).
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body any) ([]byte, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	full := c.base + path
	if len(q) > 0 {
		full += "?" + q.Encode()
	}
	refreshed := false
	var last error
	var wait time.Duration
	for attempt := 0; attempt < c.attempts; attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, attempt, wait); err != nil {
				return nil, err
			}
		}
		wait = 0
		token, err := c.accessToken(ctx, false)
		if err != nil {
			if code := source.CodeOf(err); code == source.CodeUnavailable || code == source.CodeRateLimit {
				last = err
				continue
			}
			return nil, err
		}
		status, respBody, header, err := c.send(ctx, method, full, token, payload)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			last = &source.Error{Code: source.CodeUnavailable, Message: "Keycloak did not answer: " + source.RedactURLs(err.Error()), Err: err}
			slog.Debug("keycloak request failed, will retry", "method", method, "attempt", attempt+1, "err", source.RedactURLs(err.Error()))
			continue
		}
		if status < 300 {
			return respBody, nil
		}
		e := parseError(status, respBody)
		switch {
		case status == http.StatusUnauthorized && !refreshed:
			refreshed = true
			if _, err := c.accessToken(ctx, true); err != nil {
				return nil, err
			}
			attempt-- // the new token does not use up a retry
			continue
		case e.Code == source.CodeUnavailable || e.Code == source.CodeRateLimit:
			last, wait = e, retryAfter(header.Get("Retry-After"))
			continue
		case status == http.StatusUnauthorized:
			e.Message += " — the server rejects this connection's fresh access token: sign in again"
		}
		return respBody, e
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", c.attempts, last)
}

func (c *Client) send(ctx context.Context, method, full, token string, payload []byte) (int, []byte, http.Header, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, full, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, b, resp.Header, nil
}

// retryAfter reads a Retry-After in seconds (Keycloak sends none; proxies in front may).
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, 10*time.Second)
}

func (c *Client) sleep(ctx context.Context, attempt int, wait time.Duration) error {
	if wait == 0 {
		wait = source.Backoff(c.retryBase, attempt)
	}
	return source.Sleep(ctx, wait)
}

// getJSON GETs an admin resource and decodes it; an unreadable body is a bad-response error.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	body, err := c.do(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &source.Error{Code: source.CodeBadResponse,
			Message: fmt.Sprintf("the answer to %s is not valid JSON (%v)", strings.TrimPrefix(path, "/admin/realms/"+url.PathEscape(c.realm)), err)}
	}
	return nil
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
