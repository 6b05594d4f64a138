package app

import (
	"context"
	"errors"

	"sessionscope/backend/workspace"
)

// SettingsService holds preferences, the GeoIP databases and what the About box shows.
type SettingsService struct {
	ws      *workspace.Workspace
	dialogs Dialogs // native dialogs; nil until the window starts
}

// GeoSettings are the MaxMind-schema databases the user picked and what is in use.
type GeoSettings struct {
	CityDB       string   `json:"cityDb"`
	ASNDB        string   `json:"asnDb"`
	InUse        []string `json:"inUse"` // one line per opened source, with its build date
	Attributions []string `json:"attributions"`
}

// AboutInfo describes the build.
type AboutInfo struct {
	Version string `json:"version"`
	Home    string `json:"home"`
	Keyring string `json:"keyring"`
	// Credits the bundled data's licences ask for (DB-IP Lite City: CC BY 4.0).
	Attributions []string `json:"attributions"`
	GeoData      []string `json:"geoData"` // the enrichment sources in use, with build dates
}

// Theme returns "auto", "light" or "dark".
func (s *SettingsService) Theme() (string, error) { return s.ws.Theme(context.Background()) }

// SetTheme stores the theme preference.
func (s *SettingsService) SetTheme(theme string) error {
	return s.ws.SetTheme(context.Background(), theme)
}

// Preference returns a stored frontend preference ("views" or "columns"), "" when unset.
func (s *SettingsService) Preference(key string) (string, error) {
	return s.ws.Preference(context.Background(), key)
}

// SetPreference stores a frontend preference (JSON).
func (s *SettingsService) SetPreference(key, value string) error {
	return s.ws.SetPreference(context.Background(), key, value)
}

// Geo describes the GeoIP databases picked and in use, with their attributions.
func (s *SettingsService) Geo() (GeoSettings, error) {
	g, err := s.ws.GeoDatabases(context.Background())
	if err != nil {
		return GeoSettings{}, err
	}
	return GeoSettings{CityDB: g.CityDB, ASNDB: g.ASNDB, InUse: s.geoInUse(), Attributions: nonNilStrings(s.ws.Attributions())}, nil
}

// SetGeoDatabases picks MaxMind-schema City / ASN databases ("" = none); refused if they do not open.
func (s *SettingsService) SetGeoDatabases(cityDB, asnDB string) (GeoSettings, error) {
	if err := s.ws.SetGeoDatabases(context.Background(), workspace.GeoDatabases{CityDB: cityDB, ASNDB: asnDB}); err != nil {
		return GeoSettings{}, err
	}
	return s.Geo()
}

// PickDatabase asks for a .mmdb file in a native dialog; "" when cancelled.
func (s *SettingsService) PickDatabase(title string) (string, error) {
	if s.dialogs == nil {
		return "", errors.New("no window to show a file dialog in: type the path instead")
	}
	return s.dialogs.OpenFile(title, "*.mmdb")
}

// About describes this build.
func (s *SettingsService) About() AboutInfo {
	return AboutInfo{Version: workspace.Version, Home: s.ws.Home(), Keyring: s.ws.SecretsDescription(),
		Attributions: nonNilStrings(s.ws.Attributions()), GeoData: s.geoInUse()}
}

// geoInUse names each enrichment source in use, with its build date.
func (s *SettingsService) geoInUse() []string {
	out := []string{}
	for _, src := range s.ws.GeoSources() {
		out = append(out, src.String())
	}
	return out
}
