package keycloak_test

import (
	"testing"

	"sessionscope/backend/source"
	"sessionscope/backend/source/keycloak"
	kcsim "sessionscope/backend/source/sim/keycloak"
	"sessionscope/backend/source/sourcetest"
)

// kcServer adapts the Keycloak simulator to the conformance suite.
type kcServer struct{ sim *kcsim.Server }

func (s kcServer) ActiveSessionIDs() []string      { return s.sim.ActiveSessionIDs() }
func (s kcServer) UserWithSessions(min int) string { return s.sim.UserWithSessions(min) }
func (s kcServer) UnknownSessionID() string        { return "5b0c8e0e-4d7f-4b4e-9a51-000000000001" }
func (s kcServer) ExpireAccessTokens()             { s.sim.ExpireAccessTokens() }
func (s kcServer) RevokeCredentials()              { s.sim.RevokeCredentials() }
func (s kcServer) ExhaustRateLimit()               { s.sim.SetRateLimited(true) }
func (s kcServer) RateLimitNext(n int) {
	s.sim.InjectFault(kcsim.Fault{Kind: "429", Path: "any", Count: n})
}
func (s kcServer) MalformNext() { s.sim.InjectFault(kcsim.Fault{Kind: "truncated", Path: "list"}) }

func TestConformance(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		Open: func(t *testing.T, sessions int) (source.Client, sourcetest.Server) {
			e := newEnv(t, kcsim.Config{Users: sessions + 20, Seed: 21}, map[string]string{keycloak.OptPageSize: "10"})
			return e.cl, kcServer{e.sim}
		},
	})
}

// TestConformanceInteractive runs the suite signed in as an admin user through the public
// client: the admin's own session is listed and must be marked as the caller's.
func TestConformanceInteractive(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		OwnSession: true,
		Open: func(t *testing.T, sessions int) (source.Client, sourcetest.Server) {
			e, _ := newInteractiveEnv(t, kcsim.Config{Users: sessions + 20, Seed: 5}, "openid offline_access",
				map[string]string{keycloak.OptPageSize: "10"})
			return e.cl, kcServer{e.sim}
		},
	})
}

// TestConformanceUIExt runs the suite listing through the console's ui-ext endpoint.
func TestConformanceUIExt(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		Open: func(t *testing.T, sessions int) (source.Client, sourcetest.Server) {
			e := newEnv(t, kcsim.Config{Users: sessions + 20, Seed: 8, UIExt: true},
				map[string]string{keycloak.OptPageSize: "10", keycloak.OptUIExt: "true"})
			return e.cl, kcServer{e.sim}
		},
	})
}
