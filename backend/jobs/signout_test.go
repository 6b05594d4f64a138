package jobs

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/sim/simkit"
	"sessionscope/backend/store"
)

func everything(orgs ...*sfOrg) session.Selection {
	f := &session.Filter{}
	for _, o := range orgs {
		f.ConnectionIDs = append(f.ConnectionIDs, o.conn.ID)
	}
	return session.Selection{Filter: f}
}

func TestBulkSignOutAcrossTwoOrgsEndsEachSessionOnceAndSparesTheAdmin(t *testing.T) {
	st := openStore(t)
	a, b := newSFOrg(t, st, "Acme", 160, 3), newSFOrg(t, st, "Globex", 60, 4)
	job, items := planJob(t, st, []*sfOrg{a, b}, everything(a, b), ActionSignOut)
	var mu sync.Mutex
	var events []SignOutProgress
	prog, err := newRunner(st, a, b).Run(context.Background(), job.ID, func(p SignOutProgress) {
		mu.Lock()
		events = append(events, p)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if prog.State != store.JobDone || prog.Counts.Left() != 0 || prog.Counts.Failed != 0 {
		t.Fatalf("final progress %+v", prog)
	}
	checkEndedOnce(t, st, a, items)
	checkEndedOnce(t, st, b, items)
	j := jobCounts(t, st, job.ID)
	if j.State != store.JobDone || j.Counts.Ended+j.Counts.AlreadyGone != len(items) {
		t.Fatalf("job %+v", j)
	}
	mu.Lock()
	last := events[len(events)-1]
	mu.Unlock()
	if last.State != store.JobDone || last.Done() != len(items) {
		t.Fatalf("the last progress event is %+v", last)
	}
	// Each org has a closing entry, every item one of its own, and the trail verifies.
	var entries []session.AuditEntry
	for before := int64(0); ; {
		page, err := st.AuditQuery(context.Background(), store.AuditFilter{Action: "signout", Limit: 1000, BeforeID: before})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		entries, before = append(entries, page...), page[len(page)-1].ID
	}
	perSession, closing := 0, 0
	for _, e := range entries {
		switch e.Action {
		case "signout.session":
			perSession++
			if !strings.Contains(e.Actor, " as admin@") || e.Reason != "incident 42" || strings.Contains(e.Target, items[0].Target) {
				t.Fatalf("per-session entry %+v (actor with the org's admin, the reason, a shortened id)", e)
			}
		case "signout.bulk":
			closing++
		}
	}
	if perSession != len(items) || closing != 2 {
		t.Fatalf("%d per-session and %d closing entries for %d items", perSession, closing, len(items))
	}
	if err := st.VerifyAudit(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Children ended with their parent are said to be so.
	withParent := 0
	st.EachJobItem(context.Background(), job.ID, store.ItemEnded, func(it store.JobItem) error {
		if it.Message == "ended with its parent session" {
			withParent++
		}
		return nil
	})
	if withParent == 0 {
		t.Fatal("the simulator's session families should give children that end with their parent")
	}
}

func TestBulkSignOutRidesOut429StormsAnd5xxMidRun(t *testing.T) {
	st := openStore(t)
	o := newSFOrg(t, st, "Acme", 260, 5)
	job, items := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut)
	if job.Total < 500 {
		t.Fatalf("want several batches, have %d items", job.Total)
	}
	// A storm longer than the connector's own retries, then server errors two batches later.
	o.sim.InjectFault(simkit.Fault{Kind: "429", Path: "delete", Count: 7})
	o.sim.InjectFault(simkit.Fault{Kind: "503", Path: "delete", After: 2, Count: 4})
	o.sim.InjectFault(simkit.Fault{Kind: "500", Path: "delete", After: 1, Count: 2})
	prog, err := newRunner(st, o).Run(context.Background(), job.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if prog.State != store.JobDone {
		t.Fatalf("final state %s: %+v", prog.State, prog)
	}
	checkEndedOnce(t, st, o, items)
}

func TestBulkSignOutWithLostAnswersNeverActsTwice(t *testing.T) {
	st := openStore(t)
	o := newSFOrg(t, st, "Acme", 160, 6)
	job, items := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut)
	// The server deletes, then the connection drops before the answer: the retry finds the
	// sessions gone.
	o.counter.DropAnswers(2)
	prog, err := newRunner(st, o).Run(context.Background(), job.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if prog.State != store.JobDone || prog.Counts.AlreadyGone == 0 {
		t.Fatalf("lost answers should leave sessions found already gone on retry: %+v", prog)
	}
	checkEndedOnce(t, st, o, items)
}

func TestBulkSignOutCancelledBetweenBatchesThenResumed(t *testing.T) {
	st := openStore(t)
	o := newSFOrg(t, st, "Acme", 200, 7)
	job, items := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut)
	ctx, cancel := context.WithCancel(context.Background())
	r := newRunner(st, o)
	r.Concurrency = 1
	o.counter.OnDelete(func(int) { cancel() }) // during the first batch's call
	prog, err := r.Run(ctx, job.ID, nil)
	cancel()
	o.counter.OnDelete(nil)
	if err != nil {
		t.Fatal(err)
	}
	if prog.State != store.JobCanceled || prog.Counts.Left() == 0 || prog.Done() == 0 {
		t.Fatalf("a cancel between batches leaves work for a resume: %+v", prog)
	}
	sentBefore := len(o.counter.Deleted())
	prog, err = newRunner(st, o).Run(context.Background(), job.ID, nil)
	if err != nil || prog.State != store.JobDone {
		t.Fatalf("resume: %+v %v", prog, err)
	}
	if len(o.counter.Deleted()) <= sentBefore {
		t.Fatal("the resume sent nothing")
	}
	checkEndedOnce(t, st, o, items)
}

func TestResumeChecksItemsLeftInFlightBeforeActing(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	o := newSFOrg(t, st, "Acme", 200, 8)
	job, items := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut)
	// A run died after marking a batch sending; the server had acted on part of it.
	inflight, err := st.JobItems(ctx, job.ID, "", 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	seqs := make([]int64, len(inflight))
	for i, it := range inflight {
		seqs[i] = it.Seq
	}
	if err := st.MarkSending(ctx, job.ID, seqs); err != nil {
		t.Fatal(err)
	}
	acted := map[string]bool{}
	for _, it := range inflight[:10] {
		if it.ParentID != "" && acted[it.ParentID] {
			continue
		}
		if _, err := o.cl.(source.SessionRevoker).RevokeSession(ctx, it.Target); err != nil {
			t.Fatal(err)
		}
		acted[it.Target] = true
	}
	prog, err := newRunner(st, o).Run(ctx, job.ID, nil)
	if err != nil || prog.State != store.JobDone {
		t.Fatalf("resume: %+v %v", prog, err)
	}
	checkEndedOnce(t, st, o, items)
	st.EachJobItem(ctx, job.ID, "", func(it store.JobItem) error {
		if acted[it.Target] && (it.State != store.ItemEnded || !strings.Contains(it.Message, "before the job was interrupted")) {
			t.Errorf("session ended before the interruption is recorded as %s %q", it.State, it.Message)
		}
		return nil
	})
}

func TestRetryFailedReRunsOnlyTheFailures(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	o := newSFOrg(t, st, "Acme", 150, 9)
	// A well-formed id the server never issued: refused for that session only.
	job, items := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut,
		store.JobItem{ConnectionID: o.conn.ID, Method: store.MethodBatch, Target: "0Ak5e00000Zz9QaCAJ", Username: "ghost"})
	prog, err := newRunner(st, o).Run(ctx, job.ID, nil)
	if err != nil || prog.State != store.JobPartlyFailed || prog.Counts.Failed != 1 {
		t.Fatalf("one refused session makes the job partly failed: %+v %v", prog, err)
	}
	failed, _ := st.JobItems(ctx, job.ID, store.ItemFailed, 0, 10)
	if len(failed) != 1 || !strings.Contains(failed[0].Message, "INVALID_CROSS_REFERENCE_KEY") {
		t.Fatalf("the failure carries the server's error: %+v", failed)
	}
	before := o.counter.Deleted()
	if n, err := st.RetryFailed(ctx, job.ID); err != nil || n != 1 {
		t.Fatalf("retry failed reset %d items: %v", n, err)
	}
	prog, err = newRunner(st, o).Run(ctx, job.ID, nil)
	if err != nil || prog.State != store.JobPartlyFailed {
		t.Fatalf("retry: %+v %v", prog, err)
	}
	if after := o.counter.Deleted(); len(after) != len(before) {
		t.Fatalf("the retry deleted %d more sessions; it may only re-send the failure", len(after)-len(before))
	}
	st.EachJobItem(ctx, job.ID, "", func(it store.JobItem) error {
		want := 1
		if it.Target == "0Ak5e00000Zz9QaCAJ" {
			want = 2
		}
		if it.Attempts != want {
			t.Errorf("item %s was tried %d times, want %d", it.Target, it.Attempts, want)
		}
		return nil
	})
	checkEndedOnce(t, st, o, items[:len(items)-1])
}

func TestRateLimitOutlastingEveryRetryStopsTheOrgWithTheServersWords(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	o := newSFOrg(t, st, "Acme", 200, 10)
	job, items := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut)
	r := newRunner(st, o)
	r.Attempts, r.Concurrency = 2, 1
	// Every try of the first batch is refused: 3 connector attempts × 2 job attempts.
	o.sim.InjectFault(simkit.Fault{Kind: "429", Path: "delete", Count: 6})
	prog, err := r.Run(ctx, job.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if prog.State != store.JobIncomplete || prog.Counts.Failed == 0 || prog.Counts.Pending == 0 ||
		!strings.Contains(prog.Orgs[0].Error, "REQUEST_LIMIT_EXCEEDED") {
		t.Fatalf("the storm fails its batch, stops the org and leaves the rest pending: %+v", prog)
	}
	if len(o.counter.Deleted()) != 0 {
		t.Fatal("nothing reached the server, so nothing may count as deleted")
	}
	if _, err := st.RetryFailed(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	prog, err = newRunner(st, o).Run(ctx, job.ID, nil)
	if err != nil || prog.State != store.JobDone {
		t.Fatalf("after the storm: %+v %v", prog, err)
	}
	checkEndedOnce(t, st, o, items)
}

func TestASecondRunnerOfALiveJobIsRefused(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	o := newSFOrg(t, st, "Acme", 100, 11)
	job, _ := planJob(t, st, []*sfOrg{o}, everything(o), ActionSignOut)
	if _, err := st.ClaimJob(ctx, job.ID, "elsewhere/1/x", time.Now().Add(-time.Minute), func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if _, err := newRunner(st, o).Run(ctx, job.ID, nil); !errors.Is(err, store.ErrJobBusy) {
		t.Fatalf("a job another live process runs must be refused, got %v", err)
	}
	if len(o.counter.Deleted()) != 0 {
		t.Fatal("the refused run sent deletes")
	}
}
