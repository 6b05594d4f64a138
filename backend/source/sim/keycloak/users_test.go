package keycloaksim

import (
	"strings"
	"testing"
)

func TestUsersEndpoints(t *testing.T) {
	e := newEnv(t, Config{Users: 50})
	var users []map[string]any
	e.admin("users?first=0&max=10&briefRepresentation=true").json(t, &users)
	if len(users) != 10 || users[0]["access"] != nil || users[0]["username"] == nil {
		t.Fatalf("%v", users)
	}
	for _, u := range users {
		if strings.HasPrefix(u["username"].(string), "service-account-") {
			t.Fatal("service accounts are not listed")
		}
	}
	var n int
	e.admin("users/count").json(t, &n)
	if n != 51 { // 50 users and the admin
		t.Fatalf("count %d", n)
	}
	id := users[1]["id"].(string)
	var full map[string]any
	e.admin("users/"+id).json(t, &full)
	if full["enabled"] != true || full["access"] == nil {
		t.Fatalf("%v", full)
	}
	if r := e.adminDo("PUT", "users/"+id, `{"enabled":false}`); r.status != 204 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	e.admin("users/"+id).json(t, &full)
	if full["enabled"] != false || full["firstName"] == "" {
		t.Fatalf("partial update: %v", full)
	}
	if r := e.adminDo("PUT", "users/"+id, `{"username":"someone-else"}`); r.status != 400 || !strings.Contains(string(r.body), `"errorMessage":"error-user-attribute-read-only"`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := e.adminDo("PUT", "users/"+id, `{"email":"nope"}`); r.status != 400 || !strings.Contains(string(r.body), `"errorMessage":"invalid-email"`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := e.adminDo("PUT", "users/"+id, `{`); r.status != 400 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := e.admin("users/00000000-0000-4000-8000-000000000000"); r.status != 404 || r.kcError(t) != "User not found" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	var found []map[string]any
	e.admin("users?username="+users[2]["username"].(string)+"&exact=true").json(t, &found)
	if len(found) != 1 {
		t.Fatalf("exact username search: %d", len(found))
	}
}

func TestEvents(t *testing.T) {
	e := newEnv(t, Config{Users: 100})
	user := e.sim.UserWithSessions(1)
	var evs []map[string]any
	e.admin("events?user="+user+"&type=LOGIN&max=5").json(t, &evs)
	if len(evs) == 0 {
		t.Fatal("no LOGIN events for a user with sessions")
	}
	for i, ev := range evs {
		if ev["type"] != "LOGIN" || ev["userId"] != user || ev["sessionId"] == nil || ev["ipAddress"] == nil {
			t.Fatalf("%v", ev)
		}
		if i > 0 && ev["time"].(float64) > evs[i-1]["time"].(float64) {
			t.Fatal("newest first")
		}
	}
	var errs []map[string]any
	e.admin("events?type=LOGIN_ERROR&max=3").json(t, &errs)
	if len(errs) != 3 || errs[0]["error"] != "invalid_user_credentials" {
		t.Fatalf("%v", errs)
	}
	var none []map[string]any
	e.admin("events?dateTo=2000-01-01").json(t, &none)
	if len(none) != 0 {
		t.Fatal("dateTo filter")
	}
	if r := e.admin("events?dateFrom=yesterday"); r.status != 400 {
		t.Fatalf("bad date: %d", r.status)
	}
	off := newEnv(t, Config{Users: 20, EventsDisabled: true})
	off.admin("events").json(t, &none)
	if len(none) != 0 {
		t.Fatal("a realm that saves no events has none")
	}
}

func TestUIExtSessions(t *testing.T) {
	e := newEnv(t, Config{Users: 100})
	if r := e.admin("ui-ext/sessions"); r.status != 404 {
		t.Fatalf("without the feature: %d", r.status)
	}
	e = newEnv(t, Config{Users: 100, UIExt: true})
	var def []rep
	e.admin("ui-ext/sessions").json(t, &def)
	if len(def) != 10 {
		t.Fatalf("max defaults to 10: %d", len(def))
	}
	var all []rep
	e.admin("ui-ext/sessions?type=ALL&first=0&max=100000").json(t, &all)
	keys := map[string]bool{}
	for _, r := range all {
		if r.RememberMe != nil || (r.Type != "REGULAR" && r.Type != "OFFLINE") {
			t.Fatalf("%+v", r)
		}
		k := r.ID + "/" + r.Type
		if keys[k] {
			t.Fatalf("%s twice", k)
		}
		keys[k] = true
	}
	if len(all) < len(e.sim.ActiveSessionIDs()) {
		t.Fatalf("%d listed, %d active", len(all), len(e.sim.ActiveSessionIDs()))
	}
	var offline []rep
	e.admin("ui-ext/sessions?type=OFFLINE&max=1000").json(t, &offline)
	for _, r := range offline {
		if r.Type != "OFFLINE" {
			t.Fatal("type filter")
		}
	}
	var found []rep
	e.admin("ui-ext/sessions?search="+all[0].Username+"&max=1000").json(t, &found)
	if len(found) == 0 || len(found) == len(all) {
		t.Fatalf("search by username: %d of %d", len(found), len(all))
	}
	e.sim.SetServiceAccountRoles([]string{"view-realm"})
	e.token = e.clientCredentials()
	var hidden []rep
	e.admin("ui-ext/sessions?max=1000").json(t, &hidden)
	if len(hidden) != 0 {
		t.Fatal("rows of users the caller may not view are dropped")
	}
}
