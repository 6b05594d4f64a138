package jobs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

// Bulk actions.
const (
	ActionSignOut = "signout" // end sessions
	ActionContain = "contain" // block users from signing in again
)

// Exclusion codes: why selected sessions are left out of a plan.
const (
	ExclOwnSession   = "own_session"
	ExclOwnUser      = "own_user"
	ExclSignedOut    = "signed_out"
	ExclExpired      = "expired"
	ExclInJob        = "in_job"
	ExclGone         = "not_in_snapshot"
	ExclNoUser       = "no_user"
	ExclNotSupported = "not_supported"
)

// Exclusion is a group of selected sessions a plan leaves out, and why.
type Exclusion struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// OrgPlan is what a bulk action will do on one connection.
type OrgPlan struct {
	ConnectionID int64       `json:"connectionId"`
	Connection   string      `json:"connection"`
	Kind         string      `json:"kind"`
	Method       string      `json:"method"` // batch | session | user | contain; "" when nothing will be sent
	Sessions     int         `json:"sessions"`
	Users        int         `json:"users"` // users acted on user-wide (user method, containment)
	Items        int         `json:"items"`
	BatchSize    int         `json:"batchSize"`
	Calls        int         `json:"calls"`     // API calls it takes at least
	Remaining    int64       `json:"remaining"` // calls left in the org's allowance; -1 = the server does not say
	Limit        string      `json:"limit"`     // the allowance in the server's own words
	OverLimit    bool        `json:"overLimit"`
	Admin        string      `json:"admin"` // who the connection is signed in as
	Excluded     []Exclusion `json:"excluded"`
	Contained    int         `json:"contained"` // users also blocked from signing in again
	Warnings     []string    `json:"warnings"`
	Refused      string      `json:"refused"` // why nothing can be done here
	SnapshotAt   time.Time   `json:"snapshotAt"`
	SecretIDs    bool        `json:"secretIds"`
}

// Identity is one account a per-user action matched.
type Identity struct {
	ConnectionID    int64  `json:"connectionId"`
	Connection      string `json:"connection"`
	UserID          string `json:"userId"`
	Username        string `json:"username"`
	Sessions        int    `json:"sessions"`
	HoldsOwnSession bool   `json:"holdsOwnSession"`
}

// OrgInput is what planning one connection needs.
type OrgInput struct {
	Set       store.TargetSet
	Kind      string
	Caps      source.Capabilities
	Limit     *source.RateLimitState // nil = the server has not said
	Admin     string
	Action    string
	UserWide  bool // end users' sessions with one call per user where the server can
	SecretIDs bool
	Now       time.Time
	OpenErr   error // the connection could not be opened
	// AlsoContain blocks the users of the sessions from signing in again, before their
	// sessions are ended (a sign-out alone does not stop a new sign-in).
	AlsoContain bool
}

// PlanOrg decides, for one connection, which selected sessions are acted on, by which method
// and in how many calls, and which are left out and why. The admin's own session always is.
func PlanOrg(in OrgInput) (OrgPlan, []store.JobItem, []Identity) {
	p := OrgPlan{ConnectionID: in.Set.ConnectionID, Connection: in.Set.Connection, Kind: in.Kind, Remaining: -1,
		Admin: in.Admin, SnapshotAt: in.Set.SnapshotAt, SecretIDs: in.SecretIDs}
	excl := map[string]int{}
	reasons := map[string]string{}
	exclude := func(code, reason string, n int) {
		if n > 0 {
			excl[code] += n
			reasons[code] = reason
		}
	}
	exclude(ExclGone, "ticked, but not in the last refresh (gone since)", in.Set.Missing)
	own := map[string]bool{}
	for _, u := range in.Set.OwnUsers {
		own[u] = true
	}
	var kept []store.SignOutTarget
	for _, t := range in.Set.Targets {
		switch {
		case t.IsCurrent:
			exclude(ExclOwnSession, "the session SessionScope is signed in with (ending it would sign the app out)", 1)
		case in.Action == ActionSignOut && !t.SignedOutAt.IsZero():
			exclude(ExclSignedOut, "already signed out from here since the last refresh", 1)
		case in.Action == ActionSignOut && !t.ExpiresAt.IsZero() && t.ExpiresAt.Before(in.Now):
			exclude(ExclExpired, "expired since the last refresh", 1)
		case in.Action == ActionSignOut && t.HeldBy != 0:
			exclude(ExclInJob, fmt.Sprintf("already in job %d, which has not finished (resume it)", t.HeldBy), 1)
		default:
			kept = append(kept, t)
		}
	}
	ids := identities(in.Set, own)
	var items []store.JobItem
	switch {
	case in.OpenErr != nil:
		p.Refused = "cannot use this connection: " + in.OpenErr.Error()
		exclude(ExclNotSupported, p.Refused, len(kept))
	case in.Action == ActionContain:
		items = planContain(&p, in, kept, own, exclude)
	default:
		if in.AlsoContain {
			items = alsoContain(&p, in, kept, own)
		}
		items = append(items, planSignOut(&p, in, kept, own, exclude)...)
	}
	for code, n := range excl {
		p.Excluded = append(p.Excluded, Exclusion{Code: code, Reason: reasons[code], Count: n})
	}
	sort.Slice(p.Excluded, func(i, j int) bool { return p.Excluded[i].Code < p.Excluded[j].Code })
	p.Items = len(items)
	if in.Limit != nil && in.Limit.Limit > 0 {
		p.Remaining, p.Limit = max(in.Limit.Limit-in.Limit.Used, 0), in.Limit.Raw
		p.OverLimit = int64(p.Calls) > p.Remaining
	}
	return p, items, ids
}

func identities(set store.TargetSet, own map[string]bool) []Identity {
	byUser := map[string]*Identity{}
	var order []string
	for _, t := range set.Targets {
		key := t.UserID
		if key == "" {
			key = "\x00" + strings.ToLower(t.Username)
		}
		id := byUser[key]
		if id == nil {
			id = &Identity{ConnectionID: set.ConnectionID, Connection: set.Connection, UserID: t.UserID, Username: t.Username,
				HoldsOwnSession: own[t.UserID] && t.UserID != ""}
			byUser[key] = id
			order = append(order, key)
		}
		id.Sessions++
	}
	out := make([]Identity, 0, len(order))
	for _, k := range order {
		out = append(out, *byUser[k])
	}
	return out
}

func planContain(p *OrgPlan, in OrgInput, kept []store.SignOutTarget, own map[string]bool, exclude func(string, string, int)) []store.JobItem {
	if !in.Caps.ContainUser {
		p.Refused = in.Kind + " connections cannot block a user from signing in"
		exclude(ExclNotSupported, p.Refused, len(kept))
		return nil
	}
	var items []store.JobItem
	seen := map[string]int{}
	for _, t := range kept {
		switch {
		case t.UserID == "":
			exclude(ExclNoUser, "the server names no user for this session", 1)
		case own[t.UserID]:
			exclude(ExclOwnUser, "a session of the user SessionScope is signed in as (blocking it would lock the app out)", 1)
		default:
			if i, ok := seen[t.UserID]; ok {
				items[i].Sessions++
				continue
			}
			seen[t.UserID] = len(items)
			items = append(items, store.JobItem{ConnectionID: p.ConnectionID, Method: store.MethodContain, Target: t.UserID,
				UserID: t.UserID, Username: t.Username, Sessions: 1})
		}
	}
	p.Method, p.Users, p.Calls = store.MethodContain, len(items), len(items)
	for _, it := range items {
		p.Sessions += it.Sessions
	}
	return items
}

// alsoContain plans blocking the users of a sign-out first, where the server can. Users left
// unblocked (the admin's own, sessions without a user) are said in a warning; their sessions
// are still ended.
func alsoContain(p *OrgPlan, in OrgInput, kept []store.SignOutTarget, own map[string]bool) []store.JobItem {
	if !in.Caps.ContainUser {
		p.Warnings = append(p.Warnings, in.Kind+" connections cannot block a user from signing in: the sessions are ended, the users are not blocked")
		return nil
	}
	sub := OrgPlan{ConnectionID: p.ConnectionID}
	skipped := map[string]int{}
	items := planContain(&sub, in, kept, own, func(code, _ string, n int) { skipped[code] += n })
	if n := skipped[ExclOwnUser]; n > 0 {
		p.Warnings = append(p.Warnings, "the user SessionScope is signed in as is not blocked (it would lock the app out)")
	}
	if n := skipped[ExclNoUser]; n > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%d sessions name no user, so nobody is blocked for them", n))
	}
	p.Contained, p.Calls = len(items), p.Calls+len(items)
	return items
}

func planSignOut(p *OrgPlan, in OrgInput, kept []store.SignOutTarget, own map[string]bool, exclude func(string, string, int)) []store.JobItem {
	var users, single []store.JobItem
	userAt := map[string]int{}
	for _, t := range kept {
		if in.UserWide && in.Caps.RevokeUser && t.UserID != "" && !own[t.UserID] {
			if i, ok := userAt[t.UserID]; ok {
				users[i].Sessions++
				continue
			}
			userAt[t.UserID] = len(users)
			users = append(users, store.JobItem{ConnectionID: p.ConnectionID, Method: store.MethodUser, Target: t.UserID,
				UserID: t.UserID, Username: t.Username, Sessions: 1})
			continue
		}
		single = append(single, store.JobItem{ConnectionID: p.ConnectionID, Target: t.SessionID, ParentID: t.ParentID,
			UserID: t.UserID, Username: t.Username, Sessions: 1})
	}
	method := ""
	switch {
	case in.Caps.RevokeBatch && in.Caps.MaxBatch > 1:
		method, p.BatchSize = store.MethodBatch, in.Caps.MaxBatch
	case in.Caps.RevokeOne:
		method, p.BatchSize = store.MethodSession, 1
	default:
		if len(single) > 0 {
			exclude(ExclNotSupported, in.Kind+" connections cannot end single sessions", len(single))
		}
		single = nil
	}
	for i := range single {
		single[i].Method = method
	}
	single = familiesTogether(single)
	p.Users = len(users)
	p.Method = method
	if len(users) > 0 {
		p.Method = store.MethodUser // the main method; the admin's own user's sessions go one by one
	}
	if method != "" && len(single) > 0 {
		p.Calls += (len(single) + p.BatchSize - 1) / p.BatchSize
	}
	p.Calls += len(users)
	for _, it := range users {
		p.Sessions += it.Sessions
	}
	p.Sessions += len(single)
	return append(users, single...)
}

// familiesTogether orders sessions so that a family's parent comes first and its children
// right after it: ending a parent ends its children on servers with families (Salesforce), and
// a child answered "already deleted" is then known to have gone with its parent.
func familiesTogether(items []store.JobItem) []store.JobItem {
	first := map[string]int{}
	for i, it := range items {
		root := it.ParentID
		if root == "" {
			root = it.Target
		}
		if _, ok := first[root]; !ok {
			first[root] = i
		}
	}
	rootOf := func(it store.JobItem) string {
		if it.ParentID != "" {
			return it.ParentID
		}
		return it.Target
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := first[rootOf(items[i])], first[rootOf(items[j])]
		if a != b {
			return a < b
		}
		return items[i].ParentID == "" && items[j].ParentID != ""
	})
	return items
}

// Fingerprint identifies a plan by what it acts on: the same sessions, users and methods give
// the same fingerprint whatever the order or the reason.
func Fingerprint(action string, items []store.JobItem) string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = fmt.Sprintf("%d|%s|%s", it.ConnectionID, it.Method, it.Target)
	}
	slices.Sort(keys)
	h := sha256.New()
	h.Write([]byte(action))
	for _, k := range keys {
		h.Write([]byte{'\n'})
		h.Write([]byte(k))
	}
	return hex.EncodeToString(h.Sum(nil))
}
