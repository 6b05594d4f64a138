package kratossim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source/sim/simkit/simtest"
)

// newClock is a settable clock for Config.Now.
func newClock() *simtest.Clock { return simtest.NewClock(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)) }

// env is a simulator mounted on an httptest server (loopback only).
type env struct {
	t     *testing.T
	sim   *Server
	srv   *httptest.Server
	clock *simtest.Clock
	key   string // sent as Bearer when set
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	clock := newClock()
	if cfg.Now == nil {
		cfg.Now = clock.Now
	}
	sim := New(cfg)
	srv := simtest.Mount(t, sim.Handler(), sim)
	return &env{t: t, sim: sim, srv: srv, clock: clock, key: cfg.APIKey}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) do(method, path, body string) reply {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if e.key != "" {
		req.Header.Set("Authorization", "Bearer "+e.key)
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
	return reply{resp.StatusCode, resp.Header, b}
}

func (e *env) get(path string) reply { return e.do(http.MethodGet, path, "") }

// sessions decodes a listing.
func (r reply) sessions(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("%d %s: %v", r.status, r.body, err)
	}
	return out
}

// apiErr decodes Kratos's error body.
func (r reply) apiErr(t *testing.T) errorField {
	t.Helper()
	var e herodotError
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code != r.status {
		t.Fatalf("not a Kratos error body (%d): %s", r.status, r.body)
	}
	return e.Error
}

// links parses the Link header lines into rel → URL.
func (r reply) links() map[string]string {
	out := map[string]string{}
	for _, v := range r.header.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			u, params, ok := strings.Cut(part, ";")
			if !ok {
				continue
			}
			rel := strings.Trim(strings.TrimPrefix(strings.TrimSpace(params), "rel="), `"`)
			out[rel] = strings.Trim(strings.TrimSpace(u), "<>")
		}
	}
	return out
}
