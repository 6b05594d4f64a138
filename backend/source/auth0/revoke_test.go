package auth0_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/source"
	auth0sim "sessionscope/backend/source/sim/auth0"
)

func TestRevokeUsesTheRevokeEndpoint(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 30, Seed: 2}, nil)
	id := sim.ActiveSessionIDs()[0]
	res, err := cl.RevokeSession(context.Background(), id)
	if err != nil || res.Outcome != source.Ended {
		t.Fatalf("revoke: %+v %v", res, err)
	}
	// POST /sessions/{id}/revoke (ends refresh tokens too), not DELETE /sessions/{id}.
	if st := sim.Stats(); st.Revokes != 1 || st.Deletes != 0 {
		t.Fatalf("stats %+v", st)
	}
	if slices.Contains(sim.ActiveSessionIDs(), id) {
		t.Fatal("still active")
	}
	res, err = cl.RevokeSession(context.Background(), id)
	if err != nil || res.Outcome != source.AlreadyGone || !strings.Contains(res.Message, "does not exist") {
		t.Fatalf("second revoke must be already gone: %+v %v", res, err)
	}
	before := sim.Stats().Requests
	for _, bad := range []string{"", "../users", strings.Repeat("a", 51), "a b"} {
		if _, err := cl.RevokeSession(context.Background(), bad); source.CodeOf(err) != source.CodeBadRequest {
			t.Fatalf("id %q must be refused before any request: %v", bad, err)
		}
	}
	if sim.Stats().Requests != before {
		t.Fatal("a malformed id reached the server")
	}
}

func TestRevokeWithoutRefreshTokenScopeFailsOnTheSession(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 30, Seed: 2,
		Scopes: []string{"read:users", "read:sessions", "delete:sessions"}}, nil)
	id := sim.ActiveSessionIDs()[0]
	res, err := cl.RevokeSession(context.Background(), id)
	if err != nil || res.Outcome != source.Failed || !strings.Contains(res.Message, "delete:refresh_tokens") {
		t.Fatalf("want a failed result naming delete:refresh_tokens: %+v %v", res, err)
	}
	if !slices.Contains(sim.ActiveSessionIDs(), id) {
		t.Fatal("the session must not have been ended some weaker way")
	}
}

func TestRevokeUserAndContain(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 60, Seed: 3}, nil)
	user := sim.UserWithSessions(2)
	res, err := cl.RevokeUserSessions(context.Background(), user)
	if err != nil || res.Outcome != source.Ended || res.Ended != -1 || res.UserID != user {
		t.Fatalf("revoke user: %+v %v", res, err)
	}
	if sim.UserWithSessions(1) == user {
		t.Fatal("the user still has sessions")
	}
	res, err = cl.RevokeUserSessions(context.Background(), "auth0|000000000000000000000000")
	if source.CodeOf(err) != source.CodeNotFound || res.Outcome != source.Failed {
		t.Fatalf("unknown user: %+v %v", res, err)
	}
	if err := cl.ContainUser(context.Background(), user); err != nil || !sim.Blocked(user) {
		t.Fatalf("contain: %v blocked=%v", err, sim.Blocked(user))
	}
	// User ids with |, @ and other characters travel path-escaped.
	for _, id := range sim.UserIDs() {
		if strings.HasPrefix(id, "samlp|") {
			if err := cl.ContainUser(context.Background(), id); err != nil || !sim.Blocked(id) {
				t.Fatalf("contain %s: %v", id, err)
			}
			break
		}
	}
}

func TestLoginHistory(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 60, Seed: 4}, nil)
	user := sim.UserWithSessions(3)
	evs, err := cl.LoginHistory(context.Background(), user, 2)
	if err != nil || len(evs) != 2 {
		t.Fatalf("history: %d events, %v", len(evs), err)
	}
	all, err := cl.LoginHistory(context.Background(), user, 500)
	if err != nil || len(all) < 3 {
		t.Fatalf("full history: %d, %v", len(all), err)
	}
	for i, ev := range all {
		if ev.At.IsZero() || ev.SourceIP == "" || ev.Status == "" || ev.Detail == "" {
			t.Fatalf("event %+v", ev)
		}
		if i > 0 && ev.At.After(all[i-1].At) {
			t.Fatal("newest first")
		}
	}
	if all[0] != evs[0] {
		t.Fatal("the limited history must be the newest events")
	}
	_, cl2, _ := newTenant(t, auth0sim.Config{Users: 5, Scopes: []string{"read:users"}}, nil)
	if _, err := cl2.LoginHistory(context.Background(), sim.UserIDs()[0], 5); source.CodeOf(err) != source.CodePermission ||
		!strings.Contains(err.Error(), "read:logs") {
		t.Fatalf("without read:logs: %v", err)
	}
}
