package auth0sim

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestFaultsByKindAndPath(t *testing.T) {
	e := newEnv(t, Config{Users: 30, Seed: 2})
	user := e.sim.UserWithSessions(1)
	for _, tc := range []struct {
		kind   string
		status int
	}{{"503", 503}, {"500", 500}, {"429", 429}} {
		e.sim.InjectFault(Fault{Kind: tc.kind, Path: "sessions"})
		if r := e.get("/api/v2/users?per_page=1"); r.status != 200 {
			t.Fatalf("%s on sessions hit the user search: %d", tc.kind, r.status)
		}
		r := e.get(userPath(user, "/sessions"))
		if r.status != tc.status || r.apiErr(t).StatusCode != tc.status {
			t.Fatalf("%s fault: %d %s", tc.kind, r.status, r.body)
		}
		if tc.kind == "429" && r.header.Get("X-RateLimit-Remaining") != "0" {
			t.Fatal("a 429 fault must say the bucket is empty")
		}
		if r := e.get(userPath(user, "/sessions")); r.status != 200 {
			t.Fatalf("after the %s fault: %d", tc.kind, r.status)
		}
	}
	// After and Count.
	e.sim.InjectFault(Fault{Kind: "503", Path: "users", After: 1, Count: 2})
	got := []int{}
	for range 4 {
		got = append(got, e.get("/api/v2/users?per_page=1").status)
	}
	if want := []int{200, 503, 503, 200}; !slices.Equal(got, want) {
		t.Fatalf("After 1, Count 2: %v", got)
	}
	// A truncated body is a 200 whose JSON is cut.
	e.sim.InjectFault(Fault{Kind: "truncated", Path: "sessions"})
	r := e.get(userPath(user, "/sessions"))
	if r.status != 200 || json.Valid(r.body) {
		t.Fatalf("truncated: %d valid=%v", r.status, json.Valid(r.body))
	}
	// The token endpoint can fail too.
	e.sim.InjectFault(Fault{Kind: "503", Path: "token"})
	if resp, err := http.PostForm(e.srv.URL+"/oauth/token", e.creds()); err != nil || resp.StatusCode != 503 {
		t.Fatalf("token fault: %v", err)
	} else {
		resp.Body.Close()
	}
}

func TestTimeoutFaultHoldsUntilTheClientGivesUp(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	e.sim.InjectFault(Fault{Kind: "timeout", Path: "any"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v2/users", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	start := time.Now()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a timeout fault must not answer")
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("the hung request did not end with the client's context")
	}
	if r := e.get("/api/v2/users?per_page=1"); r.status != 200 {
		t.Fatalf("after the timeout: %d", r.status)
	}
}
