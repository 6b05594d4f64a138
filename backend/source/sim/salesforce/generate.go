package salesforcesim

import (
	"cmp"
	"math"
	"net/netip"
	"slices"
	"strconv"

	"sessionscope/backend/source/sim/simkit"
)

// generator builds the deterministic data set of one simulated org. Families (one login and
// the sessions it spawned) are produced in user order, then every table is sorted by time so
// that record ids increase with creation time, as real ids do.
type generator struct {
	rng       simkit.Rand
	seed      uint64
	now       int64
	domain    string // e.g. "acme.example"
	users     []user
	usernames map[string]bool
	suffix    map[string]int // next number to try for a username already taken
	sess      []session
	geos      []geo
	hists     []hist
}

// family describes one login and the sessions it spawned.
type family struct {
	user              int32
	city              int
	ip                netip.Addr
	created, modified int64
	valid             int32
	rootType          uint8
	children          []uint8
	loginType, level  uint8
	logout            uint8
	browser, platform uint8
	app, loginURL     uint8
	noGeo, jwt        bool
}

func newGenerator(seed int64, now int64, domain string) *generator {
	g := &generator{
		rng:       simkit.NewRand(uint64(seed), 0x5a1e5f0cce55),
		seed:      uint64(seed),
		now:       now,
		domain:    domain,
		usernames: map[string]bool{},
		suffix:    map[string]int{},
	}
	return g
}

func (g *generator) addUser(first, last, local, at string, ut uint8, home int) int32 {
	base := local + "@" + at
	un := base
	for n := g.suffix[base]; g.usernames[un]; n++ {
		if n < 2 {
			n = 2
		}
		un = local + strconv.Itoa(n) + "@" + at
		g.suffix[base] = n + 1
	}
	g.usernames[un] = true
	i := int32(len(g.users))
	g.users = append(g.users, user{first: first, last: last, display: first + " " + last, username: un, userType: ut, home: uint8(home)})
	g.users[i].homeIP = simkit.IPFor(g.seed, i, home)
	return i
}

var partnerDomains = []string{"initech-partners.example", "vandelay.example", "hooli-consulting.example", "wonka-industries.example"}

func (g *generator) ordinaryUser() int32 {
	ut := uint8(g.rng.Weighted(88, 6, 4, 2))
	home := g.rng.City()
	if ut == utGuest {
		return g.addUser("Site", "Guest User", "site.guest", g.domain, ut, home)
	}
	first := simkit.FirstNames[g.rng.IntN(len(simkit.FirstNames))]
	last := simkit.LastNames[g.rng.IntN(len(simkit.LastNames))]
	local := simkit.ASCIIFold(first) + "." + simkit.ASCIIFold(last)
	at := g.domain
	switch ut {
	case utPowerPartner:
		at = partnerDomains[g.rng.IntN(len(partnerDomains))]
	case utCspLitePortal:
		at = "customers." + g.domain
	}
	return g.addUser(first, last, local, at, ut, home)
}

// add stores one family and returns the index of its root session (pre-sort numbering).
func (g *generator) add(f family) int32 {
	h := int32(len(g.hists))
	g.hists = append(g.hists, hist{
		loginTime: f.created, user: f.user, ip: f.ip, browser: f.browser, platform: f.platform,
		app: f.app, loginURL: f.loginURL, loginType: f.loginType,
	})
	gi := int32(-1)
	if !f.noGeo {
		c := &simkit.Cities[f.city]
		gi = int32(len(g.geos))
		g.geos = append(g.geos, geo{
			loginTime: f.created,
			lat:       jitter(c.Lat, g.rng.Float64()),
			lon:       jitter(c.Lon, g.rng.Float64()),
			city:      uint8(f.city),
			noPostal:  c.Postal == "" || g.rng.Chance(0.1),
		})
	}
	root := int32(len(g.sess))
	g.sess = append(g.sess, session{
		created: f.created, modified: f.modified, user: f.user, parent: root, geo: gi, hist: h,
		valid: f.valid, sessionType: f.rootType, loginType: f.loginType, level: f.level,
		logout: f.logout, jwt: f.jwt,
	})
	for _, ct := range f.children {
		created := min(f.created+g.rng.Between(1, 90), f.modified)
		modified := max(created, f.modified-g.rng.Between(0, 30))
		g.sess = append(g.sess, session{
			created: created, modified: modified, user: f.user, parent: root, geo: gi, hist: h,
			valid: f.valid, sessionType: ct, loginType: f.loginType, level: f.level, logout: f.logout,
		})
	}
	return root
}

// jitter moves a coordinate by up to ±0.05° and rounds it to 4 decimals, like LoginGeo does.
func jitter(v, r float64) float64 {
	return math.Round((v+(r-0.5)*0.1)*1e4) / 1e4
}

var validities = []int32{900, 1800, 3600, 7200, 28800, 86400}

// times draws CreatedDate and LastModifiedDate for a session valid for valid seconds. An
// active session was last refreshed recently enough to still be valid for two minutes; an
// expired one ran out between one minute and six hours ago.
func (g *generator) times(valid int32, expired bool, maxAge int64) (created, modified int64) {
	v := int64(valid)
	if expired {
		modified = g.now - v - g.rng.Between(60, 6*3600)
	} else {
		// Keep a margin before expiry (a quarter of the validity, at least 7.5 minutes for the
		// shortest timeout) so a demo or an end-to-end run does not watch sessions expire.
		modified = g.now - g.rng.Between(0, v-max(120, min(v/2, max(600, v/4))))
	}
	created = modified - g.rng.Between(0, min(maxAge, 4*v))
	return created, modified
}

func (g *generator) uiFamily(u int32) family {
	us := &g.users[u]
	f := family{user: u, city: int(us.home), rootType: stUI, app: appBrowser, loginURL: loginURLMyDomain}
	if g.rng.Chance(0.12) {
		f.city = g.rng.City()
	}
	f.ip = us.homeIP
	if f.city != int(us.home) {
		f.ip = simkit.IPFor(g.seed, u, f.city)
	}
	f.valid = validities[g.rng.Weighted(5, 10, 15, 40, 20, 10)]
	f.created, f.modified = g.times(f.valid, g.rng.Chance(0.03), 3*86400)
	pHigh := 0.08
	switch us.userType {
	case utStandard:
		f.loginType = uint8(g.rng.Weighted(70, 18, 12))
		if f.loginType != ltApplication {
			f.logout, pHigh = logoutSSO, 0.3
		}
	default:
		f.loginType, f.logout, f.loginURL = ltApplication, logoutPortal, loginURLSite
	}
	if g.rng.Chance(pHigh) {
		f.level = 1
	}
	switch g.rng.Weighted(30, 8, 5, 14, 10, 3, 12, 10, 3, 5) {
	case 0:
		f.browser, f.platform = brChrome, plWindows
	case 1:
		f.browser, f.platform = brFirefox, plWindows
	case 2:
		f.browser, f.platform = brEdge, plWindows
	case 3:
		f.browser, f.platform = brChrome, plMac
	case 4:
		f.browser, f.platform = brSafari, plMac
	case 5:
		f.browser, f.platform = brFirefox, plMac
	case 6:
		f.browser, f.platform = brSafari, plIPhone
	case 7:
		f.browser, f.platform = brChrome, plAndroid
	case 8:
		f.browser, f.platform = brFirefox, plLinux
	default:
		f.browser, f.platform = brChrome, plLinux
	}
	f.noGeo = g.rng.Chance(0.04)
	if us.userType == utGuest {
		return f
	}
	for _, c := range []struct {
		t uint8
		p float64
	}{{stContent, 0.6}, {stVisualforce, 0.35}, {stAura, 0.25}, {stTempUIFrontdoor, 0.08}} {
		if g.rng.Chance(c.p) {
			f.children = append(f.children, c.t)
		}
	}
	return f
}

func (g *generator) apiFamily(u int32) family {
	us := &g.users[u]
	f := family{user: u, city: int(us.home), ip: us.homeIP, loginType: ltRemoteAccess, loginURL: loginURLMyDomain}
	if g.rng.Chance(0.05) {
		f.city = g.rng.City()
		f.ip = simkit.IPFor(g.seed, u, f.city)
	}
	f.valid = validities[g.rng.Weighted(5, 5, 10, 45, 15, 20)]
	f.created, f.modified = g.times(f.valid, g.rng.Chance(0.03), 14*86400)
	if g.rng.Chance(0.55) {
		f.rootType = stOauth2
		f.jwt = g.rng.Chance(0.3)
		switch g.rng.Weighted(50, 25, 25) {
		case 0:
			f.app, f.browser, f.platform = appIOS, brUnknown, plIPhone
		case 1:
			f.app, f.browser, f.platform = appWorkbench, brChrome, plMac
		default:
			f.app, f.browser, f.platform = appDataLoader, brUnknown, plWindows
		}
	} else {
		f.rootType, f.loginURL = stAPI, loginURLLogin
		f.loginType = []uint8{ltOtherApex, ltRemoteAccess, ltApplication}[g.rng.Weighted(50, 30, 20)]
		if g.rng.Chance(0.6) {
			f.app, f.browser, f.platform = appDataLoader, brUnknown, uint8(g.rng.Weighted(60, 40))
		} else {
			f.app, f.browser, f.platform = appWorkbench, brFirefox, plWindows
		}
	}
	if g.rng.Chance(0.03) {
		f.level = 1
	}
	f.noGeo = g.rng.Chance(0.04)
	return f
}

// ordinaryLogins gives a user zero to two interactive logins and zero to two API sessions,
// at least one of either.
func (g *generator) ordinaryLogins(u int32) {
	ui := g.rng.Weighted(40, 52, 8)
	api := g.rng.Weighted(60, 32, 8)
	if g.users[u].userType == utGuest {
		ui, api = 1, 0
	}
	if ui == 0 && api == 0 {
		ui = 1
	}
	for range ui {
		g.add(g.uiFamily(u))
	}
	for range api {
		g.add(g.apiFamily(u))
	}
}

// finish sorts sessions, login history and geo rows by time and renumbers references. It
// also returns the new index of every session by its pre-sort index.
func (g *generator) finish() (*store, []int32) {
	sessOrder := sortedOrder(len(g.sess), func(i int) int64 { return g.sess[i].created })
	histOrder := sortedOrder(len(g.hists), func(i int) int64 { return g.hists[i].loginTime })
	geoOrder := sortedOrder(len(g.geos), func(i int) int64 { return g.geos[i].loginTime })
	sessNew, histNew, geoNew := inverse(sessOrder), inverse(histOrder), inverse(geoOrder)
	st := &store{users: g.users, children: map[int32][]int32{}}
	st.sessions = make([]session, len(g.sess))
	for newI, old := range sessOrder {
		s := g.sess[old]
		s.parent = sessNew[s.parent]
		s.hist = histNew[s.hist]
		if s.geo >= 0 {
			s.geo = geoNew[s.geo]
		}
		st.sessions[newI] = s
		if s.parent != int32(newI) {
			st.children[s.parent] = append(st.children[s.parent], int32(newI))
		}
	}
	st.hists = make([]hist, len(g.hists))
	for newI, old := range histOrder {
		st.hists[newI] = g.hists[old]
	}
	st.geos = make([]geo, len(g.geos))
	for newI, old := range geoOrder {
		st.geos[newI] = g.geos[old]
	}
	st.live = len(st.sessions)
	return st, sessNew
}

func sortedOrder(n int, key func(int) int64) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(key(int(a)), key(int(b))); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

func inverse(order []int32) []int32 {
	inv := make([]int32, len(order))
	for newI, old := range order {
		inv[old] = int32(newI)
	}
	return inv
}
