package kratossim

import (
	"net/http"
	"testing"
)

func TestAPIKeyMode(t *testing.T) {
	e := newEnv(t, Config{Users: 10, APIKey: "ory_pat_abc"})
	if r := e.get("/admin/sessions"); r.status != 200 {
		t.Fatalf("right key: %d", r.status)
	}
	for _, key := range []string{"", "ory_pat_wrong"} {
		e.key = key
		r := e.get("/admin/sessions")
		if r.status != 401 || r.apiErr(t).Message != "The request could not be authorized" {
			t.Fatalf("key %q: %d %s", key, r.status, r.body)
		}
	}
	e.key = ""
	for _, p := range []string{"/health/alive", "/health/ready", "/version", "/admin/health/alive"} {
		if r := e.get(p); r.status != 200 {
			t.Fatalf("%s needs no key: %d", p, r.status)
		}
	}
	old := e.sim.APIKey()
	fresh := e.sim.RotateAPIKey()
	if fresh == old || e.sim.DemoConnection().Secrets["api_key"] != fresh {
		t.Fatal("RotateAPIKey must mint a new key, and the demo connection carry it")
	}
	e.key = old
	if r := e.get("/admin/sessions"); r.status != 401 {
		t.Fatalf("the rotated-out key: %d", r.status)
	}
	e.key = fresh
	if r := e.get("/admin/sessions"); r.status != 200 {
		t.Fatalf("the new key: %d", r.status)
	}
}

func TestStartsOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		if _, err := New(Config{Users: 1}).Start(addr); err == nil {
			t.Fatalf("Start(%q) must be refused", addr)
		}
	}
}

func TestOpenAdminAPI(t *testing.T) {
	e := newEnv(t, Config{Users: 10})
	if r := e.get("/admin/sessions"); r.status != 200 {
		t.Fatalf("self-hosted admin API without a key: %d", r.status)
	}
	dc := e.sim.DemoConnection()
	if len(dc.Options) != 0 || len(dc.Secrets) != 0 {
		t.Fatalf("demo connection: %+v", dc)
	}
	e.sim.ExpireAccessTokens() // Kratos has no access tokens: nothing changes
	if r := e.get("/admin/sessions"); r.status != 200 {
		t.Fatalf("after ExpireAccessTokens: %d", r.status)
	}
	if r := e.get("/admin/nothing"); r.status != 404 {
		t.Fatalf("unknown path: %d", r.status)
	}
	if r := e.do(http.MethodPut, "/admin/sessions", ""); r.status != 405 {
		t.Fatalf("wrong method: %d", r.status)
	}
	if r := e.get("/version"); string(r.body) != `{"version":"v26.2.0"}`+"\n" {
		t.Fatalf("version: %s", r.body)
	}
}
