package kratos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// kSession is the part of Kratos's session object we read.
type kSession struct {
	ID              string  `json:"id"`
	Active          *bool   `json:"active"`
	ExpiresAt       *string `json:"expires_at"`
	AuthenticatedAt *string `json:"authenticated_at"`
	IssuedAt        *string `json:"issued_at"`
	AAL             string  `json:"authenticator_assurance_level"`
	Methods         []struct {
		Method   string `json:"method"`
		Provider string `json:"provider"`
	} `json:"authentication_methods"`
	Identity *struct {
		ID       string          `json:"id"`
		SchemaID string          `json:"schema_id"`
		State    string          `json:"state"`
		Traits   json.RawMessage `json:"traits"`
	} `json:"identity"`
	Devices []kDevice `json:"devices"`
}

type kDevice struct {
	IPAddress *string `json:"ip_address"`
	UserAgent *string `json:"user_agent"`
	Location  *string `json:"location"`
}

// kTime parses Kratos's RFC 3339 times (nanoseconds, "Z"); Go's zero time means unset.
func kTime(p *string) (time.Time, error) {
	if p == nil || *p == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *p)
	if err != nil {
		return time.Time{}, fmt.Errorf("unreadable time %q", *p)
	}
	if t.Year() <= 1 {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}

// mapSession maps one session record onto the common model and says whether it is active:
// Kratos's own flag (computed from the disabled flag, the expiry and — with the identity
// expanded — the identity's state), the identity's state and the expiry checked again here.
func mapSession(raw json.RawMessage, now time.Time) (session.Session, bool, error) {
	var r kSession
	if err := json.Unmarshal(raw, &r); err != nil {
		return session.Session{}, false, err
	}
	if r.ID == "" {
		return session.Session{}, false, fmt.Errorf("a session has no id")
	}
	s := session.Session{ID: r.ID, SecurityLevel: r.AAL, LoginType: loginType(r), Raw: raw}
	issued, err := kTime(r.IssuedAt)
	if err != nil {
		return s, false, fmt.Errorf("session %s issued_at: %w", r.ID, err)
	}
	authed, err := kTime(r.AuthenticatedAt)
	if err != nil {
		return s, false, fmt.Errorf("session %s authenticated_at: %w", r.ID, err)
	}
	if s.ExpiresAt, err = kTime(r.ExpiresAt); err != nil {
		return s, false, fmt.Errorf("session %s expires_at: %w", r.ID, err)
	}
	// issued_at is when the session began; authenticated_at moves when a second factor completes.
	s.CreatedAt = issued
	if s.CreatedAt.IsZero() {
		s.CreatedAt = authed
	}
	active := r.Active == nil || *r.Active
	if id := r.Identity; id != nil {
		s.UserID, s.UserType = id.ID, id.SchemaID
		s.Username, s.UserName = traitNames(id.Traits)
		if id.State != "" && id.State != "active" {
			active = false
		}
	}
	if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(now) {
		active = false
	}
	mapDevice(&s, r.Devices)
	return s, active, nil
}

// loginType joins the methods used, e.g. "password + totp" or "oidc (google)".
func loginType(r kSession) string {
	parts := make([]string, 0, len(r.Methods))
	for _, m := range r.Methods {
		p := m.Method
		if m.Provider != "" {
			p += " (" + m.Provider + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " + ")
}

// traitNames picks the login name and the display name from schema-defined traits: the login
// name is traits.email, else traits.username, else the first string trait in document order;
// the display name is traits.name, a string or {first, last}.
func traitNames(traits json.RawMessage) (login, display string) {
	dec := json.NewDecoder(bytes.NewReader(traits))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", ""
	}
	var firstString, email, username string
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := kt.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		var str string
		isString := json.Unmarshal(v, &str) == nil
		switch {
		case key == "email" && isString:
			email = str
		case key == "username" && isString:
			username = str
		case key == "name":
			display = displayName(v)
		}
		if isString && firstString == "" && str != "" {
			firstString = str
		}
	}
	for _, v := range []string{email, username, firstString} {
		if v != "" {
			return v, display
		}
	}
	return "", display
}

func displayName(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n struct {
		First string `json:"first"`
		Last  string `json:"last"`
	}
	if json.Unmarshal(v, &n) == nil {
		return strings.TrimSpace(n.First + " " + n.Last)
	}
	return ""
}

// mapDevice fills the source IP, location and user agent from devices[], the history of the
// endpoints that used the session: the newest entry that recorded an address wins.
func mapDevice(s *session.Session, devs []kDevice) {
	var pick *kDevice
	for i := len(devs) - 1; i >= 0; i-- {
		if devs[i].IPAddress != nil && *devs[i].IPAddress != "" {
			pick = &devs[i]
			break
		}
	}
	if pick == nil && len(devs) > 0 {
		pick = &devs[len(devs)-1]
	}
	if pick == nil {
		return
	}
	if pick.IPAddress != nil {
		s.SourceIP = cleanIP(*pick.IPAddress)
	}
	if pick.Location != nil {
		s.Geo = parseLocation(*pick.Location)
	}
	if pick.UserAgent != nil {
		s.Device = parseUserAgent(*pick.UserAgent)
	}
}

// cleanIP turns what Kratos recorded into a bare address. Kratos stores "" when the only
// forwarding header held private addresses, and the TCP peer as "host:port" (IPv6 as
// "[::1]:port") when no header was present.
func cleanIP(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if a, err := netip.ParseAddr(v); err == nil {
		return a.Unmap().String()
	}
	if host, _, err := net.SplitHostPort(v); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			return a.Unmap().String()
		}
		return host
	}
	return v
}

// parseLocation reads Kratos's "City, CC" (built from Cloudflare's Cf-Ipcity and Cf-Ipcountry;
// either may be missing). "" means Kratos had no location.
func parseLocation(loc string) session.Geo {
	loc = strings.TrimSpace(loc)
	if loc == "" {
		return session.Geo{}
	}
	g := session.Geo{Source: "server"}
	city, cc := "", loc
	if i := strings.LastIndex(loc, ","); i >= 0 {
		city, cc = strings.TrimSpace(loc[:i]), strings.TrimSpace(loc[i+1:])
	}
	if isCountryCode(cc) {
		g.City, g.CountryCode = city, strings.ToUpper(cc)
		// Cloudflare sends XX when it does not know the country and T1 for Tor exits.
		if g.CountryCode == "XX" || g.CountryCode == "T1" {
			g.CountryCode = ""
		}
	} else {
		g.City = loc
	}
	return g
}

func isCountryCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		if c := s[i] | 0x20; (c < 'a' || c > 'z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
