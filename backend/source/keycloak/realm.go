package keycloak

import (
	"context"
	"encoding/json"
	"time"

	"sessionscope/backend/source"
)

// policyFields are the RealmRepresentation settings shown as the realm's session policy.
var policyFields = []string{
	"ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "ssoSessionIdleTimeoutRememberMe",
	"ssoSessionMaxLifespanRememberMe", "offlineSessionIdleTimeout", "offlineSessionMaxLifespanEnabled",
	"offlineSessionMaxLifespan", "clientSessionIdleTimeout", "clientSessionMaxLifespan",
	"clientOfflineSessionIdleTimeout", "clientOfflineSessionMaxLifespan", "accessTokenLifespan",
	"revokeRefreshToken", "refreshTokenMaxReuse", "rememberMe", "notBefore", "eventsEnabled",
}

// realmSettings are the realm's session timeouts (seconds; 0 = not set or not readable).
type realmSettings struct {
	known                      bool // the full representation was readable (view-realm)
	ssoIdle, ssoMax            int64
	ssoIdleRM, ssoMaxRM        int64
	offlineIdle, offlineMax    int64
	offlineMaxEnabled          bool
	eventsEnabled, eventsKnown bool
	raw                        map[string]json.RawMessage
}

// realmSettings reads GET /admin/realms/{realm}. Without view-realm Keycloak answers with the
// realm's name only; the settings are then unknown.
func (c *Client) realmSettings(ctx context.Context) (realmSettings, error) {
	var raw map[string]json.RawMessage
	if err := c.getJSON(ctx, c.adminPath(), nil, &raw); err != nil {
		return realmSettings{}, c.withHint(err, "view-realm")
	}
	num := func(k string) int64 {
		var n int64
		_ = json.Unmarshal(raw[k], &n)
		return n
	}
	flag := func(k string) bool {
		var b bool
		_ = json.Unmarshal(raw[k], &b)
		return b
	}
	_, known := raw["ssoSessionIdleTimeout"]
	_, eventsKnown := raw["eventsEnabled"]
	return realmSettings{
		known: known, raw: raw,
		ssoIdle: num("ssoSessionIdleTimeout"), ssoMax: num("ssoSessionMaxLifespan"),
		ssoIdleRM: num("ssoSessionIdleTimeoutRememberMe"), ssoMaxRM: num("ssoSessionMaxLifespanRememberMe"),
		offlineIdle: num("offlineSessionIdleTimeout"), offlineMax: num("offlineSessionMaxLifespan"),
		offlineMaxEnabled: flag("offlineSessionMaxLifespanEnabled"),
		eventsEnabled:     flag("eventsEnabled"), eventsKnown: eventsKnown,
	}, nil
}

// expiresAt derives a session's end from the realm's timeouts: the earlier of last access +
// idle timeout and start + max lifespan (remember-me values when set and the session used
// remember me; offline timeouts for offline sessions, the max only when enabled). rememberMe
// nil means unknown (the console's ui-ext records lack it): the longer timeouts then apply, so
// that a live session is never dropped. Zero when the timeouts are unknown.
func (r realmSettings) expiresAt(start, last time.Time, rememberMe *bool, offline bool) time.Time {
	idle, maxLife := r.ssoIdle, r.ssoMax
	switch {
	case offline:
		idle, maxLife = r.offlineIdle, 0
		if r.offlineMaxEnabled {
			maxLife = r.offlineMax
		}
	case rememberMe == nil:
		idle, maxLife = max(idle, r.ssoIdleRM), max(maxLife, r.ssoMaxRM)
	case *rememberMe:
		if r.ssoIdleRM > 0 {
			idle = r.ssoIdleRM
		}
		if r.ssoMaxRM > 0 {
			maxLife = r.ssoMaxRM
		}
	}
	var exp time.Time
	if idle > 0 && !last.IsZero() {
		exp = last.Add(time.Duration(idle) * time.Second)
	}
	if maxLife > 0 && !start.IsZero() {
		if m := start.Add(time.Duration(maxLife) * time.Second); exp.IsZero() || m.Before(exp) {
			exp = m
		}
	}
	return exp
}

// SessionPolicy reads the realm's session settings as the org's policy.
func (c *Client) SessionPolicy(ctx context.Context) (source.Policy, error) {
	rs, err := c.realmSettings(ctx)
	if err != nil {
		return source.Policy{}, err
	}
	if !rs.known {
		return source.Policy{}, &source.Error{Code: source.CodePermission,
			Message: "Keycloak shows only the realm's name without view-realm — " + c.grantHint("view-realm")}
	}
	p := source.Policy{
		IdleTimeout: time.Duration(rs.ssoIdle) * time.Second,
		MaxLifespan: time.Duration(rs.ssoMax) * time.Second,
		Raw:         map[string]string{},
	}
	for _, k := range policyFields {
		if v, ok := rs.raw[k]; ok {
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			p.Raw[k] = s
		}
	}
	return p, nil
}

var _ source.PolicyReader = (*Client)(nil)
