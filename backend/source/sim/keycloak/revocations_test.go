package keycloaksim

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sessionscope/backend/source/sim/simkit/simtest"
)

func TestRevocationsAreExactUnderParallelDeletes(t *testing.T) {
	e := newEnv(t, Config{Users: 80, Seed: 2})
	var regular []string
	for _, k := range e.sim.ActiveSessions() {
		if !k.Offline {
			regular = append(regular, k.ID)
		}
	}
	regular = regular[:25]
	// Four clients race to delete each session: Keycloak ends it once and answers the others
	// 404 "Sesssion not found", so each session counts exactly once.
	var ended atomic.Int64
	simtest.Parallel(100, func(i int) {
		switch r := e.adminDo(http.MethodDelete, "sessions/"+regular[i%25], ""); r.status {
		case http.StatusNoContent:
			ended.Add(1)
		case http.StatusNotFound:
		default:
			t.Errorf("delete: %d %s", r.status, r.body)
		}
	})
	got := simtest.Revocations(t, e.srv.URL)
	if ended.Load() != 25 || len(got) != 25 {
		t.Fatalf("%d deletes succeeded, %d sessions counted; want 25 and 25", ended.Load(), len(got))
	}
	for _, id := range regular {
		if got[id] != 1 {
			t.Fatalf("session counted %d times", got[id])
		}
	}
}

func TestUserLogoutAndLogoutAllCountEachSessionTheyEnded(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 4})
	user := e.sim.UserWithSessions(2)
	mine := e.sim.UserSessions(user)
	if r := e.adminDo(http.MethodPost, "users/"+user+"/logout", ""); r.status != http.StatusNoContent {
		t.Fatalf("logout: %d", r.status)
	}
	got := e.sim.Revocations()
	n := 0
	for _, k := range mine {
		switch {
		case k.Offline && got[k.String()] != 0:
			t.Fatal("a user logout leaves offline sessions alone")
		case !k.Offline && got[k.ID] != 1:
			t.Fatalf("regular session counted %d times", got[k.ID])
		case !k.Offline:
			n++
		}
	}
	if len(got) != n || n == 0 {
		t.Fatalf("%d counted, want %d", len(got), n)
	}
	before := len(e.sim.ActiveSessionIDs())
	if r := e.adminDo(http.MethodPost, "logout-all", ""); r.status != http.StatusOK {
		t.Fatalf("logout-all: %d", r.status)
	}
	got = e.sim.Revocations()
	for id, c := range got {
		if c != 1 || strings.HasSuffix(id, OfflineSuffix) {
			t.Fatalf("after logout-all %s counted %d", id, c)
		}
	}
	if len(got) <= n || len(e.sim.ActiveSessionIDs()) >= before {
		t.Fatalf("logout-all counted %d sessions", len(got)-n)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	e := newEnv(t, Config{Users: 10, RatePerSecond: 2, RateBurst: 3})
	// The token grant of newEnv spent one of the three tokens.
	for i := range 2 {
		if r := e.admin("client-session-stats"); r.status != 200 {
			t.Fatalf("request %d within the burst: %d", i, r.status)
		}
	}
	r := e.admin("client-session-stats")
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "1" || string(r.body) != "Too Many Requests" {
		t.Fatalf("beyond the burst: %d %q %q", r.status, r.header.Get("Retry-After"), r.body)
	}
	if got := simtest.Revocations(t, e.srv.URL); len(got) != 0 {
		t.Fatal("the control path is not rate-limited and counts nothing yet")
	}
	e.clock.Advance(500 * time.Millisecond)
	if r := e.admin("client-session-stats"); r.status != 200 {
		t.Fatalf("after half a second at 2/s: %d", r.status)
	}
}

func TestDisabledUserGetsNoNewSessionAndKeepsItsOldOnes(t *testing.T) {
	e := newEnv(t, Config{Users: 20, Seed: 3, InteractiveUser: "admin"})
	id := e.sim.UserID("admin")
	p := newPKCE("contain-")
	redirect := "http://127.0.0.1:41000/cb"
	status, loc, _ := e.authorize(authQuery(redirect, p, "openid"))
	if status != 302 {
		t.Fatalf("sign-in while enabled: %d", status)
	}
	_, tr := e.tokenRequest(url.Values{"grant_type": {"authorization_code"}, "client_id": {PublicClientID},
		"code": {loc.Query().Get("code")}, "redirect_uri": {redirect}, "code_verifier": {p.verifier}})
	sessions := len(e.sim.UserSessions(id))
	if r := e.adminDo(http.MethodPut, "users/"+id, `{"enabled":false}`); r.status != http.StatusNoContent {
		t.Fatalf("disable: %d", r.status)
	}
	if status, _, body := e.authorize(authQuery(redirect, newPKCE("again-"), "openid")); status != 400 || !strings.Contains(body, "Account is disabled") {
		t.Fatalf("sign-in of a disabled user: %d %s", status, body)
	}
	if status, tr := e.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {PublicClientID}, "refresh_token": {tr.RefreshToken}}); status != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("refresh of a disabled user: %d %+v", status, tr)
	}
	if len(e.sim.UserSessions(id)) != sessions || len(e.sim.Revocations()) != 0 {
		t.Fatal("disabling ends no session (a sign-out does)")
	}
}
