package salesforcesim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func authorizeCode(t *testing.T, base, clientID, challenge string) string {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {DefaultCallbackURL},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"}, "state": {"s1"}}
	resp, err := noFollow.Get(base + "/services/oauth2/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc.Query().Get("state") != "s1" || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func redeem(t *testing.T, base, clientID, code, verifier string) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(base+"/services/oauth2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {clientID}, "code": {code}, "redirect_uri": {DefaultCallbackURL}, "code_verifier": {verifier}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestAuthorizationCodeWithPKCE(t *testing.T) {
	s := New(Config{Users: 20})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id := s.Credentials().ClientID
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])

	code := authorizeCode(t, base, id, challenge)
	if st, body := redeem(t, base, id, code, strings.Repeat("w", 50)); st != 400 || body["error"] != "invalid_request" {
		t.Fatalf("a mismatching verifier: %d %v", st, body)
	}
	if st, body := redeem(t, base, id, code, verifier); st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("a code is good once (even after a failed try): %d %v", st, body)
	}
	code = authorizeCode(t, base, id, challenge)
	if st, body := redeem(t, base, id, code, ""); st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("a missing verifier: %d %v", st, body)
	}
	code = authorizeCode(t, base, id, challenge)
	st, body := redeem(t, base, id, code, verifier)
	if st != 200 || body["refresh_token"] == nil || body["access_token"] == nil {
		t.Fatalf("redeem: %d %v", st, body)
	}
	resp, _ := http.Get(base + "/services/oauth2/authorize?response_type=code&client_id=" + id +
		"&redirect_uri=" + url.QueryEscape("http://localhost:9999/other"))
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("an unregistered callback must be refused (exact match), got %d", resp.StatusCode)
	}
}
