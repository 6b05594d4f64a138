package store

import (
	"context"
	"testing"

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
