package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"sessionscope/backend/session"
)

func auditHash(prev string, e session.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(e.At.UnixMilli(), 10), e.Actor, e.Action,
		e.Connection, e.Target, e.Reason, e.Result, e.Detail} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AppendAudit writes an audit entry, chained to the previous one, and returns it with id and
// hash. The entry is on disk when AppendAudit returns (see beginDurable), and the chain head
// outside the database names it.
func (s *Store) AppendAudit(ctx context.Context, e session.AuditEntry) (session.AuditEntry, error) {
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		return e, err
	}
	defer done()
	defer tx.Rollback()
	e, err = appendAudit(ctx, tx, s.now(), e)
	if err != nil {
		return e, err
	}
	return e, s.commitAudit(tx, e)
}

func appendAudit(ctx context.Context, tx *sql.Tx, now time.Time, e session.AuditEntry) (session.AuditEntry, error) {
	var prev string
	err := tx.QueryRowContext(ctx, `SELECT hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	return appendAuditAfter(ctx, tx, now, prev, e)
}

// appendAuditAfter writes e chained to prev, the newest entry's hash (callers writing many
// entries in one transaction keep it instead of reading it back each time).
func appendAuditAfter(ctx context.Context, tx *sql.Tx, now time.Time, prev string, e session.AuditEntry) (session.AuditEntry, error) {
	if e.At.IsZero() {
		e.At = now.UTC()
	}
	e.At = e.At.Truncate(time.Millisecond)
	e.Hash = auditHash(prev, e)
	res, err := tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, connection, target, reason, result, detail, prev_hash, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, e.At.UnixMilli(), e.Actor, e.Action, e.Connection, e.Target, e.Reason,
		e.Result, e.Detail, prev, e.Hash)
	if err != nil {
		return e, fmt.Errorf("write audit entry: %w", err)
	}
	e.ID, _ = res.LastInsertId()
	return e, nil
}

const upsertSignout = `INSERT INTO signouts(connection_id, session_id, at, outcome, audit_id)
	VALUES (?,?,?,?,?) ON CONFLICT(connection_id, session_id) DO UPDATE SET at = excluded.at,
	outcome = excluded.outcome, audit_id = excluded.audit_id`

// RecordSignOut writes the audit entry of a sign-out and, when the session ended (or was
// already gone), remembers it so the table shows it as ended until the next refresh.
func (s *Store) RecordSignOut(ctx context.Context, connectionID int64, sessionID string, e session.AuditEntry) (session.AuditEntry, error) {
	tx, done, err := s.beginDurable(ctx)
	if err != nil {
		return e, err
	}
	defer done()
	defer tx.Rollback()
	e, err = appendAudit(ctx, tx, s.now(), e)
	if err != nil {
		return e, err
	}
	if e.Result == "ended" || e.Result == "already_gone" {
		if _, err := tx.ExecContext(ctx, upsertSignout, connectionID, sessionID, e.At.UnixMilli(), e.Result, e.ID); err != nil {
			return e, err
		}
	}
	return e, s.commitAudit(tx, e)
}

// Audit returns the newest entries first.
func (s *Store) Audit(ctx context.Context, limit int) ([]session.AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, connection, target, reason, result, detail, hash
		FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []session.AuditEntry
	for rows.Next() {
		var e session.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Connection, &e.Target, &e.Reason, &e.Result, &e.Detail, &e.Hash); err != nil {
			return nil, err
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyAudit walks the chain and the head kept beside the database, and returns an error
// naming the first bad entry when either does not hold (CheckAudit gives the details).
func (s *Store) VerifyAudit(ctx context.Context) error {
	c, err := s.CheckAudit(ctx)
	if err != nil {
		return err
	}
	if !c.OK {
		return errors.New(c.Message)
	}
	return nil
}

// MarkSignedOut remembers a session as signed out (by a user-wide action) under an audit entry.
func (s *Store) MarkSignedOut(ctx context.Context, connectionID int64, sessionID, outcome string, auditID int64) error {
	_, err := s.exec(ctx, upsertSignout, connectionID, sessionID, s.now().UnixMilli(), outcome, auditID)
	return err
}

// CurrentSessionsOfUser lists the session ids of a user (server user id) in a connection's
// current snapshot, and whether one of them is the app's own session.
func (s *Store) CurrentSessionsOfUser(ctx context.Context, connectionID int64, userID string) ([]string, bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.session_id, s.is_current FROM sessions s
		JOIN connections c ON c.current_snapshot_id = s.snapshot_id WHERE c.id = ? AND s.user_id = ?`, connectionID, userID)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []string
	own := false
	for rows.Next() {
		var id string
		var cur bool
		if err := rows.Scan(&id, &cur); err != nil {
			return nil, false, err
		}
		out, own = append(out, id), own || cur
	}
	return out, own, rows.Err()
}
