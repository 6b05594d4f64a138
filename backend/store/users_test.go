package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
)

func TestUsersGroupsSessionsAcrossOrgs(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, g := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	acme := fakeSessions("a", 400) // 50 users × 8 sessions
	acme[0].Geo.CountryCode = "JP" // user000 also seen from Japan
	writeSnapshot(t, s, a.ID, acme, 200)
	globex := fakeSessions("a", 60) // the same usernames again in another org: 50 users, 10 with 2 sessions
	writeSnapshot(t, s, g.ID, globex, 60)

	rows, total, err := s.Users(ctx, UsersQuery{Limit: 5})
	if err != nil || total != 50 {
		t.Fatalf("users = %d, %v; want 50 (same usernames in two orgs are one user)", total, err)
	}
	if rows[0].Sessions != 10 || len(rows[0].Connections) != 2 || rows[0].Connections[0] != "Acme" {
		t.Fatalf("top user = %+v; want 8+2 sessions in Acme and Globex", rows[0])
	}
	one, _, _ := s.Users(ctx, UsersQuery{Filter: session.Filter{User: "user000@"}, Limit: 5})
	if len(one) != 1 || one[0].Countries != 2 || one[0].LastActiveAt.IsZero() {
		t.Fatalf("user000 = %+v; want 2 countries (FR, JP)", one)
	}
	_, total, _ = s.Users(ctx, UsersQuery{Filter: session.Filter{ConnectionIDs: []int64{g.ID}}, Limit: 5})
	if total != 50 {
		t.Fatalf("users in Globex = %d, want 50", total)
	}
	byName, _, _ := s.Users(ctx, UsersQuery{Sort: "username", Limit: 3})
	if byName[0].Username != "user000@a.example" || byName[2].Username != "user002@a.example" {
		t.Fatalf("by username: %+v", byName)
	}
	if _, _, err := s.Users(ctx, UsersQuery{Sort: "password", Limit: 5}); err == nil {
		t.Fatal("an unknown sort must be refused")
	}
	// One user's sessions across orgs: the exact-username filter.
	_, n, err := s.Query(ctx, session.Query{Filter: session.Filter{Username: "USER007@a.example"}, Limit: 50})
	if err != nil || n != 8+2 {
		t.Fatalf("sessions of user007 = %d, %v; want 10", n, err)
	}
}

// The default ranking is kept ready in the background after each completed snapshot; whether it
// answers or the live query does, the answer is the same, and a newer snapshot is never hidden.
func TestUsersRankingKeptReadyMatchesTheLiveQuery(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := addConn(t, s, "Acme")
	writeSnapshot(t, s, a.ID, fakeSessions("a", 300), 100)
	snaps, err := s.currentSnapshots(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, wantTotal, err := s.usersLive(ctx, snaps, UsersQuery{Sort: "sessions", Desc: true, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, _, ok := s.usersFromTop(ctx, snaps, UsersQuery{Sort: "sessions", Desc: true, Limit: 20}); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the ranking was never made ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	got, total, err := s.Users(ctx, UsersQuery{Limit: 20})
	if err != nil || total != wantTotal || !reflect.DeepEqual(got, want) {
		t.Fatalf("kept ranking = %d users %v, live = %d users; %v", total, got[:2], wantTotal, err)
	}
	// A new snapshot: until the ranking is rebuilt, the live query answers, with the new data.
	writeSnapshot(t, s, a.ID, fakeSessions("b", 40), 100)
	got, total, err = s.Users(ctx, UsersQuery{Limit: 20})
	if err != nil || total != 40 || !strings.HasSuffix(got[0].Username, "@b.example") {
		t.Fatalf("after a new snapshot: %d users, first %+v, %v", total, got[0], err)
	}
}
