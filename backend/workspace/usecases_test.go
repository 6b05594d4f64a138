package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

// addSim adds a connection to a fresh Salesforce simulator.
func addSim(t *testing.T, ws *Workspace, name string, users int, seed int64) (session.Connection, *sfsim.Server) {
	t.Helper()
	sim := sfsim.New(sfsim.Config{Users: users, Seed: seed})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	c, err := ws.AddConnection(context.Background(), NewConnection{Kind: salesforce.Kind, Name: name, URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID},
		Secrets: map[string]string{salesforce.SecretRefresh: sim.Credentials().RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	return c, sim
}

func refreshAll(t *testing.T, ws *Workspace) {
	t.Helper()
	res, err := ws.Refresh(context.Background(), nil, func(Progress) {})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.State != StateDone {
			t.Fatalf("refresh of %s: %s %v", r.Connection, r.State, r.Err)
		}
	}
}

// Snapshots and comparisons across orgs: each org's refreshes newest first, the current one
// marked; comparing every org adds up the orgs that have two snapshots and skips, with the
// reason, the one that has only one; comparing that org alone is a bad_filter error.
func TestSnapshotsAndCompareAcrossOrgs(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	acme, acmeSim := addSim(t, ws, "Acme", 60, 21)
	globex, globexSim := addSim(t, ws, "Globex", 40, 22)
	refreshAll(t, ws)
	acmeSim.SimulateLogins(7)
	globexSim.SimulateLogins(3)
	refreshAll(t, ws)
	late, _ := addSim(t, ws, "Initech", 20, 23)
	if _, err := ws.Refresh(ctx, []int64{late.ID}, func(Progress) {}); err != nil {
		t.Fatal(err)
	}

	snaps, err := ws.Snapshots(ctx, 0)
	if err != nil || len(snaps) != 5 {
		t.Fatalf("snapshots of every org: %d, %v; want 5", len(snaps), err)
	}
	if snaps[0].Connection != "Acme" || !snaps[0].Current || snaps[1].Current || !snaps[0].Comparable ||
		!snaps[0].StartedAt.After(snaps[1].StartedAt) && !snaps[0].StartedAt.Equal(snaps[1].StartedAt) {
		t.Fatalf("Acme's snapshots, newest and current first: %+v", snaps[:2])
	}
	if only, _ := ws.Snapshots(ctx, globex.ID); len(only) != 2 || only[0].Connection != "Globex" {
		t.Fatalf("snapshots of one org: %+v", only)
	}

	all, err := ws.Compare(ctx, CompareQuery{})
	if err != nil || len(all.Orgs) != 2 || len(all.Skipped) != 1 || !strings.HasPrefix(all.Skipped[0], "Initech: ") {
		t.Fatalf("compare every org: %+v %v", all, err)
	}
	want := 0
	for _, o := range all.Orgs {
		want += o.NewSessions
	}
	if all.NewSessions != want || all.NewSessions < 10 {
		t.Fatalf("every org's new sessions add up to %d, the sum says %d (want at least the 10 simulated logins)", want, all.NewSessions)
	}
	one, err := ws.Compare(ctx, CompareQuery{ConnectionID: acme.ID})
	if err != nil || len(one.Orgs) != 1 || one.Orgs[0].Connection != "Acme" || one.NewSessions < 7 {
		t.Fatalf("compare Acme: %+v %v", one, err)
	}
	if d, err := ws.CompareSnapshots(ctx, acme.ID, 0, 0); err != nil || d.NewSessions != one.NewSessions {
		t.Fatalf("CompareSnapshots and Compare disagree: %d vs %d (%v)", d.NewSessions, one.NewSessions, err)
	}
	if _, err := ws.Compare(ctx, CompareQuery{ConnectionID: late.ID}); CodeOf(err) != session.CodeBadFilter {
		t.Fatalf("comparing an org with one snapshot: %v (code %q), want bad_filter", err, CodeOf(err))
	}
}

func TestPreferencesAndThemeRefuseWhatTheWindowCannotUse(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	for _, c := range []struct{ key, value, want string }{
		{"password", "{}", "unknown preference"},
		{"views", "not json", "must be JSON"},
		{"columns", "[" + strings.Repeat(`"x",`, 70000) + `"x"]`, "too large"},
	} {
		if err := ws.SetPreference(ctx, c.key, c.value); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetPreference(%s, %.20q…) = %v, want %q", c.key, c.value, err, c.want)
		}
	}
	if v, err := ws.Preference(ctx, "views"); err != nil || v != "" {
		t.Fatalf("a refused preference was stored: %q %v", v, err)
	}
	if err := ws.SetPreference(ctx, "columns", `["username"]`); err != nil {
		t.Fatal(err)
	}
	if v, _ := ws.Preference(ctx, "columns"); v != `["username"]` {
		t.Fatalf("columns = %q", v)
	}
	if th, _ := ws.Theme(ctx); th != ThemeAuto {
		t.Fatalf("default theme = %q", th)
	}
	if err := ws.SetTheme(ctx, "purple"); err == nil {
		t.Fatal("unknown theme accepted")
	}
}

func TestCodeOfEveryKindOfError(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("boom"), session.CodeInternal},
		{&CodedError{session.CodeOwnSession, "x"}, session.CodeOwnSession},
		{fmt.Errorf("sign out: %w", &CodedError{session.CodeReadOnly, "x"}), session.CodeReadOnly},
		{&session.FilterError{Msg: "x"}, session.CodeBadFilter},
		{fmt.Errorf("refresh: %w", &source.Error{Code: source.CodeRateLimit, Message: "x"}), session.CodeRateLimit},
		{fmt.Errorf("detail: %w", store.ErrNotFound), session.CodeNotFound},
		{context.Canceled, session.CodeCanceled},
	} {
		if got := CodeOf(c.err); got != c.want {
			t.Errorf("CodeOf(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// A refresh started as a job reports under its id, ends with the results once, after its last
// progress, and counts as a running job until then.
func TestStartRefreshReportsUnderItsJobID(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	addSim(t, ws, "Acme", 30, 24)
	var mu sync.Mutex
	var seen []string
	done := make(chan []Progress, 1)
	id, err := ws.StartRefresh(nil, func(jobID string) (func(Progress), func([]Progress, error)) {
		return func(p Progress) {
				mu.Lock()
				seen = append(seen, jobID+" "+p.State)
				mu.Unlock()
			}, func(res []Progress, err error) {
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				seen = append(seen, jobID+" end")
				mu.Unlock()
				done <- res
			}
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case res := <-done:
		if len(res) != 1 || res[0].State != StateDone {
			t.Fatalf("results = %+v", res)
		}
	case <-time.After(time.Minute):
		t.Fatal("the refresh job did not end")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 3 || seen[len(seen)-1] != id+" end" || seen[len(seen)-2] != id+" "+StateDone {
		t.Fatalf("progress of job %s: %v", id, seen)
	}
}

// Throttled progress: running updates of one connection are coalesced, a final one goes out
// at once and last, and nothing arrives after stop.
func TestThrottleProgressLetsFinalUpdatesThrough(t *testing.T) {
	var mu sync.Mutex
	var got []Progress
	update, stop := ThrottleProgress(time.Hour, func(p Progress) {
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
	})
	for i := 1; i <= 50; i++ {
		update(Progress{ConnectionID: 1, State: StateRunning, Fetched: i})
	}
	update(Progress{ConnectionID: 1, State: StateDone, Fetched: 50})
	stop()
	update(Progress{ConnectionID: 1, State: StateRunning, Fetched: 99})
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Fetched != 1 || got[1].State != StateDone {
		t.Fatalf("with an hour between updates: %+v, want the first running update and the final one", got)
	}
}
