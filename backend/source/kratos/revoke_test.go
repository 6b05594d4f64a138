package kratos_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/source"
	kratossim "sessionscope/backend/source/sim/kratos"
)

// getSession reads GET /admin/sessions/{id} straight from the simulator.
func getSession(t *testing.T, sim *kratossim.Server, id string) (int, bool) {
	t.Helper()
	resp, err := http.Get(sim.URL() + "/admin/sessions/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct{ Active bool }
	_ = json.NewDecoder(resp.Body).Decode(&s)
	return resp.StatusCode, s.Active
}

func whoami(t *testing.T, sim *kratossim.Server, id string) int {
	t.Helper()
	tok, ok := sim.SessionToken(id)
	if !ok {
		return http.StatusUnauthorized
	}
	req, _ := http.NewRequest(http.MethodGet, sim.URL()+"/sessions/whoami", nil)
	req.Header.Set("X-Session-Token", tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestRevokeOneIsASoftRevoke(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 20, Seed: 1}, nil)
	ctx := context.Background()
	id := sim.ActiveSessionIDs()[0]
	if whoami(t, sim, id) != http.StatusOK {
		t.Fatal("an active session's token must pass whoami")
	}
	res, err := cl.RevokeSession(ctx, id)
	if err != nil || res.Outcome != source.Ended {
		t.Fatalf("first revoke: %+v %v", res, err)
	}
	if st, active := getSession(t, sim, id); st != 200 || active {
		t.Fatalf("Kratos keeps a disabled session with active=false: status %d active %v", st, active)
	}
	if whoami(t, sim, id) != http.StatusUnauthorized {
		t.Fatal("the revoked session's token must get 401 on whoami at once")
	}
	deletes := sim.Stats().Disables
	res, err = cl.RevokeSession(ctx, id)
	if err != nil || res.Outcome != source.AlreadyGone || sim.Stats().Disables != deletes {
		t.Fatalf("a repeat is already gone, without a second DELETE: %+v %v", res, err)
	}
	res, err = cl.RevokeSession(ctx, "3f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f")
	if err != nil || res.Outcome != source.AlreadyGone {
		t.Fatalf("an unknown UUID is already gone (404), got %+v %v", res, err)
	}
	reqs := sim.Stats().Requests
	for _, bad := range []string{"../../identities", "abc", "6f1c2b9e5d4a4c6b8e7f0a1b2c3d4e5f", ""} {
		if _, err := cl.RevokeSession(ctx, bad); source.CodeOf(err) != source.CodeBadRequest {
			t.Fatalf("malformed id %q must be refused before any request, got %v", bad, err)
		}
	}
	if sim.Stats().Requests != reqs {
		t.Fatal("a malformed id reached the server")
	}
}

func TestRevokeBatchUsesTheBulkEndpoint(t *testing.T) {
	// The bulk endpoint is the hosted Ory Network's; self-hosted Kratos has none (issue 14).
	sim, cl, _ := newProject(t, kratossim.Config{Users: 40, Seed: 2, Hosted: true}, nil)
	ctx := context.Background()
	ids := sim.ActiveSessionIDs()[:4]
	if _, err := cl.RevokeSession(ctx, ids[3]); err != nil {
		t.Fatal(err)
	}
	batch := append(slices.Clone(ids), "3f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f")
	res, err := cl.RevokeSessions(ctx, batch)
	if err != nil || len(res) != len(batch) || sim.Stats().Bulks != 1 {
		t.Fatalf("bulk: %+v %v (bulk calls %d)", res, err, sim.Stats().Bulks)
	}
	for i, r := range res {
		if r.SessionID != batch[i] || r.Outcome != source.Ended || !strings.Contains(r.Message, "3 of these 5") {
			t.Fatalf("result %d = %+v: 3 of 5 were processed", i, r)
		}
	}
	for _, id := range ids {
		if slices.Contains(sim.ActiveSessionIDs(), id) {
			t.Fatalf("%s is still active after the bulk disable", id)
		}
	}
	res, err = cl.RevokeSessions(ctx, ids)
	if err != nil || res[0].Outcome != source.AlreadyGone {
		t.Fatalf("none left active: every result is already gone, got %+v %v", res, err)
	}
	if cl.MaxBatch() != 500 {
		t.Fatalf("MaxBatch = %d, want the bulk endpoint's 500", cl.MaxBatch())
	}
	if _, err := cl.RevokeSessions(ctx, make([]string, 501)); err == nil {
		t.Fatal("more than 500 ids must be refused")
	}
	if _, err := cl.RevokeSessions(ctx, []string{ids[0], "nope"}); source.CodeOf(err) != source.CodeBadRequest {
		t.Fatalf("a malformed id in a batch must be refused, got %v", err)
	}
}

func TestRevokeBatchFallsBackBeforeV26_2(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 40, Seed: 2, Version: "v1.3.1"}, nil)
	ctx := context.Background()
	ids := sim.ActiveSessionIDs()[:3]
	if _, err := cl.RevokeSession(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		res, err := cl.RevokeSessions(ctx, ids)
		if err != nil || len(res) != 3 {
			t.Fatalf("round %d: %+v %v", round, res, err)
		}
		for i, r := range res {
			want := source.AlreadyGone
			if round == 0 && i != 1 {
				want = source.Ended
			}
			if r.Outcome != want {
				t.Fatalf("round %d result %d = %+v, want %s (one request per session gives exact outcomes)", round, i, r, want)
			}
		}
	}
	// Revoke one: GET + DELETE; round 1: POST (405) + 3 GETs + 2 DELETEs; round 2: 3 GETs only.
	if n := sim.Stats().Requests; n != 2+6+3 {
		t.Fatalf("requests = %d: the missing bulk endpoint must be probed once, then skipped", n)
	}
}

func TestRevokeUserHardDeletes(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 60, Seed: 5}, nil)
	ctx := context.Background()
	user := sim.IdentityWithSessions(2)
	var theirs []string
	_ = cl.ListSessions(ctx, func(p source.Page) error {
		for _, s := range p.Sessions {
			if s.UserID == user {
				theirs = append(theirs, s.ID)
			}
		}
		return nil
	})
	rows := sim.SessionCount()
	res, err := cl.RevokeUserSessions(ctx, user)
	if err != nil || res.Outcome != source.Ended || res.Ended != len(theirs) {
		t.Fatalf("revoke user: %+v %v (they had %d active)", res, err, len(theirs))
	}
	if sim.SessionCount() >= rows {
		t.Fatal("the identity's sessions must be deleted, not disabled")
	}
	for _, id := range theirs {
		if st, _ := getSession(t, sim, id); st != http.StatusNotFound {
			t.Fatalf("session %s: GET = %d after the hard delete, want 404", id, st)
		}
	}
	res, err = cl.RevokeUserSessions(ctx, user)
	if err != nil || res.Outcome != source.AlreadyGone || res.Ended != 0 {
		t.Fatalf("the second call is Kratos's 404 = nothing left: %+v %v", res, err)
	}
	if _, err := cl.RevokeUserSessions(ctx, "jane@acme.example"); source.CodeOf(err) != source.CodeBadRequest {
		t.Fatalf("a non-UUID user id must be refused, got %v", err)
	}
}

func TestContainUserDeactivatesTheIdentity(t *testing.T) {
	sim, cl, _ := newProject(t, kratossim.Config{Users: 60, Seed: 6}, nil)
	ctx := context.Background()
	user := sim.IdentityWithSessions(1)
	before, _, _ := listAll(t, cl)
	if err := cl.ContainUser(ctx, user); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(sim.URL() + "/admin/identities/" + user)
	if err != nil {
		t.Fatal(err)
	}
	var idn struct {
		State          string `json:"state"`
		StateChangedAt string `json:"state_changed_at"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&idn)
	resp.Body.Close()
	if idn.State != "inactive" || idn.StateChangedAt == "" || resp.StatusCode != 200 {
		t.Fatalf("identity after containment: %d %+v", resp.StatusCode, idn)
	}
	after, _, _ := listAll(t, cl)
	if len(after) >= len(before) {
		t.Fatal("a deactivated identity's sessions list as inactive and must drop out")
	}
	if err := cl.ContainUser(ctx, "3f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f"); source.CodeOf(err) != source.CodeNotFound {
		t.Fatalf("an unknown identity is not found, got %v", err)
	}
}
