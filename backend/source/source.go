// Package source is the connector contract: what every session-server connector must do
// (describe itself, open a client, stream active sessions page by page), the optional
// capabilities a connector may add (revoke one, revoke a batch, …), and the registry the
// app looks connectors up in. The frontend receives each connection's Capabilities and
// enables actions from them; it never guesses.
//
// Imported by the connectors (auth0, keycloak, kratos, salesforce), their registry
// (source/connectors), backend/jobs, backend/secrets and backend/workspace; never by app/ or
// backend/cli/, which get its types re-exported by the workspace.
package source

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"sessionscope/backend/session"
)

// Option is one declared connector setting; the UI renders connection forms from these.
type Option struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Help     string `json:"help"`
	Secret   bool   `json:"secret"` // kept in the OS keyring, never echoed back
	Required bool   `json:"required"`
}

// Descriptor says what a connector is.
type Descriptor struct {
	Kind        string   `json:"kind"`
	DisplayName string   `json:"displayName"`
	Options     []Option `json:"options"`
	// SessionIDIsSecret is true when the server's session id is a bearer credential:
	// it is then shown shortened and never logged.
	SessionIDIsSecret bool `json:"sessionIdIsSecret"`
	// NoLastActive is true when the server's API reports no last-activity time for a session
	// (Kratos): views say "not reported by this server" instead of a blank, and idle rules
	// leave its sessions unjudged.
	NoLastActive bool `json:"noLastActive"`
	// URLHelp says what URL a connection of this kind wants.
	URLHelp string `json:"urlHelp"`
	// SignIn is true when the connector can sign in interactively in the browser.
	SignIn bool `json:"signIn"`
}

// Secrets gives a connector the secrets of one connection. Implementations read the OS keyring.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
	Set(ctx context.Context, name, value string) error
}

// ErrSecretNotFound is returned by Secrets.Get when the secret was never stored.
var ErrSecretNotFound = errors.New("secret not found")

// Config is what a connector is opened with.
type Config struct {
	Name    string
	URL     string
	Options map[string]string
	Secrets Secrets
	// HTTPTimeout bounds each HTTP request; 0 means the connector's default.
	HTTPTimeout time.Duration
}

// Connector is the required part of the contract.
type Connector interface {
	Describe() Descriptor
	Validate(cfg Config) error
	Open(ctx context.Context, cfg Config) (Client, error)
}

// Page is one page of sessions as the server delivered it, already mapped.
type Page struct {
	Sessions []session.Session
	Dropped  int // records the connector skipped (e.g. expired) on this page
	Total    int // the server's total for the whole listing when it reports one, else 0
	// Warnings say what is known to be wrong with the listing so far (e.g. the server's
	// count says sessions are missing); a refresh keeps them with its result. Secret-free.
	Warnings []string
}

// Client talks to one server with one connection's credentials.
type Client interface {
	// ListSessions streams every active session, one page at a time, until the server has no
	// more or ctx ends. If fn returns an error the listing stops with that error.
	ListSessions(ctx context.Context, fn func(Page) error) error
	Close() error
}

// RevokeOutcome is what happened to one session.
type RevokeOutcome string

// Revoke outcomes.
const (
	Ended       RevokeOutcome = "ended"
	AlreadyGone RevokeOutcome = "already_gone"
	Failed      RevokeOutcome = "failed"
)

// RevokeResult is the result for one session.
type RevokeResult struct {
	SessionID string
	Outcome   RevokeOutcome
	Message   string // the server's error text when Failed; secret-free
}

// SessionRevoker ends one session.
type SessionRevoker interface {
	RevokeSession(ctx context.Context, id string) (RevokeResult, error)
}

// BatchRevoker ends many sessions per call, up to MaxBatch ids.
type BatchRevoker interface {
	RevokeSessions(ctx context.Context, ids []string) ([]RevokeResult, error)
	MaxBatch() int
}

// Identity tells who the connector is signed in as.
type Identity interface {
	WhoAmI(ctx context.Context) (string, error)
}

// UserRevoker ends every session of one user (by the server's user id).
type UserRevoker interface {
	RevokeUserSessions(ctx context.Context, userID string) (UserRevokeResult, error)
}

// UserRevokeResult is what a user-wide revoke did.
type UserRevokeResult struct {
	UserID  string
	Outcome RevokeOutcome // Ended, AlreadyGone (nothing was left) or Failed
	Ended   int           // sessions ended, when the server says; -1 when it does not
	Message string
}

// UserContainer blocks a user from signing in again (freeze / disable / block).
type UserContainer interface {
	ContainUser(ctx context.Context, userID string) error
}

// LoginEvent is one entry of a user's login history.
type LoginEvent struct {
	At       time.Time
	Status   string // Success, Invalid Password, LOGIN_ERROR, …
	SourceIP string
	Detail   string // browser / platform / client, as the server reports it
}

// LoginHistorian reads a user's recent logins.
type LoginHistorian interface {
	LoginHistory(ctx context.Context, userID string, limit int) ([]LoginEvent, error)
}

// Policy is an org's session settings, where the server exposes them. Zero = unknown.
type Policy struct {
	IdleTimeout time.Duration
	MaxLifespan time.Duration
	Raw         map[string]string // the server's own setting names and values
}

// PolicyReader reads the org's session policy.
type PolicyReader interface {
	SessionPolicy(ctx context.Context) (Policy, error)
}

// Health is the answer to a connection "Test": who we are, whether we may do what we need.
type Health struct {
	SignedInAs  string
	Permissions []PermissionCheck
	Limits      string // API limits as the server reports them, human readable
}

// PermissionCheck is one permission the app needs.
type PermissionCheck struct {
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	Hint string `json:"hint"` // what to grant when it is missing
}

// HealthChecker tests a connection end to end.
type HealthChecker interface {
	Check(ctx context.Context) (Health, error)
}

// RateLimitState is the server's last reported API allowance.
type RateLimitState struct {
	Used      int64     `json:"used"`
	Limit     int64     `json:"limit"`
	Raw       string    `json:"raw"`
	UpdatedAt time.Time `json:"-"`
	ResetAt   time.Time `json:"-"` // when the allowance is full again; zero when the server does not say
}

// RateLimited reports the last seen API allowance.
type RateLimited interface {
	RateLimit() (RateLimitState, bool)
}

// Capabilities is the capability contract sent to the frontend.
type Capabilities struct {
	RevokeOne    bool `json:"revokeOne"`
	RevokeBatch  bool `json:"revokeBatch"`
	MaxBatch     int  `json:"maxBatch"`
	RevokeUser   bool `json:"revokeUser"`
	ContainUser  bool `json:"containUser"`
	LoginHistory bool `json:"loginHistory"`
	Policy       bool `json:"policy"`
	Health       bool `json:"health"`
	WhoAmI       bool `json:"whoAmI"`
	RateLimit    bool `json:"rateLimit"`
}

// CapabilitiesOf inspects a client for the optional interfaces it implements.
func CapabilitiesOf(c Client) Capabilities {
	var caps Capabilities
	if _, ok := c.(SessionRevoker); ok {
		caps.RevokeOne = true
	}
	if b, ok := c.(BatchRevoker); ok {
		caps.RevokeBatch = true
		caps.MaxBatch = b.MaxBatch()
	}
	if _, ok := c.(Identity); ok {
		caps.WhoAmI = true
	}
	_, caps.RevokeUser = c.(UserRevoker)
	_, caps.ContainUser = c.(UserContainer)
	_, caps.LoginHistory = c.(LoginHistorian)
	_, caps.Policy = c.(PolicyReader)
	_, caps.Health = c.(HealthChecker)
	if _, ok := c.(RateLimited); ok {
		caps.RateLimit = true
	}
	return caps
}

// Registry maps connector kinds to connectors.
type Registry struct {
	mu   sync.RWMutex
	byID map[string]Connector
}

// NewRegistry returns a registry holding the given connectors.
func NewRegistry(cs ...Connector) *Registry {
	r := &Registry{byID: map[string]Connector{}}
	for _, c := range cs {
		r.byID[c.Describe().Kind] = c
	}
	return r
}

// Get returns the connector of a kind.
func (r *Registry) Get(kind string) (Connector, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c, ok := r.byID[kind]
	if !ok {
		return nil, fmt.Errorf("unknown connection kind %q", kind)
	}
	return c, nil
}

// Kinds lists the registered connectors, sorted by kind.
func (r *Registry) Kinds() []Descriptor {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Descriptor, 0, len(r.byID))
	for _, c := range r.byID {
		d := c.Describe()
		_, d.SignIn = c.(InteractiveSignIn)
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// SignInSpec describes a connector's interactive browser sign-in (authorization code + PKCE on
// a loopback redirect).
type SignInSpec struct {
	AuthURL       string
	TokenURL      string
	ClientID      string
	Scopes        []string
	Host          string // redirect host: "localhost" or "127.0.0.1"
	Port          int    // fixed port the server's callback is registered with; 0 = any free port
	Path          string // redirect path
	RefreshSecret string // the secret the resulting refresh token is kept under
}

// InteractiveSignIn is implemented by connectors (not clients) whose server supports a
// browser sign-in for a public desktop client.
type InteractiveSignIn interface {
	SignInSpec(cfg Config) (SignInSpec, error)
}
