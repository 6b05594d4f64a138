package pace

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sessionscope/backend/source"
)

// bucketServer answers every request with x-ratelimit headers from the test's values.
func bucketServer(t *testing.T, limit, remaining *int, reset func() int64) (*script, string) {
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(*limit))
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(*remaining))
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset(), 10))
		w.WriteHeader(200)
	})
}

func TestAnEmptyBucketIsWaitedOutUntilItsReset(t *testing.T) {
	c := newClock()
	limit, remaining := 10, 0
	resetAt := c.Now().Add(4 * time.Second).Unix()
	_, base := bucketServer(t, &limit, &remaining, func() int64 { return resetAt })
	p := newPacer(base, c, Options{Allowance: RateLimitHeaders, MaxWait: 30 * time.Second})
	ctx := context.Background()
	if _, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/a"}); err != nil || len(c.Waits()) != 0 {
		t.Fatalf("first request: %v, waits %v", err, c.Waits())
	}
	if _, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/b"}); err != nil {
		t.Fatal(err)
	}
	if w := c.Waits(); len(w) != 1 || w[0] < 4*time.Second || w[0] > 4500*time.Millisecond {
		t.Fatalf("waits %v: the second request must wait for the reported reset (4 s)", w)
	}
	st, ok := p.RateLimit()
	if !ok || st.Limit != 10 || st.Used != 10 || !st.ResetAt.Equal(time.Unix(resetAt, 0)) || !strings.Contains(st.Raw, "x-ratelimit-remaining=0") {
		t.Fatalf("state %+v %v", st, ok)
	}
	// Once the reset has passed the bucket counts as full: no wait.
	remaining = 5
	c.mu.Lock()
	c.now = time.Unix(resetAt+1, 0)
	c.mu.Unlock()
	resetAt = c.Now().Add(time.Minute).Unix()
	if _, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/c"}); err != nil || len(c.Waits()) != 1 {
		t.Fatalf("after the reset: %v, waits %v", err, c.Waits())
	}
}

func TestA429WithAResetWaitsForTheResetNotABackoff(t *testing.T) {
	c := newClock()
	reset := strconv.FormatInt(c.Now().Add(3*time.Second).Unix(), 10)
	_, base := serve(t, status(429, "X-RateLimit-Limit", "8", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset), status(200))
	p := newPacer(base, c, Options{Allowance: RateLimitHeaders, MaxWait: 30 * time.Second})
	if _, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"}); err != nil {
		t.Fatal(err)
	}
	var total time.Duration
	for _, w := range c.Waits() {
		total += w
	}
	if total < 3*time.Second || total > 3500*time.Millisecond {
		t.Fatalf("waits %v: want the 3 s to the reset", c.Waits())
	}
}

func TestParallelWorkersDoNotAllSpendTheLastOfTheAllowance(t *testing.T) {
	c := newClock()
	p := newPacer("", c, Options{MaxWait: time.Minute})
	var mu sync.Mutex
	waited := 0
	p.o.Sleep = func(context.Context, time.Duration) error { // time stands still while they wait
		mu.Lock()
		waited++
		mu.Unlock()
		return nil
	}
	p.bucket = bucket{have: true, al: Allowance{Limit: 10, Used: 8, Reset: c.Now().Add(20 * time.Second)}, remaining: 2, updated: c.Now()}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if err := p.take(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := waited; n != 3 {
		t.Fatalf("%d of 5 workers waited: with 2 requests left, 3 must wait for the reset", n)
	}
	for range 5 {
		p.settle(nil)
	}
	if p.inflight != 0 {
		t.Fatalf("in flight after every settle: %d", p.inflight)
	}
}

func TestInFlightRequestsAreTakenOffTheReportedRemainder(t *testing.T) {
	c := newClock()
	p := newPacer("", c, Options{Allowance: RateLimitHeaders})
	for range 3 {
		if err := p.take(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "4")
	p.settle(h) // two still in flight
	if p.bucket.remaining != 2 {
		t.Fatalf("remaining %d: the server's 4 minus the 2 answers still to come", p.bucket.remaining)
	}
}

func TestAUsedUpDailyAllocationRefusesUntilTheReportIsStale(t *testing.T) {
	c := newClock()
	usage := "api-usage=999/1000"
	s, base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Sforce-Limit-Info", usage)
		w.WriteHeader(200)
	})
	p := newPacer(base, c, Options{Allowance: SforceLimitInfo})
	ctx := context.Background()
	usage = "api-usage=1000/1000, api-bursts=3/100"
	if _, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/q"}); err != nil {
		t.Fatal(err)
	}
	_, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/q"})
	if source.CodeOf(err) != source.CodeRateLimit || !strings.Contains(err.Error(), "api-usage=1000/1000") || s.n.Load() != 1 {
		t.Fatalf("a used-up allocation must be refused without sending: %v after %d requests", err, s.n.Load())
	}
	st, _ := p.RateLimit()
	if st.Used != 1000 || st.Limit != 1000 || !st.ResetAt.IsZero() {
		t.Fatalf("state %+v", st)
	}
	c.mu.Lock()
	c.now = c.now.Add(2 * staleAfter)
	c.mu.Unlock()
	usage = "api-usage=12/1000"
	if _, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/q"}); err != nil || s.n.Load() != 2 {
		t.Fatalf("a stale report lets one request find out: %v", err)
	}
}

func TestAllowanceHeaderForms(t *testing.T) {
	h := http.Header{}
	if _, ok := RateLimitHeaders(h); ok {
		t.Fatal("no headers, no allowance")
	}
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "-3")
	if al, ok := RateLimitHeaders(h); !ok || al.Used != 50 || !al.Reset.IsZero() {
		t.Fatalf("%+v %v", al, ok)
	}
	h = http.Header{}
	h.Set("Sforce-Limit-Info", "api-bursts=1/2")
	if al, ok := SforceLimitInfo(h); !ok || al.Limit != 0 || al.Raw != "api-bursts=1/2" {
		t.Fatalf("an unreadable usage is kept raw and paces nothing: %+v %v", al, ok)
	}
	h.Set("Sforce-Limit-Info", "api-usage=15003/15000")
	if al, _ := SforceLimitInfo(h); al.Used != 15003 || al.remaining() != -3 {
		t.Fatalf("usage past the limit: %+v", al)
	}
}
