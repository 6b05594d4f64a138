package salesforcesim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRefreshGrant(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	c := e.sim.Credentials()
	code, tr := e.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID},
		"refresh_token": {c.RefreshToken}}) // secret is optional
	if code != 200 {
		t.Fatalf("status %d %+v", code, tr)
	}
	if tr.InstanceURL != e.srv.URL || tr.TokenType != "Bearer" || tr.Scope != "api refresh_token" {
		t.Errorf("unexpected token response %+v", tr)
	}
	if !strings.HasPrefix(tr.AccessToken, tr.ID[len(tr.ID)-37:len(tr.ID)-22]+"!") {
		t.Errorf("access token %q should start with the org id", tr.AccessToken)
	}
	ms, err := strconv.ParseInt(tr.IssuedAt, 10, 64)
	if err != nil || ms != e.clock.Now().UnixMilli() {
		t.Errorf("issued_at %q", tr.IssuedAt)
	}
	mac := hmac.New(sha256.New, []byte(c.ClientSecret))
	mac.Write([]byte(tr.ID + tr.IssuedAt))
	if tr.Signature != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Errorf("signature does not verify")
	}
	parts := strings.Split(strings.TrimPrefix(tr.ID, e.srv.URL+"/id/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "00D") || !strings.HasPrefix(parts[1], "005") || len(parts[1]) != 18 {
		t.Fatalf("id URL %q", tr.ID)
	}
	// The identity URL describes the admin.
	r := e.do("GET", strings.TrimPrefix(tr.ID, e.srv.URL), tr.AccessToken)
	var ident map[string]any
	r.json(t, &ident)
	if r.status != 200 || ident["username"] != e.sim.AdminUsername() || ident["display_name"] != "Org Admin" ||
		ident["user_id"] != parts[1] || ident["organization_id"] != parts[0] || ident["email"] == "" {
		t.Errorf("identity: %d %v", r.status, ident)
	}
	if r := e.do("GET", strings.TrimPrefix(tr.ID, e.srv.URL), ""); r.status != 403 {
		t.Errorf("identity without token: %d", r.status)
	}
	if got := e.sim.Stats().TokenGrants; got != 2 {
		t.Errorf("TokenGrants = %d, want 2", got)
	}
}

func TestTokenErrors(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	c := e.sim.Credentials()
	for _, tc := range []struct {
		name       string
		form       url.Values
		err, descr string
	}{
		{"bad refresh token", url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID}, "refresh_token": {"5Aep861nope"}},
			"invalid_grant", "expired access/refresh token"},
		{"unknown client", url.Values{"grant_type": {"refresh_token"}, "client_id": {"3MVG9nope"}, "refresh_token": {c.RefreshToken}},
			"invalid_client_id", "client identifier invalid"},
		{"wrong secret", url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID}, "client_secret": {"x"}, "refresh_token": {c.RefreshToken}},
			"invalid_client", "invalid client credentials"},
		{"unsupported grant", url.Values{"grant_type": {"password"}, "client_id": {c.ClientID}},
			"unsupported_grant_type", "grant type not supported"},
		{"missing grant", url.Values{}, "unsupported_grant_type", "grant type not supported"},
		{"client credentials wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {"x"}},
			"invalid_client", "invalid client credentials"},
	} {
		code, tr := e.tokenRequest(tc.form)
		if code != 400 || tr.Error != tc.err || tr.Description != tc.descr {
			t.Errorf("%s: %d %q %q", tc.name, code, tr.Error, tr.Description)
		}
	}
	e.sim.RevokeRefreshTokens()
	code, tr := e.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID}, "refresh_token": {c.RefreshToken}})
	if code != 400 || tr.Error != "invalid_grant" {
		t.Errorf("after RevokeRefreshTokens: %d %+v", code, tr)
	}
	if r := e.get(v + "/limits"); r.status != 200 {
		t.Errorf("access tokens outlive a refresh-token revocation until they expire: %d", r.status)
	}
}

func TestClientCredentialsGrant(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	c := e.sim.Credentials()
	code, tr := e.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}})
	if code != 200 || tr.AccessToken == "" || !strings.Contains(tr.ID, "/id/") {
		t.Fatalf("client credentials: %d %+v", code, tr)
	}
	if r := e.do("GET", v+"/limits", tr.AccessToken); r.status != 200 {
		t.Errorf("token unusable: %d", r.status)
	}
}

func jwt(claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": "RS256"}) + "." + enc(claims) + ".c2lnbmF0dXJl"
}

func TestJWTBearerGrant(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	c := e.sim.Credentials()
	exp := e.clock.Now().Add(3 * time.Minute).Unix()
	integ := "integration@acme.example"
	grant := func(claims map[string]any) (int, tokenResponse) {
		return e.tokenRequest(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {jwt(claims)}})
	}
	code, tr := grant(map[string]any{"iss": c.ClientID, "sub": integ, "aud": "https://login.salesforce.com", "exp": exp})
	if code != 200 || tr.AccessToken == "" {
		t.Fatalf("jwt grant: %d %+v", code, tr)
	}
	// The token acts as the integration user: its own API session is IsCurrent.
	_, recs, _ := (&env{t: t, sim: e.sim, srv: e.srv, token: tr.AccessToken}).queryAll(
		"SELECT Id, Users.Username, IsCurrent FROM AuthSession WHERE IsCurrent = true")
	if len(recs) != 1 || recs[0]["Users"].(map[string]any)["Username"] != integ {
		t.Errorf("integration user's current sessions: %v", recs)
	}
	code, _ = grant(map[string]any{"iss": c.ClientID, "sub": "ADMIN@acme.example", "aud": []string{e.srv.URL}, "exp": exp})
	if code != 200 {
		t.Errorf("usernames are case-insensitive and the sim's own URL is a valid audience: %d", code)
	}
	for _, tc := range []struct {
		name       string
		claims     map[string]any
		err, descr string
	}{
		{"wrong iss", map[string]any{"iss": "nope", "sub": integ, "aud": "https://login.salesforce.com", "exp": exp}, "invalid_client_id", "client identifier invalid"},
		{"wrong aud", map[string]any{"iss": c.ClientID, "sub": integ, "aud": "https://example.com", "exp": exp}, "invalid_grant", "audience is invalid"},
		{"expired", map[string]any{"iss": c.ClientID, "sub": integ, "aud": "https://test.salesforce.com", "exp": exp - 600}, "invalid_grant", "expired authorization code"},
		{"unknown user", map[string]any{"iss": c.ClientID, "sub": "ghost@acme.example", "aud": "https://login.salesforce.com", "exp": exp}, "invalid_grant", "user hasn't approved this consumer"},
	} {
		code, tr := grant(tc.claims)
		if code != 400 || tr.Error != tc.err || tr.Description != tc.descr {
			t.Errorf("%s: %d %q %q", tc.name, code, tr.Error, tr.Description)
		}
	}
	code, tr = e.tokenRequest(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {"garbage"}})
	if code != 400 || tr.Error != "invalid_grant" {
		t.Errorf("garbage assertion: %d %+v", code, tr)
	}
}

func TestRevokeEndpoint(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	r, err := e.srv.Client().PostForm(e.srv.URL+"/services/oauth2/revoke", url.Values{"token": {e.token}})
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 200 {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	if got := e.get(v + "/limits"); got.status != 401 {
		t.Errorf("revoked access token still works: %d", got.status)
	}
}
