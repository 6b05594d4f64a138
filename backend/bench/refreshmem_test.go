package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/workspace"
)

// refreshMemoryCommand runs only the two refreshes of BenchmarkScale with their memory figures.
const refreshMemoryCommand = `go test -run '^$' -bench 'RefreshMemory$' -benchtime 1x -timeout 60m ./backend/bench/`

// BenchmarkRefreshMemory is the refresh part of BenchmarkScale alone: the same simulators and
// workspace, a first refresh, its background preparation, then a second refresh, each with the
// peak RSS figures the scale benchmark prints (BENCH_SESSIONS sizes it, BENCH_HEAP_PROFILE writes
// heap profiles near each peak). It is for working on memory in minutes rather than a full run;
// `make bench` does not run it.
func BenchmarkRefreshMemory(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Minute)
	defer cancel()
	total := scaleSessions()
	perOrg := max(total/len(scaleOrgs), 1)
	useBundledGeo(b)
	fmt.Printf("\nSessionScope refresh memory: %d orgs × ~%d active sessions\ncommand: %s\n",
		len(scaleOrgs), perOrg, refreshMemoryCommand)
	sims := startScaleSims(b, perOrg)
	ws, err := workspace.Open(ctx, workspace.Options{Home: b.TempDir(), Secrets: secrets.NewMemory(), Actor: "bench",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	addScaleConnections(ctx, b, ws, sims, func(string, *simProc) {})
	for i, name := range []string{"first-refresh", "second-refresh"} {
		resetPeakRSS()
		sampler := startRSSSampler(100 * time.Millisecond)
		sampler.profileHeap(name)
		dur, sessions, _ := refreshAll(ctx, b, ws)
		hwm, anon, file := sampler.stop()
		goRT, goHeap := sampler.goMemory()
		fmt.Printf("    %-15s: %8d sessions in %6.1fs = %8.0f sessions/s, peak RSS %.0f MB (sampled: anonymous %.0f MB, file-backed %.0f MB; Go runtime %.0f MB, live heap %.0f MB)\n",
			name, sessions, dur.Seconds(), float64(sessions)/dur.Seconds(), hwm, anon, file, goRT, goHeap)
		b.ReportMetric(hwm, fmt.Sprintf("peak-rss-MB-%d", i+1))
		resetPeakRSS()
		sampler = startRSSSampler(100 * time.Millisecond)
		t0 := time.Now()
		if err := ws.Prepared(ctx); err != nil {
			b.Fatal(err)
		}
		hwm, anon, file = sampler.stop()
		goRT, goHeap = sampler.goMemory()
		fmt.Printf("    %-15s  background preparation after it: %.1fs more, peak RSS %.0f MB (anonymous %.0f MB, file-backed %.0f MB; Go runtime %.0f MB, live heap %.0f MB)\n",
			"", time.Since(t0).Seconds(), hwm, anon, file, goRT, goHeap)
	}
}
