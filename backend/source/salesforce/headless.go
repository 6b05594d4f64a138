package salesforce

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// Headless sign-in: the JWT bearer flow (a certificate uploaded to the external client app, the
// user pre-authorized; no refresh token — a new assertion each time) and the client-credentials
// flow (a "Run As" integration user; no refresh token either).

// Auth flows.
const (
	FlowRefreshToken      = "refresh_token" // default; the token comes from a browser sign-in or is given
	FlowJWTBearer         = "jwt_bearer"
	FlowClientCredentials = "client_credentials"
)

// Options and secrets of the headless flows.
const (
	OptAuthFlow       = "auth_flow"
	OptUsername       = "username"         // JWT subject: the Salesforce username to act as
	OptPrivateKeyFile = "private_key_file" // PEM private key matching the app's certificate
	OptAudience       = "audience"         // JWT audience override
	SecretKeyPass     = "private_key_passphrase"
)

const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// headlessToken runs the configured headless grant.
func (c *Client) headlessToken(ctx context.Context, flow string) (token, instance, idURL string, err error) {
	form := url.Values{}
	switch flow {
	case FlowJWTBearer:
		assertion, err := c.assertion(ctx)
		if err != nil {
			return "", "", "", err
		}
		form.Set("grant_type", jwtBearerGrant)
		form.Set("assertion", assertion)
	case FlowClientCredentials:
		secret, err := c.cfg.Secrets.Get(ctx, SecretClientKey)
		if err != nil {
			if errors.Is(err, source.ErrSecretNotFound) {
				return "", "", "", &source.Error{Code: source.CodeAuth, Message: "the client-credentials flow needs the consumer secret: store it for this connection"}
			}
			return "", "", "", fmt.Errorf("read the consumer secret from the keyring: %w", err)
		}
		form.Set("grant_type", "client_credentials")
		form.Set("client_id", c.cfg.Options[OptClientID])
		form.Set("client_secret", secret)
	default:
		return "", "", "", fmt.Errorf("unknown auth flow %q", flow)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.login+"/services/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.pacer.HTTP().Do(req)
	if err != nil {
		return "", "", "", &source.Error{Code: source.CodeUnavailable, Message: "could not reach the token endpoint: " + source.RedactURLs(err.Error()), Err: err}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var tr struct {
		AccessToken string `json:"access_token"`
		InstanceURL string `json:"instance_url"`
		ID          string `json:"id"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &tr)
	switch {
	case resp.StatusCode >= 300 || tr.AccessToken == "":
		next := "check the " + strings.ReplaceAll(flow, "_", " ") + " settings of this connection"
		return "", "", "", pace.TokenAnswer(resp.StatusCode, tr.Error, tr.Description, func(status int, code, desc string) *source.Error {
			return refused(status, code, desc, next)
		})
	case tr.InstanceURL == "":
		return "", "", "", &source.Error{Code: source.CodeBadResponse, Message: "the token response has no instance_url"}
	}
	return tr.AccessToken, strings.TrimRight(tr.InstanceURL, "/"), tr.ID, nil
}

// assertion signs a fresh, short-lived JWT (RS256) naming the client app, the user and the login host.
func (c *Client) assertion(ctx context.Context) (string, error) {
	key, err := c.privateKey(ctx)
	if err != nil {
		return "", err
	}
	user := c.cfg.Options[OptUsername]
	if user == "" {
		return "", fmt.Errorf("the JWT bearer flow needs the Salesforce username to act as")
	}
	now := c.now()
	claims := jwt.RegisteredClaims{
		Issuer: c.cfg.Options[OptClientID], Subject: user, Audience: jwt.ClaimStrings{c.audience()},
		ExpiresAt: jwt.NewNumericDate(now.Add(3 * time.Minute)),
	}
	return jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key)
}

// audience: the login host the assertion is for (sandboxes use test.salesforce.com).
func (c *Client) audience() string {
	if a := c.cfg.Options[OptAudience]; a != "" {
		return a
	}
	u, err := url.Parse(c.login)
	if err == nil && u.Scheme == "http" && (strings.HasPrefix(u.Host, "127.0.0.1") || strings.HasPrefix(u.Host, "localhost")) {
		return c.login // a local simulator
	}
	if err == nil && (u.Host == "test.salesforce.com" || strings.Contains(u.Host, ".sandbox.")) {
		return "https://test.salesforce.com"
	}
	return "https://login.salesforce.com"
}

// privateKey reads the PEM key file; a legacy-encrypted PEM is opened with the passphrase kept
// in the keyring.
func (c *Client) privateKey(ctx context.Context) (*rsa.PrivateKey, error) {
	path := c.cfg.Options[OptPrivateKeyFile]
	if path == "" {
		return nil, fmt.Errorf("the JWT bearer flow needs the private key file of the app's certificate")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the private key file: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s is not a PEM private key", path)
	}
	der := block.Bytes
	//lint:ignore SA1019 legacy PEM encryption is what `openssl genrsa -aes256` still writes
	if x509.IsEncryptedPEMBlock(block) { //nolint:staticcheck
		pass, err := c.cfg.Secrets.Get(ctx, SecretKeyPass)
		if err != nil {
			return nil, fmt.Errorf("the private key is encrypted and its passphrase is not in the keyring: %w", err)
		}
		//lint:ignore SA1019 see above
		if der, err = x509.DecryptPEMBlock(block, []byte(pass)); err != nil { //nolint:staticcheck
			return nil, fmt.Errorf("the private key passphrase does not open %s", path)
		}
	} else if block.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, fmt.Errorf("%s is an encrypted PKCS#8 key: convert it with `openssl rsa -aes256` (legacy PEM encryption) or store it unencrypted with tight file permissions", path)
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: not an RSA private key: %w", path, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: the JWT bearer flow needs an RSA key", path)
	}
	return rk, nil
}
