// Package kratossim simulates the Ory Kratos admin API that SessionScope uses to list and end
// sessions, as a self-hosted Kratos answers it: GET /admin/sessions with keyset paging through
// the Link header, get / disable / extend one session, an identity's sessions (list and hard
// delete), identity state changes (PATCH and PUT), /health/alive, /version and the public
// /sessions/whoami, with Kratos's error bodies and headers, its router's 405s, time format and
// the recorded-IP behaviour of a real server (apis.md §3, §9). Data is generated
// deterministically from Config.Seed. Options reproduce what was measured on real servers
// (v26.2.0 and v1.3.1 on SQLite: see Config) and the hosted Ory Network variant (the bulk
// endpoint; API-key mode, where admin calls need "Authorization: Bearer <project API key>").
//
// Imported by backend/source/sim/simulators and by tests only.
package kratossim

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	simpkg "sessionscope/backend/source/sim"
	"sessionscope/backend/source/sim/simkit"
)

// Config sets up a simulated Kratos. Zero fields take the defaults.
type Config struct {
	Users   int    // identities; default 200. Sessions ≈ 1.5 per identity, ≈ 80 % of them active.
	Seed    int64  // default 1
	OrgName string // feeds e-mail domains and app names; default "Acme Corp"
	// Version is what /version reports and which behaviour is served: "v26.2.0" (default)
	// sends no X-Total-Count on /admin/sessions and answers /version itself; "v1.3.1" (any
	// v1.x) sends X-Total-Count there, redirects /version to /admin/version (307), lists
	// OPTIONS in a 405's Allow header and writes v1 page tokens on an identity's sessions.
	Version string
	// Hosted serves what the hosted Ory Network has and self-hosted Kratos (v26.2.0 and
	// v1.3.1 alike) does not: the bulk endpoint POST /admin/sessions. Self-hosted, that POST
	// is the router's 405 (text/plain "Method Not Allowed").
	Hosted bool
	// APIKey, when set, is required as "Authorization: Bearer <APIKey>" on /admin/* (Ory
	// Network); empty means a self-hosted admin API without authentication.
	APIKey string
	// SQLitePaging reproduces Kratos on SQLite losing sessions across page boundaries: the
	// page token carries created_at cut to 5 decimals without a zone, so the next page starts
	// strictly below it and the rows that share the page's last created_at are skipped.
	SQLitePaging bool
	// TiedSessions, when > 0, adds one identity holding that many active sessions that are
	// the project's newest and share one created_at (to the nanosecond): what the SQLite
	// quirk loses. TiedIdentity names it.
	TiedSessions int
	// RatePerSecond, when > 0, limits requests to that many a second (a token bucket of
	// RateBurst tokens, default one second's worth), as Ory Network's per-project limits do:
	// beyond it a request gets Kratos's 429 error with Retry-After.
	RatePerSecond float64
	RateBurst     int
	Lifespan      time.Duration // session.lifespan; default 720h
	Latency       time.Duration // added to every request
	// Now is the clock (default time.Now); data is generated relative to Now() at New, expiry
	// follows it afterwards.
	Now func() time.Time
}

// Fault makes matching requests fail. Kind is "503", "429", "500", "timeout" (hang until the
// request's context ends, 60 s at most) or "truncated" (the real answer's status and headers
// with half its body). Path is "list" (both session listings), "session" (one session: get,
// disable, extend), "bulk", "identity" (identity endpoints other than the listing),
// "health" (/health/*, /version) or "any".
type Fault = simkit.Fault

// Stats counts requests by kind.
type Stats struct{ Requests, Lists, Gets, Disables, Deletes, Bulks, Patches int64 }

// Server is a simulated Kratos. It is safe for concurrent use.
type Server struct {
	cfg        Config
	now        func() time.Time
	seed       uint64
	lifespan   int64
	st         *store
	userAgents []string
	v1         bool  // v1.x: X-Total-Count, /version redirect, httprouter's 405s, v1 page tokens
	tied       int32 // identity of Config.TiedSessions, -1 when none
	bucket     *simkit.Bucket
	revoked    simkit.Revocations

	key    atomic.Pointer[string]
	keySeq atomic.Uint64
	faults simkit.FaultQueue

	requests, lists, gets, disables, deletes, bulks, patches atomic.Int64
	latency                                                  atomic.Int64

	tokensOnce sync.Once
	tokens     map[string]int32

	handler http.Handler

	life simkit.Lifecycle // Start, URL, Close
}

// New generates the project's data and returns a server ready to be started or mounted.
func New(cfg Config) *Server {
	simkit.OrgDefaults(&cfg.Users, &cfg.Seed, &cfg.OrgName)
	if cfg.Version == "" {
		cfg.Version = "v26.2.0"
	}
	if cfg.Lifespan <= 0 {
		cfg.Lifespan = 720 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	major, _ := versionOf(cfg.Version)
	s := &Server{cfg: cfg, now: cfg.Now, lifespan: int64(cfg.Lifespan), v1: major < 25}
	s.seed = simkit.DataSeed(cfg.Seed, cfg.OrgName)
	slug := simkit.Slug(cfg.OrgName, "org")
	app := strings.ToUpper(slug[:1]) + slug[1:]
	s.userAgents = orgUserAgents(slug, app)
	s.st, s.tied = generate(cfg.Users, s.seed, cfg.Now(), cfg.Lifespan, slug+".example", cfg.TiedSessions)
	s.bucket = simkit.NewRateBucket(cfg.RatePerSecond, cfg.RateBurst, cfg.Now())
	if cfg.APIKey != "" {
		k := cfg.APIKey
		s.key.Store(&k)
	}
	s.handler = http.HandlerFunc(s.serve)
	s.latency.Store(int64(cfg.Latency))
	return s
}

// versionOf reads "v26.2.0" as (26, 2); unreadable versions count as the newest.
func versionOf(v string) (int, int) {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	n := [2]int{1 << 20, 0}
	for i := 0; i < 2 && i < len(parts); i++ {
		x, ok := 0, parts[i] != ""
		for _, c := range parts[i] {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			x = x*10 + int(c-'0')
		}
		if !ok {
			return 1 << 20, 0
		}
		n[i] = x
	}
	return n[0], n[1]
}

// Handler serves the simulated API (admin and public paths on one listener, like Ory Network).
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr, a loopback address (e.g. "127.0.0.1:0"), serves in the background
// and returns the base URL.
func (s *Server) Start(addr string) (string, error) {
	return s.life.Start("kratossim", addr, s.handler)
}

// URL is the base URL returned by Start, or "" before Start.
func (s *Server) URL() string { return s.life.URL() }

// publicURL is the base of schema URLs (Kratos's public URL).
func (s *Server) publicURL() string {
	if u := s.URL(); u != "" {
		return u
	}
	return "http://127.0.0.1:4433"
}

// Close stops the server started by Start and releases requests hung by a timeout fault.
func (s *Server) Close() error { return s.life.Close() }

// InjectFault queues a fault; faults are checked in the order they were injected.
func (s *Server) InjectFault(f Fault) { s.faults.Add(f) }

// ExpireAccessTokens does nothing: Kratos's admin API has no access tokens (no OAuth), only
// the long-lived API key on Ory Network and nothing at all self-hosted.
func (s *Server) ExpireAccessTokens() {}

// APIKey is the key /admin/* requires now, "" when the admin API is open.
func (s *Server) APIKey() string {
	if k := s.key.Load(); k != nil {
		return *k
	}
	return ""
}

// RotateAPIKey replaces the API key (as deleting the key in the Ory console and creating a
// new one does): the old key gets 401 from now on. It returns the new key; it also switches an
// open admin API to API-key mode.
func (s *Server) RotateAPIKey() string {
	k := "ory_pat_" + simkit.DetString(s.seed, 9000+s.keySeq.Add(1), 32, simkit.Alnum)
	s.key.Store(&k)
	return k
}

// SetLatency changes the delay added to every request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Version is the Kratos version served.
func (s *Server) Version() string { return s.cfg.Version }

// ActiveSessionIDs lists the ids of sessions a listing with the identity expanded reports as
// active (not disabled, not expired, identity active), sorted.
func (s *Server) ActiveSessionIDs() []string { return s.st.activeIDs(s.now().UnixNano()) }

// SessionCount is the number of stored session rows (disabled and expired ones included).
func (s *Server) SessionCount() int {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return s.st.live
}

// IdentityWithSessions returns an active identity holding at least min active sessions, or "".
func (s *Server) IdentityWithSessions(min int) string {
	now := s.now().UnixNano()
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	for k := range s.st.identities {
		idn := &s.st.identities[k]
		n := 0
		for _, i := range idn.sessions {
			if s.st.isActive(&s.st.sessions[i], now, true) {
				n++
			}
		}
		if n >= min {
			return idn.id.String()
		}
	}
	return ""
}

// TiedIdentity is the id of the identity holding Config.TiedSessions, "" without them.
func (s *Server) TiedIdentity() string {
	if s.tied < 0 {
		return ""
	}
	return s.st.identities[s.tied].id.String()
}

// Revocations counts, per session id, how often the project ended that session: a disable
// counts its session (also a repeated one, which Kratos answers 204 again), an identity-wide
// delete and a bulk action each session they ended (see simkit.Revocations). GET
// /_sim/revocations serves the same counts.
func (s *Server) Revocations() map[string]int { return s.revoked.Counts() }

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), Lists: s.lists.Load(), Gets: s.gets.Load(), Disables: s.disables.Load(),
		Deletes: s.deletes.Load(), Bulks: s.bulks.Load(), Patches: s.patches.Load()}
}

// DemoConnection is how the Kratos connector reaches this simulator: the URL alone, like a
// local self-hosted Kratos; the API key (secret "api_key") only in API-key mode.
func (s *Server) DemoConnection() simpkg.Connection {
	c := simpkg.Connection{URL: s.URL(), Options: map[string]string{}, Secrets: map[string]string{}}
	if k := s.APIKey(); k != "" {
		c.Secrets["api_key"] = k
	}
	return c
}

var _ simpkg.Server = (*Server)(nil)
