package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"sessionscope/backend/session"
)

func TestCompareTheLatestSnapshotWithThePrevious(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	if _, err := s.CompareSnapshots(ctx, c.ID, 0, 0); err == nil {
		t.Fatal("one snapshot or none: nothing to compare, and it must say so")
	}
	before := fakeSessions("a", 100) // users user000–user049, all in FR
	first := writeSnapshot(t, s, c.ID, before, 100)
	after := append(fakeSessions("a", 100)[10:], session.Session{ID: "new-1", UserID: "u900", Username: "newcomer@a.example",
		Geo: session.Geo{CountryCode: "BR"}}, session.Session{ID: "new-2", UserID: "u900", Username: "newcomer@a.example"})
	second := writeSnapshot(t, s, c.ID, after, 100)

	d, err := s.CompareSnapshots(ctx, c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.From.ID != first.ID || d.To.ID != second.ID {
		t.Fatalf("compared %d → %d, want %d → %d", d.From.ID, d.To.ID, first.ID, second.ID)
	}
	if d.NewSessions != 2 || d.EndedSessions != 10 || d.NewUserCount != 1 || d.NewUsers[0] != "newcomer@a.example" ||
		!slices.Equal(d.NewCountries, []string{"BR"}) {
		t.Fatalf("diff = %+v; want 2 new, 10 ended, 1 new user, new country BR", d)
	}
	back, err := s.CompareSnapshots(ctx, c.ID, second.ID, first.ID)
	if err != nil || back.NewSessions != 10 || back.EndedSessions != 2 || back.NewUserCount != 0 {
		t.Fatalf("reverse diff = %+v %v", back, err)
	}
	if _, err := s.CompareSnapshots(ctx, c.ID, first.ID, 9999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an unknown snapshot: %v", err)
	}
}
