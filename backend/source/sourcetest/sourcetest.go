// Package sourcetest is the conformance suite every connector runs against its simulator:
// listing across pages, field mapping, expiry, own-session marking, revoke one, revoke a user,
// already-gone, expired access tokens, revoked credentials, rate limiting and malformed bodies.
// A connector's test adapts its simulator to Server and calls Run in a few lines.
//
// Imported by the connectors' tests only.
package sourcetest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source"
)

// Server is the simulator side the suite drives.
type Server interface {
	// ActiveSessionIDs are the ids the server would list as active right now, sorted.
	ActiveSessionIDs() []string
	// UserWithSessions returns a user id holding at least min active sessions, or "".
	UserWithSessions(min int) string
	// UnknownSessionID is a well-formed session id the server has never issued.
	UnknownSessionID() string
	// ExpireAccessTokens makes every issued access token fail with the server's auth error.
	ExpireAccessTokens()
	// RevokeCredentials makes the connection's long-lived credential (refresh token, client
	// secret, API key) fail too.
	RevokeCredentials()
	// RateLimitNext answers the next n API requests with the server's rate-limit response.
	RateLimitNext(n int)
	// ExhaustRateLimit answers every API request with the rate-limit response from now on.
	ExhaustRateLimit()
	// MalformNext cuts the next session-listing response body in half.
	MalformNext()
}

// Harness opens a fresh simulator and a client on it.
type Harness struct {
	// Open starts a simulator with at least sessions active sessions, configured (or with a
	// client configured) so that listing them takes several pages, and returns a client on it
	// whose retries back off in milliseconds.
	Open func(t *testing.T, sessions int) (source.Client, Server)
	// OwnSession: the server marks the caller's own session, and the suite expects one.
	OwnSession bool
}

// Run runs the whole suite.
func Run(t *testing.T, h Harness) {
	t.Run("ListsEveryActiveSessionAcrossPages", func(t *testing.T) { listsAll(t, h) })
	t.Run("MapsCommonFields", func(t *testing.T) { mapsFields(t, h) })
	t.Run("RevokeOneThenAlreadyGone", func(t *testing.T) { revokeOne(t, h) })
	t.Run("RevokeUser", func(t *testing.T) { revokeUser(t, h) })
	t.Run("ExpiredAccessTokenRecovers", func(t *testing.T) { expiredToken(t, h) })
	t.Run("RevokedCredentialsAreAnAuthError", func(t *testing.T) { revokedCreds(t, h) })
	t.Run("RateLimitIsRetriedThenSurfaced", func(t *testing.T) { rateLimit(t, h) })
	t.Run("MalformedBodyIsAClearError", func(t *testing.T) { malformed(t, h) })
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// List lists every session; exported for connector tests that want the same helper.
func List(t *testing.T, cl source.Client) ([]source.Page, error) {
	t.Helper()
	var pages []source.Page
	err := cl.ListSessions(ctx(t), func(p source.Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

func ids(pages []source.Page) []string {
	var out []string
	for _, p := range pages {
		for _, s := range p.Sessions {
			out = append(out, s.ID)
		}
	}
	slices.Sort(out)
	return out
}

func listsAll(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 120)
	pages, err := List(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	got, want := ids(pages), srv.ActiveSessionIDs()
	if !slices.Equal(got, want) {
		t.Fatalf("listed %d sessions, the server has %d active (first listed %v, first active %v)",
			len(got), len(want), first(got), first(want))
	}
	if len(want) < 100 {
		t.Fatalf("the simulator made only %d active sessions, asked for 120", len(want))
	}
	if len(pages) < 2 {
		t.Fatalf("%d sessions came in %d page(s): the suite needs paging exercised", len(got), len(pages))
	}
}

func first(s []string) []string {
	if len(s) > 3 {
		return s[:3]
	}
	return s
}

func mapsFields(t *testing.T, h Harness) {
	cl, _ := h.Open(t, 60)
	pages, err := List(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	seen := map[string]bool{}
	own := 0
	for _, p := range pages {
		for _, s := range p.Sessions {
			if s.ID == "" || s.UserID == "" || (s.Username == "" && s.UserName == "") {
				t.Fatalf("session without id, user id or user name: %+v", s)
			}
			if seen[s.ID] {
				t.Fatalf("session %s listed twice", s.ID)
			}
			seen[s.ID] = true
			if s.CreatedAt.IsZero() || s.CreatedAt.After(now.Add(time.Minute)) {
				t.Fatalf("session %s: created at %v", s.ID, s.CreatedAt)
			}
			if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(now) {
				t.Fatalf("session %s expired at %v but was listed as active", s.ID, s.ExpiresAt)
			}
			if !s.LastActiveAt.IsZero() && s.LastActiveAt.Before(s.CreatedAt.Add(-time.Second)) {
				t.Fatalf("session %s last active before it was created", s.ID)
			}
			if !json.Valid(s.Raw) {
				t.Fatalf("session %s: raw record is not JSON", s.ID)
			}
			if s.IsCurrent {
				own++
			}
		}
	}
	if h.OwnSession && own == 0 {
		t.Fatal("the server marks the caller's own session, but none was marked")
	}
}

func revokeOne(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 30)
	rv, ok := cl.(source.SessionRevoker)
	if !ok {
		t.Skip("the connector cannot end single sessions")
	}
	pages, err := List(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, p := range pages {
		for _, s := range p.Sessions {
			if !s.IsCurrent {
				id = s.ID
			}
		}
	}
	res, err := rv.RevokeSession(ctx(t), id)
	if err != nil || res.Outcome != source.Ended {
		t.Fatalf("revoke %s: %+v, %v", id, res, err)
	}
	if slices.Contains(srv.ActiveSessionIDs(), id) {
		t.Fatal("the server still has the revoked session active")
	}
	if pages, err := List(t, cl); err != nil || slices.Contains(ids(pages), id) {
		t.Fatalf("the revoked session is still listed as active (err %v)", err)
	}
	res, err = rv.RevokeSession(ctx(t), id)
	if err != nil || (res.Outcome != source.AlreadyGone && res.Outcome != source.Ended) {
		t.Fatalf("revoking it again must succeed as already gone: %+v, %v", res, err)
	}
	res, err = rv.RevokeSession(ctx(t), srv.UnknownSessionID())
	if err != nil || res.Outcome != source.AlreadyGone {
		t.Fatalf("an unknown session must be already gone: %+v, %v", res, err)
	}
}

func revokeUser(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 60)
	ur, ok := cl.(source.UserRevoker)
	if !ok {
		t.Skip("the connector cannot end a user's sessions")
	}
	user := srv.UserWithSessions(2)
	if user == "" {
		t.Fatal("the simulator has no user with two sessions")
	}
	pages, err := List(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	var theirs []string
	for _, p := range pages {
		for _, s := range p.Sessions {
			if s.UserID == user {
				theirs = append(theirs, s.ID)
			}
		}
	}
	res, err := ur.RevokeUserSessions(ctx(t), user)
	if err != nil || res.Outcome != source.Ended {
		t.Fatalf("revoke user %s: %+v, %v", user, res, err)
	}
	active := srv.ActiveSessionIDs()
	for _, id := range theirs {
		if slices.Contains(active, id) {
			t.Fatalf("session %s of %s survived the user-wide revoke", id, user)
		}
	}
	res, err = ur.RevokeUserSessions(ctx(t), user)
	if err != nil || (res.Outcome != source.AlreadyGone && res.Outcome != source.Ended) {
		t.Fatalf("a second user-wide revoke must succeed (nothing left): %+v, %v", res, err)
	}
}

func expiredToken(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 20)
	if _, err := List(t, cl); err != nil {
		t.Fatal(err)
	}
	srv.ExpireAccessTokens()
	if _, err := List(t, cl); err != nil {
		t.Fatalf("after the access token expired the client must get a new one and go on: %v", err)
	}
}

func revokedCreds(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 20)
	if _, err := List(t, cl); err != nil {
		t.Fatal(err)
	}
	srv.RevokeCredentials()
	srv.ExpireAccessTokens()
	_, err := List(t, cl)
	if source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("revoked credentials must be an auth error (the connection needs sign-in), got %v", err)
	}
}

func rateLimit(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 20)
	srv.RateLimitNext(2)
	if _, err := List(t, cl); err != nil {
		t.Fatalf("two rate-limited answers must be waited out and retried: %v", err)
	}
	srv.ExhaustRateLimit()
	start := time.Now()
	_, err := List(t, cl)
	if source.CodeOf(err) != source.CodeRateLimit && !strings.Contains(strings.ToLower(errText(err)), "rate") {
		t.Fatalf("a rate limit that does not lift must surface as a rate-limit error, got %v", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Fatalf("giving up on the rate limit took %s: retries must be bounded", time.Since(start))
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func malformed(t *testing.T, h Harness) {
	cl, srv := h.Open(t, 20)
	srv.MalformNext()
	_, err := List(t, cl)
	var se *source.Error
	if !errors.As(err, &se) || se.Code != source.CodeBadResponse {
		t.Fatalf("a cut-off body must be a bad-response error, got %v", err)
	}
}
