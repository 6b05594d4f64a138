package workspace

import (
	"context"
	"fmt"
	"strings"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

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
