package keycloaksim

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

func TestDeterministic(t *testing.T) {
	clock := newClock()
	a := New(Config{Users: 150, Seed: 7, Now: clock.Now})
	b := New(Config{Users: 150, Seed: 7, Now: clock.Now})
	if !slices.Equal(a.ActiveSessionIDs(), b.ActiveSessionIDs()) || a.Credentials() != b.Credentials() {
		t.Fatal("the same Config must give the same realm")
	}
	c := New(Config{Users: 150, Seed: 8, Now: clock.Now})
	if slices.Equal(a.ActiveSessionIDs(), c.ActiveSessionIDs()) {
		t.Fatal("another seed, other sessions")
	}
	d := New(Config{Users: 150, Seed: 7, OrgName: "Globex Corporation", Now: clock.Now})
	if d.Realm() != "globex" || d.clients[cPortal].clientID != "globex-portal" ||
		!strings.HasSuffix(d.st.users[5].email, "@globex.example") || d.Credentials().ClientSecret == a.Credentials().ClientSecret {
		t.Fatalf("OrgName shapes the realm: %s %s %s", d.Realm(), d.clients[cPortal].clientID, d.st.users[5].email)
	}
	if slices.Equal(a.ActiveSessionIDs(), d.ActiveSessionIDs()) {
		t.Fatal("two organisations must not share session ids")
	}
}

func TestRealisticData(t *testing.T) {
	clock := newClock()
	sim := New(Config{Users: 1000, Now: clock.Now})
	st := sim.st
	now := clock.Now().UnixMilli()
	countries, multi, old, offline, remember, v6 := map[string]bool{}, 0, 0, 0, 0, 0
	perUser := map[int32]int{}
	names := map[string]bool{}
	for i := range st.users {
		u := &st.users[i]
		if names[u.username] {
			t.Fatalf("username %s twice", u.username)
		}
		names[u.username] = true
		countries[simkit.Cities[u.home].ISO] = true
	}
	for i := range st.sessions {
		s := &st.sessions[i]
		if !st.activeLocked(int32(i), now) {
			continue
		}
		perUser[s.user]++
		if len(s.clients) > 1 {
			multi++
		}
		if now-s.start > 7*86400_000 {
			old++
		}
		if s.offline {
			offline++
		}
		if s.remember {
			remember++
		}
		if s.ip.Is6() {
			v6++
		}
		if s.last < s.start || s.start > now || !s.ip.IsValid() {
			t.Fatalf("session %d: start %d last %d ip %v", i, s.start, s.last, s.ip)
		}
		for _, c := range s.clients {
			if c.ts < s.start || c.ts > s.last {
				t.Fatalf("client session time outside the session: %+v", s)
			}
		}
		if s.ip != proxyIP && (s.ip.IsPrivate() || s.ip.IsLoopback() || netip.MustParsePrefix("2001:db8::/32").Contains(s.ip)) {
			t.Fatalf("address %v is not public", s.ip)
		}
	}
	several := 0
	for _, n := range perUser {
		if n > 1 {
			several++
		}
	}
	if len(countries) < 25 || multi < 50 || old < 20 || offline < 100 || remember < 50 || v6 < 20 || several < 100 {
		t.Fatalf("countries %d, multi-client %d, old %d, offline %d, remember-me %d, IPv6 %d, users with several %d",
			len(countries), multi, old, offline, remember, v6, several)
	}
	if n := len(sim.ActiveSessionIDs()); n < 1200 || n > 2000 {
		t.Fatalf("%d active sessions for 1000 users", n)
	}
}

func TestActiveSessionsFollowTheClock(t *testing.T) {
	clock := newClock()
	sim := New(Config{Users: 200, Now: clock.Now})
	before := len(sim.ActiveSessionIDs())
	clock.Advance(31 * time.Minute) // past every regular session's idle timeout
	after := sim.ActiveSessions()
	if len(after) >= before {
		t.Fatal("idle sessions expire")
	}
	for _, k := range after {
		if !k.Offline {
			// only remember-me sessions (7 days idle) survive
			i := sim.st.byID[mustUUID(t, k.ID)][kindRegular]
			if !sim.st.sessions[i].remember {
				t.Fatalf("regular session %s outlived its idle timeout", k.ID)
			}
		}
	}
}

func mustUUID(t *testing.T, s string) uuid {
	u, err := parseUUID(s)
	if err != nil || u.String() != s {
		t.Fatalf("uuid %q: %v", s, err)
	}
	return u
}

func TestConcurrentListingAndDeleting(t *testing.T) {
	e := newEnv(t, Config{Users: 400})
	ids := e.sim.ActiveSessions()
	var wg sync.WaitGroup
	var deleted atomic.Int64
	for w := 0; w < 4; w++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for _, s := range e.stats() {
				e.clientSessions(s.ID, "user-sessions", 25)
			}
		}()
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(ids); i += 8 {
				q := "false"
				if ids[i].Offline {
					q = "true"
				}
				if r := e.adminDo("DELETE", "sessions/"+ids[i].ID+"?isOffline="+q, ""); r.status != 204 {
					t.Errorf("delete %v: %d", ids[i], r.status)
				}
				deleted.Add(1)
			}
		}(w)
	}
	wg.Wait()
	if got := len(e.sim.ActiveSessionIDs()); got != len(ids)-int(deleted.Load()) {
		t.Fatalf("%d left of %d", got, len(ids))
	}
}

// TestLargeRealm checks the simulator holds about 100k sessions and serves every page of them.
// How fast it does so is BenchmarkClientSessionsPage's business: a timed assertion flakes on a
// loaded shared machine.
func TestLargeRealm(t *testing.T) {
	if testing.Short() {
		t.Skip("large realm")
	}
	e := newEnv(t, Config{Users: 70000})
	if n := e.sim.SessionCount(); n < 95000 {
		t.Fatalf("%d sessions", n)
	}
	portal := e.sim.clients[cPortal].id.String()
	for i := 0; i < 20; i++ {
		if r := e.admin("clients/" + portal + "/user-sessions?first=" + strconv.Itoa(i*1000) + "&max=500"); r.status != 200 {
			t.Fatal(r.status)
		}
	}
}

func BenchmarkClientSessionsPage(b *testing.B) {
	sim := New(Config{Users: 70000})
	c := sim.Credentials()
	g := grant{user: sim.sa, client: cSessionScopeAdmin, roles: sim.rolesFor(sim.sa)}
	tok := sim.tokens.issueAccess(g, time.Now(), time.Now().Add(time.Hour), func(string) any { return map[string]string{} })
	_ = c
	path := "/admin/realms/" + sim.Realm() + "/clients/" + sim.clients[cPortal].id.String() + "/user-sessions?first=20000&max=500"
	b.ReportAllocs()
	for b.Loop() {
		rec := simkit.NewBufferedResponse()
		req := newRequest("GET", path, tok)
		sim.Handler().ServeHTTP(rec, req)
		if rec.Status != 200 {
			b.Fatal(rec.Status)
		}
	}
}
