package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"sessionscope/backend/source"
)

// Client talks to one org.
type Client struct {
	conn     *Connector
	cfg      source.Config
	login    string
	version  string
	http     *http.Client
	oauth    *oauth2.Config
	attempts int
	base     time.Duration
	now      func() time.Time

	mu       sync.Mutex
	token    *oauth2.Token // access token in memory only
	instance string        // REST base from the token response
	idURL    string
	limit    source.RateLimitState
	haveLim  bool
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
	hctx := context.WithValue(ctx, oauth2.HTTPClient, c.http)
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
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		msg := re.ErrorDescription
		if msg == "" {
			msg = "the token request was refused"
		}
		switch st := statusOf(re.Response); {
		case st == http.StatusTooManyRequests:
			return &source.Error{Code: source.CodeRateLimit, Status: st, Message: "the token endpoint is rate limiting"}
		case st >= 500:
			return &source.Error{Code: source.CodeUnavailable, Status: st, Message: "the token endpoint failed: " + msg}
		}
		return &source.Error{Code: source.CodeAuth, ServerCode: re.ErrorCode, Status: statusOf(re.Response),
			Message: msg + " — sign in to this org again"}
	}
	return &source.Error{Code: source.CodeUnavailable, Message: "could not reach the token endpoint: " + source.RedactURLs(err.Error()), Err: err}
}

func statusOf(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
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
	e := &source.Error{Status: status}
	if json.Unmarshal(body, &errs) == nil && len(errs) > 0 {
		e.ServerCode, e.Message = errs[0].ErrorCode, errs[0].Message
	} else {
		e.Message = strings.TrimSpace(string(body))
		if len(e.Message) > 200 {
			e.Message = e.Message[:200] + "…"
		}
		if e.Message == "" {
			e.Message = http.StatusText(status)
		}
	}
	switch {
	case e.ServerCode == "INVALID_SESSION_ID" || status == http.StatusUnauthorized:
		e.Code = source.CodeAuth
	case e.ServerCode == "REQUEST_LIMIT_EXCEEDED":
		e.Code = source.CodeRateLimit
		e.Message = "the org's API request limit is used up (" + e.Message + "); try again when the daily allocation resets"
	case status == http.StatusTooManyRequests:
		e.Code = source.CodeRateLimit
	case strings.HasPrefix(e.ServerCode, "INSUFFICIENT_ACCESS") || e.ServerCode == "INVALID_TYPE":
		e.Code = source.CodePermission
		e.Message += " — the signed-in user needs the Manage Users permission"
	case status == http.StatusNotFound:
		e.Code = source.CodeNotFound
	case status >= 500:
		e.Code = source.CodeUnavailable
	default:
		e.Code = source.CodeBadRequest
	}
	return e
}

// do sends one REST request, refreshing the access token once on INVALID_SESSION_ID and
// retrying 5xx, 429 and timeouts with bounded exponential backoff. It returns the body of a
// 2xx answer. path is either absolute under the instance ("/services/…").
func (c *Client) do(ctx context.Context, method, path string, header http.Header) (int, []byte, error) {
	refreshed := false
	var last error
	for attempt := 0; attempt < c.attempts; attempt++ {
		if attempt > 0 {
			if err := source.Sleep(ctx, source.Backoff(c.base, attempt)); err != nil {
				return 0, nil, err
			}
		}
		token, inst, err := c.accessToken(ctx, false)
		if err != nil {
			if code := source.CodeOf(err); code == source.CodeUnavailable || code == source.CodeRateLimit {
				last = err
				continue
			}
			return 0, nil, err
		}
		status, body, err := c.send(ctx, method, inst+path, token, header)
		if err != nil {
			if ctx.Err() != nil {
				return 0, nil, ctx.Err()
			}
			last = &source.Error{Code: source.CodeUnavailable, Message: "Salesforce did not answer: " + source.RedactURLs(err.Error()), Err: err}
			slog.Debug("salesforce request failed, will retry", "method", method, "attempt", attempt+1, "err", source.RedactURLs(err.Error()))
			continue
		}
		if status < 300 {
			return status, body, nil
		}
		e := parseError(status, body)
		switch {
		case e.Code == source.CodeAuth && !refreshed:
			refreshed = true
			if _, _, err := c.accessToken(ctx, true); err != nil {
				return status, nil, err
			}
			attempt-- // the token refresh does not use up a retry
			continue
		case e.Code == source.CodeUnavailable || status == http.StatusTooManyRequests:
			last = e
			continue
		}
		return status, body, e
	}
	return 0, nil, fmt.Errorf("gave up after %d attempts: %w", c.attempts, last)
}

func (c *Client) send(ctx context.Context, method, url, token string, header http.Header) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	c.noteLimit(resp.Header.Get("Sforce-Limit-Info"))
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, body, nil
}

// noteLimit parses "api-usage=25/15000" (other parts such as api-bursts are kept raw).
func (c *Client) noteLimit(h string) {
	if h == "" {
		return
	}
	var used, limit int64
	for _, part := range strings.Split(h, ",") {
		part = strings.TrimSpace(part)
		if v, ok := strings.CutPrefix(part, "api-usage="); ok {
			fmt.Sscanf(v, "%d/%d", &used, &limit)
		}
	}
	c.mu.Lock()
	c.limit = source.RateLimitState{Used: used, Limit: limit, Raw: h, UpdatedAt: c.now()}
	c.haveLim = true
	c.mu.Unlock()
}

// RateLimit reports the last Sforce-Limit-Info seen.
func (c *Client) RateLimit() (source.RateLimitState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limit, c.haveLim
}
