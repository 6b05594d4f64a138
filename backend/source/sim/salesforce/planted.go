package salesforcesim

import (
	"net/netip"

	"sessionscope/backend/source/sim/simkit"
)

// Planted cases, for the suspicious-session flags to find (the same for every seed; with
// Users >= 10, in place of four ordinary users; PlantedUsers names them):
//
//   - "integration": integration@<domain>, an API session (Data Loader) created about four
//     months ago and still valid — a months-old API session;
//   - "traveller": camille.laurent@, interactive logins from Paris, New York and Singapore
//     within one hour — three continents;
//   - "six-sessions": priya.raman@, exactly six active sessions;
//   - "outside-country": sofia.martins@ (home Lisbon), a UI login 25 minutes ago from Moscow,
//     Russia (95.165.10.20, a Russian block, so GeoIP agrees) — a country outside a typical
//     approved list;
//   - "drift": chloe.dubois@ (Lyon), a UI session from Lyon that, on the first SimulateLogins
//     (the demo's next refresh), is reused from Lagos, Nigeria (197.210.64.9): its LoginHistory
//     and LoginGeo (and so the SourceIp shown) now point to the new login — one session id seen
//     from another network and country in a later snapshot.

// dataset is the generated org: the store plus the records the simulator treats specially.
type dataset struct {
	st          *store
	admin       int32 // user index of the org admin
	integration int32
	adminUIRoot int32 // session index of the admin's interactive login (root of its family)
	toolSession int32 // session index backing the tool's (admin's) access tokens
	drift       int32 // session index of the drifting session, -1 without planted cases
	planted     map[string]int32
}

// Local parts of the planted users' usernames.
const (
	adminLocal       = "admin"
	integrationLocal = "integration"
	travellerLocal   = "camille.laurent"
	sixSessionsLocal = "priya.raman"
	outsideLocal     = "sofia.martins"
	driftLocal       = "chloe.dubois"
)

// Fixed addresses of the planted cases, in blocks registered in their countries.
var (
	moscowIP = netip.MustParseAddr("95.165.10.20")
	lagosIP  = netip.MustParseAddr("197.210.64.9")
)

// generate builds the org: the admin, the integration user, the planted users (when
// users >= 10) and the ordinary users with their sessions.
func generate(users int, seed, now int64, domain string) dataset {
	g := newGenerator(seed, now, domain)
	g.users = make([]user, 0, users+4)
	g.sess = make([]session, 0, users*3+16)
	g.hists = make([]hist, 0, users*3/2+16)
	g.geos = make([]geo, 0, users*3/2+16)
	admin := g.addUser("Org", "Admin", adminLocal, domain, utStandard, g.rng.City())
	integ := g.addUser("Integration", "User", integrationLocal, domain, utStandard, g.rng.City())
	adminUI, tool := g.plantAdmin(admin)
	g.plantIntegration(integ)
	planted := map[string]int32{"integration": integ}
	ordinary := users
	if users >= 10 {
		planted["traveller"] = g.addUser("Camille", "Laurent", travellerLocal, domain, utStandard, simkit.CityIndex("Paris"))
		g.plantTraveller(planted["traveller"])
		planted["six-sessions"] = g.addUser("Priya", "Raman", sixSessionsLocal, domain, utStandard, simkit.CityIndex("Bengaluru"))
		g.plantSixSessions(planted["six-sessions"])
		ordinary -= 4
	}
	for range ordinary {
		g.ordinaryLogins(g.ordinaryUser())
	}
	drift := int32(-1)
	if users >= 10 {
		// After the ordinary users, so that their data is what it was before these were planted.
		planted["outside-country"] = g.addUser("Sofia", "Martins", outsideLocal, domain, utStandard, simkit.CityIndex("Lisbon"))
		g.plantOutsideCountry(planted["outside-country"])
		planted["drift"] = g.addUser("Chloé", "Dubois", driftLocal, domain, utStandard, simkit.CityIndex("Lyon"))
		drift = g.plantDrift(planted["drift"])
	}
	st, renum := g.finish()
	if drift >= 0 {
		drift = renum[drift]
	}
	return dataset{st: st, admin: admin, integration: integ, adminUIRoot: renum[adminUI], toolSession: renum[tool],
		drift: drift, planted: planted}
}

func (g *generator) fixed(u int32, cityName string, app, browser, platform uint8) family {
	c := simkit.CityIndex(cityName)
	f := family{user: u, city: c, ip: simkit.IPFor(g.seed, u, c), app: app, browser: browser, platform: platform, loginURL: loginURLMyDomain}
	if c == int(g.users[u].home) {
		f.ip = g.users[u].homeIP
	}
	return f
}

// plantAdmin gives the admin one interactive login (UI + Content + Visualforce) and the
// OAuth session of this tool. Returns both roots (pre-sort numbering).
func (g *generator) plantAdmin(u int32) (ui, tool int32) {
	home := simkit.Cities[g.users[u].home].Name
	f := g.fixed(u, home, appBrowser, brChrome, plMac)
	f.rootType, f.children, f.loginType, f.level = stUI, []uint8{stContent, stVisualforce}, ltApplication, 1
	f.valid, f.created, f.modified = 7200, g.now-40*60-g.rng.Between(0, 59), g.now-4*60
	ui = g.add(f)
	t := g.fixed(u, home, appSessionScope, brUnknown, plUnknown)
	t.rootType, t.loginType = stOauth2, ltRemoteAccess
	t.valid, t.created = 7200, g.now-3*60
	t.modified = t.created
	tool = g.add(t)
	return ui, tool
}

// plantIntegration: an API session created about four months ago that is still valid
// because the integration keeps using (and so refreshing) it.
func (g *generator) plantIntegration(u int32) {
	f := g.fixed(u, simkit.Cities[g.users[u].home].Name, appDataLoader, brUnknown, plLinux)
	f.rootType, f.loginType, f.loginURL = stAPI, ltRemoteAccess, loginURLLogin
	f.valid = 86400
	f.created = g.now - 122*86400 - g.rng.Between(0, 3600)
	f.modified = g.now - 17*60
	g.add(f)
}

// plantTraveller: interactive logins from Paris, New York and Singapore within one hour.
func (g *generator) plantTraveller(u int32) {
	for _, l := range []struct {
		city              string
		ago               int64
		browser, platform uint8
		children          []uint8
	}{
		{"Paris", 58 * 60, brChrome, plWindows, []uint8{stContent}},
		{"New York", 31 * 60, brSafari, plIPhone, nil},
		{"Singapore", 7 * 60, brChrome, plMac, []uint8{stVisualforce}},
	} {
		f := g.fixed(u, l.city, appBrowser, l.browser, l.platform)
		f.rootType, f.children, f.loginType = stUI, l.children, ltApplication
		f.valid, f.created = 7200, g.now-l.ago
		f.modified = f.created + 60
		g.add(f)
	}
}

// plantSixSessions: exactly six active sessions — one interactive family of four plus a
// mobile OAuth session and a Data Loader API session.
func (g *generator) plantSixSessions(u int32) {
	f := g.fixed(u, "Bengaluru", appBrowser, brEdge, plWindows)
	f.rootType, f.children, f.loginType = stUI, []uint8{stContent, stVisualforce, stAura}, ltSAMLSfdc
	f.logout, f.valid = logoutSSO, 28800
	f.created, f.modified = g.now-3*3600, g.now-20*60
	g.add(f)
	m := g.fixed(u, "Bengaluru", appIOS, brUnknown, plIPhone)
	m.rootType, m.loginType, m.valid = stOauth2, ltRemoteAccess, 86400
	m.created, m.modified = g.now-2*86400, g.now-3600
	g.add(m)
	a := g.fixed(u, "Bengaluru", appDataLoader, brUnknown, plWindows)
	a.rootType, a.loginType, a.loginURL, a.valid = stAPI, ltOtherApex, loginURLLogin, 7200
	a.created, a.modified = g.now-50*60, g.now-10*60
	g.add(a)
}

// plantOutsideCountry: a UI login 25 minutes ago from Moscow.
func (g *generator) plantOutsideCountry(u int32) {
	f := g.fixed(u, "Moscow", appBrowser, brChrome, plWindows)
	f.ip = moscowIP
	f.rootType, f.loginType, f.valid = stUI, ltApplication, 7200
	f.created, f.modified = g.now-25*60, g.now-4*60
	g.add(f)
}

// plantDrift: a UI session from home two hours ago; SimulateLogins later moves it to Lagos.
func (g *generator) plantDrift(u int32) int32 {
	f := g.fixed(u, "Lyon", appBrowser, brFirefox, plMac)
	f.rootType, f.children, f.loginType, f.valid = stUI, []uint8{stContent}, ltApplication, 28800
	f.created, f.modified = g.now-2*3600, g.now-30*60
	return g.add(f)
}

// reuseDriftLocked is the drifting session's reuse from Lagos: a new LoginHistory and LoginGeo
// row, which the session family (root and children) now points to, refreshed at now. The
// caller holds st.mu for writing.
func (s *Server) reuseDriftLocked(now int64) {
	st := s.st
	i := s.data.drift
	if i < 0 || st.sessions[i].deleted || st.sessions[i].expiresAt() <= now {
		return
	}
	lagos := simkit.CityIndex("Lagos")
	f := family{rootType: stUI, loginType: ltApplication, app: appBrowser, loginURL: loginURLMyDomain,
		browser: brChrome, platform: plAndroid, valid: st.sessions[i].valid}
	h, geo := st.appendLoginRecords(st.sessions[i].user, now, f, lagos, lagosIP)
	for _, j := range append([]int32{i}, st.children[i]...) {
		st.sessions[j].hist, st.sessions[j].geo, st.sessions[j].modified = h, geo, now
	}
}

// PlantedUsers maps each planted case ("integration", "traveller", "six-sessions",
// "outside-country", "drift") to the username it was planted on.
func (s *Server) PlantedUsers() map[string]string {
	out := map[string]string{}
	for k, u := range s.data.planted {
		out[k] = s.st.users[u].username
	}
	return out
}

// DriftSessionID is the 18-character id of the planted drifting session, "" without one.
func (s *Server) DriftSessionID() string {
	if s.data.drift < 0 {
		return ""
	}
	return s.st.ids.session.id18(int(s.data.drift))
}
