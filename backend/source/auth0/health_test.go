package auth0_test

import (
	"context"
	"strings"
	"testing"

	"sessionscope/backend/source"
	"sessionscope/backend/source/auth0"
	auth0sim "sessionscope/backend/source/sim/auth0"
)

func TestCheckWithEveryScope(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 40, Seed: 1}, nil)
	h, err := cl.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h.SignedInAs, sim.Credentials().ClientID+"@clients on 127.0.0.1:") {
		t.Fatalf("signed in as %q", h.SignedInAs)
	}
	for _, p := range h.Permissions {
		if !p.OK {
			t.Fatalf("%s reported missing: %s", p.Name, p.Hint)
		}
	}
	if len(h.Permissions) != 7 || !strings.Contains(h.Limits, "rate limit") || !strings.Contains(h.Limits, "40 users") {
		t.Fatalf("health %+v", h)
	}
	who, err := cl.WhoAmI(context.Background())
	if err != nil || who != h.SignedInAs {
		t.Fatalf("WhoAmI %q %v", who, err)
	}
	caps := source.CapabilitiesOf(cl)
	want := source.Capabilities{RevokeOne: true, RevokeUser: true, ContainUser: true, LoginHistory: true,
		Health: true, WhoAmI: true, RateLimit: true}
	if caps != want {
		t.Fatalf("capabilities %+v", caps)
	}
}

func TestCheckHintsAtMissingScopesAndPlan(t *testing.T) {
	_, cl, _ := newTenant(t, auth0sim.Config{Users: 10, Seed: 1, NoSessionsFeature: true,
		Scopes: []string{"read:users", "read:sessions", "read:logs_users"}}, nil)
	h, err := cl.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]string{}
	for _, p := range h.Permissions {
		if !p.OK {
			missing[p.Name] = p.Hint
		}
	}
	for _, name := range []string{"delete:sessions", "delete:refresh_tokens", "update:users"} {
		if !strings.Contains(missing[name], "Machine to Machine Applications") {
			t.Errorf("%s: hint %q", name, missing[name])
		}
	}
	if _, ok := missing["read:logs"]; ok {
		t.Error("read:logs_users is enough for login history")
	}
	if hint := missing["session management endpoints (Enterprise plan)"]; !strings.Contains(hint, "Enterprise") {
		t.Errorf("plan check: %q (missing %v)", hint, missing)
	}
}

func TestCheckFailsOnBadCredentials(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 5}, nil)
	sim.RotateClientSecret()
	if _, err := cl.Check(context.Background()); source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("check with a stale secret: %v", err)
	}
}

func TestDescribeAndValidate(t *testing.T) {
	c := &auth0.Connector{}
	d := c.Describe()
	if d.Kind != "auth0" || d.SessionIDIsSecret || d.URLHelp == "" {
		t.Fatalf("descriptor %+v", d)
	}
	want := map[string][2]bool{"client_id": {false, true}, "audience": {false, false}, "client_secret": {true, true}}
	for _, o := range d.Options {
		if w, ok := want[o.Name]; !ok || o.Secret != w[0] || o.Required != w[1] || o.Help == "" || o.Label == "" {
			t.Errorf("option %+v", o)
		}
		delete(want, o.Name)
	}
	if len(want) != 0 {
		t.Errorf("options missing: %v", want)
	}
	for _, tc := range []struct {
		url, client, audience string
		ok                    bool
	}{
		{"https://acme.eu.auth0.com", "abc", "", true},
		{"https://acme.eu.auth0.com/", "abc", "https://acme.eu.auth0.com/api/v2/", true},
		{"http://127.0.0.1:8080", "abc", "", true},
		{"http://[::1]:8080", "abc", "", true},
		{"http://acme.eu.auth0.com", "abc", "", false},
		{"acme.eu.auth0.com", "abc", "", false},
		{"https://acme.eu.auth0.com/api/v2", "abc", "", false},
		{"https://acme.eu.auth0.com", "", "", false},
		{"https://acme.eu.auth0.com", "abc", "not a url", false},
	} {
		err := c.Validate(source.Config{URL: tc.url, Options: map[string]string{auth0.OptClientID: tc.client, auth0.OptAudience: tc.audience}})
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%q, %q, %q) = %v, want ok=%v", tc.url, tc.client, tc.audience, err, tc.ok)
		}
	}
}
