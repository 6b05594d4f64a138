// Package keycloak is the Keycloak connector. Keycloak has no supported realm-wide session
// list, so it lists by fanning out per client (client-session-stats, then each client's
// user-sessions and offline-sessions, paged with first/max) and de-duplicates by session id
// and kind, keeping only the set of ids already seen. Optionally it uses the admin console's
// internal ui-ext/sessions list instead. It ends sessions with DELETE …/sessions/{id}, a
// user's sessions with POST …/users/{id}/logout plus per-session deletes of their offline
// sessions, and disables users. Access tokens come from the client-credentials grant (headless)
// or from a stored refresh token (interactive sign-in) and live in memory only.
//
// Imported only by the registry, backend/source/connectors (and tests).
package keycloak

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
const Kind = "keycloak"

// Option and secret names.
const (
	OptRealm      = "realm"
	OptClientID   = "client_id"
	OptAuthRealm  = "auth_realm"
	OptPageSize   = "page_size"
	OptUIExt      = "ui_ext"
	SecretClient  = "client_secret"
	SecretRefresh = "refresh_token"
)

// DefaultPageSize is the max asked for per listing page (Keycloak's own default is 100).
const DefaultPageSize = 500

// OfflineSuffix marks offline sessions in session ids: Keycloak gives an offline session the
// id of the regular session it was created from, and both can be live at once, so the kind
// is part of SessionScope's id ("<id>:offline"). RevokeSession reads it back.
const OfflineSuffix = ":offline"

// Connector is the Keycloak connector. The zero value is ready to use.
type Connector struct {
	pace.Tuning // retries and clock; tests tune them
}

// Describe declares the connector and its options.
func (c *Connector) Describe() source.Descriptor {
	return source.Descriptor{
		Kind:        Kind,
		DisplayName: "Keycloak",
		URLHelp: "The server's base URL, e.g. https://sso.example.com — with /auth at the end for servers older " +
			"than Keycloak 17 (or started with that context path). Not a realm or admin-console URL.",
		// A Keycloak session id is the tokens' sid claim, not a credential: it cannot be used
		// to sign in, so it is shown in full.
		SessionIDIsSecret: false,
		Options: []source.Option{
			{Name: OptRealm, Label: "Realm", Required: true,
				Help: "The realm whose sessions to list (the name shown in the admin console, e.g. \"customers\")"},
			{Name: OptClientID, Label: "Client ID", Required: true,
				Help: "The admin client: a confidential client with Service accounts enabled (with the client secret), " +
					"or, to sign in in the browser instead, a public client with PKCE S256 and redirect URI http://127.0.0.1/*"},
			{Name: OptAuthRealm, Label: "Client's realm",
				Help: "The realm the client lives in, if not the realm above (e.g. master)"},
			{Name: OptPageSize, Label: "Page size",
				Help: fmt.Sprintf("Sessions asked for per request, 10–5000 (default %d)", DefaultPageSize)},
			{Name: OptUIExt, Label: "Use the admin console's session list",
				Help: "true to list through the new admin console's internal ui-ext/sessions endpoint when the server has it " +
					"(fewer requests, but the server loads every session for each page, so leave off for large realms; " +
					"its records lack remember-me, so expiry shown may be the longer remember-me one)"},
			{Name: SecretClient, Label: "Client secret", Secret: true,
				Help: "The client's secret (Clients ▸ client ▸ Credentials); required unless you sign in interactively"},
			{Name: SecretRefresh, Label: "Refresh token", Secret: true,
				Help: "Stored by the interactive sign-in; when present it is used instead of the client secret"},
		},
	}
}

// Validate checks a configuration without contacting the server.
func (c *Connector) Validate(cfg source.Config) error {
	u, err := url.Parse(strings.TrimSpace(cfg.URL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("the Keycloak URL must look like https://sso.example.com (or …/auth on old servers), got %q", cfg.URL)
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if strings.Contains(p, "/realms/") || strings.Contains(p, "/admin/") {
		return fmt.Errorf("enter the server's base URL without /realms/… or /admin/…, e.g. %s://%s", u.Scheme, u.Host)
	}
	for _, o := range []struct{ name, label string }{{OptRealm, "realm"}, {OptAuthRealm, "client's realm"}} {
		v := strings.TrimSpace(cfg.Options[o.name])
		if o.name == OptRealm && v == "" {
			return fmt.Errorf("a Keycloak connection needs the realm whose sessions it lists")
		}
		if strings.ContainsAny(v, "/?#") {
			return fmt.Errorf("the %s %q is not a realm name", o.label, v)
		}
	}
	if strings.TrimSpace(cfg.Options[OptClientID]) == "" {
		return fmt.Errorf("a Keycloak connection needs the client id of its admin client")
	}
	if v := cfg.Options[OptPageSize]; v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 10 || n > 5000 {
			return fmt.Errorf("page size %q: use a number from 10 to 5000", v)
		}
	}
	if _, err := parseBool(cfg.Options[OptUIExt]); err != nil {
		return err
	}
	return nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "false", "no", "0", "off":
		return false, nil
	case "true", "yes", "1", "on":
		return true, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}

// Open prepares a client; the first request fetches an access token.
func (c *Connector) Open(ctx context.Context, cfg source.Config) (source.Client, error) {
	if err := c.Validate(cfg); err != nil {
		return nil, err
	}
	cl := &Client{
		cfg:       cfg,
		base:      strings.TrimRight(strings.TrimSpace(cfg.URL), "/"),
		realm:     strings.TrimSpace(cfg.Options[OptRealm]),
		authRealm: strings.TrimSpace(cfg.Options[OptAuthRealm]),
		clientID:  strings.TrimSpace(cfg.Options[OptClientID]),
		pageSize:  DefaultPageSize,
		now:       c.Clock(),
	}
	if cl.authRealm == "" {
		cl.authRealm = cl.realm
	}
	if n, err := strconv.Atoi(cfg.Options[OptPageSize]); err == nil {
		cl.pageSize = n
	}
	cl.uiExt, _ = parseBool(cfg.Options[OptUIExt])
	cl.pacer = cl.newPacer(cfg.HTTPTimeout, c.Tuning)
	return cl, nil
}

var _ source.Connector = (*Connector)(nil)
