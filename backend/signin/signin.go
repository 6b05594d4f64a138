// Package signin runs the interactive OAuth sign-in of a desktop app: the authorization-code
// flow with PKCE (S256) on a loopback redirect, in the user's own browser. The app listens on
// 127.0.0.1 (a fixed port where the server matches callback URLs exactly, as Salesforce does,
// or any free port where the server allows it, as Keycloak does for loopback), opens the
// authorization URL, takes the code from the redirect, checks the state and redeems the code
// with the verifier.
//
// Imported by backend/workspace only (and connector tests): the window and the command line
// start a sign-in through the workspace.
package signin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// Browser shows the user a URL.
type Browser interface {
	Open(ctx context.Context, url string) error
}

// SystemBrowser opens the OS default browser.
type SystemBrowser struct{}

// Open starts the platform's URL opener.
func (SystemBrowser) Open(ctx context.Context, u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", u)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open the browser (visit the sign-in page yourself): %w", err)
	}
	go cmd.Wait()
	return nil
}

// Request describes one sign-in.
type Request struct {
	AuthURL  string
	TokenURL string
	ClientID string
	Scopes   []string
	Host     string // host in the redirect URI: "localhost" or "127.0.0.1"
	Port     int    // 0 = any free port
	Path     string // redirect path, e.g. "/OauthRedirect"
	HTTP     *http.Client
	Browser  Browser
	Timeout  time.Duration // how long to wait for the user; default 5 minutes
}

// Run performs the sign-in and returns the token (with its refresh token).
func Run(ctx context.Context, req Request) (*oauth2.Token, error) {
	if req.Host == "" {
		req.Host = "127.0.0.1"
	}
	if req.Path == "" {
		req.Path = "/callback"
	}
	if req.Timeout == 0 {
		req.Timeout = 5 * time.Minute
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(req.Port)))
	if err != nil {
		return nil, fmt.Errorf("listen for the sign-in redirect on port %d (is another sign-in running?): %w", req.Port, err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	conf := &oauth2.Config{
		ClientID:    req.ClientID,
		Endpoint:    oauth2.Endpoint{AuthURL: req.AuthURL, TokenURL: req.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: "http://" + net.JoinHostPort(req.Host, strconv.Itoa(port)) + req.Path,
		Scopes:      req.Scopes,
	}
	state, err := randomString()
	if err != nil {
		return nil, err
	}
	verifier := oauth2.GenerateVerifier()

	type result struct {
		code string
		err  error
	}
	got := make(chan result, 1)
	mux := http.NewServeMux()
	mux.HandleFunc(req.Path, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("state") != state {
			// Not this sign-in's answer (a stray or forged request): refuse it and keep waiting.
			http.Error(w, "This is not the answer to SessionScope's sign-in request.", http.StatusBadRequest)
			return
		}
		var res result
		switch {
		case q.Get("error") != "":
			res.err = fmt.Errorf("the server refused the sign-in: %s %s", q.Get("error"), q.Get("error_description"))
		case q.Get("code") == "":
			res.err = errors.New("the sign-in answer has no authorization code")
		default:
			res.code = q.Get("code")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		msg := "Signed in. You can close this window and return to SessionScope."
		if res.err != nil {
			msg = "Sign-in failed: " + res.err.Error()
		}
		fmt.Fprintf(w, "<!doctype html><title>SessionScope</title><p>%s</p>", html.EscapeString(msg))
		select {
		case got <- res:
		default:
		}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	authURL := conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
	if err := req.Browser.Open(ctx, authURL); err != nil {
		return nil, err
	}
	wait, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()
	var res result
	select {
	case res = <-got:
	case <-wait.Done():
		return nil, fmt.Errorf("no sign-in within %s: %w", req.Timeout, wait.Err())
	}
	if res.err != nil {
		return nil, res.err
	}
	hctx := ctx
	if req.HTTP != nil {
		hctx = context.WithValue(ctx, oauth2.HTTPClient, req.HTTP)
	}
	tok, err := conf.Exchange(hctx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, fmt.Errorf("redeeming the sign-in code failed: %s %s", re.ErrorCode, re.ErrorDescription)
		}
		return nil, fmt.Errorf("redeeming the sign-in code failed: %w", err)
	}
	if tok.RefreshToken == "" {
		return nil, errors.New("the server signed in but gave no refresh token: allow the refresh_token scope / offline access for this client")
	}
	return tok, nil
}

func randomString() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
