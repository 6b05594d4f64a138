package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
)

func startReview(t *testing.T, s *Store, title string) Review {
	t.Helper()
	r, err := s.StartReview(context.Background(), title, "alice", nil, session.AuditEntry{Actor: "alice", Action: "review.start"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAReviewIsStartedWorkedAndClosed(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	snap := writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 50)
	computeCurrent(t, s, c.ID, risk.Defaults())
	r := startReview(t, s, "Week 49")
	if r.Title != "Week 49" || r.Items != 3+6+1 || r.Reviewed != 0 || r.SinceReviewID != 0 || len(r.Snapshots) != 1 ||
		r.Snapshots[0].SnapshotID != snap.ID || r.Snapshots[0].SinceSnapshotID != 0 || r.Closed() {
		t.Fatalf("review %+v", r)
	}
	items, total, err := s.ReviewItems(ctx, r.ID, ReviewItemsQuery{Limit: 100})
	if err != nil || total != 10 || items[0].Severity != risk.High || len(items[0].Flags) == 0 {
		t.Fatalf("%d items: %+v %v", total, items, err)
	}
	// The New York login has two flags (two travel legs): one rule marked leaves it pending.
	var ny ReviewItem
	for _, it := range items {
		if it.SessionID == "trav-1" {
			ny = it
		}
	}
	if len(ny.Flags) != 2 {
		t.Fatalf("New York login: %+v", ny)
	}
	got, err := s.MarkReview(ctx, r.ID, Mark{ConnectionID: c.ID, SessionID: "trav-1", Rule: risk.ImpossibleTravel,
		Decision: DecisionFollowUp, Note: "ask Camille"}, "alice")
	if err != nil || got.Flags[0].Decision != DecisionFollowUp || got.Flags[0].Note != "ask Camille" || got.Decision != "" || !got.Reviewed() {
		t.Fatalf("marked %+v %v", got, err)
	}
	// The six sessions' user: each session marked as a whole.
	for _, it := range items {
		if strings.HasPrefix(it.SessionID, "six-") {
			if _, err := s.MarkReview(ctx, r.ID, Mark{ItemID: it.ID, Decision: DecisionExpected, Note: "VDI pool"}, "alice"); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, _ = s.Review(ctx, r.ID)
	if r.Reviewed != 7 {
		t.Fatalf("progress %d of %d", r.Reviewed, r.Items)
	}
	pending, n, _ := s.ReviewItems(ctx, r.ID, ReviewItemsQuery{Pending: true, Limit: 100})
	if n != 3 || len(pending) != 3 {
		t.Fatalf("pending %d", n)
	}
	// Refused marks say why.
	var re *ReviewError
	for name, m := range map[string]Mark{
		"bad decision":  {ItemID: items[0].ID, Decision: "fine"},
		"unknown":       {ConnectionID: c.ID, SessionID: "nope", Decision: DecisionExpected},
		"no such flag":  {ItemID: ny.ID, Rule: risk.TooOld, Decision: DecisionExpected},
		"note too long": {ItemID: items[0].ID, Decision: DecisionExpected, Note: strings.Repeat("x", maxNote+1)},
	} {
		if _, err := s.MarkReview(ctx, r.ID, m, "alice"); !errors.As(err, &re) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// One review at a time.
	if _, err := s.StartReview(ctx, "", "bob", nil, session.AuditEntry{Action: "review.start"}); !errors.Is(err, ErrReviewOpen) {
		t.Fatalf("second review: %v", err)
	}
	if _, err := s.CloseReview(ctx, r.ID, "  ", session.AuditEntry{}); !errors.As(err, &re) {
		t.Fatalf("close without a name: %v", err)
	}
	closed, err := s.CloseReview(ctx, r.ID, "Alice Martin", session.AuditEntry{Actor: "alice", Action: "review.close"})
	if err != nil || !closed.Closed() || closed.ClosedBy != "Alice Martin" || closed.Reviewed != 7 {
		t.Fatalf("closed %+v %v", closed, err)
	}
	// Read-only from now on: the store refuses, and so does the schema.
	if _, err := s.MarkReview(ctx, r.ID, Mark{ItemID: items[0].ID, Decision: DecisionExpected}, "alice"); !errors.Is(err, ErrReviewClosed) {
		t.Fatalf("mark after close: %v", err)
	}
	if _, err := s.CloseReview(ctx, r.ID, "Eve", session.AuditEntry{}); !errors.Is(err, ErrReviewClosed) {
		t.Fatalf("close twice: %v", err)
	}
	for _, q := range []string{`UPDATE review_items SET decision = 'expected'`, `UPDATE review_flags SET note = 'x'`,
		`UPDATE reviews SET closed_by = 'Eve'`, `DELETE FROM review_marks`, `DELETE FROM reviews`, `DELETE FROM review_items`,
		`INSERT INTO review_marks(review_id, item_id, rule, decision, note, at, actor) VALUES (1, 1, '', 'expected', '', 0, 'eve')`} {
		if _, err := s.w.Exec(q); err == nil {
			t.Errorf("%s: allowed on a closed review", q)
		}
	}
	marks, err := s.ReviewMarks(ctx, r.ID)
	if err != nil || len(marks) != 7 || marks[0].Rule != risk.ImpossibleTravel || marks[0].Actor != "alice" {
		t.Fatalf("marks %+v %v", marks, err)
	}
	entries, _ := s.Audit(ctx, 10)
	if len(entries) != 2 || entries[0].Action != "review.close" || entries[1].Action != "review.start" || entries[0].Target != "review 1" {
		t.Fatalf("audit %+v", entries)
	}
}

func TestTheNextReviewComparesWithTheLastClosedOneAndOutlivesPruning(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	first := writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 50)
	computeCurrent(t, s, c.ID, risk.Defaults())
	r1 := startReview(t, s, "")
	if !strings.HasPrefix(r1.Title, "Review of ") {
		t.Fatalf("default title %q", r1.Title)
	}
	if _, err := s.CloseReview(ctx, r1.ID, "Alice", session.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	second := writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 50)
	computeCurrent(t, s, c.ID, risk.Defaults())
	r2 := startReview(t, s, "next")
	if r2.SinceReviewID != r1.ID || r2.Snapshots[0].SinceSnapshotID != first.ID || r2.Snapshots[0].SnapshotID != second.ID {
		t.Fatalf("review %+v", r2)
	}
	// The pinned snapshots' rows are pruned by later refreshes; the review keeps its sessions.
	for range KeepSnapshots {
		writeSnapshot(t, s, c.ID, plantedOrg(time.Now()), 50)
	}
	items, total, err := s.ReviewItems(ctx, r2.ID, ReviewItemsQuery{Limit: 100})
	if err != nil || total != 10 || len(items[0].Flags) == 0 || items[0].Flags[0].Reason == "" {
		t.Fatalf("%d items after pruning: %v", total, err)
	}
	list, err := s.Reviews(ctx)
	if err != nil || len(list) != 2 || list[0].ID != r2.ID || !list[1].Closed() {
		t.Fatalf("list %+v %v", list, err)
	}
	if open, ok, _ := s.OpenReview(ctx); !ok || open.ID != r2.ID {
		t.Fatalf("open review %+v", open)
	}
	if _, err := s.Review(ctx, 99); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown review: %v", err)
	}
}

func TestAReviewNeedsSomethingToReview(t *testing.T) {
	s := openTemp(t)
	addConn(t, s, "Never refreshed")
	var re *ReviewError
	if _, err := s.StartReview(context.Background(), "", "alice", nil, session.AuditEntry{}); !errors.As(err, &re) {
		t.Fatalf("%v", err)
	}
}
