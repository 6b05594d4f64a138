package store

import (
	"context"
	"strings"
)

// Breakdown counts the sessions of some snapshots by country and by session type, for the
// review report. It reads the (snapshot_id, country_code, session_type) index alone.
type Breakdown struct {
	Sessions  int
	Countries map[string]int // country code ("" = unknown) → sessions
	Types     map[string]int // session type ("" = unknown) → sessions
}

// SnapshotBreakdown counts the kept session rows of the given snapshots.
func (s *Store) SnapshotBreakdown(ctx context.Context, snapshotIDs []int64) (Breakdown, error) {
	b := Breakdown{Countries: map[string]int{}, Types: map[string]int{}}
	if len(snapshotIDs) == 0 {
		return b, nil
	}
	args := make([]any, len(snapshotIDs))
	for i, id := range snapshotIDs {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT country_code, session_type, count(*) FROM sessions INDEXED BY sessions_country
		WHERE snapshot_id IN (?`+strings.Repeat(",?", len(args)-1)+`) GROUP BY country_code, session_type`, args...)
	if err != nil {
		return b, err
	}
	defer rows.Close()
	for rows.Next() {
		var cc, typ string
		var n int
		if err := rows.Scan(&cc, &typ, &n); err != nil {
			return b, err
		}
		b.Sessions += n
		b.Countries[cc] += n
		b.Types[typ] += n
	}
	return b, rows.Err()
}
