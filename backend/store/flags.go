package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

// Flags. A complete snapshot is judged by risk.Engine in one pass over its rows in user order
// (the sessions_user_key index), one user's sessions in memory at a time. What comes out is
// written in one transaction: the flags with their reasons, the sessions each involves, each
// flagged session's summary (most severe flag, rule mask: what the filters read), and the
// snapshot's history for the next refresh. Users come in key order, so the same rows always
// give the same flags in the same order. A policy change reruns the pass on the rows already
// stored: nothing is fetched again.

// flagsVersion counts flag writes in this process. The flag filter's SQL names it, so counts
// and windows remembered for a filtered view are never served after the flags they were taken
// from have changed (the window caches assume a complete snapshot never changes).
var flagsVersion atomic.Uint64

// FlagSummary is what one pass over a snapshot found.
type FlagSummary struct {
	SnapshotID   int64
	ConnectionID int64
	Sessions     int                   // judged
	Flags        int                   // findings
	Flagged      int                   // sessions with at least one
	BySeverity   map[risk.Severity]int // flagged sessions by their most severe flag
	RuleFlags    map[risk.Rule]int     // findings per rule
	RuleSessions map[risk.Rule]int     // sessions per rule
	Took         time.Duration
}

// ComputeFlags judges a complete snapshot with p and stores the result, replacing what an
// earlier pass (an earlier policy) stored for it.
func (s *Store) ComputeFlags(ctx context.Context, snapshotID int64, p risk.Policy) (FlagSummary, error) {
	return s.flagPass(ctx, snapshotID, p, true)
}

// PreviewFlags judges a snapshot with p and stores nothing: what a policy change would flag.
func (s *Store) PreviewFlags(ctx context.Context, snapshotID int64, p risk.Policy) (FlagSummary, error) {
	return s.flagPass(ctx, snapshotID, p, false)
}

type flagSnapshot struct {
	connectionID int64
	kind         string
	started      time.Time
	newest       time.Time
}

func (s *Store) flagSnapshot(ctx context.Context, id int64) (flagSnapshot, error) {
	var fs flagSnapshot
	var status string
	var started, newest int64
	err := s.db.QueryRowContext(ctx, `SELECT s.connection_id, c.kind, s.status, s.started_at,
		(SELECT coalesce(max(last_active_at), 0) FROM sessions WHERE snapshot_id = s.id)
		FROM snapshots s JOIN connections c ON c.id = s.connection_id WHERE s.id = ?`, id).
		Scan(&fs.connectionID, &fs.kind, &status, &started, &newest)
	if errors.Is(err, sql.ErrNoRows) {
		return fs, fmt.Errorf("snapshot %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fs, err
	}
	if status != session.SnapshotComplete {
		return fs, fmt.Errorf("snapshot %d is %s: only a complete snapshot is judged", id, status)
	}
	fs.started, fs.newest = time.UnixMilli(started).UTC(), time.UnixMilli(newest).UTC()
	return fs, nil
}

func (s *Store) flagPass(ctx context.Context, snapshotID int64, p risk.Policy, write bool) (FlagSummary, error) {
	start := time.Now()
	sum := FlagSummary{SnapshotID: snapshotID, BySeverity: map[risk.Severity]int{}, RuleFlags: map[risk.Rule]int{},
		RuleSessions: map[risk.Rule]int{}}
	snap, err := s.flagSnapshot(ctx, snapshotID)
	if err != nil {
		return sum, err
	}
	sum.ConnectionID = snap.connectionID
	prev, err := s.previousHistory(ctx, snap.connectionID, snapshotID)
	if err != nil {
		return sum, err
	}
	var endpoints map[int64][]risk.Endpoint
	if snap.kind == "kratos" {
		if endpoints, err = s.kratosEndpoints(ctx, snapshotID); err != nil {
			return sum, err
		}
	}
	var flags []risk.Flag
	var user []risk.Obs         // the user being judged
	active := map[int64]int64{} // flagged rows' last activity: the Flagged view's order, without the rows
	eng := risk.NewEngine(risk.Context{Policy: p, Now: risk.ReferenceTime(snap.started, snap.newest), Prev: prev},
		func(f risk.Flag) {
			flags = append(flags, f)
			noteActivity(active, user, f.Rows)
		})
	judge := func(group []risk.Obs) {
		user = group
		eng.User(group)
	}
	if sum.Sessions, err = s.streamUsers(ctx, snapshotID, endpoints, judge); err != nil {
		return sum, err
	}
	perRow := summarise(flags, active, &sum)
	if write {
		policy, _ := json.Marshal(policyRecord(p))
		if err := s.writeFlags(ctx, snapshotID, snap.connectionID, flags, perRow, eng.History(), policy, &sum, start); err != nil {
			return sum, err
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// noteActivity records the last activity of flagged rows, looked up in their user's sessions.
func noteActivity(active map[int64]int64, user []risk.Obs, rows []int64) {
	if len(user) <= 32 {
		for _, r := range rows {
			for i := range user {
				if user[i].Row == r {
					active[r] = user[i].LastActive
				}
			}
		}
		return
	}
	// A user with many sessions (an integration, say): one pass over them, not one per row.
	want := make(map[int64]bool, len(rows))
	for _, r := range rows {
		want[r] = true
	}
	for i := range user {
		if want[user[i].Row] {
			active[user[i].Row] = user[i].LastActive
		}
	}
}

// rowFlags is one session row's summary: its most severe flag, its rules' bits, which flags
// (positions in the pass's list) involve it, and its last activity.
type rowFlags struct {
	severity risk.Severity
	rules    int64
	flags    []int32
	active   int64
}

func summarise(flags []risk.Flag, active map[int64]int64, sum *FlagSummary) map[int64]rowFlags {
	perRow := map[int64]rowFlags{}
	ruleRows := map[risk.Rule]map[int64]bool{}
	for i, f := range flags {
		sum.RuleFlags[f.Rule]++
		if ruleRows[f.Rule] == nil {
			ruleRows[f.Rule] = map[int64]bool{}
		}
		for _, r := range f.Rows {
			rf := perRow[r]
			rf.severity = max(rf.severity, f.Severity)
			rf.rules |= f.Rule.Mask()
			if n := len(rf.flags); n == 0 || rf.flags[n-1] != int32(i) { // a flag names a row once
				rf.flags = append(rf.flags, int32(i))
			}
			perRow[r] = rf
			ruleRows[f.Rule][r] = true
		}
	}
	for r, rows := range ruleRows {
		sum.RuleSessions[r] = len(rows)
	}
	for r, rf := range perRow {
		rf.active = active[r]
		perRow[r] = rf
	}
	for _, rf := range perRow {
		sum.BySeverity[rf.severity]++
	}
	sum.Flags, sum.Flagged = len(flags), len(perRow)
	return perRow
}

// previousHistory is the history of the connection's latest judged snapshot before this one.
// A damaged one is left aside: the "new" and "drift" rules then start over.
func (s *Store) previousHistory(ctx context.Context, connectionID, snapshotID int64) (*risk.History, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT body FROM flag_history WHERE connection_id = ? AND snapshot_id < ?
		ORDER BY snapshot_id DESC LIMIT 1`, connectionID, snapshotID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h, err := risk.DecodeHistory(body)
	if err != nil {
		return nil, nil
	}
	return h, nil
}

// kratosEndpoints reads the devices[] lists of a Kratos snapshot's sessions that hold more than
// one entry (the others cannot show drift).
func (s *Store) kratosEndpoints(ctx context.Context, snapshotID int64) (map[int64][]risk.Endpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, r.raw FROM sessions s JOIN session_raw r ON r.id = s.id
		WHERE s.snapshot_id = ? AND CASE WHEN json_valid(r.raw) THEN coalesce(json_array_length(r.raw, '$.devices'), 0)
		ELSE 0 END > 1`, snapshotID)
	if err != nil {
		return nil, fmt.Errorf("read device lists: %w", err)
	}
	defer rows.Close()
	out := map[int64][]risk.Endpoint{}
	for rows.Next() {
		var id int64
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return nil, err
		}
		if eps := risk.EndpointsFromKratos(raw); len(eps) > 1 {
			out[id] = eps
		}
	}
	return out, rows.Err()
}
