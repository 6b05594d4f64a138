package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/store"
)

// source fills a real store: two connections, one complete snapshot each, audit entries.
func source(t testing.TB) (path string, snaps []int64) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "ws.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, name := range []string{"Acme", "Other"} {
		c, err := st.AddConnection(ctx, session.Connection{Name: name, Kind: "salesforce", URL: "http://127.0.0.1:1"})
		if err != nil {
			t.Fatal(err)
		}
		w, err := st.BeginSnapshot(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var page []session.Session
		for i := range 30 {
			lat, lon := 45.75, 4.85
			page = append(page, session.Session{ID: fmt.Sprintf("%s-session-%03d", name, i), UserID: fmt.Sprintf("u%d", i%7),
				Username: fmt.Sprintf("user%d@%s.example", i%7, name), SessionType: "UI", SourceIP: "203.0.113.7",
				CreatedAt: time.Date(2026, 11, 2, 8, i, 0, 0, time.UTC), LastActiveAt: time.Date(2026, 11, 2, 9, i, 0, 0, time.UTC),
				Geo: session.Geo{City: "Lyon", CountryCode: "FR", Latitude: &lat, Longitude: &lon, Source: "server"}, Raw: []byte(`{"Id":"x"}`)})
		}
		if err := w.WritePage(ctx, page, 0); err != nil {
			t.Fatal(err)
		}
		s, err := w.Complete(ctx, map[string]string{})
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, s.ID)
		if _, err := st.AppendAudit(ctx, session.AuditEntry{Actor: "me@host", Action: "refresh", Connection: name, Result: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	return path, snaps
}

func newKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func writeBundle(t *testing.T, src string, snaps []int64, key ed25519.PrivateKey) (string, Manifest) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "out.ssbundle")
	m, err := Write(context.Background(), Request{Source: src, Dest: dest, SnapshotIDs: snaps, Audit: true, Key: key,
		Describe: Manifest{Workspace: "test", CreatedBy: "me@host"}})
	if err != nil {
		t.Fatal(err)
	}
	return dest, m
}

func checkFile(t *testing.T, file string) (Checked, error) {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy.db")
	c, err := Check(context.Background(), file, dst, 0)
	if _, statErr := os.Stat(dst); err != nil && statErr == nil {
		t.Errorf("a refused bundle left its copy behind")
	}
	return c, err
}

func problemOf(err error) string {
	var be *Error
	if errors.As(err, &be) {
		return be.Problem
	}
	return ""
}

func TestWrittenBundleChecksAndHoldsOnlyTheChosenSnapshot(t *testing.T) {
	src, snaps := source(t)
	key := newKey(t)
	file, written := writeBundle(t, src, snaps[:1], key)
	c, err := checkFile(t, file)
	if err != nil {
		t.Fatal(err)
	}
	m := c.Manifest
	if m.Signer.Fingerprint != Fingerprint(key.Public().(ed25519.PublicKey)) || m.Signer.Fingerprint != written.Signer.Fingerprint {
		t.Errorf("signer %q", m.Signer.Fingerprint)
	}
	if len(m.Connections) != 1 || m.Connections[0].Name != "Acme" || m.Sessions() != 30 {
		t.Errorf("connections %+v", m.Connections)
	}
	if m.Tables["sessions"].Rows != 30 || m.Tables["connections"].Rows != 1 || m.Tables["audit"].Rows != 2 {
		t.Errorf("counts %+v", m.Tables)
	}
	if m.AuditHead == nil || m.AuditHead.ID != 2 {
		t.Errorf("audit head %+v", m.AuditHead)
	}
	raw, _ := os.ReadFile(file)
	if bytes.Contains(raw, []byte("Other-session")) {
		t.Error("a snapshot that was not chosen is in the bundle")
	}
	// The file is plain SQLite that any reader opens as it is (the seal after it is ignored).
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n); err != nil || n != 30 {
		t.Errorf("read as plain SQLite: %d sessions, %v", n, err)
	}
}

// Any one byte changed, anywhere in the file, is refused, and nothing is left behind.
func TestEveryOneByteChangeIsRefused(t *testing.T) {
	src, snaps := source(t)
	file, _ := writeBundle(t, src, snaps, newKey(t))
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	stride := max(1, len(orig)/100)
	seen := map[string]int{}
	for pos := 0; pos < len(orig); pos += stride {
		changed := bytes.Clone(orig)
		changed[pos] ^= 0x20
		bad := filepath.Join(t.TempDir(), "bad.ssbundle")
		if err := os.WriteFile(bad, changed, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := checkFile(t, bad)
		if err == nil {
			t.Fatalf("a change at byte %d of %d was accepted", pos, len(orig))
		}
		seen[problemOf(err)]++
	}
	// A change in a row is named as such (not only as a broken seal).
	if seen[ProblemContent] == 0 || seen[ProblemSeal] == 0 {
		t.Errorf("problems seen: %v", seen)
	}
}

func TestAChangedRowNamesItsTable(t *testing.T) {
	src, snaps := source(t)
	file, _ := writeBundle(t, src, snaps, newKey(t))
	raw, _ := os.ReadFile(file)
	// Every copy of the name: pages keep stale copies of cells in their unused space.
	if !bytes.Contains(raw, []byte("user3@Acme.example")) {
		t.Fatal("no username in the bundle")
	}
	raw = bytes.ReplaceAll(raw, []byte("user3@Acme.example"), []byte("User3@Acme.example"))
	os.WriteFile(file, raw, 0o600)
	_, err := checkFile(t, file)
	var be *Error
	if !errors.As(err, &be) || be.Code != session.CodeTampered || be.Problem != ProblemContent {
		t.Fatalf("got %v", err)
	}
	if !bytes.Contains([]byte(be.Msg), []byte("table sessions")) {
		t.Errorf("message does not name the table: %s", be.Msg)
	}
}

func TestTruncatedForeignAndPlainFilesAreRefused(t *testing.T) {
	src, snaps := source(t)
	file, _ := writeBundle(t, src, snaps, newKey(t))
	raw, _ := os.ReadFile(file)
	dir := t.TempDir()
	cases := map[string]struct {
		data    []byte
		code    string
		problem string
	}{
		"cut in half":         {raw[:len(raw)/2], session.CodeBadBundle, ProblemTruncated},
		"seal cut":            {raw[:len(raw)-10], session.CodeBadBundle, ProblemTruncated},
		"text":                {[]byte("Id,UsersId\n0Ak,005\n"), session.CodeBadBundle, ProblemForeign},
		"empty":               {nil, session.CodeBadBundle, ProblemForeign},
		"sqlite without seal": {raw[:len(raw)-sealSize], session.CodeBadBundle, ProblemNotBundle},
	}
	for name, tc := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, tc.data, 0o600)
		_, err := checkFile(t, p)
		var be *Error
		if !errors.As(err, &be) || be.Code != tc.code || be.Problem != tc.problem {
			t.Errorf("%s: got %v (%+v)", name, err, be)
		}
	}
	// A workspace's own database is SQLite but no bundle.
	if _, err := checkFile(t, src); problemOf(err) != ProblemNotBundle && problemOf(err) != ProblemTruncated {
		t.Errorf("workspace database: %v", err)
	}
	if _, err := checkFile(t, filepath.Join(dir, "missing")); problemOf(err) != ProblemUnreadable {
		t.Errorf("missing file: %v", err)
	}
}

// resign rewrites a bundle's manifest and signs it (and the seal) again with key, as a
// well-meaning other version of the app would.
func resign(t *testing.T, file string, key ed25519.PrivateKey, edit func(*Manifest)) {
	t.Helper()
	raw, _ := os.ReadFile(file)
	db := filepath.Join(t.TempDir(), "edit.db")
	os.WriteFile(db, raw[:len(raw)-sealSize], 0o600)
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var body string
	h.QueryRow(`SELECT manifest FROM bundle_manifest`).Scan(&body)
	var m Manifest
	json.Unmarshal([]byte(body), &m)
	edit(&m)
	nb, _ := json.Marshal(m)
	if _, err := h.Exec(`UPDATE bundle_manifest SET manifest = ?, signature = ?`, string(nb), ed25519.Sign(key, nb)); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if err := appendSeal(db, key); err != nil {
		t.Fatal(err)
	}
	sealed, _ := os.ReadFile(db)
	os.WriteFile(file, sealed, 0o600)
}

func TestWrongFormatVersionAndForeignSignature(t *testing.T) {
	src, snaps := source(t)
	key := newKey(t)
	file, _ := writeBundle(t, src, snaps, key)
	resign(t, file, key, func(m *Manifest) { m.FormatVersion = FormatVersion + 1 })
	if _, err := checkFile(t, file); problemOf(err) != ProblemVersion {
		t.Errorf("newer format: %v", err)
	}
	file0, _ := writeBundle(t, src, snaps, key)
	resign(t, file0, key, func(m *Manifest) { m.SchemaVersion = store.SchemaVersion() + 1 })
	if _, err := Check(context.Background(), file0, filepath.Join(t.TempDir(), "c.db"), store.SchemaVersion()); problemOf(err) != ProblemVersion {
		t.Errorf("newer schema: %v", err)
	}
	// Signed again by someone else, who left the signer's key as it was: the signature fails.
	file2, _ := writeBundle(t, src, snaps, key)
	resign(t, file2, newKey(t), func(m *Manifest) { m.Note = "edited" })
	if _, err := checkFile(t, file2); problemOf(err) != ProblemSignature {
		t.Errorf("foreign signature: %v", err)
	}
	// Re-signed whole by another key (manifest names the new signer): it checks, under that
	// signer's fingerprint, which the caller then shows as unknown.
	file3, _ := writeBundle(t, src, snaps, key)
	other := newKey(t)
	resign(t, file3, other, func(m *Manifest) { m.Signer = signerOf(other.Public().(ed25519.PublicKey)) })
	c, err := checkFile(t, file3)
	if err != nil || c.Manifest.Signer.Fingerprint != Fingerprint(other.Public().(ed25519.PublicKey)) {
		t.Errorf("re-signed: %v %+v", err, c.Manifest.Signer)
	}
}
