package auth0sim

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// listAllOf walks a user's sessions with checkpoint paging, take at a time.
func (e *env) listAllOf(user string, take int) ([]string, int) {
	e.t.Helper()
	var ids []string
	pages := 0
	from := ""
	for {
		p := userPath(user, "/sessions?take="+itoa(take))
		if from != "" {
			p += "&from=" + from
		}
		var sr sessionsResp
		r := e.get(p)
		if r.status != 200 {
			e.t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
		r.json(e.t, &sr)
		pages++
		for _, s := range sr.Sessions {
			ids = append(ids, s["id"].(string))
		}
		if sr.Next == "" {
			return ids, pages
		}
		from = sr.Next
	}
}

func TestUserSessionsCheckpointPaging(t *testing.T) {
	e := newEnv(t, Config{Users: 200, Seed: 5})
	user := e.sim.UserWithSessions(3)
	one, pages := e.listAllOf(user, 1)
	all, _ := e.listAllOf(user, 50)
	if len(one) < 3 || pages != len(one) || !slices.Equal(one, all) {
		t.Fatalf("take=1 gave %v in %d pages, take=50 gave %v", one, pages, all)
	}
	var sr sessionsResp
	e.get(userPath(user, "/sessions")).json(t, &sr)
	if sr.Next != "" {
		t.Fatal("the last page must carry no next checkpoint")
	}
	s := sr.Sessions[0]
	for _, k := range []string{"id", "user_id", "created_at", "updated_at", "authenticated_at", "idle_expires_at",
		"expires_at", "last_interacted_at", "device", "clients", "authentication", "cookie"} {
		if s[k] == nil {
			t.Fatalf("session lacks %s: %v", k, s)
		}
	}
	dev := s["device"].(map[string]any)
	if !strings.HasPrefix(dev["initial_asn"].(string), "AS") || dev["last_ip"] == "" || dev["initial_user_agent"] == "" {
		t.Fatalf("device: %v", dev)
	}
	if r := e.get(userPath(user, "/sessions?from=!!!")); r.status != 400 {
		t.Fatalf("bad checkpoint: %d", r.status)
	}
	if r := e.get(userPath("auth0|000000000000000000000000", "/sessions")); r.status != 404 || r.apiErr(t).ErrorCode != "inexistent_user" {
		t.Fatalf("unknown user: %d %s", r.status, r.body)
	}
	if r := e.get(userPath(user, "/sessions?take=0")); r.status != 400 {
		t.Fatalf("take=0: %d", r.status)
	}
}

func TestExpiredSessionsAreListedUntilPurged(t *testing.T) {
	e := newEnv(t, Config{Users: 300, Seed: 8})
	now := e.clock.Now()
	active := e.sim.ActiveSessionIDs()
	listed, expired := 0, 0
	for _, u := range e.sim.UserIDs() {
		var sr sessionsResp
		e.get(userPath(u, "/sessions?take=100")).json(t, &sr)
		for _, s := range sr.Sessions {
			listed++
			idle, _ := time.Parse(time.RFC3339, s["idle_expires_at"].(string))
			abs, _ := time.Parse(time.RFC3339, s["expires_at"].(string))
			gone := !idle.After(now) || !abs.After(now)
			if gone {
				expired++
			}
			if gone == slices.Contains(active, s["id"].(string)) {
				t.Fatalf("session %s: expired=%v but ActiveSessionIDs disagrees", s["id"], gone)
			}
		}
	}
	if listed != e.sim.SessionCount() || expired == 0 || expired != listed-len(active) {
		t.Fatalf("listed %d (stored %d), expired %d, active %d", listed, e.sim.SessionCount(), expired, len(active))
	}
}

func TestRevokeDeleteAndDeleteAll(t *testing.T) {
	e := newEnv(t, Config{Users: 100, Seed: 3})
	ids := e.sim.ActiveSessionIDs()
	var got map[string]any
	if r := e.get("/api/v2/sessions/" + ids[0]); r.status != 200 {
		t.Fatalf("get: %d", r.status)
	} else if r.json(t, &got); got["id"] != ids[0] {
		t.Fatalf("get returned %v", got["id"])
	}
	if r := e.call("POST", "/api/v2/sessions/"+ids[0]+"/revoke", nil); r.status != 202 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	if slices.Contains(e.sim.ActiveSessionIDs(), ids[0]) {
		t.Fatal("revoked session still active")
	}
	if r := e.call("POST", "/api/v2/sessions/"+ids[0]+"/revoke", nil); r.status != 404 || r.apiErr(t).Message != msgSessNotFound {
		t.Fatalf("second revoke: %d %s", r.status, r.body)
	}
	if r := e.get("/api/v2/sessions/" + ids[0]); r.status != 404 {
		t.Fatalf("get after revoke: %d", r.status)
	}
	if r := e.call("POST", "/api/v2/sessions/"+strings.Repeat("a", 51)+"/revoke", nil); r.status != 400 {
		t.Fatalf("51-character id: %d", r.status)
	}
	// DELETE is accepted whether or not the session exists (the spec lists no 404).
	for _, id := range []string{ids[1], ids[1], "never-issued"} {
		if r := e.call("DELETE", "/api/v2/sessions/"+id, nil); r.status != 202 {
			t.Fatalf("delete %s: %d", id, r.status)
		}
	}
	user := e.sim.UserWithSessions(2)
	if r := e.call("DELETE", userPath(user, "/sessions"), nil); r.status != 202 {
		t.Fatalf("delete all: %d", r.status)
	}
	if left, _ := e.listAllOf(user, 50); len(left) != 0 {
		t.Fatalf("sessions left after delete-all: %v", left)
	}
	st := e.sim.Stats()
	if st.Revokes != 1 || st.Deletes != 4 {
		t.Fatalf("stats %+v", st)
	}
}

func TestRevokeNeedsBothScopesAndThePlan(t *testing.T) {
	e := newEnv(t, Config{Users: 20, Seed: 3})
	id := e.sim.ActiveSessionIDs()[0]
	e.sim.SetScopes("read:users", "read:sessions", "delete:sessions")
	_, body := e.grant(e.creds())
	r := e.call("POST", "/api/v2/sessions/"+id+"/revoke", nil, body["access_token"].(string))
	if r.status != 403 || !strings.Contains(r.apiErr(t).Message, "delete:refresh_tokens") {
		t.Fatalf("revoke without delete:refresh_tokens: %d %s", r.status, r.body)
	}
	e.sim.SetSessionsFeature(false)
	for _, p := range []string{userPath(e.sim.UserIDs()[0], "/sessions"), "/api/v2/sessions/" + id} {
		if r := e.get(p); r.status != 403 || r.apiErr(t).Message != msgFeatureOff {
			t.Fatalf("%s without the feature: %d %s", p, r.status, r.body)
		}
	}
	if r := e.get("/api/v2/users?per_page=1"); r.status != 200 {
		t.Fatalf("users stay readable without the feature: %d", r.status)
	}
}

func TestUserLogs(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 12})
	user := e.sim.UserWithSessions(2)
	var logs []map[string]any
	e.get(userPath(user, "/logs?per_page=100")).json(t, &logs)
	if len(logs) < 2 {
		t.Fatalf("logs: %d", len(logs))
	}
	for i, l := range logs {
		if i > 0 && l["date"].(string) > logs[i-1]["date"].(string) {
			t.Fatal("logs must be newest first by default")
		}
		loc := l["location_info"].(map[string]any)
		if l["user_id"] != user || l["ip"] == "" || loc["country_code"] == "" || l["type"] == "" {
			t.Fatalf("log event: %v", l)
		}
	}
	var pageTwo struct {
		Total int              `json:"total"`
		Logs  []map[string]any `json:"logs"`
	}
	e.get(userPath(user, "/logs?per_page=1&page=1&include_totals=true")).json(t, &pageTwo)
	if pageTwo.Total != len(logs) || len(pageTwo.Logs) != 1 || pageTwo.Logs[0]["log_id"] != logs[1]["log_id"] {
		t.Fatalf("paged logs: %+v", pageTwo)
	}
	e.sim.SetScopes("read:users")
	_, body := e.grant(e.creds())
	if r := e.call("GET", userPath(user, "/logs"), nil, body["access_token"].(string)); r.status != 403 ||
		!strings.Contains(r.apiErr(t).Message, "read:logs,read:logs_users") {
		t.Fatalf("logs without read:logs: %d %s", r.status, r.body)
	}
}
