package risk

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Obs is one session as the rules read it: the fields they judge, nothing more.
type Obs struct {
	Row         int64  // the store's row id: what flags point at
	SessionID   string // the server's id (hashed into the history, never shown)
	UserKey     string // lower-case username; "" = no user
	Child       bool   // spawned by another session of the same login (a Salesforce child)
	SessionType string
	LoginType   string
	Username    string
	Application string // the client/app the session is for
	Created     int64  // Unix ms, 0 = unknown
	LastActive  int64  // Unix ms, 0 = unknown
	IP          netip.Addr
	ASN         uint32
	CountryCode string
	Country     string
	City        string
	HasCoords   bool
	Lat, Lon    float64
	GeoSource   string
	Browser     string
	Platform    string
	Endpoints   []Endpoint // the server's own list of where the session was used (Kratos devices[])
}

// Endpoint is one place a session was used from, as the server recorded it.
type Endpoint struct {
	IP          netip.Addr
	CountryCode string
	Location    string // as the server wrote it ("Munich, DE")
}

// Context is what one snapshot is judged with.
type Context struct {
	Policy Policy
	Now    time.Time // the snapshot's time on the server's clock (see ReferenceTime)
	Prev   *History  // the history up to the previous snapshot; nil = none
}

// maxSkew bounds how far ahead of ours a server's clock is believed to run.
const maxSkew = time.Hour

// ReferenceTime is "now" for judging a snapshot's ages and idle times. It is our clock at the
// start of the refresh, moved forward when the server reported activity later than that (its
// clock runs ahead of ours), by at most an hour: a single absurd timestamp cannot move it
// further. A server clock running behind ours cannot be told from idle sessions and is not
// corrected.
func ReferenceTime(started time.Time, newestActivity time.Time) time.Time {
	if newestActivity.After(started) && newestActivity.Sub(started) <= maxSkew {
		return newestActivity
	}
	return started
}

// Engine judges a snapshot one user at a time and gathers its history.
type Engine struct {
	ctx  Context
	now  int64
	emit func(Flag)
	hist *historyBuilder
	nets []netip.Prefix
}

// NewEngine starts judging a snapshot; emit receives each flag as it is found.
func NewEngine(c Context, emit func(Flag)) *Engine {
	if c.Policy.NewWithin <= 0 {
		c.Policy.NewWithin = 1
	}
	return &Engine{ctx: c, now: c.Now.UnixMilli(), emit: emit, hist: newHistoryBuilder(c.Prev),
		nets: c.Policy.ApprovedNetworks}
}

// User judges every session of one user (all with the same UserKey). Sessions with no user
// ("" key) may come in one group: each is judged alone. The group's order does not matter.
func (e *Engine) User(group []Obs) {
	if len(group) == 0 {
		return
	}
	slices.SortFunc(group, func(a, b Obs) int {
		return cmp.Or(cmp.Compare(a.Created, b.Created), strings.Compare(a.SessionID, b.SessionID), cmp.Compare(a.Row, b.Row))
	})
	for i := range group {
		e.judgeSession(&group[i])
		e.hist.session(&group[i])
	}
	if group[0].UserKey == "" {
		return
	}
	e.tooMany(group)
	e.travel(group)
	e.simultaneous(group)
	e.newDevicesAndPlaces(group)
	e.hist.user(group)
}

// History is what the next snapshot's "new" and "drift" rules need, including this one.
func (e *Engine) History() *History { return e.hist.build() }

func (e *Engine) flag(r Rule, sev Severity, user, reason string, rows ...int64) {
	e.emit(Flag{Rule: r, Severity: sev, Reason: reason, User: user, Rows: rows})
}

// Compute judges a whole snapshot given as one slice, in any order: the flags come out sorted
// (see SortFlags), so the same sessions always give the same flags.
func Compute(c Context, sessions []Obs) ([]Flag, *History) {
	obs := slices.Clone(sessions)
	slices.SortStableFunc(obs, func(a, b Obs) int { return strings.Compare(a.UserKey, b.UserKey) })
	var out []Flag
	e := NewEngine(c, func(f Flag) { out = append(out, f) })
	for i := 0; i < len(obs); {
		j := i + 1
		for j < len(obs) && obs[j].UserKey == obs[i].UserKey {
			j++
		}
		e.User(obs[i:j])
		i = j
	}
	SortFlags(out)
	return out, e.History()
}

// SortFlags orders flags by severity (high first), then user, rule, rows and reason.
func SortFlags(fs []Flag) {
	slices.SortFunc(fs, func(a, b Flag) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), strings.Compare(a.User, b.User),
			strings.Compare(string(a.Rule), string(b.Rule)), slices.Compare(a.Rows, b.Rows), strings.Compare(a.Reason, b.Reason))
	})
}

// located reports whether a session's place is precise enough to judge travel: coordinates
// from the server or a GeoIP city, not a country's centre, not a private address.
func located(o *Obs) bool {
	return o.HasCoords && o.City != "" && o.GeoSource != "private" && !(o.Lat == 0 && o.Lon == 0)
}

// country is a session's country code when its location can be trusted for it.
func country(o *Obs) string {
	if o.GeoSource == "private" {
		return ""
	}
	return o.CountryCode
}

func countryName(o *Obs) string {
	if o.Country != "" && o.Country != o.CountryCode {
		return o.Country + " (" + o.CountryCode + ")"
	}
	return o.CountryCode
}

// IsIntegration reports whether a session is an API/OAuth/offline session rather than a
// person's interactive one: Salesforce "API" and "Oauth2" sessions, Keycloak offline sessions,
// and Keycloak service-account users.
func IsIntegration(o *Obs) bool {
	t := o.SessionType
	return strings.EqualFold(t, "api") || strings.EqualFold(t, "oauth2") || strings.EqualFold(t, "offline") ||
		strings.HasPrefix(o.UserKey, "service-account-")
}
