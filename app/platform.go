package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Emitter sends an event to the frontend. In the desktop build it wraps the Wails runtime; in
// tests it records what was sent, so no test ever touches the Wails runtime.
type Emitter interface {
	Emit(name string, data any)
}

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

// Dialogs opens native file dialogs once the window exists (the dev server has no window).
type Dialogs interface {
	OpenFile(title string, patterns string) (string, error)
	// SaveFile asks where to save a new file; "" when cancelled.
	SaveFile(title, defaultName, pattern string) (string, error)
}

// runtimeDialogs uses the Wails runtime of the window's context.
type runtimeDialogs struct{ ctx context.Context }

func (d runtimeDialogs) OpenFile(title, patterns string) (string, error) {
	return runtime.OpenFileDialog(d.ctx, runtime.OpenDialogOptions{Title: title,
		Filters: []runtime.FileFilter{{DisplayName: filterName(patterns) + " (" + patterns + ")", Pattern: patterns}}})
}

func (d runtimeDialogs) SaveFile(title, defaultName, pattern string) (string, error) {
	return runtime.SaveFileDialog(d.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		Filters: []runtime.FileFilter{{DisplayName: filterName(pattern) + " (" + pattern + ")", Pattern: pattern}}})
}

// filterName is what a file dialog calls the files a pattern picks.
func filterName(pattern string) string {
	switch pattern {
	case "*.mmdb":
		return "MaxMind-format database"
	case "*.ssbundle":
		return "SessionScope bundle"
	case "*.html":
		return "HTML report"
	case "*.csv":
		return "CSV"
	}
	return "Files"
}
