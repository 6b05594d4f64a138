package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// SignOut ends one session of a connection's current snapshot on its server. The audit trail
// gets the request before the server is asked and the result after (who, when, what, why,
// result). The admin's own session is refused.
func (w *Workspace) SignOut(ctx context.Context, connectionID int64, sessionID, reason string) (source.RevokeResult, session.AuditEntry, error) {
	res := source.RevokeResult{SessionID: sessionID}
	if err := w.refuseWrite("signing out"); err != nil {
		return res, session.AuditEntry{}, err
	}
	defer w.running.Track()() // Close waits: the audit entry must be written before the store closes
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return res, session.AuditEntry{}, err
	}
	row, err := w.st.CurrentSession(ctx, connectionID, sessionID)
	if err != nil {
		return res, session.AuditEntry{}, fmt.Errorf("sign out: %w", err)
	}
	target := sessionID
	if w.Descriptor(c).SessionIDIsSecret {
		target = session.ShortID(sessionID)
	}
	entry := session.AuditEntry{Action: "signout.session", Connection: c.Name, Reason: reason,
		Target: fmt.Sprintf("session %s of %s (%s, %s)", target, row.Username, row.SessionType, row.SourceIP)}
	if row.IsCurrent {
		return res, entry, w.refuse(ctx, entry, &CodedError{CodeOwnSession,
			"this is the session SessionScope itself is signed in with; ending it would sign the app out"})
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return res, entry, err
	}
	rv, ok := cl.(source.SessionRevoker)
	if !ok {
		return res, entry, w.refuse(ctx, entry, &CodedError{CodeNotSupported, w.Descriptor(c).DisplayName + " cannot end single sessions"})
	}
	if _, err := w.audit(ctx, withResult(entry, resultRequested, "")); err != nil {
		return res, entry, fmt.Errorf("nothing was done: writing the audit entry failed: %w", err)
	}
	res, callErr := rv.RevokeSession(ctx, sessionID)
	if callErr != nil {
		res = source.RevokeResult{SessionID: sessionID, Outcome: source.Failed, Message: callErr.Error()}
		if source.CodeOf(callErr) == source.CodeAuth {
			w.noteFailure(ctx, c, callErr)
		}
	}
	entry.Actor, entry.Result, entry.Detail = w.opts.Actor, string(res.Outcome), res.Message
	entry, err = w.st.RecordSignOut(context.WithoutCancel(ctx), connectionID, sessionID, entry)
	if err != nil {
		return res, entry, fmt.Errorf("the session was %s but writing the audit entry failed: %w", res.Outcome, err)
	}
	if callErr != nil && errors.Is(callErr, context.Canceled) {
		return res, entry, callErr
	}
	return res, entry, nil
}

func withResult(e session.AuditEntry, result, detail string) session.AuditEntry {
	e.Result, e.Detail = result, detail
	return e
}

// SignOutUser ends every session of one user (the server's user id) where the connector can.
// A reason is required: user-wide sign-outs are incident actions. A user who holds the session
// SessionScope itself is signed in with is refused (on most servers the app would sign itself
// out); end their other sessions one by one.
func (w *Workspace) SignOutUser(ctx context.Context, connectionID int64, userID, reason string) (source.UserRevokeResult, session.AuditEntry, error) {
	res := source.UserRevokeResult{UserID: userID}
	if err := w.refuseWrite("signing out"); err != nil {
		return res, session.AuditEntry{}, err
	}
	defer w.running.Track()() // Close waits: the audit entry must be written before the store closes
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return res, session.AuditEntry{}, err
	}
	entry := session.AuditEntry{Action: "signout.user", Connection: c.Name, Target: "every session of user " + userID, Reason: reason}
	if strings.TrimSpace(reason) == "" {
		return res, entry, &CodedError{CodeReasonRequired, "say why every session of this user is being ended"}
	}
	ids, own, err := w.st.CurrentSessionsOfUser(ctx, connectionID, userID)
	if err != nil {
		return res, entry, err
	}
	if own {
		return res, entry, w.refuse(ctx, entry, &CodedError{CodeOwnSession,
			"this user holds the session SessionScope is signed in with; end their other sessions one by one"})
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return res, entry, err
	}
	ur, ok := cl.(source.UserRevoker)
	if !ok {
		return res, entry, w.refuse(ctx, entry, &CodedError{CodeNotSupported, w.Descriptor(c).DisplayName + " cannot end all of a user's sessions in one call"})
	}
	if _, err := w.audit(ctx, withResult(entry, resultRequested, "")); err != nil {
		return res, entry, fmt.Errorf("nothing was done: writing the audit entry failed: %w", err)
	}
	res, callErr := ur.RevokeUserSessions(ctx, userID)
	if callErr != nil {
		// Keep what the connector did before it failed (some sessions may be gone already).
		if res.Outcome == "" || res.Outcome == source.Ended {
			res.Outcome = source.Failed
		}
		res.Message = strings.TrimSpace(res.Message + " " + callErr.Error())
		if source.CodeOf(callErr) == source.CodeAuth {
			w.noteFailure(ctx, c, callErr)
		}
	}
	detail := res.Message
	if res.Ended > 0 {
		detail = strings.TrimSpace(fmt.Sprintf("%d sessions ended. %s", res.Ended, detail))
	}
	entry, err = w.audit(ctx, withResult(entry, string(res.Outcome), detail))
	if err != nil {
		return res, entry, fmt.Errorf("the sessions were %s but writing the audit entry failed: %w", res.Outcome, err)
	}
	if res.Outcome != source.Failed {
		for _, sid := range ids {
			_ = w.st.MarkSignedOut(context.WithoutCancel(ctx), connectionID, sid, string(res.Outcome), entry.ID)
		}
	}
	return res, entry, nil
}
