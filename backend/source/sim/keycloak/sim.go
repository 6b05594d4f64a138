// Package keycloaksim simulates the parts of a Keycloak server that SessionScope uses: one
// realm with clients, users and their regular and offline sessions; the OpenID Connect token
// endpoint (client credentials, refresh token, authorization code with PKCE) and authorization
// endpoint; and the admin REST API for session statistics, per-client session listings with
// first/max paging, session and user logout, users (PUT enabled:false disables one: no new
// login or token for it), realm settings (session timeouts), events, (optionally) the admin
// console's ui-ext session list and a rate limit, and the revocation counts on
// /_sim/revocations. Data is generated deterministically from
// Config.Seed. See the team's API notes (apis.md) §2.
//
// Imported by backend/source/sim/simulators and by tests only.
package keycloaksim

import (
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	simpkg "sessionscope/backend/source/sim"
	"sessionscope/backend/source/sim/simkit"
)

// Config sets up a simulated realm. Zero fields take the documented defaults.
type Config struct {
	Users   int    // ordinary users, default 200; about 1.5 sessions each
	Seed    int64  // default 1
	OrgName string // e.g. "Acme Corp" (default): names the realm, the e-mail domain and the portal
	Realm   string // realm name; default the OrgName's first word, lower-cased
	// ContextPath is "" for Quarkus distributions or "/auth" for legacy ones: every path is
	// served below it.
	ContextPath    string
	Timeouts       Timeouts
	AccessTokenTTL time.Duration // accessTokenLifespan, default 5 min
	EventsDisabled bool          // the realm does not save user events
	// UIExt serves the admin console's internal /ui-ext/sessions (ADMIN_V2 feature on);
	// otherwise that path answers 404 like a server without it.
	UIExt bool
	// ServiceAccountRoles are the realm-management roles of sessionscope-admin's service
	// account; nil means DefaultServiceAccountRoles, empty means none.
	ServiceAccountRoles []string
	// InteractiveUser is the username the authorization endpoint signs in without asking;
	// default "admin" (who holds realm-admin).
	InteractiveUser string
	Latency         time.Duration // added to every request
	// RatePerSecond, when > 0, limits requests to that many a second (a token bucket of
	// RateBurst tokens, default one second's worth), as a rate-limiting reverse proxy in front
	// of Keycloak would: beyond it a request gets 429 with Retry-After. Keycloak itself does
	// not rate-limit (apis.md §2.6).
	RatePerSecond float64
	RateBurst     int
	// Now is the clock (default time.Now); sessions are generated relative to Now() at New.
	Now func() time.Time
}

// DefaultServiceAccountRoles is what the setup guide tells admins to grant.
var DefaultServiceAccountRoles = []string{"view-realm", "view-users", "view-clients", "manage-users", "view-events"}

// Credentials are the realm's name, the headless client's id and secret, the interactive
// public client's id and the username it signs in.
type Credentials struct{ Realm, ClientID, ClientSecret, PublicClientID, Username string }

// Fault makes matching requests fail. Kind is "503", "429", "500", "timeout" (hang until the
// request's context ends, 60 s at most) or "truncated" (status 200 and half the real body).
// Path is "list" (client-session-stats, client session listings, ui-ext), "delete" (session
// delete, user logout), "token", "admin" (any admin request) or "any".
type Fault = simkit.Fault

// Stats counts requests: every HTTP request, token grants, session-listing pages and deletes.
type Stats struct{ Requests, TokenGrants, ListPages, Deletes int64 }

// Server is a simulated Keycloak realm. It is safe for concurrent use.
type Server struct {
	cfg     Config
	now     func() time.Time
	realm   string
	realmID uuid
	domain  string
	clients []client
	st      *store
	admin   int32 // the realm admin user
	sa      int32 // sessionscope-admin's service-account user
	tokens  *tokenStore
	faults  simkit.FaultQueue
	bucket  *simkit.Bucket // nil: no rate limit
	revoked simkit.Revocations

	saRoles     atomic.Pointer[[]string]
	rateLimited atomic.Bool
	latency     atomic.Int64

	requests, grants, listPages, deletes atomic.Int64

	handler http.Handler

	life simkit.Lifecycle // Start, URL, Close
}

// New generates the realm's data and returns a server ready to be started or mounted.
func New(cfg Config) *Server {
	simkit.OrgDefaults(&cfg.Users, &cfg.Seed, &cfg.OrgName)
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.InteractiveUser == "" {
		cfg.InteractiveUser = "admin"
	}
	cfg.ContextPath = strings.TrimRight(cfg.ContextPath, "/")
	cfg.Timeouts = cfg.Timeouts.withDefaults()
	slug := simkit.Slug(cfg.OrgName, "org")
	if cfg.Realm == "" {
		cfg.Realm = slug
	}
	seed := simkit.DataSeed(cfg.Seed, cfg.OrgName)
	s := &Server{cfg: cfg, now: cfg.Now, realm: cfg.Realm, domain: slug + ".example"}
	s.realmID = newUUID(seed, tagRealm, 0)
	s.clients = newClients(seed, slug, s.domain, cfg.OrgName)
	s.st, s.admin = generate(seed, cfg.Users, cfg.Now(), cfg.Timeouts, s.domain, s.clients)
	s.sa = s.admin + 1
	s.tokens = newTokenStore(seed)
	roles := DefaultServiceAccountRoles
	if cfg.ServiceAccountRoles != nil {
		roles = cfg.ServiceAccountRoles
	}
	s.SetServiceAccountRoles(roles)
	s.latency.Store(int64(cfg.Latency))
	s.bucket = simkit.NewRateBucket(cfg.RatePerSecond, cfg.RateBurst, cfg.Now())
	s.handler = http.HandlerFunc(s.serve)
	return s
}

// Handler serves the simulated server. Issuer URLs use the started URL, or the request's
// host when the handler is mounted elsewhere (e.g. httptest).
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr, a loopback address (e.g. "127.0.0.1:0"), serves in the background
// and returns the base URL "http://host:port" (without the context path).
func (s *Server) Start(addr string) (string, error) {
	return s.life.Start("keycloaksim", addr, s.handler)
}

// URL is the base URL returned by Start, or "" before Start.
func (s *Server) URL() string { return s.life.URL() }

// Close stops the server started by Start and releases requests hung by a timeout fault.
func (s *Server) Close() error { return s.life.Close() }

// Realm is the realm's name.
func (s *Server) Realm() string { return s.realm }

// Credentials returns what a connection needs.
func (s *Server) Credentials() Credentials {
	return Credentials{Realm: s.realm, ClientID: AdminClientID, ClientSecret: s.tokens.clientSecret(),
		PublicClientID: PublicClientID, Username: s.cfg.InteractiveUser}
}

// DemoConnection is how the Keycloak connector reaches this simulator (option and secret names
// are the connector's: realm, client_id; client_secret).
func (s *Server) DemoConnection() simpkg.Connection {
	c := s.Credentials()
	return simpkg.Connection{URL: s.URL() + s.cfg.ContextPath,
		Options: map[string]string{"realm": c.Realm, "client_id": c.ClientID},
		Secrets: map[string]string{"client_secret": c.ClientSecret}}
}

// InjectFault queues a fault; faults are checked in the order they were injected.
func (s *Server) InjectFault(f Fault) { s.faults.Add(f) }

// ExpireAccessTokens invalidates every access token issued so far (401 on the admin API).
func (s *Server) ExpireAccessTokens() { s.tokens.expireAccess() }

// RevokeRefreshTokens makes every refresh token invalid (invalid_grant).
func (s *Server) RevokeRefreshTokens() { s.tokens.revokeRefresh() }

// RegenerateClientSecret gives sessionscope-admin a new secret: the old one gets invalid_client.
func (s *Server) RegenerateClientSecret() { s.tokens.regenerateSecret() }

// RevokeCredentials revokes both long-lived credentials: the client secret and refresh tokens.
func (s *Server) RevokeCredentials() {
	s.RegenerateClientSecret()
	s.RevokeRefreshTokens()
}

// SetRateLimited makes every request get 429 Too Many Requests (as a rate-limiting reverse
// proxy in front of Keycloak would answer; Keycloak itself does not rate-limit) until turned off.
func (s *Server) SetRateLimited(on bool) { s.rateLimited.Store(on) }

// SetLatency changes the delay added to every request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// SetServiceAccountRoles replaces the service account's realm-management roles; tokens issued
// afterwards carry the new ones (Keycloak evaluates roles when it issues a token).
func (s *Server) SetServiceAccountRoles(roles []string) {
	r := append([]string(nil), roles...)
	s.saRoles.Store(&r)
}

// ActiveSessionIDs lists the sessions not ended and not past their timeouts, sorted, in the
// connector's form: the session id, with OfflineSuffix for offline sessions.
func (s *Server) ActiveSessionIDs() []string {
	keys := s.st.activeKeys(s.now().UnixMilli())
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.String()
	}
	return out
}

// ActiveSessions lists the active sessions with their kind, sorted like ActiveSessionIDs.
func (s *Server) ActiveSessions() []SessionKey { return s.st.activeKeys(s.now().UnixMilli()) }

// SessionCount is the number of stored sessions not ended or purged, expired ones included.
func (s *Server) SessionCount() int {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	n := 0
	for i := range s.st.sessions {
		if !s.st.sessions[i].deleted {
			n++
		}
	}
	return n
}

// UserWithSessions returns the id of an ordinary user with at least min active sessions
// (regular and offline counted), or "".
func (s *Server) UserWithSessions(min int) string {
	now := s.now().UnixMilli()
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	for u := s.sa + 1; u < int32(len(st.users)); u++ {
		n := 0
		for _, i := range st.byUser[u] {
			if st.activeLocked(i, now) {
				n++
			}
		}
		if n >= min {
			return st.users[u].id.String()
		}
	}
	return ""
}

// UserID returns the id of the user with username, or "".
func (s *Server) UserID(username string) string {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	if u, ok := s.st.byName[strings.ToLower(username)]; ok {
		return s.st.users[u].id.String()
	}
	return ""
}

// UserEnabled reports whether the user with id is enabled, and whether it exists.
func (s *Server) UserEnabled(id string) (enabled, found bool) {
	u, err := parseUUID(id)
	if err != nil {
		return false, false
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	i, ok := s.st.userByID[u]
	if !ok {
		return false, false
	}
	return s.st.users[i].enabled, true
}

// UserSessions lists the active sessions of the user with id, like ActiveSessions.
func (s *Server) UserSessions(id string) []SessionKey {
	u, err := parseUUID(id)
	if err != nil {
		return nil
	}
	now := s.now().UnixMilli()
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []SessionKey
	if i, ok := st.userByID[u]; ok {
		for _, j := range st.byUser[i] {
			if st.activeLocked(j, now) {
				out = append(out, SessionKey{ID: st.sessions[j].id.String(), Offline: st.sessions[j].offline})
			}
		}
	}
	return out
}

// Revocations counts, per session (keyed like ActiveSessionIDs), how often the realm ended it
// on an admin request: a session delete counts its session, a user logout or logout-all each
// session it ended (see simkit.Revocations). GET /_sim/revocations serves the same counts.
func (s *Server) Revocations() map[string]int { return s.revoked.Counts() }

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), TokenGrants: s.grants.Load(), ListPages: s.listPages.Load(), Deletes: s.deletes.Load()}
}

var _ simpkg.Server = (*Server)(nil)
