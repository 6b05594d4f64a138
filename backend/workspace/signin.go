package workspace

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/signin"
	"sessionscope/backend/source"
)

// SignIn runs the connector's interactive browser sign-in for a connection and keeps the
// refresh token in the OS keyring. The access token is not kept: the client gets its own.
func (w *Workspace) SignIn(ctx context.Context, id int64, browser Browser) error {
	if err := w.refuseWrite("signing in"); err != nil {
		return err
	}
	c, err := w.st.Connection(ctx, id)
	if err != nil {
		return err
	}
	conn, err := w.reg.Get(c.Kind)
	if err != nil {
		return err
	}
	is, ok := conn.(source.InteractiveSignIn)
	if !ok {
		return &CodedError{CodeNotSupported, w.Descriptor(c).DisplayName + " connections sign in with stored credentials, not in the browser"}
	}
	spec, err := is.SignInSpec(source.Config{Name: c.Name, URL: c.URL, Options: c.Options})
	if err != nil {
		return err
	}
	tok, err := signin.Run(ctx, signin.Request{AuthURL: spec.AuthURL, TokenURL: spec.TokenURL, ClientID: spec.ClientID,
		Scopes: spec.Scopes, Host: spec.Host, Port: spec.Port, Path: spec.Path, Browser: browser,
		HTTP: &http.Client{Timeout: time.Minute}})
	if err != nil {
		return fmt.Errorf("sign in to %s: %w", c.Name, err)
	}
	if err := w.secretsOf(c).Set(ctx, secrets.Account(id, spec.RefreshSecret), tok.RefreshToken); err != nil {
		return fmt.Errorf("keep the refresh token of %s in the OS keyring: %w", c.Name, err)
	}
	w.dropClient(id)
	status := session.StatusNever
	if c.Current != nil {
		status = session.StatusOK
	}
	return w.st.SetConnectionStatus(ctx, id, status, "")
}
