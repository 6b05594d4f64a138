package workspace

import (
	"context"
	"errors"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// Codes of the refusals this package makes itself; their values and meanings are in the one
// list, backend/session/codes.go.
const (
	CodeOwnSession     = session.CodeOwnSession
	CodeNotSupported   = session.CodeNotSupported
	CodeReasonRequired = session.CodeReasonRequired
	CodeReadOnly       = session.CodeReadOnly
)

// CodedError carries a stable code (one of backend/session/codes.go) for the frontend.
type CodedError struct {
	Code string
	Msg  string
}

func (e *CodedError) Error() string { return e.Msg }

// CodeOf is the stable code of any error a use case returned (backend/session/codes.go):
// a refusal's own code, bad_filter for a query that cannot run, a connector's code,
// not_found, canceled, and internal for everything else. "" for a nil error.
func CodeOf(err error) string {
	var ce *CodedError
	var fe *session.FilterError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ce):
		return ce.Code
	case errors.As(err, &fe):
		return session.CodeBadFilter
	case source.CodeOf(err) != "":
		return source.CodeOf(err)
	case errors.Is(err, store.ErrNotFound):
		return session.CodeNotFound
	case errors.Is(err, context.Canceled):
		return session.CodeCanceled
	}
	return session.CodeInternal
}

// ConnectorCode is the connector's code of an error ("" when no connector error is in it):
// what a refresh's progress reports, so the UI can say what to do about that connection.
func ConnectorCode(err error) string { return source.CodeOf(err) }
