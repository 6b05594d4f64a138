package auth0sim

import (
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

func TestDeterministicFromSeedAndOrg(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC) }
	a := New(Config{Users: 300, Seed: 7, Now: now})
	b := New(Config{Users: 300, Seed: 7, Now: now})
	if !slices.Equal(a.ActiveSessionIDs(), b.ActiveSessionIDs()) || !slices.Equal(a.UserIDs(), b.UserIDs()) {
		t.Fatal("same seed, different data")
	}
	a.st.mu.RLock()
	b.st.mu.RLock()
	ja, jb := string(marshal(a.st.sessionView(5))), string(marshal(b.st.sessionView(5)))
	ua, ub := string(a.st.userJSON(5, nil)), string(b.st.userJSON(5, nil))
	a.st.mu.RUnlock()
	b.st.mu.RUnlock()
	if ja != jb || ua != ub || a.Credentials() != b.Credentials() {
		t.Fatal("same seed, different records or credentials")
	}
	c := New(Config{Users: 300, Seed: 8, Now: now})
	d := New(Config{Users: 300, Seed: 7, OrgName: "Globex Corporation", Now: now})
	if slices.Equal(a.ActiveSessionIDs(), c.ActiveSessionIDs()) || slices.Equal(a.ActiveSessionIDs(), d.ActiveSessionIDs()) {
		t.Fatal("another seed or org must give other data")
	}
	if d.TenantName() != "globex" || d.Credentials().ClientID == a.Credentials().ClientID {
		t.Fatalf("org name: %q", d.TenantName())
	}
}

func TestRealisticSpread(t *testing.T) {
	s := New(Config{Users: 2000, Seed: 1})
	st := s.st
	now := s.now().UnixMilli()
	countries, conns, agentsSeen, methods := map[string]bool{}, map[uint8]int{}, map[uint8]bool{}, map[uint8]bool{}
	multi, idleExpired, absExpired, travelled, updatedUA, v6 := 0, 0, 0, 0, 0, 0
	for ui := range st.users {
		u := &st.users[ui]
		conns[u.conn]++
		if len(u.sessions) >= 2 {
			multi++
		}
		for _, si := range u.sessions {
			x := &st.sess[si]
			countries[simkit.Cities[x.city].ISO] = true
			agentsSeen[x.agent] = true
			methods[x.methods] = true
			switch {
			case x.absExp <= now:
				absExpired++
			case x.idleExp <= now:
				idleExpired++
			}
			if x.city != x.lastCity {
				travelled++
			}
			if x.agent != x.lastAgent {
				updatedUA++
			}
			if simkit.IPFor(st.seed, x.user, int(x.city)).Is6() {
				v6++
			}
			if x.created > x.lastSeen || x.authenticated < x.created || x.authenticated > x.lastSeen || x.created < u.created {
				t.Fatalf("session %s has inconsistent times", x.id)
			}
		}
	}
	if len(countries) < 30 || len(conns) != 5 || len(agentsSeen) < 10 || len(methods) < 8 {
		t.Fatalf("countries %d, connections %d, agents %d, method sets %d", len(countries), len(conns), len(agentsSeen), len(methods))
	}
	if multi < 200 || idleExpired < 50 || absExpired < 50 || travelled < 50 || updatedUA < 50 || v6 == 0 {
		t.Fatalf("multi %d, idle-expired %d, absolute-expired %d, travelled %d, updated UA %d, IPv6 %d",
			multi, idleExpired, absExpired, travelled, updatedUA, v6)
	}
	for i := range 200 {
		a := simkit.IPFor(st.seed, int32(i), i%len(simkit.Cities))
		if a.IsPrivate() || a.IsLoopback() || netip.MustParsePrefix("2001:db8::/32").Contains(a) {
			t.Fatalf("address %s is not public", a)
		}
	}
	// Created_at ties exist (bulk imports) and ids follow the connection's format.
	ties := 0
	for i := 1; i < len(st.users); i++ {
		if st.users[i].created == st.users[i-1].created {
			ties++
		}
	}
	if ties == 0 {
		t.Fatal("no users share a created_at")
	}
	for _, id := range s.UserIDs()[:50] {
		if p, _, _ := strings.Cut(id, "|"); !slices.Contains([]string{"auth0", "google-oauth2", "samlp", "waad", "email"}, p) {
			t.Fatalf("user id %s", id)
		}
	}
}

func TestLargeTenantStaysSmallAndFast(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20 000 users")
	}
	start := time.Now()
	s := New(Config{Users: 20000, Seed: 3})
	if s.SessionCount() < 20000 {
		t.Fatalf("%d sessions for 20 000 users", s.SessionCount())
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("generating took %s", el)
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	s := New(Config{Users: 1})
	if _, err := s.Start("0.0.0.0:0"); err == nil {
		s.Close()
		t.Fatal("Start must refuse a non-loopback address")
	}
	base, err := s.Start("127.0.0.1:0")
	if err != nil || s.URL() != base || s.DemoConnection().URL != base {
		t.Fatalf("start: %v", err)
	}
	if dc := s.DemoConnection(); dc.Options["client_id"] != s.Credentials().ClientID || dc.Secrets["client_secret"] == "" {
		t.Fatalf("demo connection %+v", dc)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentListAndRevoke(t *testing.T) {
	e := newEnv(t, Config{Users: 200, Seed: 11})
	ids := e.sim.ActiveSessionIDs()
	users := e.sim.UserIDs()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(users); i += 8 {
				if r := e.get(userPath(users[i], "/sessions")); r.status != 200 {
					t.Errorf("list: %d", r.status)
				}
				if i < len(ids) {
					e.call("POST", "/api/v2/sessions/"+ids[i]+"/revoke", nil)
				}
			}
		})
	}
	wg.Wait()
	if left := len(e.sim.ActiveSessionIDs()); left != max(0, len(ids)-len(users)) {
		t.Fatalf("%d active sessions left", left)
	}
	if e.sim.Stats().InFlightMax < 1 {
		t.Fatal("in-flight counter not kept")
	}
}
