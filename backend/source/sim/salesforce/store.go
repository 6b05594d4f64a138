package salesforcesim

import (
	"net/netip"
	"slices"
	"strings"
	"sync"

	"sessionscope/backend/source/sim/simkit"
)

// idSpaces are the id generators of the object types the simulator serves.
type idSpaces struct {
	org, user, session, geo, hist, locator, userLogin, oauthToken idSpace
}

// store holds the org's records. users are immutable; sessions, geos and hists only grow
// (new sessions are appended, which keeps ids increasing) and sessions' deleted flags change.
type store struct {
	mu       sync.RWMutex
	ids      idSpaces
	users    []user
	sessions []session
	geos     []geo
	hists    []hist
	children map[int32][]int32 // root session -> child sessions
	live     int               // sessions not deleted
	frozen   []bool            // per user: UserLogin.IsFrozen
	grants   []oauthGrant      // OauthToken rows, in id order
}

type lookupResult int

const (
	lookupOK lookupResult = iota
	lookupMalformed
	lookupNotFound
	lookupDeleted
)

// findSession resolves an AuthSession id. The caller holds st.mu.
func (st *store) findSession(id string) (int32, lookupResult) {
	id15, ok := normalizeID(id)
	if !ok {
		return -1, lookupMalformed
	}
	i, ok := st.ids.session.index(id15)
	if !ok || i >= len(st.sessions) {
		return -1, lookupNotFound
	}
	if st.sessions[i].deleted {
		return int32(i), lookupDeleted
	}
	return int32(i), lookupOK
}

// findUser resolves a User id (any case of an 18-character id, or the 15-character one).
func (st *store) findUser(id string) (int32, bool) {
	id15, ok := normalizeID(id)
	if !ok {
		return -1, false
	}
	i, ok := st.ids.user.index(id15)
	if !ok || i >= len(st.users) {
		return -1, false
	}
	return int32(i), true
}

// userByName finds a user by username, case-insensitively (usernames are).
func (st *store) userByName(name string) (int32, bool) {
	for i := range st.users {
		if strings.EqualFold(st.users[i].username, name) {
			return int32(i), true
		}
	}
	return -1, false
}

// deleteLocked deletes session i and its child sessions, returning every session it
// deleted. The caller holds st.mu for writing.
func (st *store) deleteLocked(i int32) []int32 {
	out := []int32{}
	mark := func(j int32) {
		if !st.sessions[j].deleted {
			st.sessions[j].deleted = true
			st.live--
			out = append(out, j)
		}
	}
	mark(i)
	if st.sessions[i].parent == i {
		for _, c := range st.children[i] {
			mark(c)
		}
	}
	return out
}

// appendFamily adds a new login (one root session, no children) created at now, with a
// LoginHistory and LoginGeo row at the user's home. The caller holds st.mu for writing.
func (st *store) appendFamily(u int32, now int64, f family) int32 {
	return st.appendLogin(u, now, f, int(st.users[u].home), st.users[u].homeIP)
}

// appendLogin is appendFamily from any city and address.
func (st *store) appendLogin(u int32, now int64, f family, city int, ip netip.Addr) int32 {
	h, g := st.appendLoginRecords(u, now, f, city, ip)
	i := int32(len(st.sessions))
	st.sessions = append(st.sessions, session{created: now, modified: now, user: u, parent: i, geo: g, hist: h,
		valid: f.valid, sessionType: f.rootType, loginType: f.loginType, logout: f.logout})
	st.live++
	return i
}

// appendLoginRecords adds the LoginHistory and LoginGeo rows of a login at now and returns
// their indexes. The caller holds st.mu for writing.
func (st *store) appendLoginRecords(u int32, now int64, f family, city int, ip netip.Addr) (h, g int32) {
	c := &simkit.Cities[city]
	h = int32(len(st.hists))
	st.hists = append(st.hists, hist{loginTime: now, user: u, ip: ip, browser: f.browser,
		platform: f.platform, app: f.app, loginURL: f.loginURL, loginType: f.loginType})
	g = int32(len(st.geos))
	st.geos = append(st.geos, geo{loginTime: now, lat: c.Lat, lon: c.Lon, city: uint8(city), noPostal: c.Postal == ""})
	return h, g
}

func (s *session) expiresAt() int64 { return s.modified + int64(s.valid) }

// activeIDs lists the 18-character ids of sessions neither deleted nor expired at now.
func (st *store) activeIDs(now int64) []string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := []string{}
	for i := range st.sessions {
		s := &st.sessions[i]
		if !s.deleted && s.expiresAt() > now {
			out = append(out, st.ids.session.id18(i))
		}
	}
	slices.Sort(out)
	return out
}

func (st *store) liveCount() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.live
}

// userWithSessions returns the id of a user (other than the admin) holding at least min
// active sessions, or "".
func (st *store) userWithSessions(now int64, min int, skip int32) string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	count := map[int32]int{}
	for i := range st.sessions {
		s := &st.sessions[i]
		if !s.deleted && s.expiresAt() > now && s.user != skip {
			count[s.user]++
		}
	}
	best := int32(-1)
	for u, n := range count {
		if n >= min && (best < 0 || u < best) {
			best = u
		}
	}
	if best < 0 {
		return ""
	}
	return st.ids.user.id18(int(best))
}
