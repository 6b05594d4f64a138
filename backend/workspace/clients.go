package workspace

import (
	"context"
	"fmt"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Kinds lists the connector kinds this build knows, with their option schema.
func (w *Workspace) Kinds() []Descriptor { return w.reg.Kinds() }

// Kind returns the descriptor of one connector kind; an unknown kind is an error.
func (w *Workspace) Kind(kind string) (Descriptor, error) {
	conn, err := w.reg.Get(kind)
	if err != nil {
		return Descriptor{}, err
	}
	d := conn.Describe()
	_, d.SignIn = conn.(source.InteractiveSignIn)
	return d, nil
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
	if err := w.refuseWrite("contacting " + c.Name); err != nil {
		return nil, err
	}
	if imported(c) { // csv_import.go
		return nil, &CodedError{CodeNotSupported, c.Name + " was imported from a file and has no server: import a newer export instead"}
	}
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
// A read-only workspace can do nothing on any server, so it reports no capability.
func (w *Workspace) Capabilities(ctx context.Context, c session.Connection) Capabilities {
	if w.opts.ReadOnly {
		return Capabilities{}
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return Capabilities{}
	}
	return source.CapabilitiesOf(cl)
}

// SessionIDIsSecret reports whether the session ids of a connector kind are bearer credentials
// (shown shortened, never logged).
func (w *Workspace) SessionIDIsSecret(kind string) bool {
	conn, err := w.reg.Get(kind)
	return err == nil && conn.Describe().SessionIDIsSecret
}

// KindTraits are what the views need to know of a connector kind's sessions.
type KindTraits struct {
	SessionIDIsSecret bool // ids are bearer credentials: shown shortened, never logged
	NoLastActive      bool // the server reports no last-activity time
}

// Traits returns the traits of a connector kind's sessions (none for an unknown kind).
func (w *Workspace) Traits(kind string) KindTraits {
	conn, err := w.reg.Get(kind)
	if err != nil {
		return KindTraits{}
	}
	d := conn.Describe()
	return KindTraits{SessionIDIsSecret: d.SessionIDIsSecret, NoLastActive: d.NoLastActive}
}

// Descriptor returns the connector descriptor of a connection.
func (w *Workspace) Descriptor(c session.Connection) Descriptor {
	conn, err := w.reg.Get(c.Kind)
	if err != nil {
		return Descriptor{Kind: c.Kind, DisplayName: c.Kind}
	}
	return conn.Describe()
}
