package workspace

import (
	"context"
	"strconv"
	"time"

	"sessionscope/backend/jobs"
)

// StartRefresh runs Refresh as a background job of the workspace and returns the job's id at
// once. watch is called first, inside the job, with that id; it returns where the job's
// progress goes and the function that gets the results at the end (called once, after the
// last progress). CancelJob stops the job; Close cancels it and waits for it.
func (w *Workspace) StartRefresh(ids []int64, watch func(jobID string) (progress func(Progress), done func([]Progress, error))) (string, error) {
	if err := w.refuseWrite("refreshing"); err != nil {
		return "", err
	}
	return w.running.Start(context.Background(), "refresh", func(ctx context.Context, jobID string) {
		progress, done := watch(jobID)
		results, err := w.Refresh(ctx, ids, progress)
		done(results, err)
	}), nil
}

// CancelJob stops a running job; a refresh's snapshots that had not finished stay unused.
// Cancelling a job that already ended is not an error.
func (w *Workspace) CancelJob(jobID string) { w.running.Cancel(jobID) }

// CancelJobs cancels every running job and waits for them and for sign-outs under way, so no
// snapshot or audit entry is left half-written (the window calls it when it closes).
func (w *Workspace) CancelJobs() {
	w.running.CancelAll()
	w.running.Wait()
}

// ThrottleProgress wraps report so that each connection's running updates reach it at most
// once per interval, and final ones (done, failed, canceled) at once, never overtaken by an
// older one. stop drops whatever is pending and ignores later updates: call it when the
// refresh has returned.
func ThrottleProgress(interval time.Duration, report func(Progress)) (update func(Progress), stop func()) {
	th := jobs.NewThrottle(interval, func(p any) { report(p.(Progress)) })
	update = func(p Progress) {
		th.Update(strconv.FormatInt(p.ConnectionID, 10), p, p.State != StateRunning)
	}
	return update, th.Close
}
