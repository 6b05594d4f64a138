package risk

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func withCountries(cc ...string) func(*Policy) {
	return func(p *Policy) { p.ApprovedCountries = cc }
}

func withNetworks(t *testing.T, cidr ...string) func(*Policy) {
	var nets []netip.Prefix
	for _, c := range cidr {
		nets = append(nets, netip.MustParsePrefix(c))
	}
	return func(p *Policy) { p.ApprovedNetworks = nets }
}

func TestCountryOutsidePolicy(t *testing.T) {
	f := wantOne(t, run(t, withCountries("DE", "FR"), at(1, "u", "Paris", time.Hour), at(2, "v", "Singapore", time.Hour)), CountryOutside)
	if f.Severity != High || f.Reason != "from Singapore (SG), not an approved country (DE and FR)" || f.Rows[0] != 2 {
		t.Fatalf("flag %+v", f)
	}
	unknown := at(3, "w", "Singapore", time.Hour)
	unknown.CountryCode = ""
	private := at(4, "x", "Singapore", time.Hour)
	private.GeoSource = "private"
	wantNone(t, run(t, withCountries("FR"), unknown, private), CountryOutside)
	wantNone(t, run(t, nil, at(1, "u", "Singapore", time.Hour)), CountryOutside) // no list: not judged
}

func TestNetworkOutsidePolicyIPv4AndIPv6(t *testing.T) {
	pol := withNetworks(t, "81.250.0.0/16", "2001:db8::/32")
	berlin := at(2, "u", "Berlin", time.Hour) // 2001:db8:10::5
	outside6 := at(3, "u", "Berlin", time.Hour)
	outside6.IP = netip.MustParseAddr("2001:db9::1")
	flags := run(t, pol, at(1, "u", "Paris", time.Hour), berlin, outside6, at(4, "u", "London", time.Hour))
	got := only(flags, NetworkOutside)
	if len(got) != 2 || got[0].Rows[0]+got[1].Rows[0] != 3+4 {
		t.Fatalf("flags %+v", got)
	}
	for _, f := range got {
		if f.Rows[0] == 3 && f.Reason != "2001:db9::1 is outside the approved IP ranges (2 ranges)" {
			t.Errorf("reason %q", f.Reason)
		}
	}
	// Private, loopback and link-local addresses are the org's own: not judged.
	for _, ip := range []string{"10.1.2.3", "192.168.0.9", "127.0.0.1", "fd00::1", "fe80::1", "::1"} {
		o := at(1, "u", "Paris", time.Hour)
		o.IP = netip.MustParseAddr(ip)
		wantNone(t, run(t, pol, o), NetworkOutside)
	}
	// An IPv4-only list judges IPv6 sessions as outside.
	wantOne(t, run(t, withNetworks(t, "81.250.0.0/16"), berlin), NetworkOutside)
	noIP := at(1, "u", "Paris", time.Hour)
	noIP.IP = netip.Addr{}
	wantNone(t, run(t, pol, noIP), NetworkOutside)
}

func TestAgeAndIdleAtAndBeyondTheLimits(t *testing.T) {
	pol := func(p *Policy) { p.MaxAge, p.MaxIdle = 7*24*time.Hour, 24*time.Hour }
	exact := at(1, "u", "Paris", 7*24*time.Hour)
	exact.LastActive = ago(24 * time.Hour)
	flags := run(t, pol, exact)
	wantNone(t, flags, TooOld)
	wantNone(t, flags, TooIdle)
	over := at(2, "u", "Paris", 7*24*time.Hour+time.Second)
	over.LastActive = ago(3*24*time.Hour + 4*time.Hour)
	flags = run(t, pol, over)
	if f := wantOne(t, flags, TooOld); f.Reason != "signed in 7 days ago (policy: at most 7 days)" || f.Severity != Medium {
		t.Errorf("too old: %+v", f)
	}
	if f := wantOne(t, flags, TooIdle); f.Reason != "unused for 3 days 4 h (policy: at most 24 h)" || f.Severity != Low {
		t.Errorf("too idle: %+v", f)
	}
	// 0 is no limit; unknown times are not judged.
	wantNone(t, run(t, func(p *Policy) { p.MaxAge = 0 }, over), TooOld)
	unknown := over
	unknown.Created, unknown.LastActive = 0, 0
	flags = run(t, pol, unknown)
	wantNone(t, flags, TooOld)
	wantNone(t, flags, TooIdle)
}

func TestServerClockSkew(t *testing.T) {
	// The server's clock runs 10 minutes ahead: its newest activity is "in the future" for us.
	skew := 10 * time.Minute
	newest := t0.Add(skew - 30*time.Second)
	ref := ReferenceTime(t0, newest)
	if !ref.Equal(newest) {
		t.Fatalf("reference %v, want the newest activity %v", ref, newest)
	}
	if got := ReferenceTime(t0, t0.Add(3*time.Hour)); !got.Equal(t0) {
		t.Fatalf("an absurd timestamp moved the reference to %v", got)
	}
	if got := ReferenceTime(t0, t0.Add(-time.Hour)); !got.Equal(t0) {
		t.Fatalf("reference %v", got)
	}
	// Judged on the server's clock, sessions idle exactly up to the limit are not flagged,
	// though on ours they look ten minutes younger or idler.
	pol := Defaults()
	o := at(1, "u", "Paris", 0)
	o.Created, o.LastActive = t0.Add(skew-24*time.Hour).UnixMilli(), t0.Add(skew-24*time.Hour).UnixMilli()
	future := at(2, "v", "Paris", 0)
	future.Created, future.LastActive = t0.Add(skew).UnixMilli(), t0.Add(skew).UnixMilli()
	flags, _ := Compute(Context{Policy: pol, Now: ReferenceTime(t0, t0.Add(skew))}, []Obs{o, future})
	wantNone(t, flags, TooIdle)
	wantNone(t, flags, TooOld)
	// Travel compares the server's own timestamps with each other: the skew cancels out.
	a, b := at(3, "w", "Paris", 38*time.Minute), at(4, "w", "Singapore", 7*time.Minute)
	a.Created += skew.Milliseconds()
	b.Created += skew.Milliseconds()
	f := wantOne(t, run(t, nil, a, b), ImpossibleTravel)
	if !strings.Contains(f.Reason, "in 31 min") {
		t.Fatalf("reason %q", f.Reason)
	}
}

func TestTooManySessions(t *testing.T) {
	var six []Obs
	for i := range 6 {
		six = append(six, at(int64(i+1), "priya", "Paris", time.Duration(i+1)*time.Minute))
	}
	f := wantOne(t, run(t, nil, six...), TooManySessions)
	if f.Reason != "6 sessions at once (policy: at most 5)" || len(f.Rows) != 6 {
		t.Fatalf("flag %+v", f)
	}
	wantNone(t, run(t, nil, six[:5]...), TooManySessions)
	wantNone(t, run(t, func(p *Policy) { p.MaxSessions = 0 }, six...), TooManySessions)
	// Sessions without a user are not one user's.
	for i := range six {
		six[i].UserKey = ""
	}
	wantNone(t, run(t, nil, six...), TooManySessions)
}

func integrationSession(row int64, user, app string, age, idle time.Duration) Obs {
	o := at(row, user, "Paris", age)
	o.SessionType, o.Application, o.Browser, o.Platform = "API", app, "Unknown", "Linux"
	o.LastActive = ago(idle)
	return o
}

func TestIntegrationSessions(t *testing.T) {
	old := integrationSession(1, "integration@acme.example", "Data Loader", 122*24*time.Hour, 17*time.Minute)
	flags := run(t, nil, old)
	f := wantOne(t, flags, IntegrationStale)
	if f.Reason != "API session of integration@acme.example signed in 122 days ago (policy: at most 90 days)" {
		t.Fatalf("reason %q", f.Reason)
	}
	wantNone(t, flags, TooOld) // an integration is judged by its own limits
	wantNone(t, flags, IntegrationUnapproved)
	unused := integrationSession(2, "etl", "", 40*24*time.Hour, 35*24*time.Hour)
	if f := wantOne(t, run(t, nil, unused), IntegrationStale); f.Reason != "API session of etl unused for 35 days (policy: at most 30 days)" {
		t.Fatalf("reason %q", f.Reason)
	}
	fresh := integrationSession(3, "etl", "Data Loader", time.Hour, time.Minute)
	approve := func(names ...string) func(*Policy) {
		return func(p *Policy) {
			if err := Apply(p, map[string]string{FieldApprovedIntegrations: strings.Join(names, ",")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	f = wantOne(t, run(t, approve("backup-bot"), fresh), IntegrationUnapproved)
	if f.Severity != High || f.Reason != "API session of etl / client Data Loader: not on the approved integration list" {
		t.Fatalf("flag %+v", f)
	}
	wantNone(t, run(t, approve("ETL"), fresh), IntegrationUnapproved)         // by user
	wantNone(t, run(t, approve("data loader"), fresh), IntegrationUnapproved) // by client
	// Interactive sessions are not integrations; Keycloak offline sessions and service accounts are.
	wantNone(t, run(t, approve("backup-bot"), at(4, "u", "Paris", time.Hour)), IntegrationUnapproved)
	offline := at(5, "alice", "Paris", time.Hour)
	offline.SessionType = "OFFLINE"
	svc := at(6, "service-account-etl", "Paris", time.Hour)
	svc.SessionType = "REGULAR"
	if got := only(run(t, approve("backup-bot"), offline, svc), IntegrationUnapproved); len(got) != 2 {
		t.Fatalf("flags %+v", got)
	}
}
