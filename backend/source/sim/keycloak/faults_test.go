package keycloaksim

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFaultKinds(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	for _, c := range []struct {
		kind   string
		status int
		body   string
	}{
		{"503", 503, "503 Service Unavailable"},
		{"429", 429, "Too Many Requests"},
		{"500", 500, `{"error":"unknown_error","error_description":"For more on this error consult the server log."}`},
	} {
		e.sim.InjectFault(Fault{Kind: c.kind, Path: "list"})
		if r := e.admin(""); r.status != 200 {
			t.Errorf("%s: a non-list request was hit: %d", c.kind, r.status)
		}
		r := e.admin("client-session-stats")
		if r.status != c.status || !strings.Contains(string(r.body), c.body) {
			t.Errorf("%s: %d %s", c.kind, r.status, r.body)
		}
		if r := e.admin("client-session-stats"); r.status != 200 {
			t.Errorf("%s: Count 0 should fail one request only: %d", c.kind, r.status)
		}
	}

	e.sim.InjectFault(Fault{Kind: "truncated", Path: "list"})
	r := e.admin("client-session-stats")
	full := e.admin("client-session-stats")
	var v any
	if r.status != 200 || json.Unmarshal(r.body, &v) == nil || len(r.body) != len(full.body)/2 {
		t.Errorf("truncated: %d %d/%d bytes", r.status, len(r.body), len(full.body))
	}
}

func TestFaultPathsAfterAndCount(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	c := e.sim.Credentials()
	e.sim.InjectFault(Fault{Kind: "503", Path: "token", After: 1, Count: 2})
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}
	var got []int
	for i := 0; i < 4; i++ {
		resp, err := http.PostForm(e.oidc("token"), form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, resp.StatusCode)
	}
	if got[0] != 200 || got[1] != 503 || got[2] != 503 || got[3] != 200 {
		t.Fatalf("After 1, Count 2: %v", got)
	}
	e.sim.InjectFault(Fault{Kind: "500", Path: "delete"})
	id := e.sim.ActiveSessions()[0]
	if r := e.admin("client-session-stats"); r.status != 200 {
		t.Fatal("delete faults leave listings alone")
	}
	if r := e.adminDo("DELETE", "sessions/"+id.ID+"?isOffline="+map[bool]string{true: "true", false: "false"}[id.Offline], ""); r.status != 500 {
		t.Fatalf("delete fault: %d", r.status)
	}
	e.sim.InjectFault(Fault{Kind: "429", Path: "any", Count: 2})
	if r := e.admin(""); r.status != 429 {
		t.Fatal("any")
	}
	if r := e.do("GET", "/nowhere", "", ""); r.status != 429 {
		t.Fatal("any matches every path")
	}
}

func TestTimeoutFaultHoldsUntilTheClientGivesUp(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	e.sim.InjectFault(Fault{Kind: "timeout", Path: "admin"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/admin/realms/"+e.realm, nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	start := time.Now()
	_, err := http.DefaultClient.Do(req)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	if r := e.admin(""); r.status != 200 {
		t.Fatal("one request only")
	}
}

func TestRateLimitedAndLatency(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	e.sim.SetRateLimited(true)
	if r := e.admin(""); r.status != 429 {
		t.Fatalf("%d", r.status)
	}
	e.sim.SetRateLimited(false)
	e.sim.SetLatency(30 * time.Millisecond)
	start := time.Now()
	if r := e.admin(""); r.status != 200 || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("latency: %d %s", r.status, time.Since(start))
	}
}
