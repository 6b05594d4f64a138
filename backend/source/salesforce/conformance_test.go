package salesforce_test

import (
	"testing"

	"sessionscope/backend/source"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/source/sourcetest"
)

// sfServer adapts the Salesforce simulator to the conformance suite.
type sfServer struct{ sim *sfsim.Server }

func (s sfServer) ActiveSessionIDs() []string    { return s.sim.ActiveSessionIDs() }
func (s sfServer) UserWithSessions(n int) string { return s.sim.UserWithSessions(n) }
func (s sfServer) UnknownSessionID() string      { return "0Ak000000000000AAA" }
func (s sfServer) ExpireAccessTokens()           { s.sim.ExpireAccessTokens() }
func (s sfServer) RevokeCredentials()            { s.sim.RevokeRefreshTokens() }
func (s sfServer) RateLimitNext(n int) {
	s.sim.InjectFault(sfsim.Fault{Kind: "429", Path: "any", Count: n})
}
func (s sfServer) ExhaustRateLimit() { s.sim.SetAPIUsage(1000, 1000) }
func (s sfServer) MalformNext()      { s.sim.InjectFault(sfsim.Fault{Kind: "truncated", Path: "query"}) }

func TestConformance(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		OwnSession: true,
		Open: func(t *testing.T, sessions int) (source.Client, sourcetest.Server) {
			sim, cl, _ := newOrg(t, sfsim.Config{Users: sessions + 50, Seed: 21},
				map[string]string{salesforce.OptBatchSize: "200"})
			return cl, sfServer{sim}
		},
	})
}
