package keycloaksim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sessionscope/backend/source/sim/simkit/simtest"
)

// newClock is a settable clock for Config.Now.
func newClock() *simtest.Clock { return simtest.NewClock(simtest.Epoch) }

// env is a simulator mounted on an httptest server (loopback only) with a service-account token.
type env struct {
	t     *testing.T
	sim   *Server
	srv   *httptest.Server
	clock *simtest.Clock
	token string
	realm string
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	clock := newClock()
	if cfg.Now == nil {
		cfg.Now = clock.Now
	}
	sim := New(cfg)
	srv := simtest.Mount(t, sim.Handler(), sim)
	e := &env{t: t, sim: sim, srv: srv, clock: clock, realm: sim.Realm()}
	e.token = e.clientCredentials()
	return e
}

type tokenResp struct {
	AccessToken      string `json:"access_token"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshExpiresIn int64  `json:"refresh_expires_in"`
	RefreshToken     string `json:"refresh_token"`
	TokenType        string `json:"token_type"`
	IDToken          string `json:"id_token"`
	SessionState     string `json:"session_state"`
	Scope            string `json:"scope"`
	Error            string `json:"error"`
	Description      string `json:"error_description"`
}

func (e *env) oidc(p string) string {
	return e.srv.URL + e.sim.cfg.ContextPath + "/realms/" + e.realm + "/protocol/openid-connect/" + p
}

func (e *env) tokenRequest(form url.Values) (int, tokenResp) {
	e.t.Helper()
	resp, err := http.PostForm(e.oidc("token"), form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr tokenResp
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		e.t.Fatalf("token response: %v", err)
	}
	return resp.StatusCode, tr
}

func (e *env) clientCredentials() string {
	e.t.Helper()
	c := e.sim.Credentials()
	code, tr := e.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}})
	if code != 200 || tr.AccessToken == "" {
		e.t.Fatalf("client credentials: %d %+v", code, tr)
	}
	return tr.AccessToken
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

// kcError returns the "error" of a Keycloak error body.
func (r response) kcError(t *testing.T) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	r.json(t, &e)
	return e.Error
}

// do sends a request with token (none if "") to path below the server root.
func (e *env) do(method, path, token string, body string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

// admin GETs /admin/realms/{realm}/{p} with the env's token.
func (e *env) admin(p string) response {
	return e.do("GET", "/admin/realms/"+e.realm+"/"+strings.TrimPrefix(p, "/"), e.token, "")
}

func (e *env) adminDo(method, p, body string) response {
	return e.do(method, "/admin/realms/"+e.realm+"/"+strings.TrimPrefix(p, "/"), e.token, body)
}

type stat struct {
	ID, ClientID, Active, Offline string
}

func (e *env) stats() []stat {
	e.t.Helper()
	r := e.admin("client-session-stats")
	if r.status != 200 {
		e.t.Fatalf("stats: %d %s", r.status, r.body)
	}
	var out []stat
	r.json(e.t, &out)
	return out
}

type rep struct {
	ID         string            `json:"id"`
	Username   string            `json:"username"`
	UserID     string            `json:"userId"`
	IPAddress  string            `json:"ipAddress"`
	Start      int64             `json:"start"`
	LastAccess int64             `json:"lastAccess"`
	RememberMe *bool             `json:"rememberMe"`
	Clients    map[string]string `json:"clients"`
	Type       string            `json:"type"`
}

// clientSessions pages through one client's listing with page size max.
func (e *env) clientSessions(clientUUID, kind string, max int) []rep {
	e.t.Helper()
	var out []rep
	for first := 0; ; first += max {
		r := e.admin("clients/" + clientUUID + "/" + kind + "?first=" + strconv.Itoa(first) + "&max=" + strconv.Itoa(max))
		if r.status != 200 {
			e.t.Fatalf("%s: %d %s", kind, r.status, r.body)
		}
		var page []rep
		r.json(e.t, &page)
		out = append(out, page...)
		if len(page) < max {
			return out
		}
	}
}

func newRequest(method, path, token string) *http.Request {
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}
