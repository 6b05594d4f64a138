package pace

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sessionscope/backend/source"
)

// clock is a fake clock whose Sleep records the wait and moves time on instead of waiting.
type clock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newClock() *clock { return &clock{now: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *clock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// script serves answers in order (the last one repeats) and counts requests.
type script struct {
	n       atomic.Int64
	answers []func(w http.ResponseWriter, r *http.Request)
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.n.Add(1)) - 1
	s.answers[min(i, len(s.answers)-1)](w, r)
}

func status(code int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"status":%d}`, code)
	}
}

// hangUp drops the connection without an answer: a transport error.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func serve(t *testing.T, answers ...func(http.ResponseWriter, *http.Request)) (*script, string) {
	t.Helper()
	s := &script{answers: answers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func newPacer(base string, c *clock, o Options) *Pacer {
	o.Server, o.Base, o.Now, o.Sleep, o.Timeout = "Test", base, c.Now, c.Sleep, 5*time.Second
	return New(o)
}

func TestRetryAfterSecondsAndDateAreHonoured(t *testing.T) {
	c := newClock()
	date := c.Now().Add(7 * time.Second).Format(http.TimeFormat)
	s, base := serve(t, status(429, "Retry-After", "3"), status(503, "Retry-After", date), status(200))
	p := newPacer(base, c, Options{})
	resp, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"})
	if err != nil || resp.Status != 200 || s.n.Load() != 3 {
		t.Fatalf("two refusals then success: %v %v after %d requests", resp, err, s.n.Load())
	}
	w := c.Waits()
	// The date is 7 s after the start; the first wait already took about 3 of them.
	if len(w) != 2 || w[0] < 3*time.Second || w[0] > 3300*time.Millisecond || w[0]+w[1] < 7*time.Second || w[0]+w[1] > 7800*time.Millisecond {
		t.Fatalf("waits %v: want ≈3 s (seconds form), then up to the date 7 s after the start", w)
	}
}

func TestRetryAfterIsCappedByMaxWait(t *testing.T) {
	c := newClock()
	_, base := serve(t, status(429, "Retry-After", "3600"), status(200))
	p := newPacer(base, c, Options{MaxWait: 2 * time.Second})
	if _, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"}); err != nil {
		t.Fatal(err)
	}
	if w := c.Waits(); len(w) != 1 || w[0] < 2*time.Second || w[0] > 2200*time.Millisecond {
		t.Fatalf("waits %v: an hour's Retry-After must be capped at MaxWait", w)
	}
}

func TestOnlyRepeatableRequestsAreRetried(t *testing.T) {
	for _, tc := range []struct {
		name       string
		method     string
		repeatable bool
		answer     func(http.ResponseWriter, *http.Request)
		want       int64
	}{
		{"GET 503", http.MethodGet, false, status(503), 2},
		{"DELETE 500", http.MethodDelete, false, status(500), 2},
		{"GET hang-up", http.MethodGet, false, hangUp, 2},
		{"POST 503", http.MethodPost, false, status(503), 1},
		{"POST 429", http.MethodPost, false, status(429), 1},
		{"POST hang-up", http.MethodPost, false, hangUp, 1},
		{"repeatable POST 503", http.MethodPost, true, status(503), 2},
		{"repeatable PATCH hang-up", http.MethodPatch, true, hangUp, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, base := serve(t, tc.answer, status(204))
			p := newPacer(base, newClock(), Options{})
			_, err := p.Do(context.Background(), Request{Method: tc.method, URL: "/x", Body: []byte(`{}`), Repeatable: tc.repeatable})
			if s.n.Load() != tc.want {
				t.Fatalf("%d requests, want %d (err %v)", s.n.Load(), tc.want, err)
			}
			if tc.want == 1 && err == nil {
				t.Fatal("a failed request that may not be repeated must come back as an error")
			}
			if tc.want == 2 && err != nil {
				t.Fatalf("retried request failed: %v", err)
			}
		})
	}
}

func TestGivesUpAfterTheAttemptsWithTheLastError(t *testing.T) {
	s, base := serve(t, status(502))
	p := newPacer(base, newClock(), Options{Attempts: 3})
	_, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"})
	if source.CodeOf(err) != source.CodeUnavailable || !strings.Contains(err.Error(), "gave up after 3 attempts") || s.n.Load() != 3 {
		t.Fatalf("err %v after %d requests", err, s.n.Load())
	}
	s2, base2 := serve(t, status(503))
	if _, err := newPacer(base2, newClock(), Options{}).Do(context.Background(), Request{Method: http.MethodGet, URL: "/x", Tries: 1}); err == nil || s2.n.Load() != 1 {
		t.Fatalf("Tries 1 is one try: %v after %d", err, s2.n.Load())
	}
}

func TestBackoffGrowsBetweenTries(t *testing.T) {
	c := newClock()
	_, base := serve(t, status(500))
	p := newPacer(base, c, Options{Attempts: 4, Backoff: 100 * time.Millisecond})
	if _, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"}); err == nil {
		t.Fatal("want an error")
	}
	w := c.Waits()
	if len(w) != 3 || w[0] < 100*time.Millisecond || w[1] < 200*time.Millisecond || w[2] < 400*time.Millisecond || w[2] > 500*time.Millisecond {
		t.Fatalf("waits %v: want 100, 200, 400 ms plus jitter", w)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	s, base := serve(t, status(400))
	p := newPacer(base, newClock(), Options{})
	resp, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"})
	var se *source.Error
	if !errors.As(err, &se) || se.Code != source.CodeBadRequest || se.Status != 400 || resp == nil || s.n.Load() != 1 {
		t.Fatalf("400: %v %v after %d", resp, err, s.n.Load())
	}
}

func TestRefusedCredentialsAreRenewedOnce(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	s, base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer fresh" {
			status(401)(w, r)
			return
		}
		status(200)(w, r)
	})
	calls := 0
	creds := func(_ context.Context, refused *Credential) (Credential, error) {
		calls++
		if refused == nil {
			return Credential{Bearer: "stale"}, nil
		}
		return Credential{Bearer: "fresh"}, nil
	}
	p := newPacer(base, newClock(), Options{Attempts: 1, Credentials: creds})
	if _, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"}); err != nil {
		t.Fatalf("a renewed credential must be tried, and not use up the one try: %v", err)
	}
	if calls != 2 || len(seen) != 2 || seen[0] != "Bearer stale" || s.n.Load() != 2 {
		t.Fatalf("credential calls %d, sent %v", calls, seen)
	}

	// A credential source with nothing new (the same key again) ends the request at once.
	s2, base2 := serve(t, status(401))
	same := func(context.Context, *Credential) (Credential, error) { return Credential{Bearer: "k"}, nil }
	_, err := newPacer(base2, newClock(), Options{Credentials: same}).Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"})
	if source.CodeOf(err) != source.CodeAuth || s2.n.Load() != 1 {
		t.Fatalf("unchanged credential: %v after %d requests", err, s2.n.Load())
	}
	// A credential source that fails with an auth error ends it with that error.
	bad := errors.New("keyring locked")
	_, err = newPacer(base2, newClock(), Options{Credentials: func(context.Context, *Credential) (Credential, error) { return Credential{}, bad }}).
		Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"})
	if !errors.Is(err, bad) {
		t.Fatalf("credential error: %v", err)
	}
}

func TestCredentialBaseAndAbsoluteURLs(t *testing.T) {
	_, a := serve(t, status(200))
	sb, b := serve(t, status(200))
	p := newPacer("http://127.0.0.1:1", newClock(), Options{Credentials: func(context.Context, *Credential) (Credential, error) {
		return Credential{Base: a}, nil
	}})
	if _, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: "/x"}); err != nil {
		t.Fatalf("a path goes to the credential's base: %v", err)
	}
	if _, err := p.Do(context.Background(), Request{Method: http.MethodGet, URL: b + "/id"}); err != nil || sb.n.Load() != 1 {
		t.Fatalf("an absolute URL goes where it says: %v", err)
	}
}

func TestContextEndsTheWait(t *testing.T) {
	_, base := serve(t, status(503, "Retry-After", "5"))
	ctx, cancel := context.WithCancel(context.Background())
	p := New(Options{Server: "Test", Base: base, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		return Sleep(ctx, d)
	}})
	if _, err := p.Do(ctx, Request{Method: http.MethodGet, URL: "/x"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("want the context's error, got %v", err)
	}
}

func TestQueryAndJSONBodyAreSent(t *testing.T) {
	var got struct {
		query, ctype, body string
	}
	_, base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 64)
		n, _ := r.Body.Read(b)
		got.query, got.ctype, got.body = r.URL.RawQuery, r.Header.Get("Content-Type"), string(b[:n])
		w.WriteHeader(204)
	})
	p := newPacer(base, newClock(), Options{})
	_, err := p.Do(context.Background(), Request{Method: http.MethodPatch, URL: "/x", Query: map[string][]string{"a": {"1 2"}},
		JSON: map[string]bool{"blocked": true}, Repeatable: true})
	if err != nil || got.query != "a=1+2" || got.ctype != "application/json" || got.body != `{"blocked":true}` {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := p.Do(context.Background(), Request{Method: http.MethodPost, URL: "/x", JSON: func() {}}); err == nil {
		t.Fatal("a body that cannot be encoded is an error before any request")
	}
}
