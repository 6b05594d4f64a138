// Package simulators builds any built-in simulator by kind: one obvious place that knows them
// all, used by the demo workspace and by `sessionscope sim`.
//
// Imported by the demo (backend/workspace), the command line's `sim` command and tests and
// benchmarks; nothing else starts a simulator.
package simulators

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"sessionscope/backend/source/sim"
	auth0sim "sessionscope/backend/source/sim/auth0"
	keycloaksim "sessionscope/backend/source/sim/keycloak"
	kratossim "sessionscope/backend/source/sim/kratos"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// Spec sizes and seeds a simulator.
type Spec struct {
	Users int
	Seed  int64
	Org   string
	// RatePerSecond, when > 0, limits the simulator's API to that many requests a second (a
	// token bucket holding one second's worth); beyond it each answers 429 the way its server
	// does. 0 leaves Salesforce, Keycloak and Kratos unlimited and Auth0 at its demo bucket.
	RatePerSecond float64
}

var makers = map[string]func(Spec) sim.Server{
	"keycloak": func(s Spec) sim.Server {
		return keycloaksim.New(keycloaksim.Config{Users: s.Users, Seed: s.Seed, OrgName: s.Org, RatePerSecond: s.RatePerSecond})
	},
	"auth0": func(s Spec) sim.Server {
		// A generous bucket (as on a large Enterprise tenant) keeps the demo refresh quick; the
		// connector's pacing is tested against the default one.
		size, rate := 200, 200.0
		if s.RatePerSecond > 0 {
			size, rate = int(math.Ceil(s.RatePerSecond)), s.RatePerSecond
		}
		return auth0sim.New(auth0sim.Config{Users: s.Users, Seed: s.Seed, OrgName: s.Org, RateLimit: size, RatePerSecond: rate})
	},
	"kratos": func(s Spec) sim.Server {
		return kratossim.New(kratossim.Config{Users: s.Users, Seed: s.Seed, OrgName: s.Org, RatePerSecond: s.RatePerSecond})
	},
	"salesforce": func(s Spec) sim.Server {
		return sfsim.New(sfsim.Config{Users: s.Users, Seed: s.Seed, OrgName: s.Org, RatePerSecond: s.RatePerSecond})
	},
}

// New builds (does not start) a simulator of the given kind.
func New(kind string, s Spec) (sim.Server, error) {
	mk, ok := makers[kind]
	if !ok {
		return nil, fmt.Errorf("no simulator for kind %q (have %s)", kind, strings.Join(Kinds(), ", "))
	}
	return mk(s), nil
}

// Kinds lists the simulated kinds.
func Kinds() []string {
	out := make([]string, 0, len(makers))
	for k := range makers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
