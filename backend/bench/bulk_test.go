package bench

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/jobs/jobstest"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkBulkSignOutScale signs out every session of a simulated org (100k by default,
// BENCH_SIGNOUT_SESSIONS) that admits R requests a second (20, BENCH_SIGNOUT_RATE) and answers
// the rest 429, with the sObject Collections delete (200 ids a call): the achieved sessions/s
// and requests/s, and the ratio of requests/s to R (the target is 0.9 or better). Each session
// gets its durable result and audit entry, as in the app. Loopback only; bounded by the org.
func BenchmarkBulkSignOutScale(b *testing.B) {
	ctx := context.Background()
	n, rate := envInt("BENCH_SIGNOUT_SESSIONS", 100_000), envInt("BENCH_SIGNOUT_RATE", 20)
	probe := sfsim.New(sfsim.Config{Users: 1000, Seed: 42})
	perUser := float64(probe.SessionCount()) / 1000
	sim := sfsim.New(sfsim.Config{Users: int(float64(n)/perUser) + 1, Seed: 42})
	counter := jobstest.NewSalesforceCounter(sim.Handler())
	base := counter.Start(b.Cleanup)

	st := openStore(b, "signout.db")
	conn, err := st.AddConnection(ctx, session.Connection{Name: "Acme", Kind: salesforce.Kind, URL: base})
	if err != nil {
		b.Fatal(err)
	}
	sec := secrets.ForConnection(secrets.NewMemory(), conn.ID)
	sec.Set(ctx, salesforce.SecretRefresh, sim.Credentials().RefreshToken)
	cl, err := (&salesforce.Connector{}).Open(ctx, source.Config{URL: base, Secrets: sec,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := jobs.RefreshConnection(ctx, st, conn, cl, nil, func(jobs.Progress) {}); err != nil {
		b.Fatal(err)
	}
	sets, err := st.SelectionTargets(ctx, session.Selection{Filter: &session.Filter{}})
	if err != nil {
		b.Fatal(err)
	}
	plan, items, _ := jobs.PlanOrg(jobs.OrgInput{Set: sets[0], Kind: salesforce.Kind, Caps: source.CapabilitiesOf(cl),
		Action: jobs.ActionSignOut, Now: time.Now(), SecretIDs: true})
	job, err := st.CreateJob(ctx, store.SignOutJob{Action: jobs.ActionSignOut, Actor: "bench", Reason: "bench",
		Fingerprint: jobs.Fingerprint(jobs.ActionSignOut, items), Orgs: []store.JobOrg{{ConnectionID: conn.ID,
			Connection: conn.Name, Kind: salesforce.Kind, Method: plan.Method, BatchSize: plan.BatchSize,
			Items: len(items), Sessions: plan.Sessions, SecretIDs: true}}}, items, nil)
	if err != nil {
		b.Fatal(err)
	}
	runner := &jobs.SignOutRunner{Store: st, Actor: "bench",
		Client: func(context.Context, int64) (source.Client, error) { return cl, nil }}

	counter.LimitRate(rate)
	admitted0, limited0 := counter.Requests()
	b.ResetTimer()
	start := time.Now()
	prog, err := runner.Run(ctx, job.ID, nil)
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	admitted, limited := counter.Requests()
	admitted, limited = admitted-admitted0, limited-limited0
	if prog.State != store.JobDone {
		b.Fatalf("the job ended %s: %+v", prog.State, prog)
	}
	active := sim.ActiveSessionIDs()
	deleted := counter.Deleted()
	for _, it := range items {
		if _, found := slices.BinarySearch(active, it.Target); found || deleted[it.Target] > 1 {
			b.Fatalf("session %s: still active %v, deleted %d times", it.Target, found, deleted[it.Target])
		}
	}
	sps := float64(len(items)) / elapsed.Seconds()
	rps := float64(admitted) / elapsed.Seconds()
	b.ReportMetric(sps, "sessions/s")
	b.ReportMetric(rps, "req/s")
	b.ReportMetric(rps/float64(rate), "ratio_to_R")
	fmt.Printf("\nBulk sign-out: %d sessions in %d calls of up to %d ids, server limited to R=%d requests/s\n",
		len(items), plan.Calls, plan.BatchSize, rate)
	fmt.Printf("  %.1f s: %.0f sessions/s, %.2f requests/s admitted (%d), %d answered 429; ratio to R %.2f (target ≥ 0.9)\n",
		elapsed.Seconds(), sps, rps, admitted, limited, rps/float64(rate))
}
