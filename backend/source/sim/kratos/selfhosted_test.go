package kratossim

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// What a real self-hosted Kratos answered (v26.2.0 and v1.3.1 on SQLite, issue 14).

func TestSelfHostedHasNoBulkEndpoint(t *testing.T) {
	for _, c := range []struct{ version, allow string }{
		{"v26.2.0", "DELETE, GET, HEAD"},
		{"v1.3.1", "DELETE, GET, OPTIONS"},
	} {
		e := newEnv(t, Config{Users: 10, Version: c.version})
		r := e.do(http.MethodPost, "/admin/sessions", `{"action":"disable","identities":["*"]}`)
		if r.status != 405 || r.header.Get("Content-Type") != "text/plain; charset=utf-8" ||
			string(r.body) != "Method Not Allowed\n" || r.header.Get("Allow") != c.allow {
			t.Fatalf("%s: POST /admin/sessions: %d %q %q Allow %q", c.version, r.status,
				r.header.Get("Content-Type"), r.body, r.header.Get("Allow"))
		}
		if len(e.sim.ActiveSessionIDs()) == 0 || e.sim.Stats().Bulks != 0 {
			t.Fatalf("%s: the refused POST must not act", c.version)
		}
	}
	hosted := newEnv(t, Config{Users: 10, Hosted: true})
	if r := hosted.do(http.MethodPost, "/admin/sessions", `{"action":"disable","sessions":[]}`); r.status != 200 {
		t.Fatalf("the hosted variant serves the bulk endpoint: %d %s", r.status, r.body)
	}
	if r := hosted.do(http.MethodPut, "/admin/sessions", ""); r.status != 405 || r.header.Get("Allow") != "DELETE, GET, HEAD, POST" {
		t.Fatalf("hosted PUT: %d Allow %q", r.status, r.header.Get("Allow"))
	}
}

func TestRedirects(t *testing.T) {
	old := newEnv(t, Config{Users: 10, Version: "v1.3.1"})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(old.srv.URL + "/version")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != old.srv.URL+"/admin/version" {
		t.Fatalf("v1.3.1 /version: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if r := old.get("/version"); r.status != 200 || !strings.Contains(string(r.body), `"v1.3.1"`) {
		t.Fatalf("following the redirect: %d %s", r.status, r.body)
	}
	cur := newEnv(t, Config{Users: 10})
	if r := cur.get("/version"); r.status != 200 || !strings.Contains(string(r.body), `"v26.2.0"`) {
		t.Fatalf("v26.2.0 /version: %d %s", r.status, r.body)
	}
	req, _ := http.NewRequest(http.MethodDelete, cur.srv.URL+"/admin/sessions", nil)
	if resp, err = noFollow.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != cur.srv.URL+"/sessions" {
		t.Fatalf("DELETE /admin/sessions goes to the public API: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestErrorsCarryJSONContentTypeAndOryErrorID(t *testing.T) {
	e := newEnv(t, Config{Users: 10})
	for _, c := range []struct{ path, id string }{
		{"/admin/sessions/" + unknownID, "not_found"},
		{"/admin/sessions/not-a-uuid", "bad_request"},
		{"/admin/sessions?page_token=aWQ9eA", "bad_request"},
		{"/nowhere", "not_found"},
	} {
		r := e.get(c.path)
		if r.header.Get("Content-Type") != "application/json" || r.header.Get("Ory-Error-Id") != c.id || r.apiErr(t).ID != c.id {
			t.Fatalf("%s: %d %q Ory-Error-Id %q %s", c.path, r.status, r.header.Get("Content-Type"), r.header.Get("Ory-Error-Id"), r.body)
		}
	}
	tok, _ := e.sim.SessionToken(e.sim.ActiveSessionIDs()[0])
	e.do(http.MethodDelete, "/admin/sessions/"+e.sim.ActiveSessionIDs()[0], "")
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/sessions/whoami", nil)
	req.Header.Set("X-Session-Token", tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get("Ory-Error-Id") != "session_inactive" {
		t.Fatalf("whoami after revocation: %d %q", resp.StatusCode, resp.Header.Get("Ory-Error-Id"))
	}
}

func TestOneCommaJoinedLinkHeader(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 2})
	r := e.get("/admin/sessions?page_size=10")
	if v := r.header.Values("Link"); len(v) != 1 || !strings.Contains(v[0], `rel="first",<`) || !strings.HasSuffix(v[0], `rel="next"`) {
		t.Fatalf("Link header lines %q", v)
	}
}

func TestIdentitySessionsPageTokens(t *testing.T) {
	for _, c := range []struct{ version, token string }{
		{"v26.2.0", `{"offset":"1","v":2}`},
		{"v1.3.1", `{"page":"1","v":1}`},
	} {
		e := newEnv(t, Config{Users: 60, Seed: 6, Version: c.version})
		id := e.sim.IdentityWithSessions(2)
		r := e.get("/admin/identities/" + id + "/sessions?page_size=1")
		next, _ := url.Parse(r.links()["next"])
		raw, err := base64.RawURLEncoding.DecodeString(next.Query().Get("page_token"))
		if err != nil || string(raw) != c.token {
			t.Fatalf("%s: next token %q (%v)", c.version, raw, err)
		}
		second := e.get(r.links()["next"]).sessions(t)
		if len(second) != 1 || second[0]["id"] == r.sessions(t)[0]["id"] {
			t.Fatalf("%s: the next link must reach the second session", c.version)
		}
	}
}

func TestSQLitePagingLosesTiedSessions(t *testing.T) {
	for _, c := range []struct {
		size, lost int
	}{{5, 1}, {2, 4}, {10, 0}} {
		e := newEnv(t, Config{Users: 40, Seed: 7, Version: "v1.3.1", SQLitePaging: true, TiedSessions: 6})
		all, replies := e.walk("/admin/sessions?expand=identity&page_size=" + strconv.Itoa(c.size))
		total, _ := strconv.Atoi(replies[0].header.Get("X-Total-Count"))
		if total != e.sim.SessionCount() || len(all) != total-c.lost {
			t.Fatalf("page_size %d: listed %d of X-Total-Count %d (holds %d), want %d lost",
				c.size, len(all), total, e.sim.SessionCount(), c.lost)
		}
		// What is lost are the tied sessions past the first page; the identity's own listing
		// still counts all six.
		tiedID := e.sim.TiedIdentity()
		listed := 0
		for _, s := range all {
			if s["identity"].(map[string]any)["id"] == tiedID {
				listed++
			}
		}
		if listed != 6-c.lost {
			t.Fatalf("page_size %d: %d tied sessions listed, want %d", c.size, listed, 6-c.lost)
		}
		if r := e.get("/admin/identities/" + tiedID + "/sessions"); r.header.Get("X-Total-Count") != "6" {
			t.Fatalf("the tied identity's X-Total-Count: %q", r.header.Get("X-Total-Count"))
		}
	}
	exact := newEnv(t, Config{Users: 40, Seed: 7, TiedSessions: 6})
	if all, _ := exact.walk("/admin/sessions?page_size=5"); len(all) != exact.sim.SessionCount() {
		t.Fatalf("without the quirk every session is listed: %d of %d", len(all), exact.sim.SessionCount())
	}
}
