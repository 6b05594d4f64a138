package salesforce

import (
	"fmt"
	"strconv"
	"strings"

	"sessionscope/backend/source"
)

// OptCallbackPort is the loopback port registered as the app's callback URL
// (http://localhost:PORT/OauthRedirect). Salesforce matches callbacks exactly, so it is fixed.
const OptCallbackPort = "callback_port"

// DefaultCallbackPort is the port of the callback the README tells admins to register.
const DefaultCallbackPort = 1717

// SignInSpec is the web-server flow with PKCE against the org's login host.
func (c *Connector) SignInSpec(cfg source.Config) (source.SignInSpec, error) {
	if err := c.Validate(cfg); err != nil {
		return source.SignInSpec{}, err
	}
	port := DefaultCallbackPort
	if v := cfg.Options[OptCallbackPort]; v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p <= 0 || p > 65535 {
			return source.SignInSpec{}, fmt.Errorf("callback port %q is not a port number", v)
		}
		port = p
	}
	login := strings.TrimRight(cfg.URL, "/")
	return source.SignInSpec{
		AuthURL: login + "/services/oauth2/authorize", TokenURL: login + "/services/oauth2/token",
		ClientID: cfg.Options[OptClientID], Scopes: []string{"api", "refresh_token"},
		Host: "localhost", Port: port, Path: "/OauthRedirect", RefreshSecret: SecretRefresh,
	}, nil
}

var _ source.InteractiveSignIn = (*Connector)(nil)
