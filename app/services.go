package app

import (
	"context"
	"errors"

	"sessionscope/backend/source"
)

// Emitter sends an event to the frontend. In the desktop build it wraps the Wails runtime; in
// tests it records what was sent, so no test ever touches the Wails runtime.
type Emitter interface {
	Emit(name string, data any)
}

// WorkspaceService lists and opens connections.
type WorkspaceService struct{ a *App }

// Connections lists every configured connection with its status and last refresh.
func (s *WorkspaceService) Connections() ([]ConnectionView, error) { return s.a.connections() }

// Kinds lists the connector kinds this build knows, with their option schema.
func (s *WorkspaceService) Kinds() []source.Descriptor { return s.a.ws.Registry().Kinds() }

// StartView is the view the window opens on: sessions, users or map (from --view).
func (s *WorkspaceService) StartView() string {
	if s.a.startView == "" {
		return "sessions"
	}
	return s.a.startView
}

// OpenDemo starts the built-in simulators and adds the demo connections (idempotent).
func (s *WorkspaceService) OpenDemo() error { return s.a.openDemo(context.Background()) }

// SessionsService answers the table and the detail pane.
type SessionsService struct{ a *App }

// Query returns one window of the current sessions matching the filter, and the total.
func (s *SessionsService) Query(q SessionQuery) (SessionPage, error) { return s.a.query(q) }

// Detail returns one session with its raw record and the user's other sessions.
func (s *SessionsService) Detail(connectionID int64, sessionID string) (SessionDetail, error) {
	return s.a.detail(connectionID, sessionID)
}

// Users returns one window of users across the current snapshots (who holds the most sessions).
func (s *SessionsService) Users(q UsersQuery) (UserPage, error) { return s.a.users(q) }

// Map aggregates the filtered sessions by place (at most q.Limit places, largest first).
func (s *SessionsService) Map(q MapQuery) (MapView, error) { return s.a.mapView(q) }

// PlaceUsers lists the users with most filtered sessions at one map place.
func (s *SessionsService) PlaceUsers(f SessionFilter, place string) ([]PlaceUser, error) {
	return s.a.placeUsers(f, place)
}

// Travel returns a user's logins in time order with distance and speed between places.
func (s *SessionsService) Travel(username string, connectionIDs []int64) (TravelView, error) {
	return s.a.travel(username, connectionIDs)
}

// Snapshots lists the refreshes of one org (0 = every org), newest first.
func (s *SessionsService) Snapshots(connectionID int64) ([]SnapshotView, error) {
	return s.a.snapshots(connectionID)
}

// Compare compares two snapshots (see CompareQuery).
func (s *SessionsService) Compare(q CompareQuery) (DiffView, error) { return s.a.compare(q) }

// LoginHistory asks the server for a user's recent logins (where the connector can).
func (s *SessionsService) LoginHistory(connectionID int64, userID string) (LoginHistoryView, error) {
	return s.a.loginHistory(connectionID, userID)
}

// Facets lists the values the filter pickers offer.
func (s *SessionsService) Facets() (Facets, error) { return s.a.facets() }

// SessionTypes lists the distinct session types in the current snapshots, for the filter.
func (s *SessionsService) SessionTypes() ([]string, error) { return s.a.sessionTypes() }

// RefreshService runs refresh jobs. Progress arrives as "refresh:progress" events, the end as
// one "refresh:done" event.
type RefreshService struct{ a *App }

// Start refreshes the given connections (all when empty) and returns the job id.
func (s *RefreshService) Start(connectionIDs []int64) (string, error) {
	return s.a.startRefresh(connectionIDs)
}

// Cancel stops a running refresh job; snapshots it had not finished stay unused.
func (s *RefreshService) Cancel(jobID string) error { return s.a.cancelRefresh(jobID) }

// SignOutService ends sessions and reads the audit trail.
type SignOutService struct{ a *App }

// SignOutSession ends one session on its server and writes an audit entry.
func (s *SignOutService) SignOutSession(req SignOutRequest) (SignOutResult, error) {
	return s.a.signOut(context.Background(), req)
}

// Audit returns the newest audit entries first.
func (s *SignOutService) Audit(limit int) ([]AuditView, error) { return s.a.audit(limit) }

// SettingsService holds preferences.
type SettingsService struct{ a *App }

// Theme returns "auto", "light" or "dark".
func (s *SettingsService) Theme() (string, error) { return s.a.theme() }

// SetTheme stores the theme preference.
func (s *SettingsService) SetTheme(theme string) error { return s.a.setTheme(theme) }

// Preference returns a stored frontend preference ("views" or "columns"), "" when unset.
func (s *SettingsService) Preference(key string) (string, error) { return s.a.preference(key) }

// SetPreference stores a frontend preference (JSON).
func (s *SettingsService) SetPreference(key, value string) error {
	return s.a.setPreference(key, value)
}

// Geo describes the GeoIP databases picked and in use, with their attributions.
func (s *SettingsService) Geo() (GeoSettings, error) { return s.a.geoSettings() }

// SetGeoDatabases picks MaxMind-schema City / ASN databases ("" = none); refused if they do not open.
func (s *SettingsService) SetGeoDatabases(cityDB, asnDB string) (GeoSettings, error) {
	return s.a.setGeoDatabases(cityDB, asnDB)
}

// PickDatabase asks for a .mmdb file in a native dialog; "" when cancelled.
func (s *SettingsService) PickDatabase(title string) (string, error) {
	if s.a.dialogs == nil {
		return "", errors.New("no window to show a file dialog in: type the path instead")
	}
	return s.a.dialogs.OpenFile(title, "*.mmdb")
}

// About describes this build.
func (s *SettingsService) About() AboutInfo { return s.a.about() }
