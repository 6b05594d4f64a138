package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Error codes of sign-out refusals that the UI acts on.
const (
	CodeOwnSession   = "own_session"
	CodeNotSupported = "not_supported"
)

// CodedError carries a stable code for the frontend.
type CodedError struct {
	Code string
	Msg  string
}

func (e *CodedError) Error() string { return e.Msg }

// SignOut ends one session of a connection's current snapshot on its server and writes the
// audit entry (who, when, what, why, result). The admin's own session is refused.
func (w *Workspace) SignOut(ctx context.Context, connectionID int64, sessionID, reason string) (source.RevokeResult, session.AuditEntry, error) {
	res := source.RevokeResult{SessionID: sessionID}
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return res, session.AuditEntry{}, err
	}
	row, err := w.st.CurrentSession(ctx, connectionID, sessionID)
	if err != nil {
		return res, session.AuditEntry{}, fmt.Errorf("sign out: %w", err)
	}
	if row.IsCurrent {
		return res, session.AuditEntry{}, &CodedError{CodeOwnSession,
			"this is the session SessionScope itself is signed in with; ending it would sign the app out"}
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return res, session.AuditEntry{}, err
	}
	rv, ok := cl.(source.SessionRevoker)
	if !ok {
		return res, session.AuditEntry{}, &CodedError{CodeNotSupported, w.Descriptor(c).DisplayName + " cannot end single sessions"}
	}
	target := sessionID
	if w.Descriptor(c).SessionIDIsSecret {
		target = session.ShortID(sessionID)
	}
	entry := session.AuditEntry{Actor: w.opts.Actor, Action: "signout.session", Connection: c.Name,
		Target: fmt.Sprintf("session %s of %s (%s, %s)", target, row.Username, row.SessionType, row.SourceIP), Reason: reason}
	res, callErr := rv.RevokeSession(ctx, sessionID)
	if callErr != nil {
		res = source.RevokeResult{SessionID: sessionID, Outcome: source.Failed, Message: callErr.Error()}
		if source.CodeOf(callErr) == source.CodeAuth {
			w.noteFailure(ctx, c, callErr)
		}
	}
	entry.Result, entry.Detail = string(res.Outcome), res.Message
	// Record even when the caller has gone away: the server may already have acted.
	entry, err = w.st.RecordSignOut(context.WithoutCancel(ctx), connectionID, sessionID, entry)
	if err != nil {
		return res, entry, fmt.Errorf("the session was %s but writing the audit entry failed: %w", res.Outcome, err)
	}
	if callErr != nil && errors.Is(callErr, context.Canceled) {
		return res, entry, callErr
	}
	return res, entry, nil
}

// SignOutUser ends every session of one user (the server's user id) where the connector can,
// and writes the audit entry. A reason is required: user-wide sign-outs are incident actions.
func (w *Workspace) SignOutUser(ctx context.Context, connectionID int64, userID, reason string) (source.UserRevokeResult, session.AuditEntry, error) {
	res := source.UserRevokeResult{UserID: userID}
	if strings.TrimSpace(reason) == "" {
		return res, session.AuditEntry{}, &CodedError{"reason_required", "say why every session of this user is being ended"}
	}
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return res, session.AuditEntry{}, err
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return res, session.AuditEntry{}, err
	}
	ur, ok := cl.(source.UserRevoker)
	if !ok {
		return res, session.AuditEntry{}, &CodedError{CodeNotSupported, w.Descriptor(c).DisplayName + " cannot end all of a user's sessions in one call"}
	}
	res, callErr := ur.RevokeUserSessions(ctx, userID)
	if callErr != nil {
		res = source.UserRevokeResult{UserID: userID, Outcome: source.Failed, Message: callErr.Error()}
		if source.CodeOf(callErr) == source.CodeAuth {
			w.noteFailure(ctx, c, callErr)
		}
	}
	entry := session.AuditEntry{Actor: w.opts.Actor, Action: "signout.user", Connection: c.Name,
		Target: "every session of user " + userID, Reason: reason, Result: string(res.Outcome), Detail: res.Message}
	entry, err = w.st.AppendAudit(context.WithoutCancel(ctx), entry)
	if err != nil {
		return res, entry, fmt.Errorf("the sessions were %s but writing the audit entry failed: %w", res.Outcome, err)
	}
	if ended, err := w.st.CurrentSessionsOfUser(context.WithoutCancel(ctx), connectionID, userID); err == nil && res.Outcome != source.Failed {
		for _, sid := range ended {
			_ = w.st.MarkSignedOut(context.WithoutCancel(ctx), connectionID, sid, string(res.Outcome), entry.ID)
		}
	}
	return res, entry, nil
}
