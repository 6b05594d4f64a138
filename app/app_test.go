package app

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/workspace"
)

// recorder is the fake event emitter: services are tested as plain Go objects.
type recorder struct {
	mu     sync.Mutex
	events []event
	done   chan RefreshSummary
}

type event struct {
	name string
	data any
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	r.events = append(r.events, event{name, data})
	r.mu.Unlock()
	if s, ok := data.(RefreshSummary); ok {
		r.done <- s
	}
}

func (r *recorder) progress() []RefreshProgress {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []RefreshProgress
	for _, e := range r.events {
		if p, ok := e.data.(RefreshProgress); ok {
			out = append(out, p)
		}
	}
	return out
}

func newApp(t *testing.T) (*App, *recorder) {
	t.Helper()
	ws, err := workspace.Open(context.Background(), workspace.Options{Home: filepath.Join(t.TempDir(), "home"),
		Secrets: secrets.NewMemory(), Actor: "tester@host"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	rec := &recorder{done: make(chan RefreshSummary, 4)}
	return New(ws, rec), rec
}

func waitDone(t *testing.T, rec *recorder) RefreshSummary {
	t.Helper()
	select {
	case s := <-rec.done:
		return s
	case <-time.After(2 * time.Minute):
		t.Fatal("refresh did not finish")
	}
	return RefreshSummary{}
}

func TestDemoRefreshQueryDetailAndSignOut(t *testing.T) {
	a, rec := newApp(t)
	if err := a.Workspace.OpenDemo(); err != nil {
		t.Fatal(err)
	}
	conns, err := a.Workspace.Connections()
	if err != nil || len(conns) < 3 {
		t.Fatalf("demo connections = %d, %v", len(conns), err)
	}
	if !conns[0].Capabilities.RevokeOne || conns[0].Status != "never" {
		t.Fatalf("demo connection view = %+v", conns[0])
	}
	if _, err := a.Refresh.Start(nil); err != nil {
		t.Fatal(err)
	}
	sum := waitDone(t, rec)
	if sum.Done != len(conns) || sum.Failed != 0 {
		t.Fatalf("refresh summary = %+v", sum)
	}
	if len(rec.progress()) < 2 {
		t.Fatalf("no progress events were emitted")
	}
	conns, _ = a.Workspace.Connections()
	total := 0
	for _, c := range conns {
		if c.Status != "ok" || c.LastRefresh == "" || c.SessionCount == 0 {
			t.Fatalf("after refresh: %+v", c)
		}
		total += c.SessionCount
	}
	// Enrichment at refresh time: Kratos records carry raw user agents and private or
	// host:port addresses; the rows come out parsed and classified.
	for _, c := range conns {
		if c.Kind != "kratos" {
			continue
		}
		p, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{ConnectionIDs: []int64{c.ID}}, Sort: "username", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		parsed, private := 0, 0
		for _, r := range p.Rows {
			if r.UserAgent != "" && r.Browser != "" && r.Platform != "" {
				parsed++
			}
			if r.GeoSource == "private" {
				private++
			}
		}
		if parsed == 0 || private == 0 {
			t.Fatalf("kratos rows: %d with a parsed user agent, %d classified private; want both > 0", parsed, private)
		}
	}
	users, err := a.Users.Users(UsersQuery{Limit: 10})
	if err != nil || users.Total == 0 || users.Rows[0].Sessions < users.Rows[9].Sessions || users.Rows[0].LastActiveAt == "" {
		t.Fatalf("users view: %+v %v", users, err)
	}
	theirs, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{Username: users.Rows[0].Username}, Limit: 100})
	if err != nil || theirs.Total != users.Rows[0].Sessions {
		t.Fatalf("sessions of %s: %d, want %d (%v)", users.Rows[0].Username, theirs.Total, users.Rows[0].Sessions, err)
	}
	page, err := a.Sessions.Query(SessionQuery{Sort: "username", Limit: 100})
	if err != nil || page.Total != total || len(page.Rows) != 100 {
		t.Fatalf("query: total %d (want %d) rows %d err %v", page.Total, total, len(page.Rows), err)
	}
	var victim, own SessionRow
	for off := 0; off < page.Total && (victim.ID == "" || own.ID == ""); off += 1000 {
		p, err := a.Sessions.Query(SessionQuery{Sort: "username", Offset: off, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rows {
			if r.IsCurrent && own.ID == "" {
				own = r
			}
			if !r.IsCurrent && victim.ID == "" && r.SessionType == "UI" {
				victim = r
			}
		}
	}
	if own.ID == "" || victim.ID == "" {
		t.Fatal("demo data lacks an own session or a UI session")
	}
	if victim.CreatedAt == "" || victim.LastActiveAt == "" {
		t.Fatalf("times must cross as RFC 3339 strings: %+v", victim)
	}
	d, err := a.Sessions.Detail(victim.ConnectionID, victim.ID)
	if err != nil || d.Raw == "" || d.Session.ID != victim.ID {
		t.Fatalf("detail: %+v %v", d.Session, err)
	}
	_, err = a.SignOut.SignOutSession(SignOutRequest{ConnectionID: own.ConnectionID, SessionID: own.ID, Reason: "x"})
	if be, ok := FormatError(err).(BridgeError); !ok || be.Code != workspace.CodeOwnSession {
		t.Fatalf("signing out the app's own session must be refused with own_session, got %v", err)
	}
	res, err := a.SignOut.SignOutSession(SignOutRequest{ConnectionID: victim.ConnectionID, SessionID: victim.ID, Reason: "lost laptop"})
	if err != nil || res.Outcome != "ended" || res.AuditID == 0 {
		t.Fatalf("sign out: %+v %v", res, err)
	}
	d, _ = a.Sessions.Detail(victim.ConnectionID, victim.ID)
	if d.Session.EndedAt == "" {
		t.Fatal("the signed-out row must show as ended")
	}
	// Newest first: the result, the request written before the server was asked, and the
	// refused attempt on the app's own session.
	audit, _ := a.Audit.Entries(10)
	if len(audit) != 3 || audit[0].Reason != "lost laptop" || audit[0].Result != "ended" || audit[0].Actor != "tester@host" ||
		audit[1].Result != "requested" || audit[2].Result != "refused" {
		t.Fatalf("audit = %+v", audit)
	}
	if _, err := a.Refresh.Start([]int64{victim.ConnectionID}); err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec)
	if _, err := a.Sessions.Detail(victim.ConnectionID, victim.ID); err == nil {
		t.Fatal("the next refresh must no longer list the signed-out session")
	}
}

func TestRefreshCancelKeepsPreviousSnapshot(t *testing.T) {
	a, rec := newApp(t)
	if err := a.Workspace.OpenDemo(); err != nil {
		t.Fatal(err)
	}
	a.Refresh.Start(nil)
	waitDone(t, rec)
	before, _ := a.Workspace.Connections()
	job, _ := a.Refresh.Start(nil)
	a.Refresh.Cancel(job) // before the first page can land
	sum := waitDone(t, rec)
	if sum.Canceled == 0 || sum.Canceled+sum.Done != len(before) {
		t.Fatalf("cancel summary = %+v: the cancel must stop at least the connections not yet started", sum)
	}
	after, _ := a.Workspace.Connections()
	for i := range before {
		if sum.Results[i].State == "canceled" && after[i].LastRefresh != before[i].LastRefresh {
			t.Fatalf("a cancelled refresh replaced the snapshot of %s", after[i].Name)
		}
		if after[i].SessionCount != before[i].SessionCount {
			t.Fatalf("%s: %d sessions after cancel, %d before", after[i].Name, after[i].SessionCount, before[i].SessionCount)
		}
	}
}

func TestFormatErrorGivesCodeAndMessage(t *testing.T) {
	a, _ := newApp(t)
	_, err := a.Sessions.Query(SessionQuery{Sort: "password", Limit: 10})
	be, ok := FormatError(err).(BridgeError)
	if !ok || be.Code != "bad_filter" || be.Message == "" {
		t.Fatalf("bad sort: %+v", be)
	}
	_, err = a.Sessions.Detail(99, "nope")
	if be := FormatError(err).(BridgeError); be.Code != "not_found" {
		t.Fatalf("missing session: %+v", be)
	}
	if be := FormatError(errors.New("boom")).(BridgeError); be.Code != "internal" {
		t.Fatalf("plain error: %+v", be)
	}
	if err := a.Settings.SetTheme("dark"); err != nil {
		t.Fatal(err)
	}
	if th, _ := a.Settings.Theme(); th != "dark" {
		t.Fatalf("theme = %s", th)
	}
	if a.Settings.SetTheme("purple") == nil {
		t.Fatal("unknown theme accepted")
	}
	types, err := a.Sessions.SessionTypes()
	if err != nil || types == nil || !slices.Equal(types, []string{}) {
		t.Fatalf("session types of an empty workspace = %v, %v", types, err)
	}
}

func TestAFailingOrgNeverStopsTheOthers(t *testing.T) {
	a, rec := newApp(t)
	if err := a.Workspace.OpenDemo(); err != nil {
		t.Fatal(err)
	}
	demo, _ := a.Workspace.Connections()
	// An org whose server is gone: a loopback port nobody listens on.
	dead, err := a.Connections.Add(ConnectionForm{Kind: "salesforce", Name: "Initech", URL: "http://127.0.0.1:9",
		Options: map[string]string{"client_id": "x"}, Secrets: map[string]string{"refresh_token": "y"}})
	if err != nil {
		t.Fatal(err)
	}
	a.Refresh.Start(nil)
	sum := waitDone(t, rec)
	if sum.Done != len(demo) || sum.Failed != 1 {
		t.Fatalf("summary = %+v, want %d done and 1 failed", sum, len(demo))
	}
	conns, _ := a.Workspace.Connections()
	for _, c := range conns {
		switch {
		case c.ID == dead.ID && (c.Status != "error" || c.Message == ""):
			t.Fatalf("the dead org must show its own error: %+v", c)
		case c.ID != dead.ID && c.Status != "ok":
			t.Fatalf("%s must have refreshed: %+v", c.Name, c)
		}
	}
	res, _ := a.Connections.Test(dead.ID)
	if res.OK || res.ErrorCode != "unavailable" {
		t.Fatalf("testing the dead org: %+v", res)
	}
}
