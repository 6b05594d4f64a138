package risk

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

// t0 is the reference time of the crafted snapshots.
var t0 = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// ago is a Unix-ms timestamp d before t0.
func ago(d time.Duration) int64 { return t0.Add(-d).UnixMilli() }

type place struct {
	city, cc, country string
	lat, lon          float64
	ip                string
}

var places = map[string]place{
	"Paris":      {"Paris", "FR", "France", 48.8566, 2.3522, "81.250.1.10"},
	"Versailles": {"Versailles", "FR", "France", 48.8049, 2.1204, "81.250.9.20"},
	"London":     {"London", "GB", "United Kingdom", 51.5074, -0.1278, "81.2.69.142"},
	"New York":   {"New York", "US", "United States", 40.7128, -74.0060, "198.51.100.7"},
	"Singapore":  {"Singapore", "SG", "Singapore", 1.3521, 103.8198, "203.0.113.9"},
	"Suva":       {"Suva", "FJ", "Fiji", -18.1248, 178.4501, "202.62.1.5"},
	"Apia":       {"Apia", "WS", "Samoa", -13.8506, -171.7513, "202.4.48.3"},
	"Berlin":     {"Berlin", "DE", "Germany", 52.5200, 13.4050, "2001:db8:10::5"},
}

// at makes an interactive session of user from a known place, signed in d before t0 and last
// used a minute later.
func at(row int64, user, city string, d time.Duration) Obs {
	p, ok := places[city]
	if !ok {
		panic("no place " + city)
	}
	return Obs{Row: row, SessionID: "sess-" + strings.Repeat("x", int(row%7)) + string(rune('a'+row%26)) + itoa(row),
		UserKey: user, Username: user, SessionType: "UI", Created: ago(d), LastActive: ago(d - time.Minute),
		IP: netip.MustParseAddr(p.ip), CountryCode: p.cc, Country: p.country, City: p.city, HasCoords: true,
		Lat: p.lat, Lon: p.lon, GeoSource: "geoip", Browser: "Chrome 142", Platform: "Windows 10"}
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// run judges sessions with the default policy changed by edit (nil = defaults), no history.
func run(t *testing.T, edit func(*Policy), sessions ...Obs) []Flag {
	t.Helper()
	p := Defaults()
	if edit != nil {
		edit(&p)
	}
	flags, _ := Compute(Context{Policy: p, Now: t0}, sessions)
	return flags
}

// only returns the flags of one rule.
func only(flags []Flag, r Rule) []Flag {
	var out []Flag
	for _, f := range flags {
		if f.Rule == r {
			out = append(out, f)
		}
	}
	return out
}

func wantOne(t *testing.T, flags []Flag, r Rule) Flag {
	t.Helper()
	got := only(flags, r)
	if len(got) != 1 {
		t.Fatalf("want one %s flag, got %d: %+v", r, len(got), flags)
	}
	return got[0]
}

func wantNone(t *testing.T, flags []Flag, r Rule) {
	t.Helper()
	if got := only(flags, r); len(got) != 0 {
		t.Fatalf("want no %s flag, got %+v", r, got)
	}
}

func secs(s int64) time.Duration { return time.Duration(s) * time.Second }
