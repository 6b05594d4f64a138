package keycloaksim

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAdminRequiresAValidBearerToken(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	for _, tok := range []string{"", "garbage"} {
		r := e.do("GET", "/admin/realms/"+e.realm+"/client-session-stats", tok, "")
		if r.status != 401 || r.kcError(t) != "HTTP 401 Unauthorized" || r.header.Get("WWW-Authenticate") != "Bearer" {
			t.Fatalf("token %q: %d %s", tok, r.status, r.body)
		}
	}
	e.sim.ExpireAccessTokens()
	if r := e.admin("client-session-stats"); r.status != 401 {
		t.Fatalf("expired token: %d", r.status)
	}
	e.token = e.clientCredentials()
	if r := e.do("GET", "/admin/realms/nope", e.token, ""); r.status != 404 || r.kcError(t) != "Realm not found." {
		t.Fatalf("unknown realm: %d %s", r.status, r.body)
	}
	if r := e.admin("no-such-thing"); r.status != 404 || r.kcError(t) != "HTTP 404 Not Found" {
		t.Fatalf("unknown path: %d %s", r.status, r.body)
	}
	if r := e.adminDo("POST", "client-session-stats", ""); r.status != 405 {
		t.Fatalf("wrong method: %d", r.status)
	}
}

func TestAccessTokensExpireWithTheClock(t *testing.T) {
	e := newEnv(t, Config{Users: 5, AccessTokenTTL: time.Minute})
	e.clock.Advance(61 * time.Second)
	if r := e.admin(""); r.status != 401 {
		t.Fatalf("a token past its lifespan: %d", r.status)
	}
}

func TestClientSessionStatsAndListings(t *testing.T) {
	e := newEnv(t, Config{Users: 300, Seed: 2})
	stats := e.stats()
	if len(stats) < 5 {
		t.Fatalf("%+v", stats)
	}
	seen := map[string]bool{}
	for _, s := range stats {
		active, err1 := strconv.Atoi(s.Active)
		offline, err2 := strconv.Atoi(s.Offline)
		if err1 != nil || err2 != nil || active+offline == 0 {
			t.Fatalf("counts are non-zero numbers in strings: %+v", s)
		}
		for _, kind := range []struct {
			name string
			n    int
		}{{"user-sessions", active}, {"offline-sessions", offline}} {
			all := e.clientSessions(s.ID, kind.name, 7)
			if len(all) != kind.n {
				t.Fatalf("%s %s: listed %d, counted %d", s.ClientID, kind.name, len(all), kind.n)
			}
			for _, r := range all {
				if r.Clients[s.ID] != s.ClientID || r.RememberMe == nil || r.Type != "" {
					t.Fatalf("record under %s: %+v", s.ClientID, r)
				}
				key := r.ID
				if kind.name == "offline-sessions" {
					key += OfflineSuffix
				}
				seen[key] = true
			}
		}
	}
	// Every active session is reachable through some client (plus a few expired ones not
	// cleaned up yet).
	for _, id := range e.sim.ActiveSessionIDs() {
		if !seen[id] {
			t.Fatalf("active session %s under no client", id)
		}
	}
	if len(seen) <= len(e.sim.ActiveSessionIDs()) {
		t.Fatalf("expected some expired-but-listed sessions: %d listed, %d active", len(seen), len(e.sim.ActiveSessionIDs()))
	}
}

func TestListingPagingParameters(t *testing.T) {
	e := newEnv(t, Config{Users: 400})
	var portal string
	for _, s := range e.stats() {
		if strings.HasSuffix(s.ClientID, "-portal") {
			portal = s.ID
		}
	}
	var def []rep
	e.admin("clients/"+portal+"/user-sessions").json(t, &def)
	if len(def) != 100 {
		t.Fatalf("max defaults to 100, got %d", len(def))
	}
	var p2 []rep
	e.admin("clients/"+portal+"/user-sessions?first=3&max=2").json(t, &p2)
	if len(p2) != 2 || p2[0].ID != def[3].ID || p2[1].ID != def[4].ID {
		t.Fatal("first/max must slice the same order")
	}
	var neg []rep
	e.admin("clients/"+portal+"/user-sessions?first=-1&max=1").json(t, &neg)
	if len(neg) != 1 || neg[0].ID != def[0].ID {
		t.Fatal("first=-1 means from the start")
	}
	if r := e.admin("clients/" + portal + "/user-sessions?first=x"); r.status != 404 {
		t.Fatalf("a non-integer parameter: %d", r.status)
	}
	if r := e.admin("clients/00000000-0000-4000-8000-000000000000/user-sessions"); r.status != 404 || r.kcError(t) != "Could not find client" {
		t.Fatalf("unknown client: %d %s", r.status, r.body)
	}
	var count map[string]int
	e.admin("clients/"+portal+"/session-count").json(t, &count)
	if count["count"] < 100 {
		t.Fatalf("%v", count)
	}
}

func TestOfflineListingReportsTheClientSessionTime(t *testing.T) {
	e := newEnv(t, Config{Users: 60})
	st := e.sim.st
	st.mu.Lock()
	var i int32 = -1
	for j := range st.sessions {
		if st.sessions[j].offline && !st.sessions[j].deleted {
			i = int32(j)
			break
		}
	}
	s := &st.sessions[i]
	s.clients = append(s.clients, clientStamp{client: cSync, ts: s.last - 5000})
	st.lists[kindOffline][cSync] = append(st.lists[kindOffline][cSync], i)
	id, last := s.id.String(), s.last
	st.mu.Unlock()
	for _, c := range []struct {
		client int
		want   int64
	}{{int(s.clients[0].client), last}, {cSync, last - 5000}} {
		var found bool
		for _, r := range e.clientSessions(e.sim.clients[c.client].id.String(), "offline-sessions", 100) {
			if r.ID == id {
				found = true
				if r.LastAccess != c.want || len(r.Clients) != 2 {
					t.Fatalf("under %s: lastAccess %d, want %d", e.sim.clients[c.client].clientID, r.LastAccess, c.want)
				}
			}
		}
		if !found {
			t.Fatalf("offline session not under client %d", c.client)
		}
	}
}

func TestDeleteSessionByKind(t *testing.T) {
	e := newEnv(t, Config{Users: 300, Seed: 3})
	kinds := map[string]int{}
	var shared string
	for _, k := range e.sim.ActiveSessions() {
		if kinds[k.ID]++; kinds[k.ID] == 2 {
			shared = k.ID
		}
	}
	if shared == "" {
		t.Fatal("no shared id")
	}
	if r := e.adminDo("DELETE", "sessions/"+shared+"?isOffline=true", ""); r.status != 204 || len(r.body) != 0 {
		t.Fatalf("delete offline: %d %s", r.status, r.body)
	}
	if r := e.adminDo("DELETE", "sessions/"+shared+"?isOffline=true", ""); r.status != 404 || r.kcError(t) != "Sesssion not found" {
		t.Fatalf("again: %d %s", r.status, r.body)
	}
	active := e.sim.ActiveSessionIDs()
	if !slices.Contains(active, shared) || slices.Contains(active, shared+OfflineSuffix) {
		t.Fatal("only the offline session goes")
	}
	if r := e.adminDo("DELETE", "sessions/"+shared, ""); r.status != 204 {
		t.Fatalf("delete regular (isOffline defaults to false): %d", r.status)
	}
	if r := e.adminDo("DELETE", "sessions/not-a-uuid", ""); r.status != 404 || r.kcError(t) != "Sesssion not found" {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestUserLogoutLeavesOfflineSessions(t *testing.T) {
	e := newEnv(t, Config{Users: 300, Seed: 3})
	var user string
	for u := range e.sim.st.users {
		id := e.sim.st.users[u].id.String()
		kinds := map[bool]bool{}
		for _, k := range e.sim.UserSessions(id) {
			kinds[k.Offline] = true
		}
		if kinds[true] && kinds[false] {
			user = id
			break
		}
	}
	if r := e.adminDo("POST", "users/"+user+"/logout", ""); r.status != 204 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	left := e.sim.UserSessions(user)
	if len(left) == 0 {
		t.Fatal("offline sessions survive a user logout")
	}
	for _, k := range left {
		if !k.Offline {
			t.Fatalf("regular session %s survived", k.ID)
		}
	}
	var regular []rep
	e.admin("users/"+user+"/sessions").json(t, &regular)
	if len(regular) != 0 {
		t.Fatalf("%d regular sessions listed after logout", len(regular))
	}
	if r := e.adminDo("POST", "users/00000000-0000-4000-8000-000000000000/logout", ""); r.status != 404 || r.kcError(t) != "User not found" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := e.adminDo("POST", "logout-all", ""); r.status != 200 {
		t.Fatalf("logout-all: %d", r.status)
	}
	for _, k := range e.sim.ActiveSessions() {
		if !k.Offline {
			t.Fatal("logout-all leaves no regular session")
		}
	}
}

func TestPermissions(t *testing.T) {
	e := newEnv(t, Config{Users: 20, ServiceAccountRoles: []string{"query-users"}})
	for _, p := range []string{"client-session-stats", "events", "clients/" + e.sim.clients[cPortal].id.String() + "/user-sessions"} {
		if r := e.admin(p); r.status != 403 || r.kcError(t) != "HTTP 403 Forbidden" {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
	}
	if r := e.adminDo("DELETE", "sessions/"+e.sim.ActiveSessions()[0].ID, ""); r.status != 403 {
		t.Fatalf("delete without manage-users: %d", r.status)
	}
	var realm map[string]any
	e.admin("").json(t, &realm)
	if len(realm) != 1 || realm["realm"] != e.realm {
		t.Fatalf("without view-realm only the name: %v", realm)
	}
	var users []map[string]any
	e.admin("users").json(t, &users)
	if len(users) != 0 {
		t.Fatal("query-users without view-users sees nobody")
	}
	e.sim.SetServiceAccountRoles(nil)
	e.token = e.clientCredentials()
	if r := e.admin(""); r.status != 403 {
		t.Fatalf("no admin role at all: %d", r.status)
	}
	e.sim.SetServiceAccountRoles([]string{"realm-admin"})
	e.token = e.clientCredentials()
	for _, p := range []string{"", "client-session-stats", "events", "users"} {
		if r := e.admin(p); r.status != 200 {
			t.Fatalf("realm-admin, %s: %d", p, r.status)
		}
	}
}

func TestRealmRepresentation(t *testing.T) {
	e := newEnv(t, Config{Users: 5, Timeouts: Timeouts{SSOSessionIdle: time.Hour, OfflineSessionMaxEnabled: true}})
	var realm map[string]any
	e.admin("").json(t, &realm)
	want := map[string]any{"realm": e.realm, "ssoSessionIdleTimeout": 3600.0, "ssoSessionMaxLifespan": 36000.0,
		"offlineSessionIdleTimeout": 2592000.0, "offlineSessionMaxLifespanEnabled": true, "offlineSessionMaxLifespan": 5184000.0,
		"accessTokenLifespan": 300.0, "eventsEnabled": true, "rememberMe": true, "displayName": "Acme Corp"}
	for k, v := range want {
		if realm[k] != v {
			t.Errorf("%s = %v, want %v", k, realm[k], v)
		}
	}
}

func TestExpiredSessionsArePurgedAfterTheWindow(t *testing.T) {
	e := newEnv(t, Config{Users: 400, Seed: 5})
	before := e.sim.SessionCount()
	active := len(e.sim.ActiveSessionIDs())
	if before == active {
		t.Fatal("want some sessions expired but not yet purged")
	}
	e.stats() // runs the expiration task
	if e.sim.SessionCount() != before {
		t.Fatal("nothing is purged inside the grace window")
	}
	e.clock.Advance(2 * time.Minute)
	e.stats()
	if e.sim.SessionCount() >= before {
		t.Fatal("sessions past the window are purged")
	}
}
