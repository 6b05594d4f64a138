package pace

import "time"

// Tuning is the retry and clock settings every connector carries. The zero value is what the
// app runs with; tests set the fields so that retries are quick and time stands where they
// want it.
type Tuning struct {
	// RetryBase is the first backoff delay for 5xx, 429 and timeouts (doubled per attempt),
	// and the delay after a 429 that names no usable reset; 0 means DefaultBase.
	RetryBase time.Duration
	// Attempts bounds tries per request, 429s included; 0 means DefaultAttempts.
	Attempts int
	// Now is the clock used to drop expired sessions and to read reset times (default time.Now).
	Now func() time.Time
}

// Clock is the tuning's clock: Now, or time.Now when unset.
func (t Tuning) Clock() func() time.Time {
	if t.Now == nil {
		return time.Now
	}
	return t.Now
}

// Pacer is New(o) with o's tries, backoff and clock taken from the tuning.
func (t Tuning) Pacer(o Options) *Pacer {
	o.Attempts, o.Backoff, o.Now = t.Attempts, t.RetryBase, t.Clock()
	return New(o)
}
