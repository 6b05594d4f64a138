package salesforce_test

import (
	"context"
	"slices"
	"testing"

	"sessionscope/backend/source"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

func TestContainFreezesTheUserAndRevokesTheirOAuthGrants(t *testing.T) {
	sim, cl, _ := newOrg(t, sfsim.Config{Users: 60, Seed: 3}, nil)
	ctx := context.Background()
	_, pages, err := listAll(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	var user, admin string
	for _, p := range pages {
		for _, s := range p.Sessions {
			switch {
			case s.Username == sim.AdminUsername():
				admin = s.UserID
			case user == "" && sim.OAuthTokenCount(s.UserID) > 0:
				user = s.UserID
			}
		}
	}
	if user == "" || admin == "" {
		t.Fatalf("the simulator has no user with OAuth grants (%q) or no listed admin (%q)", user, admin)
	}
	active := sim.ActiveSessionIDs()
	c := cl.(*salesforce.Client)
	if err := c.ContainUser(ctx, user); err != nil {
		t.Fatal(err)
	}
	if !sim.IsFrozen(user) || sim.OAuthTokenCount(user) != 0 {
		t.Fatalf("frozen %v, OAuth grants left %d", sim.IsFrozen(user), sim.OAuthTokenCount(user))
	}
	if !slices.Equal(sim.ActiveSessionIDs(), active) {
		t.Fatal("containment must not end sessions: that is the sign-out's job")
	}
	if err := c.ContainUser(ctx, user); err != nil {
		t.Fatalf("containing a contained user again is fine: %v", err)
	}

	// The connection's own user is never frozen: the app would lock itself out.
	if err := c.ContainUser(ctx, admin); source.CodeOf(err) != source.CodeBadRequest || sim.IsFrozen(admin) {
		t.Fatalf("containing the signed-in admin: %v, frozen %v", err, sim.IsFrozen(admin))
	}
	reqs := sim.Stats().Requests
	if err := c.ContainUser(ctx, "005' OR Id != '"); source.CodeOf(err) != source.CodeBadRequest || sim.Stats().Requests != reqs {
		t.Fatalf("a malformed id must be refused before any request: %v", err)
	}
	if !source.CapabilitiesOf(cl).ContainUser {
		t.Fatal("the capability contract must say Salesforce can contain users")
	}
	m, err := c.SignOutMethods(ctx)
	if err != nil || m.Sessions.PerCall != 200 || len(m.Contain) != 2 || m.Contain[0].Name != "freeze_user" {
		t.Fatalf("methods %+v %v", m, err)
	}
}
