package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// jobRecorder also hands over the end of every bulk job.
type jobRecorder struct {
	*recorder
	jobs chan JobDone
}

func (r *jobRecorder) Emit(name string, data any) {
	r.recorder.Emit(name, data)
	if d, ok := data.(JobDone); ok {
		r.jobs <- d
	}
}

// fakeDialogs answers the save dialog with a fixed path ("" = the user cancelled).
type fakeDialogs struct{ save string }

func (d fakeDialogs) OpenFile(string, string) (string, error)         { return "", nil }
func (d fakeDialogs) SaveFile(string, string, string) (string, error) { return d.save, nil }

// refreshedDemo is an app over the demo workspace, refreshed once.
func refreshedDemo(t *testing.T) (*App, *jobRecorder) {
	t.Helper()
	a, rec := newApp(t)
	jr := &jobRecorder{recorder: rec, jobs: make(chan JobDone, 8)}
	a = New(a.ws, jr)
	if err := a.Workspace.OpenDemo(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Refresh.Start(nil); err != nil {
		t.Fatal(err)
	}
	if sum := waitDone(t, rec); sum.Failed != 0 {
		t.Fatalf("refresh: %+v", sum)
	}
	return a, jr
}

func waitJob(t *testing.T, rec *jobRecorder, id int64) JobDone {
	t.Helper()
	for {
		select {
		case d := <-rec.jobs:
			if d.JobID == id {
				return d
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("job %d did not finish", id)
		}
	}
}

func codeOf(err error) string { return workspace.CodeOf(err) }

func TestBulkSignOutOfTickedRowsRunsAsAJobAndIsAudited(t *testing.T) {
	a, rec := refreshedDemo(t)
	conns, _ := a.Workspace.Connections()
	page, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{ConnectionIDs: []int64{conns[0].ID}}, Sort: "username", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var keys []session.SessionKey
	for _, r := range page.Rows {
		if !r.IsCurrent && len(keys) < 3 {
			keys = append(keys, session.SessionKey{ConnectionID: r.ConnectionID, SessionID: r.ID})
		}
	}
	req := BulkRequestView{Selection: SelectionView{Keys: keys}}
	plan, err := a.Bulk.Plan(req)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Sessions != 3 || !plan.ReasonRequired || plan.ConfirmCount != 0 || len(plan.Orgs) != 1 || plan.Orgs[0].Method == "" {
		t.Fatalf("plan = %+v", plan)
	}
	// No reason: refused before anything is saved or sent.
	req.Fingerprint = plan.Fingerprint
	if _, err := a.Bulk.Start(req); codeOf(err) != session.CodeReasonRequired {
		t.Fatalf("start without a reason: %v (%s)", err, codeOf(err))
	}
	if jobs, _ := a.Bulk.Jobs(0); len(jobs) != 0 {
		t.Fatalf("a refused start left jobs: %+v", jobs)
	}
	req.Reason = "phished accounts, INC-7"
	id, err := a.Bulk.Start(req)
	if err != nil || id == 0 {
		t.Fatalf("start: %d, %v", id, err)
	}
	done := waitJob(t, rec, id)
	if done.Error != "" || done.Job.State != workspace.JobDone || done.Job.Counts.Ended+done.Job.Counts.AlreadyGone != 3 {
		t.Fatalf("job ended as %+v", done)
	}
	if done.Job.RecheckedAt == "" {
		t.Fatalf("the job was not re-checked: %+v", done.Job)
	}
	var sawProgress bool
	rec.mu.Lock()
	for _, e := range rec.events {
		if p, ok := e.data.(workspace.SignOutProgress); ok && e.name == EventSignOutProgress && p.JobID == id {
			sawProgress = true
		}
	}
	rec.mu.Unlock()
	if !sawProgress {
		t.Fatal("no progress event named the job")
	}
	jobs, err := a.Bulk.Jobs(0)
	if err != nil || len(jobs) != 1 || jobs[0].ID != id || jobs[0].Reason != req.Reason {
		t.Fatalf("jobs = %+v, %v", jobs, err)
	}
	items, err := a.Bulk.Items(id, "", 0, 0)
	if err != nil || len(items) != 3 {
		t.Fatalf("items = %+v, %v", items, err)
	}
	secret := done.Job.Orgs[0].SecretIDs
	for _, it := range items {
		if it.State != workspace.ItemEnded && it.State != workspace.ItemAlreadyGone {
			t.Fatalf("item %+v", it)
		}
		for _, k := range keys {
			if secret && it.Target == k.SessionID {
				t.Fatalf("a credential-like session id crossed the bridge whole: %+v", it)
			}
		}
	}
	// The same plan again is refused: nothing is ever acted on twice.
	if _, err := a.Bulk.Start(req); err == nil || !workspace.IsRefusal(err) {
		t.Fatalf("second start: %v", err)
	}

	entries, err := a.Audit.Query(AuditQuery{Action: "signout", Text: "INC-7"})
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit entries of the job: %d, %v", len(entries), err)
	}
	check, err := a.Audit.Verify()
	if err != nil || !check.OK || check.Entries < len(entries) {
		t.Fatalf("verify = %+v, %v", check, err)
	}
	text, err := a.Audit.CSV(AuditQuery{Text: "INC-7"})
	if err != nil || !strings.Contains(text, "phished accounts") || !strings.HasPrefix(text, "id,") {
		t.Fatalf("csv = %q, %v", text, err)
	}
}

func TestBulkSignOutByFilterAskForTheTypedCountAndKeepsExclusionsOut(t *testing.T) {
	a, rec := refreshedDemo(t)
	if err := a.Bulk.SetConfirmAbove(2); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Bulk.ConfirmAbove(); n != 2 || err != nil {
		t.Fatalf("threshold = %d, %v", n, err)
	}
	conns, _ := a.Workspace.Connections()
	org := conns[1]
	page, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{ConnectionIDs: []int64{org.ID}}, Sort: "username", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var kept session.SessionKey
	for _, r := range page.Rows {
		if !r.IsCurrent {
			kept = session.SessionKey{ConnectionID: r.ConnectionID, SessionID: r.ID}
			break
		}
	}
	req := BulkRequestView{Selection: SelectionView{Filter: &SessionFilter{ConnectionIDs: []int64{org.ID}},
		Exclude: []session.SessionKey{kept}}, Reason: "offboarding the org"}
	plan, err := a.Bulk.Plan(req)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Sessions == 0 || plan.Sessions >= page.Total || plan.ConfirmCount != plan.Sessions {
		t.Fatalf("plan of %d sessions: %+v", page.Total, plan)
	}
	req.Fingerprint, req.Confirm = plan.Fingerprint, plan.Sessions-1
	if _, err := a.Bulk.Start(req); codeOf(err) != workspace.CodeConfirmRequired {
		t.Fatalf("a wrong typed count: %v", err)
	}
	req.Confirm = plan.Sessions
	id, err := a.Bulk.Start(req)
	if err != nil {
		t.Fatal(err)
	}
	done := waitJob(t, rec, id)
	if done.Job.Total != plan.Items || done.Job.Counts.Failed != 0 {
		t.Fatalf("job = %+v", done.Job)
	}
	after, err := a.Sessions.Query(SessionQuery{Filter: SessionFilter{ConnectionIDs: []int64{org.ID}}, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var keptListed, ownListed bool
	for _, r := range after.Rows {
		keptListed = keptListed || (r.ID == kept.SessionID && r.EndedAt == "")
		ownListed = ownListed || r.IsCurrent
	}
	if !keptListed {
		t.Fatal("the unticked session was signed out")
	}
	if page.Total > plan.Sessions+1 && !ownListed {
		t.Fatal("the admin's own session is gone")
	}
}

func TestBulkBadInputIsRefusedWithAClearError(t *testing.T) {
	a, _ := newApp(t)
	if _, err := a.Bulk.Plan(BulkRequestView{Selection: SelectionView{Filter: &SessionFilter{CreatedFrom: "yesterday"}}}); codeOf(err) != session.CodeBadFilter {
		t.Fatalf("a bad time: %v", err)
	}
	if _, err := a.Bulk.Plan(BulkRequestView{}); codeOf(err) != session.CodeBadFilter {
		t.Fatalf("nothing selected: %v", err)
	}
	if _, err := a.Bulk.Resume(999); err == nil {
		t.Fatal("resuming a job that does not exist")
	}
	if _, err := a.Audit.Query(AuditQuery{From: "soon"}); codeOf(err) != session.CodeBadFilter {
		t.Fatalf("a bad audit time: %v", err)
	}
}

func TestAuditExportGoesWhereTheDialogSaysAndCancelWritesNothing(t *testing.T) {
	a, _ := newApp(t)
	if _, err := a.Audit.ExportCSV(AuditQuery{}); err == nil {
		t.Fatal("an export without a window should say it needs one")
	}
	dir := t.TempDir()
	a.Audit.dialogs = fakeDialogs{}
	if got, err := a.Audit.ExportCSV(AuditQuery{}); err != nil || got.Path != "" {
		t.Fatalf("cancelled: %+v, %v", got, err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("a cancelled export wrote %v", left)
	}
	path := filepath.Join(dir, "audit.csv")
	a.Audit.dialogs = fakeDialogs{save: path}
	got, err := a.Audit.ExportCSV(AuditQuery{})
	if err != nil || got.Path != path {
		t.Fatalf("export: %+v, %v", got, err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "id,") {
		t.Fatalf("file: %q, %v", data, err)
	}
	// The export itself is audited, so the next export holds one more entry.
	again, err := a.Audit.ExportCSV(AuditQuery{})
	if err != nil || again.Entries != got.Entries+1 {
		t.Fatalf("second export: %+v after %+v, %v", again, got, err)
	}
	// A folder that cannot be written: a clear error and no file.
	a.Audit.dialogs = fakeDialogs{save: filepath.Join(dir, "missing", "audit.csv")}
	if _, err := a.Audit.ExportCSV(AuditQuery{}); err == nil || errors.Is(err, os.ErrExist) {
		t.Fatalf("export into a missing folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Fatal("the export created a folder")
	}
}
