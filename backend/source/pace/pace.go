// Package pace is the one way connectors talk HTTP to a session server. A Pacer sends one
// connection's requests: it authorizes each try (getting fresh credentials once when the
// server refuses them), holds requests back while the server's reported allowance is used up
// (x-ratelimit-* on Auth0, Sforce-Limit-Info on Salesforce), retries 429, 5xx and transport
// errors with exponential backoff and jitter or the server's Retry-After — only for requests
// whose repeat does no harm — and turns error answers into source.Error values with a
// secret-free excerpt of the server's text. A Pacer is safe for concurrent use: parallel
// workers of one connection (listing fan-out, bulk sign-out batches) share its allowance.
// Around it, what every connector would otherwise write again: GetJSON (a paced read decoded
// into a target) and Path, the token endpoint's failures (TokenError), and Tuning, the retry
// and clock settings each Connector embeds.
//
// Who may import it: the connector packages under backend/source; backend/jobs for Backoff,
// and tests that tune a connector. Nothing else above them does; they see the allowance
// through source.RateLimited.
package pace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/source"
)

// Defaults for Options' zero fields.
const (
	DefaultAttempts = 4
	DefaultBase     = 500 * time.Millisecond
	DefaultTimeout  = 60 * time.Second
	defaultMaxBody  = 256 << 20
)

// Credential is what one try is authorized with.
type Credential struct {
	Bearer string // sent as "Authorization: Bearer …"; "" sends no Authorization header
	Base   string // prefix of a Request.URL that is a path; "" keeps Options.Base
}

// Options configure a Pacer. Only Server and HTTP are required.
type Options struct {
	Server  string        // the server's name in messages, e.g. "Salesforce"
	Timeout time.Duration // bounds each request; 0 means DefaultTimeout
	Base    string        // prefix of a Request.URL that is a path, e.g. "https://sso.example.com"

	Attempts int           // tries per request; 0 means DefaultAttempts
	Backoff  time.Duration // first backoff delay, doubled per retry; 0 means DefaultBase
	MaxWait  time.Duration // cap of one wait the server asks for (Retry-After, bucket reset); 0 means MaxBackoff
	MaxBody  int64         // bytes read of an answer; 0 means 256 MiB
	Now      func() time.Time
	// Sleep waits between tries; tests replace it to see the waits without taking them.
	Sleep func(ctx context.Context, d time.Duration) error

	// Credentials returns what the next try is authorized with. refused is nil at first, and
	// the credential the server just refused after an auth error: return a different one or an
	// error. Returning the refused one again ends the request with the server's auth error.
	// Nil sends no credentials.
	Credentials func(ctx context.Context, refused *Credential) (Credential, error)
	// Errors reads an error answer into a connector error (see HTTPError); nil uses HTTPError
	// with the body's text only.
	Errors func(status int, body []byte) *source.Error
	// Allowance reads the server's rate-limit headers; nil when the server sends none.
	Allowance func(h http.Header) (Allowance, bool)
}

// Bearer makes Options.Credentials from a token source whose tokens are all valid against
// one base URL; renew is true when the server has just refused the token it gave.
func Bearer(token func(ctx context.Context, renew bool) (string, error)) func(context.Context, *Credential) (Credential, error) {
	return func(ctx context.Context, refused *Credential) (Credential, error) {
		tok, err := token(ctx, refused != nil)
		return Credential{Bearer: tok}, err
	}
}

// Pacer sends one connection's requests. Create it with New.
type Pacer struct {
	o    Options
	http *http.Client

	mu       sync.Mutex
	bucket   bucket
	inflight int // requests between take and settle
}

// New returns a pacer with o's defaults filled in.
func New(o Options) *Pacer {
	if o.Attempts <= 0 {
		o.Attempts = DefaultAttempts
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBase
	}
	if o.MaxWait <= 0 {
		o.MaxWait = MaxBackoff
	}
	if o.MaxBody <= 0 {
		o.MaxBody = defaultMaxBody
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = Sleep
	}
	if o.Errors == nil {
		o.Errors = func(status int, body []byte) *source.Error { return HTTPError(status, "", "", body) }
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return &Pacer{o: o, http: &http.Client{Timeout: o.Timeout}}
}

// HTTP is the pacer's HTTP client, for token requests made by hand that go around it: the
// same timeout, the same connections (grants made by golang.org/x/oauth2 use OAuth).
func (p *Pacer) HTTP() *http.Client { return p.http }

// Request is one API call.
type Request struct {
	Method string
	URL    string     // absolute, or a path joined to the credential's or the pacer's Base
	Query  url.Values // added to URL
	Header http.Header
	Body   []byte // sent as application/json unless Header sets Content-Type
	JSON   any    // when set, encoded as the body
	// Repeatable marks a POST or PATCH whose repeat does no harm (ending what is already
	// ended, setting a flag already set): it is retried like GET, PUT and DELETE.
	Repeatable bool
	// Tries overrides Options.Attempts for this request (1 for a best-effort probe).
	Tries int
}

// Response is a server's answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// retryable is whether a failed try of r may be repeated: safe and idempotent methods
// (RFC 9110), and requests the connector marked Repeatable.
func (r *Request) retryable() bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return r.Repeatable
}

// Do sends r. A 2xx answer comes back with a nil error; an error answer comes back with a
// *source.Error; when every try failed the last error is wrapped in "gave up after N
// attempts"; when ctx ends, ctx's error.
func (p *Pacer) Do(ctx context.Context, r Request) (*Response, error) {
	if r.JSON != nil {
		b, err := json.Marshal(r.JSON)
		if err != nil {
			return nil, fmt.Errorf("encode the request body: %w", err)
		}
		r.Body = b
	}
	if len(r.Query) > 0 {
		r.URL += "?" + r.Query.Encode()
	}
	tries := p.o.Attempts
	if r.Tries > 0 {
		tries = r.Tries
	}
	var (
		refused *Credential
		renewed bool
		last    error
		wait    time.Duration
	)
	for attempt := 0; attempt < tries; attempt++ {
		if attempt > 0 {
			if err := p.o.Sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
		wait = Backoff(p.o.Backoff, attempt+1)
		cred, err := p.credential(ctx, refused)
		if err != nil {
			if code := source.CodeOf(err); (code == source.CodeUnavailable || code == source.CodeRateLimit) && ctx.Err() == nil {
				last = err // the token endpoint is struggling: worth another try
				continue
			}
			return nil, err
		}
		if refused != nil && cred.Bearer == refused.Bearer {
			return nil, last // nothing new to try: the server's refusal stands
		}
		resp, err := p.send(ctx, r, cred)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var se *source.Error
			if errors.As(err, &se) {
				return nil, err // refused before sending: the allowance is used up
			}
			last = &source.Error{Code: source.CodeUnavailable, Message: p.o.Server + " did not answer: " + source.RedactURLs(err.Error()), Err: err}
			if !r.retryable() {
				return nil, last
			}
			slog.Debug("request failed, will retry", "server", p.o.Server, "method", r.Method, "attempt", attempt+1,
				"err", source.RedactURLs(err.Error()))
			continue
		}
		if resp.Status < 300 {
			return resp, nil
		}
		e := p.o.Errors(resp.Status, resp.Body)
		switch {
		case e.Code == source.CodeAuth && !renewed && p.o.Credentials != nil:
			renewed, refused, last = true, &cred, e
			attempt-- // fresh credentials do not use up a try
			wait = 0
			continue
		case (resp.Status == http.StatusTooManyRequests || resp.Status >= 500) && r.retryable():
			last = e
			if ra, ok := RetryAfter(resp.Header.Get("Retry-After"), p.o.Now()); ok {
				wait = min(ra, p.o.MaxWait) + jitter(min(ra, p.o.MaxWait))
			} else if resp.Status == http.StatusTooManyRequests && p.resetAhead() {
				wait = 0 // the next take waits for the bucket's reset, for every worker at once
			}
			continue
		}
		return resp, e
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", tries, last)
}

func (p *Pacer) credential(ctx context.Context, refused *Credential) (Credential, error) {
	if p.o.Credentials == nil {
		return Credential{}, nil
	}
	return p.o.Credentials(ctx, refused)
}

// send makes one HTTP request after the allowance lets it go.
func (p *Pacer) send(ctx context.Context, r Request, cred Credential) (*Response, error) {
	u := r.URL
	if !strings.Contains(u, "://") {
		base := cred.Base
		if base == "" {
			base = p.o.Base
		}
		u = base + u
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u, body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if r.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cred.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+cred.Bearer)
	}
	if err := p.take(ctx); err != nil {
		return nil, err
	}
	resp, err := p.http.Do(req)
	if err != nil {
		p.settle(nil)
		return nil, err
	}
	defer resp.Body.Close()
	p.settle(resp.Header)
	b, err := io.ReadAll(io.LimitReader(resp.Body, p.o.MaxBody))
	if err != nil {
		return nil, err
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}
