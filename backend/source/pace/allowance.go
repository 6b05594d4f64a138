package pace

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source"
)

// Allowance is the server's API allowance as one answer reported it.
type Allowance struct {
	Limit int64     // 0 when the answer named none: then nothing is paced
	Used  int64     // may exceed Limit (Salesforce allows short bursts past it)
	Reset time.Time // when the allowance is full again; zero when the server does not say
	Raw   string    // the headers as sent, for display
}

func (a Allowance) remaining() int64 {
	if a.Limit <= 0 {
		return 1 << 62
	}
	return a.Limit - a.Used
}

// staleAfter is how long a used-up allowance without a reset time is believed: after that
// one request goes out to learn whether it has come back (Salesforce's daily allocation is a
// rolling 24 hours).
const staleAfter = time.Minute

// bucket is the last reported allowance, net of the requests still in flight.
type bucket struct {
	have      bool
	al        Allowance
	remaining int64 // ours: the server's count minus our requests it has not seen yet
	updated   time.Time
}

// take holds a request back while the allowance is used up, then counts it against the
// allowance until its answer says how much is really left. With a reset time ahead it waits
// for it (at most MaxWait, once: then the answer decides); without one a used-up allowance
// refuses the request outright while the report is fresh. Every take is followed by a settle.
func (p *Pacer) take(ctx context.Context) error {
	waited := false
	for {
		p.mu.Lock()
		now := p.o.Now()
		b := &p.bucket
		var wait time.Duration
		if b.have && !waited && b.remaining <= 0 {
			switch {
			case b.al.Reset.IsZero() && now.Sub(b.updated) < staleAfter:
				raw := b.al.Raw
				p.mu.Unlock()
				return &source.Error{Code: source.CodeRateLimit, Message: fmt.Sprintf(
					"the %s API allowance is used up (%s); nothing was sent — try again when it resets", p.o.Server, raw)}
			case b.al.Reset.IsZero():
			case !b.al.Reset.After(now):
				b.remaining = b.al.Limit // by its reset time the bucket is full again
			default:
				wait = min(b.al.Reset.Sub(now), p.o.MaxWait)
			}
		}
		if wait <= 0 {
			b.remaining--
			p.inflight++
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		if err := p.o.Sleep(ctx, wait+jitter(wait)); err != nil {
			return err
		}
		waited = true
	}
}

// settle ends a request taken by take; h is the answer's header, nil when none came. The
// server's remaining count does not know about our other requests still in flight, so those
// are taken off it: parallel workers must not all spend the last of the allowance.
func (p *Pacer) settle(h http.Header) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	if h == nil || p.o.Allowance == nil {
		return
	}
	al, ok := p.o.Allowance(h)
	if !ok {
		return
	}
	p.bucket = bucket{have: true, al: al, remaining: al.remaining() - int64(p.inflight), updated: p.o.Now()}
}

// resetAhead is whether the last report names a reset still to come.
func (p *Pacer) resetAhead() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.bucket.have && p.bucket.al.Reset.After(p.o.Now())
}

// RateLimit is the allowance as last reported (source.RateLimited).
func (p *Pacer) RateLimit() (source.RateLimitState, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket
	if !b.have {
		return source.RateLimitState{}, false
	}
	return source.RateLimitState{Used: b.al.Used, Limit: b.al.Limit, Raw: b.al.Raw,
		UpdatedAt: b.updated, ResetAt: b.al.Reset}, true
}

// RateLimitHeaders reads Auth0's x-ratelimit-limit (bucket size), x-ratelimit-remaining and
// x-ratelimit-reset (Unix seconds when the bucket is full again).
func RateLimitHeaders(h http.Header) (Allowance, bool) {
	limit, err1 := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Limit")), 10, 64)
	remaining, err2 := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Remaining")), 10, 64)
	if err1 != nil || err2 != nil {
		return Allowance{}, false
	}
	al := Allowance{Limit: limit, Used: limit - max(remaining, 0),
		Raw: "x-ratelimit-limit=" + h.Get("X-RateLimit-Limit") + ", x-ratelimit-remaining=" + h.Get("X-RateLimit-Remaining")}
	if reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil {
		al.Reset = time.Unix(reset, 0)
		al.Raw += ", x-ratelimit-reset=" + h.Get("X-RateLimit-Reset")
	}
	return al, true
}

// SforceLimitInfo reads Salesforce's "api-usage=25/15000" (the org's daily allocation; other
// parts such as api-bursts stay in Raw). There is no reset time: the window rolls.
func SforceLimitInfo(h http.Header) (Allowance, bool) {
	v := h.Get("Sforce-Limit-Info")
	if v == "" {
		return Allowance{}, false
	}
	al := Allowance{Raw: v} // unreadable usage: kept for display, nothing paced
	for _, part := range strings.Split(v, ",") {
		usage, ok := strings.CutPrefix(strings.TrimSpace(part), "api-usage=")
		if !ok {
			continue
		}
		used, limit, ok := strings.Cut(usage, "/")
		u, err1 := strconv.ParseInt(strings.TrimSpace(used), 10, 64)
		l, err2 := strconv.ParseInt(strings.TrimSpace(limit), 10, 64)
		if ok && err1 == nil && err2 == nil && l > 0 {
			al.Limit, al.Used = l, u
		}
	}
	return al, true
}
