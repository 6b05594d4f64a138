package keycloak_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	"sessionscope/backend/source/pace"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

func TestDescribe(t *testing.T) {
	d := (&keycloak.Connector{}).Describe()
	if d.Kind != "keycloak" || d.SessionIDIsSecret || d.URLHelp == "" {
		t.Fatalf("%+v", d)
	}
	want := map[string][2]bool{ // name: secret, required
		"realm": {false, true}, "client_id": {false, true}, "auth_realm": {false, false}, "page_size": {false, false},
		"ui_ext": {false, false}, "client_secret": {true, false}, "refresh_token": {true, false},
	}
	for _, o := range d.Options {
		w, ok := want[o.Name]
		if !ok || w != [2]bool{o.Secret, o.Required} || o.Help == "" || o.Label == "" {
			t.Errorf("option %+v", o)
		}
		delete(want, o.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing options %v", want)
	}
}

func TestValidate(t *testing.T) {
	ok := source.Config{URL: "https://sso.example.com", Options: map[string]string{"realm": "acme", "client_id": "x"}}
	c := &keycloak.Connector{}
	if err := c.Validate(ok); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://sso.example.com/auth", "http://127.0.0.1:8080/", "https://sso.example.com/kc"} {
		cfg := ok
		cfg.URL = u
		if err := c.Validate(cfg); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	bad := []struct {
		url  string
		opts map[string]string
	}{
		{"sso.example.com", nil},
		{"ftp://sso.example.com", nil},
		{"https://sso.example.com/realms/acme", nil},
		{"https://sso.example.com/auth/admin/master/console/", nil},
		{"https://sso.example.com?x=1", nil},
		{"", map[string]string{"realm": ""}},
		{"", map[string]string{"realm": "a/b"}},
		{"", map[string]string{"client_id": " "}},
		{"", map[string]string{"auth_realm": "x?y"}},
		{"", map[string]string{"page_size": "5"}},
		{"", map[string]string{"page_size": "lots"}},
		{"", map[string]string{"ui_ext": "maybe"}},
	}
	for _, b := range bad {
		cfg := source.Config{URL: ok.URL, Options: map[string]string{"realm": "acme", "client_id": "x"}}
		if b.url != "" {
			cfg.URL = b.url
		}
		for k, v := range b.opts {
			cfg.Options[k] = v
		}
		if err := c.Validate(cfg); err == nil {
			t.Errorf("%q %v: accepted", b.url, b.opts)
		}
	}
}

func TestDemoConnectionOpens(t *testing.T) {
	sim := kcsim.New(kcsim.Config{Users: 10})
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	demo := sim.DemoConnection()
	sec := secrets.ForConnection(secrets.NewMemory(), 7)
	for k, v := range demo.Secrets {
		sec.Set(ctx(), k, v)
	}
	cl, err := (&keycloak.Connector{}).Open(ctx(), source.Config{URL: demo.URL, Options: demo.Options, Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	if caps := source.CapabilitiesOf(cl); !caps.RevokeOne || !caps.RevokeUser || !caps.ContainUser || !caps.LoginHistory ||
		!caps.Policy || !caps.Health || !caps.WhoAmI || caps.RevokeBatch || caps.RateLimit {
		t.Fatalf("capabilities %+v", caps)
	}
	if _, err := list(t, cl); err != nil {
		t.Fatal(err)
	}
}

func TestRetriesServerErrorsAndTimeouts(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 40}, map[string]string{keycloak.OptPageSize: "10"})
	e.sim.InjectFault(kcsim.Fault{Kind: "503", Path: "list", Count: 2, After: 3})
	e.sim.InjectFault(kcsim.Fault{Kind: "500", Path: "token"})
	e.sim.InjectFault(kcsim.Fault{Kind: "timeout", Path: "list", After: 6})
	e.cfg.HTTPTimeout = 300 * time.Millisecond
	cl := e.open()
	pages, err := list(t, cl)
	if err != nil || len(all(pages)) != len(e.sim.ActiveSessionIDs()) {
		t.Fatalf("faults must be retried: %v", err)
	}
	e.sim.InjectFault(kcsim.Fault{Kind: "500", Path: "admin", Count: 100})
	_, err = list(t, cl)
	if source.CodeOf(err) != source.CodeUnavailable || !strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Fatalf("a server that keeps failing: %v", err)
	}
}

// fakeKeycloak answers the token endpoint, the realm and the listing endpoints with canned
// bodies, to test how the connector copes with servers that misbehave.
func fakeKeycloak(t *testing.T, sessions func(r *http.Request) any) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	write := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("POST /realms/r/protocol/openid-connect/token", func(w http.ResponseWriter, r *http.Request) {
		write(w, map[string]any{"access_token": "a.b.c", "expires_in": 300, "token_type": "Bearer"})
	})
	mux.HandleFunc("GET /admin/realms/r", func(w http.ResponseWriter, r *http.Request) {
		write(w, map[string]any{"realm": "r", "ssoSessionIdleTimeout": 1800, "ssoSessionMaxLifespan": 36000})
	})
	mux.HandleFunc("GET /admin/realms/r/client-session-stats", func(w http.ResponseWriter, r *http.Request) {
		write(w, []map[string]any{{"id": "c1", "clientId": "app", "active": 3, "offline": "0"}})
	})
	mux.HandleFunc("GET /admin/realms/r/clients/c1/user-sessions", func(w http.ResponseWriter, r *http.Request) {
		write(w, sessions(r))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func openFake(t *testing.T, url string) source.Client {
	sec := secrets.ForConnection(secrets.NewMemory(), 1)
	sec.Set(ctx(), keycloak.SecretClient, "s")
	cl, err := (&keycloak.Connector{Tuning: pace.Tuning{RetryBase: time.Millisecond}}).Open(ctx(), source.Config{URL: url,
		Options: map[string]string{"realm": "r", "client_id": "c", "page_size": "10"}, Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func TestServerIgnoringPagingDoesNotLoop(t *testing.T) {
	now := time.Now().UnixMilli()
	page := []map[string]any{}
	for i := 0; i < 10; i++ {
		page = append(page, map[string]any{"id": "s" + string(rune('a'+i)), "userId": "u", "username": "x",
			"start": now, "lastAccess": now, "clients": map[string]string{"c1": "app"}})
	}
	calls := 0
	srv := fakeKeycloak(t, func(*http.Request) any { calls++; return page })
	pages, err := list(t, openFake(t, srv.URL))
	if err != nil || len(all(pages)) != 10 || calls != 2 {
		t.Fatalf("%d sessions, %d calls, %v", len(all(pages)), calls, err)
	}
}

func TestUnreadableRecordIsBadResponse(t *testing.T) {
	srv := fakeKeycloak(t, func(*http.Request) any { return []any{map[string]any{"username": "no id"}} })
	_, err := list(t, openFake(t, srv.URL))
	if source.CodeOf(err) != source.CodeBadResponse {
		t.Fatalf("%v", err)
	}
	srv = fakeKeycloak(t, func(*http.Request) any { return map[string]any{"not": "a list"} })
	_, err = list(t, openFake(t, srv.URL))
	if source.CodeOf(err) != source.CodeBadResponse {
		t.Fatalf("%v", err)
	}
}
