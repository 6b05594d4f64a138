package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Client talks to one org.
type Client struct {
	conn    *Connector
	cfg     source.Config
	login   string
	version string
	oauth   *oauth2.Config
	pacer   *pace.Pacer
	now     func() time.Time

	mu       sync.Mutex
	token    *oauth2.Token // access token in memory only
	instance string        // REST base from the token response
	idURL    string
}

// Close forgets the access token.
func (c *Client) Close() error {
	c.mu.Lock()
	c.token = nil
	c.mu.Unlock()
	return nil
}

// accessToken returns the cached token or runs the refresh-token grant.
func (c *Client) accessToken(ctx context.Context, force bool) (string, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != nil && !force {
		return c.token.AccessToken, c.instance, nil
	}
	if flow := c.cfg.Options[OptAuthFlow]; flow == FlowJWTBearer || flow == FlowClientCredentials {
		tok, inst, id, err := c.headlessToken(ctx, flow)
		if err != nil {
			return "", "", err
		}
		c.token, c.instance, c.idURL = &oauth2.Token{AccessToken: tok}, inst, id
		return tok, inst, nil
	}
	rt, err := c.cfg.Secrets.Get(ctx, SecretRefresh)
	if err != nil {
		if errors.Is(err, source.ErrSecretNotFound) {
			return "", "", &source.Error{Code: source.CodeAuth, Message: "no refresh token is stored for this connection: sign in again"}
		}
		return "", "", fmt.Errorf("read refresh token from the keyring: %w", err)
	}
	conf := *c.oauth
	switch secret, err := c.cfg.Secrets.Get(ctx, SecretClientKey); {
	case err == nil:
		conf.ClientSecret = secret
	case !errors.Is(err, source.ErrSecretNotFound):
		return "", "", fmt.Errorf("read the consumer secret from the keyring: %w", err)
	}
	hctx := c.pacer.OAuth(ctx)
	tok, err := conf.TokenSource(hctx, &oauth2.Token{RefreshToken: rt}).Token()
	if err != nil {
		return "", "", tokenError(err)
	}
	inst, _ := tok.Extra("instance_url").(string)
	if inst == "" {
		return "", "", &source.Error{Code: source.CodeBadResponse, Message: "the token response has no instance_url"}
	}
	c.token, c.instance = tok, strings.TrimRight(inst, "/")
	c.idURL, _ = tok.Extra("id").(string)
	// Refresh-token rotation: keep the newest one, in the keyring only.
	if tok.RefreshToken != "" && tok.RefreshToken != rt {
		if err := c.cfg.Secrets.Set(ctx, SecretRefresh, tok.RefreshToken); err != nil {
			return "", "", fmt.Errorf("store the rotated refresh token in the keyring: %w", err)
		}
	}
	return c.token.AccessToken, c.instance, nil
}

// tokenError turns an OAuth failure into a connector error without echoing any token.
func tokenError(err error) error {
	return pace.TokenError(err, func(status int, code, desc string) *source.Error {
		return refused(status, code, desc, "sign in to this org again")
	})
}

// refused is a token request the org refused; next says what to do about it.
func refused(status int, code, desc, next string) *source.Error {
	if desc == "" {
		desc = "the token request was refused"
	}
	return &source.Error{Code: source.CodeAuth, ServerCode: code, Status: status, Message: desc + " — " + next}
}

// apiError is one element of Salesforce's JSON-array error body.
type apiError struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"errorCode"`
	Fields    []string `json:"fields"`
}

// parseError reads the JSON-array error body into a typed connector error.
func parseError(status int, body []byte) *source.Error {
	var errs []apiError
	code, msg := "", ""
	if json.Unmarshal(body, &errs) == nil && len(errs) > 0 {
		code, msg = errs[0].ErrorCode, errs[0].Message
	}
	e := pace.HTTPError(status, code, msg, body)
	switch {
	case e.ServerCode == "INVALID_SESSION_ID":
		e.Code = source.CodeAuth
	case e.ServerCode == "REQUEST_LIMIT_EXCEEDED":
		// The daily allocation, not a burst: no retry helps before it resets.
		e.Code = source.CodeRateLimit
		e.Message = "the org's API request limit is used up (" + e.Message + "); try again when the daily allocation resets"
	case strings.HasPrefix(e.ServerCode, "INSUFFICIENT_ACCESS") || e.ServerCode == "INVALID_TYPE":
		e.Code = source.CodePermission
		e.Message += " — the signed-in user needs the Manage Users permission"
	}
	return e
}

// newPacer sends the client's REST requests to the instance the token names, reads
// Sforce-Limit-Info from every answer, and refreshes the access token once on
// INVALID_SESSION_ID.
func (c *Client) newPacer(timeout time.Duration, t pace.Tuning) *pace.Pacer {
	return t.Pacer(pace.Options{
		Server: "Salesforce", Timeout: timeout, MaxBody: 64 << 20,
		Credentials: func(ctx context.Context, refused *pace.Credential) (pace.Credential, error) {
			tok, inst, err := c.accessToken(ctx, refused != nil)
			return pace.Credential{Bearer: tok, Base: inst}, err
		},
		Errors:    parseError,
		Allowance: pace.SforceLimitInfo,
	})
}

// do sends one REST write (path under the instance, "/services/…", or an absolute URL) and
// returns the body of a 2xx answer; reads go through c.pacer.GetJSON. Every write the
// connector makes is repeatable: deleting an already deleted session answers
// ENTITY_IS_DELETED, freezing twice leaves the user frozen.
func (c *Client) do(ctx context.Context, method, path string, header http.Header, body []byte) ([]byte, error) {
	resp, err := c.pacer.Do(ctx, pace.Request{Method: method, URL: path, Header: header, Body: body, Repeatable: true})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// RateLimit reports the last Sforce-Limit-Info seen.
func (c *Client) RateLimit() (source.RateLimitState, bool) { return c.pacer.RateLimit() }

var (
	_ source.Client      = (*Client)(nil)
	_ source.RateLimited = (*Client)(nil)
)
