package auth0

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"sessionscope/backend/source"
)

// Client talks to one tenant's Management API.
type Client struct {
	cfg      source.Config
	base     string // https://tenant.eu.auth0.com
	host     string
	http     *http.Client
	oauth    *clientcredentials.Config
	attempts int
	backoff  time.Duration
	now      func() time.Time
	workers  int
	perPage  int
	take     int
	maxWait  time.Duration

	tokMu sync.Mutex // one token request at a time

	mu       sync.Mutex
	token    string // access token, in memory only
	expiry   time.Time
	scopes   []string // granted scopes, from the token response
	rl       rateState
	inflight int // requests between pace and requestDone
}

// Close forgets the access token.
func (c *Client) Close() error {
	c.mu.Lock()
	c.token, c.scopes = "", nil
	c.mu.Unlock()
	return nil
}

// accessToken returns the cached token, or runs the client-credentials grant when there is
// none, it is about to expire, or it is the stale one a request was just refused with (so
// that several workers hitting 401 at once cause a single new grant).
func (c *Client) accessToken(ctx context.Context, stale string) (string, error) {
	c.tokMu.Lock()
	defer c.tokMu.Unlock()
	c.mu.Lock()
	cur, exp := c.token, c.expiry
	c.mu.Unlock()
	if cur != "" && cur != stale && (exp.IsZero() || c.now().Before(exp.Add(-time.Minute))) {
		return cur, nil
	}
	secret, err := c.cfg.Secrets.Get(ctx, SecretClient)
	if err != nil {
		if errors.Is(err, source.ErrSecretNotFound) {
			return "", &source.Error{Code: source.CodeAuth, Message: "no client secret is stored for this connection: enter it again"}
		}
		return "", fmt.Errorf("read the client secret from the keyring: %w", err)
	}
	conf := *c.oauth
	conf.ClientSecret = secret
	tok, err := conf.Token(context.WithValue(ctx, oauth2.HTTPClient, c.http))
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", tokenError(err)
	}
	scope, _ := tok.Extra("scope").(string)
	c.mu.Lock()
	c.token, c.expiry, c.scopes = tok.AccessToken, tok.Expiry, strings.Fields(scope)
	c.mu.Unlock()
	return tok.AccessToken, nil
}

// grantedScopes are the scopes of the current token.
func (c *Client) grantedScopes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.scopes...)
}

// response is a Management API answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends one Management API request (path starts with /api/v2/). It paces itself by the
// rate-limit headers, gets a new token once on 401, waits for the bucket to refill on 429
// and backs off on 5xx and timeouts, all within c.attempts tries. A 2xx answer comes back
// with a nil error; anything else as a *source.Error (with the response when there is one).
func (c *Client) do(ctx context.Context, method, path string, body []byte) (*response, error) {
	stale := ""
	refreshed := false
	var last error
	var wait time.Duration
	for attempt := 0; attempt < c.attempts; attempt++ {
		if attempt > 0 {
			if err := source.Sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
		wait = c.backoffFor(attempt + 1)
		tok, err := c.accessToken(ctx, stale)
		if err != nil {
			if code := source.CodeOf(err); code == source.CodeUnavailable || code == source.CodeRateLimit {
				last = err
				continue
			}
			return nil, err
		}
		if err := c.pace(ctx); err != nil {
			return nil, err
		}
		resp, err := c.send(ctx, method, path, tok, body)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			last = &source.Error{Code: source.CodeUnavailable, Message: "Auth0 did not answer: " + source.RedactURLs(err.Error()), Err: err}
			slog.Debug("auth0 request failed, will retry", "method", method, "attempt", attempt+1, "err", source.RedactURLs(err.Error()))
			continue
		}
		if resp.status < 300 {
			return resp, nil
		}
		e := parseError(resp.status, resp.body)
		switch {
		case resp.status == http.StatusUnauthorized && !refreshed:
			// Management API tokens expire (24 h by default) and cannot be refreshed: get a new one.
			refreshed, stale = true, tok
			attempt--
			wait = 0
			continue
		case resp.status == http.StatusTooManyRequests:
			last, wait = e, c.rateWait(resp.header, attempt+1)
			continue
		case e.Code == source.CodeUnavailable:
			last = e
			continue
		}
		return resp, e
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", c.attempts, last)
}

// send makes one HTTP request; pace must have been called for it.
func (c *Client) send(ctx context.Context, method, path, token string, body []byte) (*response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		c.requestDone(nil)
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.requestDone(nil)
		return nil, err
	}
	defer resp.Body.Close()
	c.requestDone(resp.Header)
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// backoffFor is the exponential delay before retry number n (1-based), with jitter.
func (c *Client) backoffFor(n int) time.Duration { return source.Backoff(c.backoff, n) }
