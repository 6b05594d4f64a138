package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
)

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
