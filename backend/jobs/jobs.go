// Package jobs runs long work — refreshes now, bulk sign-outs later — as jobs with an id, a
// cancel, progress throttled to about ten events a second, and a summary at the end.
//
// Imported by backend/workspace only (tests and benchmarks aside), which owns the running jobs;
// the window and the command line start and cancel them through the workspace.
package jobs

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Manager tracks running jobs so they can be cancelled by id.
type Manager struct {
	mu     sync.Mutex
	seq    int
	cancel map[string]context.CancelFunc
	wg     sync.WaitGroup
}

// NewManager returns an empty manager.
func NewManager() *Manager { return &Manager{cancel: map[string]context.CancelFunc{}} }

// Start runs work in its own goroutine under a cancellable context and returns the job id.
func (m *Manager) Start(parent context.Context, kind string, work func(ctx context.Context, id string)) string {
	ctx, cancel := context.WithCancel(parent)
	m.mu.Lock()
	m.seq++
	id := fmt.Sprintf("%s-%d", kind, m.seq)
	m.cancel[id] = cancel
	m.mu.Unlock()
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer func() {
			m.mu.Lock()
			delete(m.cancel, id)
			m.mu.Unlock()
			cancel()
		}()
		work(ctx, id)
	}()
	return id
}

// Track counts short work that is not a job (one sign-out) so Wait covers it too; call the
// returned function when it is done.
func (m *Manager) Track() func() {
	m.wg.Add(1)
	return m.wg.Done
}

// Cancel stops a job. Cancelling a job that already ended is not an error.
func (m *Manager) Cancel(id string) {
	m.mu.Lock()
	c := m.cancel[id]
	m.mu.Unlock()
	if c != nil {
		c()
	}
}

// CancelAll stops every job (at shutdown).
func (m *Manager) CancelAll() {
	m.mu.Lock()
	for _, c := range m.cancel {
		c()
	}
	m.mu.Unlock()
}

// Wait blocks until every job has returned.
func (m *Manager) Wait() { m.wg.Wait() }

// Throttle coalesces progress per key and emits at most once per interval per key; final
// updates are emitted at once, and never overtaken by an older pending one.
type Throttle struct {
	emitMu   sync.Mutex // held while emitting, so a flush can never overtake a final update
	mu       sync.Mutex
	interval time.Duration
	emit     func(any)
	last     map[string]time.Time
	pending  map[string]any
	timer    *time.Timer
	closed   bool
}

// NewThrottle returns a throttle emitting through emit.
func NewThrottle(interval time.Duration, emit func(any)) *Throttle {
	return &Throttle{interval: interval, emit: emit, last: map[string]time.Time{}, pending: map[string]any{}}
}

// Update offers a new progress payload for key.
func (t *Throttle) Update(key string, payload any, final bool) {
	t.emitMu.Lock()
	defer t.emitMu.Unlock()
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	now := time.Now()
	if final || now.Sub(t.last[key]) >= t.interval {
		delete(t.pending, key)
		t.last[key] = now
		t.mu.Unlock()
		t.emit(payload)
		return
	}
	t.pending[key] = payload
	if t.timer == nil {
		t.timer = time.AfterFunc(t.interval, t.flush)
	}
	t.mu.Unlock()
}

func (t *Throttle) flush() {
	t.emitMu.Lock()
	defer t.emitMu.Unlock()
	t.mu.Lock()
	t.timer = nil
	out := make([]any, 0, len(t.pending))
	now := time.Now()
	for k, p := range t.pending {
		out = append(out, p)
		t.last[k] = now
	}
	clear(t.pending)
	closed := t.closed
	t.mu.Unlock()
	if closed {
		return
	}
	for _, p := range out {
		t.emit(p)
	}
}

// Close drops anything pending; later updates are ignored.
func (t *Throttle) Close() {
	t.mu.Lock()
	t.closed = true
	if t.timer != nil {
		t.timer.Stop()
	}
	clear(t.pending)
	t.mu.Unlock()
}
