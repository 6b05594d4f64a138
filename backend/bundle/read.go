package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
)

// Checked is a bundle that passed every check.
type Checked struct {
	Manifest Manifest
	Size     int64    // bytes of the bundle file
	Notes    []Note   // a reviewer's notes (annotated bundles)
	Original *Checked // the bundle an annotated one keeps inside it, itself checked
}

// Check checks the bundle at file and leaves its database, byte for byte as signed, at dst (a
// path that must not exist yet). maxSchema is the newest store schema the caller reads (0 =
// any): a bundle of a newer one is refused. On any failure dst is removed and the error is an
// *Error naming what failed. dst is left in place on success for the caller to open.
func Check(ctx context.Context, file, dst string, maxSchema int) (Checked, error) {
	c, err := check(ctx, file, dst, 0)
	if err == nil && maxSchema > 0 && c.Manifest.SchemaVersion > maxSchema {
		err = badBundle(ProblemVersion, "%s was written by a newer SessionScope (database schema %d; this one reads up to %d)",
			baseName(file), c.Manifest.SchemaVersion, maxSchema)
	}
	if err != nil {
		os.Remove(dst)
		var be *Error
		if !errors.As(err, &be) {
			err = badBundle(ProblemUnreadable, "cannot read the bundle %s: %v", baseName(file), err)
		}
		return Checked{}, err
	}
	return c, nil
}

func check(ctx context.Context, file, dst string, depth int) (Checked, error) {
	f, err := os.Open(file)
	if err != nil {
		return Checked{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Checked{}, err
	}
	if !st.Mode().IsRegular() {
		return Checked{}, badBundle(ProblemForeign, "%s is not a file", baseName(file))
	}
	size := st.Size()
	header := make([]byte, 100)
	if n, _ := f.ReadAt(header, 0); n < len(header) || !bytes.HasPrefix(header, sqliteMagic) {
		return Checked{}, badBundle(ProblemForeign, "%s is not a SessionScope bundle: it is not a SQLite file", baseName(file))
	}
	stated := headerSize(header)
	sl, sealed, err := readSeal(f, size)
	if err != nil {
		return Checked{}, err
	}
	if !sealed {
		switch {
		case stated == size:
			return Checked{}, badBundle(ProblemNotBundle, "%s is a SQLite database but not a SessionScope bundle (it has no seal)", baseName(file))
		case stated > 0 && size < stated+sealSize:
			return Checked{}, badBundle(ProblemTruncated, "%s is cut short: it holds %d bytes, the bundle needs at least %d", baseName(file), size, stated+sealSize)
		}
		return Checked{}, tampered(ProblemSeal, "%s was changed: the seal at its end is damaged", baseName(file))
	}
	// Copy the database part, hashing it on the way: what is checked below is this copy.
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Checked{}, err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), io.NewSectionReader(f, 0, sl.length))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Checked{}, fmt.Errorf("copy the bundle: %w", err)
	}
	sealHolds := bytes.Equal(h.Sum(nil), sl.hash[:])
	m, annotated, err := checkDatabase(ctx, file, dst, sealHolds, depth)
	if err != nil {
		return Checked{}, err
	}
	pub, _ := m.Signer.publicKey() // checked with the manifest's signature
	switch {
	case !sealHolds:
		return Checked{}, tampered(ProblemSeal, "%s was changed after it was signed: its bytes no longer match the seal "+
			"(every table still matches its digest, so the change is outside the rows)", baseName(file))
	case !sl.verify(pub):
		return Checked{}, tampered(ProblemSeal, "%s was changed: its seal was not made with the signer's key", baseName(file))
	}
	annotated.Manifest, annotated.Size = m, size
	return annotated, nil
}

// checkDatabase reads the manifest, checks its signature and format, and compares every
// table with its digest. A database SQLite cannot read is damaged; when the seal already
// failed, that is reported as a change.
func checkDatabase(ctx context.Context, file, path string, sealHolds bool, depth int) (Manifest, Checked, error) {
	name := baseName(file)
	damaged := func(err error) error {
		if !sealHolds {
			return tampered(ProblemSeal, "%s was changed after it was signed: its bytes no longer match the seal, "+
				"and SQLite cannot read the result (%v)", name, err)
		}
		return tampered(ProblemDamaged, "%s is damaged: SQLite cannot read it (%v)", name, err)
	}
	// Read-only and immutable: nothing is written beside the copy while it is checked.
	q := url.Values{"mode": {"ro"}, "immutable": {"1"}}
	dsn := (&url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return Manifest{}, Checked{}, damaged(err)
	}
	defer db.Close()
	var body string
	var sig []byte
	err = db.QueryRowContext(ctx, `SELECT manifest, signature FROM `+manifestTable+` WHERE id = 1`).Scan(&body, &sig)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") || errors.Is(err, sql.ErrNoRows) {
			if !sealHolds {
				return Manifest{}, Checked{}, damaged(err)
			}
			return Manifest{}, Checked{}, badBundle(ProblemNotBundle, "%s is not a SessionScope bundle: it has no manifest", name)
		}
		return Manifest{}, Checked{}, damaged(err)
	}
	var m Manifest
	if err := json.Unmarshal([]byte(body), &m); err != nil || m.Format != Format {
		if !sealHolds {
			return Manifest{}, Checked{}, tampered(ProblemSignature, "%s was changed: its manifest is no longer readable", name)
		}
		return Manifest{}, Checked{}, badBundle(ProblemNotBundle, "%s is not a SessionScope bundle: its manifest is not one", name)
	}
	pub, err := m.Signer.publicKey()
	if err != nil {
		return Manifest{}, Checked{}, tampered(ProblemSignature, "%s: %v", name, err)
	}
	if !ed25519.Verify(pub, []byte(body), sig) {
		return Manifest{}, Checked{}, tampered(ProblemSignature, "%s was changed: the manifest's signature does not hold (signer %s)", name, m.Signer.Fingerprint)
	}
	if m.FormatVersion != FormatVersion {
		return Manifest{}, Checked{}, badBundle(ProblemVersion, "%s is a bundle of format version %d; this SessionScope reads version %d", name, m.FormatVersion, FormatVersion)
	}
	got, err := digestTables(ctx, db)
	if err != nil {
		return Manifest{}, Checked{}, damaged(err)
	}
	if bad := compareDigests(m.Tables, got); len(bad) > 0 {
		return Manifest{}, Checked{}, tampered(ProblemContent, "%s was changed after it was signed: %s no longer match%s the signed digest",
			name, strings.Join(bad, ", "), map[bool]string{true: "", false: "es"}[len(bad) > 1])
	}
	notes, original, err := readAnnotations(ctx, db, m, name, depth)
	if err != nil {
		return Manifest{}, Checked{}, err
	}
	return m, Checked{Notes: notes, Original: original}, nil
}

// compareDigests names the tables whose rows differ from the manifest's, and those added or
// missing.
func compareDigests(want, got map[string]TableDigest) []string {
	var bad []string
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			bad = append(bad, "table "+name+" (missing)")
		case g != w:
			bad = append(bad, fmt.Sprintf("table %s (%d rows, signed with %d)", name, g.Rows, w.Rows))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			bad = append(bad, "table "+name+" (added)")
		}
	}
	slices.Sort(bad)
	return bad
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
