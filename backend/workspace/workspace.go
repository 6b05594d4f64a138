// Package workspace is SessionScope's product API: one data folder in use — its SQLite store,
// the connector registry, the secrets in the OS keyring, the open connector clients, the
// background jobs and the demo simulators — and every use case the window and the command
// line offer, as methods that return backend types: connections, refresh, query windows and
// counts, users, the map and travel paths, snapshots and their comparison, filter facets,
// preferences and saved views, login history, sign-out and the audit trail.
//
// Who imports it: app/ (the Wails bridge), backend/cli/ and main, plus tests and benchmarks.
// Those two import nothing else of the backend but backend/session (the shared plain types;
// the CLI's `sim` command also starts simulators): the types of store, source and jobs they
// need are re-exported here (types.go). This package imports the rest — store, source and its
// connectors, jobs, geo, secrets, signin — and never Wails.
//
// The read side and exported bundles: a read-only workspace serves the same calls from a data
// folder or an exported bundle (issue 13). It is this same type, opened with Options.ReadOnly,
// not a second implementation behind an interface, so the window and the command line need no
// change to show a bundle. Opened read-only, a workspace opens no keyring, no connector client
// and no simulator, so nothing it does reaches the network or a secret; every read use case
// answers as usual, and every use case that would change something, contact a server or read
// a secret answers an error with the code session.CodeReadOnly (readonly.go). The database is
// still opened through store.Open: a bundle is opened on a checked private copy of its
// database (OpenBundle, bundle_open.go; backend/bundle says why a copy).
package workspace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"sessionscope/backend/geo"
	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/connectors"
	"sessionscope/backend/store"
)

// databaseFile is the store's file inside the data folder.
const databaseFile = "sessionscope.db"

// Options configure a workspace.
type Options struct {
	Home           string           // data folder; created if missing (unless ReadOnly)
	Secrets        Secrets          // nil = the OS keyring under KeyringService
	KeyringService string           // the OS keyring's service name; "" = "sessionscope"
	Registry       *source.Registry // nil = every built-in connector
	Actor          string           // who acts, for the audit trail; "" = OS user@host
	HTTPTimeout    time.Duration    // per request; 0 = connector default
	Concurrency    int              // connections refreshed at once; 0 = 4
	Logger         *slog.Logger
	// ReadOnly opens an existing folder for reading only: no keyring, no connector clients, no
	// network; every write answers session.CodeReadOnly.
	ReadOnly bool
}

// Workspace is an open data folder.
type Workspace struct {
	opts    Options
	st      *store.Store
	reg     *source.Registry
	sec     secrets.Store
	demoSec *secrets.Memory
	log     *slog.Logger
	running *jobs.Manager // background jobs and sign-outs under way; Close waits for them

	enrich  *geo.Enricher   // guarded by mu
	retired []*geo.Enricher // replaced enrichers, closed with the workspace

	mu      sync.Mutex
	clients map[int64]source.Client
	demo    *demo

	bundle *BundleInfo // the bundle this read-only workspace shows; its checked copy is Home (bundle_open.go)
}

// DefaultHome is the per-user data folder, overridable with SESSIONSCOPE_HOME.
func DefaultHome() (string, error) {
	if h := os.Getenv("SESSIONSCOPE_HOME"); h != "" {
		return h, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find a data folder (set SESSIONSCOPE_HOME): %w", err)
	}
	return filepath.Join(dir, "sessionscope"), nil
}

// Open opens (creating if needed) the workspace in opts.Home.
func Open(ctx context.Context, opts Options) (*Workspace, error) {
	if opts.Home == "" {
		return nil, errors.New("no data folder given")
	}
	limitGoMemory()
	dbPath := filepath.Join(opts.Home, databaseFile)
	if opts.ReadOnly {
		if _, err := os.Stat(dbPath); err != nil {
			return nil, fmt.Errorf("no SessionScope data to open read-only in %s: %w", opts.Home, err)
		}
	} else if err := os.MkdirAll(opts.Home, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", opts.Home, err)
	}
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	if opts.Registry == nil {
		opts.Registry = connectors.Default()
	}
	switch {
	case opts.ReadOnly:
		opts.Secrets = noSecrets{}
	case opts.Secrets == nil:
		service := opts.KeyringService
		if service == "" {
			service = "sessionscope"
		}
		opts.Secrets = secrets.NewKeyring(service)
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Actor == "" {
		opts.Actor = localActor()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	w := &Workspace{opts: opts, st: st, reg: opts.Registry, sec: opts.Secrets, demoSec: secrets.NewMemory(),
		log: opts.Logger, running: jobs.NewManager(), clients: map[int64]source.Client{}}
	if w.enrich, err = w.openEnricher(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("open the GeoIP / user-agent databases: %w", err)
	}
	return w, nil
}

func localActor() string {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	host, _ := os.Hostname()
	if host == "" {
		return name
	}
	return name + "@" + host
}

// Close stops the running jobs (waiting for them, so no snapshot or audit entry is left
// half-written), then closes clients, the demo simulators and the store.
func (w *Workspace) Close() error {
	w.CancelJobs()
	w.mu.Lock()
	for id, c := range w.clients {
		c.Close()
		delete(w.clients, id)
	}
	d := w.demo
	w.demo = nil
	enrichers := append(w.retired, w.enrich)
	w.retired = nil
	w.mu.Unlock()
	if d != nil {
		d.close()
	}
	for _, e := range enrichers {
		e.Close()
	}
	err := w.st.Close()
	if w.bundle != nil { // the checked copy of a bundle is this workspace's alone
		err = errors.Join(err, os.RemoveAll(w.opts.Home))
	}
	return err
}

// Home is the data folder.
func (w *Workspace) Home() string { return w.opts.Home }

// SecretsDescription names where secrets are kept.
func (w *Workspace) SecretsDescription() string { return w.sec.Describe() }

// Prepared waits until the store's background work on the current snapshots (the users
// ranking, the sort ranks) is done, so benchmarks and tests can time queries apart from it.
func (w *Workspace) Prepared(ctx context.Context) error { return w.st.Prepared(ctx) }
