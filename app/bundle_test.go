package app

import (
	"context"
	"path/filepath"
	"testing"

	"sessionscope/backend/workspace"
)

// A window started on a bundle knows it, and says who signed it; one on a data folder does not.
func TestTheWindowKnowsItShowsABundle(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	a, rec := newApp(t)
	if a.Workspace.Bundle() != nil || a.Workspace.ReadOnly() {
		t.Fatal("a data folder is shown as a bundle")
	}
	if err := a.Workspace.OpenDemo(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ws.Refresh(ctx, nil, func(workspace.Progress) {}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "demo.ssbundle")
	exported, err := a.ws.ExportBundle(ctx, workspace.BundleExport{File: file, Note: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	bw, _, err := workspace.OpenBundle(ctx, file, workspace.BundleOptions{TrustFrom: a.ws})
	if err != nil {
		t.Fatal(err)
	}
	defer bw.Close()
	b := New(bw, rec)
	v := b.Workspace.Bundle()
	if v == nil || !b.Workspace.ReadOnly() || v.Fingerprint != exported.Fingerprint() || v.Trust != workspace.TrustOwn ||
		v.Kind != "snapshots" || v.Note != "demo" || v.CreatedAt == "" {
		t.Fatalf("bundle view %+v", v)
	}
	conns, err := b.Workspace.Connections()
	if err != nil || len(conns) == 0 {
		t.Fatalf("the bundle's connections: %d %v", len(conns), err)
	}
}
