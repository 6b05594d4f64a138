// Package simtest holds the test helpers the simulators' own tests share.
//
// Imported by the simulators' tests only.
package simtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Epoch is the usual start of a test clock: 2026-05-04 09:30 UTC.
var Epoch = time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)

// Clock is a settable clock for a simulator's Config.Now. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Mount serves h on an httptest server (loopback) until the test ends; then it closes the
// server and sim.
func Mount(t testing.TB, h http.Handler, sim io.Closer) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); _ = sim.Close() })
	return srv
}

// Revocations fetches GET /_sim/revocations from the simulator at base over HTTP.
func Revocations(t testing.TB, base string) map[string]int {
	t.Helper()
	resp, err := http.Get(base + "/_sim/revocations")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]int
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
		t.Fatalf("GET /_sim/revocations: %d", resp.StatusCode)
	}
	return out
}

// Parallel runs fn(0) … fn(n-1) on n goroutines at once and waits for all of them.
func Parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}
