package app

import (
	"context"
	"sync"

	"sessionscope/backend/workspace"
)

// Event names of bulk jobs.
const (
	EventSignOutProgress = "signout:progress" // workspace.SignOutProgress, about ten a second per job
	EventSignOutDone     = "signout:done"     // JobDone, once the job stopped and was re-checked
)

// BulkService plans and runs bulk sign-outs and containment as persisted jobs. A started job
// runs in the background: its progress arrives as "signout:progress" events (the job runner
// already spaces them about a tenth of a second apart, the last one at once), its end as one
// "signout:done" event after the re-check.
type BulkService struct {
	ws   *workspace.Workspace
	emit Emitter

	once sync.Once
	ctx  context.Context // cancelled when the window closes: jobs stop between batches
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// runner is one of the workspace's job use cases (start, resume, retry failed).
type runner func(ctx context.Context, report func(workspace.SignOutProgress)) (workspace.SignOutJob, error)

func (s *BulkService) base() context.Context {
	s.once.Do(func() { s.ctx, s.stop = context.WithCancel(context.Background()) })
	return s.ctx
}

// Plan previews a bulk action per org; nothing is sent.
func (s *BulkService) Plan(req BulkRequestView) (PlanView, error) {
	r, err := req.toRequest()
	if err != nil {
		return PlanView{}, err
	}
	p, err := s.ws.PlanSignOut(context.Background(), r)
	if err != nil {
		return PlanView{}, err
	}
	return toPlanView(p), nil
}

// Start plans the request again, and if it may start as asked (reason, typed count, same plan as
// previewed, not a job already) saves and runs it as a job. It returns the job id as soon as the
// job is saved; a refusal is returned before anything is sent.
func (s *BulkService) Start(req BulkRequestView) (int64, error) {
	r, err := req.toRequest()
	if err != nil {
		return 0, err
	}
	return s.launch(0, func(ctx context.Context, report func(workspace.SignOutProgress)) (workspace.SignOutJob, error) {
		return s.ws.StartSignOut(ctx, r, report)
	})
}

// Resume continues an interrupted, cancelled or incomplete job: only what is left is acted on.
func (s *BulkService) Resume(jobID int64) (int64, error) {
	return s.launch(jobID, func(ctx context.Context, report func(workspace.SignOutProgress)) (workspace.SignOutJob, error) {
		return s.ws.ResumeSignOutJob(ctx, jobID, report)
	})
}

// RetryFailed runs again only the failed sessions of a finished job.
func (s *BulkService) RetryFailed(jobID int64) (int64, error) {
	return s.launch(jobID, func(ctx context.Context, report func(workspace.SignOutProgress)) (workspace.SignOutJob, error) {
		return s.ws.RetryFailedSignOuts(ctx, jobID, report)
	})
}

// launch runs a job use case in the background and waits only until the job is under way (its
// first progress event names it) or has ended early (refused, failed to save).
func (s *BulkService) launch(jobID int64, run runner) (int64, error) {
	ctx := s.base()
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	started := make(chan int64, 1)
	type outcome struct {
		job workspace.SignOutJob
		err error
	}
	ended := make(chan outcome, 1)
	var first sync.Once
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		job, err := run(ctx, func(p workspace.SignOutProgress) {
			first.Do(func() { started <- p.JobID })
			s.emit.Emit(EventSignOutProgress, progressView(p))
		})
		ended <- outcome{job, err}
		done := JobDone{JobID: job.ID, Job: toJobView(job)}
		if done.JobID == 0 {
			done.JobID = jobID
		}
		if err != nil {
			done.Error, done.ErrorCode = err.Error(), workspace.CodeOf(err)
		}
		s.emit.Emit(EventSignOutDone, done)
	}()
	select {
	case id := <-started:
		return id, nil
	case o := <-ended:
		if o.err != nil {
			return 0, o.err
		}
		return o.job.ID, nil
	}
}

// Cancel asks a running job to stop between batches (in whichever process runs it); it can be
// resumed later.
func (s *BulkService) Cancel(jobID int64) error {
	return s.ws.CancelSignOutJob(context.Background(), jobID)
}

// Jobs lists past and running jobs, newest first (limit 0 = 100).
func (s *BulkService) Jobs(limit int) ([]JobView, error) {
	list, err := s.ws.SignOutJobs(context.Background(), limit)
	if err != nil {
		return nil, err
	}
	out := make([]JobView, len(list))
	for i, j := range list {
		out[i] = toJobView(j)
	}
	return out, nil
}

// Job returns one job with its counts.
func (s *BulkService) Job(jobID int64) (JobView, error) {
	j, err := s.ws.SignOutJobDetail(context.Background(), jobID)
	if err != nil {
		return JobView{}, err
	}
	return toJobView(j), nil
}

// Items returns a page of a job's per-session results after afterSeq (state "" = any; limit 0
// = 200, at most 1000).
func (s *BulkService) Items(jobID int64, state string, afterSeq int64, limit int) ([]JobItemView, error) {
	items, err := s.ws.SignOutJobItems(context.Background(), jobID, state, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	out := make([]JobItemView, len(items))
	for i, it := range items {
		out[i] = toItemView(it)
	}
	return out, nil
}

// Recheck refreshes the job's orgs and marks each session it ended as gone or still listed.
func (s *BulkService) Recheck(jobID int64) (workspace.RecheckCounts, error) {
	return s.ws.RecheckSignOutJob(s.base(), jobID)
}

// ConfirmAbove is how many sessions a bulk action may hold before the count must be typed.
func (s *BulkService) ConfirmAbove() (int, error) {
	return s.ws.SignOutConfirmAbove(context.Background())
}

// SetConfirmAbove changes that threshold (0 = always type the count).
func (s *BulkService) SetConfirmAbove(n int) error {
	return s.ws.SetSignOutConfirmAbove(context.Background(), n)
}

// shutdown stops running jobs between batches and waits for them (they can be resumed).
func (s *BulkService) shutdown() {
	s.base()
	s.stop()
	s.wg.Wait()
}
