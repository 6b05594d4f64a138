package source

import (
	"context"
	"fmt"
	"testing"
)

func TestOutcomeSortsErrorsBySession(t *testing.T) {
	notFound := func(e *Error) bool { return e.Code == CodeNotFound }
	for _, tc := range []struct {
		name    string
		err     error
		outcome RevokeOutcome
		hard    bool
	}{
		{"ended", nil, Ended, false},
		{"gone", &Error{Code: CodeNotFound, Message: "Sesssion not found"}, AlreadyGone, false},
		{"wrapped gone", fmt.Errorf("revoke: %w", &Error{Code: CodeNotFound}), AlreadyGone, false},
		{"refused", &Error{Code: CodeBadRequest, Message: "bad id", Status: 400}, Failed, false},
		{"no permission", &Error{Code: CodePermission, Message: "no"}, Failed, false},
		{"auth", &Error{Code: CodeAuth}, "", true},
		{"rate limit", &Error{Code: CodeRateLimit}, "", true},
		{"down", fmt.Errorf("gave up: %w", &Error{Code: CodeUnavailable}), "", true},
		{"not a server answer", context.Canceled, "", true},
	} {
		res, err := Outcome("s1", tc.err, notFound)
		if res.SessionID != "s1" || res.Outcome != tc.outcome || (err != nil) != tc.hard {
			t.Errorf("%s: %+v %v", tc.name, res, err)
		}
		if tc.outcome == Failed && res.Message != "bad id (HTTP 400)" && res.Message != "no" {
			t.Errorf("%s: the server's message belongs on the result: %q", tc.name, res.Message)
		}
	}
}
