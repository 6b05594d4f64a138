package keycloak

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"sessionscope/backend/source"
)

// Check tests the connection: who it is signed in as, and which of the realm-management roles
// SessionScope uses it holds, each probed with a harmless request.
func (c *Client) Check(ctx context.Context) (source.Health, error) {
	h, err := source.SignedIn(ctx, c)
	if err != nil {
		return h, err
	}
	h.Limits = "Keycloak has no built-in API rate limits (a proxy in front of it may add some)"
	add := func(role, purpose string, ok bool) {
		pc := source.PermissionCheck{Name: role + " (" + purpose + ")", OK: ok}
		if !ok {
			pc.Hint = c.grantHint(role)
		}
		h.Permissions = append(h.Permissions, pc)
	}
	// probe turns a request's outcome into "allowed", "not allowed" or a failure of the check.
	probe := func(err error) (bool, error) { return source.Probe(err, source.CodePermission) }

	var stats []statRow
	ok, err := probe(c.getJSON(ctx, c.adminPath("client-session-stats"), nil, &stats))
	if err != nil {
		return h, err
	}
	add("view-realm", "session counts and timeouts", ok)

	clientID := ""
	if len(stats) > 0 {
		clientID = stats[0].ID
	} else {
		var cls []struct {
			ID string `json:"id"`
		}
		if err := c.getJSON(ctx, c.adminPath("clients"), url.Values{"first": {"0"}, "max": {"1"}}, &cls); err == nil && len(cls) > 0 {
			clientID = cls[0].ID
		}
	}
	ok = false
	if clientID != "" {
		var count map[string]any
		if ok, err = probe(c.getJSON(ctx, c.adminPath("clients", clientID, "session-count"), nil, &count)); err != nil {
			return h, err
		}
	}
	add("view-clients", "list each client's sessions", ok)

	var users []struct {
		ID string `json:"id"`
	}
	q := url.Values{"first": {"0"}, "max": {"1"}, "briefRepresentation": {"true"}}
	if ok, err = probe(c.getJSON(ctx, c.adminPath("users"), q, &users)); err != nil {
		return h, err
	}
	switch {
	case ok && len(users) > 0:
		var sess []userSession
		if ok, err = probe(c.getJSON(ctx, c.adminPath("users", users[0].ID, "sessions"), nil, &sess)); err != nil {
			return h, err
		}
	case ok:
		// No user visible: an empty realm, or query-users without view-users. The token's
		// roles decide, when it carries them.
		ok = c.tokenHasRole("view-users") || c.tokenHasRole("manage-users")
	}
	add("view-users", "users' sessions and offline sessions", ok)

	// Deleting a session no one has shows whether the connection may delete sessions (403) or
	// not (404 "Sesssion not found") without ending anything: Keycloak checks manage-users
	// before it looks the session up.
	_, err = c.do(ctx, http.MethodDelete, c.adminPath("sessions", source.NoSuchID), url.Values{"isOffline": {"false"}}, nil)
	if se := (*source.Error)(nil); errors.As(err, &se) && sessionGone(se) {
		err = nil
	}
	if ok, err = probe(err); err != nil {
		return h, err
	}
	add("manage-users", "sign sessions and users out, disable users", ok)

	var evs []event
	if ok, err = probe(c.getJSON(ctx, c.adminPath("events"), url.Values{"first": {"0"}, "max": {"1"}}, &evs)); err != nil {
		return h, err
	}
	add("view-events", "login history", ok)
	return h, nil
}

// tokenHasRole reports whether the access token lists role of the realm's management client.
func (c *Client) tokenHasRole(role string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Contains(c.claims.ResourceAccess[c.mgmtClient()].Roles, role) ||
		slices.Contains(c.claims.ResourceAccess[c.mgmtClient()].Roles, "realm-admin")
}

var _ source.HealthChecker = (*Client)(nil)
