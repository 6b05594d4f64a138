package salesforcesim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"sessionscope/backend/source/sim/simkit/simtest"
)

// newClock is a settable clock for Config.Now.
func newClock() *simtest.Clock { return simtest.NewClock(simtest.Epoch) }

// env is a simulator mounted on an httptest server (loopback only) with a logged-in admin.
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
	sim := New(cfg)
	srv := simtest.Mount(t, sim.Handler(), sim)
	e := &env{t: t, sim: sim, srv: srv, clock: clock}
	e.token = e.refresh()
	return e
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	InstanceURL string `json:"instance_url"`
	ID          string `json:"id"`
	TokenType   string `json:"token_type"`
	IssuedAt    string `json:"issued_at"`
	Signature   string `json:"signature"`
	Scope       string `json:"scope"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func (e *env) tokenRequest(form url.Values) (int, tokenResponse) {
	e.t.Helper()
	resp, err := http.PostForm(e.srv.URL+"/services/oauth2/token", form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		e.t.Fatalf("token response: %v", err)
	}
	return resp.StatusCode, tr
}

func (e *env) refresh() string {
	e.t.Helper()
	c := e.sim.Credentials()
	code, tr := e.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID},
		"client_secret": {c.ClientSecret}, "refresh_token": {c.RefreshToken}})
	if code != 200 || tr.AccessToken == "" {
		e.t.Fatalf("refresh grant: %d %+v", code, tr)
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

// errorCode returns the errorCode of a REST error array.
func (r response) errorCode(t *testing.T) string {
	t.Helper()
	var errs []struct{ ErrorCode, Message string }
	r.json(t, &errs)
	if len(errs) != 1 {
		t.Fatalf("want one error, got %s", r.body)
	}
	return errs[0].ErrorCode
}

// do sends a request with the env's token (if token is "", none) and extra headers.
func (e *env) do(method, path, token string, headers ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
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

func (e *env) get(path string, headers ...string) response {
	return e.do("GET", path, e.token, headers...)
}

const v = "/services/data/v66.0"

func queryPath(soql string) string { return v + "/query?q=" + url.QueryEscape(soql) }

type queryPage struct {
	TotalSize      int              `json:"totalSize"`
	Done           bool             `json:"done"`
	NextRecordsURL string           `json:"nextRecordsUrl"`
	Records        []map[string]any `json:"records"`
}

// queryAll runs soql and follows nextRecordsUrl to the end.
func (e *env) queryAll(soql string, headers ...string) (total int, records []map[string]any, pages int) {
	e.t.Helper()
	path := queryPath(soql)
	for {
		r := e.get(path, headers...)
		if r.status != 200 {
			e.t.Fatalf("query %s: %d %s", path, r.status, r.body)
		}
		var p queryPage
		r.json(e.t, &p)
		pages++
		total = p.TotalSize
		records = append(records, p.Records...)
		if p.Done {
			return total, records, pages
		}
		path = p.NextRecordsURL
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
