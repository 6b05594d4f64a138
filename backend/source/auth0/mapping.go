package auth0

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// userRec is the part of a user record the listing needs (see userFields).
type userRec struct {
	ID         string          `json:"user_id"`
	Email      string          `json:"email"`
	Username   string          `json:"username"`
	Phone      string          `json:"phone_number"`
	Name       string          `json:"name"`
	Nickname   string          `json:"nickname"`
	CreatedAt  json.RawMessage `json:"created_at"`
	Identities []struct {
		Connection string `json:"connection"`
		Provider   string `json:"provider"`
	} `json:"identities"`
}

// userFields is the fields= list of the user search: only what a session row shows.
const userFields = "user_id,email,username,phone_number,name,nickname,created_at,identities"

// sessionRec is Auth0's session object (apis.md §4.3). Dates are SessionDate: a string, an
// object or null, so they are decoded by parseDate.
type sessionRec struct {
	ID               string          `json:"id"`
	UserID           string          `json:"user_id"`
	CreatedAt        json.RawMessage `json:"created_at"`
	UpdatedAt        json.RawMessage `json:"updated_at"`
	AuthenticatedAt  json.RawMessage `json:"authenticated_at"`
	LastInteractedAt json.RawMessage `json:"last_interacted_at"`
	IdleExpiresAt    json.RawMessage `json:"idle_expires_at"`
	ExpiresAt        json.RawMessage `json:"expires_at"`
	Device           struct {
		InitialUserAgent string `json:"initial_user_agent"`
		LastUserAgent    string `json:"last_user_agent"`
		InitialIP        string `json:"initial_ip"`
		LastIP           string `json:"last_ip"`
	} `json:"device"`
	Clients []struct {
		ClientID string `json:"client_id"`
	} `json:"clients"`
	Authentication struct {
		Methods []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"methods"`
	} `json:"authentication"`
	Cookie struct {
		Mode string `json:"mode"`
	} `json:"cookie"`
}

// parseDate reads an Auth0 SessionDate, declared as a date-time string, an object or null
// (apis.md §4.3, §6). Strings are RFC 3339; numbers are Unix seconds or milliseconds; an
// object is searched for the usual wrappers ({"date": …}, {"$date": …}, {"seconds": …}).
// An object with none of those is "unknown" (zero time), not an error.
func parseDate(raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, err
		}
		return parseDateString(s)
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return time.Time{}, err
		}
		for _, k := range []string{"date", "$date", "value", "iso", "time", "timestamp"} {
			if v, ok := obj[k]; ok {
				return parseDate(v)
			}
		}
		for _, k := range []string{"seconds", "_seconds"} {
			if v, ok := obj[k]; ok {
				var sec, nanos float64
				if err := json.Unmarshal(v, &sec); err != nil {
					return time.Time{}, fmt.Errorf("unreadable date %s", raw)
				}
				for _, nk := range []string{"nanos", "_nanoseconds", "nanoseconds"} {
					if nv, ok := obj[nk]; ok {
						_ = json.Unmarshal(nv, &nanos)
					}
				}
				return time.Unix(int64(sec), int64(nanos)).UTC(), nil
			}
		}
		return time.Time{}, nil
	default:
		var n float64
		if err := json.Unmarshal(raw, &n); err != nil || math.IsNaN(n) {
			return time.Time{}, fmt.Errorf("unreadable date %s", raw)
		}
		if n > 1e12 { // milliseconds
			return time.UnixMilli(int64(n)).UTC(), nil
		}
		return time.Unix(int64(n), 0).UTC(), nil
	}
}

func parseDateString(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable date %q", s)
}

// mapSession maps one session record of user u onto the common model.
func mapSession(raw json.RawMessage, u *userRec) (session.Session, error) {
	var r sessionRec
	if err := json.Unmarshal(raw, &r); err != nil {
		return session.Session{}, err
	}
	if r.ID == "" {
		return session.Session{}, fmt.Errorf("a session of user %s has no id", u.ID)
	}
	s := session.Session{ID: r.ID, UserID: r.UserID, Raw: raw, SessionType: r.Cookie.Mode}
	if s.UserID == "" {
		s.UserID = u.ID
	}
	s.Username = firstOf(u.Email, u.Username, u.Phone)
	s.UserName = firstOf(u.Name, u.Nickname)
	if len(u.Identities) > 0 {
		s.UserType = u.Identities[0].Connection
	}
	var dates [6]time.Time
	for i, d := range []json.RawMessage{r.CreatedAt, r.AuthenticatedAt, r.LastInteractedAt, r.UpdatedAt, r.ExpiresAt, r.IdleExpiresAt} {
		t, err := parseDate(d)
		if err != nil {
			return s, fmt.Errorf("session %s: %w", r.ID, err)
		}
		dates[i] = t
	}
	created, authenticated, interacted, updated, expires, idle := dates[0], dates[1], dates[2], dates[3], dates[4], dates[5]
	s.CreatedAt = firstTime(created, authenticated)
	s.LastActiveAt = firstTime(interacted, updated)
	s.ExpiresAt = earliest(expires, idle) // whichever ends the session first
	s.SourceIP = firstOf(r.Device.LastIP, r.Device.InitialIP)
	ua := firstOf(r.Device.LastUserAgent, r.Device.InitialUserAgent)
	s.Device = describeAgent(ua)
	s.Device.UserAgent = ua
	var apps []string
	for _, c := range r.Clients {
		if c.ClientID != "" {
			apps = append(apps, c.ClientID)
		}
	}
	s.Device.Application = strings.Join(apps, ", ")
	s.LoginType, s.SecurityLevel = loginType(&r, u)
	return s, nil
}

// loginType joins the completed methods ("pwd + mfa") and derives the assurance: "MFA (otp)"
// when a second factor was completed, "passkey" for a passkey alone, else "single factor".
func loginType(r *sessionRec, u *userRec) (login, level string) {
	var names []string
	level = ""
	for _, m := range r.Authentication.Methods {
		name := m.Name
		if name == "federated" && len(u.Identities) > 0 && u.Identities[0].Connection != "" {
			name += " (" + u.Identities[0].Connection + ")"
		}
		names = append(names, name)
		switch {
		case m.Name == "mfa" && m.Type != "":
			level = "MFA (" + m.Type + ")"
		case m.Name == "mfa":
			level = "MFA"
		case m.Name == "passkey" && level == "":
			level = "passkey"
		}
	}
	if len(names) > 0 && level == "" {
		level = "single factor"
	}
	return strings.Join(names, " + "), level
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
