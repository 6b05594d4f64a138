package auth0sim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTokenGrantAndItsErrors(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	st, body := e.grant(e.creds())
	if st != http.StatusOK || body["token_type"] != "Bearer" || body["expires_in"].(float64) != 86400 {
		t.Fatalf("grant: %d %v", st, body)
	}
	if body["scope"] != strings.Join(AllScopes, " ") {
		t.Fatalf("scope %q, want every granted scope", body["scope"])
	}
	// The token is JWT-shaped and names the client as its subject.
	parts := strings.Split(body["access_token"].(string), ".")
	claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var c map[string]any
	if len(parts) != 3 || json.Unmarshal(claims, &c) != nil || c["sub"] != e.sim.Credentials().ClientID+"@clients" ||
		c["aud"] != e.audience() || c["gty"] != "client-credentials" {
		t.Fatalf("claims %s", claims)
	}

	for _, tc := range []struct {
		name   string
		edit   func(f map[string][]string)
		status int
		code   string
		desc   string
	}{
		{"wrong secret", func(f map[string][]string) { f["client_secret"] = []string{"nope"} }, 401, "access_denied", "Unauthorized"},
		{"unknown client", func(f map[string][]string) { f["client_id"] = []string{"nope"} }, 401, "access_denied", "Unauthorized"},
		{"no audience", func(f map[string][]string) { delete(f, "audience") }, 403, "access_denied", "No audience parameter"},
		{"other audience", func(f map[string][]string) { f["audience"] = []string{"https://api.example/"} }, 403, "access_denied", "Service not found"},
		{"password grant", func(f map[string][]string) { f["grant_type"] = []string{"password"} }, 403, "unauthorized_client", "not allowed"},
		{"no grant type", func(f map[string][]string) { delete(f, "grant_type") }, 400, "invalid_request", "grant_type"},
	} {
		f := e.creds()
		tc.edit(f)
		st, body := e.grant(f)
		if st != tc.status || body["error"] != tc.code || !strings.Contains(body["error_description"].(string), tc.desc) {
			t.Errorf("%s: %d %v", tc.name, st, body)
		}
	}

	// JSON bodies and HTTP Basic client authentication are accepted too.
	cr := e.sim.Credentials()
	b, _ := json.Marshal(map[string]string{"grant_type": "client_credentials", "client_id": cr.ClientID,
		"client_secret": cr.ClientSecret, "audience": e.audience()})
	resp, err := http.Post(e.srv.URL+"/oauth/token", "application/json", strings.NewReader(string(b)))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("JSON grant: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/oauth/token",
		strings.NewReader("grant_type=client_credentials&audience="+e.audience()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(cr.ClientID, cr.ClientSecret)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("basic-auth grant: %v %v", resp.StatusCode, err)
	} else {
		resp.Body.Close()
	}
}

func TestScopeParameterNarrowsAndDeletedGrantRefuses(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	f := e.creds()
	f.Set("scope", "read:users read:sessions create:clients")
	_, body := e.grant(f)
	if body["scope"] != "read:users read:sessions" {
		t.Fatalf("narrowed scope %q", body["scope"])
	}
	narrow := body["access_token"].(string)
	r := e.call("DELETE", "/api/v2/sessions/abc", nil, narrow)
	if r.status != 403 || r.apiErr(t).ErrorCode != "insufficient_scope" ||
		!strings.Contains(string(r.body), "expected any of: delete:sessions") {
		t.Fatalf("narrow token deleting: %d %s", r.status, r.body)
	}
	e.sim.SetScopes()
	st, body := e.grant(e.creds())
	if st != 403 || !strings.Contains(body["error_description"].(string), "client-grant") {
		t.Fatalf("grant without client grant: %d %v", st, body)
	}
	// Tokens issued earlier keep working: Management API tokens cannot be revoked.
	if r := e.get("/api/v2/users?per_page=1"); r.status != 200 {
		t.Fatalf("old token after grant deletion: %d", r.status)
	}
}

func TestAPIAuthFailures(t *testing.T) {
	e := newEnv(t, Config{Users: 5, AccessTokenTTL: time.Hour})
	for _, tc := range []struct{ tok, msg string }{
		{"", msgMissingAuth}, {"not-a-token", msgInvalidToken},
	} {
		r := e.call("GET", "/api/v2/users", nil, tc.tok)
		if r.status != 401 || r.apiErr(t).Message != tc.msg || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("token %q: %d %s", tc.tok, r.status, r.body)
		}
	}
	e.sim.ExpireAccessTokens()
	if r := e.get("/api/v2/users"); r.status != 401 || r.apiErr(t).Message != msgExpiredToken {
		t.Fatalf("after ExpireAccessTokens: %d %s", r.status, r.body)
	}
	// A fresh grant works again, until its TTL runs out.
	_, body := e.grant(e.creds())
	e.token = body["access_token"].(string)
	if r := e.get("/api/v2/users"); r.status != 200 {
		t.Fatalf("new token: %d", r.status)
	}
	e.clock.Advance(time.Hour)
	if r := e.get("/api/v2/users"); r.status != 401 || r.apiErr(t).Message != msgExpiredToken {
		t.Fatalf("after the TTL: %d %s", r.status, r.body)
	}
}

func TestRotatedSecretStopsGrants(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	old := e.creds()
	e.sim.RotateClientSecret()
	if st, body := e.grant(old); st != 401 || body["error"] != "access_denied" {
		t.Fatalf("old secret: %d %v", st, body)
	}
	if st, _ := e.grant(e.creds()); st != 200 {
		t.Fatalf("new secret: %d", st)
	}
	if e.sim.DemoConnection().Secrets["client_secret"] != e.sim.Credentials().ClientSecret {
		t.Fatal("DemoConnection must hand out the current secret")
	}
}

func TestUnknownRoutesAreAuth0NotFound(t *testing.T) {
	e := newEnv(t, Config{Users: 5})
	for _, p := range []string{"/api/v2/clients", "/api/v2/users/x/permissions", "/nowhere"} {
		if r := e.get(p); r.status != 404 || r.apiErr(t).Message == "" {
			t.Errorf("%s: %d %s", p, r.status, r.body)
		}
	}
	if r := e.call("PUT", "/api/v2/sessions/abc", nil); r.status != 404 {
		t.Errorf("PUT on a session: %d", r.status)
	}
}
