package source

import (
	"context"
	"fmt"
	"slices"
)

// NoSuchID is a well-formed UUID no server issues (zero but for the version and variant
// bits). Connection tests send writes for it to learn whether a write is allowed (the server
// answers 404) or refused (401/403) without ending anything.
const NoSuchID = "00000000-0000-4000-8000-000000000000"

// SignedIn starts a connection test with who the connection is signed in as.
func SignedIn(ctx context.Context, id Identity) (Health, error) {
	who, err := id.WhoAmI(ctx)
	if err != nil {
		return Health{}, err
	}
	return Health{SignedInAs: who}, nil
}

// Probe reads the outcome of a harmless request a connection test sends to learn whether
// something is allowed: no error means allowed; an error with one of the refusal codes means
// not allowed, which is the check's answer; any other error ends the test (failed).
func Probe(err error, refusals ...string) (allowed bool, failed error) {
	if err == nil {
		return true, nil
	}
	if code := CodeOf(err); code != "" && slices.Contains(refusals, code) {
		return false, nil
	}
	return false, err
}

// CheckBatch refuses a batch before any request is sent: more than max ids, or an id that
// check refuses (a malformed id must never reach a URL).
func CheckBatch(ids []string, max int, check func(id string) error) error {
	if len(ids) > max {
		return fmt.Errorf("at most %d sessions per call, got %d", max, len(ids))
	}
	for _, id := range ids {
		if err := check(id); err != nil {
			return err
		}
	}
	return nil
}
