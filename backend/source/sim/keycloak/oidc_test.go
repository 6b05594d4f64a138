package keycloaksim

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTokenEndpointErrors(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	c := e.sim.Credentials()
	cases := []struct {
		form   url.Values
		status int
		code   string
		desc   string
	}{
		{url.Values{"client_id": {c.ClientID}}, 400, "invalid_request", "Missing form parameter: grant_type"},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {"nobody"}, "client_secret": {"x"}}, 401, "invalid_client", "Invalid client or Invalid client credentials"},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {"wrong"}}, 401, "invalid_client", "Invalid client or Invalid client credentials"},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}}, 401, "invalid_client", "Client secret not provided in request"},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {PublicClientID}}, 400, "unauthorized_client", "Public client not allowed to retrieve service account"},
		{url.Values{"grant_type": {"password"}, "client_id": {PublicClientID}}, 400, "unauthorized_client", "Client not allowed for direct access grants"},
		{url.Values{"grant_type": {"magic"}, "client_id": {PublicClientID}}, 400, "unsupported_grant_type", "Unsupported grant_type"},
		{url.Values{"grant_type": {"refresh_token"}, "client_id": {PublicClientID}, "refresh_token": {"x"}}, 400, "invalid_grant", "Invalid refresh token"},
		{url.Values{"grant_type": {"authorization_code"}, "client_id": {PublicClientID}, "code": {"x"}}, 400, "invalid_grant", "Code not valid"},
	}
	for _, tc := range cases {
		status, tr := e.tokenRequest(tc.form)
		if status != tc.status || tr.Error != tc.code || tr.Description != tc.desc {
			t.Errorf("%v: %d %s %q", tc.form, status, tr.Error, tr.Description)
		}
	}
	resp, err := http.Post(strings.Replace(e.oidc("token"), "/realms/"+e.realm, "/realms/other", 1), "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(b), `"error":"Realm does not exist"`) {
		t.Fatalf("unknown realm: %d %s", resp.StatusCode, b)
	}
}

func TestClientCredentialsToken(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	c := e.sim.Credentials()
	req, _ := http.NewRequest("POST", e.oidc("token"), strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.ClientID, c.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr tokenResp
	json.NewDecoder(resp.Body).Decode(&tr)
	if resp.StatusCode != 200 || tr.TokenType != "Bearer" || tr.ExpiresIn != 300 || tr.RefreshToken != "" || tr.SessionState != "" {
		t.Fatalf("client_secret_basic: %d %+v", resp.StatusCode, tr)
	}
	cl := jwtClaims(t, tr.AccessToken)
	ra, _ := cl["resource_access"].(map[string]any)
	rm, _ := ra["realm-management"].(map[string]any)
	if cl["preferred_username"] != "service-account-"+AdminClientID || cl["azp"] != AdminClientID || cl["sid"] != nil || rm == nil {
		t.Fatalf("claims %v", cl)
	}
	e.sim.RegenerateClientSecret()
	if status, tr := e.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}); status != 401 || tr.Error != "invalid_client" {
		t.Fatalf("old secret: %d %+v", status, tr)
	}
	if r := e.admin("client-session-stats"); r.status != 200 {
		t.Fatal("tokens issued before stay valid until they expire")
	}
}

func jwtClaims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", jwt)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// pkce is one authorization request's verifier and challenge.
type pkce struct{ verifier, challenge string }

func newPKCE(seed string) pkce {
	v := strings.Repeat(seed, 64)[:64]
	return pkce{v, s256(v)}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize calls the authorization endpoint and returns the status and the redirect.
func (e *env) authorize(q url.Values) (int, *url.URL, string) {
	e.t.Helper()
	resp, err := noRedirect.Get(e.oidc("auth") + "?" + q.Encode())
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	loc, _ := url.Parse(resp.Header.Get("Location"))
	return resp.StatusCode, loc, string(b)
}

func authQuery(redirect string, p pkce, scope string) url.Values {
	return url.Values{"client_id": {PublicClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "scope": {scope},
		"state": {"s1"}, "code_challenge": {p.challenge}, "code_challenge_method": {"S256"}, "nonce": {"n1"}}
}

func TestAuthorizationCodeWithPKCE(t *testing.T) {
	e := newEnv(t, Config{Users: 10})
	p := newPKCE("verifier-")
	redirect := "http://localhost:53682/cb?x=1"
	status, loc, _ := e.authorize(authQuery(redirect, p, "openid offline_access"))
	q := loc.Query()
	if status != 302 || !strings.HasPrefix(loc.String(), "http://localhost:53682/cb?x=1&state=s1&session_state=") ||
		q.Get("code") == "" || q.Get("iss") != e.srv.URL+"/realms/"+e.realm {
		t.Fatalf("%d %s", status, loc)
	}
	sid := q.Get("session_state")
	if !strings.Contains(q.Get("code"), "."+sid+".") {
		t.Fatalf("code %q should read <id>.<session>.<client>", q.Get("code"))
	}
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {PublicClientID}, "code": {q.Get("code")},
		"redirect_uri": {redirect}, "code_verifier": {p.verifier}}
	status, tr := e.tokenRequest(form)
	if status != 200 || tr.RefreshToken == "" || tr.IDToken == "" || tr.SessionState != sid || tr.RefreshExpiresIn != 0 {
		t.Fatalf("exchange: %d %+v", status, tr)
	}
	if c := jwtClaims(t, tr.RefreshToken); c["typ"] != "Offline" {
		t.Fatalf("offline_access gives an offline token: %v", c["typ"])
	}
	if c := jwtClaims(t, tr.IDToken); c["nonce"] != "n1" || c["aud"] != PublicClientID {
		t.Fatalf("id token %v", c)
	}
	if c := jwtClaims(t, tr.AccessToken); c["sid"] != sid || c["preferred_username"] != "admin" {
		t.Fatalf("access token %v", c)
	}
	active := e.sim.ActiveSessionIDs()
	if !contains(active, sid) || !contains(active, sid+OfflineSuffix) {
		t.Fatal("the sign-in created a regular session and an offline session with the same id")
	}
	if status, tr := e.tokenRequest(form); status != 400 || tr.Description != "Code not valid" {
		t.Fatalf("a code is single-use: %d %+v", status, tr)
	}
	// Refresh rotates the refresh token; both stay usable (revokeRefreshToken is off).
	refresh := url.Values{"grant_type": {"refresh_token"}, "client_id": {PublicClientID}, "refresh_token": {tr.RefreshToken}}
	status, tr2 := e.tokenRequest(refresh)
	if status != 200 || tr2.RefreshToken == "" || tr2.RefreshToken == tr.RefreshToken {
		t.Fatalf("refresh: %d %+v", status, tr2)
	}
	if status, _ := e.tokenRequest(refresh); status != 200 {
		t.Fatal("the old refresh token still works")
	}
	// Deleting the offline session ends the offline token.
	e.adminDo("DELETE", "sessions/"+sid+"?isOffline=true", "")
	if status, tr := e.tokenRequest(refresh); status != 400 || tr.Description != "Offline user session not found" {
		t.Fatalf("after delete: %d %+v", status, tr)
	}
}

func TestPKCEFailures(t *testing.T) {
	e := newEnv(t, Config{Users: 10})
	p := newPKCE("abc")
	redirect := "http://127.0.0.1:40001/callback"
	exchange := func(verifier string, redir string) (int, tokenResp) {
		_, loc, _ := e.authorize(authQuery(redirect, p, "openid"))
		f := url.Values{"grant_type": {"authorization_code"}, "client_id": {PublicClientID}, "code": {loc.Query().Get("code")},
			"redirect_uri": {redir}}
		if verifier != "" {
			f.Set("code_verifier", verifier)
		}
		return e.tokenRequest(f)
	}
	for _, c := range []struct {
		verifier, redirect, desc string
	}{
		{newPKCE("other").verifier, redirect, "PKCE verification failed: Code mismatch"},
		{"", redirect, "PKCE code verifier not specified"},
		{"short", redirect, "PKCE invalid code verifier"},
		{p.verifier, "http://127.0.0.1:40002/callback", "Incorrect redirect_uri"},
	} {
		status, tr := exchange(c.verifier, c.redirect)
		if status != 400 || tr.Error != "invalid_grant" || tr.Description != c.desc {
			t.Errorf("%+v: %d %+v", c, status, tr)
		}
	}
	// A regular (non-offline) refresh token dies with its session.
	status, tr := exchange(p.verifier, redirect)
	if status != 200 || jwtClaims(t, tr.RefreshToken)["typ"] != "Refresh" || tr.RefreshExpiresIn != 1800 {
		t.Fatalf("%d %+v", status, tr)
	}
	e.adminDo("POST", "users/"+e.sim.UserID("admin")+"/logout", "")
	refresh := url.Values{"grant_type": {"refresh_token"}, "client_id": {PublicClientID}, "refresh_token": {tr.RefreshToken}}
	if status, tr := e.tokenRequest(refresh); status != 400 || tr.Description != "Session not active" {
		t.Fatalf("after logout: %d %+v", status, tr)
	}
	if r := e.do("GET", "/admin/realms/"+e.realm, tr.AccessToken, ""); r.status != 401 {
		t.Fatal("an access token dies with its session")
	}
}

func TestAuthorizationRequestErrors(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	p := newPKCE("x")
	ok := authQuery("http://127.0.0.1:1234/", p, "openid")
	with := func(k, v string) url.Values {
		q := url.Values{}
		for kk, vv := range ok {
			q[kk] = vv
		}
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
		return q
	}
	for _, c := range []struct {
		q    url.Values
		page string
	}{
		{with("client_id", "nobody"), "Client not found."},
		{with("redirect_uri", "https://evil.example/"), "Invalid parameter: redirect_uri"},
		{with("redirect_uri", "http://[::1]:1234/"), "Invalid parameter: redirect_uri"},
		{with("redirect_uri", ""), "Invalid parameter: redirect_uri"},
	} {
		status, _, body := e.authorize(c.q)
		if status != 400 || !strings.Contains(body, c.page) {
			t.Errorf("%v: %d %s", c.q, status, body)
		}
	}
	for _, c := range []struct {
		q         url.Values
		err, desc string
	}{
		{with("response_type", "token"), "unsupported_response_type", "Client does not support requested response_type"},
		{with("code_challenge_method", ""), "invalid_request", "Missing parameter: code_challenge_method"},
		{with("code_challenge_method", "plain"), "invalid_request", "Invalid parameter: code challenge method is not matching the configured one"},
		{with("code_challenge", ""), "invalid_request", "Missing parameter: code_challenge"},
		{with("code_challenge", "tooshort"), "invalid_request", "Invalid parameter: code_challenge"},
	} {
		status, loc, _ := e.authorize(c.q)
		if status != 302 || loc.Query().Get("error") != c.err || loc.Query().Get("error_description") != c.desc ||
			loc.Query().Get("state") != "s1" || loc.Query().Get("code") != "" {
			t.Errorf("%v: %d %s", c.q, status, loc)
		}
	}
	e = newEnv(t, Config{Users: 5, InteractiveUser: "nobody"})
	if status, _, body := e.authorize(ok); status != 400 || !strings.Contains(body, "Invalid username or password.") {
		t.Fatalf("%d %s", status, body)
	}
}

func TestCodesExpire(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	p := newPKCE("y")
	_, loc, _ := e.authorize(authQuery("http://127.0.0.1:9/", p, "openid"))
	e.clock.Advance(61 * time.Second)
	status, tr := e.tokenRequest(url.Values{"grant_type": {"authorization_code"}, "client_id": {PublicClientID},
		"code": {loc.Query().Get("code")}, "redirect_uri": {"http://127.0.0.1:9/"}, "code_verifier": {p.verifier}})
	if status != 400 || tr.Description != "Code not valid" {
		t.Fatalf("%d %+v", status, tr)
	}
}

func TestDiscoveryAndRevocation(t *testing.T) {
	e := newEnv(t, Config{Users: 5, ContextPath: "/auth"})
	resp, err := http.Get(e.srv.URL + "/auth/realms/" + e.realm + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if doc["token_endpoint"] != e.srv.URL+"/auth/realms/"+e.realm+"/protocol/openid-connect/token" {
		t.Fatalf("%v", doc["token_endpoint"])
	}
	if r := e.do("GET", "/realms/"+e.realm+"/.well-known/openid-configuration", "", ""); r.status != 404 {
		t.Fatalf("outside the context path: %d", r.status)
	}
	p := newPKCE("z")
	_, loc, _ := e.authorize(authQuery("http://127.0.0.1:9/", p, "openid"))
	_, tr := e.tokenRequest(url.Values{"grant_type": {"authorization_code"}, "client_id": {PublicClientID},
		"code": {loc.Query().Get("code")}, "redirect_uri": {"http://127.0.0.1:9/"}, "code_verifier": {p.verifier}})
	resp, err = http.PostForm(e.oidc("revoke"), url.Values{"client_id": {PublicClientID}, "token": {tr.RefreshToken}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("revoke: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if status, _ := e.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {PublicClientID}, "refresh_token": {tr.RefreshToken}}); status != 400 {
		t.Fatal("a revoked refresh token fails")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
