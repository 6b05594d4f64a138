package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// annotate checks file and writes a reviewer's bundle of it, signed by key.
func annotate(t *testing.T, file string, key []byte, notes ...Note) (string, error) {
	t.Helper()
	ctx := context.Background()
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	c, err := Check(ctx, file, copyPath, 0)
	if err != nil {
		// Annotating a bundle that fails is refused before anything is written; to test what
		// an opener makes of a bad original, embed the file anyway from its unchecked copy.
		raw, _ := os.ReadFile(file)
		os.WriteFile(copyPath, raw[:len(raw)-sealSize], 0o600)
	}
	var snaps []int64
	for _, conn := range c.Manifest.Connections {
		for _, s := range conn.Snapshots {
			snaps = append(snaps, s.ID)
		}
	}
	if len(snaps) == 0 {
		snaps = []int64{1, 2}
	}
	dest := filepath.Join(t.TempDir(), "annotated.ssbundle")
	_, err = Write(ctx, Request{Source: copyPath, Dest: dest, SnapshotIDs: snaps, Audit: true, Key: key,
		Original: file, Notes: notes, Describe: Manifest{Workspace: "reviewer"}})
	return dest, err
}

func TestAnnotatedBundleKeepsTheOriginalVerifiable(t *testing.T) {
	src, snaps := source(t)
	exporter, reviewer := newKey(t), newKey(t)
	orig, om := writeBundle(t, src, snaps, exporter)
	note := Note{At: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), Author: "auditor@laptop", About: "user3@Acme.example", Text: "confirmed with HR"}
	ann, err := annotate(t, orig, reviewer, note)
	if err != nil {
		t.Fatal(err)
	}
	c, err := checkFile(t, ann)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Notes) != 1 || c.Notes[0] != note || c.Manifest.Notes != 1 {
		t.Errorf("notes %+v", c.Notes)
	}
	if c.Original == nil || c.Original.Manifest.Signer.Fingerprint != om.Signer.Fingerprint ||
		c.Manifest.Signer.Fingerprint == om.Signer.Fingerprint || c.Original.Manifest.Tables["sessions"] != om.Tables["sessions"] {
		t.Fatalf("original %+v", c.Original)
	}
	if c.Manifest.Tables["sessions"] != om.Tables["sessions"] {
		t.Errorf("the annotated bundle's sessions differ from the original's")
	}
	// Annotated again: the chain of originals is checked all the way down.
	again, err := annotate(t, ann, newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	c2, err := checkFile(t, again)
	if err != nil || c2.Original == nil || c2.Original.Original == nil || len(c2.Original.Notes) != 1 {
		t.Fatalf("annotated twice: %v %+v", err, c2.Original)
	}
}

func TestAnOriginalThatFailsItsCheckIsRefused(t *testing.T) {
	src, snaps := source(t)
	orig, _ := writeBundle(t, src, snaps, newKey(t))
	raw, _ := os.ReadFile(orig)
	raw[len(raw)/2] ^= 4
	os.WriteFile(orig, raw, 0o600)
	ann, err := annotate(t, orig, newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = checkFile(t, ann)
	var be *Error
	if !errors.As(err, &be) || !strings.Contains(be.Msg, "the original bundle inside annotated.ssbundle fails its own check") {
		t.Fatalf("got %v", err)
	}
}
