package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sessionscope/backend/bundle"
	"sessionscope/backend/session"
)

// A reviewer answers a bundle with notes: a new bundle holding the same rows, the notes, and
// the received bundle kept whole inside it (still verifiable on its own), signed with the
// reviewer's workspace key. The reviewer needs their own workspace for the key; the bundle
// itself is never opened for writing.

// BundleNote is one reviewer note in an annotated bundle.
type BundleNote = bundle.Note

// BundleAnnotation is what to add to a bundle.
type BundleAnnotation struct {
	From  string       // the bundle received
	File  string       // the annotated bundle to write
	Notes []BundleNote // Text required; About optional; At and Author are filled in
}

// maxNoteText bounds one note.
const maxNoteText = 4000

// AnnotateBundle checks From, then writes File: From's rows, the notes and From itself.
func (w *Workspace) AnnotateBundle(ctx context.Context, req BundleAnnotation) (BundleInfo, error) {
	if err := w.refuseWrite("annotating a bundle"); err != nil {
		return BundleInfo{}, err
	}
	if len(req.Notes) == 0 {
		return BundleInfo{}, &CodedError{session.CodeBadRequest, "no note to add"}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	for i := range req.Notes {
		n := &req.Notes[i]
		n.Text = strings.TrimSpace(n.Text)
		if n.Text == "" || len(n.Text) > maxNoteText {
			return BundleInfo{}, &CodedError{session.CodeBadRequest, fmt.Sprintf("a note must hold 1 to %d characters", maxNoteText)}
		}
		n.At, n.Author = now, w.opts.Actor
	}
	if inside(w.opts.Home, req.File) {
		return BundleInfo{}, &CodedError{session.CodeBadRequest, "write the annotated bundle outside the data folder"}
	}
	if same, _ := sameFile(req.From, req.File); same {
		return BundleInfo{}, &CodedError{session.CodeBadRequest, "write the annotated bundle to a new file: the original is kept as it is"}
	}
	dir, from, err := checkBundle(ctx, req.From, BundleOptions{TrustFrom: w})
	if dir != "" {
		defer os.RemoveAll(dir)
	}
	if err != nil {
		return BundleInfo{}, err
	}
	key, err := w.signingKey(ctx)
	if err != nil {
		return BundleInfo{}, err
	}
	m := from.Manifest
	out := bundle.Request{Source: filepath.Join(dir, databaseFile), Dest: req.File, Key: key, Original: req.From,
		Notes: req.Notes, Audit: m.AuditHead != nil, Describe: bundle.Manifest{CreatedBy: w.opts.Actor,
			Workspace: filepath.Base(w.opts.Home), App: Version, Note: m.Note, Geo: m.Geo}}
	for _, c := range m.Connections {
		out.ConnectionIDs = append(out.ConnectionIDs, c.ID)
		for _, s := range c.Snapshots {
			out.SnapshotIDs = append(out.SnapshotIDs, s.ID)
		}
	}
	if m.Review != nil {
		out.ReviewID = m.Review.ID
	}
	written, err := bundle.Write(ctx, out)
	if err != nil {
		return BundleInfo{}, fmt.Errorf("write the annotated bundle: %w", err)
	}
	w.audit(ctx, session.AuditEntry{Action: "bundle.annotate", Target: filepath.Base(req.File), Result: "exported",
		Detail: fmt.Sprintf("%d notes on %s (signed by %s)", len(req.Notes), filepath.Base(req.From), from.Fingerprint())})
	orig := from
	return BundleInfo{File: req.File, Manifest: written, Trust: TrustOwn, Notes: req.Notes, Original: &orig}, nil
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
