package app

import (
	"strings"
	"testing"
)

// flaggedDemo opens the demo workspace and refreshes it once.
func flaggedDemo(t *testing.T) (*App, []ConnectionView) {
	t.Helper()
	a, rec := newApp(t)
	if err := a.Workspace.OpenDemo(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Refresh.Start(nil); err != nil {
		t.Fatal(err)
	}
	if sum := waitDone(t, rec); sum.Failed != 0 {
		t.Fatalf("refresh summary = %+v", sum)
	}
	conns, err := a.Workspace.Connections()
	if err != nil {
		t.Fatal(err)
	}
	return a, conns
}

// One refreshed demo workspace serves the three parts, in this order (the policy part changes
// an org's flags; the review part reviews whatever is flagged then): a demo refresh under -race
// is the slow part of these tests.
func TestFlagsPolicyAndReviewThroughTheBridge(t *testing.T) {
	a, conns := flaggedDemo(t)
	t.Run("flags", func(t *testing.T) { flagsCrossTheBridge(t, a, conns) })
	t.Run("policy", func(t *testing.T) { policyFieldErrorsPreviewAndSave(t, a, conns) })
	t.Run("review", func(t *testing.T) { reviewStartMarkClose(t, a) })
}

func flagsCrossTheBridge(t *testing.T, a *App, conns []ConnectionView) {
	counts, err := a.Flags.Counts(nil)
	if err != nil || len(counts) != len(conns) {
		t.Fatalf("counts = %+v, %v", counts, err)
	}
	flagged := 0
	for _, c := range counts {
		if !c.Computed || c.High+c.Medium+c.Low != c.Flagged {
			t.Fatalf("count of %s = %+v", c.Connection, c)
		}
		flagged += c.Flagged
	}
	page, err := a.Flags.Flagged(SessionQuery{Limit: 1000})
	if err != nil || page.Total != flagged || len(page.Rows) == 0 {
		t.Fatalf("flagged window: %d rows of %d (counts say %d), %v", len(page.Rows), page.Total, flagged, err)
	}
	// "Sign out these…" in the Flagged view plans the flagged sessions only, not every session.
	plan, err := a.Bulk.Plan(BulkRequestView{Selection: SelectionView{Filter: &SessionFilter{Flagged: true}}})
	all, aerr := a.Sessions.Query(SessionQuery{Limit: 1})
	if err != nil || aerr != nil || plan.Sessions == 0 || plan.Sessions > flagged || plan.Sessions >= all.Total {
		t.Fatalf("plan of the flagged sessions: %d (flagged %d, all %d), %v %v", plan.Sessions, flagged, all.Total, err, aerr)
	}
	rank := map[string]int{"high": 3, "medium": 2, "low": 1}
	for i, r := range page.Rows {
		if len(r.Flags) == 0 || r.Flags[0].Reason == "" || r.RowID == 0 {
			t.Fatalf("flagged row without its flags: %+v", r)
		}
		if i > 0 && rank[r.Flags[0].Severity] > rank[page.Rows[i-1].Flags[0].Severity] {
			t.Fatalf("row %d (%s) is more severe than the one before (%s)", i, r.Flags[0].Severity, page.Rows[i-1].Flags[0].Severity)
		}
	}

	// The same flags on the table's rows, by row id and in the detail.
	first := page.Rows[0]
	byID, err := a.Flags.FlagsOf([]int64{first.RowID})
	if err != nil || len(byID) != 1 {
		t.Fatalf("FlagsOf = %+v, %v", byID, err)
	}
	d, err := a.Sessions.Detail(first.ConnectionID, first.ID)
	if err != nil || len(d.Session.Flags) != len(first.Flags) || d.Session.Flags[0].Reason != first.Flags[0].Reason {
		t.Fatalf("detail flags = %+v, want %+v (%v)", d.Session.Flags, first.Flags, err)
	}
	one, err := a.Flags.SessionFlags(first.ConnectionID, first.ID)
	if err != nil || len(one) != len(first.Flags) {
		t.Fatalf("SessionFlags = %+v, %v", one, err)
	}

	// The table filtered by one rule shows only sessions flagged for it.
	rule := first.Flags[0].Rule
	byRule, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{FlagRule: rule}, Sort: "username", Limit: 1000})
	if err != nil || byRule.Total == 0 {
		t.Fatalf("filter by %s: %+v, %v", rule, byRule.Total, err)
	}
	for _, r := range byRule.Rows {
		has := false
		for _, f := range r.Flags {
			has = has || f.Rule == rule
		}
		if !has {
			t.Fatalf("a row without a %s flag passed the filter: %+v", rule, r.Flags)
		}
	}
	if _, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{FlagSeverity: "urgent"}, Limit: 10}); err == nil {
		t.Fatal("a severity that does not exist was accepted")
	} else if FormatError(err).(BridgeError).Code != "bad_filter" {
		t.Fatalf("bad severity: %v", FormatError(err))
	}
	places, err := a.Flags.Places(MapQuery{Limit: 5000})
	if err != nil || len(places) == 0 {
		t.Fatalf("flagged places = %v, %v", places, err)
	}
	inPlaces := 0
	for _, n := range places {
		inPlaces += n
	}
	if inPlaces > flagged {
		t.Fatalf("the map places hold %d flagged sessions, more than the %d flagged", inPlaces, flagged)
	}
	if rules := a.Flags.Rules(); len(rules) < 10 || rules[0].Label == "" || rules[0].Severity == "" {
		t.Fatalf("rules = %+v", rules)
	}
}

func policyFieldErrorsPreviewAndSave(t *testing.T, a *App, conns []ConnectionView) {
	id := conns[0].ID
	p, err := a.Flags.Policy(id)
	if err != nil || len(p.Fields) == 0 || p.Connection != conns[0].Name {
		t.Fatalf("policy = %+v, %v", p, err)
	}

	// A bad CIDR is a field error on that field, in the preview and on save; nothing changes.
	bad := PolicyChange{ConnectionID: id, Changes: map[string]string{"approved_networks": "10.0.0.0/33"}}
	pv, err := a.Flags.PreviewPolicy(bad)
	if err != nil || len(pv.FieldErrors) != 1 || pv.FieldErrors[0].Field != "approved_networks" || pv.FieldErrors[0].Msg == "" {
		t.Fatalf("preview of a bad CIDR = %+v, %v", pv.FieldErrors, err)
	}
	saved, err := a.Flags.SetPolicy(bad)
	if err != nil || len(saved.FieldErrors) != 1 {
		t.Fatalf("save of a bad CIDR = %+v, %v", saved, err)
	}
	if again, _ := a.Flags.Policy(id); again.UpdatedAt != "" {
		t.Fatalf("a refused change was saved: %+v", again)
	}

	// Allowing one session per user flags more sessions: the preview says so before the save.
	tight := PolicyChange{ConnectionID: id, Changes: map[string]string{"max_sessions": "1"}}
	pv, err = a.Flags.PreviewPolicy(tight)
	if err != nil || len(pv.FieldErrors) != 0 || pv.Proposed.Flagged <= pv.Current.Flagged {
		t.Fatalf("preview of max 1 session: now %d, proposed %d (%+v, %v)", pv.Current.Flagged, pv.Proposed.Flagged, pv.FieldErrors, err)
	}
	saved, err = a.Flags.SetPolicy(tight)
	if err != nil || len(saved.FieldErrors) != 0 || saved.Flags.Flagged != pv.Proposed.Flagged || saved.Policy.UpdatedAt == "" {
		t.Fatalf("save = %+v, %v; preview said %d", saved, err, pv.Proposed.Flagged)
	}
	counts, _ := a.Flags.Counts([]int64{id})
	if len(counts) != 1 || counts[0].Flagged != saved.Flags.Flagged {
		t.Fatalf("counts after the save = %+v, want %d flagged", counts, saved.Flags.Flagged)
	}
}

func reviewStartMarkClose(t *testing.T, a *App) {
	if open, err := a.Review.Open(); err != nil || open.Open {
		t.Fatalf("open review before any = %+v, %v", open, err)
	}
	r, err := a.Review.Start("Week 49", nil)
	if err != nil || r.Closed || r.Items == 0 || len(r.Snapshots) == 0 || r.Snapshots[0].SnapshotAt == "" {
		t.Fatalf("start = %+v, %v", r, err)
	}
	if _, err := a.Review.Start("Another", nil); err == nil || FormatError(err).(BridgeError).Code != "review_open" {
		t.Fatalf("a second open review: %v", err)
	}
	page, err := a.Review.Items(r.ID, ReviewItemsQuery{Limit: 50})
	if err != nil || page.Total != r.Items || len(page.Items) == 0 || len(page.Items[0].Flags) == 0 {
		t.Fatalf("items = %+v, %v", page, err)
	}
	it := page.Items[0]
	if _, err := a.Review.Mark(r.ID, MarkRequest{ItemID: it.ID, Decision: "maybe"}); err == nil {
		t.Fatal("a decision that does not exist was accepted")
	}
	got, err := a.Review.Mark(r.ID, MarkRequest{ItemID: it.ID, Decision: "expected", Note: "travels for work"})
	if err != nil || !got.Reviewed || got.Decision != "expected" || got.Note != "travels for work" || got.MarkedBy == "" {
		t.Fatalf("mark = %+v, %v", got, err)
	}
	r, _ = a.Review.Get(r.ID)
	if r.Reviewed != 1 {
		t.Fatalf("progress after one mark = %d of %d", r.Reviewed, r.Items)
	}
	closed, err := a.Review.Close(r.ID, "Dana Auditor")
	if err != nil || !closed.Closed || closed.ClosedBy != "Dana Auditor" || closed.ClosedAt == "" {
		t.Fatalf("close = %+v, %v", closed, err)
	}
	_, err = a.Review.Mark(r.ID, MarkRequest{ItemID: it.ID, Decision: "follow_up"})
	if err == nil || FormatError(err).(BridgeError).Code != "review_closed" {
		t.Fatalf("a mark on a closed review: %v", err)
	}
	marks, err := a.Review.Marks(r.ID)
	if err != nil || len(marks) != 1 || !strings.Contains(marks[0].Note, "travels") {
		t.Fatalf("marks = %+v, %v", marks, err)
	}
	chs, err := a.Review.Changes(r.ID)
	if err != nil || len(chs) == 0 || chs[0].Compared || chs[0].Note == "" {
		t.Fatalf("changes of a first review = %+v, %v", chs, err)
	}
	list, err := a.Review.List()
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if d := a.Review.Decisions(); len(d) != 3 {
		t.Fatalf("decisions = %v", d)
	}
}
