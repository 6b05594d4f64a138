package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"sessionscope/backend/risk"
)

// writeFlags replaces a snapshot's flags in one transaction. A snapshot pruned or removed
// meanwhile gets none (ErrNotFound): its digest is gone, and with it the trigger that would
// remove them. Each table is filled by one statement reading a JSON array (json_each): a
// statement per row cost more than the rows.
func (s *Store) writeFlags(ctx context.Context, snapshotID, connectionID int64, flags []risk.Flag, perRow map[int64]rowFlags,
	hist *risk.History, policy []byte, sum *FlagSummary, started time.Time) error {
	flagsJSON := flagArray(flags)
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
	for _, q := range []string{`DELETE FROM flags WHERE snapshot_id = ?`, `DELETE FROM session_flags WHERE snapshot_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, snapshotID); err != nil {
			return fmt.Errorf("clear the flags of snapshot %d: %w", snapshotID, err)
		}
	}
	// Flag ids are given here (base + position) so the involved sessions can name them.
	var base int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM flags`).Scan(&base); err != nil {
		return err
	}
	perRowJSON := perRowArray(perRow, flags, base)
	for _, st := range []struct {
		what, q string
		args    []any
	}{
		{"flags", `INSERT INTO flags(id, snapshot_id, connection_id, rule, severity, reason, user_key, sessions)
			SELECT ?1 + j.key, ?2, ?3, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
			FROM json_each(?4) AS j`, []any{base, snapshotID, connectionID, flagsJSON}},
		{"the flagged sessions", `INSERT INTO session_flags(row_id, snapshot_id, severity, rules, flag_ids, last_active_at)
			SELECT j.value ->> 0, ?1, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4 FROM json_each(?2) AS j`,
			[]any{snapshotID, perRowJSON}},
	} {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("write %s: %w", st.what, err)
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

// flagArray writes the flags as [[rule, severity, reason, user, sessions], …].
func flagArray(flags []risk.Flag) string {
	fb := make([]byte, 0, len(flags)*96)
	fb = append(fb, '[')
	for i, f := range flags {
		if i > 0 {
			fb = append(fb, ',')
		}
		fb = append(fb, '[')
		fb = appendJSONString(fb, string(f.Rule))
		fb = append(fb, ',')
		fb = strconv.AppendInt(fb, int64(f.Severity), 10)
		fb = append(fb, ',')
		fb = appendJSONString(fb, f.Reason)
		fb = append(fb, ',')
		fb = appendJSONString(fb, f.User)
		fb = append(fb, ',')
		fb = strconv.AppendInt(fb, int64(len(f.Rows)), 10)
		fb = append(fb, ']')
	}
	return string(append(fb, ']'))
}

// perRowArray writes each flagged row as [row, severity, rules, "flag ids", last activity], in row order
// (appends to the table's b-tree), its flag ids most severe first.
func perRowArray(perRow map[int64]rowFlags, flags []risk.Flag, base int64) string {
	ids := make([]int64, 0, len(perRow))
	for id := range perRow {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b := make([]byte, 0, len(ids)*28+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		rf := perRow[id]
		slices.SortStableFunc(rf.flags, func(x, y int32) int { return int(flags[y].Severity) - int(flags[x].Severity) })
		b = append(b, '[')
		b = strconv.AppendInt(b, id, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(rf.severity), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, rf.rules, 10)
		b = append(b, ',', '"')
		for k, f := range rf.flags {
			if k > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, base+int64(f), 10)
		}
		b = append(b, '"', ',')
		b = strconv.AppendInt(b, rf.active, 10)
		b = append(b, ']')
	}
	return string(append(b, ']'))
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// policyRecord is the policy a pass used, as recorded with its flags.
func policyRecord(p risk.Policy) map[string]string {
	out := map[string]string{}
	for _, f := range risk.Fields {
		out[f.Name] = f.Show(p)
	}
	return out
}
