package auth0sim

import (
	"strconv"
	"testing"
	"time"
)

func TestRateLimitHeadersAndBucket(t *testing.T) {
	e := newEnv(t, Config{Users: 10, RateLimit: 5, RatePerSecond: 2})
	now := e.clock.Now().Unix()
	for i := 4; i >= 0; i-- {
		r := e.get("/api/v2/users?per_page=1")
		if r.status != 200 || r.header.Get("X-RateLimit-Limit") != "5" || r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(i) {
			t.Fatalf("request %d: %d limit=%s remaining=%s", 5-i, r.status, r.header.Get("X-RateLimit-Limit"), r.header.Get("X-RateLimit-Remaining"))
		}
	}
	r := e.get("/api/v2/users?per_page=1")
	reset, _ := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	if r.status != 429 || r.apiErr(t).ErrorCode != "too_many_requests" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("sixth request: %d %s", r.status, r.body)
	}
	// Five tokens at two a second: full again in 2.5 s, rounded up to the second.
	if reset != now+3 {
		t.Fatalf("x-ratelimit-reset = %d, want now+3 = %d", reset, now+3)
	}
	e.clock.Advance(time.Second)
	if r := e.get("/api/v2/users?per_page=1"); r.status != 200 || r.header.Get("X-RateLimit-Remaining") != "1" {
		t.Fatalf("after a second: %d remaining=%s", r.status, r.header.Get("X-RateLimit-Remaining"))
	}
	// The token endpoint is the Authentication API: it does not spend Management API tokens.
	if st, _ := e.grant(e.creds()); st != 200 {
		t.Fatalf("grant while limited: %d", st)
	}
	e.sim.ExhaustRateLimit()
	e.clock.Advance(time.Hour)
	if r := e.get("/api/v2/users?per_page=1"); r.status != 429 {
		t.Fatalf("exhausted bucket: %d", r.status)
	}
	e.sim.SetRateLimit(10, 10)
	if r := e.get("/api/v2/users?per_page=1"); r.status != 200 || r.header.Get("X-RateLimit-Remaining") != "9" {
		t.Fatalf("after SetRateLimit: %d %s", r.status, r.header.Get("X-RateLimit-Remaining"))
	}
	if e.sim.Stats().RateLimited != 2 {
		t.Fatalf("stats: %+v", e.sim.Stats())
	}
}

func TestAuthIsCheckedBeforeTheBucket(t *testing.T) {
	e := newEnv(t, Config{Users: 3, RateLimit: 1, RatePerSecond: 0.001})
	for range 3 {
		if r := e.call("GET", "/api/v2/users", nil, "bogus"); r.status != 401 {
			t.Fatalf("bad token: %d", r.status)
		}
	}
	if r := e.get("/api/v2/users"); r.status != 200 {
		t.Fatalf("the one token of the bucket must still be there: %d", r.status)
	}
}
