package workspace

import (
	"context"
	"fmt"
	"strings"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Connections lists connections with their current snapshots.
func (w *Workspace) Connections(ctx context.Context) ([]session.Connection, error) {
	return w.st.Connections(ctx)
}

// Connection returns one connection with its current snapshot.
func (w *Workspace) Connection(ctx context.Context, id int64) (session.Connection, error) {
	return w.st.Connection(ctx, id)
}

// ConnectionByName returns the connection of that name (how the command line names them).
func (w *Workspace) ConnectionByName(ctx context.Context, name string) (session.Connection, error) {
	return w.st.ConnectionByName(ctx, name)
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
	if err := w.refuseWrite("adding a connection"); err != nil {
		return session.Connection{}, err
	}
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
	if err := w.refuseWrite("removing a connection"); err != nil {
		return err
	}
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

// StoredSecrets says, per secret option of the connection's kind, whether a value is in the
// keyring. Values are never read back out for display.
func (w *Workspace) StoredSecrets(ctx context.Context, c session.Connection) map[string]bool {
	out := map[string]bool{}
	sec := w.secretsOf(c)
	for _, o := range w.Descriptor(c).Options {
		if o.Secret {
			_, err := sec.Get(ctx, secrets.Account(c.ID, o.Name))
			out[o.Name] = err == nil
		}
	}
	return out
}

// UpdateConnection changes a connection's name, URL and options; secrets given non-empty
// replace the stored ones, empty ones are left as they are.
func (w *Workspace) UpdateConnection(ctx context.Context, id int64, nc NewConnection) (session.Connection, error) {
	if err := w.refuseWrite("editing a connection"); err != nil {
		return session.Connection{}, err
	}
	c, err := w.st.Connection(ctx, id)
	if err != nil {
		return c, err
	}
	if c.Demo {
		return c, fmt.Errorf("demo connections cannot be edited")
	}
	conn, err := w.reg.Get(c.Kind)
	if err != nil {
		return c, err
	}
	desc := conn.Describe()
	opts := map[string]string{}
	for k, v := range nc.Options {
		if isSecret(desc, k) {
			return c, fmt.Errorf("option %q is a secret: pass it as a secret, never as an option", k)
		}
		if v = strings.TrimSpace(v); v != "" {
			opts[k] = v
		}
	}
	if err := conn.Validate(source.Config{Name: nc.Name, URL: nc.URL, Options: opts}); err != nil {
		return c, err
	}
	// The database first: if it refuses (a duplicate name), the keyring is left as it was.
	if err := w.st.UpdateConnection(ctx, id, nc.Name, nc.URL, opts); err != nil {
		return c, err
	}
	for k, v := range nc.Secrets {
		if !isSecret(desc, k) || v == "" {
			continue
		}
		if err := w.sec.Set(ctx, secrets.Account(id, k), v); err != nil {
			return c, fmt.Errorf("the settings were saved, but storing the %s in the OS keyring failed: %w", k, err)
		}
	}
	// New settings deserve a new try: a connection that needed a sign-in is no longer known bad.
	if c.Status == session.StatusNeedsSignIn || c.Status == session.StatusError {
		status := session.StatusNever
		if c.Current != nil {
			status = session.StatusOK
		}
		if err := w.st.SetConnectionStatus(ctx, id, status, ""); err != nil {
			return c, err
		}
	}
	w.dropClient(id) // the next use opens a client with the new settings
	return w.st.Connection(ctx, id)
}

// TestConnection contacts the server: who the app is signed in as, whether the needed
// permissions are there, the API limits. The connection's status follows the outcome.
func (w *Workspace) TestConnection(ctx context.Context, id int64) (source.Health, error) {
	if err := w.refuseWrite("testing a connection"); err != nil {
		return source.Health{}, err
	}
	c, err := w.st.Connection(ctx, id)
	if err != nil {
		return source.Health{}, err
	}
	cl, err := w.Client(ctx, c)
	if err != nil {
		return source.Health{}, err
	}
	var h source.Health
	switch x := cl.(type) {
	case source.HealthChecker:
		h, err = x.Check(ctx)
	case source.Identity:
		h.SignedInAs, err = x.WhoAmI(ctx)
	default:
		err = cl.ListSessions(ctx, func(source.Page) error { return errStopAfterFirst })
		if err == errStopAfterFirst {
			err = nil
		}
	}
	if err != nil {
		w.noteFailure(ctx, c, err)
		return h, err
	}
	if c.Status == session.StatusError || c.Status == session.StatusNeedsSignIn {
		status := session.StatusNever
		if c.Current != nil {
			status = session.StatusOK
		}
		_ = w.st.SetConnectionStatus(ctx, id, status, "")
	}
	return h, nil
}

var errStopAfterFirst = fmt.Errorf("stop after the first page")
