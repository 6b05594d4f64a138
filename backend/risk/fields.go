package risk

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Field names: the keys of overrides, of field errors and of the command line's `policy set`.
const (
	FieldApprovedCountries    = "approved_countries"
	FieldApprovedNetworks     = "approved_networks"
	FieldMaxSessions          = "max_sessions"
	FieldMaxAge               = "max_age"
	FieldMaxIdle              = "max_idle"
	FieldApprovedIntegrations = "approved_integrations"
	FieldIntegrationMaxAge    = "integration_max_age"
	FieldIntegrationMaxIdle   = "integration_max_idle"
	FieldTravelKmh            = "travel_kmh"
	FieldTravelMinKm          = "travel_min_km"
	FieldNewWithin            = "new_within"
)

// Field is one policy setting: how it is named, explained, read from text and written back.
type Field struct {
	Name  string
	Label string
	Help  string
	parse func(p *Policy, text string) error
	show  func(p Policy) string
}

// Limits of the values a field accepts.
const (
	maxListEntries = 1000
	maxEntryLen    = 200
)

// Fields lists every policy setting in display order.
var Fields = []Field{
	{FieldApprovedCountries, "Approved countries",
		"ISO country codes, comma-separated (FR, DE, US). Empty: every country is fine.",
		func(p *Policy, t string) error {
			v, err := parseCountries(t)
			p.ApprovedCountries = v
			return err
		}, func(p Policy) string { return strings.Join(p.ApprovedCountries, ", ") }},
	{FieldApprovedNetworks, "Approved IP ranges",
		"CIDR ranges, IPv4 or IPv6, comma-separated (203.0.113.0/24, 2001:db8::/32). Empty: every network is fine. Private addresses are never judged.",
		func(p *Policy, t string) error {
			v, err := parseNetworks(t)
			p.ApprovedNetworks = v
			return err
		}, func(p Policy) string {
			s := make([]string, len(p.ApprovedNetworks))
			for i, n := range p.ApprovedNetworks {
				s[i] = n.String()
			}
			return strings.Join(s, ", ")
		}},
	{FieldMaxSessions, "Most sessions per user",
		"How many sessions one user may hold at once. 0: no limit.",
		func(p *Policy, t string) error { return parseInt(&p.MaxSessions, t, 0, 100000) },
		func(p Policy) string { return strconv.Itoa(p.MaxSessions) }},
	{FieldMaxAge, "Maximum session age",
		"How long ago an interactive session may have signed in (30d, 12h). 0: no limit. Default: the server's own maximum where it can be read.",
		func(p *Policy, t string) error { return parseDuration(&p.MaxAge, t) },
		func(p Policy) string { return FormatDuration(p.MaxAge) }},
	{FieldMaxIdle, "Maximum idle time",
		"How long an interactive session may go unused (24h, 90m). 0: no limit. Default: the server's own idle timeout where it can be read.",
		func(p *Policy, t string) error { return parseDuration(&p.MaxIdle, t) },
		func(p Policy) string { return FormatDuration(p.MaxIdle) }},
	{FieldApprovedIntegrations, "Approved integrations",
		"Usernames or client/app names allowed to hold API and OAuth sessions, comma-separated. Empty: not judged.",
		func(p *Policy, t string) error {
			v, err := parseNames(t)
			p.ApprovedIntegrations = v
			return err
		}, func(p Policy) string { return strings.Join(p.ApprovedIntegrations, ", ") }},
	{FieldIntegrationMaxAge, "Integration session maximum age",
		"How long ago an API/OAuth session may have signed in before it counts as stale (90d). 0: no limit.",
		func(p *Policy, t string) error { return parseDuration(&p.IntegrationMaxAge, t) },
		func(p Policy) string { return FormatDuration(p.IntegrationMaxAge) }},
	{FieldIntegrationMaxIdle, "Integration session maximum idle time",
		"How long an API/OAuth session may go unused before it counts as stale (30d). 0: no limit.",
		func(p *Policy, t string) error { return parseDuration(&p.IntegrationMaxIdle, t) },
		func(p Policy) string { return FormatDuration(p.IntegrationMaxIdle) }},
	{FieldTravelKmh, "Impossible-travel speed",
		"km/h; two logins needing a faster trip are flagged (900 is about an airliner).",
		func(p *Policy, t string) error { return parseFloat(&p.TravelKmh, t, 50, 100000) },
		func(p Policy) string { return strconv.FormatFloat(p.TravelKmh, 'f', -1, 64) }},
	{FieldTravelMinKm, "Shortest judged trip",
		"km; logins closer than this are not judged for travel (GeoIP places cities, not streets).",
		func(p *Policy, t string) error { return parseFloat(&p.TravelMinKm, t, 0, 5000) },
		func(p Policy) string { return strconv.FormatFloat(p.TravelMinKm, 'f', -1, 64) }},
	{FieldNewWithin, "History for new devices and locations",
		fmt.Sprintf("A device or country counts as new when the user was not seen with it in this many previous refreshes (1–%d).", HistoryMax),
		func(p *Policy, t string) error { return parseInt(&p.NewWithin, t, 1, HistoryMax) },
		func(p Policy) string { return strconv.Itoa(p.NewWithin) }},
}

// FieldByName finds a field.
func FieldByName(name string) (Field, bool) {
	name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Show is the field's value in p, as text that parses back to the same value.
func (f Field) Show(p Policy) string { return f.show(p) }

// FieldError is one setting that does not parse, with a message a user can act on.
type FieldError struct {
	Field string
	Msg   string
}

// ValidationError lists every setting of one change that does not parse.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Msg
	}
	return "policy not saved: " + strings.Join(parts, "; ")
}

// Apply parses overrides (field name → text) into p. An empty text leaves the field as it is
// (the override is cleared by the caller). Every bad field is reported; p is changed only when
// all of them parse.
func Apply(p *Policy, overrides map[string]string) error {
	next := *p
	var bad []FieldError
	names := make([]string, 0, len(overrides))
	for n := range overrides {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := FieldByName(name)
		if !ok {
			bad = append(bad, FieldError{name, "no such setting; use one of " + strings.Join(FieldNames(), ", ")})
			continue
		}
		text := strings.TrimSpace(overrides[name])
		if text == "" {
			continue
		}
		if len(text) > 64*1024 {
			bad = append(bad, FieldError{f.Name, "too long"})
			continue
		}
		if err := f.parse(&next, text); err != nil {
			bad = append(bad, FieldError{f.Name, err.Error()})
		}
	}
	if len(bad) > 0 {
		return &ValidationError{Fields: bad}
	}
	*p = next
	return nil
}

// Canonical rewrites overrides with each value as the field shows it once parsed (so "fr,de"
// is stored as "DE, FR"), and with names normalised; empty values are dropped.
func Canonical(overrides map[string]string) (map[string]string, error) {
	p := Defaults()
	if err := Apply(&p, overrides); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for name, v := range overrides {
		if strings.TrimSpace(v) == "" {
			continue
		}
		f, _ := FieldByName(name)
		out[f.Name] = f.show(p)
	}
	return out, nil
}

// FieldNames lists the settings' names.
func FieldNames() []string {
	out := make([]string, len(Fields))
	for i, f := range Fields {
		out[i] = f.Name
	}
	return out
}

func splitList(t string) []string {
	return strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' || r == '\r' })
}

func parseCountries(t string) ([]string, error) {
	var out []string
	for _, c := range splitList(t) {
		c = strings.ToUpper(c)
		if !IsCountryCode(c) {
			return nil, fmt.Errorf("%q is not an ISO 3166-1 country code (two letters, like FR or US)", c)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) > 300 {
		return nil, fmt.Errorf("too many countries")
	}
	sort.Strings(out)
	return out, nil
}

func parseNetworks(t string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range splitList(t) {
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			if a, aerr := netip.ParseAddr(s); aerr == nil {
				return nil, fmt.Errorf("%q is an address, not a range: write %s/%d for it alone", s, a, a.BitLen())
			}
			return nil, fmt.Errorf("%q is not a CIDR range (like 203.0.113.0/24 or 2001:db8::/32)", s)
		}
		if pre.Addr().Zone() != "" {
			return nil, fmt.Errorf("%q: a range cannot carry a zone", s)
		}
		if pre.Addr().Is4In6() && pre.Bits() >= 96 { // ::ffff:a.b.c.d/n is the IPv4 range a.b.c.d/(n-96)
			pre = netip.PrefixFrom(pre.Addr().Unmap(), pre.Bits()-96)
		}
		pre = pre.Masked()
		if !slices.Contains(out, pre) {
			out = append(out, pre)
		}
	}
	if len(out) > maxListEntries {
		return nil, fmt.Errorf("at most %d ranges", maxListEntries)
	}
	slices.SortFunc(out, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return out, nil
}

func parseNames(t string) ([]string, error) {
	var out []string
	for _, s := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if len(s) > maxEntryLen {
			return nil, fmt.Errorf("%q… is longer than %d characters", s[:20], maxEntryLen)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > maxListEntries {
		return nil, fmt.Errorf("at most %d names", maxListEntries)
	}
	sort.Strings(out)
	return out, nil
}

func parseInt(dst *int, t string, lo, hi int) error {
	n, err := strconv.Atoi(t)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", t)
	}
	if n < lo || n > hi {
		return fmt.Errorf("%d is outside %d–%d", n, lo, hi)
	}
	*dst = n
	return nil
}

func parseFloat(dst *float64, t string, lo, hi float64) error {
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return fmt.Errorf("%q is not a number", t)
	}
	if v < lo || v > hi {
		return fmt.Errorf("%s is outside %s–%s", t, strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64))
	}
	*dst = v
	return nil
}

// parseDuration reads "0", Go durations ("36h", "90m") and whole days ("30d").
func parseDuration(dst *time.Duration, t string) error {
	if t == "0" {
		*dst = 0
		return nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(t, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a duration (like 30d, 12h or 90m)", t)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(t); err != nil {
			return fmt.Errorf("%q is not a duration (like 30d, 12h or 90m)", t)
		}
	}
	if d < time.Minute || d > 10*365*24*time.Hour {
		return fmt.Errorf("%s is outside one minute to ten years (0 for no limit)", t)
	}
	*dst = d
	return nil
}

// FormatDuration writes a policy duration so parseDuration reads it back: "0", "30d", "36h",
// "90m".
func FormatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}
