package window

import (
	"context"
	"sync"
	"time"
)

// background runs the engine's jobs (warm-ups, rank builds, and the store's own jobs started with
// Engine.Start) under one context, which stop cancels before waiting for them.
type background struct {
	mu     sync.Mutex
	closed bool
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newBackground() *background {
	ctx, cancel := context.WithCancel(context.Background())
	return &background{ctx: ctx, cancel: cancel}
}

// goRun runs fn in a goroutine unless the engine is stopping; under b.mu, so stop waits for it.
func (b *background) goRun(fn func()) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		fn()
	}()
	return true
}

func (b *background) stop() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cancel() // a job in flight gives up instead of finishing a full sort
	b.wg.Wait()
}

// Rerun is a background job that follows changes of the current snapshots: asked while it runs,
// it runs once more when it ends, so the last change is always taken in.
type Rerun struct {
	mu      sync.Mutex
	running bool
	again   bool
}

// Busy reports whether the job is running (or about to).
func (r *Rerun) Busy() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running
}

// Start runs job in the background after delay (unless it is running: then once more after it),
// under the engine's background context, which Stop cancels and waits for.
func (e *Engine) Start(r *Rerun, delay time.Duration, job func(context.Context)) {
	b := e.bg
	ctx := b.ctx
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running {
		r.again = true
		return
	}
	r.running = b.goRun(func() {
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
	})
}
