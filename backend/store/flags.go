package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync/atomic"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

// Flags. A complete snapshot is judged by risk.Engine in one pass over its rows in user order
// (the sessions_user_key index), one user's sessions in memory at a time. What comes out is
// written in one transaction: the flags with their reasons, the sessions each involves, each
// session row's summary (most severe flag, rule mask: the filters' partial index), and the
// snapshot's history for the next refresh. A policy change reruns the pass on the rows already
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
	eng := risk.NewEngine(risk.Context{Policy: p, Now: risk.ReferenceTime(snap.started, snap.newest), Prev: prev},
		func(f risk.Flag) { flags = append(flags, f) })
	if sum.Sessions, err = s.streamUsers(ctx, snapshotID, endpoints, eng.User); err != nil {
		return sum, err
	}
	risk.SortFlags(flags) // the same flags get the same ids, whatever order the users came in
	perRow := summarise(flags, &sum)
	if write {
		policy, _ := json.Marshal(policyRecord(p))
		if err := s.writeFlags(ctx, snapshotID, snap.connectionID, flags, perRow, eng.History(), policy, &sum, start); err != nil {
			return sum, err
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// rowFlags is one session row's summary: its most severe flag and its rules' bits.
type rowFlags struct {
	severity risk.Severity
	rules    int64
}

func summarise(flags []risk.Flag, sum *FlagSummary) map[int64]rowFlags {
	perRow := map[int64]rowFlags{}
	ruleRows := map[risk.Rule]map[int64]bool{}
	for _, f := range flags {
		sum.RuleFlags[f.Rule]++
		if ruleRows[f.Rule] == nil {
			ruleRows[f.Rule] = map[int64]bool{}
		}
		for _, r := range f.Rows {
			rf := perRow[r]
			rf.severity = max(rf.severity, f.Severity)
			rf.rules |= f.Rule.Mask()
			perRow[r] = rf
			ruleRows[f.Rule][r] = true
		}
	}
	for r, rows := range ruleRows {
		sum.RuleSessions[r] = len(rows)
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

// streamUsers reads a snapshot's sessions in user order and hands each user's to fn.
func (s *Store) streamUsers(ctx context.Context, snapshotID int64, endpoints map[int64][]risk.Endpoint, fn func([]risk.Obs)) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, session_id, parent_id <> '', user_key, username, session_type,
		login_type, application, created_at, last_active_at, source_ip, asn, country_code, country, city, latitude,
		longitude, geo_source, browser, platform
		FROM sessions INDEXED BY sessions_user_key WHERE snapshot_id = ? ORDER BY user_key, id`, snapshotID)
	if err != nil {
		return 0, fmt.Errorf("read sessions to judge: %w", err)
	}
	defer rows.Close()
	var group []risk.Obs
	n := 0
	for rows.Next() {
		var o risk.Obs
		var ip string
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&o.Row, &o.SessionID, &o.Child, &o.UserKey, &o.Username, &o.SessionType, &o.LoginType,
			&o.Application, &o.Created, &o.LastActive, &ip, &o.ASN, &o.CountryCode, &o.Country, &o.City, &lat, &lon,
			&o.GeoSource, &o.Browser, &o.Platform); err != nil {
			return n, err
		}
		if a, err := netip.ParseAddr(ip); err == nil {
			o.IP = a.Unmap()
		}
		if lat.Valid && lon.Valid {
			o.HasCoords, o.Lat, o.Lon = true, lat.Float64, lon.Float64
		}
		o.Endpoints = endpoints[o.Row]
		if len(group) > 0 && group[0].UserKey != o.UserKey {
			fn(group)
			group = group[:0]
		}
		group = append(group, o)
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if len(group) > 0 {
		fn(group)
	}
	return n, nil
}

// writeFlags replaces a snapshot's flags in one transaction. A snapshot pruned or removed
// meanwhile gets none (ErrNotFound): its digest is gone, and with it the trigger that would
// remove them.
func (s *Store) writeFlags(ctx context.Context, snapshotID, connectionID int64, flags []risk.Flag, perRow map[int64]rowFlags,
	hist *risk.History, policy []byte, sum *FlagSummary, started time.Time) error {
	tx, done, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM snapshot_digests WHERE snapshot_id = ?`, snapshotID).Scan(&one); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("snapshot %d was removed while it was judged: %w", snapshotID, ErrNotFound)
		}
		return err
	}
	for _, q := range []string{`DELETE FROM flag_rows WHERE snapshot_id = ?`, `DELETE FROM flags WHERE snapshot_id = ?`,
		`UPDATE sessions SET flag_severity = 0, flag_rules = 0 WHERE snapshot_id = ? AND flag_severity > 0`} {
		if _, err := tx.ExecContext(ctx, q, snapshotID); err != nil {
			return fmt.Errorf("clear the flags of snapshot %d: %w", snapshotID, err)
		}
	}
	insFlag, err := tx.PrepareContext(ctx, `INSERT INTO flags(snapshot_id, connection_id, rule, severity, reason, user_key, sessions)
		VALUES (?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer insFlag.Close()
	insRow, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO flag_rows(row_id, flag_id, snapshot_id) VALUES (?,?,?)`)
	if err != nil {
		return err
	}
	defer insRow.Close()
	for _, f := range flags {
		res, err := insFlag.ExecContext(ctx, snapshotID, connectionID, string(f.Rule), int(f.Severity), f.Reason, f.User, len(f.Rows))
		if err != nil {
			return fmt.Errorf("write flags: %w", err)
		}
		id, _ := res.LastInsertId()
		for _, r := range f.Rows {
			if _, err := insRow.ExecContext(ctx, r, id, snapshotID); err != nil {
				return fmt.Errorf("write flags: %w", err)
			}
		}
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE sessions SET flag_severity = ?, flag_rules = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	ids := make([]int64, 0, len(perRow))
	for id := range perRow {
		ids = append(ids, id)
	}
	slices.Sort(ids) // row order: the pages are visited once, in order
	for _, id := range ids {
		rf := perRow[id]
		if _, err := upd.ExecContext(ctx, int(rf.severity), rf.rules, id); err != nil {
			return fmt.Errorf("mark flagged sessions: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO flag_history(snapshot_id, connection_id, body) VALUES (?,?,?)`,
		snapshotID, connectionID, hist.Encode()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO flag_runs(snapshot_id, connection_id, computed_at, policy, flags,
		flagged, took_ms) VALUES (?,?,?,?,?,?,?)`, snapshotID, connectionID, s.now().UnixMilli(), string(policy), sum.Flags,
		sum.Flagged, time.Since(started).Milliseconds()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("write the flags of snapshot %d: %w", snapshotID, err)
	}
	flagsVersion.Add(1)
	return nil
}

// policyRecord is the policy a pass used, as recorded with its flags.
func policyRecord(p risk.Policy) map[string]string {
	out := map[string]string{}
	for _, f := range risk.Fields {
		out[f.Name] = f.Show(p)
	}
	return out
}
