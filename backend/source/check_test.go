package source

import (
	"errors"
	"testing"
)

func TestProbeTellsRefusalsFromFailures(t *testing.T) {
	denied := &Error{Code: CodePermission, Message: "403"}
	down := &Error{Code: CodeUnavailable, Message: "503"}
	plain := errors.New("EOF")
	for _, tc := range []struct {
		err     error
		allowed bool
		failed  error
	}{{nil, true, nil}, {denied, false, nil}, {down, false, down}, {plain, false, plain}} {
		allowed, failed := Probe(tc.err, CodePermission, CodeNotFound)
		if allowed != tc.allowed || failed != tc.failed {
			t.Errorf("Probe(%v) = %v, %v; want %v, %v", tc.err, allowed, failed, tc.allowed, tc.failed)
		}
	}
}
