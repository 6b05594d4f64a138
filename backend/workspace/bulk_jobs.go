package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// jobStaleAfter is how long a running job's process may stay silent before the job counts as
// interrupted (a process that died on this machine counts at once).
const jobStaleAfter = 15 * time.Second

// StartSignOut plans the request again (the snapshots may have changed since the preview),
// refuses it if it may not start as asked (no reason, count not confirmed, plan changed, the
// same plan already a job), saves it as a job with its "requested" audit entries, runs it and
// re-checks what it ended. report hears progress about ten times a second; the first event
// carries the job id. Cancelling ctx stops the job between batches (it can be resumed).
func (w *Workspace) StartSignOut(ctx context.Context, req BulkRequest, report func(jobs.SignOutProgress)) (store.SignOutJob, error) {
	p, items, orgs, err := w.buildPlan(ctx, req)
	if err != nil {
		return store.SignOutJob{}, err
	}
	if err := checkStart(p, req); err != nil {
		return store.SignOutJob{}, err
	}
	var audit []session.AuditEntry
	for _, o := range p.Orgs {
		if o.Items == 0 {
			continue
		}
		audit = append(audit, session.AuditEntry{Actor: w.actorIn(o.Admin), Action: p.Action + ".bulk", Connection: o.Connection,
			Target: fmt.Sprintf("%d sessions", o.Sessions), Reason: strings.TrimSpace(req.Reason), Result: resultRequested,
			Detail: planDetail(o)})
	}
	job, err := w.st.CreateJob(ctx, store.SignOutJob{Action: p.Action, Actor: w.opts.Actor, Reason: strings.TrimSpace(req.Reason),
		Fingerprint: p.Fingerprint, Orgs: orgs}, items, audit)
	if err != nil {
		return job, fmt.Errorf("nothing was done: saving the job failed: %w", err)
	}
	return w.RunSignOutJob(ctx, job.ID, report)
}

func (w *Workspace) actorIn(admin string) string {
	if admin == "" {
		return w.opts.Actor
	}
	return w.opts.Actor + " as " + admin
}

// planDetail is an org's plan in an audit entry's words.
func planDetail(o jobs.OrgPlan) string {
	d := fmt.Sprintf("method %s, %d calls", o.Method, o.Calls)
	if o.Users > 0 {
		d += fmt.Sprintf(", %d users", o.Users)
	}
	if o.Contained > 0 {
		d += fmt.Sprintf(", %d users blocked first", o.Contained)
	}
	for _, w := range o.Warnings {
		d += "; " + w
	}
	for _, e := range o.Excluded {
		d += fmt.Sprintf("; left out %d: %s", e.Count, e.Reason)
	}
	return d
}

// RunSignOutJob runs (or continues) a saved job and then re-checks the sessions it ended with a
// refresh of its connections. Another live process running it is refused.
func (w *Workspace) RunSignOutJob(ctx context.Context, id int64, report func(jobs.SignOutProgress)) (store.SignOutJob, error) {
	r := &jobs.SignOutRunner{Store: w.st, Actor: w.opts.Actor, StaleAfter: jobStaleAfter,
		Client: func(ctx context.Context, connectionID int64) (source.Client, error) {
			c, err := w.st.Connection(ctx, connectionID)
			if err != nil {
				return nil, err
			}
			return w.Client(ctx, c)
		},
		OnAuthFailure: func(connectionID int64, err error) {
			if c, cerr := w.st.Connection(context.Background(), connectionID); cerr == nil {
				w.noteFailure(context.Background(), c, err)
			}
		}}
	prog, err := r.Run(ctx, id, report)
	if errors.Is(err, store.ErrJobBusy) {
		return store.SignOutJob{}, refusal(CodeJobBusy, err.Error())
	}
	if err != nil {
		return store.SignOutJob{}, err
	}
	if prog.State != store.JobCanceled && ctx.Err() == nil {
		if _, err := w.RecheckSignOutJob(ctx, id); err != nil {
			w.log.Warn("re-check after a sign-out job failed", "job", id, "err", err)
		}
	}
	return w.SignOutJobDetail(context.WithoutCancel(ctx), id)
}

// ResumeSignOutJob continues an interrupted, cancelled or incomplete job: it acts only on what is
// left, checking first the items that were in flight when it stopped.
func (w *Workspace) ResumeSignOutJob(ctx context.Context, id int64, report func(jobs.SignOutProgress)) (store.SignOutJob, error) {
	j, err := w.SignOutJobDetail(ctx, id)
	if err != nil {
		return j, err
	}
	if j.Counts.Left() == 0 {
		return j, refusal(CodeNothingToDo, fmt.Sprintf("job %d has nothing left to do (%s)", id, j.State))
	}
	return w.RunSignOutJob(ctx, id, report)
}

// RetryFailedSignOuts runs again only the failed items of a finished job.
func (w *Workspace) RetryFailedSignOuts(ctx context.Context, id int64, report func(jobs.SignOutProgress)) (store.SignOutJob, error) {
	j, err := w.SignOutJobDetail(ctx, id)
	if err != nil {
		return j, err
	}
	if j.State == store.JobRunning {
		return j, refusal(CodeJobBusy, fmt.Sprintf("job %d is running; retry its failures when it has finished", id))
	}
	if j.Counts.Failed == 0 {
		return j, refusal(CodeNothingToDo, fmt.Sprintf("job %d has no failed sessions", id))
	}
	if _, err := w.st.RetryFailed(ctx, id); err != nil {
		return j, err
	}
	return w.RunSignOutJob(ctx, id, report)
}

// CancelSignOutJob asks the job to stop between batches, in whichever process runs it.
func (w *Workspace) CancelSignOutJob(ctx context.Context, id int64) error {
	return w.st.RequestCancel(ctx, id)
}

// SignOutJobs lists sign-out jobs, newest first; a running job no live process runs is "interrupted".
func (w *Workspace) SignOutJobs(ctx context.Context, limit int) ([]store.SignOutJob, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	list, err := w.st.Jobs(ctx, limit)
	for i := range list {
		list[i].State = w.liveState(list[i])
	}
	return list, err
}

// SignOutJobDetail returns one job with its counts.
func (w *Workspace) SignOutJobDetail(ctx context.Context, id int64) (store.SignOutJob, error) {
	j, err := w.st.Job(ctx, id)
	j.State = w.liveState(j)
	return j, err
}

// SignOutJobItems returns a page of a job's items (state "" = any) after afterSeq; session ids that
// are credentials are shortened.
func (w *Workspace) SignOutJobItems(ctx context.Context, id int64, state string, afterSeq int64, limit int) ([]store.JobItem, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	j, err := w.st.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	secret := map[int64]bool{}
	for _, o := range j.Orgs {
		secret[o.ConnectionID] = o.SecretIDs
	}
	items, err := w.st.JobItems(ctx, id, state, afterSeq, limit)
	for i, it := range items {
		if secret[it.ConnectionID] && it.Method != store.MethodUser && it.Method != store.MethodContain {
			items[i].Target = session.ShortID(it.Target)
		}
	}
	return items, err
}

// liveState is a job's state as shown: a running job whose process is gone is interrupted.
func (w *Workspace) liveState(j store.SignOutJob) string {
	if j.State == store.JobRunning && !jobs.RunnerLive(j, jobStaleAfter) {
		return store.JobInterrupted
	}
	return j.State
}

// RecheckSignOutJob refreshes the job's connections and marks each session it ended as gone, or still
// listed by the server (a revoke that failed quietly or is still propagating). The result goes
// to the audit trail.
func (w *Workspace) RecheckSignOutJob(ctx context.Context, id int64) (store.RecheckCounts, error) {
	j, err := w.st.Job(ctx, id)
	if err != nil {
		return store.RecheckCounts{}, err
	}
	if j.Action != jobs.ActionSignOut {
		return store.RecheckCounts{}, nil
	}
	var ids []int64
	for _, o := range j.Orgs {
		ids = append(ids, o.ConnectionID)
	}
	results, err := w.Refresh(ctx, ids, func(jobs.Progress) {})
	if err != nil {
		return store.RecheckCounts{}, err
	}
	var fresh []int64
	for _, r := range results {
		if r.State == jobs.StateDone {
			fresh = append(fresh, r.ConnectionID)
		}
	}
	c, err := w.st.RecheckJob(ctx, id, fresh)
	if err != nil {
		return c, err
	}
	result := "confirmed"
	if c.StillListed > 0 {
		result = "still_listed"
	}
	detail := store.JobDetail(id, fmt.Sprintf("%d gone, %d still listed after a refresh of %d of %d connections", c.Gone, c.StillListed, len(fresh), len(ids)))
	_, err = w.audit(ctx, session.AuditEntry{Action: "signout.recheck", Target: fmt.Sprintf("the sessions of job %d", id),
		Reason: j.Reason, Result: result, Detail: detail})
	return c, err
}
