package auth0

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// neededScopes are the Management API scopes the app uses, with what each is for.
var neededScopes = []struct{ name, alt, why string }{
	{"read:users", "", "needed to find the users whose sessions are listed"},
	{"read:sessions", "", "needed to list sessions"},
	{"delete:sessions", "", "needed to end sessions"},
	{"delete:refresh_tokens", "", "ending a session with /revoke also revokes its refresh tokens and needs this scope"},
	{"update:users", "", "needed to block users"},
	{"read:logs", "read:logs_users", "needed for login history (read:logs_users is enough)"},
}

// WhoAmI names the application the connection acts as: the token's subject
// ("<client id>@clients") on the tenant.
func (c *Client) WhoAmI(ctx context.Context) (string, error) {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return "", err
	}
	sub := jwtSubject(tok)
	if sub == "" {
		sub = c.oauth.ClientID + "@clients"
	}
	return sub + " on " + c.host, nil
}

// jwtSubject reads the sub claim of a JWT without verifying it: it is only displayed.
func jwtSubject(tok string) string {
	var claims struct {
		Sub string `json:"sub"`
	}
	if !source.TokenClaims(tok, &claims) {
		return ""
	}
	return claims.Sub
}

// Check tests the connection: the token grant works, which scopes it carries (with a hint
// for each missing one), whether the tenant's plan has the session endpoints, and the rate
// limit as last reported.
func (c *Client) Check(ctx context.Context) (source.Health, error) {
	h, err := source.SignedIn(ctx, c)
	if err != nil {
		return h, err
	}
	granted := c.grantedScopes()
	for _, sc := range neededScopes {
		ok := slices.Contains(granted, sc.name) || (sc.alt != "" && slices.Contains(granted, sc.alt))
		pc := source.PermissionCheck{Name: sc.name, OK: ok}
		if !ok {
			pc.Hint = "Grant " + sc.name + " (" + sc.why + "): " + grantHint
		}
		h.Permissions = append(h.Permissions, pc)
	}
	users, firstUser, err := c.probeUsers(ctx)
	if _, err := source.Probe(err, source.CodePermission); err != nil {
		return h, err
	}
	if firstUser != "" && slices.Contains(granted, "read:sessions") {
		h.Permissions = append(h.Permissions, c.probeSessions(ctx, firstUser))
	}
	var limits []string
	if st, ok := c.RateLimit(); ok {
		reset := st.ResetAt
		l := fmt.Sprintf("Management API rate limit: %d of %d requests left", st.Limit-st.Used, st.Limit)
		if !reset.IsZero() {
			l += " (bucket full again at " + reset.UTC().Format(time.TimeOnly) + " UTC)"
		}
		limits = append(limits, l)
	}
	if users >= 0 {
		limits = append(limits, fmt.Sprintf("%d users: a full refresh makes at least %d requests (one per user)", users, users))
	}
	h.Limits = strings.Join(limits, "; ")
	return h, nil
}

// probeUsers asks for one user with include_totals: it proves read:users works and sizes
// the tenant. users is -1 when unknown.
func (c *Client) probeUsers(ctx context.Context) (users int, first string, err error) {
	q := url.Values{"per_page": {"1"}, "page": {"0"}, "include_totals": {"true"}, "fields": {"user_id"}, "include_fields": {"true"}}
	var up struct {
		Total int `json:"total"`
		Users []struct {
			ID string `json:"user_id"`
		} `json:"users"`
	}
	if _, err := c.pacer.GetJSON(ctx, pace.Request{URL: "/api/v2/users", Query: q}, "the user search answer", &up); err != nil {
		return -1, "", err
	}
	if len(up.Users) > 0 {
		first = up.Users[0].ID
	}
	return up.Total, first, nil
}

// probeSessions lists one user's sessions to find out whether the plan has the endpoints.
func (c *Client) probeSessions(ctx context.Context, user string) source.PermissionCheck {
	pc := source.PermissionCheck{Name: "session management endpoints (Enterprise plan)", OK: true}
	_, err := c.pacer.Do(ctx, pace.Request{Method: http.MethodGet, URL: pace.Path("/api/v2/users", user, "sessions"), Query: url.Values{"take": {"1"}}})
	var se *source.Error
	if errors.As(err, &se) && se.Code == source.CodePermission && se.ServerCode != "insufficient_scope" {
		pc.OK, pc.Hint = false, se.Message
	}
	return pc
}

var (
	_ source.HealthChecker = (*Client)(nil)
	_ source.Identity      = (*Client)(nil)
)
