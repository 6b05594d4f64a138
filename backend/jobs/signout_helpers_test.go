package jobs

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"sessionscope/backend/jobs/jobstest"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

// sfOrg is a simulated Salesforce org behind a delete counter, its connection and a client.
type sfOrg struct {
	sim     *sfsim.Server
	counter *jobstest.Counter
	conn    session.Connection
	cl      source.Client
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ws.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newSFOrg(t *testing.T, st *store.Store, name string, users int, seed int64) *sfOrg {
	t.Helper()
	ctx := context.Background()
	sim := sfsim.New(sfsim.Config{Users: users, Seed: seed, OrgName: name})
	counter := jobstest.NewSalesforceCounter(sim.Handler())
	base := counter.Start(t.Cleanup)
	conn, err := st.AddConnection(ctx, session.Connection{Name: name, Kind: salesforce.Kind, URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID}})
	if err != nil {
		t.Fatal(err)
	}
	sec := secrets.ForConnection(secrets.NewMemory(), conn.ID)
	if err := sec.Set(ctx, salesforce.SecretRefresh, sim.Credentials().RefreshToken); err != nil {
		t.Fatal(err)
	}
	c := &salesforce.Connector{Tuning: pace.Tuning{RetryBase: 2 * time.Millisecond, Attempts: 3}}
	cl, err := c.Open(ctx, source.Config{Name: name, URL: base, Options: conn.Options, Secrets: sec, HTTPTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	o := &sfOrg{sim: sim, counter: counter, conn: conn, cl: cl}
	o.refresh(t, st)
	return o
}

func (o *sfOrg) refresh(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := RefreshConnection(context.Background(), st, o.conn, o.cl, nil, func(Progress) {}); err != nil {
		t.Fatal(err)
	}
}

// planJob plans a selection on the orgs and saves it as a job, as the workspace does.
func planJob(t *testing.T, st *store.Store, orgs []*sfOrg, sel session.Selection, action string, extra ...store.JobItem) (store.SignOutJob, []store.JobItem) {
	t.Helper()
	ctx := context.Background()
	sets, err := st.SelectionTargets(ctx, sel)
	if err != nil {
		t.Fatal(err)
	}
	var all []store.JobItem
	var jorgs []store.JobOrg
	for _, set := range sets {
		var o *sfOrg
		for _, x := range orgs {
			if x.conn.ID == set.ConnectionID {
				o = x
			}
		}
		p, items, _ := PlanOrg(OrgInput{Set: set, Kind: salesforce.Kind, Caps: source.CapabilitiesOf(o.cl), Admin: "admin@" + o.conn.Name,
			Action: action, Now: time.Now(), SecretIDs: true})
		all = append(all, items...)
		jorgs = append(jorgs, store.JobOrg{ConnectionID: o.conn.ID, Connection: o.conn.Name, Kind: salesforce.Kind,
			Method: p.Method, BatchSize: p.BatchSize, Admin: p.Admin, Items: len(items), Sessions: p.Sessions, SecretIDs: true})
	}
	all = append(all, extra...)
	job, err := st.CreateJob(ctx, store.SignOutJob{Action: action, Actor: "tester@host", Reason: "incident 42",
		Fingerprint: Fingerprint(action, all), Orgs: jorgs}, all, nil)
	if err != nil {
		t.Fatal(err)
	}
	return job, all
}

func newRunner(st *store.Store, orgs ...*sfOrg) *SignOutRunner {
	return &SignOutRunner{Store: st, Actor: "tester@host", RetryBase: 5 * time.Millisecond, Heartbeat: 20 * time.Millisecond,
		Client: func(_ context.Context, id int64) (source.Client, error) {
			for _, o := range orgs {
				if o.conn.ID == id {
					return o.cl, nil
				}
			}
			return nil, store.ErrNotFound
		}}
}

// ownSessions lists the sessions the admin is signed in with, from the org's snapshot.
func ownSessions(t *testing.T, st *store.Store, o *sfOrg) []string {
	t.Helper()
	sets, err := st.SelectionTargets(context.Background(), session.Selection{Filter: &session.Filter{ConnectionIDs: []int64{o.conn.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	var own []string
	for _, tg := range sets[0].Targets {
		if tg.IsCurrent {
			own = append(own, tg.SessionID)
		}
	}
	if len(own) == 0 {
		t.Fatal("the snapshot marks no session of the admin's own")
	}
	return own
}

// checkEndedOnce asserts, on the server, that every chosen session is gone, none was deleted
// twice, each was deleted by its own call unless it went with its parent, and the admin's own
// sessions are still there.
func checkEndedOnce(t *testing.T, st *store.Store, o *sfOrg, items []store.JobItem) {
	t.Helper()
	active := o.sim.ActiveSessionIDs()
	deleted := o.counter.Deleted()
	chosen := map[string]bool{}
	for _, it := range items {
		if it.ConnectionID == o.conn.ID {
			chosen[it.Target] = true
		}
	}
	for _, it := range items {
		if it.ConnectionID != o.conn.ID {
			continue
		}
		if _, found := slices.BinarySearch(active, it.Target); found {
			t.Errorf("%s: session %s is still active", o.conn.Name, it.Target)
		}
		n := deleted[it.Target]
		switch {
		case n > 1:
			t.Errorf("%s: session %s was deleted %d times", o.conn.Name, it.Target, n)
		case n == 0 && !(it.ParentID != "" && chosen[it.ParentID]):
			t.Errorf("%s: session %s was never deleted", o.conn.Name, it.Target)
		}
	}
	for id := range deleted {
		if !chosen[id] {
			t.Errorf("%s: session %s was deleted but never chosen", o.conn.Name, id)
		}
	}
	for _, id := range ownSessions(t, st, o) {
		if _, found := slices.BinarySearch(active, id); !found {
			t.Errorf("%s: the admin's own session %s was ended", o.conn.Name, id)
		}
	}
}

func jobCounts(t *testing.T, st *store.Store, id int64) store.SignOutJob {
	t.Helper()
	j, err := st.Job(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}
