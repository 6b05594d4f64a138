package geo

import (
	"context"
	"strings"
	"testing"

	"sessionscope/backend/session"
)

func enrichOne(e *Enricher, s session.Session) session.Session {
	page := []session.Session{s}
	e.Enrich(context.Background(), page)
	return page[0]
}

func TestCityDBKnownAnswers(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB})
	cases := []struct{ input, ip string }{
		{"81.2.69.142", "81.2.69.142"},
		{"216.160.83.56:443", "216.160.83.56"},
		{"[2001:480:10::1]:8080", "2001:480:10::1"},
		{"::ffff:89.160.20.112", "89.160.20.112"},
		{" 175.16.199.7, 10.0.0.1", "175.16.199.7"}, // forwarded-for list: first entry
	}
	for _, c := range cases {
		want := expectedCity(t, c.ip)
		g := enrichOne(e, session.Session{SourceIP: c.input}).Geo
		if g.Source != SourceGeoIP || g.City != want.City.Names["en"] || g.CountryCode != want.Country.ISOCode ||
			g.Country != want.Country.Names["en"] || g.PostalCode != want.Postal.Code {
			t.Errorf("%q: got %+v, want %+v", c.input, g, want)
		}
		if !sameCoord(g.Latitude, *want.Location.Latitude) || !sameCoord(g.Longitude, *want.Location.Longitude) {
			t.Errorf("%q: coordinates %v,%v", c.input, g.Latitude, g.Longitude)
		}
		if len(want.Subdivisions) > 0 && g.Subdivision != want.Subdivisions[0].Names["en"] {
			t.Errorf("%q: subdivision %q", c.input, g.Subdivision)
		}
	}
	// Spot checks written out, so a broken JSON reader cannot hide a wrong answer.
	g := enrichOne(e, session.Session{SourceIP: "216.160.83.56"}).Geo
	if g.City != "Milton" || g.Subdivision != "Washington" || g.CountryCode != "US" || g.PostalCode != "98354" ||
		!sameCoord(g.Latitude, 47.2513) || !sameCoord(g.Longitude, -122.3149) {
		t.Errorf("Milton: %+v", g)
	}
	if g := enrichOne(e, session.Session{SourceIP: "89.160.20.112"}).Geo; g.City != "Linköping" || g.CountryCode != "SE" {
		t.Errorf("Linköping: %+v", g)
	}
	// Public but absent from the database: unknown, not an error.
	if g := enrichOne(e, session.Session{SourceIP: "1.1.1.1"}).Geo; g != (session.Geo{}) {
		t.Errorf("1.1.1.1: %+v", g)
	}
}

func TestDBIPv4AndV6(t *testing.T) {
	e := openT(t, Config{
		CityDB: cityDB,
		DBIPv4: writeDBIP(t, 4, dbipV4Rows),
		DBIPv6: writeDBIP(t, 6, dbipV6Rows),
	})
	for _, ip := range []string{"8.8.8.8", "::ffff:8.8.8.8", "8.8.8.8:1234"} {
		g := enrichOne(e, session.Session{SourceIP: ip}).Geo
		if g.Source != SourceDBIP || g.City != "Berlin" || g.CountryCode != "DE" || g.Subdivision != "Land Berlin" ||
			g.PostalCode != "10115" || g.Country != "" || !sameCoord(g.Latitude, 52.52) || !sameCoord(g.Longitude, 13.405) {
			t.Errorf("%s: %+v", ip, g)
		}
	}
	g := enrichOne(e, session.Session{SourceIP: "[2a02:1234::42]:443"}).Geo
	if g.Source != SourceDBIP || g.City != "München" || g.Subdivision != "Bayern" || !sameCoord(g.Latitude, 48.1374) {
		t.Errorf("v6: %+v", g)
	}
	// The City database is asked first.
	if g := enrichOne(e, session.Session{SourceIP: "81.2.69.142"}).Geo; g.Source != SourceGeoIP || g.City != "London" {
		t.Errorf("city first: %+v", g)
	}
	if g := enrichOne(e, session.Session{SourceIP: "9.9.9.9"}).Geo; g.Source != "" {
		t.Errorf("unknown: %+v", g)
	}
}

func TestDBIPOnlyOneFamily(t *testing.T) {
	e := openT(t, Config{DBIPv6: writeDBIP(t, 6, dbipV6Rows)})
	// IPv4 goes to the (missing) v4 file, never to the v6 one.
	if g := enrichOne(e, session.Session{SourceIP: "8.8.8.8"}).Geo; g.Source != "" {
		t.Errorf("v4 without v4 file: %+v", g)
	}
	if g := enrichOne(e, session.Session{SourceIP: "2a02:1234::1"}).Geo; g.City != "München" {
		t.Errorf("v6: %+v", g)
	}
}

func TestClassification(t *testing.T) {
	e := openT(t, Config{}) // no databases at all
	cases := map[string]string{
		"":                   "",
		"   ":                "",
		"garbage":            "",
		"300.1.1.1":          "",
		"host.example:443":   "",
		"[::1":               "",
		"10.1.2.3":           SourcePrivate,
		"192.168.0.10:51515": SourcePrivate,
		"172.16.5.4":         SourcePrivate,
		"127.0.0.1":          SourcePrivate,
		"[::1]:8443":         SourcePrivate,
		"::1":                SourcePrivate,
		"[::1]":              SourcePrivate,
		"169.254.10.1":       SourcePrivate,
		"fe80::1%eth0":       SourcePrivate,
		"fd12:3456::1":       SourcePrivate,
		"100.64.1.1":         SourcePrivate,
		"100.127.255.254":    SourcePrivate,
		"0.0.0.0":            SourcePrivate,
		"::":                 SourcePrivate,
		"::ffff:10.0.0.1":    SourcePrivate,
		"100.128.0.1":        "", // just outside CGNAT: public, and no database knows it
		"8.8.8.8":            "",
	}
	for in, want := range cases {
		s := enrichOne(e, session.Session{SourceIP: in, Geo: session.Geo{City: "stale", Source: SourceGeoIP}})
		if s.Geo.Source != want || s.Geo.City != "" {
			t.Errorf("%q: got %+v, want source %q", in, s.Geo, want)
		}
	}
	if _, _, ok := e.ASN("8.8.8.8"); ok {
		t.Error("ASN without a database")
	}
}

func TestServerLocationKept(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB})
	server := session.Geo{City: "Paris", Country: "France", CountryCode: "FR", Source: SourceServer}
	if g := enrichOne(e, session.Session{SourceIP: "81.2.69.142", Geo: server}).Geo; g != server {
		t.Errorf("country from server: %+v", g)
	}
	coords := session.Geo{Latitude: fptr(1), Longitude: fptr(2), Source: SourceServer}
	if g := enrichOne(e, session.Session{SourceIP: "81.2.69.142", Geo: coords}).Geo; *g.Latitude != 1 || g.City != "" {
		t.Errorf("coordinates from server: %+v", g)
	}
	// A server record without country or coordinates does not win …
	partial := session.Geo{City: "Somewhere", Source: SourceServer}
	if g := enrichOne(e, session.Session{SourceIP: "81.2.69.142", Geo: partial}).Geo; g.City != "London" {
		t.Errorf("partial server record, known IP: %+v", g)
	}
	// … but it beats knowing nothing.
	if g := enrichOne(e, session.Session{SourceIP: "1.1.1.1", Geo: partial}).Geo; g != partial {
		t.Errorf("partial server record, unknown IP: %+v", g)
	}
}

func TestASN(t *testing.T) {
	e := openT(t, Config{ASNDB: asnDB})
	cases := []struct {
		ip  string
		num uint
		org string
	}{ // from GeoLite2-ASN-Test.json
		{"1.128.0.1", 1221, "Telstra Pty Ltd"},
		{"[2600:6000::1]:443", 237, "Merit Network Inc."},
		{"12.81.92.1", 7018, "AT&T Services"},
	}
	for _, c := range cases {
		if n, org, ok := e.ASN(c.ip); !ok || n != c.num || org != c.org {
			t.Errorf("%s: %d %q %v", c.ip, n, org, ok)
		}
	}
	for _, ip := range []string{"10.0.0.1", "", "nope", "127.0.0.1"} {
		if _, _, ok := e.ASN(ip); ok {
			t.Errorf("%q: found", ip)
		}
	}
	if g := enrichOne(e, session.Session{SourceIP: "1.128.0.1"}).Geo; g.Source != "" {
		t.Errorf("no City DB, yet located: %+v", g)
	}
}

func TestSourcesAndOpenErrors(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB, ASNDB: asnDB, DBIPv4: writeDBIP(t, 4, dbipV4Rows), UARegexes: uaRules})
	src := e.Sources()
	if len(src) != 4 || src[0].Kind != "city" || src[0].DatabaseType != "GeoIP2-City" || src[0].BuildTime.IsZero() ||
		src[1].DatabaseType != "GeoLite2-ASN" || src[2].Kind != "dbip-v4" || !src[2].BuildTime.Equal(dbipBuild) ||
		src[2].Attribution != DBIPAttribution || src[3].File != "regexes.yaml" {
		t.Fatalf("sources: %+v", src)
	}
	d := e.Describe()
	if !hasAll(d, "city: GeoIP2-City built ", "(GeoIP2-City-Test.mmdb)", "dbip-v4: dbip-city-test built 2026-11-01", "DB-IP") {
		t.Errorf("describe: %s", d)
	}
	if strings.Contains(d, "testdata/") {
		t.Errorf("describe leaks directories: %s", d)
	}

	for name, cfg := range map[string]Config{
		"missing city":  {CityDB: "testdata/nope.mmdb"},
		"asn as city":   {CityDB: asnDB},
		"city as asn":   {ASNDB: cityDB},
		"not mmdb":      {DBIPv4: "testdata/LICENSE-MIT"},
		"missing rules": {UARegexes: "testdata/nope.yaml"},
		"rules not ua":  {UARegexes: "testdata/GeoIP2-City-Test.json"},
	} {
		if e, err := Open(cfg); err == nil {
			e.Close()
			t.Errorf("%s: opened", name)
		}
	}
	if err := e.Close(); err != nil {
		t.Error(err)
	}
	if err := e.Close(); err != nil {
		t.Error("second close:", err)
	}
	if g := enrichOne(e, session.Session{SourceIP: "81.2.69.142"}).Geo; g.Source != "" {
		t.Errorf("after close: %+v", g)
	}
}

func TestEnrichStopsOnCancel(t *testing.T) {
	e := openT(t, Config{CityDB: cityDB})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	page := []session.Session{{SourceIP: "81.2.69.142"}}
	e.Enrich(ctx, page)
	if page[0].Geo.Source != "" {
		t.Errorf("enriched after cancel: %+v", page[0].Geo)
	}
}
