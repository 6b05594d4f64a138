package keycloak

import (
	"net/url"
	"strings"

	"sessionscope/backend/source"
)

// SignInScopes are asked for by the interactive sign-in. offline_access makes the refresh token
// an offline token: it outlives the browser's SSO session (30 minutes idle by default) and
// lasts as long as the realm's offline session settings allow.
var SignInScopes = []string{"openid", "offline_access"}

// SignInSpec is the authorization-code flow with PKCE against the realm the client lives in.
// The client must be public with PKCE S256 and the redirect URI http://127.0.0.1/* registered:
// Keycloak ignores the port of loopback redirect URIs when matching, so any free port works.
func (c *Connector) SignInSpec(cfg source.Config) (source.SignInSpec, error) {
	if err := c.Validate(cfg); err != nil {
		return source.SignInSpec{}, err
	}
	realm := strings.TrimSpace(cfg.Options[OptAuthRealm])
	if realm == "" {
		realm = strings.TrimSpace(cfg.Options[OptRealm])
	}
	oidc := strings.TrimRight(strings.TrimSpace(cfg.URL), "/") + "/realms/" + url.PathEscape(realm) + "/protocol/openid-connect"
	return source.SignInSpec{
		AuthURL: oidc + "/auth", TokenURL: oidc + "/token",
		ClientID: strings.TrimSpace(cfg.Options[OptClientID]), Scopes: SignInScopes,
		Host: "127.0.0.1", Port: 0, Path: "/callback", RefreshSecret: SecretRefresh,
	}, nil
}

var _ source.InteractiveSignIn = (*Connector)(nil)
