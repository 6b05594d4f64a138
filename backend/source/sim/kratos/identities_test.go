package kratossim

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// busiest returns the identity with the most session rows.
func (e *env) busiest() (string, int) {
	e.sim.st.mu.RLock()
	defer e.sim.st.mu.RUnlock()
	best := 0
	for k := range e.sim.st.identities {
		if len(e.sim.st.identities[k].sessions) > len(e.sim.st.identities[best].sessions) {
			best = k
		}
	}
	return e.sim.st.identities[best].id.String(), len(e.sim.st.identities[best].sessions)
}

func TestIdentitySessionsPageByNumber(t *testing.T) {
	e := newEnv(t, Config{Users: 200, Seed: 3})
	id, n := e.busiest()
	if n < 4 {
		t.Fatalf("busiest identity has %d sessions", n)
	}
	r := e.get("/admin/identities/" + id + "/sessions?per_page=2")
	l := r.links()
	if r.status != 200 || r.header.Get("X-Total-Count") != strconv.Itoa(n) || l["next"] == "" || l["last"] == "" {
		t.Fatalf("first page: %d total %q links %v", r.status, r.header.Get("X-Total-Count"), l)
	}
	page := r.sessions(t)
	if len(page) != 2 || page[0]["identity"] == nil || page[0]["devices"] == nil {
		t.Fatal("identity and devices are expanded by default here")
	}
	if page[0]["authenticated_at"].(string) < page[1]["authenticated_at"].(string) {
		t.Fatal("newest authenticated_at first")
	}
	next, _ := url.Parse(l["next"])
	q := next.Query()
	tok, _ := base64.RawURLEncoding.DecodeString(q.Get("page_token"))
	if q.Get("page") != "1" || q.Get("per_page") != "2" || q.Get("page_size") != "2" || string(tok) != `{"offset":"2","v":2}` {
		t.Fatalf("next link %s (token %s)", l["next"], tok)
	}
	seen := map[any]bool{}
	for p := 0; p*2 < n; p++ {
		for _, s := range e.get("/admin/identities/" + id + "/sessions?per_page=2&page=" + strconv.Itoa(p)).sessions(t) {
			seen[s["id"]] = true
		}
	}
	viaToken := e.get(l["next"]).sessions(t)
	if len(seen) != n || len(viaToken) != 2 || viaToken[0]["id"] == page[0]["id"] {
		t.Fatalf("paging by page number saw %d of %d; by token %d", len(seen), n, len(viaToken))
	}
	if r := e.get("/admin/identities/" + unknownID + "/sessions"); r.status != 200 || string(r.body) != "[]\n" {
		t.Fatalf("unknown identity: %d %s", r.status, r.body)
	}
	if r := e.get("/admin/identities/nope/sessions"); r.status != 400 {
		t.Fatalf("malformed identity id: %d", r.status)
	}
}

func TestDeleteIdentitySessionsIsHardAndNotIdempotent(t *testing.T) {
	e := newEnv(t, Config{Users: 100, Seed: 6})
	id, n := e.busiest()
	rows := e.sim.SessionCount()
	if r := e.do(http.MethodDelete, "/admin/identities/"+id+"/sessions", ""); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if e.sim.SessionCount() != rows-n {
		t.Fatalf("rows %d → %d, want %d deleted", rows, e.sim.SessionCount(), n)
	}
	if r := e.do(http.MethodDelete, "/admin/identities/"+id+"/sessions", ""); r.status != 404 || r.apiErr(t).Message != "Unable to locate the resource" {
		t.Fatalf("second delete: %d %s, want 404", r.status, r.body)
	}
	if r := e.do(http.MethodDelete, "/admin/identities/nope/sessions", ""); r.status != 400 {
		t.Fatalf("malformed: %d", r.status)
	}
}

func TestPatchIdentityState(t *testing.T) {
	e := newEnv(t, Config{Users: 100, Seed: 2})
	id := e.sim.IdentityWithSessions(1)
	before := len(e.sim.ActiveSessionIDs())
	r := e.do(http.MethodPatch, "/admin/identities/"+id, `[{"op":"replace","path":"/state","value":"inactive"}]`)
	if r.status != 200 {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	if len(e.sim.ActiveSessionIDs()) >= before {
		t.Fatal("a deactivated identity's sessions are no longer active")
	}
	// Without the identity loaded Kratos's active flag ignores the identity's state.
	unexpanded, _ := e.walk("/admin/sessions?page_size=1000")
	expanded, _ := e.walk("/admin/sessions?page_size=1000&expand=identity")
	count := func(all []map[string]any) (n int) {
		for _, s := range all {
			if s["active"] == true {
				n++
			}
		}
		return n
	}
	if count(unexpanded) <= count(expanded) {
		t.Fatalf("active without identity %d, with %d", count(unexpanded), count(expanded))
	}
	for body, want := range map[string]int{
		`[{"op":"replace","path":"/state","value":"frozen"}]`: 400,
		`[{"op":"replace","path":"/credentials","value":{}}]`: 400,
		`{"op":"replace"}`: 400,
	} {
		if r := e.do(http.MethodPatch, "/admin/identities/"+id, body); r.status != want {
			t.Errorf("%s: %d, want %d", body, r.status, want)
		}
	}
	if r := e.do(http.MethodPatch, "/admin/identities/nope", `[]`); r.status != 404 {
		t.Fatalf("Kratos parses identity ids leniently: malformed is 404, got %d", r.status)
	}
	if r := e.get("/admin/identities/" + unknownID); r.status != 404 {
		t.Fatalf("unknown identity: %d", r.status)
	}
}
