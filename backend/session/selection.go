package session

import (
	"fmt"
	"strings"
)

// SessionKey names one session: the local connection and the server's session id.
type SessionKey struct {
	ConnectionID int64  `json:"connectionId"`
	SessionID    string `json:"sessionId"`
}

// Selection is what a sign-out acts on, resolved against the current snapshots when it is
// planned: either the rows ticked one by one (Keys), or everything a filter and/or a person
// matches, minus the rows unticked afterwards. "Select all N matching" stays a filter, so a
// million sessions never travel as a million ids.
type Selection struct {
	Keys    []SessionKey `json:"keys"`    // ticked rows
	Filter  *Filter      `json:"filter"`  // every session matching it (its ConnectionIDs empty = every org)
	User    string       `json:"user"`    // one person across orgs: username / e-mail (any case) or the server's user id
	Exclude []SessionKey `json:"exclude"` // rows unticked after selecting by filter or user
}

// Selection limits: ticked rows come from a table a person clicks through; beyond these a
// filter is the way to say "all of them".
const (
	MaxSelectedKeys = 10000
	MaxExcludedKeys = 10000
)

// ByFilter reports whether the selection is a filter (and/or a user) rather than ticked rows.
func (s Selection) ByFilter() bool { return s.Filter != nil || strings.TrimSpace(s.User) != "" }

// Validate rejects a selection that is empty, mixes ticked rows with a filter, or is too big to
// be ticked rows.
func (s Selection) Validate() error {
	switch {
	case len(s.Keys) > 0 && s.ByFilter():
		return &FilterError{"choose either ticked sessions or a filter, not both"}
	case len(s.Keys) == 0 && !s.ByFilter():
		return &FilterError{"nothing is selected"}
	case len(s.Keys) > MaxSelectedKeys:
		return &FilterError{fmt.Sprintf("%d ticked sessions is more than %d: select them by filter instead", len(s.Keys), MaxSelectedKeys)}
	case len(s.Exclude) > MaxExcludedKeys:
		return &FilterError{fmt.Sprintf("%d unticked sessions is more than %d: narrow the filter instead", len(s.Exclude), MaxExcludedKeys)}
	case len(s.Exclude) > 0 && !s.ByFilter():
		return &FilterError{"exclusions apply to a filter selection only"}
	case len(s.User) > 320:
		return &FilterError{"the user name is too long"}
	}
	for _, k := range append(append([]SessionKey(nil), s.Keys...), s.Exclude...) {
		if k.ConnectionID <= 0 || k.SessionID == "" || len(k.SessionID) > 512 {
			return &FilterError{"a selected session has no connection or id"}
		}
	}
	if s.Filter != nil {
		return s.Filter.Validate()
	}
	return nil
}
