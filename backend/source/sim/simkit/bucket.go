package simkit

import (
	"math"
	"sync"
	"time"
)

// Bucket is a token bucket: Size tokens at most, refilled at Rate tokens a second. Every
// simulator meters its API requests with one when a rate limit is configured; each answers a
// request that finds the bucket empty with its own server's 429. A nil *Bucket never limits.
type Bucket struct {
	mu     sync.Mutex
	size   float64
	rate   float64 // tokens per second; 0 = never refills (Exhaust)
	tokens float64
	last   time.Time
}

// NewBucket returns a full bucket of size tokens (at least 1) refilled at rate a second.
func NewBucket(size int, rate float64, now time.Time) *Bucket {
	b := &Bucket{}
	b.Reset(size, rate, now)
	return b
}

// NewRateBucket is the bucket for a limit of rate requests a second: burst tokens when
// burst > 0, else one second's worth (at least 1). It returns nil for rate <= 0 (no limit).
func NewRateBucket(rate float64, burst int, now time.Time) *Bucket {
	if rate <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = int(math.Ceil(rate))
	}
	return NewBucket(burst, rate, now)
}

// Reset resizes the bucket and fills it.
func (b *Bucket) Reset(size int, rate float64, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.size, b.rate, b.tokens, b.last = float64(max(size, 1)), rate, float64(max(size, 1)), now
}

// Exhaust empties the bucket and stops it refilling (until Reset).
func (b *Bucket) Exhaust(now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens, b.rate, b.last = 0, 0, now
}

// BucketState is what a server can report about its bucket after a request.
type BucketState struct {
	Limit     int   // bucket size
	Remaining int   // whole tokens left
	Reset     int64 // Unix seconds when the bucket is full again (a minute ahead if it never refills)
	// RetryAfter is how many whole seconds (at least 1) until the next token, for a refused
	// request; 0 when the request was let through.
	RetryAfter int
}

// Take spends one token if there is one. A nil bucket lets everything through.
func (b *Bucket) Take(now time.Time) (bool, BucketState) {
	if b == nil {
		return true, BucketState{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(b.size, b.tokens+el*b.rate)
		b.last = now
	}
	ok := b.tokens >= 1
	if ok {
		b.tokens--
	}
	st := BucketState{Limit: int(b.size), Remaining: int(b.tokens), Reset: b.resetAt(now)}
	if !ok {
		st.RetryAfter = 60
		if b.rate > 0 {
			st.RetryAfter = max(1, int(math.Ceil((1-b.tokens)/b.rate)))
		}
	}
	return ok, st
}

// resetAt is when the bucket will be full again, rounded up to the second; a bucket that
// never refills says a minute from now.
func (b *Bucket) resetAt(now time.Time) int64 {
	if b.rate <= 0 {
		return now.Add(time.Minute).Unix()
	}
	secs := (b.size - b.tokens) / b.rate
	return int64(math.Ceil(float64(now.UnixNano())/1e9 + secs))
}
