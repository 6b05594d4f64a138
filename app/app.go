// Package app is the thin Wails-facing layer: one bound service per concern, the event names,
// and the mapping from backend types to bridge types and from errors to {code, message}.
// It holds no business logic; everything is done by backend/workspace.
package app

import (
	"context"
	"errors"
	"fmt"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
	"sessionscope/backend/workspace"
)

// Event names.
const (
	EventRefreshProgress = "refresh:progress"
	EventRefreshDone     = "refresh:done"
)

// App owns the services bound to the frontend.
type App struct {
	ws        *workspace.Workspace
	emit      Emitter
	jobs      *jobs.Manager
	ctx       context.Context
	startView string  // from --view
	dialogs   Dialogs // native dialogs; nil until the window starts

	Workspace   *WorkspaceService
	Connections *ConnectionsService
	Sessions    *SessionsService
	Refresh     *RefreshService
	SignOut     *SignOutService
	Settings    *SettingsService
}

// New builds the services over an open workspace.
func New(ws *workspace.Workspace, emit Emitter) *App {
	a := &App{ws: ws, emit: emit, jobs: jobs.NewManager(), ctx: context.Background()}
	a.Workspace, a.Sessions, a.Refresh = &WorkspaceService{a}, &SessionsService{a}, &RefreshService{a}
	a.SignOut, a.Settings, a.Connections = &SignOutService{a}, &SettingsService{a}, &ConnectionsService{a}
	return a
}

// SetStartView picks the view the window opens on ("" = sessions).
func (a *App) SetStartView(v string) { a.startView = v }

// Bind lists the services for wails.Run's Bind option.
func (a *App) Bind() []any {
	return []any{a.Workspace, a.Connections, a.Sessions, a.Refresh, a.SignOut, a.Settings}
}

// Startup is called by Wails with the window's context.
func (a *App) Startup(ctx context.Context) {
	a.ctx = ctx
	if a.dialogs == nil {
		a.dialogs = runtimeDialogs{ctx: func() context.Context { return a.ctx }}
	}
}

// Shutdown cancels running jobs and waits for them, so no snapshot is left half-written.
func (a *App) Shutdown(context.Context) {
	a.jobs.CancelAll()
	a.jobs.Wait()
}

// BridgeError is what a rejected promise carries to the frontend.
type BridgeError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// FormatError turns any error into {code, message}; used as Wails' ErrorFormatter.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	code := "internal"
	var ce *workspace.CodedError
	var fe *session.FilterError
	switch {
	case errors.As(err, &ce):
		code = ce.Code
	case errors.As(err, &fe):
		code = "bad_filter"
	case source.CodeOf(err) != "":
		code = source.CodeOf(err)
	case errors.Is(err, store.ErrNotFound):
		code = "not_found"
	case errors.Is(err, context.Canceled):
		code = "canceled"
	}
	return BridgeError{Code: code, Message: err.Error()}
}

func (a *App) about() AboutInfo {
	info := AboutInfo{Version: workspace.Version, Home: a.ws.Home(), Keyring: a.ws.SecretsDescription(),
		Attributions: nonNilStrings(a.ws.Attributions()), GeoData: []string{}}
	for _, s := range a.ws.GeoSources() {
		info.GeoData = append(info.GeoData, s.String())
	}
	return info
}

func (a *App) theme() (string, error) {
	return a.ws.Store().Setting(a.ctx, "theme", "auto")
}

func (a *App) setTheme(t string) error {
	switch t {
	case "auto", "light", "dark":
		return a.ws.Store().SetSetting(a.ctx, "theme", t)
	}
	return fmt.Errorf("unknown theme %q: use auto, light or dark", t)
}
