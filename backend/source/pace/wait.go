package pace

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxBackoff caps one wait between retries, so a refresh never hangs on a struggling server.
const MaxBackoff = 10 * time.Second

// Backoff is the wait before retry number attempt (1-based): base doubled per attempt, capped at
// MaxBackoff, plus up to a quarter of jitter so parallel clients do not retry in step.
func Backoff(base time.Duration, attempt int) time.Duration {
	d := base << (attempt - 1)
	if d > MaxBackoff || d <= 0 || attempt > 62 {
		d = MaxBackoff
	}
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}

// jitter spreads workers that wait for the same instant by up to a tenth of the wait.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)/10 + 1))
}

// Sleep waits d, or less if ctx ends first (then it returns ctx's error).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RetryAfter reads a Retry-After header (RFC 9110): delay-seconds or an HTTP-date. A date in
// the past is no wait; anything unreadable is no header at all.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(min(n, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
