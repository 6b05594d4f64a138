package auth0sim

import (
	"net/http"
	"testing"

	"sessionscope/backend/source/sim/simkit/simtest"
)

func TestRevocationsCountEveryEndedSessionUnderParallelDeletes(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 3})
	ids := e.sim.ActiveSessionIDs()[:20]
	// Each session is deleted by three clients at once: Auth0 accepts every one (202), so
	// each counts, and the count shows the client acted three times.
	simtest.Parallel(60, func(i int) {
		if r := e.call(http.MethodDelete, "/api/v2/sessions/"+ids[i%20], nil); r.status != http.StatusAccepted {
			t.Errorf("delete %d: %d", i, r.status)
		}
	})
	got := simtest.Revocations(t, e.srv.URL)
	for _, id := range ids {
		if got[id] != 3 {
			t.Fatalf("session deleted three times counted %d", got[id])
		}
	}
	if len(got) != 20 {
		t.Fatalf("%d sessions counted, want 20", len(got))
	}
	// Revoking a session that is gone is a 404: nothing ended, nothing counted. An id the
	// tenant never had is accepted by DELETE but counts nothing either.
	if r := e.call(http.MethodPost, "/api/v2/sessions/"+ids[0]+"/revoke", nil); r.status != http.StatusNotFound {
		t.Fatalf("revoke a deleted session: %d", r.status)
	}
	e.call(http.MethodDelete, "/api/v2/sessions/no-such-session", nil)
	if got := e.sim.Revocations(); got[ids[0]] != 3 || got["no-such-session"] != 0 {
		t.Fatalf("after refused calls: %d, %d", got[ids[0]], got["no-such-session"])
	}
}

func TestUserWideDeleteCountsEachSessionItEnded(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 5})
	user := e.sim.UserWithSessions(2)
	var list sessionsResp
	e.get(userPath(user, "/sessions")).json(t, &list)
	first := list.Sessions[0]["id"].(string)
	if r := e.call(http.MethodPost, "/api/v2/sessions/"+first+"/revoke", nil); r.status != http.StatusAccepted {
		t.Fatalf("revoke: %d", r.status)
	}
	if r := e.call(http.MethodDelete, userPath(user, "/sessions"), nil); r.status != http.StatusAccepted {
		t.Fatalf("delete all: %d", r.status)
	}
	got := e.sim.Revocations()
	for _, s := range list.Sessions {
		if id := s["id"].(string); got[id] != 1 {
			t.Fatalf("session %s counted %d times, want 1 (the user-wide delete skips the one already revoked)", id, got[id])
		}
	}
}

func TestTenantSettingsCarryTheSessionLifetimes(t *testing.T) {
	e := newEnv(t, Config{Users: 3})
	var got map[string]any
	r := e.get("/api/v2/tenants/settings")
	r.json(t, &got)
	if r.status != 200 || got["session_lifetime"] != 168.0 || got["idle_session_lifetime"] != 72.0 ||
		got["session_lifetime_in_minutes"] != 10080.0 || got["idle_session_lifetime_in_minutes"] != 4320.0 {
		t.Fatalf("settings: %d %s", r.status, r.body)
	}
	e.sim.SetScopes("read:users")
	st, body := e.grant(e.creds())
	if st != 200 {
		t.Fatalf("grant: %d", st)
	}
	r = e.call(http.MethodGet, "/api/v2/tenants/settings", nil, body["access_token"].(string))
	if r.status != http.StatusForbidden || r.apiErr(t).Message != "Insufficient scope, expected any of: read:tenant_settings" {
		t.Fatalf("without read:tenant_settings: %d %s", r.status, r.body)
	}
}
