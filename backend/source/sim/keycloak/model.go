package keycloaksim

import (
	"net/netip"
	"time"
)

// client is one OIDC client of the realm. The table is fixed; only the portal's name follows
// the organisation.
type client struct {
	id           uuid
	clientID     string
	name         string
	public       bool
	bearerOnly   bool
	serviceAcct  bool // service accounts enabled (client-credentials grant)
	standardFlow bool
	pkce         bool // requires PKCE S256
	loopback     bool // redirect URIs http://127.0.0.1/* and http://localhost/* (any port)
	rootURL      string
	userFacing   bool // users sign in to it, so it has user sessions
	offline      bool // it requests offline_access, so it has offline sessions
	weight       int  // share of user sessions that touch it
}

// Client indexes; see newClients.
const (
	cAccount = iota
	cAccountConsole
	cAdminCLI
	cBroker
	cRealmManagement
	cSecurityAdminConsole
	cPortal
	cHR
	cGrafana
	cWiki
	cMobile
	cSync
	cSessionScope      // public PKCE client for the interactive sign-in
	cSessionScopeAdmin // confidential client with a service account
	numClients
)

// Client ids of the two clients SessionScope uses.
const (
	PublicClientID = "sessionscope"
	AdminClientID  = "sessionscope-admin"
)

func newClients(seed uint64, slug, domain, org string) []client {
	cs := []client{
		cAccount:              {clientID: "account", name: "${client_account}", public: true, standardFlow: true, rootURL: "${authBaseUrl}"},
		cAccountConsole:       {clientID: "account-console", name: "${client_account-console}", public: true, standardFlow: true, pkce: true, rootURL: "${authBaseUrl}", userFacing: true, weight: 12},
		cAdminCLI:             {clientID: "admin-cli", name: "${client_admin-cli}", public: true},
		cBroker:               {clientID: "broker", name: "${client_broker}", bearerOnly: true},
		cRealmManagement:      {clientID: "realm-management", name: "${client_realm-management}", bearerOnly: true},
		cSecurityAdminConsole: {clientID: "security-admin-console", name: "${client_security-admin-console}", public: true, standardFlow: true, pkce: true, rootURL: "${authAdminUrl}", userFacing: true, weight: 2},
		cPortal:               {clientID: slug + "-portal", name: org + " Portal", standardFlow: true, rootURL: "https://portal." + domain, userFacing: true, weight: 60},
		cHR:                   {clientID: "hr-app", name: "HR", standardFlow: true, rootURL: "https://hr." + domain, userFacing: true, weight: 14},
		cGrafana:              {clientID: "grafana", name: "Grafana", standardFlow: true, rootURL: "https://grafana." + domain, userFacing: true, weight: 10},
		cWiki:                 {clientID: "wiki", name: "Wiki", standardFlow: true, rootURL: "https://wiki." + domain, userFacing: true, weight: 12},
		cMobile:               {clientID: "mobile-app", name: org + " Mobile", public: true, standardFlow: true, pkce: true, rootURL: "https://m." + domain, userFacing: true, offline: true, weight: 16},
		cSync:                 {clientID: "file-sync", name: "File Sync", public: true, standardFlow: true, pkce: true, loopback: true, offline: true},
		cSessionScope:         {clientID: PublicClientID, name: "SessionScope", public: true, standardFlow: true, pkce: true, loopback: true},
		cSessionScopeAdmin:    {clientID: AdminClientID, name: "SessionScope (headless)", serviceAcct: true},
	}
	for i := range cs {
		cs[i].id = newUUID(seed, tagClient, uint64(i))
	}
	return cs
}

// user is one realm user. PUT users/{id} may change names, e-mail and enabled, so readers hold
// store.mu.
type user struct {
	id          uuid
	username    string
	first, last string
	email       string
	created     int64 // epoch ms
	home        uint8 // index into cities
	homeIP      netip.Addr
	enabled     bool
	admin       bool // holds the realm-management realm-admin composite role
	serviceAcct bool // the service-account user of sessionscope-admin (not listed by GET users)
}

// clientStamp is one client session inside a user session: the client and the last time it
// refreshed (epoch ms). Offline listings report that time as the session's lastAccess.
type clientStamp struct {
	client uint8
	ts     int64
}

// session is one user session, regular or offline. An offline session created by a login
// that asked for offline_access has the same id as that login's regular session.
type session struct {
	id       uuid
	user     int32
	ip       netip.Addr
	start    int64 // epoch ms
	last     int64 // epoch ms, last refresh
	clients  []clientStamp
	offline  bool
	remember bool
	authType uint8 // index into authMethods (for events)
	deleted  bool  // logged out, deleted by an admin, or purged after expiry
}

// authMethods are how a login was made, reported in LOGIN events' details.
var authMethods = []string{"code", "code", "code", "password", "code"}

// Timeouts are the realm's session settings (RealmRepresentation, seconds in the API).
// Zero fields take the simulator's defaults: Keycloak's defaults, with "Remember me" on and
// remember-me sessions lasting 7 days idle / 30 days at most.
type Timeouts struct {
	SSOSessionIdle           time.Duration // ssoSessionIdleTimeout, default 30 min
	SSOSessionMax            time.Duration // ssoSessionMaxLifespan, default 10 h
	SSOSessionIdleRememberMe time.Duration // default 7 days
	SSOSessionMaxRememberMe  time.Duration // default 30 days
	OfflineSessionIdle       time.Duration // offlineSessionIdleTimeout, default 30 days
	OfflineSessionMax        time.Duration // offlineSessionMaxLifespan, default 60 days
	OfflineSessionMaxEnabled bool          // offlineSessionMaxLifespanEnabled, default false
}

func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.SSOSessionIdle, 30*time.Minute)
	def(&t.SSOSessionMax, 10*time.Hour)
	def(&t.SSOSessionIdleRememberMe, 7*24*time.Hour)
	def(&t.SSOSessionMaxRememberMe, 30*24*time.Hour)
	def(&t.OfflineSessionIdle, 30*24*time.Hour)
	def(&t.OfflineSessionMax, 60*24*time.Hour)
	return t
}

// expiresAt is when the session ends by the realm's timeouts (epoch ms): the earlier of
// last refresh + idle timeout and start + max lifespan. Keycloak itself accepts a session for
// idleWindow longer; the simulator's listing shows such sessions until they are purged.
func (t *Timeouts) expiresAt(s *session) int64 {
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	if s.offline {
		exp := s.last + ms(t.OfflineSessionIdle)
		if t.OfflineSessionMaxEnabled {
			exp = min(exp, s.start+ms(t.OfflineSessionMax))
		}
		return exp
	}
	idle, maxLife := t.SSOSessionIdle, t.SSOSessionMax
	if s.remember {
		idle, maxLife = t.SSOSessionIdleRememberMe, t.SSOSessionMaxRememberMe
	}
	return min(s.last+ms(idle), s.start+ms(maxLife))
}

// idleWindow is Keycloak's grace period past the idle timeout (IDLE_TIMEOUT_WINDOW_SECONDS).
const idleWindow = 120 * time.Second
