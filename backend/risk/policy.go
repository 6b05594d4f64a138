package risk

import (
	"net/netip"
	"strings"
	"time"
)

// Policy is what one connection's sessions are judged against. A zero limit means "no limit";
// an empty approved list means "not judged" (no list was given).
type Policy struct {
	ApprovedCountries    []string       // ISO 3166-1 alpha-2, upper case, sorted
	ApprovedNetworks     []netip.Prefix // masked, sorted
	MaxSessions          int            // per user at once
	MaxAge               time.Duration  // interactive sessions
	MaxIdle              time.Duration  // interactive sessions
	ApprovedIntegrations []string       // usernames or client/app names, lower case, sorted
	IntegrationMaxAge    time.Duration
	IntegrationMaxIdle   time.Duration
	TravelKmh            float64 // faster than this between two logins is impossible travel
	TravelMinKm          float64 // shorter legs are not judged (geolocation is not that precise)
	NewWithin            int     // "new" means not seen in this many previous snapshots
}

// HistoryMax is the most snapshots a history covers, so the most NewWithin can be.
const HistoryMax = 20

// Defaults is the built-in policy. Age and idle limits give way to the server's own settings
// where the connector can read them (see Resolve).
func Defaults() Policy {
	return Policy{
		MaxSessions:        5,
		MaxAge:             30 * 24 * time.Hour,
		MaxIdle:            72 * time.Hour,
		IntegrationMaxAge:  90 * 24 * time.Hour,
		IntegrationMaxIdle: 30 * 24 * time.Hour,
		TravelKmh:          900,
		TravelMinKm:        100,
		NewWithin:          5,
	}
}

// Server is the session settings a connector read from the server (zero = unknown).
type Server struct {
	IdleTimeout time.Duration
	MaxLifespan time.Duration
}

// Source says where an effective policy value comes from.
type Source string

// Sources of a policy value.
const (
	FromDefault  Source = "default"
	FromServer   Source = "server"
	FromOverride Source = "override"
)

// Resolved is an effective policy and, per field name, where its value came from.
type Resolved struct {
	Policy  Policy
	Sources map[string]Source
}

// Resolve builds the effective policy: the defaults, then the server's age and idle settings
// where known, then the admin's overrides (field name → text, as Fields parses it). Overrides
// that do not parse are reported field by field and leave nothing half applied.
func Resolve(server Server, overrides map[string]string) (Resolved, error) {
	r := Resolved{Policy: Defaults(), Sources: map[string]Source{}}
	for _, f := range Fields {
		r.Sources[f.Name] = FromDefault
	}
	if server.MaxLifespan > 0 {
		r.Policy.MaxAge, r.Sources[FieldMaxAge] = server.MaxLifespan, FromServer
	}
	if server.IdleTimeout > 0 {
		r.Policy.MaxIdle, r.Sources[FieldMaxIdle] = server.IdleTimeout, FromServer
	}
	p := r.Policy
	if err := Apply(&p, overrides); err != nil {
		return r, err
	}
	r.Policy = p
	for name, v := range overrides {
		if f, ok := FieldByName(name); ok && strings.TrimSpace(v) != "" {
			r.Sources[f.Name] = FromOverride
		}
	}
	return r, nil
}
