package kratossim

import (
	"net/netip"
	"strconv"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// UUID kind tags.
const (
	tagIdentity uint64 = iota + 1
	tagSession
	tagDevice
	tagAddress
)

// generator builds the deterministic data set of one simulated project.
type generator struct {
	rng      simkit.Rand
	seed     uint64
	now      int64
	lifespan int64
	domain   string
	st       *store
	taken    map[string]bool
	uaCum    []int
	mobileUA []int16
}

// generate builds the project: users identities (the planted ones among them when users >= 10,
// see planted.go) and, when tied > 0, the identity of Config.TiedSessions on top. It returns
// the store and the tied identity's index (-1 without).
func generate(users int, seed uint64, now time.Time, lifespan time.Duration, domain string, tied int) (*store, int32) {
	g := &generator{
		rng:      simkit.NewRand(seed, 0x6b7261746f73),
		seed:     seed,
		now:      now.UnixNano(),
		lifespan: int64(lifespan),
		domain:   domain,
		st:       &store{},
		taken:    map[string]bool{},
	}
	total := 0
	for i, u := range userAgents {
		total += u.weight
		g.uaCum = append(g.uaCum, total)
		if u.mobile {
			g.mobileUA = append(g.mobileUA, int16(i))
		}
	}
	ordinary := users
	if users >= 10 {
		ordinary--
	}
	for i := 0; i < ordinary; i++ {
		g.identity(i)
	}
	if users >= 10 {
		g.plantDrift()
	}
	tiedIdx := int32(-1)
	if tied > 0 {
		tiedIdx = g.plantTied(tied)
	}
	g.st.index()
	return g.st, tiedIdx
}

func (g *generator) identity(i int) {
	const day = int64(24 * time.Hour)
	home := g.rng.City()
	first := simkit.FirstNames[g.rng.IntN(len(simkit.FirstNames))]
	last := simkit.LastNames[g.rng.IntN(len(simkit.LastNames))]
	idn := identity{id: newUUID(g.seed, tagIdentity, uint64(i)), first: first, last: last,
		schema: uint8(g.rng.Weighted(82, 10, 8))}
	switch idn.schema {
	case schemaDefault:
		idn.login = g.unique(simkit.ASCIIFold(first)+"."+simkit.ASCIIFold(last), "@"+g.domain)
		idn.verified = g.rng.Chance(0.85)
	case schemaUsername:
		idn.login = g.unique(simkit.ASCIIFold(first)[:1]+simkit.ASCIIFold(last), "")
	default:
		idn.login = "+" + strconv.Itoa(simkit.Cities[home].Calling) + strconv.FormatUint(700000000+simkit.Splitmix(g.seed^uint64(i))%299999999, 10)
		idn.verified = true
	}
	// Identities predate every session generated for them, expired ones included.
	idn.created = g.now - g.lifespan - g.rng.Between(30*day, 900*day) - g.rng.Between(0, day)
	idn.updated = idn.created + g.rng.Between(0, 20*day)
	if g.rng.Chance(0.02) {
		idn.inactive = true
		idn.stateChanged = g.now - g.rng.Between(day, 60*day)
		idn.updated = max(idn.updated, idn.stateChanged)
	}
	ident := int32(len(g.st.identities))
	g.st.identities = append(g.st.identities, idn)
	ua := g.primaryUA(idn.schema)
	for range []int{0, 1, 2, 3, 4, 6}[g.rng.Weighted(12, 44, 24, 11, 6, 3)] {
		g.session(ident, home, ua)
	}
}

// unique makes a login name unique by numbering repeats, as sign-up forms force users to.
func (g *generator) unique(local, suffix string) string {
	name := local + suffix
	for n := 2; g.taken[name]; n++ {
		name = local + strconv.Itoa(n) + suffix
	}
	g.taken[name] = true
	return name
}

func (g *generator) primaryUA(schema uint8) int16 {
	if schema == schemaPhone {
		return g.mobileUA[g.rng.IntN(len(g.mobileUA))]
	}
	return int16(g.rng.PickCumulative(g.uaCum))
}

// session adds one session: active (80 %), expired but not yet cleaned up (8 %) or disabled
// (12 %), issued from the user's home city or, now and then, while travelling.
func (g *generator) session(ident int32, home int, ua int16) {
	idn := &g.st.identities[ident]
	n := uint64(len(g.st.sessions))
	s := session{id: newUUID(g.seed, tagSession, n), ident: ident, active: true}
	L := g.lifespan
	switch g.rng.Weighted(80, 8, 12) {
	case 0: // active: most are recent, some are weeks old
		u := g.rng.Float64()
		s.issued = g.now - int64(float64(L)*0.97*u*u) - g.rng.Between(5e9, 60e9)
	case 1: // expired, still listed until Kratos's cleanup runs
		s.issued = g.now - L - g.rng.Between(int64(time.Minute), 20*int64(24*time.Hour))
	default: // disabled by an admin or by the user's "sign out other sessions"
		s.issued = g.now - g.rng.Between(int64(time.Minute), L+5*int64(24*time.Hour))
		s.active = false
	}
	s.issued = max(s.issued, idn.created+int64(time.Hour))
	s.expires = s.issued + L
	if idn.schema == schemaPhone {
		s.combo = comboCode
	} else {
		cum := 0
		w := g.rng.IntN(comboWeightTotal)
		for i, c := range combos {
			if cum += c.weight; w < cum {
				s.combo = uint8(i)
				break
			}
		}
	}
	if combos[s.combo].aal == "aal2" {
		s.authed = s.issued + g.rng.Between(8e9, 90e9)
	} else {
		s.authed = s.issued - g.rng.Between(2e6, 400e6)
	}
	s.created = s.issued / 10000 * 10000
	s.dev = int32(len(g.st.devices))
	s.ndev = 1
	if g.rng.Chance(0.1) {
		s.ndev = 2
	}
	c := home
	if g.rng.Chance(0.1) {
		c = g.rng.City()
	}
	cloudflare := g.rng.Chance(0.35)
	for d := range int(s.ndev) {
		dv := device{id: newUUID(g.seed, tagDevice, uint64(len(g.st.devices))), ua: ua, city: -1}
		if d > 0 || g.rng.Chance(0.15) {
			dv.ua = int16(g.rng.PickCumulative(g.uaCum))
		}
		if g.rng.Chance(0.01) {
			dv.ua = -1
		}
		dv.ip = g.ip(ident, c, uint8(g.rng.Weighted(ipClassWeights...)))
		if cloudflare && dv.ip != "" && !hasPort(dv.ip) {
			dv.city = int16(c)
		}
		g.st.devices = append(g.st.devices, dv)
	}
	g.st.sessions = append(g.st.sessions, s)
}

var comboWeightTotal = func() int {
	t := 0
	for _, c := range combos {
		t += c.weight
	}
	return t
}()

func hasPort(ip string) bool {
	_, err := netip.ParseAddrPort(ip)
	return err == nil
}

// ip renders the address Kratos would have recorded for a request of this class.
func (g *generator) ip(ident int32, c int, class uint8) string {
	port := strconv.Itoa(int(g.rng.Between(32768, 60999)))
	switch class {
	case ipEmpty:
		return ""
	case ipLoopback:
		return "127.0.0.1:" + port
	case ipLoopback6:
		return "[::1]:" + port
	case ipPrivatePeer:
		return "10." + strconv.Itoa(int(g.rng.Between(0, 255))) + "." + strconv.Itoa(int(g.rng.Between(0, 255))) + "." +
			strconv.Itoa(int(g.rng.Between(2, 254))) + ":" + port
	}
	return simkit.PublicIP(g.seed, ident, c, class == ipPublic6).String()
}
