package workspace

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/risk"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/sim"
	"sessionscope/backend/source/sim/simulators"
)

// startOrg starts a simulator on loopback and adds its connection.
func startOrg(t *testing.T, ws *Workspace, kind, name string, users int) (sim.Server, int64) {
	t.Helper()
	srv, err := simulators.New(kind, simulators.Spec{Users: users, Seed: 7, Org: name})
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	dc := srv.DemoConnection()
	c, err := ws.AddConnection(context.Background(), NewConnection{Kind: kind, Name: name, URL: base, Options: dc.Options,
		Secrets: dc.Secrets})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c.ID
}

func refresh(t *testing.T, ws *Workspace, ids ...int64) {
	t.Helper()
	res, err := ws.Refresh(context.Background(), ids, func(jobs.Progress) {})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.State != jobs.StateDone {
			t.Fatalf("refresh of %s: %s %v", r.Connection, r.State, r.Err)
		}
	}
}

// flagsOfUser returns the reasons of a user's flags, by rule, in the Flagged view.
func flagsOfUser(t *testing.T, ws *Workspace, user string) map[Rule][]string {
	t.Helper()
	rows, _, err := ws.FlaggedWindow(context.Background(), session.Query{Filter: session.Filter{User: user}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.RowID
	}
	fl, err := ws.FlagsOf(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[Rule][]string{}
	for _, fs := range fl {
		for _, f := range fs {
			out[f.Rule] = append(out[f.Rule], f.Reason)
		}
	}
	return out
}

func TestTheSimulatorsPlantedCasesAreFlaggedAtRefresh(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	startOrg(t, ws, "salesforce", "Acme", 200)
	refresh(t, ws)
	counts, err := ws.FlagCounts(context.Background(), nil)
	if err != nil || len(counts) != 1 || !counts[0].Computed || counts[0].Flagged == 0 {
		t.Fatalf("counts %+v %v", counts, err)
	}
	travel := flagsOfUser(t, ws, "camille.laurent")[risk.ImpossibleTravel]
	if len(travel) == 0 || !strings.Contains(strings.Join(travel, "|"), "Paris → New York") {
		t.Fatalf("the traveller: %v", travel)
	}
	if six := flagsOfUser(t, ws, "priya.raman")[risk.TooManySessions]; len(six) == 0 || six[0] != "6 sessions at once (policy: at most 5)" {
		t.Fatalf("six sessions: %v", six)
	}
	stale := flagsOfUser(t, ws, "integration")[risk.IntegrationStale]
	if len(stale) == 0 || !strings.Contains(stale[0], "signed in 122 days ago") {
		t.Fatalf("the months-old API session: %v", stale)
	}
	// The table's flag filter and the detail pane agree with the Flagged view.
	_, n, err := ws.st.Query(context.Background(), session.Query{Filter: session.Filter{
		Flags: session.FlagFilter{Rule: "too_many_sessions"}}, Limit: 100})
	if err != nil || n < 6 {
		t.Fatalf("filtered table: %d %v", n, err)
	}
}

func TestAPolicyChangeReflagsWithoutAskingTheServer(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	srv, id := startOrg(t, ws, "salesforce", "Acme", 200)
	refresh(t, ws)
	before, _ := ws.FlagCounts(ctx, nil)
	// A bad change is refused field by field and saves nothing.
	_, _, err := ws.SetPolicy(ctx, id, map[string]string{"approved_networks": "10.0.0.0/33", "approved_countries": "FR, ZZ"})
	var pe *PolicyError
	if !errors.As(err, &pe) || len(pe.Fields) != 2 {
		t.Fatalf("bad change: %v", err)
	}
	v, _ := ws.Policy(ctx, id)
	for _, f := range v.Fields {
		if f.Override != "" || f.Source != "default" {
			t.Fatalf("a refused change left %s = %q (%s)", f.Name, f.Override, f.Source)
		}
	}
	// The preview says what a change would flag, and stores nothing.
	pv, err := ws.PreviewPolicy(ctx, id, map[string]string{"approved_countries": "FR"})
	if err != nil || pv.Proposed.RuleSessions[risk.CountryOutside] == 0 || pv.Current.Flagged != before[0].Flagged {
		t.Fatalf("preview %+v %v", pv, err)
	}
	// With the server gone, a saved change still judges every session again: from the stored rows.
	srv.Close()
	v, sum, err := ws.SetPolicy(ctx, id, map[string]string{"approved_countries": "fr", "max-sessions": "3"})
	if err != nil || sum.RuleSessions[risk.CountryOutside] != pv.Proposed.RuleSessions[risk.CountryOutside] {
		t.Fatalf("set: %+v %v", sum, err)
	}
	for _, f := range v.Fields {
		if f.Name == "approved_countries" && (f.Value != "FR" || f.Source != "override" || f.Default != "") {
			t.Fatalf("field %+v", f)
		}
	}
	after, _ := ws.FlagCounts(ctx, nil)
	if after[0].Flagged <= before[0].Flagged {
		t.Fatalf("flagged %d → %d", before[0].Flagged, after[0].Flagged)
	}
	entries, _ := ws.st.Audit(ctx, 1)
	if len(entries) != 1 || entries[0].Action != "policy.set" ||
		entries[0].Detail != "approved_countries: default → FR; max_sessions: default → 3" {
		t.Fatalf("audit %+v", entries)
	}
	// Clearing an override returns the field to its default.
	v, _, err = ws.SetPolicy(ctx, id, map[string]string{"approved_countries": ""})
	if err != nil || v.Fields[0].Source != "default" || v.Fields[0].Value != "" {
		t.Fatalf("cleared: %+v %v", v.Fields[0], err)
	}
}

func TestKeycloakSessionSettingsAreThePolicysDefaults(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	_, id := startOrg(t, ws, "keycloak", "Corp", 50)
	refresh(t, ws)
	v, err := ws.Policy(ctx, id)
	if err != nil || v.ServerReadAt.IsZero() {
		t.Fatalf("policy %+v %v", v, err)
	}
	for _, f := range v.Fields {
		if (f.Name == "max_age" || f.Name == "max_idle") && (f.Source != "server" || f.Server == "" || f.Value != f.Server) {
			t.Errorf("%s: %+v", f.Name, f)
		}
	}
	if v.ServerRaw["ssoSessionIdleTimeout"] == "" {
		t.Errorf("raw settings %v", v.ServerRaw)
	}
	// An override beats the server's setting.
	v, _, err = ws.SetPolicy(ctx, id, map[string]string{"max_idle": "2h"})
	for _, f := range v.Fields {
		if f.Name == "max_idle" && (f.Value != "2h" || f.Source != "override") {
			t.Fatalf("%+v %v", f, err)
		}
	}
}

func TestAWeeklyReviewThroughTheWorkspace(t *testing.T) {
	ctx := context.Background()
	ws := open(t, secrets.NewMemory())
	_, id := startOrg(t, ws, "salesforce", "Acme", 200)
	refresh(t, ws)
	r, err := ws.StartReview(ctx, "Week 49", nil)
	if err != nil || r.Items == 0 || r.Reviewed != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := ws.StartReview(ctx, "again", nil); codeOf(err) != CodeReviewOpen {
		t.Fatalf("second review: %v", err)
	}
	items, _, err := ws.ReviewItems(ctx, r.ID, ReviewItemsQuery{Limit: 5})
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	it, err := ws.MarkReview(ctx, r.ID, Mark{ItemID: items[0].ID, Decision: DecisionSignedOut, Note: "ended from the app"})
	if err != nil || !it.Reviewed() || it.MarkedBy == "" {
		t.Fatalf("%+v %v", it, err)
	}
	if _, err := ws.MarkReview(ctx, r.ID, Mark{ItemID: items[0].ID, Decision: "maybe"}); codeOf(err) != CodeReviewInput {
		t.Fatalf("bad decision: %v", err)
	}
	r, err = ws.CloseReview(ctx, r.ID, "Alice Martin")
	if err != nil || !r.Closed() || r.Reviewed != 1 {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := ws.MarkReview(ctx, r.ID, Mark{ItemID: items[1].ID, Decision: DecisionExpected}); codeOf(err) != CodeReviewClosed {
		t.Fatalf("after close: %v", err)
	}
	if _, err := ws.CloseReview(ctx, r.ID, "Alice"); codeOf(err) != CodeReviewClosed {
		t.Fatalf("closed twice: %v", err)
	}
	// The next review compares with this one.
	refresh(t, ws)
	r2, err := ws.StartReview(ctx, "", []int64{id})
	if err != nil || r2.SinceReviewID != r.ID {
		t.Fatalf("%+v %v", r2, err)
	}
	ch, err := ws.ReviewChanges(ctx, r2.ID)
	if err != nil || len(ch) != 1 || ch[0].Diff == nil {
		t.Fatalf("changes %+v %v", ch, err)
	}
}

func TestRememberMeLimitsCountAsTheServersOwn(t *testing.T) {
	p := source.Policy{IdleTimeout: 30 * time.Minute, MaxLifespan: 10 * time.Hour, Raw: map[string]string{
		"rememberMe": "true", "ssoSessionIdleTimeoutRememberMe": "604800", "ssoSessionMaxLifespanRememberMe": "2592000"}}
	if s := serverLimits(p); s.IdleTimeout != 7*24*time.Hour || s.MaxLifespan != 30*24*time.Hour {
		t.Fatalf("remember me on: %+v", s)
	}
	p.Raw["rememberMe"] = "false"
	if s := serverLimits(p); s.IdleTimeout != 30*time.Minute || s.MaxLifespan != 10*time.Hour {
		t.Fatalf("remember me off: %+v", s)
	}
	// Remember-me limits left at 0 mean "as the standard ones" in Keycloak.
	p.Raw = map[string]string{"rememberMe": "true", "ssoSessionIdleTimeoutRememberMe": "0"}
	if s := serverLimits(p); s.IdleTimeout != 30*time.Minute {
		t.Fatalf("remember me without its own limits: %+v", s)
	}
}
