package jobs

import (
	"fmt"
	"sync"
	"time"

	"sessionscope/backend/store"
)

// SignOutProgress is the state of a running sign-out job, for a progress bar.
type SignOutProgress struct {
	JobID   int64            `json:"jobId"`
	State   string           `json:"state"` // running, then the job's final state
	Total   int              `json:"total"`
	Counts  store.ItemCounts `json:"counts"`
	Orgs    []OrgProgress    `json:"orgs"`
	Message string           `json:"message"`
}

// Done is how many items have a final result.
func (p SignOutProgress) Done() int { return p.Total - p.Counts.Left() }

// OrgProgress is one connection's part of the progress.
type OrgProgress struct {
	ConnectionID int64            `json:"connectionId"`
	Connection   string           `json:"connection"`
	Total        int              `json:"total"`
	Counts       store.ItemCounts `json:"counts"`
	Waiting      string           `json:"waiting"` // e.g. "the server is rate limiting; trying again in 4s"
	Error        string           `json:"error"`   // why this connection stopped early
}

// progressInterval spaces progress events: about ten a second is smooth for a bar and cheap
// for the bridge.
const progressInterval = 100 * time.Millisecond

// tracker keeps the live counts of a run and emits them throttled.
type tracker struct {
	mu   sync.Mutex
	p    SignOutProgress
	orgs map[int64]int // connection id → index in p.Orgs
	th   *Throttle
	key  string
}

func newTracker(job store.SignOutJob, perOrg map[int64]store.ItemCounts, report func(SignOutProgress)) *tracker {
	t := &tracker{p: SignOutProgress{JobID: job.ID, State: store.JobRunning, Total: job.Total, Counts: job.Counts},
		orgs: map[int64]int{}, key: fmt.Sprint(job.ID)}
	for _, o := range job.Orgs {
		c := perOrg[o.ConnectionID]
		t.orgs[o.ConnectionID] = len(t.p.Orgs)
		t.p.Orgs = append(t.p.Orgs, OrgProgress{ConnectionID: o.ConnectionID, Connection: o.Connection, Counts: c,
			Total: c.Pending + c.Sending + c.Ended + c.AlreadyGone + c.Contained + c.Failed})
	}
	if report == nil {
		report = func(SignOutProgress) {}
	}
	t.th = NewThrottle(progressInterval, func(v any) { report(v.(SignOutProgress)) })
	return t
}

// snapshot copies the progress (the caller holds mu).
func (t *tracker) snapshot() SignOutProgress {
	p := t.p
	p.Orgs = append([]OrgProgress(nil), t.p.Orgs...)
	return p
}

func (t *tracker) emit(final bool) {
	t.mu.Lock()
	p := t.snapshot()
	t.mu.Unlock()
	t.th.Update(t.key, p, final)
}

// moved records items leaving one state for another.
func (t *tracker) moved(conn int64, from, to string, n int) {
	t.mu.Lock()
	o := &t.p.Orgs[t.orgs[conn]]
	for _, c := range []*store.ItemCounts{&t.p.Counts, &o.Counts} {
		*field(c, from) -= n
		*field(c, to) += n
	}
	o.Waiting = ""
	t.mu.Unlock()
	t.emit(false)
}

func field(c *store.ItemCounts, state string) *int {
	switch state {
	case store.ItemPending:
		return &c.Pending
	case store.ItemSending:
		return &c.Sending
	case store.ItemEnded:
		return &c.Ended
	case store.ItemAlreadyGone:
		return &c.AlreadyGone
	case store.ItemContained:
		return &c.Contained
	default:
		return &c.Failed
	}
}

func (t *tracker) waiting(conn int64, msg string) {
	t.mu.Lock()
	t.p.Orgs[t.orgs[conn]].Waiting = msg
	t.mu.Unlock()
	t.emit(false)
}

func (t *tracker) orgError(conn int64, msg string) {
	t.mu.Lock()
	o := &t.p.Orgs[t.orgs[conn]]
	o.Error, o.Waiting = msg, ""
	t.mu.Unlock()
	t.emit(false)
}

// finish emits the final progress at once, then stops emitting.
func (t *tracker) finish(state, message string, counts store.ItemCounts) SignOutProgress {
	t.mu.Lock()
	t.p.State, t.p.Message, t.p.Counts = state, message, counts
	for i := range t.p.Orgs {
		t.p.Orgs[i].Waiting = ""
	}
	p := t.snapshot()
	t.mu.Unlock()
	t.th.Update(t.key, p, true)
	t.th.Close()
	return p
}
