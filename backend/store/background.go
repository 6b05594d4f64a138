package store

import (
	"context"
	"sync"
	"time"
)

// rerun is a background job that follows changes of the current snapshots: asked while it runs,
// it runs once more when it ends, so the last change is always taken in.
type rerun struct {
	mu      sync.Mutex
	running bool
	again   bool
}

func (r *rerun) busy() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running
}

// start runs job in the background after delay (unless it is running: then once more after it),
// under the store's background context, which Close cancels and waits for.
func (s *Store) start(r *rerun, delay time.Duration, job func(context.Context)) {
	c := s.anchors
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running {
		r.again = true
		return
	}
	r.running = true
	c.wg.Add(1)
	ctx := c.ctx
	go func() {
		defer c.wg.Done()
		for {
			select {
			case <-time.After(delay):
			case <-ctx.Done():
			}
			if ctx.Err() == nil {
				job(ctx)
			}
			r.mu.Lock()
			if !r.again || ctx.Err() != nil {
				r.running = false
				r.mu.Unlock()
				return
			}
			r.again = false
			r.mu.Unlock()
		}
	}()
}

// Prepared waits until the work that follows a change of the current snapshots is done in the
// background: the users ranking and the ranks of every sort column.
func (s *Store) Prepared(ctx context.Context) error {
	for s.ranks.job.busy() || s.top.job.busy() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}
