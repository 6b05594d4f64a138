package salesforcesim

import (
	"slices"
	"testing"
)

func TestSimulatedLoginsAreNewActiveSessions(t *testing.T) {
	s := New(Config{Users: 200, Seed: 7})
	before := s.ActiveSessionIDs()
	if got := s.SimulateLogins(12); got != 12 {
		t.Fatalf("added %d logins, want 12", got)
	}
	after := s.ActiveSessionIDs()
	if len(after) != len(before)+12 {
		t.Fatalf("active %d → %d; want 12 more", len(before), len(after))
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			t.Fatalf("session %s vanished", id)
		}
	}
	if s.SimulateLogins(0) != 0 {
		t.Fatal("zero logins asked, some added")
	}
}
