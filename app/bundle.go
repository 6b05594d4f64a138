package app

import "sessionscope/backend/workspace"

// BundleView is the bundle a read-only window shows (started with --bundle FILE): what it holds
// and who signed it, for the banner that says the window is read-only and why to trust it or not.
type BundleView struct {
	File        string `json:"file"`
	Fingerprint string `json:"fingerprint"`
	Trust       string `json:"trust"` // own | trusted | unknown
	TrustedAs   string `json:"trustedAs"`
	Kind        string `json:"kind"` // snapshots | review
	Review      string `json:"review"`
	CreatedAt   string `json:"createdAt"`
	CreatedBy   string `json:"createdBy"`
	Workspace   string `json:"workspace"`
	Note        string `json:"note"`
	Notes       int    `json:"notes"`               // reviewer notes it adds (an annotated bundle)
	Original    string `json:"originalFingerprint"` // the signer of the bundle kept inside it ("" = none)
}

// Bundle describes the bundle the window shows; nil when it shows a data folder.
func (s *WorkspaceService) Bundle() *BundleView {
	b, ok := s.ws.Bundle()
	if !ok {
		return nil
	}
	return bundleView(b)
}

// ReadOnly reports whether nothing can be changed here (a bundle): the window hides what would fail.
func (s *WorkspaceService) ReadOnly() bool { return s.ws.ReadOnly() }

func bundleView(b workspace.BundleInfo) *BundleView {
	m := b.Manifest
	v := &BundleView{File: b.File, Fingerprint: b.Fingerprint(), Trust: b.Trust, TrustedAs: b.TrustedAs, Kind: m.Kind,
		CreatedAt: rfc3339(m.CreatedAt), CreatedBy: m.CreatedBy, Workspace: m.Workspace, Note: m.Note, Notes: len(b.Notes)}
	if m.Review != nil {
		v.Review = m.Review.Title
	}
	if b.Original != nil {
		v.Original = b.Original.Fingerprint()
	}
	return v
}
