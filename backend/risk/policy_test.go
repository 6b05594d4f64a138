package risk

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestResolveDefaultsServerAndOverrides(t *testing.T) {
	r, err := Resolve(Server{}, nil)
	if err != nil || r.Policy.MaxAge != 30*24*time.Hour || r.Policy.TravelKmh != 900 || r.Sources[FieldMaxAge] != FromDefault {
		t.Fatalf("defaults: %+v %v", r, err)
	}
	// Keycloak's ssoSessionMaxLifespan 10 h and ssoSessionIdleTimeout 30 min.
	r, _ = Resolve(Server{IdleTimeout: 30 * time.Minute, MaxLifespan: 10 * time.Hour}, nil)
	if r.Policy.MaxAge != 10*time.Hour || r.Policy.MaxIdle != 30*time.Minute || r.Sources[FieldMaxIdle] != FromServer {
		t.Fatalf("server: %+v", r)
	}
	r, err = Resolve(Server{MaxLifespan: 10 * time.Hour}, map[string]string{"max-age": "2d", FieldApprovedCountries: "fr de",
		FieldMaxIdle: ""})
	if err != nil || r.Policy.MaxAge != 48*time.Hour || r.Sources[FieldMaxAge] != FromOverride ||
		strings.Join(r.Policy.ApprovedCountries, ",") != "DE,FR" || r.Sources[FieldMaxIdle] != FromDefault {
		t.Fatalf("override: %+v %v", r, err)
	}
}

func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	out := map[string]string{}
	for _, f := range ve.Fields {
		out[f.Field] = f.Msg
	}
	return out
}

func TestBadSettingsAreRefusedFieldByField(t *testing.T) {
	p := Defaults()
	err := Apply(&p, map[string]string{
		FieldApprovedNetworks:  "10.0.0.0/8, 10.0.0.300/24",
		FieldApprovedCountries: "FR, XX",
		FieldMaxAge:            "forever",
		FieldNewWithin:         "21",
		FieldTravelKmh:         "fast",
		"colour":               "blue",
	})
	got := fieldErrors(t, err)
	for field, want := range map[string]string{
		FieldApprovedNetworks:  `"10.0.0.300/24" is not a CIDR range`,
		FieldApprovedCountries: `"XX" is not an ISO 3166-1 country code`,
		FieldMaxAge:            `"forever" is not a duration`,
		FieldNewWithin:         "21 is outside 1–20",
		FieldTravelKmh:         `"fast" is not a number`,
		"colour":               "no such setting",
	} {
		if !strings.Contains(got[field], want) {
			t.Errorf("%s: %q, want it to say %q", field, got[field], want)
		}
	}
	if !strings.Contains(err.Error(), "policy not saved") {
		t.Errorf("error %q", err)
	}
	// Nothing of a refused change is applied.
	if len(p.ApprovedNetworks) != 0 || p.MaxAge != Defaults().MaxAge {
		t.Fatalf("partly applied: %+v", p)
	}
	got = fieldErrors(t, Apply(&p, map[string]string{FieldApprovedNetworks: "203.0.113.7", FieldApprovedCountries: "FRA"}))
	if !strings.Contains(got[FieldApprovedNetworks], "write 203.0.113.7/32 for it alone") || !strings.Contains(got[FieldApprovedCountries], `"FRA"`) {
		t.Fatalf("errors %v", got)
	}
	got = fieldErrors(t, Apply(&p, map[string]string{FieldMaxAge: "30s", FieldMaxSessions: "-1"}))
	if got[FieldMaxAge] == "" || got[FieldMaxSessions] == "" {
		t.Fatalf("errors %v", got)
	}
}

func TestNetworksAreNormalised(t *testing.T) {
	p := Defaults()
	if err := Apply(&p, map[string]string{FieldApprovedNetworks: "2001:db8::1/32\n10.1.2.3/8; ::ffff:192.0.2.0/120 10.0.0.0/8"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.0/24", "2001:db8::/32"}
	if len(p.ApprovedNetworks) != len(want) {
		t.Fatalf("networks %v", p.ApprovedNetworks)
	}
	for i, n := range p.ApprovedNetworks {
		if n.String() != want[i] {
			t.Fatalf("networks %v, want %v", p.ApprovedNetworks, want)
		}
	}
	if !p.ApprovedNetworks[1].Contains(netip.MustParseAddr("192.0.2.77")) {
		t.Fatal("an IPv4-mapped range must match plain IPv4 addresses")
	}
}

func TestCanonicalValuesParseBack(t *testing.T) {
	c, err := Canonical(map[string]string{"approved-countries": "us,fr", FieldMaxIdle: "36h", FieldIntegrationMaxAge: "2160h",
		FieldApprovedIntegrations: "Data Loader, backup", FieldTravelKmh: "1000", FieldMaxSessions: ""})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{FieldApprovedCountries: "FR, US", FieldMaxIdle: "36h", FieldIntegrationMaxAge: "90d",
		FieldApprovedIntegrations: "backup, data loader", FieldTravelKmh: "1000"}
	if len(c) != len(want) {
		t.Fatalf("canonical %v", c)
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("%s = %q, want %q", k, c[k], v)
		}
	}
	again, err := Canonical(c)
	if err != nil || len(again) != len(c) {
		t.Fatalf("%v %v", again, err)
	}
	for k := range c {
		if again[k] != c[k] {
			t.Errorf("%s does not parse back: %q → %q", k, c[k], again[k])
		}
	}
}

func TestCountryCodes(t *testing.T) {
	if n := len(countrySet); n != 250 {
		t.Fatalf("%d codes, want the 249 assigned plus XK", n)
	}
	for _, c := range []string{"FR", "SG", "XK", "ZW", "AX"} {
		if !IsCountryCode(c) {
			t.Errorf("%s refused", c)
		}
	}
	for _, c := range []string{"XX", "UK", "EU", "fr", "FRA", ""} {
		if IsCountryCode(c) {
			t.Errorf("%s accepted", c)
		}
	}
}

func TestRulesHaveDistinctBits(t *testing.T) {
	seen := map[uint]bool{}
	for _, ri := range Rules {
		if seen[ri.Bit] || ri.Bit > 62 {
			t.Errorf("bit %d of %s", ri.Bit, ri.Rule)
		}
		seen[ri.Bit] = true
		if r, ok := ParseRule(strings.ToUpper(strings.ReplaceAll(string(ri.Rule), "_", "-"))); !ok || r != ri.Rule {
			t.Errorf("ParseRule(%s)", ri.Rule)
		}
	}
	if _, ok := ParseRule("nope"); ok {
		t.Error("unknown rule parsed")
	}
	if s, ok := ParseSeverity("HIGH"); !ok || s != High || s.String() != "high" {
		t.Error("severity")
	}
}
