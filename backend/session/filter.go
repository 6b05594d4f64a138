package session

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SortColumns are the columns a session list can be sorted by, mapped from their public names.
var SortColumns = []string{
	"username", "connection", "session_type", "login_type", "created_at", "last_active_at",
	"expires_at", "source_ip", "location", "security_level", "user_type",
}

// Filter selects sessions from the current snapshots.
type Filter struct {
	ConnectionIDs []int64 // empty = every connection
	User          string  // case-insensitive prefix of username or display name
	Username      string  // exact username, case-insensitive (one user's sessions across orgs)
	IP            string  // prefix of the source IP ("10.1." or "2001:db8:") or a CIDR range
	SessionType   string  // exact

	Countries     []string // ISO 3166-1 alpha-2 codes, any of them
	City          string   // exact city name, case-insensitive
	Place         string   // a map place: the location key ("us new york"), exact
	ASN           string   // an autonomous system number, "AS15169" or "15169"
	LoginType     string   // exact
	SecurityLevel string   // exact
	Browser       string   // prefix of the browser ("Chrome" matches "Chrome 142"), case-sensitive
	Platform      string   // prefix of the operating system ("Windows")
	DeviceType    string   // exact (Desktop, Mobile, Tablet, …)
	CreatedFrom   time.Time
	CreatedTo     time.Time // exclusive; zero = open
	ActiveFrom    time.Time
	ActiveTo      time.Time
	NewOnly       bool   // only sessions not in the connection's previous complete snapshot
	Text          string // free text: prefix of user, name, IP, city or browser; or a country code
	Flags         FlagFilter
}

// ASNumber parses the ASN filter ("AS15169", "as 15169", "15169"); ok is false for anything else.
func (f Filter) ASNumber() (uint32, bool) {
	t := strings.TrimSpace(strings.ToUpper(f.ASN))
	t = strings.TrimSpace(strings.TrimPrefix(t, "AS"))
	n, err := strconv.ParseUint(t, 10, 32)
	return uint32(n), err == nil && n > 0
}

// Empty reports whether f selects every session of its connections.
func (f Filter) Empty() bool {
	return f.User == "" && f.Username == "" && f.IP == "" && f.SessionType == "" && len(f.Countries) == 0 &&
		f.City == "" && f.Place == "" && f.ASN == "" && f.LoginType == "" && f.SecurityLevel == "" &&
		f.Browser == "" && f.Platform == "" && f.DeviceType == "" && f.CreatedFrom.IsZero() &&
		f.CreatedTo.IsZero() && f.ActiveFrom.IsZero() && f.ActiveTo.IsZero() && !f.NewOnly &&
		strings.TrimSpace(f.Text) == "" && f.Flags.Empty()
}

// Validate rejects a filter the store cannot run, with a message a user can act on.
func (f Filter) Validate() error {
	for _, t := range []string{f.User, f.Username, f.SessionType, f.City, f.Place, f.LoginType, f.SecurityLevel,
		f.Browser, f.Platform, f.DeviceType, f.Text} {
		if len(t) > 200 {
			return &FilterError{"filter text is too long"}
		}
	}
	if len(f.IP) > 64 || len(f.ASN) > 20 {
		return &FilterError{"filter text is too long"}
	}
	if len(f.Countries) > 300 || len(f.ConnectionIDs) > 1000 {
		return &FilterError{"too many countries or connections in one filter"}
	}
	for _, c := range f.Countries {
		if len(c) != 2 || !IsLetters(c) {
			return &FilterError{fmt.Sprintf("%q is not a two-letter country code (like US or DE)", c)}
		}
	}
	if strings.TrimSpace(f.ASN) != "" {
		if _, ok := f.ASNumber(); !ok {
			return &FilterError{fmt.Sprintf("%q is not an autonomous system number (like AS15169)", f.ASN)}
		}
	}
	if err := f.Flags.Validate(); err != nil {
		return err
	}
	if !f.CreatedFrom.IsZero() && !f.CreatedTo.IsZero() && !f.CreatedFrom.Before(f.CreatedTo) {
		return &FilterError{"the login-time range ends before it starts"}
	}
	if !f.ActiveFrom.IsZero() && !f.ActiveTo.IsZero() && !f.ActiveFrom.Before(f.ActiveTo) {
		return &FilterError{"the last-active range ends before it starts"}
	}
	return nil
}

// IsLetters reports whether s holds only ASCII letters (a country code, say).
func IsLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

// Query is a filter, an order and a window.
type Query struct {
	Filter
	Sort   string // one of SortColumns; "" = last_active_at
	Desc   bool
	Offset int
	Limit  int
}

// FilterError is a query the store refuses to run, with a message a user can act on.
type FilterError struct{ Msg string }

func (e *FilterError) Error() string { return e.Msg }

// Validate rejects what the store cannot run, with an error a user can act on.
func (q *Query) Validate() error {
	if q.Sort == "" {
		q.Sort = "last_active_at"
		q.Desc = true
	}
	ok := false
	for _, c := range SortColumns {
		if c == q.Sort {
			ok = true
			break
		}
	}
	if !ok {
		return &FilterError{fmt.Sprintf("cannot sort by %q: choose one of %s", q.Sort, strings.Join(SortColumns, ", "))}
	}
	if q.Offset < 0 {
		return &FilterError{fmt.Sprintf("window offset %d is negative", q.Offset)}
	}
	if q.Limit <= 0 || q.Limit > 1000 {
		return &FilterError{fmt.Sprintf("window size %d is outside 1–1000", q.Limit)}
	}
	return q.Filter.Validate()
}

// ShortID shortens a session id that is a bearer credential so it can be shown but not replayed.
func ShortID(id string) string {
	if len(id) <= 10 {
		return id
	}
	return id[:6] + "…" + id[len(id)-4:]
}
