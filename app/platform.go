package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// RuntimeEmitter sends events through the Wails runtime once the window's context is known.
// Events emitted before startup are dropped (nothing listens yet).
type RuntimeEmitter struct {
	mu  sync.Mutex
	ctx context.Context
}

// SetContext is called from the Wails startup hook.
func (e *RuntimeEmitter) SetContext(ctx context.Context) {
	e.mu.Lock()
	e.ctx = ctx
	e.mu.Unlock()
}

// Emit sends an event to every connected frontend.
func (e *RuntimeEmitter) Emit(name string, data any) {
	e.mu.Lock()
	ctx := e.ctx
	e.mu.Unlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, name, data)
	}
}
