package source

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"
)

// MaxBackoff caps one wait between retries, so a refresh never hangs on a struggling server.
const MaxBackoff = 10 * time.Second

// Backoff is the wait before retry number attempt (1-based): base doubled per attempt, capped at
// MaxBackoff, plus up to a quarter of jitter so parallel clients do not retry in step.
func Backoff(base time.Duration, attempt int) time.Duration {
	d := base << (attempt - 1)
	if d > MaxBackoff || d <= 0 {
		d = MaxBackoff
	}
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
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

// RedactURLs drops query strings from URLs inside an error text: net/http puts the request URL
// in its errors, and queries carry SOQL, page tokens, user ids and search terms.
func RedactURLs(s string) string {
	if i := strings.Index(s, "?"); i >= 0 {
		if j := strings.IndexAny(s[i:], "\": "); j >= 0 {
			return s[:i] + s[i+j:]
		}
		return s[:i]
	}
	return s
}
