package workspace

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"sessionscope/backend/bundle"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Exported bundles (issue 13): one signed file of chosen snapshots or a whole review, which
// another copy of the app opens read-only (bundle_open.go). The format is backend/bundle's.

// BundleManifest describes a bundle: what it holds, who signed it, the digests of its tables.
type BundleManifest = bundle.Manifest

// BundleExport is what to export.
type BundleExport struct {
	File string // where to write the bundle (replaced only once it is complete)
	// Connections whose kept snapshots to export (every complete snapshot that still has its
	// sessions, so comparisons work in the bundle); empty = every connection. Ignored with ReviewID.
	Connections []int64
	ReviewID    int64  // > 0: the review with its snapshots, flags, marks and the whole audit trail
	Note        string // free text for the manifest
}

// The signing key: the private key in the keyring (as the base64 of its 32-byte seed), the
// public key in the settings, so checking a bundle's signer never needs the keyring.
const (
	signingKeyAccount = "workspace/bundle-signing-key"
	settingSigningKey = "bundle.signing_public_key"
)

// ExportBundle writes a bundle and records the export in the audit trail.
func (w *Workspace) ExportBundle(ctx context.Context, req BundleExport) (BundleInfo, error) {
	if err := w.refuseWrite("exporting a bundle"); err != nil {
		return BundleInfo{}, err
	}
	if req.File == "" {
		return BundleInfo{}, errors.New("no file to export to")
	}
	if inside(w.opts.Home, req.File) {
		return BundleInfo{}, &CodedError{session.CodeBadRequest, "export the bundle to a file outside the data folder"}
	}
	out := bundle.Request{Source: w.st.Path(), Dest: req.File, Describe: bundle.Manifest{
		CreatedBy: w.opts.Actor, Workspace: filepath.Base(w.opts.Home), App: Version, Note: req.Note}}
	for _, s := range w.GeoSources() {
		out.Describe.Geo = append(out.Describe.Geo, bundle.GeoSource{Kind: s.Kind, DatabaseType: s.DatabaseType,
			BuildTime: s.BuildTime, File: s.File, Attribution: s.Attribution})
	}
	target := "snapshots"
	if req.ReviewID > 0 {
		r, err := w.st.Review(ctx, req.ReviewID)
		if err != nil {
			return BundleInfo{}, err
		}
		// The review's snapshots and the kept ones before them, so its history compares too.
		all, err := w.Snapshots(ctx, 0)
		if err != nil {
			return BundleInfo{}, err
		}
		for _, rs := range r.Snapshots {
			out.ConnectionIDs = append(out.ConnectionIDs, rs.ConnectionID)
			for _, s := range all {
				if s.Comparable && s.ConnectionID == rs.ConnectionID && s.ID <= rs.SnapshotID {
					out.SnapshotIDs = append(out.SnapshotIDs, s.ID)
				}
			}
		}
		out.ReviewID, out.Audit, target = r.ID, true, "review "+strconv.FormatInt(r.ID, 10)
	} else {
		kept, err := w.keptSnapshots(ctx, req.Connections)
		if err != nil {
			return BundleInfo{}, err
		}
		for id := range kept {
			out.SnapshotIDs = append(out.SnapshotIDs, id)
		}
		slices.Sort(out.SnapshotIDs)
		if len(out.SnapshotIDs) == 0 {
			return BundleInfo{}, &CodedError{session.CodeNotFound, "nothing to export: no connection chosen has a complete refresh"}
		}
	}
	key, err := w.signingKey(ctx)
	if err != nil {
		return BundleInfo{}, err
	}
	out.Key = key
	m, err := bundle.Write(ctx, out)
	if err != nil {
		return BundleInfo{}, fmt.Errorf("export the bundle: %w", err)
	}
	w.audit(ctx, session.AuditEntry{Action: "bundle.export", Target: target, Reason: req.Note, Result: "exported",
		Detail: fmt.Sprintf("%s: %d sessions of %d connections, signed by %s", filepath.Base(req.File), m.Sessions(),
			len(m.Connections), m.Signer.Fingerprint)})
	info := BundleInfo{File: req.File, Manifest: m, Trust: TrustOwn}
	return info, nil
}

// keptSnapshots is the set of complete snapshots that still hold their sessions, of the given
// connections (nil = all).
func (w *Workspace) keptSnapshots(ctx context.Context, ids []int64) (map[int64]bool, error) {
	all, err := w.Snapshots(ctx, 0)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		for _, id := range ids {
			if _, err := w.st.Connection(ctx, id); err != nil {
				return nil, err
			}
		}
	}
	kept := map[int64]bool{}
	for _, s := range all {
		if s.Comparable && (len(ids) == 0 || slices.Contains(ids, s.ConnectionID)) {
			kept[s.ID] = true
		}
	}
	return kept, nil
}

// signingKey is this workspace's bundle signing key, made on first use.
func (w *Workspace) signingKey(ctx context.Context) (ed25519.PrivateKey, error) {
	seed, err := w.sec.Get(ctx, signingKeyAccount)
	if err == nil {
		raw, derr := base64.StdEncoding.DecodeString(seed)
		if derr != nil || len(raw) != ed25519.SeedSize {
			return nil, errors.New("the bundle signing key in the keyring is damaged: remove it to make a new one")
		}
		key := ed25519.NewKeyFromSeed(raw)
		return key, w.keepPublicKey(ctx, key)
	}
	if !errors.Is(err, source.ErrSecretNotFound) {
		return nil, fmt.Errorf("read the bundle signing key from the keyring: %w", err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	if err := w.sec.Set(ctx, signingKeyAccount, base64.StdEncoding.EncodeToString(key.Seed())); err != nil {
		return nil, fmt.Errorf("keep the new bundle signing key in the keyring: %w", err)
	}
	return key, w.keepPublicKey(ctx, key)
}

func (w *Workspace) keepPublicKey(ctx context.Context, key ed25519.PrivateKey) error {
	pub := base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))
	if cur, err := w.st.Setting(ctx, settingSigningKey, ""); err != nil || cur == pub {
		return err
	}
	return w.st.SetSetting(ctx, settingSigningKey, pub)
}

// SigningFingerprint is the fingerprint of this workspace's bundle signing key, "" before the
// first export made one. It reads no secret.
func (w *Workspace) SigningFingerprint(ctx context.Context) (string, error) {
	pub, err := w.st.Setting(ctx, settingSigningKey, "")
	if err != nil || pub == "" {
		return "", err
	}
	raw, err := base64.StdEncoding.DecodeString(pub)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return "", errors.New("the bundle signing key's public half in the settings is damaged")
	}
	return bundle.Fingerprint(raw), nil
}

// inside reports whether file is in dir (or is dir), after making both absolute.
func inside(dir, file string) bool {
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, f)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
