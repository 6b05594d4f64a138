package salesforce_test

import (
	"context"
	"testing"

	"sessionscope/backend/source"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// A user's recent logins come from LoginHistory, newest first; every AuthSession of the user
// was started by one of them, from one of their addresses.
func TestLoginHistoryOfAUser(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 80, Seed: 11}, nil)
	ctx := context.Background()
	userID := sim.UserWithSessions(3)
	ips := map[string]bool{}
	err := cl.ListSessions(ctx, func(p source.Page) error {
		for _, s := range p.Sessions {
			if s.UserID == userID {
				ips[s.SourceIP] = true
			}
		}
		return nil
	})
	if err != nil || len(ips) == 0 {
		t.Fatalf("no sessions of %s: %v", userID, err)
	}
	h := cl.(source.LoginHistorian)
	events, err := h.LoginHistory(ctx, userID, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || len(events) > 5 {
		t.Fatalf("%d events for %s, want 1–5", len(events), userID)
	}
	for i, e := range events {
		if e.At.IsZero() || e.Status != "Success" || e.SourceIP == "" || e.Detail == "" {
			t.Fatalf("event %d = %+v", i, e)
		}
		if i > 0 && e.At.After(events[i-1].At) {
			t.Fatalf("events not newest first: %v after %v", e.At, events[i-1].At)
		}
	}
	all, err := h.LoginHistory(ctx, userID, 200)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, e := range all {
		seen = seen || ips[e.SourceIP]
	}
	if !seen {
		t.Fatalf("none of the user's login addresses %v is in their history", ips)
	}
	if _, err := h.LoginHistory(ctx, "not-an-id", 5); source.CodeOf(err) != source.CodeBadRequest {
		t.Fatalf("a malformed user id: %v", err)
	}
	if ev, err := h.LoginHistory(ctx, "005000000000000AAA", 5); err != nil || len(ev) != 0 {
		t.Fatalf("an unknown user: %v %v; want no events", ev, err)
	}
}
