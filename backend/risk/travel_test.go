package risk

import (
	"strings"
	"testing"
	"time"
)

func TestImpossibleTravelReason(t *testing.T) {
	flags := run(t, nil, at(1, "camille", "Paris", 38*time.Minute), at(2, "camille", "Singapore", 7*time.Minute))
	f := wantOne(t, flags, ImpossibleTravel)
	// 10,729 km (haversine) in 31 min is 20,766 km/h.
	if f.Severity != High || f.Reason != "Paris → Singapore, 10,729 km in 31 min ≈ 20,800 km/h" {
		t.Fatalf("flag %+v", f)
	}
	if len(f.Rows) != 2 || f.Rows[0] != 1 || f.Rows[1] != 2 {
		t.Fatalf("rows %v", f.Rows)
	}
}

func TestThreeContinentsWithinTheHour(t *testing.T) {
	flags := run(t, nil, at(3, "camille", "Singapore", 7*time.Minute), at(1, "camille", "Paris", 58*time.Minute),
		at(2, "camille", "New York", 31*time.Minute))
	legs := only(flags, ImpossibleTravel)
	if len(legs) != 2 || !strings.HasPrefix(legs[0].Reason, "New York → Singapore") && !strings.HasPrefix(legs[1].Reason, "New York → Singapore") {
		t.Fatalf("legs %+v", legs)
	}
	for _, l := range legs {
		if !strings.HasPrefix(l.Reason, "Paris → New York") && !strings.HasPrefix(l.Reason, "New York → Singapore") {
			t.Errorf("unexpected leg %q", l.Reason)
		}
	}
}

func TestTravelSameCityAndShortLegsNotJudged(t *testing.T) {
	// Versailles is 18 km from Paris: within GeoIP's error, whatever the time.
	wantNone(t, run(t, nil, at(1, "u", "Paris", 2*time.Minute), at(2, "u", "Versailles", time.Minute)), ImpossibleTravel)
	// Two logins from the same city a second apart.
	a, b := at(1, "u", "Paris", time.Minute), at(2, "u", "Paris", time.Minute)
	b.Created++
	wantNone(t, run(t, nil, a, b), ImpossibleTravel)
}

func TestTravelNotJudgedWithoutAPreciseLocation(t *testing.T) {
	noCoords := at(2, "u", "Singapore", time.Minute)
	noCoords.HasCoords = false
	countryOnly := at(2, "u", "Singapore", time.Minute)
	countryOnly.City = "" // a country's centre: too coarse to time a trip
	private := at(2, "u", "Singapore", time.Minute)
	private.GeoSource = "private"
	nullIsland := at(2, "u", "Singapore", time.Minute)
	nullIsland.Lat, nullIsland.Lon = 0, 0
	unknownTime := at(2, "u", "Singapore", time.Minute)
	unknownTime.Created = 0
	for name, o := range map[string]Obs{"no coordinates": noCoords, "country only": countryOnly, "private": private,
		"0,0": nullIsland, "no login time": unknownTime} {
		if got := only(run(t, nil, at(1, "u", "Paris", 10*time.Minute), o), ImpossibleTravel); len(got) != 0 {
			t.Errorf("%s: judged: %+v", name, got)
		}
	}
}

func TestTravelZeroMinuteGap(t *testing.T) {
	a, b := at(1, "u", "Paris", 5*time.Minute), at(2, "u", "London", 5*time.Minute)
	f := wantOne(t, run(t, nil, a, b), ImpossibleTravel)
	if f.Reason != "Paris → London, 344 km with no time between the logins" {
		t.Fatalf("reason %q", f.Reason)
	}
}

func TestTravelExactlyAtTheThresholds(t *testing.T) {
	a, b := at(1, "u", "Paris", 90*time.Minute), at(2, "u", "London", 30*time.Minute)
	d := DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon)
	kmh := d / time.Hour.Hours() // an hour between the logins
	wantNone(t, run(t, func(p *Policy) { p.TravelKmh = kmh }, a, b), ImpossibleTravel)
	wantOne(t, run(t, func(p *Policy) { p.TravelKmh = kmh * 0.999 }, a, b), ImpossibleTravel)
	// A leg exactly the shortest judged trip is judged; a hair shorter is not.
	fast := func(p *Policy) { p.TravelKmh = 100 }
	wantOne(t, run(t, func(p *Policy) { fast(p); p.TravelMinKm = d }, a, b), ImpossibleTravel)
	wantNone(t, run(t, func(p *Policy) { fast(p); p.TravelMinKm = d + 1e-6 }, a, b), ImpossibleTravel)
}

func TestTravelAcrossTheAntimeridian(t *testing.T) {
	// Suva (178.45° E) to Apia (171.75° W) is 1,150 km across the date line, not 38,000 around.
	f := wantOne(t, run(t, nil, at(1, "u", "Suva", 40*time.Minute), at(2, "u", "Apia", 10*time.Minute)), ImpossibleTravel)
	if f.Reason != "Suva → Apia, 1,150 km in 30 min ≈ 2,300 km/h" {
		t.Fatalf("reason %q", f.Reason)
	}
	// Five hours is a plausible flight.
	wantNone(t, run(t, nil, at(1, "u", "Suva", 6*time.Hour), at(2, "u", "Apia", time.Hour)), ImpossibleTravel)
}

func TestTravelSkipsChildSessionsAndOtherUsers(t *testing.T) {
	child := at(2, "u", "Singapore", 5*time.Minute)
	child.Child = true
	wantNone(t, run(t, nil, at(1, "u", "Paris", 10*time.Minute), child), ImpossibleTravel)
	wantNone(t, run(t, nil, at(1, "u", "Paris", 10*time.Minute), at(2, "v", "Singapore", 5*time.Minute)), ImpossibleTravel)
}

func TestTravelSameCityNameInTwoCountries(t *testing.T) {
	a, b := at(1, "u", "Paris", 30*time.Minute), at(2, "u", "New York", 10*time.Minute)
	b.City = "Paris" // Paris, Texas would do; the reason must tell them apart
	f := wantOne(t, run(t, nil, a, b), ImpossibleTravel)
	if !strings.HasPrefix(f.Reason, "Paris (FR) → Paris (US), ") {
		t.Fatalf("reason %q", f.Reason)
	}
}

func TestSimultaneousCountries(t *testing.T) {
	a := at(1, "u", "Paris", 3*time.Hour)
	a.LastActive = ago(time.Hour) // in use from 3 h ago to 1 h ago
	b := at(2, "u", "New York", 2*time.Hour)
	b.LastActive = ago(10 * time.Minute) // from 2 h ago on: an hour of overlap
	c := at(3, "u", "Paris", 20*time.Hour)
	c.LastActive = ago(19 * time.Hour) // long over before the others
	f := wantOne(t, run(t, nil, a, b, c), SimultaneousCountries)
	if f.Reason != "in use from France (FR) and United States (US) at the same time (overlapping by up to 60 min)" ||
		len(f.Rows) != 2 || f.Rows[0] != 1 || f.Rows[1] != 2 {
		t.Fatalf("flag %+v", f)
	}
	// A session that contains another country's session entirely is found too.
	long := at(4, "u", "London", 5*time.Hour)
	long.LastActive = ago(0)
	short := at(5, "u", "Singapore", 2*time.Hour)
	short.LastActive = ago(90 * time.Minute)
	short2 := at(6, "u", "Singapore", 4*time.Hour)
	short2.LastActive = ago(4*time.Hour - time.Minute)
	f = wantOne(t, run(t, nil, long, short, short2), SimultaneousCountries)
	if len(f.Rows) != 3 {
		t.Fatalf("rows %v: every session overlapping another country's is involved", f.Rows)
	}
}

func TestSimultaneousCountriesEdges(t *testing.T) {
	a := at(1, "u", "Paris", 3*time.Hour)
	a.LastActive = ago(2 * time.Hour)
	touching := at(2, "u", "London", 2*time.Hour)
	f := wantOne(t, run(t, nil, a, touching), SimultaneousCountries)
	if !strings.HasSuffix(f.Reason, "(at the same moment)") {
		t.Fatalf("reason %q", f.Reason)
	}
	after := at(2, "u", "London", 2*time.Hour-time.Second)
	wantNone(t, run(t, nil, a, after), SimultaneousCountries)
	// Same country, or a country unknown, is not two countries.
	wantNone(t, run(t, nil, a, at(2, "u", "Versailles", 150*time.Minute)), SimultaneousCountries)
	noGeo := at(2, "u", "London", 150*time.Minute)
	noGeo.CountryCode = ""
	wantNone(t, run(t, nil, a, noGeo), SimultaneousCountries)
}
