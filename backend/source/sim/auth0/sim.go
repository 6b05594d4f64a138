// Package auth0sim simulates the parts of an Auth0 tenant that SessionScope uses to list and
// end user sessions: the client-credentials token endpoint, the Management API user search
// (page/per_page with its 1000-result cap, a subset of the Lucene query syntax), per-user
// session listing with checkpoint paging, session get / revoke / delete, delete-all-of-a-user,
// blocking a user, per-user log events, the tenant's session lifetimes (tenants/settings), the
// x-ratelimit-* token bucket, Auth0's error bodies, injectable faults and the revocation
// counts on /_sim/revocations. Data is generated deterministically from Config.Seed. See
// the team's API notes (apis.md) §4.
//
// Imported by backend/source/sim/simulators and by tests only.
package auth0sim

import (
	"net/http"
	"sync/atomic"
	"time"

	simpkg "sessionscope/backend/source/sim"
	"sessionscope/backend/source/sim/simkit"
)

// AllScopes are the Management API scopes the demo application is granted by default.
var AllScopes = []string{
	"read:users", "update:users", "read:sessions", "delete:sessions",
	"delete:refresh_tokens", "read:logs", "read:logs_users", "read:tenant_settings",
}

// Config sets up a simulated tenant. Zero fields take the documented defaults.
type Config struct {
	Users   int    // number of users; default 200. About 1.25 sessions per user, ~85 % active.
	Seed    int64  // default 1
	OrgName string // feeds the tenant name, e-mail domains and app names; default "Acme Corp"
	// Scopes granted to the demo machine-to-machine application (default AllScopes).
	Scopes []string
	// RateLimit is the size of the Management API token bucket (x-ratelimit-limit) and
	// RatePerSecond how fast it refills; defaults 50 and 50.
	RateLimit     int
	RatePerSecond float64
	// NoSessionsFeature makes the session endpoints answer 403 as on a tenant without the
	// Enterprise plan.
	NoSessionsFeature bool
	AccessTokenTTL    time.Duration // default 24h (Auth0's default for Management API tokens)
	Latency           time.Duration // added to every request, default 0
	// Now is the clock (default time.Now); data is generated relative to Now() at New, token
	// expiry, rate limiting and ActiveSessionIDs follow it afterwards.
	Now func() time.Time
}

// Credentials are the demo machine-to-machine application's id and secret.
type Credentials struct{ ClientID, ClientSecret string }

// Fault makes matching requests fail. Kind is "503", "429", "500", "timeout" (hang until the
// request's context ends, 60 s at most) or "truncated" (status 200 and half of the real
// body). Path is "token", "users" (user search), "sessions" (a user's session list),
// "session" (get / revoke / delete one), "user" (one user: get, patch, delete its sessions),
// "logs", or "any".
type Fault = simkit.Fault

// Stats counts requests. InFlightMax is the highest number of session-list requests that
// were being served at the same time.
type Stats struct {
	Requests, TokenGrants, UserPages, SessionLists, Revokes, Deletes, RateLimited int64
	InFlightMax                                                                   int64
}

// Server is a simulated Auth0 tenant. It is safe for concurrent use.
type Server struct {
	cfg     Config
	now     func() time.Time
	tenant  tenantInfo
	st      *store
	tokens  *tokenStore
	bucket  *simkit.Bucket
	revoked simkit.Revocations
	faults  simkit.FaultQueue

	requests, grants, userPages, sessionLists, revokes, deletes, limited atomic.Int64
	inFlight, inFlightMax                                                atomic.Int64
	latency                                                              atomic.Int64
	noSessions                                                           atomic.Bool

	handler http.Handler

	life simkit.Lifecycle // Start, URL, Close
}

// New generates the tenant's data and returns a server ready to be started or mounted.
func New(cfg Config) *Server {
	simkit.OrgDefaults(&cfg.Users, &cfg.Seed, &cfg.OrgName)
	if cfg.Scopes == nil {
		cfg.Scopes = AllScopes
	}
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = 50
	}
	if cfg.RatePerSecond <= 0 {
		cfg.RatePerSecond = float64(cfg.RateLimit)
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	seed := simkit.DataSeed(cfg.Seed, cfg.OrgName)
	s := &Server{cfg: cfg, now: cfg.Now}
	s.tenant = newTenant(cfg.OrgName, seed)
	s.st = generate(cfg.Users, seed, cfg.Now().UnixMilli(), &s.tenant)
	s.tokens = newTokenStore(seed, s.tenant.clientSecret, cfg.Scopes)
	s.bucket = simkit.NewBucket(cfg.RateLimit, cfg.RatePerSecond, cfg.Now())
	s.latency.Store(int64(cfg.Latency))
	s.noSessions.Store(cfg.NoSessionsFeature)
	s.handler = http.HandlerFunc(s.serve)
	return s
}

// Handler serves the simulated API (for mounting on httptest). The token audience is then
// the request's own scheme and host + "/api/v2/".
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr (a loopback address such as "127.0.0.1:0"), serves in the background
// and returns the base URL "http://host:port".
func (s *Server) Start(addr string) (string, error) {
	return s.life.Start("auth0sim", addr, s.handler)
}

// URL is the base URL returned by Start, or "" before Start.
func (s *Server) URL() string { return s.life.URL() }

// Close stops the server started by Start and releases requests hung by a timeout fault.
func (s *Server) Close() error { return s.life.Close() }

// Credentials returns the demo application's client id and current secret.
func (s *Server) Credentials() Credentials {
	return Credentials{ClientID: s.tenant.clientID, ClientSecret: s.tokens.secret()}
}

// TenantName is the tenant's name (the first label of a real tenant domain).
func (s *Server) TenantName() string { return s.tenant.name }

// InjectFault queues a fault; faults are checked in the order they were injected.
func (s *Server) InjectFault(f Fault) { s.faults.Add(f) }

// ExpireAccessTokens makes every access token issued so far fail with 401 "Expired token".
func (s *Server) ExpireAccessTokens() { s.tokens.expireAll() }

// RotateClientSecret gives the application a new secret (as "Rotate" in the dashboard does):
// the old one stops working at the token endpoint. Access tokens already issued stay valid
// until they expire — Management API tokens cannot be revoked (apis.md §4.1).
func (s *Server) RotateClientSecret() string { return s.tokens.rotate() }

// SetScopes changes the scopes of the application's client grant; an empty list deletes the
// grant (the token endpoint then answers 403 access_denied). Tokens already issued keep the
// scopes they were issued with.
func (s *Server) SetScopes(scopes ...string) { s.tokens.setScopes(scopes) }

// SetRateLimit resizes the token bucket and refills it.
func (s *Server) SetRateLimit(limit int, perSecond float64) {
	s.bucket.Reset(limit, perSecond, s.now())
}

// ExhaustRateLimit empties the bucket and stops it refilling: every API request is answered
// 429 from now on (until SetRateLimit).
func (s *Server) ExhaustRateLimit() { s.bucket.Exhaust(s.now()) }

// Revocations counts, per session id, how often the tenant ended that session (see
// simkit.Revocations); GET /_sim/revocations serves the same counts.
func (s *Server) Revocations() map[string]int { return s.revoked.Counts() }

// SetSessionsFeature turns the Enterprise-only session endpoints on or off.
func (s *Server) SetSessionsFeature(on bool) { s.noSessions.Store(!on) }

// SetLatency changes the delay added to every request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// ActiveSessionIDs lists the ids of sessions neither deleted nor expired (idle or absolute)
// at Now(), sorted.
func (s *Server) ActiveSessionIDs() []string { return s.st.activeIDs(s.now().UnixMilli()) }

// SessionCount is the number of stored sessions not deleted, expired ones included (the
// API lists those until they are purged).
func (s *Server) SessionCount() int { return s.st.liveCount() }

// UserWithSessions returns the id of a user holding at least min active sessions, or "".
func (s *Server) UserWithSessions(min int) string {
	return s.st.userWithActive(min, s.now().UnixMilli())
}

// UserIDs lists every user id in search order (created_at, then user_id).
func (s *Server) UserIDs() []string { return s.st.userIDs() }

// Blocked reports whether a user is blocked.
func (s *Server) Blocked(userID string) bool { return s.st.blocked(userID) }

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), TokenGrants: s.grants.Load(), UserPages: s.userPages.Load(),
		SessionLists: s.sessionLists.Load(), Revokes: s.revokes.Load(), Deletes: s.deletes.Load(),
		RateLimited: s.limited.Load(), InFlightMax: s.inFlightMax.Load()}
}

// DemoConnection is how the Auth0 connector reaches this simulator (option and secret names
// are the connector's: client_id, client_secret; the audience defaults to URL + /api/v2/).
func (s *Server) DemoConnection() simpkg.Connection {
	c := s.Credentials()
	return simpkg.Connection{URL: s.URL(),
		Options: map[string]string{"client_id": c.ClientID},
		Secrets: map[string]string{"client_secret": c.ClientSecret}}
}

var _ simpkg.Server = (*Server)(nil)
