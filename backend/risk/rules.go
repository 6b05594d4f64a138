package risk

import "strings"

// Rule names one kind of flag. The names are stable: they are stored, filtered on and printed.
type Rule string

// The rules. Each has a fixed bit (see Rules) in the per-session rule mask the store keeps.
const (
	ImpossibleTravel      Rule = "impossible_travel"      // two logins too far apart for the time between them
	SimultaneousCountries Rule = "simultaneous_countries" // the same user in use from two countries at once
	CountryOutside        Rule = "country_outside_policy" // a country not on the approved list
	NetworkOutside        Rule = "network_outside_policy" // a public address outside the approved ranges
	TooOld                Rule = "too_old"                // an interactive session older than the policy allows
	TooIdle               Rule = "too_idle"               // an interactive session idle longer than the policy allows
	TooManySessions       Rule = "too_many_sessions"      // more sessions at once than the policy allows
	IntegrationUnapproved Rule = "integration_unapproved" // an API/OAuth session of an integration not on the list
	IntegrationStale      Rule = "integration_stale"      // an API/OAuth session kept far too long, or unused
	NewDevice             Rule = "new_device"             // a browser/platform not seen for this user recently
	NewLocation           Rule = "new_location"           // a country not seen for this user recently
	SessionDrift          Rule = "session_drift"          // one session seen from another network or country
)

// Severity orders flags: High first. The numbers are stored; 0 means "not flagged".
type Severity int

// Severities.
const (
	Low    Severity = 1
	Medium Severity = 2
	High   Severity = 3
)

func (s Severity) String() string {
	switch s {
	case High:
		return "high"
	case Medium:
		return "medium"
	case Low:
		return "low"
	}
	return ""
}

// ParseSeverity reads "high", "medium" or "low" (any case).
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "high":
		return High, true
	case "medium":
		return Medium, true
	case "low":
		return Low, true
	}
	return 0, false
}

// RuleInfo describes a rule for the window, the command line and the store.
type RuleInfo struct {
	Rule     Rule
	Bit      uint     // its bit in the stored rule mask: never renumbered
	Severity Severity // the usual severity (session drift is High for a country, Medium for a network)
	Label    string
	Help     string
}

// Rules lists every rule in display order.
var Rules = []RuleInfo{
	{ImpossibleTravel, 0, High, "Impossible travel", "Two logins of one user whose distance needs a speed above the policy's"},
	{SimultaneousCountries, 1, Medium, "Two countries at once", "One user's sessions in use from different countries at the same time"},
	{CountryOutside, 2, High, "Country outside policy", "A session from a country not on the approved list"},
	{NetworkOutside, 3, Medium, "Network outside policy", "A public address outside the approved IP ranges"},
	{TooOld, 4, Medium, "Older than policy", "An interactive session signed in longer ago than the maximum session age"},
	{TooIdle, 5, Low, "Idler than policy", "An interactive session unused for longer than the idle limit"},
	{TooManySessions, 6, Medium, "Too many sessions", "A user holding more sessions at once than the policy allows"},
	{IntegrationUnapproved, 7, High, "Unapproved integration", "An API/OAuth session whose user or client is not on the approved list"},
	{IntegrationStale, 8, Medium, "Stale integration", "An API/OAuth session signed in too long ago, or unused too long"},
	{NewDevice, 9, Low, "New device", "A browser and platform not seen for this user in the previous refreshes"},
	{NewLocation, 10, Medium, "New location", "A country not seen for this user in the previous refreshes"},
	{SessionDrift, 11, High, "Session drift", "One session seen from another country or network than before: a stolen cookie?"},
}

// Info returns the description of a rule; ok is false for an unknown name.
func Info(r Rule) (RuleInfo, bool) {
	for _, ri := range Rules {
		if ri.Rule == r {
			return ri, true
		}
	}
	return RuleInfo{}, false
}

// ParseRule reads a rule name (any case; "-" for "_" is fine).
func ParseRule(s string) (Rule, bool) {
	r := Rule(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	_, ok := Info(r)
	return r, ok
}

// Mask is the stored bit of a rule; 0 for an unknown rule.
func (r Rule) Mask() int64 {
	if ri, ok := Info(r); ok {
		return 1 << ri.Bit
	}
	return 0
}

// RuleNames lists the rule names, for error messages.
func RuleNames() []string {
	out := make([]string, len(Rules))
	for i, ri := range Rules {
		out[i] = string(ri.Rule)
	}
	return out
}

// Flag is one finding: a rule, how bad, why (with the numbers), and the sessions involved (the
// store's row ids, in the order the rule met them).
type Flag struct {
	Rule     Rule
	Severity Severity
	Reason   string
	User     string  // the user's key (lower-case username); "" for a session without a user
	Rows     []int64 // store row ids of the sessions involved
}
