package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"sessionscope/backend/session"
)

// tiedSessions gives n sessions of 60 users whose last activity repeats every 17 sessions, so
// many users share their latest time and the ranking must break ties by username.
func tiedSessions(prefix string, n int) []session.Session {
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	out := make([]session.Session, n)
	for i := range out {
		out[i] = session.Session{ID: fmt.Sprintf("%s%05d", prefix, i), Username: fmt.Sprintf("User%03d@Example.com", (i*7)%60),
			UserName: fmt.Sprintf("User %03d", (i*7)%60), SessionType: "UI", LastActiveAt: base.Add(time.Duration(i%17) * time.Hour),
			Geo: session.Geo{CountryCode: []string{"FR", "US", ""}[i%3]}}
	}
	return out
}

// Users by last activity answered by walking the sessions are the live query's, window for
// window, ties included; with no kept ranking to tell the number of users, the live query answers.
func TestUsersByLastActivityMatchTheLiveQuery(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	writeSnapshot(t, s, a.ID, tiedSessions("a", 230), 100)
	writeSnapshot(t, s, b.ID, append(tiedSessions("b", 90), session.Session{ID: "late", Username: "zed@example.com",
		LastActiveAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}), 100)
	if err := s.Prepared(ctx); err != nil {
		t.Fatal(err)
	}
	snaps, err := s.currentSnapshots(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ off, limit int }{{0, 1}, {0, 5}, {0, 200}, {3, 7}, {17, 9}, {55, 10}, {61, 5}, {100, 10}} {
		q := UsersQuery{Sort: "last_active_at", Desc: true, Offset: w.off, Limit: w.limit}
		want, wantTotal, err := s.usersLive(ctx, snaps, q)
		if err != nil {
			t.Fatal(err)
		}
		got, total, ok, err := s.usersByRecent(ctx, snaps, q)
		if err != nil || !ok {
			t.Fatalf("window %+v: not answered by the walk (%v)", w, err)
		}
		if total != wantTotal || !reflect.DeepEqual(got, want) {
			t.Fatalf("window %+v: %d users %v; live: %d users %v", w, total, got, wantTotal, want)
		}
		if got, _, _ := s.Users(ctx, q); !reflect.DeepEqual(got, want) {
			t.Fatalf("window %+v through Users: %v, want %v", w, got, want)
		}
	}
	// The kept default ranking, made from per-snapshot counts merged, is the live query's too.
	want, wantTotal, err := s.usersLive(ctx, snaps, UsersQuery{Sort: "sessions", Desc: true, Limit: usersTopN})
	if err != nil {
		t.Fatal(err)
	}
	got, total, err := s.rankUsers(ctx, snaps)
	if err != nil || total != wantTotal || !reflect.DeepEqual(got, want) {
		t.Fatalf("default ranking: %d users %v; live: %d users %v (%v)", total, got[:3], wantTotal, want[:3], err)
	}
	// A new snapshot: whether the walk (once the ranking is rebuilt) or the live query answers,
	// it is with the new data.
	writeSnapshot(t, s, a.ID, tiedSessions("c", 10), 100)
	got, total, err = s.Users(ctx, UsersQuery{Sort: "last_active_at", Desc: true, Limit: 3})
	if err != nil || total != 60+1 || len(got) != 3 || got[0].Username != "zed@example.com" {
		t.Fatalf("after a new snapshot: %d users, %v, %v", total, got, err)
	}
}
