package keycloaksim

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// generator builds the deterministic data set of one simulated realm: users first, then their
// sessions, which are finally sorted by start time (listings page in creation order).
type generator struct {
	rng       simkit.Rand
	seed      uint64
	now       int64 // epoch ms
	t         Timeouts
	domain    string
	clients   []client
	users     []user
	sessions  []session
	usernames map[string]bool
	nextID    uint64
}

func newGenerator(seed uint64, now time.Time, t Timeouts, domain string, clients []client) *generator {
	g := &generator{
		rng:       simkit.NewRand(seed, 0x6b65_7963_6c6f_616b),
		seed:      seed,
		now:       now.UnixMilli(),
		t:         t,
		domain:    domain,
		clients:   clients,
		usernames: map[string]bool{},
	}
	return g
}

// proxyIP is what Keycloak records when a reverse proxy does not forward the client address.
var proxyIP = netip.MustParseAddr("10.42.0.17")

func (g *generator) addUser(u user) int32 {
	base := u.username
	for n := 2; g.usernames[u.username]; n++ {
		u.username = base + strconv.Itoa(n)
	}
	g.usernames[u.username] = true
	i := int32(len(g.users))
	u.id = newUUID(g.seed, tagUser, uint64(i))
	if u.email == "" && !u.serviceAcct {
		u.email = u.username + "@" + g.domain
	}
	u.enabled = true
	g.users = append(g.users, u)
	g.users[i].homeIP = simkit.IPFor(g.seed, i, int(u.home))
	return i
}

func (g *generator) ordinaryUser() int32 {
	first := simkit.FirstNames[g.rng.IntN(len(simkit.FirstNames))]
	last := simkit.LastNames[g.rng.IntN(len(simkit.LastNames))]
	created := g.now - g.rng.Between(60*86400_000, 3*365*86400_000)
	return g.addUser(user{username: simkit.ASCIIFold(first) + "." + simkit.ASCIIFold(last), first: first, last: last,
		created: created, home: uint8(g.rng.City())})
}

func (g *generator) id() uuid {
	g.nextID++
	return newUUID(g.seed, tagSession, g.nextID)
}

// margin keeps generated active sessions at least this far from expiring, so that a test
// running on the real clock does not see them expire.
func margin(idle time.Duration, cap time.Duration) int64 {
	return min(cap, idle/4).Milliseconds()
}

// userFacingWeights picks a session's main client; admins also use the admin console.
func (g *generator) mainClient(admin bool) uint8 {
	for {
		var ws []int
		for i := range g.clients {
			ws = append(ws, g.clients[i].weight)
		}
		c := g.rng.Weighted(ws...)
		if c != cSecurityAdminConsole || admin {
			return uint8(c)
		}
	}
}

// regular adds one browser login of user u. expired makes it one that passed its idle timeout
// within the last idleWindow: Keycloak still lists it until the expiration task runs.
func (g *generator) regular(u int32, expired bool) session {
	us := &g.users[u]
	s := session{id: g.id(), user: u, ip: us.homeIP, remember: g.rng.Chance(0.12), authType: uint8(g.rng.IntN(len(authMethods)))}
	if g.rng.Chance(0.12) {
		s.ip = simkit.IPFor(g.seed, u, g.rng.City())
	}
	if g.rng.Chance(0.01) {
		s.ip = proxyIP
	}
	idle, maxLife := g.t.SSOSessionIdle, g.t.SSOSessionMax
	if s.remember {
		idle, maxLife = g.t.SSOSessionIdleRememberMe, g.t.SSOSessionMaxRememberMe
	}
	idleMs, maxMs := idle.Milliseconds(), maxLife.Milliseconds()
	mIdle, mMax := margin(idle, 15*time.Minute), margin(maxLife, time.Hour)
	if expired {
		s.last = g.now - idleMs - g.rng.Between(15_000, idleWindow.Milliseconds()-15_000)
		s.start = s.last - g.rng.Between(0, min(maxMs-idleMs, 8*3600_000))
	} else {
		s.start = g.now - g.rng.Between(0, maxMs-mMax)
		s.last = g.rng.Between(max(s.start, g.now-(idleMs-mIdle)), g.now)
	}
	main := g.mainClient(us.admin)
	s.clients = []clientStamp{{client: main, ts: s.last}}
	for _, extra := range []struct {
		c uint8
		p float64
	}{{cAccountConsole, 0.15}, {cWiki, 0.2}, {cHR, 0.1}, {cGrafana, 0.08}} {
		if extra.c != main && g.rng.Chance(extra.p) {
			s.clients = append(s.clients, clientStamp{client: extra.c, ts: g.rng.Between(s.start, s.last)})
		}
	}
	return s
}

// offline adds a standalone offline session (an app holding an offline token).
func (g *generator) offline(u int32, expired bool) session {
	us := &g.users[u]
	s := session{id: g.id(), user: u, ip: us.homeIP, offline: true, authType: 0}
	idleMs := g.t.OfflineSessionIdle.Milliseconds()
	mIdle := margin(g.t.OfflineSessionIdle, 24*time.Hour)
	oldest := int64(45 * 86400_000)
	if g.t.OfflineSessionMaxEnabled {
		oldest = g.t.OfflineSessionMax.Milliseconds() - margin(g.t.OfflineSessionMax, 24*time.Hour)
	}
	if expired {
		s.last = g.now - idleMs - g.rng.Between(15_000, idleWindow.Milliseconds()-15_000)
		s.start = s.last - g.rng.Between(0, 10*86400_000)
	} else {
		s.start = g.now - g.rng.Between(3600_000, oldest)
		s.last = g.rng.Between(max(s.start, g.now-(idleMs-mIdle)), g.now)
	}
	c := uint8(cMobile)
	if g.rng.Chance(0.25) {
		c = cSync
	}
	s.clients = []clientStamp{{client: c, ts: s.last}}
	return s
}

// offlineOf is the offline session a login that asked for offline_access left behind: same id,
// start and address as the regular session, with the mobile app as its client.
func (g *generator) offlineOf(r *session) session {
	s := session{id: r.id, user: r.user, ip: r.ip, start: r.start, last: r.last, offline: true, authType: r.authType}
	s.clients = []clientStamp{{client: cMobile, ts: r.last}}
	return s
}

// sessionsFor gives user u zero to three browser logins and maybe offline sessions.
func (g *generator) sessionsFor(u int32) {
	n := g.rng.Weighted(25, 45, 22, 8)
	var regular []int
	for range n {
		g.sessions = append(g.sessions, g.regular(u, g.rng.Chance(0.03)))
		regular = append(regular, len(g.sessions)-1)
	}
	switch off := g.rng.Weighted(76, 19, 5); {
	case off > 0 && len(regular) > 0 && g.rng.Chance(0.5):
		// A mobile login: its regular session also touched the app and its offline token
		// lives on in an offline session of the same id.
		r := &g.sessions[regular[0]]
		if _, ok := stampFor(r, cMobile); !ok {
			r.clients = append(r.clients, clientStamp{client: cMobile, ts: r.last})
		}
		g.sessions = append(g.sessions, g.offlineOf(r))
		off--
		fallthrough
	default:
		for range off {
			g.sessions = append(g.sessions, g.offline(u, g.rng.Chance(0.02)))
		}
	}
}

// finish sorts sessions by start time and builds the store.
func (g *generator) finish() *store {
	slices.SortStableFunc(g.sessions, func(a, b session) int { return cmp.Compare(a.start, b.start) })
	st := newStore(g.t, g.users)
	for _, s := range g.sessions {
		st.addLocked(s)
	}
	return st
}

// generate builds the realm: the admin, the service-account user, then ordinary users.
func generate(seed uint64, users int, now time.Time, t Timeouts, domain string, clients []client) (*store, int32) {
	g := newGenerator(seed, now, t, domain, clients)
	admin := g.addUser(user{username: "admin", first: "IT", last: "Administrator", email: "it-admin@" + domain,
		created: g.now - 900*86400_000, home: uint8(g.rng.City()), admin: true})
	g.addUser(user{username: "service-account-" + AdminClientID, created: g.now - 120*86400_000, serviceAcct: true})
	for range users {
		g.ordinaryUser()
	}
	// The admin has the admin console open.
	s := g.regular(admin, false)
	s.clients = []clientStamp{{client: cSecurityAdminConsole, ts: s.last}}
	g.sessions = append(g.sessions, s)
	for u := int32(2); u < int32(len(g.users)); u++ {
		g.sessionsFor(u)
	}
	return g.finish(), admin
}
