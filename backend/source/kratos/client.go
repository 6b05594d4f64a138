package kratos

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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sessionscope/backend/source"
)

// Client talks to one Kratos admin API.
type Client struct {
	cfg       source.Config
	base      string
	pageSize  int
	http      *http.Client
	attempts  int
	retryBase time.Duration
	now       func() time.Time

	mu        sync.Mutex
	key       string // API key, in memory only after the first read from the keyring
	keyLoaded bool

	noBulk atomic.Bool // the server has no bulk endpoint (Kratos before v26.2)
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

// response is one HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
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
	e := &source.Error{Status: status}
	var ae apiError
	if json.Unmarshal(body, &ae) == nil && (ae.Error.Message != "" || ae.Error.Reason != "") {
		e.ServerCode, e.Message = ae.Error.ID, ae.Error.Message
		if r := ae.Error.Reason; r != "" && r != e.Message {
			if e.Message != "" {
				e.Message += ": "
			}
			e.Message += r
		}
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
	case status == http.StatusUnauthorized:
		e.Code = source.CodeAuth
		if haveKey {
			e.Message += " — the API key was refused: store a valid project API key for this connection"
		} else {
			e.Message += " — this admin API wants credentials: store the project API key for this connection"
		}
	case status == http.StatusForbidden:
		e.Code = source.CodePermission
		e.Message += " — the API key may not use this admin endpoint"
	case status == http.StatusNotFound:
		e.Code = source.CodeNotFound
	case status == http.StatusTooManyRequests:
		e.Code = source.CodeRateLimit
	case status >= 500:
		e.Code = source.CodeUnavailable
	default:
		e.Code = source.CodeBadRequest
	}
	return e
}

// do sends one admin API request with bounded retries on 5xx, 429 and timeouts; on 401 it
// re-reads the keyring once in case the key was replaced. It returns the 2xx answer, or the
// answer and a *source.Error for an HTTP error.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body any) (*response, error) {
	return c.doN(ctx, c.attempts, method, path, q, body)
}

func (c *Client) doN(ctx context.Context, attempts int, method, path string, q url.Values, body any) (*response, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	reloaded := false
	var last error
	var wait time.Duration
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, attempt, wait); err != nil {
				return nil, err
			}
		}
		key, err := c.apiKey(ctx, false)
		if err != nil {
			return nil, err
		}
		resp, err := c.send(ctx, method, path, q, payload, key)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			last = &source.Error{Code: source.CodeUnavailable, Message: "Kratos did not answer: " + source.RedactURLs(err.Error()), Err: err}
			slog.Debug("kratos request failed, will retry", "method", method, "path", path, "attempt", attempt+1, "err", source.RedactURLs(err.Error()))
			continue
		}
		if resp.status < 300 {
			return resp, nil
		}
		e := parseError(resp.status, resp.body, key != "")
		switch {
		case e.Code == source.CodeAuth && !reloaded:
			reloaded = true
			fresh, err := c.apiKey(ctx, true)
			if err != nil {
				return nil, err
			}
			if fresh != key {
				attempt-- // a new key in the keyring: trying it does not use up a retry
				continue
			}
			return resp, e
		case e.Code == source.CodeUnavailable || e.Code == source.CodeRateLimit:
			last, wait = e, retryAfter(resp.header.Get("Retry-After"))
			continue
		}
		return resp, e
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", attempts, last)
}

func (c *Client) send(ctx context.Context, method, path string, q url.Values, payload []byte, key string) (*response, error) {
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// retryAfter reads a Retry-After in seconds (Kratos does not document one; proxies send it).
func retryAfter(h string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// sleep waits the exponential backoff for attempt, or the server's Retry-After when that is
// longer, capped at 10 s either way so a refresh never hangs.
func (c *Client) sleep(ctx context.Context, attempt int, hint time.Duration) error {
	return source.Sleep(ctx, min(max(source.Backoff(c.retryBase, attempt), hint), source.MaxBackoff))
}

// statusOf is the HTTP status of a connector error, 0 when there is none.
func statusOf(err error) int {
	var se *source.Error
	if errors.As(err, &se) {
		return se.Status
	}
	return 0
}
