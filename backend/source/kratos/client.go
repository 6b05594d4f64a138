package kratos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Client talks to one Kratos admin API.
type Client struct {
	cfg      source.Config
	base     string
	pageSize int
	pacer    *pace.Pacer
	now      func() time.Time

	mu        sync.Mutex
	key       string // API key, in memory only after the first read from the keyring
	keyLoaded bool

	bulk bulkProbe // whether this server has POST /admin/sessions, once it has answered
}

// Close forgets the API key.
func (c *Client) Close() error {
	c.mu.Lock()
	c.key, c.keyLoaded = "", false
	c.mu.Unlock()
	return nil
}

// apiKey returns the connection's API key, "" when none is stored (a self-hosted admin API).
// reload re-reads the keyring, for when the server refused the key we hold.
func (c *Client) apiKey(ctx context.Context, reload bool) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keyLoaded && !reload {
		return c.key, nil
	}
	key := ""
	if c.cfg.Secrets != nil {
		k, err := c.cfg.Secrets.Get(ctx, SecretAPIKey)
		switch {
		case errors.Is(err, source.ErrSecretNotFound):
		case err != nil:
			return "", fmt.Errorf("read the API key from the keyring: %w", err)
		default:
			key = strings.TrimSpace(k)
		}
	}
	c.key, c.keyLoaded = key, true
	return key, nil
}

// apiError is Kratos's (herodot's) error body.
type apiError struct {
	Error struct {
		ID      string `json:"id"`
		Code    int    `json:"code"`
		Status  string `json:"status"`
		Message string `json:"message"`
		Reason  string `json:"reason"`
	} `json:"error"`
}

// parseError turns an error answer into a typed connector error. haveKey picks the hint for 401.
func parseError(status int, body []byte, haveKey bool) *source.Error {
	var ae apiError
	id, msg := "", ""
	if json.Unmarshal(body, &ae) == nil && (ae.Error.Message != "" || ae.Error.Reason != "") {
		id, msg = ae.Error.ID, ae.Error.Message
		if r := ae.Error.Reason; r != "" && r != msg {
			if msg != "" {
				msg += ": "
			}
			msg += r
		}
	}
	e := pace.HTTPError(status, id, msg, body)
	switch e.Code {
	case source.CodeAuth:
		if haveKey {
			e.Message += " — the API key was refused: store a valid project API key for this connection"
		} else {
			e.Message += " — this admin API wants credentials: store the project API key for this connection"
		}
	case source.CodePermission:
		e.Message += " — the API key may not use this admin endpoint"
	}
	return e
}

// newPacer sends the client's requests: the API key (none self-hosted) as a bearer token,
// re-read from the keyring once when the server refuses it, in case it was replaced.
func (c *Client) newPacer(timeout time.Duration, t pace.Tuning) *pace.Pacer {
	return t.Pacer(pace.Options{
		Server: "Kratos", Timeout: timeout, Base: c.base,
		Credentials: pace.Bearer(c.apiKey),
		Errors: func(status int, body []byte) *source.Error {
			c.mu.Lock()
			haveKey := c.key != ""
			c.mu.Unlock()
			return parseError(status, body, haveKey)
		},
	})
}

// do sends one admin API request (retries and pacing in the pacer). It returns the 2xx
// answer, or a *source.Error for an HTTP error.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body any) (*pace.Response, error) {
	return c.doN(ctx, 0, method, path, q, body)
}

// doN is do with at most tries tries (0: the pacer's own number). Every write Kratos offers
// here is repeatable: disabling, deactivating and the bulk disable leave the same state when
// sent twice.
func (c *Client) doN(ctx context.Context, tries int, method, path string, q url.Values, body any) (*pace.Response, error) {
	return c.pacer.Do(ctx, pace.Request{Method: method, URL: path, Query: q, JSON: body, Tries: tries, Repeatable: true})
}

// statusOf is the HTTP status of a connector error, 0 when there is none.
func statusOf(err error) int {
	var se *source.Error
	if errors.As(err, &se) {
		return se.Status
	}
	return 0
}

var _ source.Client = (*Client)(nil)
