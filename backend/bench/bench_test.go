// Package bench measures the foundation's speed targets in one run (`make bench`): refresh
// throughput from a local Salesforce simulator into SQLite against the raw insert rate of the
// same rows into the same schema, and the latency of windowed, filtered, sorted queries.
//
// A test-only package: it may import any package of the backend, and nothing imports it.
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

// targetSessions is the size the targets are stated for (override: BENCH_SESSIONS).
func targetSessions() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_SESSIONS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

type org struct {
	sim  *sfsim.Server
	base string
}

func startOrg(b *testing.B, sessions int) org {
	// The simulator makes about 2.5 sessions per user; size it up from a small sample.
	probe := sfsim.New(sfsim.Config{Users: 1000, Seed: 42})
	perUser := float64(probe.SessionCount()) / 1000
	sim := sfsim.New(sfsim.Config{Users: int(float64(sessions)/perUser) + 1, Seed: 42})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sim.Close() })
	return org{sim, base}
}

func openStore(b *testing.B, name string) *store.Store {
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), name))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func client(b *testing.B, o org, connID int64) source.Client {
	mem := secrets.NewMemory()
	sec := secrets.ForConnection(mem, connID)
	sec.Set(context.Background(), salesforce.SecretRefresh, o.sim.Credentials().RefreshToken)
	cl, err := (&salesforce.Connector{}).Open(context.Background(), source.Config{URL: o.base, Secrets: sec,
		Options: map[string]string{salesforce.OptClientID: o.sim.Credentials().ClientID}})
	if err != nil {
		b.Fatal(err)
	}
	return cl
}

func BenchmarkFoundation(b *testing.B) {
	ctx := context.Background()
	n := targetSessions()
	o := startOrg(b, n)
	fmt.Printf("\nSessionScope foundation benchmark: %d stored sessions in a local Salesforce simulator\n", o.sim.SessionCount())

	// 1. Refresh: connector over HTTP → mapping → page transactions into a new snapshot.
	st := openStore(b, "refresh.db")
	conn, _ := st.AddConnection(ctx, session.Connection{Name: "Acme", Kind: "salesforce", URL: o.base})
	cl := client(b, o, conn.ID)
	start := time.Now()
	snap, err := jobs.RefreshConnection(ctx, st, conn, cl, nil, func(jobs.Progress) {})
	if err != nil {
		b.Fatal(err)
	}
	refreshDur := time.Since(start)
	refreshRate := float64(snap.SessionCount) / refreshDur.Seconds()

	// 2. Raw insert of the very same rows into the very same schema: one transaction, one
	// prepared statement, rows already in memory — the ceiling the refresh is measured against.
	var rows []session.Session
	if err := cl.ListSessions(ctx, func(p source.Page) error { rows = append(rows, p.Sessions...); return nil }); err != nil {
		b.Fatal(err)
	}
	raw := openStore(b, "raw.db")
	rconn, _ := raw.AddConnection(ctx, session.Connection{Name: "Acme", Kind: "salesforce", URL: o.base})
	w, _ := raw.BeginSnapshot(ctx, rconn.ID)
	snapID := w.Snapshot().ID
	start = time.Now()
	tx, err := raw.DB().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := store.InsertSessions(ctx, tx, snapID, rconn.ID, rows); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	rawDur := time.Since(start)
	rawRate := float64(len(rows)) / rawDur.Seconds()

	fmt.Printf("refresh into SQLite : %7d sessions in %6.2fs = %8.0f sessions/s  (%d pages)\n",
		snap.SessionCount, refreshDur.Seconds(), refreshRate, snap.Pages)
	fmt.Printf("raw insert, same rows: %7d rows     in %6.2fs = %8.0f rows/s\n", len(rows), rawDur.Seconds(), rawRate)
	fmt.Printf("ratio refresh/raw    : %.2f  (target ≥ 0.50)\n", refreshRate/rawRate)
	b.ReportMetric(refreshRate, "refresh-sessions/s")
	b.ReportMetric(rawRate, "raw-rows/s")
	b.ReportMetric(refreshRate/rawRate, "ratio")

	// 3. Windowed, filtered, sorted queries on the refreshed snapshot, as the table asks for them:
	// a view (filter + sort) is opened at the top, then the user jumps around in it.
	queryBench(b, st, rows)
}

func pct(l []time.Duration, q float64) time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))].Round(10 * time.Microsecond)
}

func queryBench(b *testing.B, st *store.Store, rows []session.Session) {
	ctx := context.Background()
	users := []string{}
	for i := 0; i < len(rows) && len(users) < 50; i += len(rows) / 50 {
		users = append(users, rows[i].Username[:3])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"no filter", "user prefix", "session type", "IP prefix"}
	view := func(i int) session.Query {
		q := session.Query{Sort: session.SortColumns[rng.IntN(len(session.SortColumns))], Desc: rng.IntN(2) == 0, Limit: 200}
		switch i % 4 {
		case 1:
			q.User = users[rng.IntN(len(users))]
		case 2:
			q.SessionType = []string{"UI", "API", "Content", "Oauth2"}[rng.IntN(4)]
		case 3:
			q.IP = strconv.Itoa(rng.IntN(200)+1) + "."
		}
		return q
	}
	run := func(q session.Query) (time.Duration, int) {
		t0 := time.Now()
		_, total, err := st.Query(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(t0), total
	}
	var all, first, jumps []time.Duration
	byKind := map[string][]time.Duration{}
	const views, jumpsPerView = 60, 9
	for v := 0; v < views; v++ {
		q := view(v)
		d, total := run(q)
		all, first = append(all, d), append(first, d)
		byKind[kinds[v%4]] = append(byKind[kinds[v%4]], d)
		for j := 0; j < jumpsPerView && total > 200; j++ {
			q.Offset = rng.IntN(total-200) / 200 * 200
			d, _ := run(q)
			all, jumps = append(all, d), append(jumps, d)
			byKind[kinds[v%4]] = append(byKind[kinds[v%4]], d)
		}
	}
	fmt.Printf("windowed filtered+sorted query, 200 rows (%d views × first window + %d random jumps = %d queries):\n",
		views, jumpsPerView, len(all))
	fmt.Printf("  all            p50 %-9s p95 %-9s max %s   (target p95 ≤ 20ms)\n", pct(all, 0.5), pct(all, 0.95), pct(all, 1))
	fmt.Printf("  first window   p50 %-9s p95 %s\n", pct(first, 0.5), pct(first, 0.95))
	fmt.Printf("  random jumps   p50 %-9s p95 %s\n", pct(jumps, 0.5), pct(jumps, 0.95))
	for _, k := range kinds {
		fmt.Printf("  %-14s p50 %-9s p95 %s\n", k, pct(byKind[k], 0.5), pct(byKind[k], 0.95))
	}
	// Worst case: every query a view never seen before, at a random depth (no anchors to use).
	var cold []time.Duration
	for i := 0; i < 200; i++ {
		q := view(i)
		_, total, _ := st.Query(ctx, session.Query{Filter: q.Filter, Limit: 1})
		if total > 200 {
			q.Offset = rng.IntN(total-200) / 200 * 200
		}
		d, _ := run(q)
		cold = append(cold, d)
	}
	fmt.Printf("  cold deep jump (new view straight to a random depth, %d queries): p50 %s p95 %s max %s\n",
		len(cold), pct(cold, 0.5), pct(cold, 0.95), pct(cold, 1))
	b.ReportMetric(float64(pct(all, 0.5).Microseconds())/1000, "query-p50-ms")
	b.ReportMetric(float64(pct(all, 0.95).Microseconds())/1000, "query-p95-ms")
}
