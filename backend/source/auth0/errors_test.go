package auth0_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"sessionscope/backend/secrets"
	"sessionscope/backend/source"
	"sessionscope/backend/source/auth0"
	auth0sim "sessionscope/backend/source/sim/auth0"
)

func TestExpiredTokenIsReplacedOnceEvenWithConcurrentWorkers(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 80, Seed: 1}, nil)
	if _, _, err := listAll(t, cl); err != nil {
		t.Fatal(err)
	}
	grants := sim.Stats().TokenGrants
	sim.ExpireAccessTokens()
	if _, ids, err := listAll(t, cl); err != nil || len(ids) == 0 {
		t.Fatalf("after the token expired the listing must recover: %v", err)
	}
	if got := sim.Stats().TokenGrants - grants; got != 1 {
		t.Fatalf("token grants after expiry = %d, want exactly 1", got)
	}
	// Concurrent callers share the one new token as well.
	sim.ExpireAccessTokens()
	grants = sim.Stats().TokenGrants
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if _, err := cl.WhoAmI(context.Background()); err != nil {
				t.Error(err)
			}
			if _, err := cl.LoginHistory(context.Background(), sim.UserIDs()[0], 5); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := sim.Stats().TokenGrants - grants; got != 1 {
		t.Fatalf("token grants for six concurrent callers after expiry = %d, want 1", got)
	}
}

func TestRotatedSecretNeedsSignInAndIsNeverEchoed(t *testing.T) {
	sim, cl, mem := newTenant(t, auth0sim.Config{Users: 20, Seed: 1}, nil)
	old := sim.Credentials().ClientSecret
	sim.RotateClientSecret()
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeAuth || !strings.Contains(err.Error(), "client secret") {
		t.Fatalf("a rotated secret must be an auth error, got %v", err)
	}
	if strings.Contains(err.Error(), old) || strings.Contains(err.Error(), sim.Credentials().ClientSecret) {
		t.Fatal("the error message contains a client secret")
	}
	// Entering the new secret fixes it without reopening the client.
	if err := secrets.ForConnection(mem, 1).Set(context.Background(), auth0.SecretClient, sim.Credentials().ClientSecret); err != nil {
		t.Fatal(err)
	}
	if _, _, err := listAll(t, cl); err != nil {
		t.Fatalf("with the new secret: %v", err)
	}
}

func TestMissingSecretAndGrantProblems(t *testing.T) {
	sim := auth0sim.New(auth0sim.Config{Users: 5})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	open := func(opts map[string]string, secret string) source.Client {
		sec := secrets.ForConnection(secrets.NewMemory(), 1)
		if secret != "" {
			sec.Set(context.Background(), auth0.SecretClient, secret)
		}
		cl, err := fastConnector().Open(context.Background(), source.Config{URL: base, Options: opts, Secrets: sec})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	id, secret := sim.Credentials().ClientID, sim.Credentials().ClientSecret
	if _, _, err := listAll(t, open(map[string]string{auth0.OptClientID: id}, "")); source.CodeOf(err) != source.CodeAuth {
		t.Fatalf("no stored secret: %v", err)
	}
	_, _, err = listAll(t, open(map[string]string{auth0.OptClientID: id, auth0.OptAudience: "https://api.example/"}, secret))
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "Service not found") {
		t.Fatalf("wrong audience: %v", err)
	}
	sim.SetScopes()
	_, _, err = listAll(t, open(map[string]string{auth0.OptClientID: id}, secret))
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "Machine to Machine Applications") {
		t.Fatalf("no client grant: %v", err)
	}
}

func TestMissingScopeIsAPermissionErrorNamingIt(t *testing.T) {
	_, cl, _ := newTenant(t, auth0sim.Config{Users: 20, Seed: 1, Scopes: []string{"read:users"}}, nil)
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "read:sessions") {
		t.Fatalf("want a permission error naming read:sessions, got %v", err)
	}
}

func TestTenantWithoutTheSessionFeature(t *testing.T) {
	_, cl, _ := newTenant(t, auth0sim.Config{Users: 20, Seed: 1, NoSessionsFeature: true}, nil)
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodePermission || !strings.Contains(err.Error(), "Enterprise") {
		t.Fatalf("want a permission error explaining the plan, got %v", err)
	}
}

func TestServerErrorsAndTimeoutsAreRetriedThenSurfaced(t *testing.T) {
	for _, kind := range []string{"503", "500", "429", "timeout"} {
		for _, path := range []string{"users", "sessions", "token"} {
			sim, cl, _ := newTenant(t, auth0sim.Config{Users: 20, Seed: 1}, nil)
			if kind == "timeout" {
				cl = reopenWithTimeout(t, sim)
			}
			sim.InjectFault(auth0sim.Fault{Kind: kind, Path: path, Count: 2})
			if _, ids, err := listAll(t, cl); err != nil || len(ids) != len(sim.ActiveSessionIDs()) {
				t.Fatalf("two %s faults on %s then success: %d sessions, %v", kind, path, len(ids), err)
			}
		}
	}
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 20, Seed: 1}, nil)
	sim.InjectFault(auth0sim.Fault{Kind: "503", Path: "sessions", Count: 100})
	_, _, err := listAll(t, cl)
	if source.CodeOf(err) != source.CodeUnavailable || !strings.Contains(err.Error(), "4 attempts") {
		t.Fatalf("retries must be bounded and end in a clear error, got %v", err)
	}
	sim.ExhaustRateLimit()
	_, _, err = listAll(t, cl)
	if source.CodeOf(err) != source.CodeRateLimit || !strings.Contains(err.Error(), "rate limit") {
		t.Fatalf("an exhausted rate limit must say so, got %v", err)
	}
}

func TestTruncatedUserSearchIsABadResponse(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 60, Seed: 1}, nil)
	sim.InjectFault(auth0sim.Fault{Kind: "truncated", Path: "users", After: 1})
	var pages int
	err := cl.ListSessions(context.Background(), func(source.Page) error { pages++; return nil })
	if source.CodeOf(err) != source.CodeBadResponse || pages != 1 {
		t.Fatalf("want a bad-response error after one page, got %v after %d pages", err, pages)
	}
}

func TestCallbackErrorStopsTheListing(t *testing.T) {
	sim, cl, _ := newTenant(t, auth0sim.Config{Users: 100, Seed: 1}, nil)
	stop := context.Canceled
	err := cl.ListSessions(context.Background(), func(source.Page) error { return stop })
	if err != stop {
		t.Fatalf("the callback's error must end the listing: %v", err)
	}
	if n := sim.Stats().UserPages; n != 1 {
		t.Fatalf("%d user searches after the callback refused the first page", n)
	}
}
