// Package bench measures the foundation's speed targets in one run (`make bench`): refresh
// throughput from a local Salesforce simulator into SQLite against the raw insert rate of the
// same rows into the same schema, and the latency of windowed, filtered, sorted queries.
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
	tx, _ := raw.DB().BeginTx(ctx, nil)
	stmt, err := tx.Prepare(store.InsertSessionSQL)
	if err != nil {
		b.Fatal(err)
	}
	for i := range rows {
		if _, err := stmt.Exec(store.SessionArgs(snapID, rconn.ID, &rows[i])...); err != nil {
			b.Fatal(err)
		}
	}
	stmt.Close()
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

	// 3. Windowed, filtered, sorted queries on the refreshed snapshot, as the table asks for them.
	users := []string{}
	for i := 0; i < len(rows) && len(users) < 50; i += len(rows) / 50 {
		users = append(users, rows[i].Username[:3])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sorts := session.SortColumns
	var lat []time.Duration
	for i := 0; i < 400; i++ {
		q := session.Query{Sort: sorts[rng.IntN(len(sorts))], Desc: rng.IntN(2) == 0, Limit: 200}
		switch i % 4 {
		case 1:
			q.User = users[rng.IntN(len(users))]
		case 2:
			q.SessionType = []string{"UI", "API", "Content", "Oauth2"}[rng.IntN(4)]
		case 3:
			q.IP = strconv.Itoa(rng.IntN(200)+1) + "."
		}
		// Windows anywhere in the result, as scrolling asks for them.
		_, total, err := st.Query(ctx, session.Query{Filter: q.Filter, Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		if total > 200 {
			q.Offset = rng.IntN(total-200) / 200 * 200
		}
		t0 := time.Now()
		if _, _, err := st.Query(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	fmt.Printf("windowed query (200 rows, random sort/filter/offset, %d runs): p50 %s  p95 %s  max %s  (target p95 ≤ 20ms)\n",
		len(lat), p(0.5).Round(10*time.Microsecond), p(0.95).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))
	b.ReportMetric(float64(p(0.5).Microseconds())/1000, "query-p50-ms")
	b.ReportMetric(float64(p(0.95).Microseconds())/1000, "query-p95-ms")
}
