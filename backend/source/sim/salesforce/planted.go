package salesforcesim

import "sessionscope/backend/source/sim/simkit"

// dataset is the generated org: the store plus the records the simulator treats specially.
type dataset struct {
	st          *store
	admin       int32 // user index of the org admin
	integration int32
	adminUIRoot int32 // session index of the admin's interactive login (root of its family)
	toolSession int32 // session index backing the tool's (admin's) access tokens
}

// Local parts of the planted users' usernames.
const (
	adminLocal       = "admin"
	integrationLocal = "integration"
	travellerLocal   = "camille.laurent"
	sixSessionsLocal = "priya.raman"
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
	ordinary := users
	if users >= 10 {
		g.plantTraveller(g.addUser("Camille", "Laurent", travellerLocal, domain, utStandard, simkit.CityIndex("Paris")))
		g.plantSixSessions(g.addUser("Priya", "Raman", sixSessionsLocal, domain, utStandard, simkit.CityIndex("Bengaluru")))
		ordinary -= 2
	}
	for range ordinary {
		g.ordinaryLogins(g.ordinaryUser())
	}
	st, renum := g.finish()
	return dataset{st: st, admin: admin, integration: integ, adminUIRoot: renum[adminUI], toolSession: renum[tool]}
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
