package simkit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestBucketRefillsAndSaysWhenToRetry(t *testing.T) {
	t0 := time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)
	b := NewRateBucket(2, 0, t0) // 2 requests a second, a burst of 2
	for i := range 2 {
		if ok, st := b.Take(t0); !ok || st.Limit != 2 || st.Remaining != 1-i || st.RetryAfter != 0 {
			t.Fatalf("request %d: %v %+v", i, ok, st)
		}
	}
	ok, st := b.Take(t0)
	if ok || st.RetryAfter != 1 || st.Remaining != 0 {
		t.Fatalf("third request in the same instant: %v %+v", ok, st)
	}
	if ok, _ := b.Take(t0.Add(499 * time.Millisecond)); ok {
		t.Fatal("less than one token after 499 ms at 2/s")
	}
	if ok, _ := b.Take(t0.Add(time.Second)); !ok {
		t.Fatal("a token must be back after a second")
	}
	slow := NewRateBucket(0.1, 1, t0)
	slow.Take(t0)
	if _, st := slow.Take(t0); st.RetryAfter != 10 {
		t.Fatalf("0.1/s: retry after %d s, want 10", st.RetryAfter)
	}
	if NewRateBucket(0, 5, t0) != nil {
		t.Fatal("rate 0 means no limit")
	}
	var none *Bucket
	if ok, _ := none.Take(t0); !ok {
		t.Fatal("a nil bucket never limits")
	}
	b.Exhaust(t0)
	if ok, st := b.Take(t0.Add(time.Hour)); ok || st.RetryAfter != 60 {
		t.Fatalf("exhausted: %v %+v", ok, st)
	}
}

func TestRevocationsAreExactUnderConcurrency(t *testing.T) {
	var c Revocations
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				c.Add(fmt.Sprintf("s%d", i%50), fmt.Sprintf("g%d", g))
			}
		}()
	}
	wg.Wait()
	got := c.Counts()
	for i := range 50 {
		if n := got[fmt.Sprintf("s%d", i)]; n != 80 {
			t.Fatalf("s%d counted %d times, want 80", i, n)
		}
	}
	if got["g3"] != 500 || len(got) != 58 {
		t.Fatalf("per-goroutine ids: %d, %d keys", got["g3"], len(got))
	}
}

func TestControlPathServesCountsToLoopbackOnly(t *testing.T) {
	var c Revocations
	c.Add("a", "b", "a")
	serve := func(method, path, remote string) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest(method, path, nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		if !c.ServeControl(w, r) {
			t.Fatalf("%s %s not taken as a control path", method, path)
		}
		return w
	}
	w := serve("GET", RevocationsPath, "127.0.0.1:5000")
	var got map[string]int
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &got) != nil || got["a"] != 2 || got["b"] != 1 {
		t.Fatalf("counts: %d %s", w.Code, w.Body)
	}
	if w := serve("GET", RevocationsPath, "[::1]:5000"); w.Code != 200 {
		t.Fatalf("IPv6 loopback: %d", w.Code)
	}
	if w := serve("GET", RevocationsPath, "192.0.2.7:5000"); w.Code != http.StatusForbidden {
		t.Fatalf("remote client: %d", w.Code)
	}
	if w := serve("DELETE", RevocationsPath, "127.0.0.1:5000"); w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("DELETE: %d", w.Code)
	}
	if w := serve("GET", ControlPrefix+"other", "127.0.0.1:5000"); w.Code != http.StatusNotFound {
		t.Fatalf("unknown control path: %d", w.Code)
	}
	if c.ServeControl(httptest.NewRecorder(), httptest.NewRequest("GET", "/admin/sessions", nil)) {
		t.Fatal("an API path is not a control path")
	}
	var empty Revocations
	w = serveWith(&empty, "GET", RevocationsPath)
	if w.Body.String() != "{}" {
		t.Fatalf("no revocations: %s", w.Body)
	}
}

func serveWith(c *Revocations, method, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	r.RemoteAddr = "127.0.0.1:5000"
	w := httptest.NewRecorder()
	c.ServeControl(w, r)
	return w
}
