// Package kratos is the Ory Kratos connector. It lists every session of a Kratos project through
// the admin API (GET /admin/sessions with keyset paging through the Link header), maps them onto
// the common model and ends them with the admin API: disable one session, disable up to 500 per
// call where the server has the bulk endpoint (the hosted Ory Network; self-hosted Kratos has
// none, which the client learns from the server's answer), or hard-delete every session of an
// identity. It warns when the server's counts show that its paging lost sessions. Self-hosted
// Kratos has no admin authentication, so its URL alone is enough; Ory Network wants a project
// API key, sent as a Bearer token. Kratos session ids are UUIDs, not credentials: the session token is separate and
// never returned by the admin API.
//
// Imported only by the registry, backend/source/connectors (and tests).
package kratos

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Kind is the connector kind.
const Kind = "kratos"

// Option and secret names.
const (
	OptPageSize  = "page_size"
	SecretAPIKey = "api_key"
)

// MaxPageSize is the most sessions Kratos serves per page; it clamps larger page_size values.
// It is also the default: fewer round trips count less against Ory Network's rate limits.
const MaxPageSize = 1000

// Connector is the Kratos connector. The zero value is ready to use.
type Connector struct {
	pace.Tuning // retries and clock; tests tune them
}

// Describe declares the connector and its options.
func (c *Connector) Describe() source.Descriptor {
	return source.Descriptor{
		Kind:        Kind,
		DisplayName: "Ory Kratos",
		URLHelp: "The Kratos admin API base URL: http://127.0.0.1:4434 for a self-hosted Kratos (the admin " +
			"port, not the public 4433), or https://<project-slug>.projects.oryapis.com for Ory Network",
		// The id is a UUID; the credential is the separate session token, which the admin API never returns.
		SessionIDIsSecret: false,
		// A Kratos session has authenticated_at, issued_at and expires_at, but no last activity.
		NoLastActive: true,
		Options: []source.Option{
			{Name: OptPageSize, Label: "Page size", Help: "Sessions asked for per page, 1–1000 (default 1000, the most Kratos serves)"},
			{Name: SecretAPIKey, Label: "API key", Secret: true,
				Help: "Ory Network project API key (ory_pat_…). Leave empty for a self-hosted Kratos whose admin API " +
					"is reached over a trusted network: it has no authentication of its own"},
		},
	}
}

// Validate checks a configuration without contacting the server. No secret is required.
func (c *Connector) Validate(cfg source.Config) error {
	if _, err := baseURL(cfg.URL); err != nil {
		return err
	}
	_, err := pageSize(cfg.Options[OptPageSize])
	return err
}

// baseURL normalises the admin URL: no trailing slash and no trailing "/admin" (paths add it),
// a path prefix of a reverse proxy kept.
func baseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("the Kratos URL must look like http://127.0.0.1:4434 or https://<slug>.projects.oryapis.com, got %q", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("the Kratos URL must be a plain base URL without credentials, query or fragment")
	}
	if strings.HasSuffix(strings.ToLower(u.Hostname()), ".oryapis.com") && u.Scheme != "https" {
		return "", fmt.Errorf("Ory Network is reached over https, got %q", raw)
	}
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/admin")
	u.RawPath = ""
	return strings.TrimRight(u.String(), "/"), nil
}

func pageSize(v string) (int, error) {
	if strings.TrimSpace(v) == "" {
		return MaxPageSize, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > MaxPageSize {
		return 0, fmt.Errorf("page size %q: use a number from 1 to %d", v, MaxPageSize)
	}
	return n, nil
}

// Open prepares a client. Nothing is sent until the first call.
func (c *Connector) Open(ctx context.Context, cfg source.Config) (source.Client, error) {
	if err := c.Validate(cfg); err != nil {
		return nil, err
	}
	base, _ := baseURL(cfg.URL)
	size, _ := pageSize(cfg.Options[OptPageSize])
	cl := &Client{cfg: cfg, base: base, pageSize: size, now: c.Clock()}
	cl.pacer = cl.newPacer(cfg.HTTPTimeout, c.Tuning)
	return cl, nil
}

var _ source.Connector = (*Connector)(nil)
