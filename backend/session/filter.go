package session

import (
	"fmt"
	"strings"
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
	IP            string  // prefix of the source IP ("10.1." or "2001:db8:")
	SessionType   string  // exact
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
	if len(q.User) > 200 || len(q.Username) > 200 || len(q.IP) > 64 || len(q.SessionType) > 100 {
		return &FilterError{"filter text is too long"}
	}
	return nil
}

// ShortID shortens a session id that is a bearer credential so it can be shown but not replayed.
func ShortID(id string) string {
	if len(id) <= 10 {
		return id
	}
	return id[:6] + "…" + id[len(id)-4:]
}
