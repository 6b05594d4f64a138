package workspace

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/jobs/jobstest"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/kratos"
	"sessionscope/backend/source/salesforce"
	kratossim "sessionscope/backend/source/sim/kratos"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

type simOrg struct {
	conn    session.Connection
	sf      *sfsim.Server
	counter *jobstest.Counter
	kr      *kratossim.Server
	base    string
}

func addSalesforce(t *testing.T, ws *Workspace, name string, cfg sfsim.Config) *simOrg {
	t.Helper()
	sim := sfsim.New(cfg)
	counter := jobstest.NewSalesforceCounter(sim.Handler())
	base := counter.Start(t.Cleanup)
	c, err := ws.AddConnection(context.Background(), NewConnection{Kind: salesforce.Kind, Name: name, URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID},
		Secrets: map[string]string{salesforce.SecretRefresh: sim.Credentials().RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	return &simOrg{conn: c, sf: sim, counter: counter, base: base}
}

func addKratos(t *testing.T, ws *Workspace, name string, users int) *simOrg {
	t.Helper()
	sim := kratossim.New(kratossim.Config{Users: users, Seed: 21, OrgName: name})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	c, err := ws.AddConnection(context.Background(), NewConnection{Kind: kratos.Kind, Name: name, URL: base})
	if err != nil {
		t.Fatal(err)
	}
	return &simOrg{conn: c, kr: sim, base: base}
}

func codeOf(err error) string {
	var ce *CodedError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return ""
}

func TestBulkSignOutByFilterAcrossTwoOrgs(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	sf := addSalesforce(t, ws, "Acme", sfsim.Config{Users: 120, Seed: 31})
	kr := addKratos(t, ws, "Initech", 80)
	refreshAll(t, ws)
	req := BulkRequest{Selection: session.Selection{Filter: &session.Filter{}}}
	plan, err := ws.PlanSignOut(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Orgs) != 2 || !plan.ReasonRequired || plan.ConfirmCount != plan.Sessions || plan.Sessions <= DefaultConfirmAbove {
		t.Fatalf("plan %+v", plan)
	}
	for _, o := range plan.Orgs {
		if o.Method != store.MethodBatch || o.Calls != (o.Sessions+o.BatchSize-1)/o.BatchSize {
			t.Fatalf("%s: method %s, %d calls for %d sessions in batches of %d", o.Connection, o.Method, o.Calls, o.Sessions, o.BatchSize)
		}
		if o.Kind == salesforce.Kind {
			if o.BatchSize != 200 || o.Admin == "" || o.Remaining < int64(o.Calls) || !strings.Contains(o.Limit, "api-usage") {
				t.Fatalf("Salesforce plan: %+v", o)
			}
			if !slices.ContainsFunc(o.Excluded, func(e jobs.Exclusion) bool { return e.Code == jobs.ExclOwnSession && e.Count > 0 }) {
				t.Fatalf("the admin's own session must be left out: %+v", o.Excluded)
			}
		}
	}
	if len(plan.Notes) == 0 || !strings.Contains(plan.Notes[0], "does not stop a new sign-in") {
		t.Fatalf("the plan must say what sign-out does not do: %v", plan.Notes)
	}

	// Refusals before anything is sent.
	if _, err := ws.StartSignOut(ctx, req, nil); codeOf(err) != CodeReasonRequired {
		t.Fatalf("no reason: %v", err)
	}
	req.Reason = "credential leak INC-7"
	if _, err := ws.StartSignOut(ctx, req, nil); codeOf(err) != CodeConfirmRequired {
		t.Fatalf("no typed count: %v", err)
	}
	req.Confirm, req.Fingerprint = plan.ConfirmCount, "not the preview"
	if _, err := ws.StartSignOut(ctx, req, nil); codeOf(err) != CodePlanChanged {
		t.Fatalf("another plan than the preview: %v", err)
	}
	if len(sf.counter.Deleted()) != 0 || len(kr.kr.ActiveSessionIDs()) == 0 {
		t.Fatal("a refused start sent something")
	}

	req.Fingerprint = plan.Fingerprint
	var first jobs.SignOutProgress
	job, err := ws.StartSignOut(ctx, req, func(p jobs.SignOutProgress) {
		if first.JobID == 0 {
			first = p
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if first.JobID != job.ID || job.State != store.JobDone || job.Counts.Ended+job.Counts.AlreadyGone != plan.Items ||
		job.RecheckedAt.IsZero() || job.Counts.StillListed != 0 {
		t.Fatalf("job %+v (first event %+v)", job, first)
	}
	for id, n := range sf.counter.Deleted() {
		if n != 1 {
			t.Fatalf("Salesforce session %s deleted %d times", id, n)
		}
	}
	if left := kr.kr.ActiveSessionIDs(); len(left) != 0 {
		t.Fatalf("%d Kratos sessions are still active", len(left))
	}
	if own := sf.sf.ActiveSessionIDs(); len(own) == 0 {
		t.Fatal("the admin's own Salesforce session was ended")
	}

	// The same selection again: everything is gone but the admin's session.
	again, err := ws.PlanSignOut(ctx, req)
	if err != nil || again.Items != 0 {
		t.Fatalf("after the job the plan holds %d items: %v", again.Items, err)
	}
	if _, err := ws.StartSignOut(ctx, req, nil); codeOf(err) != CodeNothingToDo && codeOf(err) != CodePlanChanged {
		t.Fatalf("a second run must not act: %v", err)
	}

	list, err := ws.SignOutJobs(ctx, 10)
	if err != nil || len(list) != 1 || list[0].ID != job.ID || list[0].State != store.JobDone {
		t.Fatalf("jobs list %+v %v", list, err)
	}
	items, err := ws.SignOutJobItems(ctx, job.ID, "", 0, 5)
	if err != nil || len(items) != 5 {
		t.Fatalf("job items %v %v", items, err)
	}
	bulk, err := ws.AuditQuery(ctx, store.AuditFilter{Action: "signout.bulk"})
	if err != nil || len(bulk) != 4 {
		t.Fatalf("want a requested and a closing entry per org, got %+v %v", bulk, err)
	}
	check, err := ws.CheckAudit(ctx)
	if err != nil || !check.OK || check.HeadID == 0 {
		t.Fatalf("audit check %+v %v", check, err)
	}
}

func TestTickedSessionsAndOneWithoutReason(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	sf := addSalesforce(t, ws, "Acme", sfsim.Config{Users: 30, Seed: 32})
	refreshAll(t, ws)
	rows, _, err := ws.st.Query(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{sf.conn.ID}}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var keys []session.SessionKey
	for _, r := range rows {
		if !r.IsCurrent && r.ParentID == "" && len(keys) < 4 {
			keys = append(keys, session.SessionKey{ConnectionID: sf.conn.ID, SessionID: r.ID})
		}
	}
	if err := ws.SetSignOutConfirmAbove(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if p, _ := ws.PlanSignOut(ctx, BulkRequest{Selection: session.Selection{Keys: keys[1:4]}}); p.ConfirmCount != 3 {
		t.Fatalf("three sessions above a threshold of 2 want the typed count: %+v", p)
	}
	if err := ws.SetSignOutConfirmAbove(ctx, -1); err == nil {
		t.Fatal("a negative threshold must be refused")
	}
	ws.SetSignOutConfirmAbove(ctx, DefaultConfirmAbove)
	fresh, err := ws.AddConnection(ctx, NewConnection{Kind: salesforce.Kind, Name: "Fresh", URL: "http://127.0.0.1:9",
		Options: map[string]string{salesforce.OptClientID: "k"}, Secrets: map[string]string{salesforce.SecretRefresh: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ws.PlanSignOut(ctx, BulkRequest{Selection: session.Selection{Filter: &session.Filter{ConnectionIDs: []int64{fresh.ID}}}})
	if err != nil || len(p.Orgs) != 1 || !strings.Contains(p.Orgs[0].Refused, "never been refreshed") {
		t.Fatalf("a connection never refreshed: %+v %v", p, err)
	}
	one := BulkRequest{Selection: session.Selection{Keys: keys[:1]}}
	if p, err := ws.PlanSignOut(ctx, one); err != nil || p.ReasonRequired || p.ConfirmCount != 0 {
		t.Fatalf("one ticked session needs no reason: %+v %v", p, err)
	}
	if j, err := ws.StartSignOut(ctx, one, nil); err != nil || j.Counts.Ended != 1 {
		t.Fatalf("one ticked session: %+v %v", j, err)
	}
	three := BulkRequest{Selection: session.Selection{Keys: keys[1:4]}}
	if _, err := ws.StartSignOut(ctx, three, nil); codeOf(err) != CodeReasonRequired {
		t.Fatalf("three ticked sessions need a reason: %v", err)
	}
	three.Reason = "lost laptop"
	j, err := ws.StartSignOut(ctx, three, nil)
	if err != nil || j.Counts.Ended != 3 || j.State != store.JobDone {
		t.Fatalf("three ticked sessions: %+v %v", j, err)
	}
	if n := len(sf.counter.Deleted()); n != 4 {
		t.Fatalf("%d sessions deleted, want 4", n)
	}
}

func TestRecheckMarksSessionsTheServerStillLists(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	sf := addSalesforce(t, ws, "Acme", sfsim.Config{Users: 20, Seed: 34})
	refreshAll(t, ws)
	rows, _, _ := ws.st.Query(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{sf.conn.ID}}, Limit: 100})
	var keys []session.SessionKey
	for _, r := range rows {
		if !r.IsCurrent && r.ParentID == "" && len(keys) < 2 {
			keys = append(keys, session.SessionKey{ConnectionID: sf.conn.ID, SessionID: r.ID})
		}
	}
	sf.counter.Swallow(keys[0].SessionID) // the server says ended, and keeps it
	job, err := ws.StartSignOut(ctx, BulkRequest{Selection: session.Selection{Keys: keys}, Reason: "cleanup"}, nil)
	if err != nil || job.Counts.Ended != 2 || job.Counts.StillListed != 1 {
		t.Fatalf("job %+v %v", job, err)
	}
	still, _ := ws.SignOutJobItems(ctx, job.ID, store.ItemEnded, 0, 10)
	marked := 0
	for _, it := range still {
		if it.Recheck == "still_listed" {
			marked++
		}
	}
	if marked != 1 {
		t.Fatalf("%d items marked still listed, want 1", marked)
	}
	e, _ := ws.AuditQuery(ctx, store.AuditFilter{Action: "signout.recheck"})
	if len(e) != 1 || e[0].Result != "still_listed" {
		t.Fatalf("re-check audit %+v", e)
	}
}

func TestCancelJobStopsItBetweenBatchesAndResumeFinishes(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	sf := addSalesforce(t, ws, "Acme", sfsim.Config{Users: 300, Seed: 35})
	refreshAll(t, ws)
	plan, err := ws.PlanSignOut(ctx, BulkRequest{Selection: session.Selection{Filter: &session.Filter{}}})
	if err != nil {
		t.Fatal(err)
	}
	req := BulkRequest{Selection: session.Selection{Filter: &session.Filter{}}, Reason: "drill", Confirm: plan.ConfirmCount}
	// Asked for during the first batch's call (job 1 of a fresh workspace), as from another window.
	sf.counter.OnDelete(func(n int) {
		if n == 1 {
			if err := ws.CancelSignOutJob(ctx, 1); err != nil {
				t.Error(err)
			}
		}
	})
	job, err := ws.StartSignOut(ctx, req, nil)
	if err != nil || job.State != store.JobCanceled || job.Counts.Left() == 0 {
		t.Fatalf("cancelled job %+v %v", job, err)
	}
	job, err = ws.ResumeSignOutJob(ctx, job.ID, nil)
	if err != nil || job.State != store.JobDone {
		t.Fatalf("resumed job %+v %v", job, err)
	}
	if _, err := ws.ResumeSignOutJob(ctx, job.ID, nil); codeOf(err) != CodeNothingToDo {
		t.Fatalf("a finished job has nothing to resume: %v", err)
	}
	for id, n := range sf.counter.Deleted() {
		if n != 1 {
			t.Fatalf("session %s deleted %d times", id, n)
		}
	}
}

func TestAuditCSVExportIsFilteredAndAudited(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	for _, e := range []session.AuditEntry{
		{Action: "signout.session", Connection: "Acme", Target: "=HYPERLINK(\"x\")", Result: "ended", Reason: "r"},
		{Action: "signout.session", Connection: "Globex", Target: "s2", Result: "failed"},
		{Action: "contain.user", Connection: "Acme", Target: "u1", Result: "contained"},
	} {
		if _, err := ws.audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	n, err := ws.AuditCSV(ctx, &buf, store.AuditFilter{Connection: "Acme", Action: "signout"})
	if err != nil || n != 1 {
		t.Fatalf("export wrote %d: %v", n, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 2 || recs[0][0] != "id" || !strings.HasPrefix(recs[1][5], "'=") {
		t.Fatalf("csv %q %v", recs, err)
	}
	if e, _ := ws.AuditQuery(ctx, store.AuditFilter{Action: "audit.export"}); len(e) != 1 || e[0].Result != "exported" {
		t.Fatalf("the export must be audited: %+v", e)
	}
	now := time.Now()
	if _, err := ws.AuditQuery(ctx, store.AuditFilter{From: now, To: now.Add(-time.Hour)}); err == nil {
		t.Fatal("a time range that ends before it starts must be refused")
	}
}
