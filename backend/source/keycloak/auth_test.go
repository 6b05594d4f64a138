package keycloak_test

import (
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	kcsim "sessionscope/backend/source/sim/keycloak"
)

func TestTokenErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(e *env)
		code  string
		want  string
	}{
		{"wrong secret", func(e *env) { e.sec.Set(ctx(), keycloak.SecretClient, "nope") }, source.CodeAuth, "Invalid client or Invalid client credentials"},
		{"no credentials", func(e *env) { e.sec.Set(ctx(), keycloak.SecretClient, "") }, source.CodeAuth, "sign in"},
		{"unknown auth realm", func(e *env) { e.cfg.Options[keycloak.OptAuthRealm] = "master" }, source.CodeNotFound, "Realm does not exist"},
		{"public client for client credentials", func(e *env) { e.cfg.Options[keycloak.OptClientID] = "account-console" }, source.CodePermission, "Service accounts"},
		{"revoked refresh token", func(e *env) {
			e.sec.Set(ctx(), keycloak.SecretRefresh, "eyJhbGciOiJIUzI1NiJ9.e30.x")
			e.cfg.Options[keycloak.OptClientID] = kcsim.PublicClientID
		}, source.CodeAuth, "sign in again"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, kcsim.Config{Users: 5}, nil)
			secret := e.sim.Credentials().ClientSecret
			c.setup(e)
			cl := e.open()
			_, err := list(t, cl)
			if source.CodeOf(err) != c.code || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want %s mentioning %q, got %v", c.code, c.want, err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatal("the error echoes the client secret")
			}
		})
	}
}

func TestRefreshTokenPreferredOverClientSecret(t *testing.T) {
	e, _ := newInteractiveEnv(t, kcsim.Config{Users: 5}, "openid", nil)
	// A client secret stored next to the refresh token authenticates the refresh (confidential
	// clients); the identity stays the signed-in user's.
	e.sec.Set(ctx(), keycloak.SecretClient, "ignored-by-public-clients")
	cl := e.open()
	if who, err := cl.WhoAmI(ctx()); err != nil || who != "admin" {
		t.Fatalf("WhoAmI = %q, %v", who, err)
	}
}

func TestSignedOutSessionNeedsSignIn(t *testing.T) {
	e, sid := newInteractiveEnv(t, kcsim.Config{Users: 5}, "openid", nil)
	if _, err := list(t, e.cl); err != nil {
		t.Fatal(err)
	}
	// Ending the admin's own session kills its tokens and its (online) refresh token.
	if res, err := e.cl.RevokeSession(ctx(), sid); err != nil || res.Outcome != source.Ended {
		t.Fatalf("%+v %v", res, err)
	}
	_, err := list(t, e.cl)
	if source.CodeOf(err) != source.CodeAuth || !strings.Contains(err.Error(), "Session not active") {
		t.Fatalf("want an auth error (Session not active), got %v", err)
	}
}

func TestAccessTokenReusedUntilExpiry(t *testing.T) {
	e := newEnv(t, kcsim.Config{Users: 20}, nil)
	for i := 0; i < 3; i++ {
		if _, err := list(t, e.cl); err != nil {
			t.Fatal(err)
		}
	}
	if g := e.sim.Stats().TokenGrants; g != 1 {
		t.Fatalf("three listings took %d token grants, want 1", g)
	}
}

func TestShortLivedAccessTokensAreRenewed(t *testing.T) {
	// Master-realm tokens live 60 s; the oauth2 library renews 10 s before expiry, so a
	// 5-second token is renewed on every use.
	e := newEnv(t, kcsim.Config{Users: 20, AccessTokenTTL: 5 * time.Second}, nil)
	for i := 0; i < 2; i++ {
		if _, err := list(t, e.cl); err != nil {
			t.Fatal(err)
		}
	}
	if g := e.sim.Stats().TokenGrants; g < 2 {
		t.Fatalf("expired-by-clock tokens were reused (%d grants)", g)
	}
}
