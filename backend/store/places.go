package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// MapPoint is one place on the session map: every located session of the selection whose
// location key (country code + city) is the same, at the mean of their coordinates.
type MapPoint struct {
	Place       string // the location key, usable as Filter.Place
	City        string
	Subdivision string
	Country     string
	CountryCode string
	Latitude    float64
	Longitude   float64
	Sessions    int
	Users       int // user accounts (a user present in two orgs counts in each)
}

// MapResult is what the map draws: at most limit places, largest first, and what was left out.
type MapResult struct {
	Points    []MapPoint
	Places    int // places in all, before the limit
	Located   int // sessions with coordinates
	Unlocated int // sessions without (private networks, unknown addresses)
}

// summarisePlaces writes a complete snapshot's place summary (one GROUP BY, once per refresh),
// so the unfiltered map reads a few thousand rows instead of every session.
func summarisePlaces(ctx context.Context, tx *sql.Tx, snapshotID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO snapshot_places(snapshot_id, location_key, city, subdivision, country,
		country_code, latitude, longitude, sessions, users)
		SELECT snapshot_id, location_key, max(city), max(subdivision), max(country), max(country_code),
			avg(latitude), avg(longitude), count(*), count(DISTINCT user_key)
		FROM sessions WHERE snapshot_id = ? AND latitude IS NOT NULL AND longitude IS NOT NULL
		GROUP BY location_key`, snapshotID)
	return err
}

// placeOnly reports whether f selects nothing but connections and places (countries, city,
// place): what the per-snapshot place summaries can answer without reading sessions.
func placeOnly(f session.Filter) bool {
	rest := f
	rest.ConnectionIDs, rest.Countries, rest.City, rest.Place = nil, nil, "", ""
	return rest.Empty()
}

// MapPoints aggregates the selected sessions by place, in SQLite (per snapshot) and Go (across
// them); only the aggregate crosses to the caller. A selection by connection, country, city or
// place reads the per-snapshot summaries written at refresh time; any other filter groups the
// matching sessions of each snapshot.
func (s *Store) MapPoints(ctx context.Context, f session.Filter, limit int) (MapResult, error) {
	var res MapResult
	if limit <= 0 || limit > 20000 {
		return res, &session.FilterError{Msg: "the map takes between 1 and 20000 places"}
	}
	snaps, err := s.currentSnapshots(ctx, f.ConnectionIDs)
	if err != nil || len(snaps) == 0 {
		return res, err
	}
	where, fargs, err := filterSQL(f)
	if err != nil {
		return res, err
	}
	summary := placeOnly(f)
	var cond string
	var cargs []any
	if summary {
		// The same conditions, on the summary's columns (it has no latitude-less rows).
		sf := session.Filter{Countries: f.Countries, City: f.City, Place: f.Place}
		if cond, cargs, err = placeSummarySQL(sf); err != nil {
			return res, err
		}
	}
	type acc struct {
		MapPoint
		latSum, lonSum float64
	}
	byPlace := map[string]*acc{}
	for _, sn := range snaps {
		var q string
		var args []any
		if summary {
			q = `SELECT location_key, city, subdivision, country, country_code, latitude, longitude, sessions, users
				FROM snapshot_places WHERE snapshot_id = ?` + cond
			args = append([]any{sn.snapshotID}, cargs...)
		} else {
			q = `SELECT location_key, max(city), max(subdivision), max(country), max(country_code), avg(latitude),
				avg(longitude), count(*), count(DISTINCT user_key) FROM sessions WHERE snapshot_id = ?` + where +
				` AND latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY location_key`
			args = append([]any{sn.snapshotID}, fargs...)
		}
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return res, fmt.Errorf("map: %w", err)
		}
		for rows.Next() {
			var p MapPoint
			if err := rows.Scan(&p.Place, &p.City, &p.Subdivision, &p.Country, &p.CountryCode, &p.Latitude,
				&p.Longitude, &p.Sessions, &p.Users); err != nil {
				rows.Close()
				return res, err
			}
			a := byPlace[p.Place]
			if a == nil {
				a = &acc{MapPoint: p}
				a.Sessions, a.Users = 0, 0
				byPlace[p.Place] = a
			}
			// A place present in several orgs sits at the mean of their positions, weighted by sessions.
			a.latSum += p.Latitude * float64(p.Sessions)
			a.lonSum += p.Longitude * float64(p.Sessions)
			a.Sessions += p.Sessions
			a.Users += p.Users
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, err
		}
	}
	all := make([]MapPoint, 0, len(byPlace))
	for _, a := range byPlace {
		p := a.MapPoint
		if a.Sessions > 0 {
			p.Latitude, p.Longitude = a.latSum/float64(a.Sessions), a.lonSum/float64(a.Sessions)
		}
		res.Located += p.Sessions
		all = append(all, p)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Sessions != all[j].Sessions {
			return all[i].Sessions > all[j].Sessions
		}
		return all[i].Place < all[j].Place
	})
	res.Places = len(all)
	res.Points = all[:min(limit, len(all))]
	total, err := s.win.Count(ctx, windowSnapshots(snaps), where, fargs)
	if err != nil {
		return res, err
	}
	res.Unlocated = total - res.Located
	return res, nil
}

// placeSummarySQL is the place part of a filter on snapshot_places.
func placeSummarySQL(f session.Filter) (string, []any, error) {
	var parts []string
	var args []any
	if len(f.Countries) > 0 {
		parts = append(parts, `country_code IN (`+placeholders(len(f.Countries))+`)`)
		for _, c := range f.Countries {
			args = append(args, strings.ToUpper(c))
		}
	}
	if c := strings.TrimSpace(f.City); c != "" {
		parts = append(parts, `city = ? COLLATE NOCASE`)
		args = append(args, c)
	}
	if p := strings.ToLower(strings.TrimSpace(f.Place)); p != "" {
		parts = append(parts, `location_key = ?`)
		args = append(args, p)
	}
	if len(parts) == 0 {
		return "", nil, nil
	}
	return " AND " + strings.Join(parts, " AND "), args, nil
}

// PlaceUser is one user's share of a place.
type PlaceUser struct {
	Username string
	Name     string
	Sessions int
}

// PlaceUsers returns the users with the most selected sessions at one place (the map tooltip).
func (s *Store) PlaceUsers(ctx context.Context, f session.Filter, place string, limit int) ([]PlaceUser, error) {
	if limit <= 0 || limit > 100 {
		limit = 5
	}
	snaps, err := s.currentSnapshots(ctx, f.ConnectionIDs)
	if err != nil || len(snaps) == 0 {
		return nil, err
	}
	f.Place = place
	where, fargs, err := filterSQL(f)
	if err != nil {
		return nil, err
	}
	args := make([]any, 0, len(snaps)+len(fargs)+1)
	for _, sn := range snaps {
		args = append(args, sn.snapshotID)
	}
	args = append(args, fargs...)
	rows, err := s.db.QueryContext(ctx, `SELECT max(username), max(user_name), count(*) AS n FROM sessions
		WHERE snapshot_id IN (`+placeholders(len(snaps))+`)`+where+` GROUP BY user_key ORDER BY n DESC, user_key LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("place users: %w", err)
	}
	defer rows.Close()
	var out []PlaceUser
	for rows.Next() {
		var u PlaceUser
		if err := rows.Scan(&u.Username, &u.Name, &u.Sessions); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// TravelStop is one login of a user, where it came from.
type TravelStop struct {
	Connection string
	SessionID  string
	Kind       string
	Place      string
	City       string
	Country    string
	Latitude   float64
	Longitude  float64
	At         time.Time // when the session was created (the login)
	SourceIP   string
}

// TravelLeg joins two consecutive logins at different places.
type TravelLeg struct {
	From, To   int     // indexes into Stops
	Km         float64 // great-circle distance
	Hours      float64 // time between the two logins
	Kmh        float64 // implied speed; 0 when the logins were at the same instant
	Impossible bool    // faster than an airliner over a real distance
}

// Travel is a user's logins in time order with the legs between places.
type Travel struct {
	Username  string
	Stops     []TravelStop
	Legs      []TravelLeg
	Unlocated int // logins without coordinates, left out of the path
}

// travelMaxStops bounds the path; a user with more logins keeps the most recent ones.
const travelMaxStops = 500

// impossibleKmh is faster than any airliner; shorter hops are left alone (geolocation error).
const (
	impossibleKmh = 1000
	impossibleKm  = 500
)

// UserTravel returns one user's located logins across the selected connections, oldest first.
func (s *Store) UserTravel(ctx context.Context, username string, connectionIDs []int64) (Travel, error) {
	t := Travel{Username: username}
	if strings.TrimSpace(username) == "" {
		return t, &session.FilterError{Msg: "choose a user to see their travel path"}
	}
	snaps, err := s.currentSnapshots(ctx, connectionIDs)
	if err != nil || len(snaps) == 0 {
		return t, err
	}
	args := make([]any, 0, len(snaps)+2)
	for _, sn := range snaps {
		args = append(args, sn.snapshotID)
	}
	args = append(args, strings.ToLower(strings.TrimSpace(username)), travelMaxStops)
	rows, err := s.db.QueryContext(ctx, `SELECT c.name, c.kind, s.session_id, s.location_key, s.city, s.country,
		s.latitude, s.longitude, s.created_at, s.source_ip FROM sessions s JOIN connections c ON c.id = s.connection_id
		WHERE s.snapshot_id IN (`+placeholders(len(snaps))+`) AND s.user_key = ?
		ORDER BY s.created_at DESC, s.id DESC LIMIT ?`, args...)
	if err != nil {
		return t, fmt.Errorf("travel: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st TravelStop
		var lat, lon sql.NullFloat64
		var at int64
		if err := rows.Scan(&st.Connection, &st.Kind, &st.SessionID, &st.Place, &st.City, &st.Country, &lat, &lon,
			&at, &st.SourceIP); err != nil {
			return t, err
		}
		if !lat.Valid || !lon.Valid || at == 0 {
			t.Unlocated++
			continue
		}
		st.Latitude, st.Longitude, st.At = lat.Float64, lon.Float64, time.UnixMilli(at).UTC()
		t.Stops = append(t.Stops, st)
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	for i, j := 0, len(t.Stops)-1; i < j; i, j = i+1, j-1 {
		t.Stops[i], t.Stops[j] = t.Stops[j], t.Stops[i]
	}
	t.Legs = travelLegs(t.Stops)
	return t, nil
}

// travelLegs joins each login to the previous one made from a different place.
func travelLegs(stops []TravelStop) []TravelLeg {
	var legs []TravelLeg
	last := 0
	for i := 1; i < len(stops); i++ {
		a, b := stops[last], stops[i]
		if a.Place == b.Place && a.Latitude == b.Latitude && a.Longitude == b.Longitude {
			last = i
			continue
		}
		km := Haversine(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
		hours := b.At.Sub(a.At).Hours()
		leg := TravelLeg{From: last, To: i, Km: km, Hours: hours}
		if hours > 0 {
			leg.Kmh = km / hours
		}
		leg.Impossible = km >= impossibleKm && (hours <= 0 || leg.Kmh > impossibleKmh)
		legs = append(legs, leg)
		last = i
	}
	return legs
}

// Haversine is the great-circle distance in kilometres between two points given in degrees.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0088
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Facets are the distinct values of the filterable columns across the current snapshots.
type Facets struct {
	Countries      []CountryName
	SessionTypes   []string
	LoginTypes     []string
	SecurityLevels []string
	DeviceTypes    []string
}

// CountryName is a country code and the name stored with it.
type CountryName struct{ Code, Name string }

// Facets reads each column's distinct values by hopping through its index (one seek per
// value), so it costs the number of values, not the number of sessions.
func (s *Store) Facets(ctx context.Context) (Facets, error) {
	var f Facets
	snaps, err := s.currentSnapshots(ctx, nil)
	if err != nil || len(snaps) == 0 {
		return f, err
	}
	for _, c := range []struct {
		col string
		dst *[]string
	}{{"session_type", &f.SessionTypes}, {"login_type", &f.LoginTypes}, {"security_level", &f.SecurityLevels},
		{"device_type", &f.DeviceTypes}} {
		if *c.dst, err = s.distinct(ctx, snaps, c.col); err != nil {
			return f, err
		}
	}
	codes, err := s.distinct(ctx, snaps, "country_code")
	if err != nil {
		return f, err
	}
	for _, code := range codes {
		var name string
		// Any one row names the country; the index finds the first.
		if err := s.db.QueryRowContext(ctx, `SELECT country FROM sessions WHERE snapshot_id = ? AND country_code = ?
			AND country <> '' LIMIT 1`, snaps[0].snapshotID, code).Scan(&name); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return f, err
		}
		if name == "" {
			for _, sn := range snaps[1:] {
				_ = s.db.QueryRowContext(ctx, `SELECT country FROM sessions WHERE snapshot_id = ? AND country_code = ?
					AND country <> '' LIMIT 1`, sn.snapshotID, code).Scan(&name)
				if name != "" {
					break
				}
			}
		}
		f.Countries = append(f.Countries, CountryName{Code: code, Name: name})
	}
	return f, nil
}

// distinct returns a column's non-empty values across snapshots, sorted. col is one of ours.
func (s *Store) distinct(ctx context.Context, snaps []liveSnapshot, col string) ([]string, error) {
	seen := map[string]bool{}
	for _, sn := range snaps {
		rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE hop(v) AS (
			SELECT min(`+col+`) FROM sessions WHERE snapshot_id = ?1 AND `+col+` > ''
			UNION ALL
			SELECT (SELECT min(`+col+`) FROM sessions WHERE snapshot_id = ?1 AND `+col+` > hop.v) FROM hop WHERE hop.v IS NOT NULL
		) SELECT v FROM hop WHERE v IS NOT NULL LIMIT 10000`, sn.snapshotID)
		if err != nil {
			return nil, fmt.Errorf("list %s values: %w", col, err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, err
			}
			seen[v] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out, nil
}
