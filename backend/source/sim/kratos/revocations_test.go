package kratossim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sessionscope/backend/source/sim/simkit/simtest"
)

func TestRevocationsCountRepeatedDisablesUnderConcurrency(t *testing.T) {
	e := newEnv(t, Config{Users: 60, Seed: 1})
	ids := e.sim.ActiveSessionIDs()[:20]
	// Kratos answers a repeated disable 204 again: each of the three counts, so a client
	// that acts twice is seen.
	simtest.Parallel(60, func(i int) {
		if r := e.do(http.MethodDelete, "/admin/sessions/"+ids[i%20], ""); r.status != 204 {
			t.Errorf("disable: %d", r.status)
		}
	})
	got := simtest.Revocations(t, e.srv.URL)
	for _, id := range ids {
		if got[id] != 3 {
			t.Fatalf("disabled three times, counted %d", got[id])
		}
	}
	if e.do(http.MethodDelete, "/admin/sessions/"+unknownID, "").status != 404 || len(e.sim.Revocations()) != 20 {
		t.Fatal("an unknown id ends nothing and counts nothing")
	}
}

func TestIdentityWideAndBulkDeletesCountEachSession(t *testing.T) {
	e := newEnv(t, Config{Users: 80, Seed: 3, Hosted: true})
	idn := e.sim.IdentityWithSessions(2)
	var rows []map[string]any
	json.Unmarshal(e.get("/admin/identities/"+idn+"/sessions").body, &rows)
	if r := e.do(http.MethodDelete, "/admin/identities/"+idn+"/sessions", ""); r.status != 204 {
		t.Fatalf("delete identity sessions: %d", r.status)
	}
	if r := e.do(http.MethodDelete, "/admin/identities/"+idn+"/sessions", ""); r.status != 404 {
		t.Fatalf("second delete: %d", r.status)
	}
	got := e.sim.Revocations()
	for _, s := range rows {
		if got[s["id"].(string)] != 1 {
			t.Fatalf("session of the identity counted %d times", got[s["id"].(string)])
		}
	}
	if len(got) != len(rows) {
		t.Fatalf("%d counted, the identity had %d", len(got), len(rows))
	}
	active := e.sim.ActiveSessionIDs()[:3]
	body, _ := json.Marshal(map[string]any{"action": "disable", "sessions": active})
	if r := e.do(http.MethodPost, "/admin/sessions", string(body)); r.status != 200 {
		t.Fatalf("bulk: %d %s", r.status, r.body)
	}
	if got := e.sim.Revocations(); got[active[0]] != 1 || got[active[2]] != 1 || len(got) != len(rows)+3 {
		t.Fatalf("after the bulk disable: %v", got)
	}
}

func TestPutIdentityStateContainsTheIdentity(t *testing.T) {
	e := newEnv(t, Config{Users: 30, Seed: 2})
	id := e.sim.IdentityWithSessions(1)
	var cur map[string]any
	json.Unmarshal(e.get("/admin/identities/"+id).body, &cur)
	put := func(change func(map[string]any)) reply {
		b := map[string]any{"schema_id": cur["schema_id"], "traits": cur["traits"], "state": "inactive"}
		change(b)
		raw, _ := json.Marshal(b)
		return e.do(http.MethodPut, "/admin/identities/"+id, string(raw))
	}
	if r := put(func(b map[string]any) { b["traits"] = map[string]any{"email": "x@example.org"} }); r.status != 400 {
		t.Fatalf("changed traits: %d", r.status)
	}
	if r := put(func(b map[string]any) { delete(b, "schema_id") }); r.status != 400 {
		t.Fatalf("no schema_id: %d", r.status)
	}
	if r := put(func(b map[string]any) { b["state"] = "frozen" }); r.status != 400 {
		t.Fatalf("bad state: %d", r.status)
	}
	before := len(e.sim.ActiveSessionIDs())
	r := put(func(map[string]any) {})
	if r.status != 200 || !strings.Contains(string(r.body), `"state":"inactive"`) {
		t.Fatalf("PUT state inactive: %d %s", r.status, r.body)
	}
	if len(e.sim.ActiveSessionIDs()) >= before {
		t.Fatal("an inactive identity's sessions are no longer active")
	}
}

func TestRateLimitIsKratos429WithRetryAfter(t *testing.T) {
	e := newEnv(t, Config{Users: 10, RatePerSecond: 1, RateBurst: 2})
	e.get("/admin/sessions")
	e.get("/admin/sessions")
	r := e.get("/admin/sessions")
	if r.status != 429 || r.header.Get("Retry-After") != "1" || r.header.Get("Ory-Error-Id") != "too_many_requests" || r.apiErr(t).Message == "" {
		t.Fatalf("beyond the limit: %d %v %s", r.status, r.header, r.body)
	}
}

func TestPlantedDriftingSession(t *testing.T) {
	e := newEnv(t, Config{Users: 40, Seed: 9})
	all, _ := e.walk("/admin/sessions?expand=identity&expand=devices")
	found := 0
	for _, s := range all {
		traits := s["identity"].(map[string]any)["traits"].(map[string]any)
		if email, _ := traits["email"].(string); !strings.HasPrefix(email, "lena.hoffmann@") {
			continue
		}
		found++
		devs := s["devices"].([]any)
		if len(devs) != 2 || s["active"] != true {
			t.Fatalf("the drifting session: %d devices, active %v", len(devs), s["active"])
		}
		a, b := devs[0].(map[string]any), devs[1].(map[string]any)
		if a["location"] != "Berlin, DE" || b["location"] != "São Paulo, BR" || a["ip_address"] == b["ip_address"] {
			t.Fatalf("devices %v / %v", a, b)
		}
	}
	if found != 1 {
		t.Fatalf("%d planted drifting sessions, want 1", found)
	}
}
