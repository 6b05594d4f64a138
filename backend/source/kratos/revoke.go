package kratos

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"sessionscope/backend/source"
)

// MaxBulkIDs is the bulk endpoint's limit on explicit session ids per call.
const MaxBulkIDs = 500

// uuidRE is the canonical UUID form Kratos uses for session and identity ids. Anything else is
// refused before a request: Kratos would answer 400, and a path must never carry "../".
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func checkUUID(what, id string) error {
	if !uuidRE.MatchString(id) {
		return &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Kratos %s id (a UUID)", id, what)}
	}
	return nil
}

// RevokeSession disables one session (DELETE /admin/sessions/{id}: a soft revoke that keeps the
// row with active=false). Kratos answers 204 to disabling an already-disabled session, so the
// session is read first: a repeat, an expired session or an unknown id is reported as already
// gone instead of claiming a second sign-out in the audit trail.
func (c *Client) RevokeSession(ctx context.Context, id string) (source.RevokeResult, error) {
	res := source.RevokeResult{SessionID: id}
	if err := checkUUID("session", id); err != nil {
		return res, err
	}
	path := "/admin/sessions/" + id
	resp, err := c.do(ctx, http.MethodGet, path, nil, nil)
	if err == nil {
		var st struct {
			Active *bool `json:"active"`
		}
		if json.Unmarshal(resp.Body, &st) == nil && st.Active != nil && !*st.Active {
			res.Outcome, res.Message = source.AlreadyGone, "the session was already signed out or expired"
			return res, nil
		}
		_, err = c.do(ctx, http.MethodDelete, path, nil, nil)
	}
	return source.Outcome(id, err, notFound)
}

// notFound is Kratos's "nothing to end": 404.
func notFound(e *source.Error) bool { return e.Status == http.StatusNotFound }

// bulkRequest is the body of POST /admin/sessions (the hosted Ory Network API).
type bulkRequest struct {
	Action   string   `json:"action"`
	Sessions []string `json:"sessions"`
}

// RevokeSessions disables up to MaxBulkIDs sessions with one POST /admin/sessions where the
// server has that endpoint (Ory Network). The answer only counts the sessions that were still
// active ("processed"), not which: when every id was processed all are Ended, when none was all
// are AlreadyGone, otherwise all are Ended with a note giving the count. Self-hosted Kratos has
// no bulk endpoint (405): the client learns that from the first answer and then disables the
// sessions one by one, and on a connection-wide failure returns the results so far with the
// error.
func (c *Client) RevokeSessions(ctx context.Context, ids []string) ([]source.RevokeResult, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if err := source.CheckBatch(ids, MaxBulkIDs, func(id string) error { return checkUUID("session", id) }); err != nil {
		return nil, err
	}
	resp, served, err := c.bulkDisable(ctx, ids)
	if err != nil {
		return nil, err
	}
	if served {
		return bulkResults(ids, resp.Body)
	}
	out := make([]source.RevokeResult, 0, len(ids))
	for _, id := range ids {
		r, err := c.RevokeSession(ctx, id)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func bulkResults(ids []string, body []byte) ([]source.RevokeResult, error) {
	var ans struct {
		Processed *int `json:"processed"`
	}
	if err := json.Unmarshal(body, &ans); err != nil || ans.Processed == nil {
		return nil, &source.Error{Code: source.CodeBadResponse, Message: "the bulk sign-out answer has no processed count"}
	}
	n := *ans.Processed
	out := make([]source.RevokeResult, len(ids))
	for i, id := range ids {
		out[i] = source.RevokeResult{SessionID: id, Outcome: source.Ended}
		switch {
		case n <= 0:
			out[i].Outcome, out[i].Message = source.AlreadyGone, "none of these sessions was still active"
		case n < len(ids):
			out[i].Message = fmt.Sprintf("Kratos disabled %d of these %d sessions; the others were already signed out, expired or unknown", n, len(ids))
		}
	}
	return out, nil
}

// MaxBatch is the bulk endpoint's limit.
func (c *Client) MaxBatch() int { return MaxBulkIDs }

// RevokeUserSessions hard-deletes every session of an identity (DELETE
// /admin/identities/{id}/sessions). Kratos answers 404 when the identity has no session left,
// which is "already gone". The delete's answer carries no count, so the active sessions are
// counted just before (one try, best effort; -1 when that fails).
func (c *Client) RevokeUserSessions(ctx context.Context, userID string) (source.UserRevokeResult, error) {
	res := source.UserRevokeResult{UserID: userID, Ended: -1}
	if err := checkUUID("identity", userID); err != nil {
		return res, err
	}
	path := "/admin/identities/" + userID + "/sessions"
	if resp, err := c.doN(ctx, 1, http.MethodGet, path, url.Values{"active": {"true"}, "per_page": {"1"}}, nil); err == nil {
		if n, err := strconv.Atoi(resp.Header.Get("X-Total-Count")); err == nil {
			res.Ended = n
		}
	}
	_, err := c.do(ctx, http.MethodDelete, path, nil, nil)
	r, err := source.Outcome(userID, err, notFound)
	res.Outcome, res.Message = r.Outcome, r.Message
	if err != nil {
		res.Outcome, res.Message = source.Failed, err.Error()
	}
	if res.Outcome == source.AlreadyGone {
		res.Ended, res.Message = 0, "the identity had no session left"
	}
	return res, err
}

// ContainUser deactivates the identity (JSON Patch of /state to "inactive"). Kratos then refuses
// its sign-ins, and its existing sessions fail /sessions/whoami and list as inactive.
func (c *Client) ContainUser(ctx context.Context, userID string) error {
	if err := checkUUID("identity", userID); err != nil {
		return err
	}
	patch := []map[string]string{{"op": "replace", "path": "/state", "value": "inactive"}}
	if _, err := c.do(ctx, http.MethodPatch, "/admin/identities/"+userID, nil, patch); err != nil {
		return fmt.Errorf("deactivate identity %s: %w", userID, err)
	}
	return nil
}

var (
	_ source.SessionRevoker = (*Client)(nil)
	_ source.BatchRevoker   = (*Client)(nil)
	_ source.UserRevoker    = (*Client)(nil)
	_ source.UserContainer  = (*Client)(nil)
)
