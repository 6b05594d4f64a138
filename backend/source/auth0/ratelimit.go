package auth0

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"sessionscope/backend/source"
)

// rateState is the tenant's Management API bucket as last reported: x-ratelimit-limit (bucket
// size), x-ratelimit-remaining and x-ratelimit-reset (Unix seconds when it is full again).
type rateState struct {
	have      bool
	limit     int64
	remaining int64
	reset     time.Time
	raw       string
	updated   time.Time
	// serverRemaining is the count as the server sent it (remaining is ours, net of the
	// requests still in flight).
	serverRemaining int64
}

// requestDone is called when a request ends (h is nil when no answer came). It records the
// rate-limit headers. The server's remaining count does not know about our other requests
// still in flight, so those are taken off it: several workers must not all spend the last
// tokens.
func (c *Client) requestDone(h http.Header) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight--
	if h == nil {
		return
	}
	limit, err1 := strconv.ParseInt(h.Get("X-RateLimit-Limit"), 10, 64)
	remaining, err2 := strconv.ParseInt(h.Get("X-RateLimit-Remaining"), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	st := rateState{have: true, limit: limit, remaining: max(0, remaining-int64(c.inflight)), updated: c.now(),
		raw: "x-ratelimit-limit=" + h.Get("X-RateLimit-Limit") + ", x-ratelimit-remaining=" + h.Get("X-RateLimit-Remaining")}
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		st.reset = time.Unix(reset, 0)
		st.raw += ", x-ratelimit-reset=" + h.Get("X-RateLimit-Reset")
	}
	st.serverRemaining = remaining
	c.rl = st
}

// pace holds a request back while the last reported bucket is empty and has not reset yet
// (at most MaxRateWait), then counts the request against the bucket until its answer says
// how full the bucket really is. Every pace must be followed by one requestDone.
func (c *Client) pace(ctx context.Context) error {
	waited := false
	for {
		c.mu.Lock()
		now := c.now()
		var wait time.Duration
		if c.rl.have && !waited {
			if c.rl.remaining <= 0 && !c.rl.reset.After(now) {
				c.rl.remaining = c.rl.limit // by its reset time the bucket is full again
			}
			if c.rl.remaining <= 0 {
				wait = min(c.rl.reset.Sub(now), c.maxWait)
			}
		}
		if wait <= 0 {
			c.rl.remaining--
			c.inflight++
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
		if err := source.Sleep(ctx, wait+jitter(wait)); err != nil {
			return err
		}
		// Go after one wait even if the cap cut it short: the answer (maybe a 429) decides.
		waited = true
	}
}

// rateWait is the pause after a 429 before the next try. When the answer carried a reset
// time still ahead, pace does the waiting (until the reset, capped by MaxRateWait) for this
// worker and every other one; otherwise back off as for a server error.
func (c *Client) rateWait(h http.Header, n int) time.Duration {
	reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	switch {
	case err != nil || h.Get("X-RateLimit-Remaining") == "":
		return c.backoffFor(n)
	case time.Unix(reset, 0).After(c.now()):
		return 0
	default:
		// The reset is already past (clock skew, second rounding): a short pause will do.
		return c.backoff
	}
}

// jitter spreads workers that wait for the same instant by up to a tenth of the wait.
func jitter(d time.Duration) time.Duration {
	return time.Duration(rand.Int64N(int64(d)/10 + 1))
}

// RateLimit reports the last rate-limit headers seen.
func (c *Client) RateLimit() (source.RateLimitState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.rl.have {
		return source.RateLimitState{}, false
	}
	return source.RateLimitState{Used: c.rl.limit - c.rl.serverRemaining, Limit: c.rl.limit, Raw: c.rl.raw,
		UpdatedAt: c.rl.updated}, true
}
