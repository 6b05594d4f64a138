package bundle

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// Request is what to put in a bundle and how to sign it.
type Request struct {
	Source      string  // the workspace's database file
	Dest        string  // the bundle to write; replaced only when the whole bundle is written
	SnapshotIDs []int64 // complete snapshots to copy; their connections come along
	// ConnectionIDs are connections to copy even with no snapshot chosen (a review's, whose
	// snapshots' sessions were pruned since).
	ConnectionIDs []int64
	ReviewID      int64 // > 0: a review bundle of this review (its snapshots are in SnapshotIDs)
	Audit         bool  // copy the whole audit trail
	Key           ed25519.PrivateKey
	// Describe fills the manifest's descriptive fields: CreatedBy, Workspace, App, Note, Geo.
	Describe Manifest
	// Annotating a bundle: Original is the bundle file the new one keeps whole inside it
	// (annotate.go), Notes the reviewer's notes added to it.
	Original string
	Notes    []Note
}

// Write builds the bundle in a temporary file beside Dest, signs it and moves it into place.
// It reads the source in one transaction, so a refresh running meanwhile is either wholly in
// the bundle or not at all.
func Write(ctx context.Context, req Request) (Manifest, error) {
	if len(req.SnapshotIDs) == 0 && req.ReviewID == 0 {
		return Manifest{}, errors.New("nothing to export: no complete snapshot was chosen")
	}
	if len(req.Key) != ed25519.PrivateKeySize {
		return Manifest{}, errors.New("no signing key")
	}
	tmpDir, err := os.MkdirTemp(filepath.Dir(req.Dest), ".bundle-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("write the bundle beside %s: %w", req.Dest, err)
	}
	defer os.RemoveAll(tmpDir)
	dbPath := filepath.Join(tmpDir, "bundle.db")
	m, err := build(ctx, req, dbPath)
	if err != nil {
		return Manifest{}, err
	}
	if err := appendSeal(dbPath, req.Key); err != nil {
		return Manifest{}, err
	}
	if err := os.Rename(dbPath, req.Dest); err != nil {
		return Manifest{}, fmt.Errorf("move the bundle to %s: %w", req.Dest, err)
	}
	return m, nil
}

func build(ctx context.Context, req Request, dbPath string) (Manifest, error) {
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		return Manifest{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the attachment and the temporary tables belong to one connection
	if _, err := db.ExecContext(ctx, `ATTACH DATABASE ? AS src`, req.Source); err != nil {
		return Manifest{}, fmt.Errorf("read the workspace's database: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Manifest{}, err
	}
	defer tx.Rollback()
	version, err := copySchema(ctx, tx)
	if err != nil {
		return Manifest{}, err
	}
	if err := copyRows(ctx, tx, req); err != nil {
		return Manifest{}, err
	}
	m := req.Describe
	m.Format, m.FormatVersion, m.SchemaVersion = Format, FormatVersion, version
	m.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	m.Kind = KindSnapshots
	if req.ReviewID > 0 {
		m.Kind = KindReview
	}
	if err := describe(ctx, tx, &m, req.ReviewID); err != nil {
		return Manifest{}, err
	}
	if err := addAnnotations(ctx, tx, req, &m); err != nil {
		return Manifest{}, err
	}
	if m.Tables, err = digestTables(ctx, tx); err != nil {
		return Manifest{}, err
	}
	m.Signer = signerOf(req.Key.Public().(ed25519.PublicKey))
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE `+manifestTable+` (
		id INTEGER PRIMARY KEY CHECK (id = 1), manifest TEXT NOT NULL, signature BLOB NOT NULL)`); err != nil {
		return Manifest{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+manifestTable+` VALUES (1, ?, ?)`,
		string(body), ed25519.Sign(req.Key, body)); err != nil {
		return Manifest{}, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, version)); err != nil {
		return Manifest{}, err
	}
	if err := tx.Commit(); err != nil {
		return Manifest{}, fmt.Errorf("write the bundle: %w", err)
	}
	if _, err := db.ExecContext(ctx, `DETACH DATABASE src`); err != nil {
		return Manifest{}, err
	}
	// No free pages and no journal beside it: the file alone is the whole bundle.
	if _, err := db.ExecContext(ctx, `VACUUM`); err != nil {
		return Manifest{}, fmt.Errorf("compact the bundle: %w", err)
	}
	return m, nil
}

// copySchema creates the source's tables, then its indexes and triggers, and returns its
// schema version.
func copySchema(ctx context.Context, tx *sql.Tx) (int, error) {
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA src.user_version`).Scan(&version); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT sql FROM src.sqlite_schema WHERE sql IS NOT NULL
		AND name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE 'bundle\_%' ESCAPE '\'
		ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid`)
	if err != nil {
		return 0, err
	}
	var stmts []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return 0, err
		}
		stmts = append(stmts, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("create the bundle's schema: %w", err)
		}
	}
	return version, nil
}

// copyRows copies the chosen snapshots' rows, their connections', the review's and the audit
// trail. Review marks go in before their review: a closed review refuses new marks.
func copyRows(ctx context.Context, tx *sql.Tx, req Request) error {
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE sel_snap (id INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	for _, id := range req.SnapshotIDs {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sel_snap SELECT id FROM src.snapshots WHERE id = ?`, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE sel_conn AS
		SELECT DISTINCT connection_id AS id FROM src.snapshots WHERE id IN (SELECT id FROM sel_snap)`); err != nil {
		return err
	}
	for _, id := range req.ConnectionIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sel_conn SELECT id FROM src.connections WHERE id = ?
			AND id NOT IN (SELECT id FROM sel_conn)`, id); err != nil {
			return err
		}
	}
	stmts := []string{
		`INSERT INTO main.connections SELECT * FROM src.connections WHERE id IN (SELECT id FROM sel_conn)`,
		`INSERT INTO main.snapshots SELECT * FROM src.snapshots WHERE id IN (SELECT id FROM sel_snap)`,
		// A connection's current snapshot is its newest one in the bundle.
		`UPDATE main.connections SET current_snapshot_id =
			(SELECT max(id) FROM main.snapshots s WHERE s.connection_id = connections.id)`,
		`INSERT INTO main.sessions SELECT * FROM src.sessions WHERE snapshot_id IN (SELECT id FROM sel_snap)`,
		`INSERT INTO main.session_raw SELECT r.* FROM src.session_raw r JOIN main.sessions s ON s.id = r.id`,
		`INSERT INTO main.signouts SELECT * FROM src.signouts WHERE connection_id IN (SELECT id FROM sel_conn)`,
		`INSERT INTO main.policies SELECT * FROM src.policies WHERE connection_id IN (SELECT id FROM sel_conn)`,
	}
	for _, t := range []string{"snapshot_places", "snapshot_digests", "session_flags", "flags", "flag_runs", "flag_history"} {
		stmts = append(stmts, `INSERT INTO main.`+t+` SELECT * FROM src.`+t+` WHERE snapshot_id IN (SELECT id FROM sel_snap)`)
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("copy into the bundle (%s): %w", strings.Fields(s)[2], err)
		}
	}
	if req.ReviewID > 0 {
		for _, t := range []string{"review_marks", "review_flags", "review_items", "review_snapshots"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+t+` SELECT * FROM src.`+t+` WHERE review_id = ?`, req.ReviewID); err != nil {
				return fmt.Errorf("copy the review's %s: %w", t, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.reviews SELECT * FROM src.reviews WHERE id = ?`, req.ReviewID); err != nil {
			return fmt.Errorf("copy the review: %w", err)
		}
	}
	if req.Audit {
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.audit SELECT * FROM src.audit`); err != nil {
			return fmt.Errorf("copy the audit trail: %w", err)
		}
	}
	_, err := tx.ExecContext(ctx, `DROP TABLE temp.sel_snap; DROP TABLE temp.sel_conn`)
	return err
}

// describe fills the manifest's connections, snapshots, review and audit head from the rows
// copied.
func describe(ctx context.Context, tx *sql.Tx, m *Manifest, reviewID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.name, c.kind, coalesce(s.id, 0), coalesce(s.finished_at, s.started_at, 0),
		coalesce(s.session_count, 0) FROM main.connections c LEFT JOIN main.snapshots s ON s.connection_id = c.id
		ORDER BY c.name, c.id, s.id`)
	if err != nil {
		return err
	}
	m.Connections = nil
	for rows.Next() {
		var c Connection
		var s Snapshot
		var at int64
		if err := rows.Scan(&c.ID, &c.Name, &c.Kind, &s.ID, &at, &s.Sessions); err != nil {
			rows.Close()
			return err
		}
		s.At = time.UnixMilli(at).UTC()
		if n := len(m.Connections); n == 0 || m.Connections[n-1].ID != c.ID {
			c.Snapshots = []Snapshot{}
			m.Connections = append(m.Connections, c)
		}
		if s.ID > 0 {
			last := &m.Connections[len(m.Connections)-1]
			last.Snapshots = append(last.Snapshots, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if reviewID > 0 {
		var r ReviewInfo
		var started, closed int64
		if err := tx.QueryRowContext(ctx, `SELECT id, title, started_at, closed_at, closed_by FROM main.reviews WHERE id = ?`,
			reviewID).Scan(&r.ID, &r.Title, &started, &closed, &r.ClosedBy); err != nil {
			return fmt.Errorf("review %d: %w", reviewID, err)
		}
		r.Started = time.UnixMilli(started).UTC()
		if closed > 0 {
			r.Closed = time.UnixMilli(closed).UTC()
		}
		m.Review = &r
	}
	var head AuditHead
	err = tx.QueryRowContext(ctx, `SELECT id, hash FROM main.audit ORDER BY id DESC LIMIT 1`).Scan(&head.ID, &head.Hash)
	switch {
	case err == nil:
		m.AuditHead = &head
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return nil
}

// appendSeal hashes the database file, appends the signed seal and syncs the file.
func appendSeal(path string, key ed25519.PrivateKey) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if _, err := f.Write(signSeal(key, sum, n).encode()); err != nil {
		return fmt.Errorf("seal the bundle: %w", err)
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}
