package jobs_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

type fixture struct {
	st   *store.Store
	sim  *sfsim.Server
	conn session.Connection
	cl   source.Client
}

func setup(t *testing.T, cfg sfsim.Config) fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "ws.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sim := sfsim.New(cfg)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	conn, err := st.AddConnection(ctx, session.Connection{Name: "Acme", Kind: "salesforce", URL: base})
	if err != nil {
		t.Fatal(err)
	}
	mem := secrets.NewMemory()
	sec := secrets.ForConnection(mem, conn.ID)
	sec.Set(ctx, salesforce.SecretRefresh, sim.Credentials().RefreshToken)
	cl, err := (&salesforce.Connector{Tuning: pace.Tuning{RetryBase: time.Millisecond}}).Open(ctx, source.Config{URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID, salesforce.OptBatchSize: "200"},
		Secrets: sec, HTTPTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{st, sim, conn, cl}
}

func (f fixture) current(t *testing.T) *session.Snapshot {
	t.Helper()
	c, err := f.st.Connection(context.Background(), f.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c.Current
}

func TestRefreshStoresExactlyTheActiveSessions(t *testing.T) {
	f := setup(t, sfsim.Config{Users: 400, Seed: 5})
	var reports []jobs.Progress
	snap, err := jobs.RefreshConnection(context.Background(), f.st, f.conn, f.cl, nil, func(p jobs.Progress) {
		reports = append(reports, p)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(f.sim.ActiveSessionIDs()); snap.SessionCount != want {
		t.Fatalf("snapshot holds %d sessions, simulator has %d active", snap.SessionCount, want)
	}
	if cur := f.current(t); cur == nil || cur.ID != snap.ID {
		t.Fatal("a completed refresh must become current")
	}
	last := reports[len(reports)-1]
	if last.State != jobs.StateDone || reports[0].State != jobs.StateRunning || len(reports) < 4 {
		t.Fatalf("progress: first %+v last %+v (%d reports)", reports[0], last, len(reports))
	}
}

func TestTruncatedJSONStoresNothing(t *testing.T) {
	f := setup(t, sfsim.Config{Users: 400, Seed: 5})
	first, err := jobs.RefreshConnection(context.Background(), f.st, f.conn, f.cl, nil, func(jobs.Progress) {})
	if err != nil {
		t.Fatal(err)
	}
	f.sim.InjectFault(sfsim.Fault{Kind: "truncated", Path: "query", After: 2})
	failed, err := jobs.RefreshConnection(context.Background(), f.st, f.conn, f.cl, nil, func(jobs.Progress) {})
	if source.CodeOf(err) != source.CodeBadResponse {
		t.Fatalf("want a bad-response error, got %v", err)
	}
	if cur := f.current(t); cur.ID != first.ID {
		t.Fatal("a failed refresh replaced the current snapshot")
	}
	snaps, _ := f.st.Snapshots(context.Background(), f.conn.ID, 5)
	if snaps[0].ID != failed.ID || snaps[0].Status != session.SnapshotFailed || snaps[0].Error == "" {
		t.Fatalf("failed snapshot recorded as %+v", snaps[0])
	}
	var n int
	f.st.DB().QueryRow(`SELECT count(*) FROM sessions WHERE snapshot_id = ?`, failed.ID).Scan(&n)
	if n != 0 {
		t.Fatalf("the failed refresh left %d rows", n)
	}
}

func TestRefreshCancelledMidwayKeepsPreviousSnapshot(t *testing.T) {
	f := setup(t, sfsim.Config{Users: 600, Seed: 5})
	first, err := jobs.RefreshConnection(context.Background(), f.st, f.conn, f.cl, nil, func(jobs.Progress) {})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var pages atomic.Int32
	snap, err := jobs.RefreshConnection(ctx, f.st, f.conn, f.cl, nil, func(p jobs.Progress) {
		if p.State == jobs.StateRunning && p.Pages == 2 && pages.Add(1) == 1 {
			cancel() // killed after two pages were written
		}
	})
	if err == nil || snap.Status != session.SnapshotInterrupted {
		t.Fatalf("cancelled refresh: status %q err %v", snap.Status, err)
	}
	if cur := f.current(t); cur.ID != first.ID || cur.SessionCount != first.SessionCount {
		t.Fatalf("current snapshot after an interrupted refresh = %+v, want %d", cur, first.ID)
	}
}

func TestThrottleEmitsFinalAndCoalesces(t *testing.T) {
	var mu sync.Mutex
	var got []int
	th := jobs.NewThrottle(50*time.Millisecond, func(p any) {
		mu.Lock()
		got = append(got, p.(int))
		mu.Unlock()
	})
	start := time.Now()
	for i := 0; i < 1000; i++ {
		th.Update("a", i, false)
	}
	th.Update("a", 1000, true)
	elapsed := time.Since(start)
	th.Close()
	mu.Lock()
	defer mu.Unlock()
	if got[len(got)-1] != 1000 {
		t.Fatalf("the final update must be emitted last, got %v", got[len(got)-1])
	}
	if limit := int(elapsed/(50*time.Millisecond)) + 3; len(got) > limit {
		t.Fatalf("%d emits in %s: throttle let too many through (limit %d)", len(got), elapsed, limit)
	}
}
