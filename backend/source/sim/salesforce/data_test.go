package salesforcesim

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fixedNow makes two simulators generate from the same instant.
func fixedNow() time.Time { return time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC) }

func dump(t *testing.T, cfg Config) string {
	t.Helper()
	cfg.Now = fixedNow
	e := newEnv(t, cfg)
	r := e.get(queryPath(fullQuery))
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	return string(r.body)
}

func TestDeterminism(t *testing.T) {
	a := dump(t, Config{Users: 100, Seed: 7})
	if b := dump(t, Config{Users: 100, Seed: 7}); a != b {
		t.Error("same seed gave different data")
	}
	if b := dump(t, Config{Users: 100, Seed: 8}); a == b {
		t.Error("different seeds gave the same data")
	}
	g := dump(t, Config{Users: 100, Seed: 7, OrgName: "Globex Ltd"})
	if !strings.Contains(a, "@acme.example") || strings.Contains(g, "@acme.example") || !strings.Contains(g, "@globex.example") {
		t.Error("OrgName does not drive the username domain")
	}
	s1, s2 := New(Config{Seed: 3, Now: fixedNow}), New(Config{Seed: 3, Now: fixedNow})
	if s1.Credentials() != s2.Credentials() || s1.AdminUsername() != "admin@acme.example" {
		t.Errorf("credentials not deterministic: %+v", s1.Credentials())
	}
	if New(Config{Seed: 3, Now: fixedNow, OrgName: "Globex"}).Credentials().ClientID == s1.Credentials().ClientID {
		t.Error("two orgs share a client id")
	}
}

func TestPlantedCases(t *testing.T) {
	e := newEnv(t, Config{Users: 10})
	_, recs, _ := e.queryAll(fullQuery)
	now := e.clock.Now()
	type login struct {
		city    string
		created time.Time
	}
	byUser := map[string][]map[string]any{}
	for _, r := range recs {
		u := r["Users"].(map[string]any)["Username"].(string)
		byUser[u] = append(byUser[u], r)
	}
	active := func(r map[string]any) bool {
		lm, _ := time.Parse("2006-01-02T15:04:05.000-0700", r["LastModifiedDate"].(string))
		return lm.Add(time.Duration(r["NumSecondsValid"].(float64)) * time.Second).After(now)
	}

	// Three continents within an hour.
	var logins []login
	for _, r := range byUser["camille.laurent@acme.example"] {
		if r["SessionType"] == "UI" {
			c, _ := time.Parse("2006-01-02T15:04:05.000-0700", r["CreatedDate"].(string))
			logins = append(logins, login{r["LoginGeo"].(map[string]any)["City"].(string), c})
		}
	}
	slices.SortFunc(logins, func(a, b login) int { return a.created.Compare(b.created) })
	if len(logins) != 3 || logins[0].city != "Paris" || logins[1].city != "New York" || logins[2].city != "Singapore" ||
		logins[2].created.Sub(logins[0].created) > time.Hour {
		t.Errorf("traveller: %+v", logins)
	}

	// The integration user's four-month-old, still valid API session.
	integ := byUser["integration@acme.example"]
	if len(integ) != 1 {
		t.Fatalf("integration sessions: %v", integ)
	}
	r := integ[0]
	c, _ := time.Parse("2006-01-02T15:04:05.000-0700", r["CreatedDate"].(string))
	if r["SessionType"] != "API" || r["LoginType"] != "Remote Access 2.0" || r["UserType"] != "Standard" ||
		now.Sub(c) < 110*24*time.Hour || !active(r) {
		t.Errorf("integration session: %v", r)
	}

	// Exactly six active sessions.
	six := 0
	for _, r := range byUser["priya.raman@acme.example"] {
		if active(r) {
			six++
		}
	}
	if six != 6 || len(byUser["priya.raman@acme.example"]) != 6 {
		t.Errorf("six-session user has %d active of %d", six, len(byUser["priya.raman@acme.example"]))
	}

	// The admin: a UI family and the tool's OAuth session, all IsCurrent for the admin.
	adm := byUser[e.sim.AdminUsername()]
	types := map[string]int{}
	for _, r := range adm {
		types[r["SessionType"].(string)]++
		if r["IsCurrent"] != true || r["Users"].(map[string]any)["Name"] != "Org Admin" {
			t.Errorf("admin session %v", r)
		}
	}
	if types["UI"] != 1 || types["Oauth2"] != 1 || len(adm) < 3 {
		t.Errorf("admin sessions: %v", types)
	}
	for u, rs := range byUser {
		if u == e.sim.AdminUsername() {
			continue
		}
		for _, r := range rs {
			if r["IsCurrent"] != false {
				t.Errorf("%s's session is IsCurrent for the admin", u)
			}
		}
	}
}

func TestDataRealism(t *testing.T) {
	e := newEnv(t, Config{Users: 2000})
	_, recs, _ := e.queryAll(fullQuery)
	n := len(recs)
	if per := float64(n) / 2002; per < 2 || per > 3 {
		t.Errorf("%.2f sessions per user", per)
	}
	if a := len(e.sim.ActiveSessionIDs()); a < n*95/100 || a > n*99/100 {
		t.Errorf("%d of %d active; want about 3%% expired", a, n)
	}
	count := map[string]int{}
	ids := map[string]bool{}
	for _, r := range recs {
		ids[r["Id"].(string)] = true
	}
	for _, r := range recs {
		for _, k := range []string{"SessionType", "LoginType", "SessionSecurityLevel", "UserType"} {
			count[k+"="+r[k].(string)]++
		}
		id, parent := r["Id"].(string), r["ParentId"].(string)
		if id != parent {
			count["child"]++
			if !ids[parent] {
				t.Errorf("child %s of a missing parent %s", id, parent)
			}
		}
		if r["LoginGeo"] == nil {
			count["nogeo"]++
		}
		if r["IsAssociatedWithJwtAccessToken"] == true {
			count["jwt"]++
		}
		ip, err := netip.ParseAddr(r["SourceIp"].(string))
		if err != nil || ip.IsPrivate() || ip.IsLoopback() || ip.IsMulticast() || ip.IsUnspecified() ||
			netip.MustParsePrefix("2001:db8::/32").Contains(ip) || netip.MustParsePrefix("203.0.113.0/24").Contains(ip) ||
			netip.MustParsePrefix("100.64.0.0/10").Contains(ip) {
			t.Errorf("bad SourceIp %v", r["SourceIp"])
		}
		if ip.Is6() {
			count["ipv6"]++
		}
		created, modified := r["CreatedDate"].(string), r["LastModifiedDate"].(string)
		if created > modified {
			t.Errorf("CreatedDate %s after LastModifiedDate %s", created, modified)
		}
		lh := r["LoginHistory"].(map[string]any)
		if lh["LoginTime"].(string) > created || lh["Status"] != "Success" {
			t.Errorf("login history %v for session created %s", lh, created)
		}
		valid := int(r["NumSecondsValid"].(float64))
		if !strings.Contains(" 900 1800 3600 7200 28800 86400 ", " "+strconv.Itoa(valid)+" ") {
			t.Errorf("NumSecondsValid %d", valid)
		}
	}
	for _, k := range []string{"SessionType=UI", "SessionType=Content", "SessionType=Visualforce", "SessionType=Aura",
		"SessionType=TempUIFrontdoor", "SessionType=API", "SessionType=Oauth2", "LoginType=Application",
		"LoginType=SAML Sfdc Initiated SSO", "LoginType=SAML Idp Initiated SSO", "LoginType=Remote Access 2.0",
		"LoginType=Other Apex API", "SessionSecurityLevel=HIGH_ASSURANCE", "UserType=PowerPartner",
		"UserType=CspLitePortal", "UserType=Guest", "child", "nogeo", "jwt", "ipv6"} {
		if count[k] == 0 {
			t.Errorf("no %s in %d sessions", k, n)
		}
	}
	if count["UserType=Standard"] < n*8/10 || count["SessionSecurityLevel=STANDARD"] < n*8/10 {
		t.Errorf("distribution: %v", count)
	}
}

func TestSmallOrg(t *testing.T) {
	e := newEnv(t, Config{Users: 3})
	total, recs, _ := e.queryAll("SELECT Id, Users.Username FROM AuthSession")
	users := map[string]bool{}
	for _, r := range recs {
		users[r["Users"].(map[string]any)["Username"].(string)] = true
	}
	if total != e.sim.SessionCount() || !users["admin@acme.example"] || !users["integration@acme.example"] || len(users) != 5 {
		t.Errorf("small org: %d sessions, users %v", total, users)
	}
}
