package app

import "sessionscope/backend/source"

// The types in this file cross the Wails bridge. Times are RFC 3339 strings ("" when unknown),
// never Go time.Time; ids of sessions that are bearer credentials are pre-shortened in DisplayID.

// ConnectionView is one connection in the sidebar.
type ConnectionView struct {
	ID           int64               `json:"id"`
	Name         string              `json:"name"`
	Kind         string              `json:"kind"`
	KindName     string              `json:"kindName"`
	URL          string              `json:"url"`
	Demo         bool                `json:"demo"`
	Status       string              `json:"status"`  // never | ok | error | needs_signin
	Message      string              `json:"message"` // what went wrong and what to do next
	LastRefresh  string              `json:"lastRefresh"`
	SessionCount int                 `json:"sessionCount"`
	Capabilities source.Capabilities `json:"capabilities"`
}

// SessionQuery asks for one window of the current sessions.
type SessionQuery struct {
	Filter SessionFilter `json:"filter"`
	Sort   string        `json:"sort"` // username | connection | session_type | login_type | created_at | last_active_at | expires_at | source_ip | location | security_level | user_type
	Desc   bool          `json:"desc"`
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"` // 1–1000
}

// SessionFilter is the one filter the sessions table, the users view and the map share.
// Times are RFC 3339 ("" = open); an unparsable time is refused with a message.
type SessionFilter struct {
	ConnectionIDs []int64  `json:"connectionIds"` // empty = all connections
	User          string   `json:"user"`          // prefix of username or display name
	Username      string   `json:"username"`      // exact username: one user's sessions across orgs
	IP            string   `json:"ip"`            // prefix of the source IP, or a CIDR range
	SessionType   string   `json:"sessionType"`
	Countries     []string `json:"countries"` // ISO codes
	City          string   `json:"city"`
	Place         string   `json:"place"` // a map place key
	ASN           string   `json:"asn"`   // AS15169 or 15169
	LoginType     string   `json:"loginType"`
	SecurityLevel string   `json:"securityLevel"`
	Browser       string   `json:"browser"`  // prefix
	Platform      string   `json:"platform"` // prefix
	DeviceType    string   `json:"deviceType"`
	CreatedFrom   string   `json:"createdFrom"`
	CreatedTo     string   `json:"createdTo"`
	ActiveFrom    string   `json:"activeFrom"`
	ActiveTo      string   `json:"activeTo"`
	NewOnly       bool     `json:"newOnly"` // not in the previous snapshot of its org
	Text          string   `json:"text"`    // free text
}

// SessionRow is one session in the table.
type SessionRow struct {
	ConnectionID  int64    `json:"connectionId"`
	Connection    string   `json:"connection"`
	ID            string   `json:"id"`
	DisplayID     string   `json:"displayId"`
	ParentID      string   `json:"parentId"`
	UserID        string   `json:"userId"`
	Username      string   `json:"username"`
	Name          string   `json:"name"`
	UserType      string   `json:"userType"`
	SessionType   string   `json:"sessionType"`
	LoginType     string   `json:"loginType"`
	SecurityLevel string   `json:"securityLevel"`
	CreatedAt     string   `json:"createdAt"`
	LastActiveAt  string   `json:"lastActiveAt"`
	ExpiresAt     string   `json:"expiresAt"`
	SourceIP      string   `json:"sourceIp"`
	City          string   `json:"city"`
	Subdivision   string   `json:"subdivision"`
	Country       string   `json:"country"`
	CountryCode   string   `json:"countryCode"`
	Latitude      *float64 `json:"latitude"`
	Longitude     *float64 `json:"longitude"`
	GeoSource     string   `json:"geoSource"`
	ASN           uint32   `json:"asn"`
	ASNOrg        string   `json:"asnOrg"`
	DeviceType    string   `json:"deviceType"`
	Browser       string   `json:"browser"`
	Platform      string   `json:"platform"`
	Application   string   `json:"application"`
	UserAgent     string   `json:"userAgent"`
	IsCurrent     bool     `json:"isCurrent"`
	EndedAt       string   `json:"endedAt"` // set once signed out from this app
}

// SessionPage is one window of rows plus the total that matches the filter.
type SessionPage struct {
	Rows   []SessionRow `json:"rows"`
	Total  int          `json:"total"`
	Offset int          `json:"offset"`
}

// SessionDetail is everything the detail pane shows about one session.
type SessionDetail struct {
	Session      SessionRow          `json:"session"`
	Raw          string              `json:"raw"` // the server's record, pretty-printed JSON
	UserSessions []SessionRow        `json:"userSessions"`
	SnapshotID   int64               `json:"snapshotId"`
	SnapshotAt   string              `json:"snapshotAt"`
	Capabilities source.Capabilities `json:"capabilities"`
}

// RefreshProgress is the payload of the "refresh:progress" event (at most ~10 per second per job).
type RefreshProgress struct {
	JobID        string `json:"jobId"`
	ConnectionID int64  `json:"connectionId"`
	Connection   string `json:"connection"`
	State        string `json:"state"` // running | done | failed | canceled
	Fetched      int    `json:"fetched"`
	Total        int    `json:"total"` // 0 when the server does not say
	Pages        int    `json:"pages"`
	Error        string `json:"error"`
	ErrorCode    string `json:"errorCode"`
}

// RefreshSummary is the payload of the "refresh:done" event.
type RefreshSummary struct {
	JobID    string            `json:"jobId"`
	Done     int               `json:"done"`
	Failed   int               `json:"failed"`
	Canceled int               `json:"canceled"`
	Results  []RefreshProgress `json:"results"`
}

// SignOutRequest ends one session.
type SignOutRequest struct {
	ConnectionID int64  `json:"connectionId"`
	SessionID    string `json:"sessionId"`
	Reason       string `json:"reason"`
}

// SignOutResult is what happened.
type SignOutResult struct {
	SessionID string `json:"sessionId"`
	Outcome   string `json:"outcome"` // ended | already_gone | failed
	Message   string `json:"message"`
	AuditID   int64  `json:"auditId"`
}

// AuditView is one audit trail entry.
type AuditView struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	Connection string `json:"connection"`
	Target     string `json:"target"`
	Reason     string `json:"reason"`
	Result     string `json:"result"`
	Detail     string `json:"detail"`
}

// AboutInfo describes the build.
type AboutInfo struct {
	Version string `json:"version"`
	Home    string `json:"home"`
	Keyring string `json:"keyring"`
	// Credits the bundled data's licences ask for (DB-IP Lite City: CC BY 4.0).
	Attributions []string `json:"attributions"`
	GeoData      []string `json:"geoData"` // the enrichment sources in use, with build dates
}

// UsersQuery asks for one window of users (one row per username across the current snapshots).
type UsersQuery struct {
	Filter SessionFilter `json:"filter"` // users with at least one matching session
	Sort   string        `json:"sort"`   // sessions | countries | last_active_at | username
	Desc   bool          `json:"desc"`
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"`
}

// UserRow is one user: how many sessions, from how many countries, in which orgs.
type UserRow struct {
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	Connections  []string `json:"connections"`
	Sessions     int      `json:"sessions"`
	Countries    int      `json:"countries"`
	LastActiveAt string   `json:"lastActiveAt"`
}

// UserPage is one window of users and the total.
type UserPage struct {
	Rows   []UserRow `json:"rows"`
	Total  int       `json:"total"`
	Offset int       `json:"offset"`
}
