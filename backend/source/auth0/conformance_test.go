package auth0_test

import (
	"testing"

	"sessionscope/backend/source"
	auth0sim "sessionscope/backend/source/sim/auth0"
	"sessionscope/backend/source/sourcetest"
)

// simServer adapts the Auth0 simulator to the conformance suite.
type simServer struct{ sim *auth0sim.Server }

func (s simServer) ActiveSessionIDs() []string      { return s.sim.ActiveSessionIDs() }
func (s simServer) UserWithSessions(min int) string { return s.sim.UserWithSessions(min) }
func (s simServer) UnknownSessionID() string        { return "nEverIssued-session-id_000000000" }
func (s simServer) ExpireAccessTokens()             { s.sim.ExpireAccessTokens() }
func (s simServer) RevokeCredentials()              { s.sim.RotateClientSecret() }
func (s simServer) ExhaustRateLimit()               { s.sim.ExhaustRateLimit() }
func (s simServer) MalformNext() {
	s.sim.InjectFault(auth0sim.Fault{Kind: "truncated", Path: "sessions"})
}
func (s simServer) RateLimitNext(n int) {
	s.sim.InjectFault(auth0sim.Fault{Kind: "429", Path: "any", Count: n})
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		// A machine-to-machine token has no session of its own: nothing is "current".
		OwnSession: false,
		Open: func(t *testing.T, sessions int) (source.Client, sourcetest.Server) {
			sim, cl, _ := newTenant(t, auth0sim.Config{Users: sessions + 60, Seed: 21}, nil)
			return cl, simServer{sim}
		},
	})
}
