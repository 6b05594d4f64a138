package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"sessionscope/backend/source"
)

// sessionGone tells Keycloak's "no such session" 404 (spelt "Sesssion not found" by the
// server) from other 404s such as an unknown realm.
func sessionGone(e *source.Error) bool {
	m := strings.ToLower(e.Message)
	return e.Code == source.CodeNotFound && (strings.Contains(m, "sesssion not found") || strings.Contains(m, "session not found"))
}

// userGone tells "User not found" from other 404s.
func userGone(err error) bool {
	var se *source.Error
	return errors.As(err, &se) && se.Code == source.CodeNotFound && strings.Contains(strings.ToLower(se.Message), "user not found")
}

func checkID(what, id string) error {
	if id == "" || strings.ContainsAny(id, "/?#%") || strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Keycloak %s id", id, what)}
	}
	return nil
}

// RevokeSession ends one session (DELETE …/sessions/{id}?isOffline=…); the id's ":offline"
// suffix says which kind. Keycloak notifies clients with a back-channel logout URL; access
// tokens already issued stay valid until they expire.
func (c *Client) RevokeSession(ctx context.Context, id string) (source.RevokeResult, error) {
	raw, offline := splitID(id)
	if err := checkID("session", raw); err != nil {
		return source.RevokeResult{SessionID: id}, err
	}
	q := url.Values{"isOffline": {fmt.Sprint(offline)}}
	_, err := c.do(ctx, http.MethodDelete, c.adminPath("sessions", raw), q, nil)
	return source.Outcome(id, c.withHint(err, "manage-users"), sessionGone)
}

// RevokeUserSessions ends every session of one user: POST …/users/{id}/logout ends the
// regular ones, and each offline session (which logout leaves alone) is deleted on its own.
// Ended counts what was there before; -1 when the counts could not be read.
func (c *Client) RevokeUserSessions(ctx context.Context, userID string) (source.UserRevokeResult, error) {
	res := source.UserRevokeResult{UserID: userID}
	if err := checkID("user", userID); err != nil {
		return res, err
	}
	known := true
	var regular []userSession
	if err := c.getJSON(ctx, c.adminPath("users", userID, "sessions"), nil, &regular); err != nil {
		switch {
		case userGone(err):
			res.Outcome, res.Message = source.AlreadyGone, "the user no longer exists"
			return res, nil
		case source.CodeOf(err) == source.CodePermission:
			known = false // counting needs view-users; logging out needs manage-users only
		default:
			return res, err
		}
	}
	offline, err := c.userOfflineSessions(ctx, userID)
	if err != nil {
		if source.CodeOf(err) != source.CodePermission {
			return res, err
		}
		known = false
	}
	if _, err := c.do(ctx, http.MethodPost, c.adminPath("users", userID, "logout"), nil, nil); err != nil {
		if userGone(err) {
			res.Outcome, res.Message = source.AlreadyGone, "the user no longer exists"
			return res, nil
		}
		if err := c.withHint(err, "manage-users"); !source.ConnectionWide(err) {
			res.Outcome, res.Ended, res.Message = source.Failed, 0, err.Error()
			return res, nil
		}
		return res, err
	}
	ended := len(regular)
	var failed []string
	for _, id := range offline {
		r, err := c.RevokeSession(ctx, id+OfflineSuffix)
		switch {
		case err != nil:
			return res, err
		case r.Outcome == source.Ended:
			ended++
		case r.Outcome == source.Failed:
			failed = append(failed, r.Message)
		}
	}
	switch {
	case len(failed) > 0:
		res.Outcome, res.Ended = source.Failed, ended
		res.Message = fmt.Sprintf("regular sessions ended, but %d offline session(s) could not be: %s", len(failed), failed[0])
	case !known:
		res.Outcome, res.Ended = source.Ended, -1
	case ended == 0:
		res.Outcome = source.AlreadyGone
	default:
		res.Outcome, res.Ended = source.Ended, ended
	}
	return res, nil
}

// userOfflineSessions lists the ids of a user's offline sessions: Keycloak only lists them per
// client, so it asks each client that has offline sessions.
func (c *Client) userOfflineSessions(ctx context.Context, userID string) ([]string, error) {
	var stats []statRow
	if err := c.getJSON(ctx, c.adminPath("client-session-stats"), nil, &stats); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var ids []string
	for _, row := range stats {
		if row.Offline == 0 {
			continue
		}
		var rows []userSession
		err := c.getJSON(ctx, c.adminPath("users", userID, "offline-sessions", row.ID), nil, &rows)
		if source.CodeOf(err) == source.CodeNotFound && !userGone(err) {
			continue // the client is gone
		}
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.ID != "" && !seen[r.ID] {
				seen[r.ID] = true
				ids = append(ids, r.ID)
			}
		}
	}
	return ids, nil
}

// ContainUser disables the user (PUT …/users/{id} {"enabled": false}): they cannot sign in
// or refresh tokens any more. Their sessions stay listed until ended or expired.
func (c *Client) ContainUser(ctx context.Context, userID string) error {
	if err := checkID("user", userID); err != nil {
		return err
	}
	_, err := c.do(ctx, http.MethodPut, c.adminPath("users", userID), nil, json.RawMessage(`{"enabled":false}`))
	return c.withHint(err, "manage-users")
}

var (
	_ source.SessionRevoker = (*Client)(nil)
	_ source.UserRevoker    = (*Client)(nil)
	_ source.UserContainer  = (*Client)(nil)
)

// Methods, for sign-out plans. Keycloak has no batch endpoint.
var (
	methodSession = source.Method{Name: "keycloak_delete_session", Call: "DELETE /admin/realms/{realm}/sessions/{id}?isOffline=…",
		PerCall: 1, Requests: 1, Note: "clients with a back-channel logout URL are told; issued access tokens live until they expire"}
	methodLogout = source.Method{Name: "keycloak_logout_user", Call: "POST /admin/realms/{realm}/users/{id}/logout",
		PerCall: 1, Requests: 3,
		Note: "after reading the user's sessions and client-session-stats; each offline session is then deleted on its own"}
	methodDisable = source.Method{Name: "keycloak_disable_user", Call: `PUT /admin/realms/{realm}/users/{id} {"enabled":false}`,
		PerCall: 1, Requests: 1, Note: "no new sign-in or token refresh; sessions stay until ended"}
)

// SignOutMethods says how this client ends sessions and contains users.
func (c *Client) SignOutMethods(context.Context) (source.SignOutMethods, error) {
	return source.SignOutMethods{Sessions: methodSession, User: &methodLogout, Contain: []source.Method{methodDisable}}, nil
}

var _ source.SignOutPlanner = (*Client)(nil)
