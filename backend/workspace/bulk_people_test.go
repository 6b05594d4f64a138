package workspace

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/keycloak"
	keycloaksim "sessionscope/backend/source/sim/keycloak"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
)

// Per-user actions: one person across orgs, containment, Keycloak's one-call-per-session and
// user-wide logout.

func TestSignOutOneUserAcrossAllOrgs(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	// Two orgs of one company: the same people in each.
	eu := addSalesforce(t, ws, "Acme EU", sfsim.Config{Users: 40, Seed: 33, OrgName: "Acme Corp"})
	us := addSalesforce(t, ws, "Acme US", sfsim.Config{Users: 40, Seed: 33, OrgName: "Acme Corp"})
	refreshAll(t, ws)
	victim := eu.sf.UserWithSessions(2)
	rows, _, _ := ws.st.Query(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{eu.conn.ID}}, Limit: 1000})
	username := ""
	for _, r := range rows {
		if r.UserID == victim {
			username = r.Username
		}
	}
	req := BulkRequest{Selection: session.Selection{User: strings.ToUpper(username)}, UserWide: true, Reason: "account takeover"}
	plan, err := ws.PlanSignOut(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Identities) != 2 || plan.Identities[0].Username != username || !plan.ReasonRequired {
		t.Fatalf("the matched identities come first: %+v", plan.Identities)
	}
	for _, o := range plan.Orgs {
		if o.Method != store.MethodUser || o.Users != 1 {
			t.Fatalf("%s: %+v", o.Connection, o)
		}
	}
	job, err := ws.StartSignOut(ctx, req, nil)
	if err != nil || job.State != store.JobDone || job.Counts.Ended != 2 || job.Counts.StillListed != 0 {
		t.Fatalf("job %+v %v", job, err)
	}
	if left, _ := ws.st.UserSessions(ctx, username, 10); len(left) != 0 {
		t.Fatalf("after the re-check the user still has %d sessions listed", len(left))
	}
	if len(us.counter.Deleted()) == 0 || len(eu.counter.Deleted()) == 0 {
		t.Fatal("both orgs must have been asked")
	}
}

func TestContainmentRunsAsAJobWithReasonAndAudit(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	kr := addKratos(t, ws, "Initech", 30)
	refreshAll(t, ws)
	identity := kr.kr.IdentityWithSessions(1)
	req := BulkRequest{Action: jobs.ActionContain, Selection: session.Selection{User: identity}}
	plan, err := ws.PlanSignOut(ctx, req)
	if err != nil || plan.Orgs[0].Method != store.MethodContain || plan.Orgs[0].Users != 1 || !plan.ReasonRequired ||
		!strings.Contains(strings.Join(plan.Notes, " "), "does not end the sessions") {
		t.Fatalf("containment plan %+v %v", plan, err)
	}
	if _, err := ws.StartSignOut(ctx, req, nil); codeOf(err) != CodeReasonRequired {
		t.Fatalf("containment needs a reason: %v", err)
	}
	req.Reason = "phished"
	job, err := ws.StartSignOut(ctx, req, nil)
	if err != nil || job.State != store.JobDone || job.Counts.Contained != 1 {
		t.Fatalf("job %+v %v", job, err)
	}
	resp, err := http.Get(kr.base + "/admin/identities/" + identity)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ident struct {
		State string `json:"state"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ident); err != nil || ident.State != "inactive" {
		t.Fatalf("the identity is %q after containment (%v)", ident.State, err)
	}
	entries, _ := ws.AuditQuery(ctx, store.AuditFilter{Action: "contain", Result: store.ItemContained})
	if len(entries) != 1 || entries[0].Reason != "phished" {
		t.Fatalf("containment audit %+v", entries)
	}
	if _, err := ws.StartSignOut(ctx, req, nil); codeOf(err) != CodeAlreadyRan {
		t.Fatalf("the same containment twice: %v", err)
	}
}

func TestKeycloakSessionsOneByOneUsersWideAndContained(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	sim := keycloaksim.New(keycloaksim.Config{Users: 40, Seed: 36, OrgName: "Umbrella"})
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	dc := sim.DemoConnection()
	c, err := ws.AddConnection(ctx, NewConnection{Kind: keycloak.Kind, Name: "Umbrella", URL: dc.URL, Options: dc.Options, Secrets: dc.Secrets})
	if err != nil {
		t.Fatal(err)
	}
	refreshAll(t, ws)
	victim := sim.UserWithSessions(1)
	rows, _, _ := ws.st.Query(ctx, session.Query{Filter: session.Filter{ConnectionIDs: []int64{c.ID}}, Limit: 1000})
	var keys []session.SessionKey
	username := ""
	for _, r := range rows {
		if r.UserID == victim {
			username = r.Username
		} else if !r.IsCurrent && len(keys) < 12 {
			keys = append(keys, session.SessionKey{ConnectionID: c.ID, SessionID: r.ID})
		}
	}
	// Keycloak has no batch delete: one call per session.
	req := BulkRequest{Selection: session.Selection{Keys: keys}, Reason: "cleanup"}
	plan, err := ws.PlanSignOut(ctx, req)
	if err != nil || plan.Orgs[0].Method != store.MethodSession || plan.Calls != len(keys) {
		t.Fatalf("plan %+v %v", plan, err)
	}
	job, err := ws.StartSignOut(ctx, req, nil)
	if err != nil || job.State != store.JobDone || job.Counts.Ended != len(keys) || job.Counts.StillListed != 0 {
		t.Fatalf("job %+v %v", job, err)
	}
	active := sim.ActiveSessionIDs()
	for _, k := range keys {
		if slices.Contains(active, strings.TrimSuffix(k.SessionID, ":offline")) {
			t.Fatalf("session %s is still active", k.SessionID)
		}
	}
	// One person: a user-wide logout, then blocked from signing in again.
	user := BulkRequest{Selection: session.Selection{User: username}, UserWide: true, Reason: "account takeover"}
	job, err = ws.StartSignOut(ctx, user, nil)
	if err != nil || job.Orgs[0].Method != store.MethodUser || job.Counts.Ended != 1 {
		t.Fatalf("user-wide job %+v %v", job, err)
	}
	if left := sim.UserSessions(victim); len(left) != 0 {
		t.Fatalf("the user still has %d sessions", len(left))
	}
	if enabled, _ := sim.UserEnabled(victim); !enabled {
		t.Fatal("signing out must not disable the user")
	}
	// Another: blocked from signing in again, then signed out, in one job.
	other := sim.UserWithSessions(1)
	if other == victim {
		t.Fatal("the simulator offers the same user twice")
	}
	otherName := ""
	for _, r := range rows {
		if r.UserID == other {
			otherName = r.Username
		}
	}
	both := BulkRequest{Selection: session.Selection{User: otherName}, UserWide: true, Contain: true, Reason: "phished"}
	plan, err = ws.PlanSignOut(ctx, both)
	if err != nil || plan.Contained != 1 || !strings.Contains(plan.Notes[0], "blocked first") {
		t.Fatalf("sign out and block: %+v %v", plan, err)
	}
	job, err = ws.StartSignOut(ctx, both, nil)
	if err != nil || job.State != store.JobDone || job.Counts.Contained != 1 || job.Counts.Ended != 1 {
		t.Fatalf("sign out and block: %+v %v", job, err)
	}
	if enabled, _ := sim.UserEnabled(other); enabled || len(sim.UserSessions(other)) != 0 {
		t.Fatalf("the user must be disabled (%v) with no session left (%d)", enabled, len(sim.UserSessions(other)))
	}
}
