package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
)

// reviewPlace is one of the places the review fixture spreads sessions over.
type reviewPlace struct {
	cc, country, city string
	lat, lon          float64
	asn               uint32
	org               string
}

var reviewPlaces = []reviewPlace{
	{"FR", "France", "Paris", 48.8566, 2.3522, 3215, "Orange"},
	{"US", "United States", "New York", 40.7128, -74.0060, 7922, "Comcast"},
	{"US", "United States", "Boston", 42.3601, -71.0589, 7922, "Comcast"},
	{"JP", "Japan", "Tokyo", 35.6762, 139.6503, 2516, "KDDI"},
	{"DE", "Germany", "Berlin", 52.5200, 13.4050, 3320, "Deutsche Telekom"},
	{"", "", "", 0, 0, 0, ""}, // private network: no location
}

// reviewSessions spreads n sessions of org over places, browsers, devices, types and times.
func reviewSessions(org string, n int) []session.Session {
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	browsers := []string{"Chrome 142", "Firefox 131", "Safari 18", "Edge 142"}
	platforms := []string{"Windows 11", "Mac OS X 15", "iOS 18", "Linux"}
	devices := []string{"Desktop", "Desktop", "Mobile", "Desktop"}
	out := make([]session.Session, n)
	for i := range out {
		p := reviewPlaces[i%len(reviewPlaces)]
		s := session.Session{
			ID: fmt.Sprintf("%s-%05d", org, i), UserID: fmt.Sprintf("u%03d", i%40),
			Username: fmt.Sprintf("user%03d@example.com", i%40), UserName: fmt.Sprintf("User %03d", i%40),
			SessionType: []string{"UI", "API", "Oauth2"}[i%3], LoginType: []string{"Application", "SAML Sfdc Initiated SSO"}[i%2],
			SecurityLevel: []string{"STANDARD", "HIGH_ASSURANCE"}[(i/2)%2],
			CreatedAt:     base.Add(time.Duration(i) * 7 * time.Minute), LastActiveAt: base.Add(time.Duration(i) * 11 * time.Minute),
			Device: session.Device{Browser: browsers[i%4], Platform: platforms[(i/3)%4], DeviceType: devices[(i/3)%4]},
		}
		if p.cc == "" {
			s.SourceIP = fmt.Sprintf("192.168.%d.%d", i%7, i%250)
			s.Geo = session.Geo{Source: "private"}
		} else {
			lat, lon := p.lat, p.lon
			s.SourceIP = fmt.Sprintf("203.0.%d.%d", i%5, i%250)
			if i%4 == 0 {
				s.SourceIP = fmt.Sprintf("2001:db8:%x::%x", i%3, i)
			}
			s.Geo = session.Geo{City: p.city, Country: p.country, CountryCode: p.cc, Latitude: &lat, Longitude: &lon,
				Source: "dbip", ASN: p.asn, ASNOrg: p.org}
			if i%13 == 0 { // a server that names the city without coordinates
				s.Geo.Latitude, s.Geo.Longitude, s.Geo.Source = nil, nil, "server"
			}
		}
		out[i] = s
	}
	return out
}

// TestEveryFilterAgreesWithAReference runs each filter of the review through the store and
// compares the matching session ids with the same predicate evaluated in Go.
func TestEveryFilterAgreesWithAReference(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	acme, globex := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	old := reviewSessions("acme", 300)
	writeSnapshot(t, s, acme.ID, old, 100)
	// The second Acme snapshot drops 50 sessions and adds 30: "new since previous" = those 30.
	latest := append(slices.Clone(old[50:]), reviewSessions("acme-new", 30)...)
	writeSnapshot(t, s, acme.ID, latest, 100)
	writeSnapshot(t, s, globex.ID, reviewSessions("globex", 200), 100)
	all := map[string]session.Session{}
	for _, x := range latest {
		all[x.ID] = x
	}
	for _, x := range reviewSessions("globex", 200) {
		all[x.ID] = x
	}
	newIDs := map[string]bool{}
	for _, x := range reviewSessions("acme-new", 30) {
		newIDs[x.ID] = true
	}
	at := func(h int) time.Time { return time.Date(2026, 11, 1, h, 0, 0, 0, time.UTC) }
	cases := []struct {
		name string
		f    session.Filter
		want func(x session.Session) bool
	}{
		{"country", session.Filter{Countries: []string{"us"}}, func(x session.Session) bool { return x.Geo.CountryCode == "US" }},
		{"two countries", session.Filter{Countries: []string{"JP", "DE"}}, func(x session.Session) bool {
			return x.Geo.CountryCode == "JP" || x.Geo.CountryCode == "DE"
		}},
		{"country and type", session.Filter{Countries: []string{"FR"}, SessionType: "API"}, func(x session.Session) bool {
			return x.Geo.CountryCode == "FR" && x.SessionType == "API"
		}},
		{"city, any case", session.Filter{City: "new york"}, func(x session.Session) bool { return x.Geo.City == "New York" }},
		{"place: located sessions only", session.Filter{Place: "us boston"}, func(x session.Session) bool {
			return x.Geo.City == "Boston" && x.Geo.Latitude != nil
		}},
		{"ASN", session.Filter{ASN: "AS7922"}, func(x session.Session) bool { return x.Geo.ASN == 7922 }},
		{"login type", session.Filter{LoginType: "SAML Sfdc Initiated SSO"}, func(x session.Session) bool { return x.LoginType == "SAML Sfdc Initiated SSO" }},
		{"security level", session.Filter{SecurityLevel: "HIGH_ASSURANCE"}, func(x session.Session) bool { return x.SecurityLevel == "HIGH_ASSURANCE" }},
		{"browser prefix, any case", session.Filter{Browser: "chrome"}, func(x session.Session) bool { return strings.HasPrefix(x.Device.Browser, "Chrome") }},
		{"OS prefix", session.Filter{Platform: "Mac"}, func(x session.Session) bool { return strings.HasPrefix(x.Device.Platform, "Mac") }},
		{"device", session.Filter{DeviceType: "Mobile"}, func(x session.Session) bool { return x.Device.DeviceType == "Mobile" }},
		{"login-time range", session.Filter{CreatedFrom: at(5), CreatedTo: at(20)}, func(x session.Session) bool {
			return !x.CreatedAt.Before(at(5)) && x.CreatedAt.Before(at(20))
		}},
		{"last-active range, open end", session.Filter{ActiveFrom: at(30)}, func(x session.Session) bool { return !x.LastActiveAt.Before(at(30)) }},
		{"IPv4 CIDR", session.Filter{IP: "203.0.2.0/24"}, func(x session.Session) bool { return strings.HasPrefix(x.SourceIP, "203.0.2.") }},
		{"IPv6 CIDR", session.Filter{IP: "2001:db8:1::/48"}, func(x session.Session) bool { return strings.HasPrefix(x.SourceIP, "2001:db8:1::") }},
		{"new since previous snapshot", session.Filter{NewOnly: true}, func(x session.Session) bool {
			return newIDs[x.ID] || strings.HasPrefix(x.ID, "globex") // Globex has one snapshot: all new
		}},
		{"new in Acme only", session.Filter{NewOnly: true, ConnectionIDs: []int64{acme.ID}}, func(x session.Session) bool { return newIDs[x.ID] }},
		{"free text: a user", session.Filter{Text: "USER01"}, func(x session.Session) bool { return strings.HasPrefix(x.Username, "user01") }},
		{"free text: a city", session.Filter{Text: "tok"}, func(x session.Session) bool { return x.Geo.City == "Tokyo" }},
		{"free text: a country code", session.Filter{Text: "de"}, func(x session.Session) bool { return x.Geo.CountryCode == "DE" }},
		{"free text: an IP", session.Filter{Text: "192.168.3."}, func(x session.Session) bool { return strings.HasPrefix(x.SourceIP, "192.168.3.") }},
		{"free text: a browser", session.Filter{Text: "firefox"}, func(x session.Session) bool { return strings.HasPrefix(x.Device.Browser, "Firefox") }},
		{"user text that looks like SQL", session.Filter{Text: "'; DROP TABLE sessions; --"}, func(session.Session) bool { return false }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			for id, x := range all {
				inOrg := len(c.f.ConnectionIDs) == 0 || strings.HasPrefix(id, "acme")
				if inOrg && c.want(x) {
					want = append(want, id)
				}
			}
			slices.Sort(want)
			var got []string
			for off := 0; ; off += 200 {
				rows, total, err := s.Query(ctx, session.Query{Filter: c.f, Sort: "username", Offset: off, Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				if total != len(want) {
					t.Fatalf("total = %d, want %d", total, len(want))
				}
				for _, r := range rows {
					got = append(got, r.ID)
				}
				if len(rows) < 200 {
					break
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("got %d ids, want %d (first got %v, first want %v)", len(got), len(want), head2(got), head2(want))
			}
		})
	}
	// The table survived the SQL-looking text.
	if _, total, err := s.Query(ctx, session.Query{Limit: 1}); err != nil || total != len(all) {
		t.Fatalf("after the SQL-looking filter: %d rows, %v", total, err)
	}
}

func head2(ids []string) []string { return ids[:min(3, len(ids))] }

func TestBadFiltersGetAMessageAUserCanActOn(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, reviewSessions("a", 10), 10)
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []session.Filter{
		{Countries: []string{"USA"}}, {Countries: []string{"1A"}}, {ASN: "Comcast"}, {IP: "10.0.0.0/40"},
		{CreatedFrom: at, CreatedTo: at.Add(-time.Hour)}, {ActiveFrom: at, ActiveTo: at}, {City: strings.Repeat("x", 201)},
	} {
		_, _, err := s.Query(ctx, session.Query{Filter: f, Limit: 10})
		var fe *session.FilterError
		if !errors.As(err, &fe) {
			t.Errorf("filter %+v: %v, want a FilterError", f, err)
		}
		if _, err := s.MapPoints(ctx, f, 100); !errors.As(err, &fe) {
			t.Errorf("map with filter %+v: %v, want a FilterError", f, err)
		}
	}
}

func TestMapAggregatesByPlaceFromSummariesAndLive(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	acme, globex := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	a, g := reviewSessions("acme", 300), reviewSessions("globex", 120)
	writeSnapshot(t, s, acme.ID, a, 100)
	writeSnapshot(t, s, globex.ID, g, 100)
	type agg struct{ sessions, users int }
	reference := func(keep func(session.Session) bool) (map[string]agg, int, int) {
		out := map[string]agg{}
		located, unlocated := 0, 0
		for _, org := range [][]session.Session{a, g} {
			users := map[string]map[string]bool{}
			for _, x := range org {
				if !keep(x) {
					continue
				}
				if x.Geo.Latitude == nil {
					unlocated++
					continue
				}
				located++
				k := strings.ToLower(x.Geo.CountryCode + " " + x.Geo.City)
				v := out[k]
				v.sessions++
				if users[k] == nil {
					users[k] = map[string]bool{}
				}
				if !users[k][x.Username] {
					users[k][x.Username] = true
					v.users++
				}
				out[k] = v
			}
		}
		return out, located, unlocated
	}
	check := func(name string, f session.Filter, keep func(session.Session) bool) {
		t.Helper()
		res, err := s.MapPoints(ctx, f, 1000)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, located, unlocated := reference(keep)
		if res.Located != located || res.Unlocated != unlocated || res.Places != len(want) || len(res.Points) != len(want) {
			t.Fatalf("%s: located %d/%d unlocated %d/%d places %d/%d", name, res.Located, located, res.Unlocated, unlocated, res.Places, len(want))
		}
		for i, p := range res.Points {
			w := want[p.Place]
			if p.Sessions != w.sessions || p.Users != w.users {
				t.Fatalf("%s: %s = %d sessions %d users, want %+v", name, p.Place, p.Sessions, p.Users, w)
			}
			if i > 0 && res.Points[i-1].Sessions < p.Sessions {
				t.Fatalf("%s: places not largest first", name)
			}
			ref := reviewPlaces[slices.IndexFunc(reviewPlaces, func(r reviewPlace) bool { return r.city == p.City })]
			if math.Abs(p.Latitude-ref.lat) > 1e-9 || math.Abs(p.Longitude-ref.lon) > 1e-9 {
				t.Fatalf("%s: %s at %v,%v", name, p.Place, p.Latitude, p.Longitude)
			}
		}
	}
	check("unfiltered (per-snapshot summaries)", session.Filter{}, func(session.Session) bool { return true })
	check("one country (live)", session.Filter{Countries: []string{"US"}}, func(x session.Session) bool { return x.Geo.CountryCode == "US" })
	check("one org (summaries)", session.Filter{ConnectionIDs: []int64{globex.ID}}, func(x session.Session) bool { return strings.HasPrefix(x.ID, "globex") })
	check("mobile API sessions (live)", session.Filter{DeviceType: "Mobile", SessionType: "API"}, func(x session.Session) bool {
		return x.Device.DeviceType == "Mobile" && x.SessionType == "API"
	})
	cut, err := s.MapPoints(ctx, session.Filter{}, 2)
	if err != nil || len(cut.Points) != 2 || cut.Places != 5 {
		t.Fatalf("limit 2: %d points of %d places, %v", len(cut.Points), cut.Places, err)
	}
	top, err := s.PlaceUsers(ctx, session.Filter{}, "jp tokyo", 3)
	if err != nil || len(top) != 3 || top[0].Sessions < top[2].Sessions || top[0].Username == "" {
		t.Fatalf("Tokyo's top users = %+v, %v", top, err)
	}
}

func TestTravelPathLegsAndImpossibleSpeed(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	mk := func(id string, p reviewPlace, created time.Time) session.Session {
		lat, lon := p.lat, p.lon
		return session.Session{ID: id, Username: "Traveller@example.com", CreatedAt: created, LastActiveAt: created,
			Geo: session.Geo{City: p.city, CountryCode: p.cc, Country: p.country, Latitude: &lat, Longitude: &lon, Source: "server"}}
	}
	paris, ny, tokyo := reviewPlaces[0], reviewPlaces[1], reviewPlaces[3]
	writeSnapshot(t, s, c.ID, []session.Session{
		mk("s3", tokyo, at.Add(2*time.Hour)),     // 10,850 km in 1 h after New York: impossible
		mk("s1", paris, at),                      // first login
		mk("s2", ny, at.Add(time.Hour)),          // 5,837 km in 1 h: impossible
		mk("s2b", ny, at.Add(70*time.Minute)),    // same place: no leg
		mk("s4", tokyo, at.Add(30*24*time.Hour)), // same place again
		{ID: "s5", Username: "traveller@example.com", CreatedAt: at.Add(3 * time.Hour)}, // no location
		mk("s6", paris, at.Add(40*24*time.Hour)),                                        // back to Paris after ten days: plausible
		mk("s1b", paris, at.Add(time.Minute)),                                           // a second login from Paris: no leg
	}, 10)
	tr, err := s.UserTravel(ctx, "TRAVELLER@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, st := range tr.Stops {
		ids = append(ids, st.SessionID)
	}
	if !slices.Equal(ids, []string{"s1", "s1b", "s2", "s2b", "s3", "s4", "s6"}) || tr.Unlocated != 1 {
		t.Fatalf("stops = %v, unlocated %d", ids, tr.Unlocated)
	}
	if len(tr.Legs) != 3 {
		t.Fatalf("legs = %+v; want Paris→New York, New York→Tokyo, Tokyo→Paris", tr.Legs)
	}
	pny := tr.Legs[0]
	if tr.Stops[pny.From].City != "Paris" || tr.Stops[pny.To].City != "New York" || math.Abs(pny.Km-5837) > 15 ||
		!pny.Impossible || pny.Kmh < 5000 {
		t.Fatalf("Paris → New York = %+v", pny)
	}
	if !tr.Legs[1].Impossible || tr.Legs[2].Impossible {
		t.Fatalf("New York → Tokyo in 1 h must be impossible, Tokyo → Paris in 10 days not: %+v", tr.Legs)
	}
	if _, err := s.UserTravel(ctx, " ", nil); err == nil {
		t.Fatal("no user: want an error")
	}
}

func TestFacetsAndNewDevices(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	before := reviewSessions("a", 60)
	writeSnapshot(t, s, c.ID, before, 100)
	after := slices.Clone(before)
	after = append(after, session.Session{ID: "n1", Username: "user001@example.com",
		Device: session.Device{Browser: "Opera 100", Platform: "Windows 11"}})
	writeSnapshot(t, s, c.ID, after, 100)
	f, err := s.Facets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, cc := range f.Countries {
		codes = append(codes, cc.Code+"="+cc.Name)
	}
	if !slices.Equal(codes, []string{"DE=Germany", "FR=France", "JP=Japan", "US=United States"}) ||
		!slices.Equal(f.SessionTypes, []string{"API", "Oauth2", "UI"}) || !slices.Equal(f.DeviceTypes, []string{"Desktop", "Mobile"}) ||
		!slices.Equal(f.SecurityLevels, []string{"HIGH_ASSURANCE", "STANDARD"}) || len(f.LoginTypes) != 2 {
		t.Fatalf("facets = %+v (countries %v)", f, codes)
	}
	d, err := s.CompareSnapshots(ctx, c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.NewDeviceCount != 1 || d.NewDevices[0] != (UserDevice{"user001@example.com", "Opera 100", "Windows 11"}) || d.NewSessions != 1 {
		t.Fatalf("diff = %+v", d)
	}
}
