package kratos_test

import (
	"math"
	"testing"

	"sessionscope/backend/source"
	"sessionscope/backend/source/kratos"
	kratossim "sessionscope/backend/source/sim/kratos"
	"sessionscope/backend/source/sourcetest"
)

// kratosServer adapts the Kratos simulator (in API-key mode, like Ory Network) to the suite.
type kratosServer struct{ sim *kratossim.Server }

func (s kratosServer) ActiveSessionIDs() []string    { return s.sim.ActiveSessionIDs() }
func (s kratosServer) UserWithSessions(n int) string { return s.sim.IdentityWithSessions(n) }
func (s kratosServer) UnknownSessionID() string      { return "3f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f" }
func (s kratosServer) ExpireAccessTokens()           { s.sim.ExpireAccessTokens() } // Kratos has none
func (s kratosServer) RevokeCredentials()            { s.sim.RotateAPIKey() }
func (s kratosServer) RateLimitNext(n int) {
	s.sim.InjectFault(kratossim.Fault{Kind: "429", Path: "any", Count: n})
}
func (s kratosServer) ExhaustRateLimit() {
	s.sim.InjectFault(kratossim.Fault{Kind: "429", Path: "any", Count: math.MaxInt32})
}
func (s kratosServer) MalformNext() {
	s.sim.InjectFault(kratossim.Fault{Kind: "truncated", Path: "list"})
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		Open: func(t *testing.T, sessions int) (source.Client, sourcetest.Server) {
			sim, cl, _ := newProject(t, kratossim.Config{Users: sessions + 40, Seed: 21, APIKey: "ory_pat_conformance0123456789"},
				map[string]string{kratos.OptPageSize: "50"})
			return cl, kratosServer{sim}
		},
	})
}
