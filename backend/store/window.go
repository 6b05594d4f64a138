package store

import (
	"context"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/store/internal/window"
)

// Windowed queries: the window engine (internal/window) finds the ids of a window's rows; the
// store hands it the current snapshots and the filter's SQL, and reads the rows.

// rankColumns are the indexed sort columns the engine ranks in the background, the likeliest first.
var rankColumns = []string{"last_active_at", "user_key", "created_at", "source_ip", "location_key",
	"session_type", "login_type", "user_type", "security_level", "expires_at"}

// valueColumns are the rank columns the engine keeps the values of, for the time-range filters.
var valueColumns = []string{"last_active_at", "created_at"}

// windowTuning is the engine's tuning for stores opened from now on (tests force plans with it).
var windowTuning = window.DefaultTuning()

func (s *Store) newEngine() *window.Engine {
	return window.New(window.Options{DB: s.db, RankColumns: rankColumns, ValueColumns: valueColumns, Tuning: windowTuning,
		Current: func(ctx context.Context) ([]window.Snapshot, error) {
			snaps, err := s.currentSnapshots(ctx, nil)
			return windowSnapshots(snaps), err
		}})
}

func windowSnapshots(snaps []liveSnapshot) []window.Snapshot {
	out := make([]window.Snapshot, len(snaps))
	for i, sn := range snaps {
		out[i] = window.Snapshot{ID: sn.snapshotID, Count: sn.count, Gen: sn.gen}
	}
	return out
}

// Query returns one window of the current sessions matching q, in q's order, and the total.
func (s *Store) Query(ctx context.Context, q session.Query) ([]Row, int, error) {
	if err := q.Validate(); err != nil {
		return nil, 0, err
	}
	snaps, err := s.currentSnapshots(ctx, q.ConnectionIDs)
	if err != nil || len(snaps) == 0 {
		return nil, 0, err
	}
	return s.queryIn(ctx, snaps, q)
}

// Each calls fn for every current session matching q's filter, in q's order, reading window
// after window from the snapshots that were current when it started: a refresh completing
// meanwhile neither duplicates nor drops rows (exports).
func (s *Store) Each(ctx context.Context, q session.Query, fn func(Row) error) error {
	q.Offset, q.Limit = 0, 1000
	if err := q.Validate(); err != nil {
		return err
	}
	snaps, err := s.currentSnapshots(ctx, q.ConnectionIDs)
	if err != nil {
		return err
	}
	for len(snaps) > 0 {
		rows, total, err := s.queryIn(ctx, snaps, q)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		q.Offset += len(rows)
		if len(rows) == 0 || q.Offset >= total {
			return nil
		}
	}
	return nil
}

func (s *Store) queryIn(ctx context.Context, snaps []liveSnapshot, q session.Query) ([]Row, int, error) {
	f, err := splitFilter(q.Filter)
	if err != nil {
		return nil, 0, err
	}
	ids, total, err := s.win.Window(ctx, windowSnapshots(snaps), window.Request{Col: sortKeys[q.Sort], Desc: q.Desc,
		Where: f.where, Args: f.args, Ranges: f.ranges, Rest: f.rest, RestArgs: f.restArgs,
		ByConnection: q.Sort == "connection", Offset: q.Offset, Limit: q.Limit})
	if err != nil || len(ids) == 0 {
		return nil, total, err
	}
	rows, err := s.rowsByID(ctx, ids)
	return rows, total, err
}

// Prepared waits until the work that follows a change of the current snapshots is done in the
// background: the users ranking and the ranks of every sort column.
func (s *Store) Prepared(ctx context.Context) error {
	for s.win.RanksBusy() || s.top.job.Busy() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}
