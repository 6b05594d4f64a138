package source

import (
	"context"
	"testing"
	"time"
)

func TestBackoffDoublesCapsAndJitters(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		lo, hi  time.Duration
	}{{1, 100 * time.Millisecond, 125 * time.Millisecond}, {3, 400 * time.Millisecond, 500 * time.Millisecond},
		{20, MaxBackoff, MaxBackoff * 5 / 4}, {200, MaxBackoff, MaxBackoff * 5 / 4}} {
		if d := Backoff(100*time.Millisecond, tc.attempt); d < tc.lo || d > tc.hi {
			t.Errorf("attempt %d: %s, want within [%s, %s]", tc.attempt, d, tc.lo, tc.hi)
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("Sleep on a cancelled context = %v", err)
	}
}

func TestRedactURLsDropsQueries(t *testing.T) {
	in := `Get "https://acme.my.salesforce.com/services/data/v66.0/query?q=SELECT+Id": dial tcp: timeout`
	want := `Get "https://acme.my.salesforce.com/services/data/v66.0/query": dial tcp: timeout`
	if got := RedactURLs(in); got != want {
		t.Fatalf("RedactURLs = %q", got)
	}
}
