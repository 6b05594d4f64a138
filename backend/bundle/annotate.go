package bundle

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// An annotated bundle is a reviewer's answer to a bundle: the same rows, the reviewer's notes,
// and the original bundle file kept whole inside it, byte for byte, so its own seal and
// signature still prove what the reviewer received. The new bundle is signed with the
// reviewer's key; opening it checks both (an original inside an original is checked too, up
// to maxNesting deep).

// Tables of an annotated bundle, besides the store's.
const (
	notesTable    = "bundle_notes"
	originalTable = "bundle_original"
)

// maxNesting bounds how many originals inside originals are checked (and so the work a
// hostile file can ask for).
const maxNesting = 8

// Note is one reviewer note.
type Note struct {
	At     time.Time `json:"at"`
	Author string    `json:"author"`
	About  string    `json:"about"` // what it is about ("" = the whole bundle; "review item 12", a session id)
	Text   string    `json:"text"`
}

// Original describes the bundle an annotated one keeps inside it.
type Original struct {
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	Fingerprint string    `json:"fingerprint"` // its signer
	CreatedAt   time.Time `json:"createdAt"`
}

func addAnnotations(ctx context.Context, tx *sql.Tx, req Request, m *Manifest) error {
	if req.Original == "" && len(req.Notes) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE `+notesTable+` (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,
		author TEXT NOT NULL, about TEXT NOT NULL, text TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, n := range req.Notes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+notesTable+`(at, author, about, text) VALUES (?, ?, ?, ?)`,
			n.At.UnixMilli(), n.Author, n.About, n.Text); err != nil {
			return err
		}
	}
	m.Notes = len(req.Notes)
	if req.Original == "" {
		return nil
	}
	data, err := os.ReadFile(req.Original)
	if err != nil {
		return fmt.Errorf("read the original bundle: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE `+originalTable+` (id INTEGER PRIMARY KEY CHECK (id = 1), file BLOB NOT NULL)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+originalTable+` VALUES (1, ?)`, data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	m.Original = &Original{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
	return nil
}

// readAnnotations reads the notes of a checked database and checks the original inside it,
// if there is one: it must be a bundle that passes every check, and the one the manifest names.
func readAnnotations(ctx context.Context, db *sql.DB, m Manifest, name string, depth int) ([]Note, *Checked, error) {
	var notes []Note
	rows, err := db.QueryContext(ctx, `SELECT at, author, about, text FROM `+notesTable+` ORDER BY id`)
	if err == nil {
		for rows.Next() {
			var n Note
			var at int64
			if err := rows.Scan(&at, &n.Author, &n.About, &n.Text); err != nil {
				rows.Close()
				return nil, nil, err
			}
			n.At = time.UnixMilli(at).UTC()
			notes = append(notes, n)
		}
		rows.Close()
	}
	if m.Original == nil {
		return notes, nil, nil
	}
	if depth >= maxNesting {
		return nil, nil, badBundle(ProblemNotBundle, "%s nests originals more than %d deep", name, maxNesting)
	}
	var data []byte
	if err := db.QueryRowContext(ctx, `SELECT file FROM `+originalTable+` WHERE id = 1`).Scan(&data); err != nil {
		return nil, nil, tampered(ProblemContent, "%s names an original bundle but does not hold it", name)
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != m.Original.SHA256 {
		return nil, nil, tampered(ProblemContent, "the original inside %s is not the one its manifest names", name)
	}
	dir, err := os.MkdirTemp("", "sessionscope-original-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "original")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return nil, nil, err
	}
	c, err := check(ctx, file, filepath.Join(dir, "copy.db"), depth+1)
	if err != nil {
		var be *Error
		if errors.As(err, &be) {
			be.Msg = "the original bundle inside " + name + " fails its own check: " + be.Msg
		}
		return nil, nil, err
	}
	return notes, &c, nil
}
