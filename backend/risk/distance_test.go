package risk

import (
	"math"
	"testing"
)

// The distances are checked against figures published independently of this code, scaled
// from the radius they were published with to ours (a distance is the radius times the angle).
func TestDistanceAgainstPublishedFigures(t *testing.T) {
	scale := func(km, radius float64) float64 { return km * EarthRadiusKm / radius }
	for _, c := range []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		// Rosetta Code, "Haversine formula": Nashville BNA (36.12, -86.67) to Los Angeles LAX
		// (33.94, -118.40) is 2886.44444283798… km with R = 6371.0 km.
		{"BNA–LAX", 36.12, -86.67, 33.94, -118.40, scale(2886.44444283798, 6371.0), 1e-6},
		// Movable Type Scripts, "Calculate distance, bearing and more between Latitude/Longitude
		// points": Land's End (50°03′59″N 5°42′53″W) to John o' Groats (58°38′38″N 3°04′12″W)
		// is 968.9 km (4 significant figures, R = 6371 km).
		{"Land's End–John o' Groats", 50 + 3/60.0 + 59/3600.0, -(5 + 42/60.0 + 53/3600.0),
			58 + 38/60.0 + 38/3600.0, -(3 + 4/60.0 + 12/3600.0), scale(968.9, 6371), 0.05},
		// Exact on a sphere: a quarter meridian is π/2·R, a point and its antipode π·R apart.
		{"equator to pole", 0, 0, 90, 0, math.Pi / 2 * EarthRadiusKm, 1e-9},
		{"antipodes", 10, 20, -10, -160, math.Pi * EarthRadiusKm, 1e-6},
		// One degree of longitude on the equator is R·π/180, across the antimeridian too.
		{"across the antimeridian", 0, 179.5, 0, -179.5, EarthRadiusKm * math.Pi / 180, 1e-9},
		{"same point", 48.8566, 2.3522, 48.8566, 2.3522, 0, 1e-12},
	} {
		got := DistanceKm(c.lat1, c.lon1, c.lat2, c.lon2)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: %.9f km, want %.9f ± %g", c.name, got, c.want, c.tol)
		}
		if back := DistanceKm(c.lat2, c.lon2, c.lat1, c.lon1); math.Abs(back-got) > 1e-9 {
			t.Errorf("%s: not symmetric: %f vs %f", c.name, got, back)
		}
	}
}

func TestFormatting(t *testing.T) {
	for in, want := range map[float64]string{20787: "20,800 km/h", 901.4: "901 km/h", 1234567: "1,230,000 km/h", 45.6: "46 km/h"} {
		if got := speed(in); got != want {
			t.Errorf("speed(%v) = %q, want %q", in, got, want)
		}
	}
	if km(10739.6) != "10,740 km" || km(999.4) != "999 km" {
		t.Errorf("km: %q %q", km(10739.6), km(999.4))
	}
	for _, c := range []struct {
		d    int64 // seconds
		want string
	}{{40, "40 s"}, {31 * 60, "31 min"}, {3*3600 + 5*60, "3 h 5 min"}, {26 * 3600, "26 h"}, {4*86400 + 2*3600, "4 days 2 h"}, {122 * 86400, "122 days"}} {
		if got := span(secs(c.d)); got != c.want {
			t.Errorf("span(%ds) = %q, want %q", c.d, got, c.want)
		}
	}
	if listNames([]string{"A", "B", "C", "D", "E"}) != "A, B, C and 2 more" || listNames([]string{"A", "B"}) != "A and B" {
		t.Error("listNames")
	}
}
