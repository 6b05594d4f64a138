package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// rfc3339 is how times cross the bridge: UTC, "" when unknown.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// toFilter parses the bridge filter; a time that is not RFC 3339 is the user's to fix.
func (f SessionFilter) toFilter() (session.Filter, error) {
	out := session.Filter{ConnectionIDs: f.ConnectionIDs, User: f.User, Username: f.Username, IP: f.IP,
		SessionType: f.SessionType, Countries: f.Countries, City: f.City, Place: f.Place, ASN: f.ASN,
		LoginType: f.LoginType, SecurityLevel: f.SecurityLevel, Browser: f.Browser, Platform: f.Platform,
		DeviceType: f.DeviceType, NewOnly: f.NewOnly, Text: f.Text,
		Flags: session.FlagFilter{Flagged: f.Flagged, Rule: strings.TrimSpace(f.FlagRule), Severity: strings.TrimSpace(f.FlagSeverity)}}
	for _, t := range []struct {
		name string
		in   string
		dst  *time.Time
	}{{"login from", f.CreatedFrom, &out.CreatedFrom}, {"login to", f.CreatedTo, &out.CreatedTo},
		{"last active from", f.ActiveFrom, &out.ActiveFrom}, {"last active to", f.ActiveTo, &out.ActiveTo}} {
		if strings.TrimSpace(t.in) == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339, strings.TrimSpace(t.in))
		if err != nil {
			return out, &session.FilterError{Msg: fmt.Sprintf("%q is not a time for %q (use a date and time like 2026-11-23T09:00:00Z)", t.in, t.name)}
		}
		*t.dst = v
	}
	return out, out.Validate()
}

// toRow maps a stored session to a table row; secretIDs shortens a credential-like id for display.
func toRow(r workspace.Row, kind workspace.KindTraits) SessionRow {
	s := r.Session
	display := s.ID
	if kind.SessionIDIsSecret {
		display = session.ShortID(s.ID)
	}
	return SessionRow{
		ConnectionID: s.ConnectionID, Connection: r.Connection, ID: s.ID, DisplayID: display, ParentID: s.ParentID,
		UserID: s.UserID, Username: s.Username, Name: s.UserName, UserType: s.UserType,
		SessionType: s.SessionType, LoginType: s.LoginType, SecurityLevel: s.SecurityLevel,
		CreatedAt: rfc3339(s.CreatedAt), LastActiveAt: rfc3339(s.LastActiveAt),
		LastActiveUnreported: s.LastActiveAt.IsZero() && kind.NoLastActive, ExpiresAt: rfc3339(s.ExpiresAt),
		SourceIP: s.SourceIP, City: s.Geo.City, Subdivision: s.Geo.Subdivision, Country: s.Geo.Country,
		CountryCode: s.Geo.CountryCode, Latitude: s.Geo.Latitude, Longitude: s.Geo.Longitude, GeoSource: s.Geo.Source,
		ASN: s.Geo.ASN, ASNOrg: s.Geo.ASNOrg, DeviceType: s.Device.DeviceType,
		Browser: s.Device.Browser, Platform: s.Device.Platform, Application: s.Device.Application,
		UserAgent: s.Device.UserAgent, IsCurrent: s.IsCurrent, EndedAt: rfc3339(r.EndedAt),
		RowID: r.RowID, Flags: []Flag{},
	}
}

// prettyJSON indents the server's record for the detail pane (as received when it is not JSON).
func prettyJSON(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

// nonNilStrings keeps Go's nil slices from crossing as null.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
