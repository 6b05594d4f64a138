package keycloak_test

import (
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

func TestSessionPolicy(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 5, Timeouts: kcsim.Timeouts{SSOSessionIdle: 45 * time.Minute, SSOSessionMax: 12 * time.Hour}}, nil)
	p, err := e.cl.SessionPolicy(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if p.IdleTimeout != 45*time.Minute || p.MaxLifespan != 12*time.Hour {
		t.Fatalf("%+v", p)
	}
	if p.Raw["ssoSessionIdleTimeout"] != "2700" || p.Raw["offlineSessionIdleTimeout"] != "2592000" ||
		p.Raw["offlineSessionMaxLifespanEnabled"] != "false" || p.Raw["rememberMe"] != "true" {
		t.Fatalf("raw settings: %v", p.Raw)
	}
}

func TestSessionPolicyWithoutViewRealm(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 5, ServiceAccountRoles: []string{"view-users"}}, nil)
	_, err := e.cl.SessionPolicy(ctx())
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "view-realm") {
		t.Fatalf("%v", err)
	}
}

func TestLoginHistory(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 200, Seed: 2}, nil)
	user := e.sim.UserWithSessions(3)
	evs, err := e.cl.LoginHistory(ctx(), user, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) < 2 { // an offline session that shares its regular session's id is the same login
		t.Fatalf("a user with 3 sessions has %d logins", len(evs))
	}
	for i, ev := range evs {
		if ev.At.IsZero() || ev.SourceIP == "" || !strings.Contains(ev.Detail, "client ") {
			t.Fatalf("event %d: %+v", i, ev)
		}
		if i > 0 && ev.At.After(evs[i-1].At) {
			t.Fatal("events must come newest first")
		}
		if ev.Status != "Success" && ev.Status != "invalid_user_credentials" {
			t.Fatalf("status %q", ev.Status)
		}
	}
	if evs, err := e.cl.LoginHistory(ctx(), user, 1); err != nil || len(evs) != 1 {
		t.Fatalf("limit 1: %d %v", len(evs), err)
	}
}

func TestLoginHistoryWhenEventsAreOff(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20, EventsDisabled: true}, nil)
	_, err := e.cl.LoginHistory(ctx(), e.sim.UserWithSessions(1), 10)
	if source.CodeOf(err) != source.CodeBadRequest || !strings.Contains(err.Error(), "Save events") {
		t.Fatalf("%v", err)
	}
	e = newEnv(t, kcsim.Config{Users: 20, ServiceAccountRoles: []string{"view-realm"}}, nil)
	_, err = e.cl.LoginHistory(ctx(), e.sim.UserWithSessions(1), 10)
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "view-events") {
		t.Fatalf("%v", err)
	}
}

func TestHealthCheck(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20}, nil)
	h, err := e.cl.Check(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if h.SignedInAs != "service-account-"+kcsim.AdminClientID || h.Limits == "" {
		t.Fatalf("%+v", h)
	}
	if len(h.Permissions) != 5 {
		t.Fatalf("%+v", h.Permissions)
	}
	for _, p := range h.Permissions {
		if !p.OK || p.Hint != "" {
			t.Fatalf("with the default roles every check passes: %+v", p)
		}
	}
	if len(e.sim.ActiveSessionIDs()) == 0 {
		t.Fatal("the manage-users probe must not end anything")
	}
}

func TestHealthCheckNamesMissingRoles(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20, ServiceAccountRoles: []string{"view-realm", "query-users"}}, nil)
	h, err := e.cl.Check(ctx())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range h.Permissions {
		role, _, _ := strings.Cut(p.Name, " ")
		got[role] = p.OK
		if !p.OK && (!strings.Contains(p.Hint, role) || !strings.Contains(p.Hint, "Service accounts roles") ||
			!strings.Contains(p.Hint, "realm-management")) {
			t.Fatalf("hint for %s: %q", role, p.Hint)
		}
	}
	want := map[string]bool{"view-realm": true, "view-clients": false, "view-users": false, "manage-users": false, "view-events": false}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s: ok=%v, want %v (%v)", k, got[k], v, got)
		}
	}
}

func TestHealthCheckInteractive(t *testing.T) {
	e, _ := newInteractiveEnv(t, kcsim.Config{Users: 10, Seed: 4}, "openid", nil)
	h, err := e.cl.Check(ctx())
	if err != nil || h.SignedInAs != "admin" {
		t.Fatalf("%+v %v", h, err)
	}
	for _, p := range h.Permissions {
		if !p.OK {
			t.Fatalf("realm-admin holds every role: %+v", p)
		}
	}
	// The same realm, signed in as an ordinary user: no admin rights at all.
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	for _, s := range all(pages) {
		if s.Username != "admin" {
			name = s.Username
		}
	}
	e, _ = newInteractiveEnv(t, kcsim.Config{Users: 10, Seed: 4, InteractiveUser: name}, "openid", nil)
	h, err = e.cl.Check(ctx())
	if err != nil || h.SignedInAs != name {
		t.Fatalf("%+v %v", h, err)
	}
	for _, p := range h.Permissions {
		if p.OK || !strings.Contains(p.Hint, "Users ▸ "+name+" ▸ Role mapping") {
			t.Fatalf("%+v", p)
		}
	}
	if _, err := list(t, e.cl); source.CodeOf(err) != source.CodePermission {
		t.Fatalf("listing without rights: %v", err)
	}
}
