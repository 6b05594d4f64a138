package auth0

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Client talks to one tenant's Management API.
type Client struct {
	cfg     source.Config
	base    string // https://tenant.eu.auth0.com
	host    string
	oauth   *clientcredentials.Config
	pacer   *pace.Pacer
	now     func() time.Time
	workers int
	perPage int
	take    int
	maxWait time.Duration

	tokMu sync.Mutex // one token request at a time

	mu     sync.Mutex
	token  string // access token, in memory only
	expiry time.Time
	scopes []string // granted scopes, from the token response
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
	tok, err := conf.Token(c.pacer.OAuth(ctx))
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

// newPacer sends the client's Management API requests: paced by the tenant's x-ratelimit-*
// headers (waiting for the bucket's reset, at most maxWait at a time), with a new token once
// when the server refuses the current one (Management API tokens expire and cannot be
// refreshed).
func (c *Client) newPacer(timeout time.Duration, t pace.Tuning) *pace.Pacer {
	return t.Pacer(pace.Options{
		Server: "Auth0", Timeout: timeout, Base: c.base, MaxWait: c.maxWait, MaxBody: 64 << 20,
		Credentials: func(ctx context.Context, refused *pace.Credential) (pace.Credential, error) {
			stale := ""
			if refused != nil {
				stale = refused.Bearer
			}
			tok, err := c.accessToken(ctx, stale)
			return pace.Credential{Bearer: tok}, err
		},
		Errors:    parseError,
		Allowance: pace.RateLimitHeaders,
	})
}

// do sends one Management API request (path starts with /api/v2/). A 2xx answer comes back
// with a nil error; anything else as a *source.Error (with the answer when there is one).
// Every call the connector makes is repeatable: revoking a revoked session is a 404, blocking
// a blocked user leaves them blocked.
func (c *Client) do(ctx context.Context, method, path string, body []byte) (*pace.Response, error) {
	return c.pacer.Do(ctx, pace.Request{Method: method, URL: path, Body: body, Repeatable: true})
}

// RateLimit reports the last rate-limit headers seen.
func (c *Client) RateLimit() (source.RateLimitState, bool) { return c.pacer.RateLimit() }

var (
	_ source.Client      = (*Client)(nil)
	_ source.RateLimited = (*Client)(nil)
)
