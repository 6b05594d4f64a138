package kratossim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for Config.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a simulator mounted on an httptest server (loopback only).
type env struct {
	t     *testing.T
	sim   *Server
	srv   *httptest.Server
	clock *fakeClock
	key   string // sent as Bearer when set
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	clock := newClock()
	if cfg.Now == nil {
		cfg.Now = clock.Now
	}
	sim := New(cfg)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { srv.Close(); _ = sim.Close() })
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
