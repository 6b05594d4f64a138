package keycloak_test

import (
	"slices"
	"strings"
	"testing"

	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

// sharedPair finds a login that left both a regular and an offline session with one id.
func sharedPair(t *testing.T, sim *kcsim.Server) string {
	t.Helper()
	kinds := map[string]int{}
	for _, k := range sim.ActiveSessions() {
		kinds[k.ID]++
		if kinds[k.ID] == 2 {
			return k.ID
		}
	}
	t.Fatal("no regular/offline pair shares an id")
	return ""
}

func TestRevokeOfflineAndRegularKindsSeparately(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 200, Seed: 3}, nil)
	id := sharedPair(t, e.sim)
	res, err := e.cl.RevokeSession(ctx(), id+keycloak.OfflineSuffix)
	if err != nil || res.Outcome != source.Ended {
		t.Fatalf("revoke offline: %+v %v", res, err)
	}
	active := e.sim.ActiveSessionIDs()
	if slices.Contains(active, id+keycloak.OfflineSuffix) || !slices.Contains(active, id) {
		t.Fatal("deleting the offline session must leave the regular one with the same id alone")
	}
	res, err = e.cl.RevokeSession(ctx(), id)
	if err != nil || res.Outcome != source.Ended || slices.Contains(e.sim.ActiveSessionIDs(), id) {
		t.Fatalf("revoke regular: %+v %v", res, err)
	}
	res, err = e.cl.RevokeSession(ctx(), id)
	if err != nil || res.Outcome != source.AlreadyGone || res.Message != "Sesssion not found" {
		t.Fatalf("second revoke: %+v %v (Keycloak's 404 says \"Sesssion not found\")", res, err)
	}
}

func TestRevokeRejectsMalformedIDs(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 10}, nil)
	for _, id := range []string{"", "a/b", "x?y", ":offline", "has space"} {
		if _, err := e.cl.RevokeSession(ctx(), id); source.CodeOf(err) != source.CodeBadRequest {
			t.Errorf("%q: %v", id, err)
		}
	}
}

func TestRevokeWithoutManageUsersIsFailedWithHint(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 30, ServiceAccountRoles: []string{"view-realm", "view-users", "view-clients"}}, nil)
	id := e.sim.ActiveSessionIDs()[0]
	res, err := e.cl.RevokeSession(ctx(), id)
	if err != nil || res.Outcome != source.Failed || !strings.Contains(res.Message, "manage-users") {
		t.Fatalf("%+v %v", res, err)
	}
	if !slices.Contains(e.sim.ActiveSessionIDs(), id) {
		t.Fatal("the session must survive")
	}
}

func TestRevokeUserEndsRegularAndOfflineSessions(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 300, Seed: 3}, nil)
	id := sharedPair(t, e.sim)
	var user string
	pages, err := list(t, e.cl)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all(pages) {
		if s.ID == id {
			user = s.UserID
		}
	}
	n := len(e.sim.UserSessions(user))
	res, err := e.cl.RevokeUserSessions(ctx(), user)
	if err != nil || res.Outcome != source.Ended || res.Ended != n {
		t.Fatalf("revoke user with %d sessions: %+v %v", n, res, err)
	}
	if left := e.sim.UserSessions(user); len(left) != 0 {
		t.Fatalf("left: %v", left)
	}
	res, err = e.cl.RevokeUserSessions(ctx(), user)
	if err != nil || res.Outcome != source.AlreadyGone || res.Ended != 0 {
		t.Fatalf("second user revoke: %+v %v", res, err)
	}
	res, err = e.cl.RevokeUserSessions(ctx(), "9a3f7c1e-0000-4000-8000-000000000000")
	if err != nil || res.Outcome != source.AlreadyGone {
		t.Fatalf("unknown user: %+v %v", res, err)
	}
}

func TestRevokeUserWithoutViewRightsReportsUnknownCount(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 100}, nil)
	user := e.sim.UserWithSessions(1)
	e.sim.SetServiceAccountRoles([]string{"manage-users"})
	e.sim.ExpireAccessTokens()
	res, err := e.cl.RevokeUserSessions(ctx(), user)
	if err != nil || res.Outcome != source.Ended || res.Ended != -1 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestContainUserDisablesTheUser(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20}, nil)
	user := e.sim.UserWithSessions(1)
	if err := e.cl.ContainUser(ctx(), user); err != nil {
		t.Fatal(err)
	}
	if enabled, found := e.sim.UserEnabled(user); !found || enabled {
		t.Fatalf("enabled=%v found=%v", enabled, found)
	}
	if len(e.sim.UserSessions(user)) == 0 {
		t.Fatal("disabling does not end sessions in Keycloak")
	}
	err := e.cl.ContainUser(ctx(), "9a3f7c1e-0000-4000-8000-000000000000")
	if source.CodeOf(err) != source.CodeNotFound {
		t.Fatalf("unknown user: %v", err)
	}
}
