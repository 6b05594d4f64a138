package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"sessionscope/backend/session"
)

// SnapshotWriter fills one new snapshot, a page per transaction.
type SnapshotWriter struct {
	s       *Store
	snap    session.Snapshot
	digest  *digestBuilder // what comparisons with this snapshot need, gathered page by page
	err     error          // a shared batch holding pages of this snapshot failed to commit (under writeMu)
	dropped int
	done    bool
}

// BeginSnapshot starts a new, not yet current, snapshot of a connection.
func (s *Store) BeginSnapshot(ctx context.Context, connectionID int64) (*SnapshotWriter, error) {
	now := s.now().UTC()
	res, err := s.exec(ctx,
		`INSERT INTO snapshots(connection_id, started_at, status) VALUES (?, ?, ?)`,
		connectionID, now.UnixMilli(), session.SnapshotRunning)
	if err != nil {
		return nil, fmt.Errorf("begin snapshot of connection %d: %w", connectionID, err)
	}
	id, _ := res.LastInsertId()
	s.snapshotStarted()
	return &SnapshotWriter{s: s, digest: newDigestBuilder(), snap: session.Snapshot{
		ID: id, ConnectionID: connectionID, StartedAt: now, Status: session.SnapshotRunning,
	}}, nil
}

// Snapshot returns the snapshot as written so far.
func (w *SnapshotWriter) Snapshot() session.Snapshot { return w.snap }

// WritePage stores one page of sessions. dropped counts records the connector skipped on this
// page (expired ones), for the snapshot's record.
//
// Pages of every running snapshot share write transactions (see pageBatch): a page is in the
// database when WritePage returns, committed with the batch it joined. A batch that fails to
// commit fails every snapshot with a page in it, at its next WritePage or Complete.
func (w *SnapshotWriter) WritePage(ctx context.Context, page []session.Session, dropped int) error {
	s := w.s
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if w.done {
		return errors.New("snapshot already finished")
	}
	if w.err != nil {
		return w.err
	}
	b, err := s.openBatch()
	if err != nil {
		return fmt.Errorf("write page of snapshot %d: %w", w.snap.ID, err)
	}
	// A page is written whole or not at all: cancelling a statement in the middle would make
	// SQLite roll back the whole shared transaction, other snapshots' pages with it.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.inBatch(b, func(tx *sql.Tx) error {
		bg := context.WithoutCancel(ctx)
		if err := InsertSessions(bg, tx, w.snap.ID, w.snap.ConnectionID, page); err != nil {
			return fmt.Errorf("write page %d of snapshot %d: %w", w.snap.Pages+1, w.snap.ID, err)
		}
		return stillRunning(tx.ExecContext(bg,
			`UPDATE snapshots SET session_count = session_count + ?, pages = pages + 1, dropped = dropped + ?
			 WHERE id = ? AND status = 'running'`, len(page), dropped, w.snap.ID))
	}); err != nil {
		return err
	}
	b.rows += len(page)
	if !slices.Contains(b.writers, w) {
		b.writers = append(b.writers, w)
	}
	w.digest.add(page)
	w.snap.SessionCount += len(page)
	w.snap.Pages++
	w.dropped += dropped
	if b.rows >= batchRows {
		s.flushBatch()
	}
	return w.err
}

// InsertSessionSQL inserts one session row; SessionArgs gives its arguments.
const InsertSessionSQL = `INSERT INTO sessions(
	snapshot_id, connection_id, session_id, parent_id, user_id, username, user_name, user_key, name_key,
	user_type, session_type, login_type, security_level, created_at, last_active_at, expires_at,
	source_ip, city, subdivision, country, country_code, postal_code, latitude, longitude, geo_source,
	location_key, user_agent, browser, platform, device_type, application, is_current, ip_bin, asn, asn_org)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

const insertRawSQL = `INSERT INTO session_raw(id, raw) VALUES (?, ?)`

// InsertSessions writes sessions and their raw records inside tx. The refresh and the
// benchmark's raw-insert baseline both use it, so they write the same rows the same way.
func InsertSessions(ctx context.Context, tx *sql.Tx, snapshotID, connectionID int64, rows []session.Session) error {
	stmt, err := tx.PrepareContext(ctx, InsertSessionSQL)
	if err != nil {
		return err
	}
	defer stmt.Close()
	rawStmt, err := tx.PrepareContext(ctx, insertRawSQL)
	if err != nil {
		return err
	}
	defer rawStmt.Close()
	for i := range rows {
		res, err := stmt.ExecContext(ctx, SessionArgs(snapshotID, connectionID, &rows[i])...)
		if err != nil {
			return fmt.Errorf("session %d: %w", i, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := rawStmt.ExecContext(ctx, id, string(rows[i].Raw)); err != nil {
			return fmt.Errorf("raw record of session %d: %w", i, err)
		}
	}
	return nil
}

// SessionArgs are the insert arguments of one session row.
func SessionArgs(snapshotID, connectionID int64, x *session.Session) []any {
	var lat, lon any
	if x.Geo.Latitude != nil {
		lat = *x.Geo.Latitude
	}
	if x.Geo.Longitude != nil {
		lon = *x.Geo.Longitude
	}
	locKey := strings.ToLower(strings.TrimSpace(x.Geo.CountryCode + " " + x.Geo.City))
	return []any{
		snapshotID, connectionID, x.ID, x.ParentID, x.UserID, x.Username, x.UserName,
		strings.ToLower(x.Username), strings.ToLower(x.UserName),
		x.UserType, x.SessionType, x.LoginType, x.SecurityLevel,
		ms(x.CreatedAt), ms(x.LastActiveAt), ms(x.ExpiresAt),
		x.SourceIP, x.Geo.City, x.Geo.Subdivision, x.Geo.Country, x.Geo.CountryCode, x.Geo.PostalCode,
		lat, lon, x.Geo.Source, locKey,
		x.Device.UserAgent, x.Device.Browser, x.Device.Platform, x.Device.DeviceType, x.Device.Application,
		x.IsCurrent, ipBin(x.SourceIP), int64(x.Geo.ASN), x.Geo.ASNOrg,
	}
}

// Complete makes the snapshot its connection's current one and prunes old snapshots' rows.
func (w *SnapshotWriter) Complete(ctx context.Context, meta map[string]string) (session.Snapshot, error) {
	if w.done {
		return w.snap, errors.New("snapshot already finished")
	}
	metaJSON, _ := json.Marshal(nonNil(meta))
	now := w.s.now().UTC()
	tx, done, err := w.s.begin(ctx) // commits the batch holding this snapshot's last pages
	if err != nil {
		return w.snap, err
	}
	defer done()
	defer tx.Rollback()
	if w.err != nil {
		return w.snap, w.err
	}
	if err := stillRunning(tx.ExecContext(ctx, `UPDATE snapshots SET status = ?, finished_at = ?, meta = ?
		WHERE id = ? AND status = 'running'`, session.SnapshotComplete, now.UnixMilli(), string(metaJSON), w.snap.ID)); err != nil {
		return w.snap, err
	}
	var replaced sql.NullInt64 // the snapshot this one replaces as current, if any
	if err := tx.QueryRowContext(ctx, `SELECT current_snapshot_id FROM connections WHERE id = ?`,
		w.snap.ConnectionID).Scan(&replaced); err != nil {
		return w.snap, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE connections SET current_snapshot_id = ?, status = ?, message = '' WHERE id = ?`,
		w.snap.ID, session.StatusOK, w.snap.ConnectionID); err != nil {
		return w.snap, err
	}
	// Sessions signed out before this snapshot are either gone now or listed again by the server
	// (a failed or propagating revoke): either way the server's word is the truth from here on.
	if _, err := tx.ExecContext(ctx, `DELETE FROM signouts WHERE connection_id = ? AND at <= ?`,
		w.snap.ConnectionID, w.snap.StartedAt.UnixMilli()); err != nil {
		return w.snap, err
	}
	if err := pruneOld(ctx, tx, w.snap.ConnectionID); err != nil {
		return w.snap, err
	}
	if err := summarisePlaces(ctx, tx, w.snap.ID); err != nil {
		return w.snap, fmt.Errorf("summarise places: %w", err)
	}
	if err := saveDigest(ctx, tx, w.snap.ID, w.digest.build()); err != nil {
		return w.snap, fmt.Errorf("save snapshot digest: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return w.snap, fmt.Errorf("complete snapshot %d: %w", w.snap.ID, err)
	}
	w.done = true
	w.digest = nil
	if replaced.Valid {
		w.s.win.ForgetRanks(replaced.Int64)
	}
	w.snap.Status = session.SnapshotComplete
	w.snap.FinishedAt = now
	w.snap.Meta = meta
	w.s.snapshotFinished()
	return w.snap, nil
}

func pruneOld(ctx context.Context, tx *sql.Tx, connectionID int64) error {
	old := `SELECT id FROM snapshots WHERE connection_id = ? AND status = ? ORDER BY id DESC LIMIT -1 OFFSET ?`
	if _, err := tx.ExecContext(ctx, `DELETE FROM session_raw WHERE id IN (SELECT id FROM sessions WHERE snapshot_id IN (`+
		old+`))`, connectionID, session.SnapshotComplete, KeepSnapshots); err != nil {
		return err
	}
	for _, table := range []string{"snapshot_places", "snapshot_digests"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE snapshot_id IN (`+old+`)`,
			connectionID, session.SnapshotComplete, KeepSnapshots); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE snapshot_id IN (`+old+`)`,
		connectionID, session.SnapshotComplete, KeepSnapshots)
	return err
}

// Abort ends an unfinished snapshot as failed or interrupted and removes its rows; the
// connection's current snapshot stays what it was. Call it with a context that is still live.
func (w *SnapshotWriter) Abort(ctx context.Context, status string, cause error) error {
	if w.done {
		return nil
	}
	w.done = true
	w.digest = nil
	defer w.s.snapshotFinished()
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	w.snap.Status, w.snap.Error = status, msg
	return w.s.abortSnapshot(ctx, w.snap.ID, status, msg)
}

func (s *Store) abortSnapshot(ctx context.Context, id int64, status, msg string) error {
	tx, done, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM session_raw WHERE id IN (SELECT id FROM sessions WHERE snapshot_id = ?)`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE snapshot_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE snapshots SET status = ?, finished_at = ?, error = ? WHERE id = ?`,
		status, s.now().UnixMilli(), msg, id); err != nil {
		return err
	}
	return tx.Commit()
}

// recoverInterrupted cleans up after a process that died mid-refresh.
func (s *Store) recoverInterrupted(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM snapshots WHERE status = ?`, session.SnapshotRunning)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := s.abortSnapshot(ctx, id, session.SnapshotInterrupted, "the app stopped during this refresh"); err != nil {
			return fmt.Errorf("recover interrupted snapshot %d: %w", id, err)
		}
	}
	return nil
}

// Snapshots lists a connection's snapshots, newest first.
func (s *Store) Snapshots(ctx context.Context, connectionID int64, limit int) ([]session.Snapshot, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, started_at, finished_at, status, session_count, pages, error
		FROM snapshots WHERE connection_id = ? ORDER BY id DESC LIMIT ?`, connectionID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []session.Snapshot
	for rows.Next() {
		var sn session.Snapshot
		var started, finished sql.NullInt64
		if err := rows.Scan(&sn.ID, &started, &finished, &sn.Status, &sn.SessionCount, &sn.Pages, &sn.Error); err != nil {
			return nil, err
		}
		sn.ConnectionID = connectionID
		sn.StartedAt, sn.FinishedAt = fromMS(started), fromMS(finished)
		out = append(out, sn)
	}
	return out, rows.Err()
}

// stillRunning turns "no row updated" into an error: the snapshot was ended (cleaned up as
// interrupted) behind this writer's back, so nothing more may be added to it.
func stillRunning(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.New("this snapshot was ended by another process; refresh again")
	}
	return nil
}
