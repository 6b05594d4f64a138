package source

import "errors"

// ConnectionWide is whether err concerns the whole connection — credentials, the rate limit,
// the server being down, or something that is no server answer at all — rather than one
// session or user. Such an error stops a sign-out; any other refusal is that item's result.
func ConnectionWide(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return true
	}
	switch e.Code {
	case CodeAuth, CodeRateLimit, CodeUnavailable:
		return true
	}
	return false
}

// Outcome turns the error of ending one session into its result: no error is Ended; an error
// gone accepts (the server says there is no such session) is AlreadyGone; a connection-wide
// error comes back as the error; any other refusal is Failed with the server's message.
func Outcome(id string, err error, gone func(*Error) bool) (RevokeResult, error) {
	res := RevokeResult{SessionID: id}
	var e *Error
	switch {
	case err == nil:
		res.Outcome = Ended
	case errors.As(err, &e) && gone != nil && gone(e):
		res.Outcome, res.Message = AlreadyGone, e.Message
	case ConnectionWide(err):
		return res, err
	default:
		res.Outcome, res.Message = Failed, e.Error()
	}
	return res, nil
}
