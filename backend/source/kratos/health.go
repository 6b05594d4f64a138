package kratos

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Check tests the connection: the server's version (shown, never used to decide anything),
// whether the admin API answers with the credentials we hold (Ory Network's API key; none for a
// self-hosted admin API), whether listing and disabling are allowed, and how many sessions are
// signed out per call (the bulk endpoint where the server has it).
func (c *Client) Check(ctx context.Context) (source.Health, error) {
	var h source.Health
	key, err := c.apiKey(ctx, false)
	if err != nil {
		return h, err
	}
	who := "no API key (a self-hosted admin API, reached over a trusted network)"
	if key != "" {
		who = "a project API key"
	}
	if v := c.version(ctx); v != "" {
		who = "Kratos " + v + " admin API, " + who
	}
	h.SignedInAs = who
	h.Limits = "Kratos reports no API limits; Ory Network limits admin calls per project and plan (429 when exceeded)"

	_, err = c.do(ctx, http.MethodGet, "/admin/sessions", url.Values{"page_size": {"1"}}, nil)
	ok, failed := source.Probe(err, source.CodePermission, source.CodeNotFound)
	if failed != nil {
		return h, failed
	}
	list := source.PermissionCheck{Name: "List sessions (GET /admin/sessions)", OK: ok}
	switch source.CodeOf(err) {
	case source.CodePermission:
		list.Hint = "use an API key of this project that may call the admin API"
	case source.CodeNotFound:
		list.Hint = "this URL serves no /admin/sessions: use the admin URL (port 4434, not the public 4433) of Kratos v1.1 or later"
	}
	h.Permissions = append(h.Permissions, list)

	// No session has this id: an allowed call answers 404, a refused one 401/403.
	_, err = c.doN(ctx, 1, http.MethodDelete, "/admin/sessions/"+source.NoSuchID, nil, nil)
	code := source.CodeOf(err)
	disable := source.PermissionCheck{Name: "Sign out sessions (DELETE /admin/sessions/{id})",
		OK: err == nil || code == source.CodeNotFound}
	if !disable.OK {
		disable.Hint = "the admin API refused a harmless probe (" + errText(err) + "): allow DELETE on /admin/sessions/* for this key or gateway"
	}
	h.Permissions = append(h.Permissions, disable)

	// How many sessions are signed out at once is the server's to say: a bulk endpoint where it
	// answers (Ory Network), one request per session where it does not (self-hosted). Either
	// works, so neither is a missing permission.
	methods, err := c.SignOutMethods(ctx)
	bulk := source.PermissionCheck{Name: "Sign out many sessions", OK: err == nil}
	if err != nil {
		bulk.Hint = "the server gave no usable answer to POST /admin/sessions (" + errText(err) + ")"
	} else if methods.Sessions.PerCall > 1 {
		bulk.Name += fmt.Sprintf(": POST /admin/sessions, up to %d a call", methods.Sessions.PerCall)
	} else {
		bulk.Name += ": one DELETE /admin/sessions/{id} each (this server has no bulk endpoint)"
	}
	h.Permissions = append(h.Permissions, bulk)
	return h, nil
}

// version asks /version (served on the admin port; one try, best effort).
func (c *Client) version(ctx context.Context) string {
	for _, p := range []string{"/version", "/admin/version"} {
		var v struct {
			Version string `json:"version"`
		}
		if _, err := c.pacer.GetJSON(ctx, pace.Request{URL: p, Tries: 1}, "the version", &v); err == nil && v.Version != "" {
			return strings.TrimSpace(v.Version)
		}
	}
	return ""
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

var _ source.HealthChecker = (*Client)(nil)
