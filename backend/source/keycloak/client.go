package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Client talks to one realm.
type Client struct {
	cfg       source.Config
	base      string // server base URL, with the legacy /auth context path if any
	realm     string
	authRealm string
	clientID  string
	pageSize  int
	uiExt     bool
	pacer     *pace.Pacer
	now       func() time.Time

	mu          sync.Mutex
	token       *oauth2.Token // access token in memory only
	claims      tokenClaims
	interactive bool // signed in with a refresh token (a user), not client credentials
	noUIExt     bool // ui-ext/sessions answered 404: the server does not have it
}

// tokenClaims are the access-token claims the connector reads. Keycloak's access tokens are
// JWTs; the connector does not verify them (it got them straight from the token endpoint),
// it only reads who it is and which session its own sign-in is.
type tokenClaims struct {
	Sid               string `json:"sid"`
	PreferredUsername string `json:"preferred_username"`
	Azp               string `json:"azp"`
	ResourceAccess    map[string]struct {
		Roles []string `json:"roles"`
	} `json:"resource_access"`
}

// Close forgets the access token.
func (c *Client) Close() error {
	c.mu.Lock()
	c.token = nil
	c.mu.Unlock()
	return nil
}

func (c *Client) tokenURL() string {
	return pace.Path(c.base+"/realms", c.authRealm) + "/protocol/openid-connect/token"
}

// accessToken returns the cached access token while it is valid, or gets a new one: with the
// refresh-token grant when a refresh token is stored (the interactive sign-in), else with the
// client-credentials grant.
func (c *Client) accessToken(ctx context.Context, force bool) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != nil && !force && c.token.Valid() {
		return c.token.AccessToken, nil
	}
	hctx := c.pacer.OAuth(ctx)
	secret, err := c.secret(ctx, SecretClient)
	if err != nil {
		return "", err
	}
	rt, err := c.secret(ctx, SecretRefresh)
	if err != nil {
		return "", err
	}
	var tok *oauth2.Token
	switch {
	case rt != "":
		conf := oauth2.Config{ClientID: c.clientID, ClientSecret: secret,
			Endpoint: oauth2.Endpoint{TokenURL: c.tokenURL(), AuthStyle: oauth2.AuthStyleInParams}}
		tok, err = conf.TokenSource(hctx, &oauth2.Token{RefreshToken: rt}).Token()
		if err != nil {
			return "", c.tokenError(err, true)
		}
		// Keycloak sends a new refresh token with every refresh: keep the newest, in the
		// keyring only.
		if tok.RefreshToken != "" && tok.RefreshToken != rt {
			if err := c.cfg.Secrets.Set(ctx, SecretRefresh, tok.RefreshToken); err != nil {
				return "", fmt.Errorf("store the new refresh token in the keyring: %w", err)
			}
		}
	case secret != "":
		conf := clientcredentials.Config{ClientID: c.clientID, ClientSecret: secret, TokenURL: c.tokenURL(),
			AuthStyle: oauth2.AuthStyleInParams}
		tok, err = conf.Token(hctx)
		if err != nil {
			return "", c.tokenError(err, false)
		}
	default:
		return "", &source.Error{Code: source.CodeAuth,
			Message: "neither a client secret nor a sign-in is stored for this connection: enter the client secret or sign in"}
	}
	c.token, c.claims, c.interactive = tok, readClaims(tok.AccessToken), rt != ""
	return tok.AccessToken, nil
}

// secret reads one secret; a missing one is "".
func (c *Client) secret(ctx context.Context, name string) (string, error) {
	v, err := c.cfg.Secrets.Get(ctx, name)
	if errors.Is(err, source.ErrSecretNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s from the keyring: %w", name, err)
	}
	return strings.TrimSpace(v), nil
}

// readClaims decodes a JWT's payload without verifying it; anything unreadable yields zero
// claims (Keycloak can be set to issue lightweight tokens without most claims).
func readClaims(jwt string) tokenClaims {
	var cl tokenClaims
	if !source.TokenClaims(jwt, &cl) {
		return tokenClaims{}
	}
	return cl
}

// tokenError turns a token-endpoint failure into a connector error without echoing any token.
func (c *Client) tokenError(err error, refresh bool) error {
	return pace.TokenError(err, func(st int, code, desc string) *source.Error { return c.refused(st, code, desc, refresh) })
}

// refused says what a refusal of the token endpoint means for this connection.
func (c *Client) refused(st int, code, desc string, refresh bool) *source.Error {
	if desc == "" {
		desc = code
	}
	if desc == "" {
		desc = http.StatusText(st)
	}
	e := &source.Error{ServerCode: code, Status: st, Message: desc}
	switch {
	case st == http.StatusNotFound:
		e.Code = source.CodeNotFound
		e.Message = fmt.Sprintf("%s — is %q the realm the client %q lives in, and is the URL right?", desc, c.authRealm, c.clientID)
	case code == "invalid_grant" || (refresh && st == http.StatusUnauthorized):
		e.Code, e.Message = source.CodeAuth, desc+" — the saved sign-in is no longer valid: sign in again"
	case code == "unauthorized_client" && !strings.Contains(desc, "Invalid client"):
		// The client may not use this grant (older servers also say unauthorized_client for
		// a wrong secret, with "Invalid client or Invalid client credentials").
		e.Code = source.CodePermission
		e.Message = fmt.Sprintf("%s — in Clients ▸ %s, turn on Client authentication and Service accounts roles", desc, c.clientID)
	case code == "invalid_client" || code == "unauthorized_client" || st == http.StatusUnauthorized:
		e.Code = source.CodeAuth
		e.Message = fmt.Sprintf("%s — check the client id %q and its secret (Clients ▸ %s ▸ Credentials)", desc, c.clientID, c.clientID)
	default:
		e.Code = source.CodeBadRequest
	}
	return e
}

// session returns the current token's claims (fetching a token if there is none yet).
func (c *Client) session(ctx context.Context) (tokenClaims, bool, error) {
	if _, err := c.accessToken(ctx, false); err != nil {
		return tokenClaims{}, false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.claims, c.interactive, nil
}

// WhoAmI is the signed-in username: the admin's, or the client's service-account user.
func (c *Client) WhoAmI(ctx context.Context) (string, error) {
	cl, interactive, err := c.session(ctx)
	switch {
	case err != nil:
		return "", err
	case cl.PreferredUsername != "":
		return cl.PreferredUsername, nil
	case interactive:
		// A lightweight access token names no user.
		return "a user signed in through " + c.clientID, nil
	}
	return "service-account-" + c.clientID, nil
}

var (
	_ source.Client   = (*Client)(nil)
	_ source.Identity = (*Client)(nil)
)
