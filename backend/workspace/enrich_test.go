package workspace

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// The bundled folder supplies the UA rules; a MaxMind City database picked in Settings is used
// from then on and recorded per snapshot; a file that is not a database is refused and changes nothing.
func TestGeoDatabasesFromTheBundleAndSettings(t *testing.T) {
	ctx := context.Background()
	bundle := t.TempDir()
	copyFile(t, filepath.Join("..", "geo", "testdata", "regexes.yaml"), filepath.Join(bundle, bundledUA))
	t.Setenv(EnvGeoData, bundle)
	for _, e := range []string{EnvGeoIPCity, EnvGeoIPASN, EnvDBIPv4, EnvDBIPv6, EnvUARegexes} {
		t.Setenv(e, "")
	}
	w := open(t, secrets.NewMemory())
	if got := w.GeoSources(); len(got) != 1 || got[0].Kind != "ua" || got[0].File != bundledUA {
		t.Fatalf("sources from the bundle = %+v; want the bundled UA rules only", got)
	}

	city, err := filepath.Abs(filepath.Join("..", "geo", "testdata", "GeoIP2-City-Test.mmdb"))
	if err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(t.TempDir(), "junk.mmdb")
	if err := os.WriteFile(junk, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := w.SetGeoDatabases(ctx, GeoDatabases{CityDB: junk}); err == nil || !strings.Contains(err.Error(), "not changed") {
		t.Fatalf("a junk database: %v; want a refusal that says nothing changed", err)
	}
	if g, _ := w.GeoDatabases(ctx); g.CityDB != "" {
		t.Fatalf("the refused pick was stored: %+v", g)
	}
	if err := w.SetGeoDatabases(ctx, GeoDatabases{CityDB: city}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, s := range w.GeoSources() {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Equal(kinds, []string{"city", "ua"}) {
		t.Fatalf("after picking a City database: %v", kinds)
	}
	// A later open of the same folder uses the stored pick.
	home := w.Home()
	w.Close()
	w2, err := Open(ctx, Options{Home: home, Secrets: secrets.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if len(w2.GeoSources()) != 2 {
		t.Fatalf("reopened: %+v", w2.GeoSources())
	}
	// And the snapshot records which database located its addresses.
	m := geoMeta(w2.enricher())
	if !strings.Contains(m["geo"], "GeoIP2-City") || !strings.Contains(m["geo"], "built") {
		t.Fatalf("snapshot meta = %q", m["geo"])
	}
	// A located session: 81.2.69.142 is in London in MaxMind's test database.
	s := []session.Session{{SourceIP: "81.2.69.142"}}
	w2.enricher().Enrich(ctx, s)
	if s[0].Geo.City != "London" || s[0].Geo.Source != "geoip" {
		t.Fatalf("81.2.69.142 = %+v", s[0].Geo)
	}
}
