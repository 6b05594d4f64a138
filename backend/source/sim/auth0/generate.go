package auth0sim

import (
	"cmp"
	"slices"
	"strconv"

	"sessionscope/backend/source/sim/simkit"
)

const (
	minute = int64(60 * 1000)
	day    = 24 * 60 * minute
)

// generator builds the deterministic data set of one tenant.
type generator struct {
	rng    simkit.Rand
	seed   uint64
	now    int64
	t      *tenantInfo
	emails map[string]bool
}

// generate makes n users with their sessions, sorted the way user search returns them.
func generate(n int, seed uint64, now int64, t *tenantInfo) *store {
	g := &generator{rng: simkit.NewRand(seed, 0xa0a0), seed: seed, now: now, t: t, emails: map[string]bool{}}
	users := make([]user, 0, n)
	for range n {
		users = append(users, g.user())
	}
	// A bulk import gives many users the same created_at: keep some ties so that paging
	// by created_at has to cope with them.
	slices.SortFunc(users, func(a, b user) int { return cmp.Compare(a.created, b.created) })
	for i := 1; i < len(users); i++ {
		if g.rng.Chance(0.04) {
			users[i].created = users[i-1].created
		}
	}
	for i := range users {
		if users[i].conn == connDatabase || users[i].conn == connEmail {
			// Database ids embed the creation second, as Mongo-style object ids do.
			users[i].id = users[i].id[:len(users[i].id)-24] + strconv.FormatInt(users[i].created/1000, 16) + users[i].id[len(users[i].id)-16:]
		}
	}
	slices.SortFunc(users, func(a, b user) int {
		return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.id, b.id))
	})
	st := &store{seed: seed, tenant: t, users: users, byUser: make(map[string]int32, n), byID: map[string]int32{}}
	for i := range st.users {
		st.byUser[st.users[i].id] = int32(i)
		g.sessions(st, int32(i))
	}
	return st
}

func (g *generator) user() user {
	u := user{home: uint8(g.rng.City()), verified: g.rng.Chance(0.9), extraLogins: uint16(g.rng.IntN(240))}
	u.conn = uint8(g.rng.Weighted(55, 20, 13, 8, 4))
	u.first = simkit.FirstNames[g.rng.IntN(len(simkit.FirstNames))]
	u.last = simkit.LastNames[g.rng.IntN(len(simkit.LastNames))]
	domain := consumerDomains[g.rng.IntN(len(consumerDomains))]
	if u.conn == connSAML || u.conn == connAzure {
		domain = g.t.domain
	}
	local := simkit.ASCIIFold(u.first) + "." + simkit.ASCIIFold(u.last)
	u.email = local + "@" + domain
	for k := 2; g.emails[u.email]; k++ {
		u.email = local + strconv.Itoa(k) + "@" + domain
	}
	g.emails[u.email] = true
	// Every user is at least 11 days old, so all sessions (at most 10 days old) follow it.
	u.created = g.now - g.rng.Between(11*day, 1100*day)
	u.updated = g.now - g.rng.Between(0, (g.now-u.created)/day)*day
	x := g.rng.Uint64()
	switch u.conn {
	case connGoogle:
		u.id = "google-oauth2|1" + simkit.DetString(x, 6, 20, "0123456789")
	case connSAML:
		u.id = "samlp|" + g.t.samlConn + "|" + u.email
	case connAzure:
		u.id = "waad|" + simkit.DetString(x, 7, 43, base64URLChars)
	case connEmail:
		u.id = "email|" + "00000000" + simkit.DetString(x, 8, 16, "0123456789abcdef")
	default:
		u.id = "auth0|" + "00000000" + simkit.DetString(x, 9, 16, "0123456789abcdef")
	}
	if u.conn != connDatabase && u.conn != connEmail {
		u.verified = true
	}
	return u
}

// sessions gives user ui between zero and five sessions: ~80 % active, the rest past their
// idle or absolute expiry but not purged yet.
func (g *generator) sessions(st *store, ui int32) {
	u := &st.users[ui]
	count := g.rng.Weighted(30, 40, 18, 7, 3, 2)
	h := simkit.Splitmix(g.seed ^ uint64(ui)*0x51)
	desktop := desktopAgents[h%uint64(len(desktopAgents))]
	mobile := mobileAgents[(h>>16)%uint64(len(mobileAgents))]
	for range count {
		s := sess{user: ui, persistent: g.rng.Chance(0.85)}
		switch g.rng.Weighted(80, 12, 8) {
		case 0: // active: seen within the idle lifetime, started within the absolute one
			s.created = g.now - g.rng.Between(5*minute, absoluteLifetime-10*minute)
			s.lastSeen = g.now - g.rng.Between(0, min(g.now-s.created, idleLifetime-10*minute))
		case 1: // idle-expired
			s.created = g.now - g.rng.Between(idleLifetime+20*minute, absoluteLifetime-10*minute)
			s.lastSeen = s.created + g.rng.Between(0, g.now-idleLifetime-10*minute-s.created)
		default: // past the maximum lifetime
			s.created = g.now - g.rng.Between(absoluteLifetime+10*minute, 10*day)
			s.lastSeen = g.now - g.rng.Between(60*minute, 2*day)
		}
		s.authenticated = s.created
		if g.rng.Chance(0.25) {
			s.authenticated = s.created + g.rng.Between(0, s.lastSeen-s.created)
		}
		s.idleExp, s.absExp = s.lastSeen+idleLifetime, s.created+absoluteLifetime
		s.city = u.home
		if g.rng.Chance(0.2) {
			s.city = uint8(g.rng.City())
		}
		s.lastCity = s.city
		if g.rng.Chance(0.15) {
			s.lastCity = uint8(g.rng.City())
		}
		s.agent = desktop
		if g.rng.Chance(0.35) {
			s.agent = mobile
		}
		s.lastAgent = s.agent
		if g.rng.Chance(0.1) {
			s.lastAgent = agents[s.agent].next
		}
		s.clients = 1 << g.rng.Weighted(50, 25, 10, 10, 5)
		for g.rng.Chance(0.3) {
			s.clients |= 1 << g.rng.IntN(len(g.t.apps))
		}
		s.methods = g.methods(u.conn)
		s.mfaDelay = uint8(8 + g.rng.IntN(50))
		if g.rng.Chance(0.1) {
			s.meta = uint8(1 + g.rng.IntN(len(metadata)-1))
		}
		s.id = simkit.DetString(g.seed, 1<<32|uint64(len(st.sess)), 32, base64URLChars)
		for k := uint64(2); ; k++ {
			if _, dup := st.byID[s.id]; !dup {
				break
			}
			s.id = simkit.DetString(g.seed, k<<32|uint64(len(st.sess)), 32, base64URLChars) // collision: draw again
		}
		st.byID[s.id] = int32(len(st.sess))
		u.sessions = append(u.sessions, int32(len(st.sess)))
		st.sess = append(st.sess, s)
	}
	slices.SortFunc(u.sessions, func(a, b int32) int { return cmp.Compare(st.sess[a].id, st.sess[b].id) })
	for _, si := range u.sessions {
		u.updated = max(u.updated, st.sess[si].authenticated) // a login updates the profile
	}
}

func (g *generator) methods(conn uint8) uint8 {
	switch conn {
	case connGoogle, connSAML, connAzure:
		if g.rng.Chance(0.2) {
			return 7
		}
		return 6
	case connEmail:
		return 8
	}
	return uint8([]int{0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 5}[g.rng.IntN(12)])
}
