package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

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
