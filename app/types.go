package app

import "sessionscope/backend/workspace"

// The types in this file cross the Wails bridge. Times are RFC 3339 strings ("" when unknown),
// never Go time.Time; ids of sessions that are bearer credentials are pre-shortened in DisplayID.

// ConnectionView is one connection in the sidebar.
type ConnectionView struct {
	ID           int64                  `json:"id"`
	Name         string                 `json:"name"`
	Kind         string                 `json:"kind"`
	KindName     string                 `json:"kindName"`
	URL          string                 `json:"url"`
	Demo         bool                   `json:"demo"`
	Status       string                 `json:"status"`  // never | ok | error | needs_signin
	Message      string                 `json:"message"` // what went wrong and what to do next
	LastRefresh  string                 `json:"lastRefresh"`
	SessionCount int                    `json:"sessionCount"`
	Capabilities workspace.Capabilities `json:"capabilities"`
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
	NewOnly       bool     `json:"newOnly"`      // not in the previous snapshot of its org
	Text          string   `json:"text"`         // free text
	Flagged       bool     `json:"flagged"`      // at least one flag
	FlagRule      string   `json:"flagRule"`     // a flag of this rule (FlagsService.Rules)
	FlagSeverity  string   `json:"flagSeverity"` // most severe flag: high | medium | low
}

// SessionRow is one session in the table.
type SessionRow struct {
	ConnectionID  int64  `json:"connectionId"`
	Connection    string `json:"connection"`
	ID            string `json:"id"`
	DisplayID     string `json:"displayId"`
	ParentID      string `json:"parentId"`
	UserID        string `json:"userId"`
	Username      string `json:"username"`
	Name          string `json:"name"`
	UserType      string `json:"userType"`
	SessionType   string `json:"sessionType"`
	LoginType     string `json:"loginType"`
	SecurityLevel string `json:"securityLevel"`
	CreatedAt     string `json:"createdAt"`
	LastActiveAt  string `json:"lastActiveAt"`
	// LastActiveUnreported: no last-activity time because the server reports none (Kratos).
	LastActiveUnreported bool     `json:"lastActiveUnreported"`
	ExpiresAt            string   `json:"expiresAt"`
	SourceIP             string   `json:"sourceIp"`
	City                 string   `json:"city"`
	Subdivision          string   `json:"subdivision"`
	Country              string   `json:"country"`
	CountryCode          string   `json:"countryCode"`
	Latitude             *float64 `json:"latitude"`
	Longitude            *float64 `json:"longitude"`
	GeoSource            string   `json:"geoSource"`
	ASN                  uint32   `json:"asn"`
	ASNOrg               string   `json:"asnOrg"`
	DeviceType           string   `json:"deviceType"`
	Browser              string   `json:"browser"`
	Platform             string   `json:"platform"`
	Application          string   `json:"application"`
	UserAgent            string   `json:"userAgent"`
	IsCurrent            bool     `json:"isCurrent"`
	EndedAt              string   `json:"endedAt"` // set once signed out from this app
	RowID                int64    `json:"rowId"`   // the store's id of this row (FlagsService.FlagsOf)
	Flags                []Flag   `json:"flags"`   // most severe first; empty when none
}

// SessionPage is one window of rows plus the total that matches the filter.
type SessionPage struct {
	Rows   []SessionRow `json:"rows"`
	Total  int          `json:"total"`
	Offset int          `json:"offset"`
}

// SessionDetail is everything the detail pane shows about one session.
type SessionDetail struct {
	Session      SessionRow             `json:"session"`
	Raw          string                 `json:"raw"` // the server's record, pretty-printed JSON
	UserSessions []SessionRow           `json:"userSessions"`
	SnapshotID   int64                  `json:"snapshotId"`
	SnapshotAt   string                 `json:"snapshotAt"`
	Capabilities workspace.Capabilities `json:"capabilities"`
}
