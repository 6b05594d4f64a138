package auth0sim

import (
	"math"
	"sync"
	"time"
)

// bucket is the tenant's Management API token bucket. Every response reports it in
// x-ratelimit-limit (bucket size), x-ratelimit-remaining (whole tokens left) and
// x-ratelimit-reset (Unix epoch seconds when the bucket is full again).
type bucket struct {
	mu     sync.Mutex
	size   float64
	rate   float64 // tokens per second; 0 = never refills (ExhaustRateLimit)
	tokens float64
	last   time.Time
}

func newBucket(size int, rate float64, now time.Time) *bucket {
	b := &bucket{}
	b.reset(size, rate, now)
	return b
}

func (b *bucket) reset(size int, rate float64, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.size, b.rate, b.tokens, b.last = float64(max(size, 1)), rate, float64(max(size, 1)), now
}

func (b *bucket) exhaust(now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens, b.rate, b.last = 0, 0, now
}

// take spends one token if there is one and reports the headers' values.
func (b *bucket) take(now time.Time) (ok bool, limit, remaining int, reset int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(b.size, b.tokens+el*b.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		ok = true
	}
	return ok, int(b.size), int(b.tokens), b.resetAt(now)
}

// resetAt is when the bucket will be full again, rounded up to the second; a bucket that
// never refills says a minute from now.
func (b *bucket) resetAt(now time.Time) int64 {
	if b.rate <= 0 {
		return now.Add(time.Minute).Unix()
	}
	secs := (b.size - b.tokens) / b.rate
	return int64(math.Ceil(float64(now.UnixNano())/1e9 + secs))
}
