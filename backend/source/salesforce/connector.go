// Package salesforce is the Salesforce connector: it lists an org's active sessions with SOQL on
// AuthSession (following nextRecordsUrl), maps them onto the common model, and ends them with
// DELETE on the sObject or on sObject Collections; it contains a user by freezing them and
// revoking their OAuth grants. Access tokens come from the OAuth refresh-token grant (or a
// headless flow) and live in memory only; the refresh token stays in the keyring. Every REST
// call goes through the shared pacer (backend/source/pace), which reads Sforce-Limit-Info.
//
// Imported only by the registry, backend/source/connectors (and tests and benchmarks).
package salesforce

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Kind is the connector kind.
const Kind = "salesforce"

// DefaultAPIVersion is pinned at or above 64.0 so IsAssociatedWithJwtAccessToken is available.
const DefaultAPIVersion = "66.0"

// Option and secret names.
const (
	OptClientID     = "client_id"
	OptAPIVersion   = "api_version"
	OptBatchSize    = "batch_size"
	SecretRefresh   = "refresh_token"
	SecretClientKey = "client_secret"
)

// Connector is the Salesforce connector. The zero value is ready to use.
type Connector struct {
	pace.Tuning // retries and clock; tests tune them
}

// Describe declares the connector and its options.
func (c *Connector) Describe() source.Descriptor {
	return source.Descriptor{
		Kind:        Kind,
		DisplayName: "Salesforce",
		URLHelp:     "The org's My Domain login URL, e.g. https://acme.my.salesforce.com",
		Options: []source.Option{
			{Name: OptClientID, Label: "Consumer key", Help: "The external client app's consumer key", Required: true},
			{Name: OptAPIVersion, Label: "API version", Help: "REST API version, 64.0 or later (default " + DefaultAPIVersion + ")"},
			{Name: OptBatchSize, Label: "Page size", Help: "Records asked for per query page, 200–2000 (default 2000; Salesforce may send fewer)"},
			{Name: OptCallbackPort, Label: "Callback port", Help: "Port of the registered callback http://localhost:PORT/OauthRedirect for browser sign-in (default 1717)"},
			{Name: SecretRefresh, Label: "Refresh token", Help: "OAuth refresh token of an admin with Manage Users; leave empty and use Sign in to get one in the browser", Secret: true},
			{Name: OptAuthFlow, Label: "Sign-in flow", Help: "refresh_token (browser sign-in or a given token, default), jwt_bearer or client_credentials (headless)"},
			{Name: OptUsername, Label: "Username (JWT)", Help: "jwt_bearer: the pre-authorized Salesforce username to act as"},
			{Name: OptPrivateKeyFile, Label: "Private key file (JWT)", Help: "jwt_bearer: path to the PEM key of the certificate uploaded to the app"},
			{Name: OptAudience, Label: "Audience (JWT)", Help: "jwt_bearer: override the login host the assertion is for"},
			{Name: SecretClientKey, Label: "Consumer secret", Help: "client_credentials; or if the app requires the secret for the refresh token flow", Secret: true},
			{Name: SecretKeyPass, Label: "Private key passphrase", Help: "jwt_bearer: only for an encrypted key file", Secret: true},
		},
	}
}

// Validate checks a configuration without contacting the server.
func (c *Connector) Validate(cfg source.Config) error {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("the Salesforce URL must look like https://MyDomain.my.salesforce.com, got %q", cfg.URL)
	}
	if strings.TrimSpace(cfg.Options[OptClientID]) == "" {
		return fmt.Errorf("a Salesforce connection needs the consumer key (client id) of its external client app")
	}
	switch cfg.Options[OptAuthFlow] {
	case "", FlowRefreshToken, FlowClientCredentials:
	case FlowJWTBearer:
		if cfg.Options[OptUsername] == "" || cfg.Options[OptPrivateKeyFile] == "" {
			return fmt.Errorf("the jwt_bearer flow needs the username to act as and the private key file")
		}
	default:
		return fmt.Errorf("sign-in flow %q: use refresh_token, jwt_bearer or client_credentials", cfg.Options[OptAuthFlow])
	}
	if v := cfg.Options[OptAPIVersion]; v != "" && !validVersion(v) {
		return fmt.Errorf("API version %q: use a number like %s (64.0 or later)", v, DefaultAPIVersion)
	}
	return nil
}

func validVersion(v string) bool {
	var major, minor int
	n, err := fmt.Sscanf(v, "%d.%d", &major, &minor)
	return err == nil && n == 2 && major >= 64 && fmt.Sprintf("%d.%d", major, minor) == v
}

// Open prepares a client; the first request fetches an access token.
func (c *Connector) Open(ctx context.Context, cfg source.Config) (source.Client, error) {
	if err := c.Validate(cfg); err != nil {
		return nil, err
	}
	version := cfg.Options[OptAPIVersion]
	if version == "" {
		version = DefaultAPIVersion
	}
	cl := &Client{
		conn:    c,
		cfg:     cfg,
		login:   strings.TrimRight(cfg.URL, "/"),
		version: version,
		now:     c.Clock(),
	}
	cl.pacer = cl.newPacer(cfg.HTTPTimeout, c.Tuning)
	cl.oauth = &oauth2.Config{
		ClientID: cfg.Options[OptClientID],
		Endpoint: oauth2.Endpoint{TokenURL: cl.login + "/services/oauth2/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	return cl, nil
}

var _ source.Connector = (*Connector)(nil)
