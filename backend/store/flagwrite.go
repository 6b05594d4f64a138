package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/risk"
)

// writeFlags replaces a snapshot's flags in one transaction. A snapshot pruned or removed
// meanwhile gets none (ErrNotFound): its digest is gone, and with it the trigger that would
// remove them. Each table is filled by one statement reading a JSON array (json_each): a
// statement per row cost more than the rows.
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
	if err := insertRows(ctx, tx, `INSERT INTO flags(id, snapshot_id, connection_id, rule, severity, reason, user_key, sessions)`,
		8, len(flags), func(i int, a []any) {
			f := &flags[i]
			a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7] = base+int64(i), snapshotID, connectionID, string(f.Rule),
				int64(f.Severity), f.Reason, f.User, int64(len(f.Rows))
		}); err != nil {
		return fmt.Errorf("write flags: %w", err)
	}
	ids, ranked := flaggedRows(perRow, flags, base)
	if err := insertRows(ctx, tx, `INSERT INTO session_flags(row_id, snapshot_id, severity, rules, flag_ids, last_active_at)`,
		6, len(ids), func(i int, a []any) {
			rf := perRow[ids[i]]
			a[0], a[1], a[2], a[3], a[4], a[5] = ids[i], snapshotID, int64(rf.severity), rf.rules, ranked[i], rf.active
		}); err != nil {
		return fmt.Errorf("write the flagged sessions: %w", err)
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

// rowsPerInsert is how many rows one INSERT statement carries: a statement per row costs more
// than its row, and one per batch stays far below SQLite's limit on parameters.
const rowsPerInsert = 256

// insertRows runs head VALUES (…), (…) for n rows of cols values each, fill giving row i's.
func insertRows(ctx context.Context, tx *sql.Tx, head string, cols, n int, fill func(i int, args []any)) error {
	var st *sql.Stmt
	defer func() {
		if st != nil {
			st.Close()
		}
	}()
	size := 0
	args := make([]any, 0, rowsPerInsert*cols)
	for i := 0; i < n; i += rowsPerInsert {
		k := min(rowsPerInsert, n-i)
		if k != size {
			if st != nil {
				st.Close()
			}
			row := "(" + strings.Repeat("?,", cols-1) + "?)"
			var err error
			if st, err = tx.PrepareContext(ctx, head+" VALUES "+strings.Repeat(row+",", k-1)+row); err != nil {
				return err
			}
			size = k
		}
		args = args[:k*cols]
		for j := range k {
			fill(i+j, args[j*cols:(j+1)*cols])
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// flaggedRows lists the flagged rows in row order (appends to the table's b-tree), with each
// one's flag ids, most severe first, as the stored text "id,id,…".
func flaggedRows(perRow map[int64]rowFlags, flags []risk.Flag, base int64) ([]int64, []string) {
	ids := make([]int64, 0, len(perRow))
	for id := range perRow {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ranked := make([]string, len(ids))
	var b []byte
	for i, id := range ids {
		rf := perRow[id]
		slices.SortStableFunc(rf.flags, func(x, y int32) int { return int(flags[y].Severity) - int(flags[x].Severity) })
		b = b[:0]
		for k, f := range rf.flags {
			if k > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, base+int64(f), 10)
		}
		ranked[i] = string(b)
	}
	return ids, ranked
}

// policyRecord is the policy a pass used, as recorded with its flags.
func policyRecord(p risk.Policy) map[string]string {
	out := map[string]string{}
	for _, f := range risk.Fields {
		out[f.Name] = f.Show(p)
	}
	return out
}
