package kratossim

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestFaultKinds(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	for _, c := range []struct {
		kind   string
		status int
	}{{"503", 503}, {"429", 429}, {"500", 500}} {
		e.sim.InjectFault(Fault{Kind: c.kind, Path: "list"})
		if r := e.get("/version"); r.status != 200 {
			t.Errorf("%s: another path was hit: %d", c.kind, r.status)
		}
		if r := e.get("/admin/sessions"); r.status != c.status || r.apiErr(t).Code != c.status {
			t.Errorf("%s: %d %s", c.kind, r.status, r.body)
		}
		if r := e.get("/admin/sessions"); r.status != 200 {
			t.Errorf("%s: Count 0 fails one request only: %d", c.kind, r.status)
		}
	}
	full := e.get("/admin/sessions")
	e.sim.InjectFault(Fault{Kind: "truncated", Path: "list"})
	r := e.get("/admin/sessions")
	if r.status != 200 || len(r.body) != len(full.body)/2 || len(r.links()) == 0 {
		t.Errorf("truncated: %d, %d of %d bytes, links %v", r.status, len(r.body), len(full.body), r.links())
	}
}

func TestFaultCountAfterAndPaths(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	e.sim.InjectFault(Fault{Kind: "503", Path: "any", Count: 2, After: 1})
	var got []int
	for range 4 {
		got = append(got, e.get("/admin/sessions").status)
	}
	if want := []int{200, 503, 503, 200}; !equalInts(got, want) {
		t.Errorf("Count/After: %v, want %v", got, want)
	}
	id := e.sim.ActiveSessionIDs()[0]
	e.sim.InjectFault(Fault{Kind: "500", Path: "session"})
	if r := e.get("/admin/sessions?page_size=1"); r.status != 200 {
		t.Errorf("a session fault hit the listing: %d", r.status)
	}
	if r := e.do(http.MethodDelete, "/admin/sessions/"+id, ""); r.status != 500 {
		t.Errorf("session fault: %d", r.status)
	}
	e.sim.InjectFault(Fault{Kind: "503", Path: "bulk"})
	if r := e.do(http.MethodPost, "/admin/sessions", `{"action":"disable","sessions":[]}`); r.status != 503 {
		t.Errorf("bulk fault: %d", r.status)
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

func TestTimeoutFaultHoldsUntilTheClientGivesUp(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	e.sim.InjectFault(Fault{Kind: "timeout", Path: "list"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/admin/sessions", nil)
	start := time.Now()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a timeout fault must not answer")
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("the fault held the request after the client gave up")
	}
	if r := e.get("/admin/sessions"); r.status != 200 {
		t.Fatalf("after the timeout fault: %d", r.status)
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	e.sim.SetLatency(40 * time.Millisecond)
	start := time.Now()
	e.get("/version")
	if time.Since(start) < 40*time.Millisecond {
		t.Fatal("latency not applied")
	}
}
