package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/store"
	"sessionscope/backend/workspace"
)

// bundleCommand runs BenchmarkBundle (BENCH_SESSIONS=N for another size).
const bundleCommand = `go test -run '^$' -bench 'Bundle$' -benchtime 1x -timeout 30m ./backend/bench/`

// BenchmarkBundle: export of a one-million-session workspace (ten orgs) as a bundle, its check,
// and its opening as a read-only workspace — the times, and the bundle's size against the
// database's.
func BenchmarkBundle(b *testing.B) {
	b.Setenv("XDG_CACHE_HOME", b.TempDir()) // checked copies of bundles go there
	ctx := context.Background()
	total := scaleSessions()
	home := filepath.Join(b.TempDir(), "home")
	os.MkdirAll(home, 0o700)
	st, err := store.Open(ctx, filepath.Join(home, "sessionscope.db"))
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for i := range 10 {
		c, err := st.AddConnection(ctx, session.Connection{Name: fmt.Sprintf("Org %d", i), Kind: "salesforce", URL: "http://127.0.0.1:1"})
		if err != nil {
			b.Fatal(err)
		}
		writeFlagOrg(ctx, b, st, c.ID, flagSessions(i, total/10, 0, now))
	}
	st.Close() // checkpoints the log into the database file
	dbInfo, err := os.Stat(filepath.Join(home, "sessionscope.db"))
	if err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(ctx, workspace.Options{Home: home, Secrets: secrets.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	file := filepath.Join(b.TempDir(), "all.ssbundle")
	b.ResetTimer()
	start := time.Now()
	info, err := ws.ExportBundle(ctx, workspace.BundleExport{File: file})
	export := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	if _, err := workspace.VerifyBundle(ctx, file, workspace.BundleOptions{}); err != nil {
		b.Fatal(err)
	}
	verify := time.Since(start)
	start = time.Now()
	bw, _, err := workspace.OpenBundle(ctx, file, workspace.BundleOptions{})
	if err != nil {
		b.Fatal(err)
	}
	_, n, err := bw.Query(ctx, session.Query{Sort: "username", Limit: 200})
	open := time.Since(start)
	bw.Close()
	b.StopTimer()
	if err != nil || n != int(info.Manifest.Sessions()) {
		b.Fatalf("the opened bundle counts %d sessions, the manifest %d: %v", n, info.Manifest.Sessions(), err)
	}
	fi, _ := os.Stat(file)
	ratio := float64(fi.Size()) / float64(dbInfo.Size())
	b.ReportMetric(export.Seconds(), "export-s")
	b.ReportMetric(verify.Seconds(), "verify-s")
	b.ReportMetric(open.Seconds(), "open-s")
	b.ReportMetric(ratio, "size/db")
	fmt.Printf("bundle of %d sessions: export %s, verify %s, open + first window %s; %.1f MB against the database's %.1f MB (%.2f×)\n  (%s)\n",
		n, export.Round(time.Millisecond), verify.Round(time.Millisecond), open.Round(time.Millisecond),
		float64(fi.Size())/1e6, float64(dbInfo.Size())/1e6, ratio, bundleCommand)
}
