package app

import (
	"time"

	"sessionscope/backend/workspace"
)

func toBundleView(b workspace.BundleInfo) BundleView {
	m := b.Manifest
	v := BundleView{File: b.File, Size: b.Size, Fingerprint: m.Signer.Fingerprint, Trust: b.Trust, TrustedAs: b.TrustedAs,
		CreatedAt: rfc3339(m.CreatedAt), CreatedBy: m.CreatedBy, Workspace: m.Workspace, App: m.App, Kind: m.Kind,
		Note: m.Note, AllSessions: m.Sessions(), AuditRows: m.Tables["audit"].Rows,
		Connections: []BundleOrgView{}, Geo: []string{}, Notes: []BundleNoteView{}}
	if m.Signer.Fingerprint != "" {
		v.Integrity = integrityHeld
	}
	if r := m.Review; r != nil {
		v.Review = BundleReviewView{ID: r.ID, Title: r.Title, ClosedAt: rfc3339(r.Closed), ClosedBy: r.ClosedBy}
	}
	for _, c := range m.Connections {
		o := BundleOrgView{Name: c.Name, Kind: c.Kind, Snapshots: len(c.Snapshots)}
		var newest time.Time
		for _, s := range c.Snapshots {
			if !s.At.Before(newest) {
				newest, o.Sessions = s.At, s.Sessions
			}
		}
		v.Sessions += o.Sessions
		v.Connections = append(v.Connections, o)
	}
	for _, g := range m.Geo {
		line := g.Kind + " " + g.DatabaseType
		if g.Attribution != "" {
			line += " — " + g.Attribution
		}
		v.Geo = append(v.Geo, line)
	}
	for _, n := range b.Notes {
		v.Notes = append(v.Notes, BundleNoteView{About: n.About, Text: n.Text, Author: n.Author, At: rfc3339(n.At)})
	}
	if o := b.Original; o != nil {
		v.Original = &BundleOriginalRef{Fingerprint: o.Fingerprint(), Trust: o.Trust, CreatedBy: o.Manifest.CreatedBy,
			CreatedAt: rfc3339(o.Manifest.CreatedAt)}
	}
	return v
}
