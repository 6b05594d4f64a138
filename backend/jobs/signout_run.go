package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// SignOutRunner runs persisted sign-out and containment jobs. Every item is marked sending
// (committed) before its call and gets its result (committed durably, with its audit entry)
// before it is reported, so a run killed at any point resumes without acting twice: items
// left sending are checked against the server first (see resolveSending).
type SignOutRunner struct {
	Store  *store.Store
	Client func(ctx context.Context, connectionID int64) (source.Client, error)
	Actor  string // who runs it, for the audit trail (OS user @ host)

	Concurrency  int           // calls in flight per connection; 0 = 2
	Attempts     int           // tries of one batch on transient errors; 0 = 5
	RetryBase    time.Duration // first wait before a job-level retry; 0 = 1 s
	Heartbeat    time.Duration // how often a run says it is alive; 0 = 2 s
	StaleAfter   time.Duration // a run silent this long is taken over; 0 = 15 s
	SessionChunk int           // items per durable write with one call per item; 0 = 10

	// OnAuthFailure hears of a connection whose credential the server refused.
	OnAuthFailure func(connectionID int64, err error)
}

func (r *SignOutRunner) defaults() {
	if r.Concurrency <= 0 {
		r.Concurrency = 2
	}
	if r.Attempts <= 0 {
		r.Attempts = 5
	}
	if r.RetryBase <= 0 {
		r.RetryBase = time.Second
	}
	if r.Heartbeat <= 0 {
		r.Heartbeat = 2 * time.Second
	}
	if r.StaleAfter <= 0 {
		r.StaleAfter = 15 * time.Second
	}
	if r.SessionChunk <= 0 {
		r.SessionChunk = 10
	}
}

// errStopped ends a connection's run because the job was cancelled (or its process is going
// away): whatever was not sent stays pending for a resume.
var errStopped = errors.New("stopped")

// run is one Run of one job.
type run struct {
	r      *SignOutRunner
	job    store.SignOutJob
	runner string
	stop   context.Context    // cancelled by a cancel (here or from another process): no new batch starts
	cancel context.CancelFunc // cancels stop
	track  *tracker
	orgs   map[int64]store.JobOrg
}

// Run claims a job (refusing one another live process runs), resolves items an earlier run
// left in flight, sends what is pending — every connection at once, a bounded number of calls
// each — and finishes the job with its final state and audit entries. Cancelling ctx stops it
// between batches; the job is then "canceled" and can be resumed.
func (r *SignOutRunner) Run(ctx context.Context, jobID int64, report func(SignOutProgress)) (SignOutProgress, error) {
	r.defaults()
	id := runnerID()
	job, err := r.Store.ClaimJob(ctx, jobID, id, time.Now().Add(-r.StaleAfter), processAlive)
	if err != nil {
		return SignOutProgress{}, err
	}
	perOrg, err := r.Store.JobCountsByConnection(ctx, jobID)
	if err != nil {
		return SignOutProgress{}, r.abandon(ctx, job, id, err)
	}
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	ru := &run{r: r, job: job, runner: id, stop: stop, cancel: cancel, track: newTracker(job, perOrg, report), orgs: map[int64]store.JobOrg{}}
	hbDone := make(chan struct{})
	go ru.heartbeat(cancel, hbDone)
	ru.track.emit(false)
	var wg sync.WaitGroup
	errs := make([]string, len(job.Orgs))
	for _, o := range job.Orgs {
		ru.orgs[o.ConnectionID] = o
	}
	for i, o := range job.Orgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ru.runOrg(o); err != nil && !errors.Is(err, errStopped) {
				errs[i] = o.Connection + ": " + err.Error()
				ru.track.orgError(o.ConnectionID, err.Error())
			}
		}()
	}
	wg.Wait()
	stopped := stop.Err() != nil // cancelled before the work ran out
	cancel()
	<-hbDone
	return ru.finish(ctx, errs, stopped)
}

// abandon gives a claimed job back when the run cannot start.
func (r *SignOutRunner) abandon(ctx context.Context, job store.SignOutJob, runner string, cause error) error {
	if err := r.Store.FinishJob(ctx, job.ID, runner, store.JobIncomplete, cause.Error(), nil); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

func (ru *run) heartbeat(cancel context.CancelFunc, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(ru.r.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ru.stop.Done():
			return
		case <-t.C:
		}
		own, cancelAsked, err := ru.r.Store.Heartbeat(context.WithoutCancel(ru.stop), ru.job.ID, ru.runner)
		if err == nil && (!own || cancelAsked) {
			cancel()
			return
		}
	}
}

// finish computes the final state from the stored items and closes the job.
func (ru *run) finish(ctx context.Context, orgErrs []string, canceled bool) (SignOutProgress, error) {
	bg := context.WithoutCancel(ctx)
	final, err := ru.r.Store.Job(bg, ru.job.ID)
	if err != nil {
		return ru.track.snapshot(), err
	}
	c := final.Counts
	state := store.JobDone
	switch {
	case c.Left() > 0 && canceled:
		state = store.JobCanceled
	case c.Left() > 0:
		state = store.JobIncomplete
	case c.Failed > 0 && c.Ended+c.AlreadyGone+c.Contained == 0:
		state = store.JobFailed
	case c.Failed > 0:
		state = store.JobPartlyFailed
	}
	var msgs []string
	for _, m := range orgErrs {
		if m != "" {
			msgs = append(msgs, m)
		}
	}
	message := strings.Join(msgs, "; ")
	perOrg, err := ru.r.Store.JobCountsByConnection(bg, ru.job.ID)
	if err != nil {
		return ru.track.snapshot(), err
	}
	var audit []session.AuditEntry
	for _, o := range ru.job.Orgs {
		oc := perOrg[o.ConnectionID]
		audit = append(audit, session.AuditEntry{Actor: ru.actor(o), Action: ru.job.Action + ".bulk", Connection: o.Connection,
			Target: fmt.Sprintf("%d sessions", o.Sessions), Reason: ru.job.Reason, Result: state, Detail: countsText(oc)})
	}
	if err := ru.r.Store.FinishJob(bg, ru.job.ID, ru.runner, state, message, audit); err != nil {
		return ru.track.snapshot(), err
	}
	return ru.track.finish(state, message, c), nil
}

// countsText says what a job did in an audit entry's words.
func countsText(c store.ItemCounts) string {
	parts := []string{}
	for _, p := range []struct {
		n    int
		name string
	}{{c.Ended, "ended"}, {c.AlreadyGone, "already gone"}, {c.Contained, "contained"}, {c.Failed, "failed"},
		{c.Left(), "not done"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.name))
		}
	}
	if len(parts) == 0 {
		return "nothing to do"
	}
	return strings.Join(parts, ", ")
}

// actor is who acts on an org: the local user, and who the connection is signed in as there.
func (ru *run) actor(o store.JobOrg) string {
	if o.Admin == "" {
		return ru.r.Actor
	}
	return ru.r.Actor + " as " + o.Admin
}

// runnerID names this run: host, process id and a nonce (two runs of one process differ).
func runnerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// RunnerLive reports whether the process running a job may still be at it: its heartbeat is
// recent and, on this machine, its process exists.
func RunnerLive(j store.SignOutJob, staleAfter time.Duration) bool {
	return j.Runner != "" && time.Since(j.HeartbeatAt) < staleAfter && processAlive(j.Runner)
}
