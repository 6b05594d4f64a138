package keycloak_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/signin"
	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

// followingBrowser plays the user's browser: it loads the authorization URL and follows the
// simulator's redirect to the app's loopback listener.
type followingBrowser struct{ t *testing.T }

func (b followingBrowser) Open(ctx context.Context, u string) error {
	go func() {
		resp, err := http.Get(u)
		if err != nil {
			b.t.Errorf("browser: %v", err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	return nil
}

func TestSignInSpecWithTheSignInPackage(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20, ContextPath: "/auth"}, nil)
	e.cfg.Options[keycloak.OptClientID] = kcsim.PublicClientID
	spec, err := (&keycloak.Connector{}).SignInSpec(source.Config{URL: e.cfg.URL + "/", Options: e.cfg.Options})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(spec.AuthURL, "/auth/realms/acme/protocol/openid-connect/auth") || spec.Port != 0 ||
		spec.Host != "127.0.0.1" || spec.RefreshSecret != keycloak.SecretRefresh {
		t.Fatalf("%+v", spec)
	}
	tok, err := signin.Run(ctx(), signin.Request{AuthURL: spec.AuthURL, TokenURL: spec.TokenURL, ClientID: spec.ClientID,
		Scopes: spec.Scopes, Host: spec.Host, Port: spec.Port, Path: spec.Path, Browser: followingBrowser{t},
		Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e.sec.Set(ctx(), keycloak.SecretRefresh, tok.RefreshToken)
	e.sec.Set(ctx(), keycloak.SecretClient, "")
	cl := e.open()
	pages, err := list(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	current := 0
	for _, s := range all(pages) {
		if s.IsCurrent {
			current++
		}
	}
	if current != 2 { // the sign-in's SSO session and the offline session of its offline token
		t.Fatalf("%d sessions marked current", current)
	}
	if _, err := (&keycloak.Connector{}).SignInSpec(source.Config{URL: "https://x/realms/y", Options: e.cfg.Options}); err == nil {
		t.Fatal("SignInSpec validates the configuration")
	}
}
