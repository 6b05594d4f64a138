package kratossim

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const unknownID = "3f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f"

func TestGetSession(t *testing.T) {
	e := newEnv(t, Config{Users: 30})
	id := e.sim.ActiveSessionIDs()[0]
	r := e.get("/admin/sessions/" + id)
	var s map[string]any
	if err := json.Unmarshal(r.body, &s); err != nil || r.status != 200 || s["id"] != id {
		t.Fatalf("get: %d %s", r.status, r.body)
	}
	if devs, ok := s["devices"].([]any); !ok || len(devs) != 0 || s["identity"] != nil {
		t.Fatalf("get without expand: devices [] and identity null, got %v / %v", s["devices"], s["identity"])
	}
	r = e.get("/admin/sessions/" + id + "?expand=identity")
	json.Unmarshal(r.body, &s)
	if idn, _ := s["identity"].(map[string]any); idn == nil || idn["recovery_addresses"] == nil && idn["schema_id"] != "username" {
		t.Fatalf("get with expand=identity loads the identity with its addresses: %v", s["identity"])
	}
	if r := e.get("/admin/sessions/" + unknownID); r.status != 404 || r.apiErr(t).Message != "Unable to locate the resource" {
		t.Fatalf("unknown: %d %s", r.status, r.body)
	}
	if r := e.get("/admin/sessions/not-a-uuid"); r.status != 400 || !strings.HasPrefix(r.apiErr(t).Message, "uuid: incorrect UUID") {
		t.Fatalf("malformed: %d %s", r.status, r.body)
	}
}

func TestDisableIsSoftAndRepeatable(t *testing.T) {
	e := newEnv(t, Config{Users: 30})
	id := e.sim.ActiveSessionIDs()[0]
	rows := e.sim.SessionCount()
	for i := 0; i < 2; i++ {
		if r := e.do(http.MethodDelete, "/admin/sessions/"+id, ""); r.status != 204 || len(r.body) != 0 {
			t.Fatalf("disable #%d: %d %s (a repeat is 204 again)", i+1, r.status, r.body)
		}
	}
	if slices.Contains(e.sim.ActiveSessionIDs(), id) || e.sim.SessionCount() != rows {
		t.Fatal("a disabled session keeps its row and is no longer active")
	}
	var s struct{ Active *bool }
	if r := e.get("/admin/sessions/" + id); json.Unmarshal(r.body, &s) != nil || s.Active == nil || *s.Active {
		t.Fatalf("the disabled session is still there with active=false: %s", r.body)
	}
	all, _ := e.walk("/admin/sessions?page_size=1000")
	if !slices.ContainsFunc(all, func(m map[string]any) bool { return m["id"] == id && m["active"] == false }) {
		t.Fatal("the disabled session stays listed with active=false")
	}
	if r := e.do(http.MethodDelete, "/admin/sessions/"+unknownID, ""); r.status != 404 {
		t.Fatalf("unknown UUID: %d", r.status)
	}
	if r := e.do(http.MethodDelete, "/admin/sessions/xyz", ""); r.status != 400 {
		t.Fatalf("malformed id: %d", r.status)
	}
}

func TestExtend(t *testing.T) {
	e := newEnv(t, Config{Users: 30, Lifespan: 24 * time.Hour})
	id := e.sim.ActiveSessionIDs()[0]
	e.clock.Advance(2 * time.Hour)
	if r := e.do(http.MethodPatch, "/admin/sessions/"+id+"/extend", ""); r.status != 204 {
		t.Fatalf("extend: %d %s", r.status, r.body)
	}
	var s struct {
		ExpiresAt time.Time `json:"expires_at"`
	}
	json.Unmarshal(e.get("/admin/sessions/"+id).body, &s)
	if !s.ExpiresAt.Equal(e.clock.Now().Add(24 * time.Hour)) {
		t.Fatalf("extended to %v, want now + lifespan", s.ExpiresAt)
	}
	if r := e.do(http.MethodPatch, "/admin/sessions/"+unknownID+"/extend", ""); r.status != 404 {
		t.Fatalf("extend unknown: %d", r.status)
	}
}

func bulkBodyOf(action, field string, ids []string) string {
	b, _ := json.Marshal(map[string]any{"action": action, field: ids})
	return string(b)
}

func TestBulk(t *testing.T) {
	e := newEnv(t, Config{Users: 80, Seed: 4, Hosted: true})
	active := e.sim.ActiveSessionIDs()
	e.do(http.MethodDelete, "/admin/sessions/"+active[0], "")
	r := e.do(http.MethodPost, "/admin/sessions", bulkBodyOf("disable", "sessions", append(active[:5:5], unknownID)))
	if r.status != 200 || string(r.body) != `{"processed":4,"more":false}`+"\n" {
		t.Fatalf("disable counts only sessions that were active: %d %s", r.status, r.body)
	}
	for _, body := range []string{
		`{"action":"revoke","sessions":["` + unknownID + `"]}`,
		`{"action":"disable"}`,
		`{"action":"disable","sessions":[],"identities":[]}`,
		`{"action":"disable","sessions":["*"]}`,
		`{"action":"disable","identities":["*","` + unknownID + `"]}`,
		`{"action":"disable","sessions":["nope"]}`,
		bulkBodyOf("disable", "sessions", make([]string, 501)),
		`{"action":`,
	} {
		if r := e.do(http.MethodPost, "/admin/sessions", body); r.status != 400 {
			t.Fatalf("%.60s: %d %s", body, r.status, r.body)
		}
	}
	user := e.sim.IdentityWithSessions(2)
	rows := e.sim.SessionCount()
	r = e.do(http.MethodPost, "/admin/sessions", bulkBodyOf("delete", "identities", []string{user}))
	var ans struct{ Processed int }
	if json.Unmarshal(r.body, &ans); r.status != 200 || ans.Processed < 2 || e.sim.SessionCount() != rows-ans.Processed {
		t.Fatalf("delete by identity: %d %s", r.status, r.body)
	}
}

func TestBulkWildcardComesInChunks(t *testing.T) {
	e := newEnv(t, Config{Users: 5000, Seed: 1, Hosted: true})
	if e.sim.SessionCount() <= wildcardChunk {
		t.Fatalf("need more than %d sessions, have %d", wildcardChunk, e.sim.SessionCount())
	}
	total, calls := 0, 0
	for more := true; more; calls++ {
		r := e.do(http.MethodPost, "/admin/sessions", `{"action":"disable","identities":["*"]}`)
		var ans struct {
			Processed int
			More      bool
		}
		if json.Unmarshal(r.body, &ans) != nil || r.status != 200 || ans.Processed > wildcardChunk {
			t.Fatalf("call %d: %d %s", calls+1, r.status, r.body)
		}
		total, more = total+ans.Processed, ans.More
	}
	if calls < 2 || len(e.sim.ActiveSessionIDs()) != 0 {
		t.Fatalf("%d calls disabled %d; %d still active", calls, total, len(e.sim.ActiveSessionIDs()))
	}
}

func TestWhoamiFailsRightAfterRevocation(t *testing.T) {
	e := newEnv(t, Config{Users: 30, APIKey: "ory_pat_x"})
	id := e.sim.ActiveSessionIDs()[0]
	tok, ok := e.sim.SessionToken(id)
	if !ok || !strings.HasPrefix(tok, "ory_st_") {
		t.Fatalf("token %q", tok)
	}
	whoami := func() reply {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/sessions/whoami", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return reply{status: resp.StatusCode, header: resp.Header}
	}
	if r := whoami(); r.status != 200 || r.header.Get("X-Kratos-Authenticated-Identity-Id") == "" {
		t.Fatalf("whoami before: %d", r.status)
	}
	e.do(http.MethodDelete, "/admin/sessions/"+id, "")
	if r := whoami(); r.status != 401 {
		t.Fatalf("whoami after the revoke: %d, want 401", r.status)
	}
}
