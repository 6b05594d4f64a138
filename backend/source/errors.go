package source

import (
	"errors"
	"fmt"

	"sessionscope/backend/session"
)

// Error codes shared by every connector; the app layer passes them to the frontend. Their
// values and meanings are in the one list of codes, backend/session/codes.go.
const (
	CodeAuth        = session.CodeAuth        // credentials rejected or revoked: the connection needs sign-in
	CodeRateLimit   = session.CodeRateLimit   // the server's API allowance is used up
	CodePermission  = session.CodePermission  // signed in, but not allowed to do this
	CodeUnavailable = session.CodeUnavailable // 5xx / timeouts after retries
	CodeBadResponse = session.CodeBadResponse // the server answered something we cannot read
	CodeBadRequest  = session.CodeBadRequest  // the server rejected our request
	CodeNotFound    = session.CodeNotFound
)

// Error is a connector error with a stable code, the server's own code and a secret-free message.
type Error struct {
	Code       string // one of the Code* constants
	ServerCode string // e.g. Salesforce errorCode
	Status     int    // HTTP status, 0 if none
	Message    string
	Err        error
}

func (e *Error) Error() string {
	msg := e.Message
	if e.ServerCode != "" {
		msg = e.ServerCode + ": " + msg
	}
	if e.Status != 0 {
		msg = fmt.Sprintf("%s (HTTP %d)", msg, e.Status)
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the code of an error chain, or "" when no connector error is in it.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
