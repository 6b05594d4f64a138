package salesforcesim

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// send is do with a JSON body.
func (e *env) send(method, path, body string) response {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, b}
}

func TestFreezeBlocksTokenGrantsAndLoginsButKeepsSessions(t *testing.T) {
	e := newEnv(t, Config{Users: 40, Seed: 3})
	integ := "integration@acme.example"
	_, recs, _ := e.queryAll("SELECT UsersId, Users.Username FROM AuthSession")
	uid := ""
	for _, r := range recs {
		if r["Users"].(map[string]any)["Username"] == integ {
			uid = r["UsersId"].(string)
		}
	}
	_, rows, _ := e.queryAll("SELECT Id, UserId, IsFrozen FROM UserLogin WHERE UserId = '" + uid + "'")
	if len(rows) != 1 || rows[0]["IsFrozen"] != false || !strings.HasPrefix(rows[0]["Id"].(string), "060") || rows[0]["Id"] != e.sim.UserLoginID(uid) {
		t.Fatalf("UserLogin rows: %v", rows)
	}
	loginID := rows[0]["Id"].(string)
	for _, c := range []struct {
		body, code string
		status     int
	}{
		{`{"IsFrozen": tru`, "JSON_PARSER_ERROR", 400},
		{`{"IsFrozen": "yes"}`, "JSON_PARSER_ERROR", 400},
		{`{"IsPasswordLocked": true}`, "FIELD_INTEGRITY_EXCEPTION", 400},
		{`{"Username": "x"}`, "INVALID_FIELD", 400},
	} {
		if r := e.send(http.MethodPatch, v+"/sobjects/UserLogin/"+loginID, c.body); r.status != c.status || r.errorCode(t) != c.code {
			t.Fatalf("PATCH %s: %d %s", c.body, r.status, r.body)
		}
	}
	if e.sim.IsFrozen(uid) {
		t.Fatal("a refused PATCH froze the user")
	}
	if r := e.send(http.MethodPatch, v+"/sobjects/UserLogin/060000000000000AAA", `{"IsFrozen": true}`); r.status != 404 || r.errorCode(t) != "NOT_FOUND" {
		t.Fatalf("unknown UserLogin: %d %s", r.status, r.body)
	}
	sessions := e.sim.SessionCount()
	if r := e.send(http.MethodPatch, v+"/sobjects/UserLogin/"+loginID, `{"IsFrozen": true}`); r.status != 204 || len(r.body) != 0 {
		t.Fatalf("freeze: %d %s", r.status, r.body)
	}
	if !e.sim.IsFrozen(uid) || e.sim.SessionCount() != sessions {
		t.Fatal("frozen, and freezing ends no session")
	}
	if r := e.get(v + "/sobjects/UserLogin/" + loginID); r.status != 200 || !strings.Contains(string(r.body), `"IsFrozen":true`) {
		t.Fatalf("retrieve: %d %s", r.status, r.body)
	}
	c := e.sim.Credentials()
	code, tr := e.tokenRequest(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {jwt(map[string]any{
		"iss": c.ClientID, "sub": integ, "aud": "https://login.salesforce.com", "exp": e.clock.Now().Add(3 * time.Minute).Unix()})}})
	if code != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("JWT grant for a frozen user: %d %+v", code, tr)
	}
	// The frozen user takes no part in new logins.
	mine, _, _ := e.queryAll("SELECT Id FROM AuthSession WHERE UsersId = '" + uid + "'")
	e.sim.SimulateLogins(400)
	if e.sim.SessionCount() < sessions+300 {
		t.Fatal("SimulateLogins added too little")
	}
	if after, _, _ := e.queryAll("SELECT Id FROM AuthSession WHERE UsersId = '" + uid + "'"); after != mine {
		t.Fatalf("a frozen user got new sessions: %d -> %d", mine, after)
	}
	e.send(http.MethodPatch, v+"/sobjects/UserLogin/"+loginID, `{"IsFrozen": false}`)
	if code, _ := e.tokenRequest(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {jwt(map[string]any{
		"iss": c.ClientID, "sub": integ, "aud": "https://login.salesforce.com", "exp": e.clock.Now().Add(3 * time.Minute).Unix()})}}); code != 200 {
		t.Fatalf("unfrozen: %d", code)
	}
}

func TestOAuthTokensAreListedAndRevokedByDeleteToken(t *testing.T) {
	e := newEnv(t, Config{Users: 120, Seed: 8})
	_, all, _ := e.queryAll("SELECT Id, AppName, DeleteToken, UserId, UseCount FROM OauthToken")
	if len(all) < 5 {
		t.Fatalf("only %d OAuth grants in a 120-user org", len(all))
	}
	var pick map[string]any
	perUser := map[string]int{}
	for _, r := range all {
		perUser[r["UserId"].(string)]++
		if r["AppName"] != "SessionScope" && pick == nil {
			pick = r
		}
		if !strings.HasPrefix(r["Id"].(string), "0CQ") || r["DeleteToken"] == "" {
			t.Fatalf("row %v", r)
		}
	}
	uid := pick["UserId"].(string)
	_, mine, _ := e.queryAll("SELECT Id, AppName FROM OauthToken WHERE UserId = '" + uid + "'")
	if len(mine) != perUser[uid] || e.sim.OAuthTokenCount(uid) != len(mine) {
		t.Fatalf("per-user query %d, all %d, accessor %d", len(mine), perUser[uid], e.sim.OAuthTokenCount(uid))
	}
	revoke := func(tok string) int {
		resp, err := http.PostForm(e.srv.URL+"/services/oauth2/revoke", url.Values{"token": {tok}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := revoke(pick["DeleteToken"].(string)); st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	if st := revoke(pick["DeleteToken"].(string)); st != 400 {
		t.Fatalf("second revoke: %d", st)
	}
	if e.sim.OAuthTokenCount(uid) != len(mine)-1 {
		t.Fatal("the revoked grant is gone")
	}
	if r := e.get(queryPath("SELECT Id FROM OauthToken ORDER BY Id")); r.status != 400 || r.errorCode(t) != "MALFORMED_QUERY" {
		t.Fatalf("beyond the served shape: %d %s", r.status, r.body)
	}
	if r := e.get(queryPath("SELECT Id, Secret FROM OauthToken")); r.status != 400 || r.errorCode(t) != "INVALID_FIELD" {
		t.Fatalf("unknown field: %d %s", r.status, r.body)
	}
}

func TestRevokingTheToolsGrantEndsItsRefreshToken(t *testing.T) {
	e := newEnv(t, Config{Users: 20, Seed: 2})
	_, rows, _ := e.queryAll("SELECT Id, AppName, DeleteToken, UserId FROM OauthToken")
	for _, r := range rows {
		if r["AppName"] != "SessionScope" {
			continue
		}
		resp, err := http.PostForm(e.srv.URL+"/services/oauth2/revoke", url.Values{"token": {r["DeleteToken"].(string)}})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("revoke: %v %v", resp, err)
		}
		resp.Body.Close()
		c := e.sim.Credentials()
		code, tr := e.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {c.ClientID}, "refresh_token": {c.RefreshToken}})
		if code != 400 || tr.Error != "invalid_grant" {
			t.Fatalf("refresh after the grant was revoked: %d %+v", code, tr)
		}
		return
	}
	t.Fatal("the admin holds no SessionScope grant")
}
