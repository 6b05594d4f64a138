package window

import "context"

// warm runs fn once per key in the background, cancelling the warm-up of another key: the user
// has moved on to a newer view. A window of the view being warmed can wait for it (warming).
func (e *Engine) warm(key string, fn func(context.Context) error) {
	c := e.anchors
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warmed[key] {
		return
	}
	ctx, cancel := context.WithCancel(e.bg.ctx)
	done := make(chan struct{})
	started := e.bg.goRun(func() {
		err := fn(ctx)
		cancel()
		c.mu.Lock()
		if err != nil {
			delete(c.warmed, key) // try again next time
		}
		if c.warmKey == key {
			c.warmKey, c.warmDone, c.warmCancel = "", nil, nil
		}
		c.mu.Unlock()
		close(done)
	})
	if !started { // stopping
		cancel()
		return
	}
	if c.warmCancel != nil {
		c.warmCancel()
	}
	c.warmed[key] = true
	c.warmKey, c.warmDone, c.warmCancel = key, done, cancel
}

// warming returns a channel closed when the warm-up of key ends; nil when none is running.
func (c *anchorCache) warming(key string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warmKey != key {
		return nil
	}
	return c.warmDone
}
