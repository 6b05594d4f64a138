package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"sessionscope/backend/bundle"
	"sessionscope/backend/session"
	"sessionscope/backend/store"
)

// Opening a bundle: it is checked (seal, manifest signature, every table's digest) into a
// private copy, and that copy is opened as a read-only workspace. Nothing of a file that fails
// is kept. The signer is then named: this workspace's own key, one the user trusts, or unknown.

// Trust of a bundle's signer.
const (
	TrustOwn     = "own"     // signed with the key of the workspace that opened it
	TrustTrusted = "trusted" // signed with a key in the trusted list
	TrustUnknown = "unknown" // the signature holds, but nobody here vouches for the key
)

// BundleInfo is a checked bundle: its manifest and how far its signer is trusted.
type BundleInfo struct {
	File      string
	Size      int64
	Manifest  BundleManifest
	Trust     string // own | trusted | unknown
	TrustedAs string // the trusted list's name for the signer ("" unless trusted)
	// An annotated bundle (bundle_annotate.go): the reviewer's notes, and the bundle it keeps
	// inside it, checked on its own, with its signer's trust.
	Notes    []BundleNote
	Original *BundleInfo
}

// Fingerprint is the signer's key fingerprint.
func (b BundleInfo) Fingerprint() string { return b.Manifest.Signer.Fingerprint }

// TrustedSigner is a key whose bundles the user accepts as trusted.
type TrustedSigner struct {
	Fingerprint string `json:"fingerprint"`
	Name        string `json:"name"`
}

const settingTrustedSigners = "bundle.trusted_signers"

// TrustedSigners lists the keys the user trusts.
func (w *Workspace) TrustedSigners(ctx context.Context) ([]TrustedSigner, error) {
	v, err := w.st.Setting(ctx, settingTrustedSigners, "")
	if err != nil || v == "" {
		return nil, err
	}
	var out []TrustedSigner
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		return nil, fmt.Errorf("the trusted signers in the settings are unreadable: %w", err)
	}
	return out, nil
}

// TrustSigner adds a key to the trusted list (or renames it there). A fingerprint is 32 hex
// digits; spaces, colons and case do not matter.
func (w *Workspace) TrustSigner(ctx context.Context, fingerprint, name string) error {
	if err := w.refuseWrite("changing the trusted signers"); err != nil {
		return err
	}
	fp := bundle.NormalizeFingerprint(fingerprint)
	if len(strings.ReplaceAll(fp, " ", "")) != 32 || strings.Trim(strings.ReplaceAll(fp, " ", ""), "0123456789abcdef") != "" {
		return &CodedError{session.CodeBadRequest, fmt.Sprintf("%q is not a signer fingerprint (32 hex digits)", fingerprint)}
	}
	list, err := w.TrustedSigners(ctx)
	if err != nil {
		return err
	}
	list = slices.DeleteFunc(list, func(s TrustedSigner) bool { return s.Fingerprint == fp })
	list = append(list, TrustedSigner{Fingerprint: fp, Name: strings.TrimSpace(name)})
	body, _ := json.Marshal(list)
	return w.st.SetSetting(ctx, settingTrustedSigners, string(body))
}

// trustOf says how far the workspace trusts a fingerprint.
func (w *Workspace) trustOf(ctx context.Context, fingerprint string) (trust, name string, err error) {
	own, err := w.SigningFingerprint(ctx)
	if err != nil {
		return "", "", err
	}
	if own != "" && own == fingerprint {
		return TrustOwn, "", nil
	}
	list, err := w.TrustedSigners(ctx)
	if err != nil {
		return "", "", err
	}
	for _, s := range list {
		if s.Fingerprint == fingerprint {
			return TrustTrusted, s.Name, nil
		}
	}
	return TrustUnknown, "", nil
}

// BundleOptions configure opening a bundle.
type BundleOptions struct {
	// TrustFrom is the workspace whose own key and trusted list name the signer; nil = nobody
	// is trusted (the signer shows as unknown).
	TrustFrom *Workspace
	// Work is the folder the checked copy goes in (a new folder inside it, removed on Close);
	// "" = the per-user cache folder (not the temporary folder, often memory-backed: a copy of
	// a million-session bundle is hundreds of megabytes).
	Work string
	Options
}

// VerifyBundle checks a bundle and reports it, keeping nothing of it. A refused file's error
// carries the code bad_bundle or tampered and names what failed.
func VerifyBundle(ctx context.Context, file string, opts BundleOptions) (BundleInfo, error) {
	dir, info, err := checkBundle(ctx, file, opts)
	if dir != "" {
		os.RemoveAll(dir)
	}
	return info, err
}

// OpenBundle checks a bundle and opens it as a read-only workspace: no keyring, no
// connectors, no network; every read use case works and every write answers read_only.
// Close the workspace to remove the checked copy.
func OpenBundle(ctx context.Context, file string, opts BundleOptions) (*Workspace, BundleInfo, error) {
	dir, info, err := checkBundle(ctx, file, opts)
	if err != nil {
		if dir != "" {
			os.RemoveAll(dir)
		}
		return nil, BundleInfo{}, err
	}
	o := opts.Options
	o.Home, o.ReadOnly, o.Secrets = dir, true, nil
	w, err := Open(ctx, o)
	if err != nil {
		os.RemoveAll(dir)
		return nil, BundleInfo{}, err
	}
	w.bundle = &info
	return w, info, nil
}

// bundleCopyPrefix names the folders of checked copies.
const bundleCopyPrefix = "sessionscope-bundle-"

// staleCopyAge is how old a checked copy's folder must be to be taken for one a process that
// died left behind.
const staleCopyAge = 7 * 24 * time.Hour

func checkBundle(ctx context.Context, file string, opts BundleOptions) (string, BundleInfo, error) {
	if opts.Work == "" {
		opts.Work = defaultBundleWork()
	}
	removeStaleCopies(opts.Work)
	dir, err := os.MkdirTemp(opts.Work, bundleCopyPrefix)
	if err != nil {
		return "", BundleInfo{}, fmt.Errorf("make a folder for the bundle's checked copy: %w", err)
	}
	checked, err := bundle.Check(ctx, file, filepath.Join(dir, databaseFile), store.SchemaVersion())
	if err != nil {
		var be *bundle.Error
		if errors.As(err, &be) {
			return dir, BundleInfo{}, &CodedError{be.Code, be.Msg}
		}
		return dir, BundleInfo{}, err
	}
	info, err := infoOf(ctx, file, checked, opts.TrustFrom)
	return dir, info, err
}

// infoOf names a checked bundle's signer (and its originals' signers) as trust decides.
func infoOf(ctx context.Context, file string, c bundle.Checked, trust *Workspace) (BundleInfo, error) {
	info := BundleInfo{File: file, Size: c.Size, Manifest: c.Manifest, Trust: TrustUnknown, Notes: c.Notes}
	if trust != nil {
		var err error
		if info.Trust, info.TrustedAs, err = trust.trustOf(ctx, info.Fingerprint()); err != nil {
			return BundleInfo{}, err
		}
	}
	if c.Original != nil {
		orig, err := infoOf(ctx, "(kept inside "+filepath.Base(file)+")", *c.Original, trust)
		if err != nil {
			return BundleInfo{}, err
		}
		info.Original = &orig
	}
	return info, nil
}

// Bundle reports the bundle this workspace was opened on, if it was.
func (w *Workspace) Bundle() (BundleInfo, bool) {
	if w.bundle == nil {
		return BundleInfo{}, false
	}
	return *w.bundle, true
}

// defaultBundleWork is the per-user cache folder's sessionscope/bundles, else the temporary folder.
func defaultBundleWork() string {
	if c, err := os.UserCacheDir(); err == nil {
		d := filepath.Join(c, "sessionscope", "bundles")
		if os.MkdirAll(d, 0o700) == nil {
			return d
		}
	}
	return os.TempDir()
}

// removeStaleCopies removes checked copies a process that died left behind (best effort).
func removeStaleCopies(work string) {
	entries, err := os.ReadDir(work)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), bundleCopyPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleCopyAge {
			os.RemoveAll(filepath.Join(work, e.Name()))
		}
	}
}
