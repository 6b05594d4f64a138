package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sessionscope/backend/session"
)

// ErrNotFound is returned when a connection, snapshot or session does not exist.
var ErrNotFound = errors.New("not found")

// AddConnection inserts a connection and returns it with its id. Names are unique.
func (s *Store) AddConnection(ctx context.Context, c session.Connection) (session.Connection, error) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return c, fmt.Errorf("a connection needs a name")
	}
	opts, err := json.Marshal(nonNil(c.Options))
	if err != nil {
		return c, err
	}
	c.Created = s.now().UTC()
	res, err := s.exec(ctx,
		`INSERT INTO connections(name, kind, url, options, demo, created_at, status) VALUES (?,?,?,?,?,?,?)`,
		c.Name, c.Kind, c.URL, string(opts), c.Demo, c.Created.UnixMilli(), session.StatusNever)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return c, fmt.Errorf("a connection named %q already exists", c.Name)
		}
		return c, fmt.Errorf("add connection %q: %w", c.Name, err)
	}
	c.ID, _ = res.LastInsertId()
	c.Status = session.StatusNever
	return c, nil
}

// UpdateConnectionURL changes where a connection points (the demo's simulators move ports).
func (s *Store) UpdateConnectionURL(ctx context.Context, id int64, u string) error {
	_, err := s.exec(ctx, `UPDATE connections SET url = ? WHERE id = ?`, u, id)
	return err
}

// SetConnectionStatus records the outcome of the last contact with the server.
func (s *Store) SetConnectionStatus(ctx context.Context, id int64, status, message string) error {
	_, err := s.exec(ctx, `UPDATE connections SET status = ?, message = ? WHERE id = ?`, status, message, id)
	return err
}

// RemoveConnection deletes a connection with its snapshots and sessions (the audit trail stays).
func (s *Store) RemoveConnection(ctx context.Context, id int64) error {
	tx, done, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer done()
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM session_raw WHERE id IN (SELECT id FROM sessions WHERE connection_id = ?)`,
		`DELETE FROM sessions WHERE connection_id = ?`,
		`DELETE FROM signouts WHERE connection_id = ?`,
		`DELETE FROM snapshot_places WHERE snapshot_id IN (SELECT id FROM snapshots WHERE connection_id = ?)`,
		`DELETE FROM snapshot_digests WHERE snapshot_id IN (SELECT id FROM snapshots WHERE connection_id = ?)`,
		`DELETE FROM snapshots WHERE connection_id = ?`,
		`DELETE FROM connections WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("remove connection %d: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// Snapshot ids freed here may be given again: forget what was remembered under them.
	s.win.Reset()
	return nil
}

const connectionCols = `c.id, c.name, c.kind, c.url, c.options, c.demo, c.created_at, c.status, c.message,
	s.id, s.started_at, s.finished_at, s.status, s.session_count, s.pages, s.error, s.meta`

// Connections lists every connection by name, each with its current snapshot.
func (s *Store) Connections(ctx context.Context) ([]session.Connection, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+connectionCols+`
		FROM connections c LEFT JOIN snapshots s ON s.id = c.current_snapshot_id ORDER BY c.name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	defer rows.Close()
	var out []session.Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Connection returns one connection by id.
func (s *Store) Connection(ctx context.Context, id int64) (session.Connection, error) {
	return s.oneConnection(ctx, `c.id = ?`, id)
}

// ConnectionByName returns one connection by its (case-insensitive) name.
func (s *Store) ConnectionByName(ctx context.Context, name string) (session.Connection, error) {
	return s.oneConnection(ctx, `c.name = ? COLLATE NOCASE`, name)
}

func (s *Store) oneConnection(ctx context.Context, where string, arg any) (session.Connection, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+connectionCols+`
		FROM connections c LEFT JOIN snapshots s ON s.id = c.current_snapshot_id WHERE `+where, arg)
	c, err := scanConnection(row)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("connection %v: %w", arg, ErrNotFound)
	}
	return c, err
}

type scanner interface{ Scan(dest ...any) error }

func scanConnection(r scanner) (session.Connection, error) {
	var (
		c                    session.Connection
		opts, meta           sql.NullString
		created              int64
		snapID, count, pages sql.NullInt64
		started, finished    sql.NullInt64
		snapStatus, snapErr  sql.NullString
	)
	if err := r.Scan(&c.ID, &c.Name, &c.Kind, &c.URL, &opts, &c.Demo, &created, &c.Status, &c.Message,
		&snapID, &started, &finished, &snapStatus, &count, &pages, &snapErr, &meta); err != nil {
		return c, err
	}
	c.Created = fromMS(sql.NullInt64{Int64: created, Valid: true})
	c.Options = map[string]string{}
	if opts.Valid {
		_ = json.Unmarshal([]byte(opts.String), &c.Options)
	}
	if snapID.Valid {
		c.Current = &session.Snapshot{
			ID: snapID.Int64, ConnectionID: c.ID, StartedAt: fromMS(started), FinishedAt: fromMS(finished),
			Status: snapStatus.String, SessionCount: int(count.Int64), Pages: int(pages.Int64), Error: snapErr.String,
		}
		if meta.Valid {
			_ = json.Unmarshal([]byte(meta.String), &c.Current.Meta)
		}
	}
	return c, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// UpdateConnection changes a connection's name, URL and options.
func (s *Store) UpdateConnection(ctx context.Context, id int64, name, url string, options map[string]string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("a connection needs a name")
	}
	opts, err := json.Marshal(nonNil(options))
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, `UPDATE connections SET name = ?, url = ?, options = ? WHERE id = ?`,
		name, url, string(opts), id)
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return fmt.Errorf("a connection named %q already exists", name)
	}
	return err
}
