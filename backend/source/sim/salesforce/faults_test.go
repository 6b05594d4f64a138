package salesforcesim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFaultKinds(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	q := queryPath("SELECT Id FROM AuthSession")
	for _, c := range []struct {
		kind   string
		status int
		code   string
	}{
		{"503", 503, "SERVER_UNAVAILABLE"},
		{"429", 429, "REQUEST_LIMIT_EXCEEDED"},
		{"500", 500, "UNKNOWN_EXCEPTION"},
	} {
		e.sim.InjectFault(Fault{Kind: c.kind, Path: "query"})
		if r := e.get(v + "/limits"); r.status != 200 {
			t.Errorf("%s: a non-query request was hit: %d", c.kind, r.status)
		}
		r := e.get(q)
		if r.status != c.status || r.errorCode(t) != c.code {
			t.Errorf("%s: %d %s", c.kind, r.status, r.body)
		}
		if r := e.get(q); r.status != 200 {
			t.Errorf("%s: Count 0 should fail one request only: %d", c.kind, r.status)
		}
	}

	e.sim.InjectFault(Fault{Kind: "truncated", Path: "query"})
	r := e.get(q)
	var page queryPage
	if r.status != 200 || json.Unmarshal(r.body, &page) == nil || !strings.HasPrefix(string(r.body), `{"totalSize":`) {
		t.Errorf("truncated: %d %.80s", r.status, r.body)
	}
	full := e.get(q)
	if len(r.body) != len(full.body)/2 {
		t.Errorf("truncated body is %d bytes, full %d", len(r.body), len(full.body))
	}
}

func TestFaultCountAfterAndPaths(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	e.sim.InjectFault(Fault{Kind: "503", Path: "any", Count: 2, After: 1})
	got := []int{}
	for range 4 {
		got = append(got, e.get(v+"/limits").status)
	}
	if want := []int{200, 503, 503, 200}; !equalInts(got, want) {
		t.Errorf("Count/After: %v, want %v", got, want)
	}

	c := e.sim.Credentials()
	e.sim.InjectFault(Fault{Kind: "500", Path: "token"})
	resp, err := http.PostForm(e.srv.URL+"/services/oauth2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {c.ClientID}, "refresh_token": {c.RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Errorf("token fault: %d", resp.StatusCode)
	}

	_, recs, _ := e.queryAll("SELECT Id FROM AuthSession WHERE IsCurrent = false LIMIT 1")
	id := recs[0]["Id"].(string)
	e.sim.InjectFault(Fault{Kind: "503", Path: "delete"})
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+id, e.token); r.status != 503 {
		t.Errorf("delete fault: %d", r.status)
	}
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+id, e.token); r.status != 204 {
		t.Errorf("delete after fault: %d", r.status)
	}
	// A truncated delete still happens (the response is what gets lost).
	_, recs, _ = e.queryAll("SELECT Id FROM AuthSession WHERE IsCurrent = false LIMIT 1")
	e.sim.InjectFault(Fault{Kind: "truncated", Path: "delete"})
	if r := e.do("DELETE", v+"/composite/sobjects?ids="+recs[0]["Id"].(string), e.token); r.status != 200 || json.Valid(r.body) {
		t.Errorf("truncated delete: %d %s", r.status, r.body)
	}
	r := e.do("DELETE", v+"/sobjects/AuthSession/"+recs[0]["Id"].(string), e.token)
	if r.status != 404 || r.errorCode(t) != "ENTITY_IS_DELETED" {
		t.Errorf("after truncated delete: %d", r.status)
	}
}

func TestFaultTimeout(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	e.sim.InjectFault(Fault{Kind: "timeout", Path: "query"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+queryPath("SELECT Id FROM AuthSession"), nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	start := time.Now()
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout fault: err %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("hung for %v", el)
	}
	if r := e.get(queryPath("SELECT Id FROM AuthSession")); r.status != 200 {
		t.Errorf("after timeout: %d", r.status)
	}
}

// Start serves on loopback and Close releases a request hung by a timeout fault.
func TestStartAndClose(t *testing.T) {
	clock := newClock()
	sim := New(Config{Users: 20, Now: clock.Now})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if sim.URL() != base || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("URL %q / %q", base, sim.URL())
	}
	c := sim.Credentials()
	resp, err := http.PostForm(base+"/services/oauth2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {c.ClientID}, "refresh_token": {c.RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	var tr tokenResponse
	_ = json.NewDecoder(resp.Body).Decode(&tr)
	resp.Body.Close()
	if tr.InstanceURL != base || !strings.HasPrefix(tr.ID, base+"/id/00D") {
		t.Errorf("token response %+v", tr)
	}
	sim.InjectFault(Fault{Kind: "timeout", Path: "any"})
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.Get(base + "/services/data/"); err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(50 * time.Millisecond)
	if err := sim.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not release the hung request")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
