// Package salesforcesim simulates the parts of the Salesforce REST API that SessionScope uses
// to list and end user sessions: the OAuth token endpoint, the identity URL, the versions
// resource, SOQL queries on AuthSession with cursor paging, record retrieval and deletion
// (single and sObject Collections), containment (UserLogin.IsFrozen, OauthToken grants and
// their revocation), API-usage accounting, an optional rate limit, injectable faults and the
// revocation counts on /_sim/revocations. Data is
// generated deterministically from Config.Seed. See the team's API notes (apis.md) §1.
//
// Imported by backend/source/sim/simulators and by tests and benchmarks only.
package salesforcesim

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	simpkg "sessionscope/backend/source/sim"
	"sessionscope/backend/source/sim/simkit"
)

// Config sets up a simulated org. Zero fields take the documented defaults.
type Config struct {
	Users          int           // number of ordinary users; default 200. Sessions ≈ 2–3 per user.
	Seed           int64         // default 1
	OrgName        string        // e.g. "Acme Corp"; default "Acme Corp"
	APIVersionMax  string        // newest served version, default "66.0"
	APILimit       int64         // daily API request allocation, default 1_000_000
	AccessTokenTTL time.Duration // default 2h
	Latency        time.Duration // added to every request, default 0
	CallbackURLs   []string      // the client app's registered callbacks; default DefaultCallbackURL
	// RatePerSecond, when > 0, limits REST API requests (/services/data/…) to that many a
	// second (a token bucket of RateBurst tokens, default one second's worth); beyond it a
	// request gets 429 REQUEST_LIMIT_EXCEEDED. Salesforce sends no Retry-After (apis.md §1.8):
	// a client backs off by itself and reads Sforce-Limit-Info.
	RatePerSecond float64
	RateBurst     int
	// Now is the clock (default time.Now); session times are generated relative to Now() at
	// New, token and cursor expiry and ActiveSessionIDs follow it afterwards.
	Now func() time.Time
}

// Credentials are the demo connected app's client id and secret, a valid refresh token of
// the admin user, and the admin's username.
type Credentials struct{ ClientID, ClientSecret, RefreshToken, Username string }

// Fault makes matching requests fail. Kind is "503", "429", "500", "timeout" (hang until the
// request's context ends, 60 s at most) or "truncated" (status 200 and half of the real
// body). Path is "query" (queries and their next pages), "delete", "token" or "any".
type Fault = simkit.Fault

// Stats counts requests: Requests every HTTP request; Queries initial query executions;
// QueryMores next-page fetches; Deletes delete requests (single and collection) that were
// processed; TokenGrants access tokens issued.
type Stats struct{ Requests, Queries, QueryMores, Deletes, TokenGrants int64 }

// Server is a simulated Salesforce org. It is safe for concurrent use.
type Server struct {
	cfg    Config
	now    func() time.Time
	maxVer int
	org    orgInfo
	data   dataset
	st     *store

	tokens    *tokenStore
	cursors   *cursorStore
	authCodes codeStore
	faults    simkit.FaultQueue
	usage     usageMeter
	bucket    *simkit.Bucket // nil: no rate limit
	revoked   simkit.Revocations

	requests, queries, queryMores, deletes, grants atomic.Int64
	latency                                        atomic.Int64 // nanoseconds added to each request

	handler http.Handler

	life     simkit.Lifecycle // Start, URL, Close
	activity uint64           // SimulateLogins calls so far (guarded by st.mu)
}

// orgInfo is the org's identity and its connected app.
type orgInfo struct {
	name, slug, domain string
	orgID              string // 18 characters
	clientID           string
	clientSecret       string
	refreshToken       string
	logoutURLs         [3]string
	loginURLs          [3]string
}

// New generates the org's data and returns a server ready to be started or mounted.
func New(cfg Config) *Server {
	simkit.OrgDefaults(&cfg.Users, &cfg.Seed, &cfg.OrgName)
	if cfg.APIVersionMax == "" {
		cfg.APIVersionMax = "66.0"
	}
	if cfg.APILimit <= 0 {
		cfg.APILimit = 1_000_000
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = 2 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	maxVer, ok := parseVersionNumber(cfg.APIVersionMax)
	if !ok || maxVer < minVersion {
		maxVer = 66
	}
	s := &Server{cfg: cfg, now: cfg.Now, maxVer: maxVer}
	seed := simkit.DataSeed(cfg.Seed, cfg.OrgName)
	s.org = newOrgInfo(cfg.OrgName, seed)
	ids := newIDSpaces(seed)
	s.org.orgID = ids.org.id18(0)
	s.data = generate(cfg.Users, cfg.Seed, cfg.Now().Unix(), s.org.domain)
	s.st = s.data.st
	s.st.ids = ids
	s.tokens = newTokenStore(seed, s.org.orgID[:15], s.org.refreshToken, s.data.admin)
	s.st.frozen = make([]bool, len(s.st.users))
	s.st.grants = generateGrants(s.st, seed, s.data.admin)
	s.cursors = newCursorStore()
	s.usage.limit = cfg.APILimit
	s.bucket = simkit.NewRateBucket(cfg.RatePerSecond, cfg.RateBurst, cfg.Now())
	s.handler = http.HandlerFunc(s.serve)
	s.latency.Store(int64(cfg.Latency))
	return s
}

func newOrgInfo(name string, seed uint64) orgInfo {
	slug := simkit.Slug(name, "org")
	o := orgInfo{name: name, slug: slug, domain: slug + ".example"}
	o.clientID = "3MVG9" + simkit.DetString(seed, 1, 80, tokenAlphabet)
	o.clientSecret = simkit.DetString(seed, 2, 64, "0123456789ABCDEF")
	o.refreshToken = "5Aep861" + simkit.DetString(seed, 3, 80, tokenAlphabet)
	o.logoutURLs = [3]string{"", "https://sso." + o.domain + "/logout", "https://partners." + o.domain + "/secur/logout.jsp"}
	o.loginURLs = [3]string{slug + ".my.salesforce.com", "login.salesforce.com", slug + ".my.site.com"}
	return o
}

func newIDSpaces(seed uint64) idSpaces {
	const podFirst, podSecond = "123456789ABCDEFGHJKLMNPQRSTUVWXYZ", "0123456789abcdefghijklmnopqrstuvwxyz"
	h := simkit.Splitmix(seed ^ 0x1d5)
	pod := string([]byte{podFirst[h%uint64(len(podFirst))], podSecond[(h>>16)%uint64(len(podSecond))]})
	space := func(prefix string, k uint64) idSpace {
		r := simkit.Splitmix(seed ^ k)
		// Counters start with four zeros and five significant digits, like real ids.
		base := 14776336*10 + r%(916132832-14776336*11)
		return idSpace{prefix: prefix, pod: pod, base: base, salt: simkit.Splitmix(r)}
	}
	return idSpaces{
		org: space("00D", 1), user: space("005", 2), session: space("0Ak", 3),
		geo: space("04F", 4), hist: space("0Ya", 5), locator: space("01g", 6),
		userLogin: space("060", 7), oauthToken: space("0CQ", 8),
	}
}

const tokenAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"

// Handler serves the simulated API. instance_url in token responses is the started URL, or
// the request's host when the handler is mounted elsewhere (e.g. httptest).
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr, a loopback address (e.g. "127.0.0.1:0"), serves in the background
// and returns the base URL "http://host:port".
func (s *Server) Start(addr string) (string, error) {
	return s.life.Start("salesforcesim", addr, s.handler)
}

// URL is the base URL returned by Start, or "" before Start.
func (s *Server) URL() string { return s.life.URL() }

// Close stops the server started by Start and releases requests hung by a timeout fault.
func (s *Server) Close() error { return s.life.Close() }

// Credentials returns the demo client id/secret and the admin's refresh token.
func (s *Server) Credentials() Credentials {
	return Credentials{ClientID: s.org.clientID, ClientSecret: s.org.clientSecret,
		RefreshToken: s.org.refreshToken, Username: s.AdminUsername()}
}

// AdminUsername is the username of the admin user who owns Credentials().
func (s *Server) AdminUsername() string { return s.st.users[s.data.admin].username }

// InjectFault queues a fault; faults are checked in the order they were injected.
func (s *Server) InjectFault(f Fault) { s.faults.Add(f) }

// ExpireAccessTokens invalidates every access token issued so far.
func (s *Server) ExpireAccessTokens() { s.tokens.expireAll() }

// RevokeRefreshTokens makes every refresh token invalid: the refresh grant then fails with
// invalid_grant. Access tokens already issued keep working until they expire (use
// ExpireAccessTokens too to simulate a full revocation).
func (s *Server) RevokeRefreshTokens() { s.tokens.revokeRefresh() }

// SetAPIUsage sets the daily API usage counter and allocation reported in Sforce-Limit-Info.
func (s *Server) SetAPIUsage(used, limit int64) { s.usage.set(used, limit) }

// ActiveSessionIDs lists the 18-character ids of sessions neither deleted nor expired
// (LastModifiedDate + NumSecondsValid > Now()), sorted.
func (s *Server) ActiveSessionIDs() []string { return s.st.activeIDs(s.now().Unix()) }

// SessionCount is the number of stored sessions not deleted, expired ones included.
func (s *Server) SessionCount() int { return s.st.liveCount() }

// Revocations counts, per 18-character AuthSession id, how often the org deleted that session:
// a delete of a family's root also counts each child it took along (see simkit.Revocations).
// GET /_sim/revocations serves the same counts.
func (s *Server) Revocations() map[string]int { return s.revoked.Counts() }

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), Queries: s.queries.Load(), QueryMores: s.queryMores.Load(),
		Deletes: s.deletes.Load(), TokenGrants: s.grants.Load()}
}

// usageMeter is the org's daily API request counter.
type usageMeter struct {
	mu          sync.Mutex
	used, limit int64
}

func (u *usageMeter) set(used, limit int64) {
	u.mu.Lock()
	u.used, u.limit = used, limit
	u.mu.Unlock()
}

// take counts one request unless the allocation is used up; it reports the counter after.
func (u *usageMeter) take() (used, limit int64, ok bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.used >= u.limit {
		return u.used, u.limit, false
	}
	u.used++
	return u.used, u.limit, true
}

func (u *usageMeter) snapshot() (used, limit int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.used, u.limit
}

// SetLatency changes the delay added to every request (tests slow a running simulator down).
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// DemoConnection is how the Salesforce connector reaches this simulator (option and secret
// names are the connector's: client_id, refresh_token).
func (s *Server) DemoConnection() simpkg.Connection {
	c := s.Credentials()
	return simpkg.Connection{URL: s.URL(),
		Options: map[string]string{"client_id": c.ClientID},
		Secrets: map[string]string{"refresh_token": c.RefreshToken}}
}

var _ simpkg.Server = (*Server)(nil)

// UserWithSessions returns the id of a user other than the admin holding at least min active
// sessions, or "" (for tests of user-wide sign-out).
func (s *Server) UserWithSessions(min int) string {
	return s.st.userWithSessions(s.now().Unix(), min, s.data.admin)
}
