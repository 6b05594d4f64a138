// Package jobstest helps tests and benchmarks of bulk sign-out see what a simulated server
// really did. Counter wraps the Salesforce simulator's handler and counts, per session id, the
// deletes the server carried out (single and sObject Collections), and can lose answers after
// the server acted, swallow deletes, or limit the request rate. Only tests and benchmarks
// import it.
package jobstest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// Counter is an http.Handler in front of a Salesforce simulator.
type Counter struct {
	next http.Handler

	mu       sync.Mutex
	deleted  map[string]int
	drop     int
	swallow  map[string]bool
	requests int64
	limited  int64
	onDelete func(n int) // called after each delete request the server handled, with their count
	deletes  int
	rate     float64 // requests per second; 0 = unlimited
	tokens   float64
	last     time.Time
}

// NewSalesforceCounter wraps a Salesforce simulator's handler.
func NewSalesforceCounter(next http.Handler) *Counter {
	return &Counter{next: next, deleted: map[string]int{}, swallow: map[string]bool{}}
}

// Start serves c on a loopback port until the test ends and returns the base URL.
func (c *Counter) Start(cleanup func(func())) string {
	srv := httptest.NewServer(c)
	cleanup(srv.Close)
	return srv.URL
}

// Deleted returns how many times the server deleted each session id.
func (c *Counter) Deleted() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.deleted))
	for k, v := range c.deleted {
		out[k] = v
	}
	return out
}

// DropAnswers makes the next n delete requests reach the server, which acts on them, and then
// cuts the connection without an answer.
func (c *Counter) DropAnswers(n int) {
	c.mu.Lock()
	c.drop = n
	c.mu.Unlock()
}

// Swallow makes collection deletes report these ids deleted without deleting them: a server
// whose revoke failed quietly.
func (c *Counter) Swallow(ids ...string) {
	c.mu.Lock()
	for _, id := range ids {
		c.swallow[id] = true
	}
	c.mu.Unlock()
}

// OnDelete calls fn after each delete request the server has handled (before its answer is
// sent), with the number handled so far: a test can act at a known point of a run.
func (c *Counter) OnDelete(fn func(n int)) {
	c.mu.Lock()
	c.onDelete = fn
	c.mu.Unlock()
}

// LimitRate admits perSecond requests a second (a bucket holding one second's worth) and
// answers the others 429 with Retry-After, as a rate-limited server does.
func (c *Counter) LimitRate(perSecond int) {
	c.mu.Lock()
	c.rate, c.tokens, c.last = float64(perSecond), float64(perSecond), time.Now()
	c.mu.Unlock()
}

// Requests returns the requests admitted and those refused by the rate limit.
func (c *Counter) Requests() (admitted, limited int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests, c.limited
}

func (c *Counter) admit() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rate > 0 {
		now := time.Now()
		c.tokens = min(c.rate, c.tokens+now.Sub(c.last).Seconds()*c.rate)
		c.last = now
		if c.tokens < 1 {
			c.limited++
			return false
		}
		c.tokens--
	}
	c.requests++
	return true
}

func (c *Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !c.admit() {
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`[{"message":"Too many requests: try again in a second","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`))
		return
	}
	if r.Method != http.MethodDelete {
		c.next.ServeHTTP(w, r)
		return
	}
	collection := strings.HasSuffix(r.URL.Path, "/composite/sobjects")
	var swallowed []string
	if collection {
		swallowed = c.takeSwallowed(r)
	}
	rec := simkit.NewBufferedResponse()
	c.next.ServeHTTP(rec, r)
	body := rec.Body
	c.mu.Lock()
	switch {
	case collection && rec.Status == http.StatusOK:
		var items []map[string]any
		if json.Unmarshal(body, &items) == nil {
			for _, it := range items {
				if ok, _ := it["success"].(bool); ok {
					id, _ := it["id"].(string)
					c.deleted[id]++
				}
			}
			for _, id := range swallowed {
				items = append(items, map[string]any{"id": id, "success": true, "errors": []any{}})
			}
			body, _ = json.Marshal(items)
		}
	case !collection && rec.Status == http.StatusNoContent:
		c.deleted[r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]]++
	}
	drop := c.drop > 0
	if drop {
		c.drop--
	}
	c.deletes++
	hook, n := c.onDelete, c.deletes
	c.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	if drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	if rec.Status == 0 {
		return // the simulator dropped the request (its client went away)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Status)
	w.Write(body)
}

// takeSwallowed removes swallowed ids from a collection delete's ids parameter.
func (c *Counter) takeSwallowed(r *http.Request) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.swallow) == 0 {
		return nil
	}
	q := r.URL.Query()
	var keep, gone []string
	for _, id := range strings.Split(q.Get("ids"), ",") {
		if c.swallow[id] {
			gone = append(gone, id)
		} else {
			keep = append(keep, id)
		}
	}
	if len(keep) == 0 {
		keep = []string{"000000000000000AAA"} // the simulator wants at least one id
	}
	q.Set("ids", strings.Join(keep, ","))
	r.URL.RawQuery = q.Encode()
	r.RequestURI = (&url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}).RequestURI()
	return gone
}
