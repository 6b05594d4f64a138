package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
)

func targetIDs(sets []TargetSet) map[string]SignOutTarget {
	out := map[string]SignOutTarget{}
	for _, s := range sets {
		for _, t := range s.Targets {
			out[t.SessionID] = t
		}
	}
	return out
}

func TestSelectionTargetsResolveKeysFiltersUsersAndExclusions(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := addConn(t, s, "Acme"), addConn(t, s, "Globex")
	writeSnapshot(t, s, a.ID, fakeSessions("a", 20), 20)
	writeSnapshot(t, s, b.ID, fakeSessions("b", 10), 10)

	sets, err := s.SelectionTargets(ctx, session.Selection{Keys: []session.SessionKey{
		{ConnectionID: a.ID, SessionID: "a00001"}, {ConnectionID: a.ID, SessionID: "gone"}, {ConnectionID: b.ID, SessionID: "b00002"}}})
	if err != nil || len(sets) != 2 || sets[0].Missing != 1 || len(targetIDs(sets)) != 2 {
		t.Fatalf("ticked keys: %+v %v", sets, err)
	}
	// A filter across orgs, minus an unticked row; the own session is marked, not dropped.
	sets, err = s.SelectionTargets(ctx, session.Selection{Filter: &session.Filter{SessionType: "UI"},
		Exclude: []session.SessionKey{{ConnectionID: a.ID, SessionID: "a00000"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := targetIDs(sets)
	if _, unticked := got["a00000"]; len(got) != 9+5 || unticked {
		t.Fatalf("filter selection picked %d sessions", len(got))
	}
	if own := targetIDs(mustTargets(t, s, session.Selection{Filter: &session.Filter{SessionType: "API"}}))["a00003"]; !own.IsCurrent {
		t.Fatalf("the own session is selected and marked: %+v", own)
	}
	if sets[0].OwnUsers == nil || sets[0].OwnUsers[0] != "u003" {
		t.Fatalf("the own session's user: %v", sets[0].OwnUsers)
	}
	// One person across orgs, by username in any case or by user id.
	for _, u := range []string{"USER007@A.EXAMPLE", "u007"} {
		sets, err = s.SelectionTargets(ctx, session.Selection{User: u})
		if err != nil || len(targetIDs(sets)) == 0 {
			t.Fatalf("user %s: %v", u, err)
		}
		for id, tg := range targetIDs(sets) {
			if tg.UserID != "u007" {
				t.Fatalf("user %s picked %s of %s", u, id, tg.UserID)
			}
		}
	}
	// Signed out since the snapshot, and held by an unfinished job.
	if _, err := s.RecordSignOut(ctx, a.ID, "a00004", session.AuditEntry{Actor: "me", Action: "signout.session", Result: "ended"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateJob(ctx, SignOutJob{Action: "signout", Actor: "me", Fingerprint: "f", Orgs: []JobOrg{{ConnectionID: b.ID}}},
		[]JobItem{{ConnectionID: a.ID, Method: MethodBatch, Target: "a00006"}}, nil); err == nil {
		t.Fatal("an item of a connection the job does not name must be refused")
	}
	if _, err := s.CreateJob(ctx, SignOutJob{Action: "signout", Actor: "me", Fingerprint: "f", Orgs: []JobOrg{{ConnectionID: a.ID}}},
		[]JobItem{{ConnectionID: a.ID, Method: MethodBatch, Target: "a00006"}}, nil); err != nil {
		t.Fatal(err)
	}
	got = targetIDs(mustTargets(t, s, session.Selection{Filter: &session.Filter{ConnectionIDs: []int64{a.ID}}}))
	if got["a00004"].SignedOutAt.IsZero() || got["a00006"].HeldBy == 0 || got["a00008"].HeldBy != 0 {
		t.Fatalf("signed out %+v, held %+v", got["a00004"], got["a00006"])
	}
	for _, bad := range []session.Selection{{}, {Keys: []session.SessionKey{{ConnectionID: a.ID, SessionID: "x"}}, User: "u"},
		{Keys: []session.SessionKey{{ConnectionID: a.ID, SessionID: "x"}}, Exclude: []session.SessionKey{{ConnectionID: a.ID, SessionID: "y"}}},
		{Filter: &session.Filter{Countries: []string{"France"}}}} {
		if _, err := s.SelectionTargets(ctx, bad); err == nil {
			t.Errorf("selection %+v must be refused", bad)
		}
	}
}

func mustTargets(t *testing.T, s *Store, sel session.Selection) []TargetSet {
	t.Helper()
	sets, err := s.SelectionTargets(context.Background(), sel)
	if err != nil {
		t.Fatal(err)
	}
	return sets
}

func TestJobClaimHeartbeatCancelAndFinish(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addConn(t, s, "Acme")
	writeSnapshot(t, s, c.ID, fakeSessions("a", 5), 5)
	job, err := s.CreateJob(ctx, SignOutJob{Action: "signout", Actor: "me", Reason: "r", Fingerprint: "fp",
		Orgs: []JobOrg{{ConnectionID: c.ID, Connection: "Acme", Method: MethodBatch}}},
		[]JobItem{{ConnectionID: c.ID, Method: MethodBatch, Target: "a00000"}, {ConnectionID: c.ID, Method: MethodBatch, Target: "a00001"}},
		[]session.AuditEntry{{Actor: "me", Action: "signout.bulk", Connection: "Acme", Result: "requested"}})
	if err != nil || job.State != JobReady || job.Total != 2 {
		t.Fatalf("create: %+v %v", job, err)
	}
	if j, ok, _ := s.JobByFingerprint(ctx, "fp"); !ok || j.ID != job.ID || j.Counts.Pending != 2 {
		t.Fatalf("by fingerprint: %+v %v", j, ok)
	}
	alive := func(string) bool { return true }
	if _, err := s.ClaimJob(ctx, job.ID, "r1", time.Now().Add(-time.Minute), alive); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimJob(ctx, job.ID, "r2", time.Now().Add(-time.Minute), alive); !errors.Is(err, ErrJobBusy) {
		t.Fatalf("a live runner's job must be refused: %v", err)
	}
	// A runner whose process is gone is taken over at once.
	if _, err := s.ClaimJob(ctx, job.ID, "r2", time.Now().Add(-time.Minute), func(string) bool { return false }); err != nil {
		t.Fatalf("a dead runner's job must be taken over: %v", err)
	}
	if own, _, err := s.Heartbeat(ctx, job.ID, "r1"); err != nil || own {
		t.Fatalf("the old runner must learn it lost the job: own=%v %v", own, err)
	}
	if err := s.RequestCancel(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	if own, cancel, _ := s.Heartbeat(ctx, job.ID, "r2"); !own || !cancel {
		t.Fatalf("heartbeat: own=%v cancel=%v", own, cancel)
	}
	items, _ := s.JobItems(ctx, job.ID, "", 0, 10)
	if err := s.MarkSending(ctx, job.ID, []int64{items[0].Seq}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordItems(ctx, job.ID, []ItemResult{{Item: items[0], State: ItemEnded,
		Audit: session.AuditEntry{Actor: "me", Action: "signout.session", Target: "a00000", Result: ItemEnded}}}); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.CurrentSession(ctx, c.ID, "a00000"); r.EndOutcome != ItemEnded {
		t.Fatalf("an ended item marks its session signed out: %+v", r.EndOutcome)
	}
	if err := s.FinishJob(ctx, job.ID, "r1", JobCanceled, "", nil); !errors.Is(err, ErrJobBusy) {
		t.Fatalf("only the holder finishes a job: %v", err)
	}
	if err := s.FinishJob(ctx, job.ID, "r2", JobCanceled, "stopped", nil); err != nil {
		t.Fatal(err)
	}
	j, _ := s.Job(ctx, job.ID)
	if j.State != JobCanceled || j.Counts.Ended != 1 || j.Counts.Pending != 1 || j.Runner != "" || j.CancelRequested {
		t.Fatalf("finished job %+v", j)
	}
	// Re-check: the ended session is still in the (unchanged) snapshot.
	rc, err := s.RecheckJob(ctx, job.ID, []int64{c.ID})
	if err != nil || rc.StillListed != 1 || rc.Gone != 0 {
		t.Fatalf("re-check %+v %v", rc, err)
	}
	writeSnapshot(t, s, c.ID, fakeSessions("a", 5)[1:], 5)
	if rc, _ := s.RecheckJob(ctx, job.ID, []int64{c.ID}); rc.Gone != 1 || rc.StillListed != 0 {
		t.Fatalf("after a refresh without it: %+v", rc)
	}
	if err := s.VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestAuditQueryFiltersAndPages(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for i, e := range []session.AuditEntry{
		{Actor: "ann@host as admin@acme", Action: "signout.session", Connection: "Acme", Target: "s1", Reason: "leak", Result: "ended"},
		{Actor: "bob@host", Action: "signout.bulk", Connection: "Acme", Target: "20 sessions", Result: "requested"},
		{Actor: "ann@host", Action: "contain.user", Connection: "Globex", Target: "user x", Result: "failed", Detail: "HTTP 403"},
		{Actor: "ann@host", Action: "signoutish", Connection: "Acme", Result: "ended"},
	} {
		e.At = time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)
		if _, err := s.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	count := func(f AuditFilter) int {
		t.Helper()
		got, err := s.AuditQuery(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	for name, c := range map[string]struct {
		f    AuditFilter
		want int
	}{
		"who":         {AuditFilter{Actor: "ANN"}, 3},
		"org":         {AuditFilter{Connection: "Acme"}, 3},
		"action":      {AuditFilter{Action: "signout"}, 2},
		"exact":       {AuditFilter{Action: "signout.bulk"}, 1},
		"result":      {AuditFilter{Result: "failed"}, 1},
		"when":        {AuditFilter{From: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC)}, 2},
		"text":        {AuditFilter{Text: "403"}, 1},
		"page":        {AuditFilter{BeforeID: 3, Limit: 1}, 1},
		"everything":  {AuditFilter{}, 4},
		"combination": {AuditFilter{Actor: "ann", Connection: "Acme", Result: "ended"}, 2},
	} {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d entries, want %d", name, got, c.want)
		}
	}
	if _, err := s.AuditQuery(ctx, AuditFilter{Limit: 5000}); err == nil {
		t.Error("an oversized page must be refused")
	}
	var buf bytes.Buffer
	n, err := s.WriteAuditCSV(ctx, &buf, AuditFilter{Result: "ended"})
	recs, _ := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil || n != 2 || len(recs) != 3 || recs[1][0] != "4" || recs[2][6] != "leak" {
		t.Fatalf("csv: %d %v %q", n, err, recs)
	}
}
