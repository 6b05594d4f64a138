package store

import (
	"context"
	"fmt"
)

// A snapshot's rows in the table. Refreshes of several connections run side by side and write
// their pages in turn, so one snapshot's ids come in runs, with other snapshots' rows between
// them: at 1M sessions over ten orgs a snapshot's id range held 3.7 times its own rows. A pass
// that reads a whole snapshot (the flag pass, a comparison) scans each run by its ids, which
// reads each table page once and skips the others' pages, instead of one range over everything.

// runGap is how many foreign ids may lie between two of a snapshot's rows before they start
// separate runs: below it, one scan that skips the few rows costs less than another query.
const runGap = 256

// idRun is one run of a snapshot's rows: ids lo..hi, both inclusive.
type idRun struct{ lo, hi int64 }

// snapshotRuns reads a snapshot's ids (from an index on snapshot_id, which holds them in
// order) and returns their runs, and how many rows the snapshot has.
func (s *Store) snapshotRuns(ctx context.Context, snapshotID int64) ([]idRun, int, error) {
	q, err := s.db.QueryContext(ctx, `SELECT id FROM sessions INDEXED BY sessions_user_key WHERE snapshot_id = ? ORDER BY id`, snapshotID)
	if err != nil {
		return nil, 0, fmt.Errorf("read snapshot %d rows: %w", snapshotID, err)
	}
	defer q.Close()
	var ids []int64
	for q.Next() {
		var id int64
		if err := q.Scan(&id); err != nil {
			return nil, 0, fmt.Errorf("read snapshot %d rows: %w", snapshotID, err)
		}
		ids = append(ids, id)
	}
	if err := q.Err(); err != nil {
		return nil, 0, fmt.Errorf("read snapshot %d rows: %w", snapshotID, err)
	}
	return runsOf(ids, runGap), len(ids), nil
}

// runsOf joins ascending ids into runs, starting a new one where the next id is more than gap
// past the previous one.
func runsOf(ids []int64, gap int64) []idRun {
	var out []idRun
	for _, id := range ids {
		if n := len(out); n > 0 && id-out[n-1].hi <= gap {
			out[n-1].hi = id
			continue
		}
		out = append(out, idRun{id, id})
	}
	return out
}

// scanRuns runs query once per run, with ?1 the snapshot and ?2, ?3 the run's first and last
// id, and hands each result row to scan.
func (s *Store) scanRuns(ctx context.Context, runs []idRun, snapshotID int64, query string, scan func(scanner) error) error {
	for _, r := range runs {
		if err := s.scanRun(ctx, r, snapshotID, query, scan); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) scanRun(ctx context.Context, r idRun, snapshotID int64, query string, scan func(scanner) error) error {
	q, err := s.db.QueryContext(ctx, query, snapshotID, r.lo, r.hi)
	if err != nil {
		return err
	}
	defer q.Close()
	for q.Next() {
		if err := scan(q); err != nil {
			return err
		}
	}
	return q.Err()
}
