// Package workspace is one SessionScope data folder in use: the SQLite store, the connector
// registry, the secrets, the open connector clients and the demo simulators. The desktop app
// and the command line both drive the product through it; it never imports Wails.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/geo"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/auth0"
	"sessionscope/backend/source/keycloak"
	"sessionscope/backend/source/kratos"
	"sessionscope/backend/source/salesforce"
	"sessionscope/backend/store"
)

// Options configure a workspace.
type Options struct {
	Home        string           // data folder; created if missing
	Secrets     secrets.Store    // the OS keyring in production
	Registry    *source.Registry // nil = every built-in connector
	Actor       string           // who acts, for the audit trail; "" = OS user@host
	HTTPTimeout time.Duration    // per request; 0 = connector default
	Concurrency int              // connections refreshed at once; 0 = 4
	Logger      *slog.Logger
}

// Workspace is an open data folder.
type Workspace struct {
	opts    Options
	st      *store.Store
	reg     *source.Registry
	sec     secrets.Store
	demoSec *secrets.Memory
	log     *slog.Logger

	enrich  *geo.Enricher   // guarded by mu
	retired []*geo.Enricher // replaced enrichers, closed with the workspace

	mu      sync.Mutex
	clients map[int64]source.Client
	demo    *demo
}

// DefaultRegistry holds every connector this build ships.
func DefaultRegistry() *source.Registry {
	return source.NewRegistry(&salesforce.Connector{}, &keycloak.Connector{}, &kratos.Connector{}, &auth0.Connector{})
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
	if err := os.MkdirAll(opts.Home, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", opts.Home, err)
	}
	st, err := store.Open(ctx, filepath.Join(opts.Home, "sessionscope.db"))
	if err != nil {
		return nil, err
	}
	if opts.Registry == nil {
		opts.Registry = DefaultRegistry()
	}
	if opts.Secrets == nil {
		opts.Secrets = secrets.NewKeyring("sessionscope")
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
		log: opts.Logger, clients: map[int64]source.Client{}}
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

// Close closes clients, the demo simulators and the store.
func (w *Workspace) Close() error {
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
	return w.st.Close()
}

// Store is the workspace's database.
func (w *Workspace) Store() *store.Store { return w.st }

// Registry is the workspace's connector registry.
func (w *Workspace) Registry() *source.Registry { return w.reg }

// Home is the data folder.
func (w *Workspace) Home() string { return w.opts.Home }

// SecretsDescription names where secrets are kept.
func (w *Workspace) SecretsDescription() string { return w.sec.Describe() }

// Connections lists connections with their current snapshots.
func (w *Workspace) Connections(ctx context.Context) ([]session.Connection, error) {
	return w.st.Connections(ctx)
}

// NewConnection is what adding a connection needs. Secret option values go to the keyring only.
type NewConnection struct {
	Kind    string
	Name    string
	URL     string
	Options map[string]string
	Secrets map[string]string
}

// AddConnection validates, stores the connection and puts its secrets in the keyring. If the
// keyring refuses, the connection is removed again: nothing half-configured is left behind.
func (w *Workspace) AddConnection(ctx context.Context, nc NewConnection) (session.Connection, error) {
	conn, err := w.reg.Get(nc.Kind)
	if err != nil {
		return session.Connection{}, err
	}
	desc := conn.Describe()
	opts := map[string]string{}
	for k, v := range nc.Options {
		if isSecret(desc, k) {
			return session.Connection{}, fmt.Errorf("option %q is a secret: pass it as a secret, never as an option", k)
		}
		opts[k] = strings.TrimSpace(v)
	}
	for _, o := range desc.Options {
		if o.Required && o.Secret && nc.Secrets[o.Name] == "" {
			return session.Connection{}, fmt.Errorf("%s needs %s", desc.DisplayName, strings.ToLower(o.Label))
		}
	}
	if err := conn.Validate(source.Config{Name: nc.Name, URL: nc.URL, Options: opts}); err != nil {
		return session.Connection{}, err
	}
	c, err := w.st.AddConnection(ctx, session.Connection{Name: nc.Name, Kind: nc.Kind, URL: nc.URL, Options: opts})
	if err != nil {
		return c, err
	}
	for k, v := range nc.Secrets {
		if !isSecret(desc, k) {
			continue
		}
		if err := w.sec.Set(ctx, secrets.Account(c.ID, k), v); err != nil {
			w.RemoveConnection(context.WithoutCancel(ctx), c.ID)
			return session.Connection{}, fmt.Errorf("store the %s in the OS keyring: %w", k, err)
		}
	}
	return c, nil
}

func isSecret(d source.Descriptor, name string) bool {
	for _, o := range d.Options {
		if o.Name == name {
			return o.Secret
		}
	}
	return false
}

// RemoveConnection deletes a connection, its data and its keyring entries.
func (w *Workspace) RemoveConnection(ctx context.Context, id int64) error {
	c, err := w.st.Connection(ctx, id)
	if err != nil {
		return err
	}
	w.dropClient(id)
	if conn, err := w.reg.Get(c.Kind); err == nil && !c.Demo {
		for _, o := range conn.Describe().Options {
			if o.Secret {
				if err := w.sec.Delete(ctx, secrets.Account(id, o.Name)); err != nil {
					return fmt.Errorf("remove the %s of %q from the OS keyring: %w", o.Name, c.Name, err)
				}
			}
		}
	}
	return w.st.RemoveConnection(ctx, id)
}

func (w *Workspace) dropClient(id int64) {
	w.mu.Lock()
	if c := w.clients[id]; c != nil {
		c.Close()
		delete(w.clients, id)
	}
	w.mu.Unlock()
}

// Client returns the open client of a connection, opening it on first use.
func (w *Workspace) Client(ctx context.Context, c session.Connection) (source.Client, error) {
	if c.Demo {
		if err := w.ensureDemo(ctx); err != nil {
			return nil, err
		}
		// The simulators move to new ports on every start.
		fresh, err := w.st.Connection(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		c = fresh
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if cl := w.clients[c.ID]; cl != nil {
		return cl, nil
	}
	conn, err := w.reg.Get(c.Kind)
	if err != nil {
		return nil, err
	}
	cl, err := conn.Open(ctx, source.Config{Name: c.Name, URL: c.URL, Options: c.Options,
		Secrets: secrets.ForConnection(w.secretsOf(c), c.ID), HTTPTimeout: w.opts.HTTPTimeout})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", c.Name, err)
	}
	w.clients[c.ID] = cl
	return cl, nil
}

// secretsOf is where a connection's secrets live: the OS keyring, or memory for the demo's
// throwaway simulator credentials.
func (w *Workspace) secretsOf(c session.Connection) secrets.Store {
	if c.Demo {
		return w.demoSec
	}
	return w.sec
}

// Capabilities says what a connection's connector can do (without contacting the server).
func (w *Workspace) Capabilities(ctx context.Context, c session.Connection) source.Capabilities {
	cl, err := w.Client(ctx, c)
	if err != nil {
		return source.Capabilities{}
	}
	return source.CapabilitiesOf(cl)
}

// SessionIDIsSecret reports whether the session ids of a connector kind are bearer credentials
// (shown shortened, never logged).
func (w *Workspace) SessionIDIsSecret(kind string) bool {
	conn, err := w.reg.Get(kind)
	return err == nil && conn.Describe().SessionIDIsSecret
}

// Descriptor returns the connector descriptor of a connection.
func (w *Workspace) Descriptor(c session.Connection) source.Descriptor {
	conn, err := w.reg.Get(c.Kind)
	if err != nil {
		return source.Descriptor{Kind: c.Kind, DisplayName: c.Kind}
	}
	return conn.Describe()
}
