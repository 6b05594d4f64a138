package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

// PolicyRecord is what is stored of one connection's policy: the admin's overrides and the
// session settings last read from its server.
type PolicyRecord struct {
	ConnectionID int64
	Overrides    map[string]string // risk field name → text
	UpdatedAt    time.Time
	UpdatedBy    string
	Server       risk.Server
	ServerRaw    map[string]string // the server's own setting names and values
	ServerReadAt time.Time         // zero: never read
}

// Policy returns a connection's stored policy (empty overrides when none was ever set).
func (s *Store) Policy(ctx context.Context, connectionID int64) (PolicyRecord, error) {
	r := PolicyRecord{ConnectionID: connectionID, Overrides: map[string]string{}, ServerRaw: map[string]string{}}
	if _, err := s.Connection(ctx, connectionID); err != nil {
		return r, err
	}
	var overrides, raw string
	var updated, idle, maxLife, read int64
	err := s.db.QueryRowContext(ctx, `SELECT overrides, updated_at, updated_by, server_idle_ms, server_max_ms, server_raw,
		server_read_at FROM policies WHERE connection_id = ?`, connectionID).
		Scan(&overrides, &updated, &r.UpdatedBy, &idle, &maxLife, &raw, &read)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(overrides), &r.Overrides); err != nil {
		return r, fmt.Errorf("the stored policy of connection %d is unreadable: %w", connectionID, err)
	}
	_ = json.Unmarshal([]byte(raw), &r.ServerRaw)
	r.UpdatedAt, r.ServerReadAt = fromMS(sql.NullInt64{Int64: updated, Valid: true}), fromMS(sql.NullInt64{Int64: read, Valid: true})
	r.Server = risk.Server{IdleTimeout: time.Duration(idle) * time.Millisecond, MaxLifespan: time.Duration(maxLife) * time.Millisecond}
	return r, nil
}

// SetPolicyOverrides replaces a connection's overrides (already validated and canonical) and
// writes the audit entry of the change in the same transaction.
func (s *Store) SetPolicyOverrides(ctx context.Context, connectionID int64, overrides map[string]string, actor string,
	entry session.AuditEntry) (session.AuditEntry, error) {
	body, err := json.Marshal(overrides)
	if err != nil {
		return entry, err
	}
	tx, done, err := s.begin(ctx)
	if err != nil {
		return entry, err
	}
	defer done()
	defer tx.Rollback()
	now := s.now().UTC()
	if _, err := tx.ExecContext(ctx, `INSERT INTO policies(connection_id, overrides, updated_at, updated_by) VALUES (?,?,?,?)
		ON CONFLICT(connection_id) DO UPDATE SET overrides = excluded.overrides, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, connectionID, string(body), now.UnixMilli(), actor); err != nil {
		return entry, fmt.Errorf("save the policy: %w", err)
	}
	entry.At = now
	if entry, err = appendAudit(ctx, tx, now, entry); err != nil {
		return entry, err
	}
	return entry, tx.Commit()
}

// SetServerPolicy records the session settings read from a connection's server.
func (s *Store) SetServerPolicy(ctx context.Context, connectionID int64, server risk.Server, raw map[string]string) error {
	body, _ := json.Marshal(nonNil(raw))
	_, err := s.exec(ctx, `INSERT INTO policies(connection_id, server_idle_ms, server_max_ms, server_raw, server_read_at)
		VALUES (?,?,?,?,?) ON CONFLICT(connection_id) DO UPDATE SET server_idle_ms = excluded.server_idle_ms,
		server_max_ms = excluded.server_max_ms, server_raw = excluded.server_raw, server_read_at = excluded.server_read_at`,
		connectionID, server.IdleTimeout.Milliseconds(), server.MaxLifespan.Milliseconds(), string(body), s.now().UnixMilli())
	return err
}
