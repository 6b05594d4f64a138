package auth0

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// sessionID matches what Auth0 accepts as a session id on revoke: at most 50 characters.
// Real ids are URL-safe base64-like strings; anything else is refused before a request.
var sessionID = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,50}$`)

// RevokeSession ends one session with POST /api/v2/sessions/{id}/revoke, which also revokes
// the refresh tokens bound to it (DELETE /api/v2/sessions/{id} would leave those working,
// apis.md §4.5 #1). 202 means accepted: deletion is asynchronous. 404 means already gone.
func (c *Client) RevokeSession(ctx context.Context, id string) (source.RevokeResult, error) {
	if !sessionID.MatchString(id) {
		return source.RevokeResult{SessionID: id}, &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not an Auth0 session id", id)}
	}
	_, err := c.do(ctx, http.MethodPost, pace.Path("/api/v2/sessions", id, "revoke"), nil)
	return source.Outcome(id, err, func(e *source.Error) bool { return e.Code == source.CodeNotFound })
}

// RevokeUserSessions ends every session of a user with DELETE /api/v2/users/{id}/sessions.
// Auth0 does not say how many there were, so Ended is -1.
func (c *Client) RevokeUserSessions(ctx context.Context, userID string) (source.UserRevokeResult, error) {
	res := source.UserRevokeResult{UserID: userID, Ended: -1}
	if userID == "" {
		return res, &source.Error{Code: source.CodeBadRequest, Message: "no user id given"}
	}
	_, err := c.do(ctx, http.MethodDelete, pace.Path("/api/v2/users", userID, "sessions"), nil)
	if err != nil {
		res.Outcome = source.Failed
		var se *source.Error
		if errors.As(err, &se) {
			res.Message = se.Error()
		}
		return res, err
	}
	res.Outcome = source.Ended
	return res, nil
}

// ContainUser blocks the user (PATCH /api/v2/users/{id} {"blocked": true}) so they cannot
// sign in again. Blocking does not end sessions that already exist: revoke those as well.
func (c *Client) ContainUser(ctx context.Context, userID string) error {
	if userID == "" {
		return &source.Error{Code: source.CodeBadRequest, Message: "no user id given"}
	}
	_, err := c.do(ctx, http.MethodPatch, pace.Path("/api/v2/users", userID), []byte(`{"blocked":true}`))
	return err
}

var (
	_ source.SessionRevoker = (*Client)(nil)
	_ source.UserRevoker    = (*Client)(nil)
	_ source.UserContainer  = (*Client)(nil)
)

// Methods, for sign-out plans. Auth0 has no batch endpoint and no tenant-wide one.
var (
	methodRevoke = source.Method{Name: "auth0_revoke_session", Call: "POST /api/v2/sessions/{id}/revoke",
		PerCall: 1, Requests: 1, Note: "also revokes the session's refresh tokens; 202: Auth0 deletes asynchronously"}
	methodUser = source.Method{Name: "auth0_delete_user_sessions", Call: "DELETE /api/v2/users/{id}/sessions",
		PerCall: 1, Requests: 1, Note: "Auth0 does not say how many there were"}
	methodBlock = source.Method{Name: "auth0_block_user", Call: `PATCH /api/v2/users/{id} {"blocked":true}`,
		PerCall: 1, Requests: 1, Note: "no new sign-in; existing sessions stay until ended"}
)

// SignOutMethods says how this client ends sessions and contains users.
func (c *Client) SignOutMethods(context.Context) (source.SignOutMethods, error) {
	return source.SignOutMethods{Sessions: methodRevoke, User: &methodUser, Contain: []source.Method{methodBlock}}, nil
}

var _ source.SignOutPlanner = (*Client)(nil)
