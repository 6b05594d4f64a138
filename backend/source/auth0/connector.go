// Package auth0 is the Auth0 connector. Auth0 has no tenant-wide session list, so it
// enumerates users (GET /api/v2/users, paged in created_at windows to get past the search's
// 1000-result cap), lists each user's sessions (GET /api/v2/users/{id}/sessions, checkpoint
// paging) with a few workers paced by the x-ratelimit-* headers, maps them onto the common
// model and ends them with POST /api/v2/sessions/{id}/revoke. The Management API token comes
// from the client-credentials grant and lives in memory only; the client secret stays in the
// keyring.
//
// Imported only by the registry, backend/source/connectors (and tests).
package auth0

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Kind is the connector kind.
const Kind = "auth0"

// Option and secret names.
const (
	OptClientID  = "client_id"
	OptAudience  = "audience"
	SecretClient = "client_secret"
)

// Defaults for the Connector's zero fields.
const (
	DefaultWorkers      = 4
	DefaultUsersPerPage = 100 // the most per_page allows
	DefaultTake         = 50  // the documented default of take on a user's session list
	DefaultMaxRateWait  = 30 * time.Second
)

// Connector is the Auth0 connector. The zero value is ready to use; the fields exist so tests
// run fast and small.
type Connector struct {
	pace.Tuning // retries and clock
	// Workers is how many users' sessions are fetched at once (default 4).
	Workers int
	// UsersPerPage is per_page on the user search, 1–100 (default 100). Each page of users
	// becomes one Page of sessions.
	UsersPerPage int
	// Take is the page size asked for on a user's session list (default 50).
	Take int
	// MaxRateWait caps one wait for the rate-limit bucket to refill (default 30 s).
	MaxRateWait time.Duration
}

// Describe declares the connector and its options.
func (c *Connector) Describe() source.Descriptor {
	return source.Descriptor{
		Kind:        Kind,
		DisplayName: "Auth0",
		URLHelp: "Your tenant's Auth0 domain as a URL, e.g. https://acme.eu.auth0.com — not a custom " +
			"domain: the Management API is served on the tenant domain",
		// The session id is the sid claim every relying party already sees in ID and logout
		// tokens: an identifier, not the session cookie. Knowing it lets nobody act as the user;
		// ending a session by id needs a Management API token with delete:sessions.
		SessionIDIsSecret: false,
		Options: []source.Option{
			{Name: OptClientID, Label: "Client ID", Required: true,
				Help: "Client ID of a Machine to Machine application authorized for the Auth0 Management API " +
					"with read:users, read:sessions, delete:sessions and delete:refresh_tokens " +
					"(update:users to block users, read:logs for login history). Session endpoints need an Enterprise plan."},
			{Name: OptAudience, Label: "Audience",
				Help: "Management API identifier; leave empty for https://<your domain>/api/v2/"},
			{Name: SecretClient, Label: "Client secret", Secret: true, Required: true,
				Help: "The Machine to Machine application's client secret"},
		},
	}
}

// Validate checks a configuration without contacting the server. Plain http is accepted only
// for loopback hosts (the built-in simulator).
func (c *Connector) Validate(cfg source.Config) error {
	u, err := url.Parse(strings.TrimSpace(cfg.URL))
	if err != nil || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("the Auth0 URL must be the tenant domain, like https://acme.eu.auth0.com, got %q", cfg.URL)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return fmt.Errorf("the Auth0 URL must use https (http only for a local simulator), got %q", cfg.URL)
	}
	if strings.TrimSpace(cfg.Options[OptClientID]) == "" {
		return fmt.Errorf("an Auth0 connection needs the client ID of a Machine to Machine application")
	}
	if a := strings.TrimSpace(cfg.Options[OptAudience]); a != "" {
		if au, err := url.Parse(a); err != nil || au.Scheme == "" || au.Host == "" {
			return fmt.Errorf("the audience must be a URL like https://acme.eu.auth0.com/api/v2/, got %q", a)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Open prepares a client; the first request fetches an access token.
func (c *Connector) Open(ctx context.Context, cfg source.Config) (source.Client, error) {
	if err := c.Validate(cfg); err != nil {
		return nil, err
	}
	base := strings.TrimRight(strings.TrimSpace(cfg.URL), "/")
	audience := strings.TrimSpace(cfg.Options[OptAudience])
	if audience == "" {
		audience = base + "/api/v2/"
	}
	cl := &Client{
		cfg:     cfg,
		base:    base,
		host:    strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://"),
		now:     c.Clock(),
		workers: c.Workers,
		perPage: c.UsersPerPage,
		take:    c.Take,
		maxWait: c.MaxRateWait,
		oauth: &clientcredentials.Config{
			ClientID:       strings.TrimSpace(cfg.Options[OptClientID]),
			TokenURL:       base + "/oauth/token",
			EndpointParams: url.Values{"audience": {audience}},
			AuthStyle:      oauth2.AuthStyleInParams,
		},
	}
	if cl.workers <= 0 {
		cl.workers = DefaultWorkers
	}
	if cl.perPage <= 0 || cl.perPage > 100 {
		cl.perPage = DefaultUsersPerPage
	}
	if cl.take <= 0 {
		cl.take = DefaultTake
	}
	if cl.maxWait <= 0 {
		cl.maxWait = DefaultMaxRateWait
	}
	cl.pacer = cl.newPacer(cfg.HTTPTimeout, c.Tuning)
	return cl, nil
}

var _ source.Connector = (*Connector)(nil)
