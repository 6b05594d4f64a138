package auth0sim

import (
	"bytes"
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

// env is a simulator mounted on an httptest server (loopback only) with a token.
type env struct {
	t     *testing.T
	sim   *Server
	srv   *httptest.Server
	clock *simtest.Clock
	token string
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	clock := newClock()
	if cfg.Now == nil {
		cfg.Now = clock.Now
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 100000
	}
	sim := New(cfg)
	srv := simtest.Mount(t, sim.Handler(), sim)
	e := &env{t: t, sim: sim, srv: srv, clock: clock}
	st, body := e.grant(e.creds())
	if st != http.StatusOK {
		t.Fatalf("token grant: %d %s", st, body)
	}
	e.token = body["access_token"].(string)
	return e
}

func (e *env) audience() string { return e.srv.URL + "/api/v2/" }

func (e *env) creds() url.Values {
	c := e.sim.Credentials()
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID},
		"client_secret": {c.ClientSecret}, "audience": {e.audience()}}
}

// grant posts a form to /oauth/token.
func (e *env) grant(form url.Values) (int, map[string]any) {
	e.t.Helper()
	resp, err := http.PostForm(e.srv.URL+"/oauth/token", form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		e.t.Fatalf("token response: %v", err)
	}
	return resp.StatusCode, out
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
}

// apiErr decodes an Auth0 error body and checks its status field.
func (r result) apiErr(t *testing.T) apiError {
	t.Helper()
	var ae apiError
	r.json(t, &ae)
	if ae.StatusCode != r.status || ae.Error != http.StatusText(r.status) || ae.Message == "" {
		t.Fatalf("error body %s does not match status %d", r.body, r.status)
	}
	return ae
}

// call sends an API request with the env's token (or tok when given).
func (e *env) call(method, path string, body any, tok ...string) result {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	t := e.token
	if len(tok) > 0 {
		t = tok[0]
	}
	if t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return result{resp.StatusCode, resp.Header, b}
}

func (e *env) get(path string) result { return e.call(http.MethodGet, path, nil) }

func userPath(id string, tail ...string) string {
	return "/api/v2/users/" + url.PathEscape(id) + strings.Join(tail, "")
}

type usersResp struct {
	Start, Limit, Length, Total int
	Users                       []map[string]any
}

type sessionsResp struct {
	Sessions []map[string]any `json:"sessions"`
	Next     string           `json:"next"`
}

func itoa(n int) string { return strconv.Itoa(n) }
