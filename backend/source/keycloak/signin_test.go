package keycloak_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sessionscope/backend/source/keycloak"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

// signIn plays the interactive sign-in against the simulator (authorization code + PKCE with
// a loopback redirect) and returns the refresh token and the token response's session_state.
func signIn(t *testing.T, base, realm, scope string) (refresh, sid string) {
	t.Helper()
	b := make([]byte, 48)
	rand.Read(b)
	verifier := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	redirect := "http://127.0.0.1:49152/callback"
	q := url.Values{"client_id": {kcsim.PublicClientID}, "redirect_uri": {redirect}, "response_type": {"code"},
		"scope": {scope}, "state": {"st4te"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(base + "/realms/" + realm + "/protocol/openid-connect/auth?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), redirect) {
		t.Fatalf("authorization: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if loc.Query().Get("state") != "st4te" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect lacks state or code: %s", loc)
	}
	resp, err = http.PostForm(base+"/realms/"+realm+"/protocol/openid-connect/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {redirect},
		"client_id": {kcsim.PublicClientID}, "code_verifier": {verifier}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr struct {
		RefreshToken string `json:"refresh_token"`
		SessionState string `json:"session_state"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil || resp.StatusCode != 200 || tr.RefreshToken == "" {
		t.Fatalf("code exchange: %d %v", resp.StatusCode, err)
	}
	return tr.RefreshToken, tr.SessionState
}

// newInteractiveEnv is newEnv signed in as the simulator's admin through the public client,
// with no client secret stored.
func newInteractiveEnv(t *testing.T, cfg kcsim.Config, scope string, opts map[string]string) (*env, string) {
	t.Helper()
	e := newEnv(t, cfg, opts)
	rt, sid := signIn(t, e.cfg.URL, e.sim.Realm(), scope)
	if err := e.sec.Set(ctx(), keycloak.SecretClient, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.sec.Set(ctx(), keycloak.SecretRefresh, rt); err != nil {
		t.Fatal(err)
	}
	e.cfg.Options[keycloak.OptClientID] = kcsim.PublicClientID
	e.cl = e.open()
	return e, sid
}
