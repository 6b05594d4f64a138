// Package session holds the plain types every part of SessionScope shares: the common Session
// model that each connector maps its server's records onto, connections, snapshots, the query
// filter and the audit entry. It has no behaviour beyond small helpers and imports nothing of ours.
//
// Imported by every package, app/ and backend/cli/ included: it is the vocabulary they share,
// with the one list of error codes (codes.go).
package session

import (
	"encoding/json"
	"time"
)

// Session is one active login session on a session server, in the common model.
// Zero times mean "unknown"; they never cross the bridge as Go zero values.
type Session struct {
	ConnectionID int64  // local connection id (set by the store / refresh job)
	ID           string // the server's session id
	ParentID     string // parent session id when the server links sessions into families; "" otherwise

	UserID   string
	Username string // login name (often an e-mail address)
	UserName string // display name
	UserType string // e.g. Salesforce "Standard"

	SessionType   string // e.g. UI, API, Oauth2, Content, Visualforce
	LoginType     string // how the user authenticated (Application, SAML Sfdc Initiated SSO, …)
	SecurityLevel string // e.g. STANDARD, HIGH_ASSURANCE, aal2

	CreatedAt    time.Time
	LastActiveAt time.Time
	ExpiresAt    time.Time

	SourceIP string
	Geo      Geo
	Device   Device

	IsCurrent bool // the admin tool's own session (family): never sign it out by accident

	Raw json.RawMessage // the server's record as received, for the detail pane
}

// Geo is where a session comes from.
type Geo struct {
	City        string
	Subdivision string
	Country     string
	CountryCode string // ISO 3166-1 alpha-2
	PostalCode  string
	Latitude    *float64
	Longitude   *float64
	Source      string // where the location came from: "server" (e.g. Salesforce LoginGeo), "geoip", ""
	ASN         uint32 // autonomous system number of the address; 0 = unknown
	ASNOrg      string // the organisation (ISP) that announces it
}

// Device is what the session was started from.
type Device struct {
	UserAgent   string
	Browser     string
	Platform    string // operating system / platform
	DeviceType  string
	Application string // the client / app the session is for
}

// Connection is a configured session server. It never holds a secret: secrets live in the
// OS keyring under keys derived from the connection id.
type Connection struct {
	ID       int64
	Name     string
	Kind     string            // connector kind, e.g. "salesforce"
	URL      string            // the server's base URL (login host / instance)
	Options  map[string]string // non-secret connector options (client id, API version, …)
	Demo     bool              // part of the built-in demo workspace
	Created  time.Time
	Status   string // ok | needs_signin | error | never
	Message  string // last error, human readable, secret-free
	Current  *Snapshot
	Previous *Snapshot
}

// Connection statuses.
const (
	StatusNever       = "never"
	StatusOK          = "ok"
	StatusError       = "error"
	StatusNeedsSignIn = "needs_signin"
)

// Snapshot is one refresh of one connection.
type Snapshot struct {
	ID           int64
	ConnectionID int64
	StartedAt    time.Time
	FinishedAt   time.Time // zero while running
	Status       string    // running | complete | failed | interrupted
	SessionCount int
	Pages        int
	Error        string
	Meta         map[string]string // e.g. the server's API-usage header at the end
}

// Snapshot statuses.
const (
	SnapshotRunning     = "running"
	SnapshotComplete    = "complete"
	SnapshotFailed      = "failed"
	SnapshotInterrupted = "interrupted"
)

// AuditEntry is one line of the append-only audit trail.
type AuditEntry struct {
	ID         int64
	At         time.Time
	Actor      string // who did it (OS user @ host, or the connector's signed-in identity)
	Action     string // signout.session, signout.user, …
	Connection string // connection name
	Target     string // what it acted on: a session id (shortened if it is a credential), a user
	Reason     string
	Result     string // ended | already_gone | failed
	Detail     string // secret-free detail (server error message)
	Hash       string // hex SHA-256 over the previous hash and this entry: tamper evidence
}
