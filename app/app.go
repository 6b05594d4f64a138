// Package app is the Wails bridge, and only that: one bound service per concern (workspace,
// connections, sessions, users, map, snapshots, refresh, sign-out, bulk sign-out jobs, audit,
// settings, flags and policies, reviews, bundles and file exports), each holding its own dependency on the workspace; the
// bridge types that cross to the frontend (times as RFC 3339 strings, credential-like session ids
// pre-shortened); the event names; and
// the mapping of errors to {code, message}. Every use case is a method of backend/workspace;
// nothing here decides anything about sessions, servers or storage.
//
// Imported only by main. It imports backend/workspace and backend/session and nothing else of
// the backend; it is the only Go package besides main that imports Wails.
package app

import (
	"context"

	"sessionscope/backend/workspace"
)

// Event names.
const (
	EventRefreshProgress = "refresh:progress"
	EventRefreshDone     = "refresh:done"
)

// App holds the bound services and the window's lifecycle hooks.
type App struct {
	ws *workspace.Workspace

	Workspace   *WorkspaceService
	Connections *ConnectionsService
	Sessions    *SessionsService
	Users       *UsersService
	Map         *MapService
	Snapshots   *SnapshotsService
	Refresh     *RefreshService
	SignOut     *SignOutService
	Bulk        *BulkService
	Audit       *AuditService
	Settings    *SettingsService
	Flags       *FlagsService
	Review      *ReviewService
	Bundle      *BundleService
}

// New builds the services over an open workspace; emit carries events to the frontend.
func New(ws *workspace.Workspace, emit Emitter) *App {
	return &App{ws: ws,
		Workspace:   &WorkspaceService{ws: ws},
		Connections: &ConnectionsService{ws: ws},
		Sessions:    &SessionsService{ws: ws},
		Users:       &UsersService{ws: ws},
		Map:         &MapService{ws: ws},
		Snapshots:   &SnapshotsService{ws: ws},
		Refresh:     &RefreshService{ws: ws, emit: emit},
		SignOut:     &SignOutService{ws: ws},
		Bulk:        &BulkService{ws: ws, emit: emit},
		Audit:       &AuditService{ws: ws},
		Settings:    &SettingsService{ws: ws},
		Flags:       &FlagsService{ws: ws},
		Review:      &ReviewService{ws: ws},
		Bundle:      newBundleService(ws),
	}
}

// SetStartView picks the view the window opens on ("" = sessions).
func (a *App) SetStartView(v string) { a.Workspace.startView = v }

// SetDataFolder names the data folder (and its keyring service) behind a window on a bundle:
// its trusted signers name the bundle's signer, trusting one is written there, and bundles
// opened from this window open with it.
func (a *App) SetDataFolder(home, keyringService string) {
	a.Bundle.home, a.Bundle.keyringService = home, keyringService
}

// Bind lists the services for wails.Run's Bind option.
func (a *App) Bind() []any {
	return []any{a.Workspace, a.Connections, a.Sessions, a.Users, a.Map, a.Snapshots, a.Refresh, a.SignOut,
		a.Bulk, a.Audit, a.Settings, a.Flags, a.Review, a.Bundle}
}

// Startup is called by Wails with the window's context: native dialogs need it.
func (a *App) Startup(ctx context.Context) {
	if a.Settings.dialogs == nil {
		a.Settings.dialogs = runtimeDialogs{ctx: ctx}
	}
	if a.Audit.dialogs == nil {
		a.Audit.dialogs = runtimeDialogs{ctx: ctx}
	}
	if a.Bundle.dialogs == nil {
		a.Bundle.dialogs = runtimeDialogs{ctx: ctx}
	}
}

// Shutdown cancels running jobs and waits for them (and for sign-outs under way), so no
// snapshot or audit entry is left half-written.
func (a *App) Shutdown(context.Context) {
	a.Bulk.shutdown()
	a.ws.CancelJobs()
}
