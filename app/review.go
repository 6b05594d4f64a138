package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/store"
	"sessionscope/backend/workspace"
)

// toFilter parses the bridge filter; a time that is not RFC 3339 is the user's to fix.
func (f SessionFilter) toFilter() (session.Filter, error) {
	out := session.Filter{ConnectionIDs: f.ConnectionIDs, User: f.User, Username: f.Username, IP: f.IP,
		SessionType: f.SessionType, Countries: f.Countries, City: f.City, Place: f.Place, ASN: f.ASN,
		LoginType: f.LoginType, SecurityLevel: f.SecurityLevel, Browser: f.Browser, Platform: f.Platform,
		DeviceType: f.DeviceType, NewOnly: f.NewOnly, Text: f.Text}
	for _, t := range []struct {
		name string
		in   string
		dst  *time.Time
	}{{"login from", f.CreatedFrom, &out.CreatedFrom}, {"login to", f.CreatedTo, &out.CreatedTo},
		{"last active from", f.ActiveFrom, &out.ActiveFrom}, {"last active to", f.ActiveTo, &out.ActiveTo}} {
		if strings.TrimSpace(t.in) == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339, strings.TrimSpace(t.in))
		if err != nil {
			return out, &session.FilterError{Msg: fmt.Sprintf("%q is not a time for %q (use a date and time like 2026-11-23T09:00:00Z)", t.in, t.name)}
		}
		*t.dst = v
	}
	return out, out.Validate()
}

// MapQuery asks for the map's places.
type MapQuery struct {
	Filter SessionFilter `json:"filter"`
	Limit  int           `json:"limit"` // places, largest first; 0 = 5000
}

// MapPlace is one place on the map.
type MapPlace struct {
	Place       string  `json:"place"`
	City        string  `json:"city"`
	Subdivision string  `json:"subdivision"`
	Country     string  `json:"country"`
	CountryCode string  `json:"countryCode"`
	Latitude    float64 `json:"latitude"`
	Longitude   float64 `json:"longitude"`
	Sessions    int     `json:"sessions"`
	Users       int     `json:"users"`
}

// MapView is the aggregate the map draws.
type MapView struct {
	Places    []MapPlace `json:"places"`
	Total     int        `json:"total"`     // places in all (more than len(places) when cut)
	Located   int        `json:"located"`   // sessions with coordinates
	Unlocated int        `json:"unlocated"` // sessions without (private networks, unknown)
}

// PlaceUser is one of the users with most sessions at a place.
type PlaceUser struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Sessions int    `json:"sessions"`
}

// TravelStop is one login on a user's travel path.
type TravelStop struct {
	Connection string  `json:"connection"`
	DisplayID  string  `json:"displayId"`
	Place      string  `json:"place"`
	City       string  `json:"city"`
	Country    string  `json:"country"`
	Latitude   float64 `json:"latitude"`
	Longitude  float64 `json:"longitude"`
	At         string  `json:"at"`
	SourceIP   string  `json:"sourceIp"`
}

// TravelLeg joins two logins from different places.
type TravelLeg struct {
	From       int     `json:"from"`
	To         int     `json:"to"`
	Km         float64 `json:"km"`
	Hours      float64 `json:"hours"`
	Kmh        float64 `json:"kmh"`
	Impossible bool    `json:"impossible"`
}

// TravelView is a user's logins in time order.
type TravelView struct {
	Username  string       `json:"username"`
	Stops     []TravelStop `json:"stops"`
	Legs      []TravelLeg  `json:"legs"`
	Unlocated int          `json:"unlocated"`
}

// SnapshotView is one refresh of one org.
type SnapshotView struct {
	ID           int64             `json:"id"`
	ConnectionID int64             `json:"connectionId"`
	Connection   string            `json:"connection"`
	StartedAt    string            `json:"startedAt"`
	FinishedAt   string            `json:"finishedAt"`
	Status       string            `json:"status"`
	Sessions     int               `json:"sessions"`
	Error        string            `json:"error"`
	Current      bool              `json:"current"`
	Comparable   bool              `json:"comparable"` // its sessions are still kept
	Meta         map[string]string `json:"meta"`
}

// CompareQuery picks two snapshots of one org; both 0 = its latest against the one before.
// ConnectionID 0 compares every org's latest two and adds them up.
type CompareQuery struct {
	ConnectionID int64 `json:"connectionId"`
	From         int64 `json:"from"`
	To           int64 `json:"to"`
}

// UserDevice is a browser on a platform one user signed in from.
type UserDevice struct {
	Username string `json:"username"`
	Browser  string `json:"browser"`
	Platform string `json:"platform"`
}

// DiffView is what changed between two snapshots (or, for all orgs, between each org's two).
type DiffView struct {
	Orgs           []OrgDiff    `json:"orgs"`
	NewSessions    int          `json:"newSessions"`
	EndedSessions  int          `json:"endedSessions"`
	NewUsers       []string     `json:"newUsers"`
	NewUserCount   int          `json:"newUserCount"`
	NewCountries   []string     `json:"newCountries"`
	NewDevices     []UserDevice `json:"newDevices"`
	NewDeviceCount int          `json:"newDeviceCount"`
	Skipped        []string     `json:"skipped"` // orgs with nothing to compare yet, and why
}

// OrgDiff is one org's share of a comparison.
type OrgDiff struct {
	ConnectionID  int64  `json:"connectionId"`
	Connection    string `json:"connection"`
	From          string `json:"from"` // when each snapshot finished
	To            string `json:"to"`
	FromSessions  int    `json:"fromSessions"`
	ToSessions    int    `json:"toSessions"`
	NewSessions   int    `json:"newSessions"`
	EndedSessions int    `json:"endedSessions"`
}

// Facets are the values the filter pickers offer, from the current snapshots.
type Facets struct {
	Countries      []Country `json:"countries"`
	SessionTypes   []string  `json:"sessionTypes"`
	LoginTypes     []string  `json:"loginTypes"`
	SecurityLevels []string  `json:"securityLevels"`
	DeviceTypes    []string  `json:"deviceTypes"`
}

// Country is a country code with its name.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// GeoSettings are the MaxMind-schema databases the user picked and what is in use.
type GeoSettings struct {
	CityDB       string   `json:"cityDb"`
	ASNDB        string   `json:"asnDb"`
	InUse        []string `json:"inUse"` // one line per opened source, with its build date
	Attributions []string `json:"attributions"`
}

func (a *App) mapView(q MapQuery) (MapView, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return MapView{}, err
	}
	if q.Limit <= 0 {
		q.Limit = 5000
	}
	r, err := a.ws.Store().MapPoints(a.ctx, f, q.Limit)
	if err != nil {
		return MapView{}, err
	}
	v := MapView{Places: make([]MapPlace, len(r.Points)), Total: r.Places, Located: r.Located, Unlocated: r.Unlocated}
	for i, p := range r.Points {
		v.Places[i] = MapPlace{Place: p.Place, City: p.City, Subdivision: p.Subdivision, Country: p.Country,
			CountryCode: p.CountryCode, Latitude: p.Latitude, Longitude: p.Longitude, Sessions: p.Sessions, Users: p.Users}
	}
	return v, nil
}

func (a *App) placeUsers(filter SessionFilter, place string) ([]PlaceUser, error) {
	f, err := filter.toFilter()
	if err != nil {
		return nil, err
	}
	got, err := a.ws.Store().PlaceUsers(a.ctx, f, place, 5)
	if err != nil {
		return nil, err
	}
	out := make([]PlaceUser, len(got))
	for i, u := range got {
		out[i] = PlaceUser{Username: u.Username, Name: u.Name, Sessions: u.Sessions}
	}
	return out, nil
}

func (a *App) travel(username string, connectionIDs []int64) (TravelView, error) {
	t, err := a.ws.Store().UserTravel(a.ctx, username, connectionIDs)
	if err != nil {
		return TravelView{}, err
	}
	v := TravelView{Username: t.Username, Stops: make([]TravelStop, len(t.Stops)), Legs: make([]TravelLeg, len(t.Legs)),
		Unlocated: t.Unlocated}
	for i, s := range t.Stops {
		id := s.SessionID
		if a.ws.SessionIDIsSecret(s.Kind) {
			id = session.ShortID(id)
		}
		v.Stops[i] = TravelStop{Connection: s.Connection, DisplayID: id, Place: s.Place, City: s.City, Country: s.Country,
			Latitude: s.Latitude, Longitude: s.Longitude, At: rfc3339(s.At), SourceIP: s.SourceIP}
	}
	for i, l := range t.Legs {
		v.Legs[i] = TravelLeg{From: l.From, To: l.To, Km: l.Km, Hours: l.Hours, Kmh: l.Kmh, Impossible: l.Impossible}
	}
	return v, nil
}

func (a *App) snapshots(connectionID int64) ([]SnapshotView, error) {
	conns, err := a.ws.Connections(a.ctx)
	if err != nil {
		return nil, err
	}
	out := []SnapshotView{}
	for _, c := range conns {
		if connectionID != 0 && c.ID != connectionID {
			continue
		}
		snaps, err := a.ws.Store().Snapshots(a.ctx, c.ID, 50)
		if err != nil {
			return nil, err
		}
		complete := 0
		for _, s := range snaps {
			v := SnapshotView{ID: s.ID, ConnectionID: c.ID, Connection: c.Name, StartedAt: rfc3339(s.StartedAt),
				FinishedAt: rfc3339(s.FinishedAt), Status: s.Status, Sessions: s.SessionCount, Error: s.Error,
				Current: c.Current != nil && c.Current.ID == s.ID, Meta: s.Meta}
			if s.Status == session.SnapshotComplete {
				complete++
				v.Comparable = complete <= store.KeepSnapshots
			}
			if v.Meta == nil {
				v.Meta = map[string]string{}
			}
			out = append(out, v)
		}
	}
	return out, nil
}

func (a *App) compare(q CompareQuery) (DiffView, error) {
	v := DiffView{Orgs: []OrgDiff{}, NewUsers: []string{}, NewCountries: []string{}, NewDevices: []UserDevice{}, Skipped: []string{}}
	conns, err := a.ws.Connections(a.ctx)
	if err != nil {
		return v, err
	}
	countries := map[string]bool{}
	users := map[string]bool{}
	for _, c := range conns {
		if q.ConnectionID != 0 && c.ID != q.ConnectionID {
			continue
		}
		from, to := q.From, q.To
		if q.ConnectionID == 0 {
			from, to = 0, 0
		}
		d, err := a.ws.Store().CompareSnapshots(a.ctx, c.ID, from, to)
		if err != nil {
			if q.ConnectionID == 0 && isFilterError(err) {
				v.Skipped = append(v.Skipped, c.Name+": "+err.Error())
				continue
			}
			return v, err
		}
		v.Orgs = append(v.Orgs, OrgDiff{ConnectionID: c.ID, Connection: c.Name, From: rfc3339(d.From.FinishedAt),
			To: rfc3339(d.To.FinishedAt), FromSessions: d.From.SessionCount, ToSessions: d.To.SessionCount,
			NewSessions: d.NewSessions, EndedSessions: d.EndedSessions})
		v.NewSessions += d.NewSessions
		v.EndedSessions += d.EndedSessions
		v.NewUserCount += d.NewUserCount
		v.NewDeviceCount += d.NewDeviceCount
		for _, u := range d.NewUsers {
			if !users[strings.ToLower(u)] && len(v.NewUsers) < 200 {
				users[strings.ToLower(u)] = true
				v.NewUsers = append(v.NewUsers, u)
			}
		}
		for _, cc := range d.NewCountries {
			if !countries[cc] {
				countries[cc] = true
				v.NewCountries = append(v.NewCountries, cc)
			}
		}
		for _, nd := range d.NewDevices {
			if len(v.NewDevices) < 200 {
				v.NewDevices = append(v.NewDevices, UserDevice{Username: nd.Username, Browser: nd.Browser, Platform: nd.Platform})
			}
		}
	}
	return v, nil
}

func (a *App) facets() (Facets, error) {
	f, err := a.ws.Store().Facets(a.ctx)
	if err != nil {
		return Facets{}, err
	}
	v := Facets{SessionTypes: nonNilStrings(f.SessionTypes), LoginTypes: nonNilStrings(f.LoginTypes),
		SecurityLevels: nonNilStrings(f.SecurityLevels), DeviceTypes: nonNilStrings(f.DeviceTypes), Countries: []Country{}}
	for _, c := range f.Countries {
		v.Countries = append(v.Countries, Country{Code: c.Code, Name: c.Name})
	}
	return v, nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (a *App) geoSettings() (GeoSettings, error) {
	g, err := a.ws.GeoDatabases(a.ctx)
	if err != nil {
		return GeoSettings{}, err
	}
	v := GeoSettings{CityDB: g.CityDB, ASNDB: g.ASNDB, InUse: []string{}, Attributions: nonNilStrings(a.ws.Attributions())}
	for _, s := range a.ws.GeoSources() {
		v.InUse = append(v.InUse, s.String())
	}
	return v, nil
}

func isFilterError(err error) bool {
	var fe *session.FilterError
	return errors.As(err, &fe)
}

// Preference keys the frontend may keep (JSON it owns: saved views, chosen columns).
var preferenceKeys = map[string]bool{"views": true, "columns": true}

const maxPreference = 256 << 10

func (a *App) preference(key string) (string, error) {
	if !preferenceKeys[key] {
		return "", fmt.Errorf("unknown preference %q", key)
	}
	return a.ws.Store().Setting(a.ctx, "pref."+key, "")
}

func (a *App) setPreference(key, value string) error {
	if !preferenceKeys[key] {
		return fmt.Errorf("unknown preference %q", key)
	}
	if len(value) > maxPreference {
		return fmt.Errorf("preference %q is too large (%d bytes; at most %d)", key, len(value), maxPreference)
	}
	if value != "" && !json.Valid([]byte(value)) {
		return fmt.Errorf("preference %q must be JSON", key)
	}
	return a.ws.Store().SetSetting(a.ctx, "pref."+key, value)
}

func (a *App) setGeoDatabases(cityDB, asnDB string) (GeoSettings, error) {
	if err := a.ws.SetGeoDatabases(a.ctx, workspace.GeoDatabases{CityDB: cityDB, ASNDB: asnDB}); err != nil {
		return GeoSettings{}, err
	}
	return a.geoSettings()
}

// LoginView is one of a user's recent logins, as the server reports it.
type LoginView struct {
	At       string `json:"at"`
	Status   string `json:"status"`
	SourceIP string `json:"sourceIp"`
	Detail   string `json:"detail"`
	Place    string `json:"place"` // "City, CC" from the address, "" when unknown
}

// LoginHistoryView is the answer; Supported is false for servers that do not keep one.
type LoginHistoryView struct {
	Supported bool        `json:"supported"`
	Logins    []LoginView `json:"logins"`
}

func (a *App) loginHistory(connectionID int64, userID string) (LoginHistoryView, error) {
	got, ok, err := a.ws.LoginHistory(a.ctx, connectionID, userID, 20)
	v := LoginHistoryView{Supported: ok, Logins: []LoginView{}}
	if err != nil {
		return v, err
	}
	for _, l := range got {
		place := strings.Trim(strings.Join([]string{l.Geo.City, l.Geo.CountryCode}, ", "), ", ")
		if l.Geo.Source == "private" {
			place = "private network"
		}
		v.Logins = append(v.Logins, LoginView{At: rfc3339(l.At), Status: l.Status, SourceIP: l.SourceIP, Detail: l.Detail, Place: place})
	}
	return v, nil
}
