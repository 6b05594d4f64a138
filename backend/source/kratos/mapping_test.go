package kratos

import (
	"encoding/json"
	"testing"
	"time"
)

func TestCleanIP(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "", // only private addresses in X-Forwarded-For
		"203.0.113.9":          "203.0.113.9",
		"127.0.0.1:53422":      "127.0.0.1", // the TCP peer, no forwarding header
		"[::1]:53422":          "::1",
		"[2a01:cb1c::1]:443":   "2a01:cb1c::1",
		"2a01:cb1c:799b::9fee": "2a01:cb1c:799b::9fee",
		"::ffff:198.51.100.7":  "198.51.100.7",
		" 10.0.3.17:8080 ":     "10.0.3.17",
		"not-an-address":       "not-an-address",
		"proxy.internal:8080":  "proxy.internal",
	} {
		if got := cleanIP(in); got != want {
			t.Errorf("cleanIP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLocation(t *testing.T) {
	for _, c := range []struct{ in, city, cc, source string }{
		{"San Diego, US", "San Diego", "US", "server"},
		{"", "", "", ""},
		{"DE", "", "DE", "server"},
		{"Zürich", "Zürich", "", "server"},
		{"Washington, D.C., US", "Washington, D.C.", "US", "server"},
		{"Paris, XX", "Paris", "", "server"},
		{"Berlin, T1", "Berlin", "", "server"},
	} {
		g := parseLocation(c.in)
		if g.City != c.city || g.CountryCode != c.cc || g.Source != c.source {
			t.Errorf("parseLocation(%q) = %+v, want city %q cc %q source %q", c.in, g, c.city, c.cc, c.source)
		}
	}
}

func TestTraitNamesFollowTheSchema(t *testing.T) {
	for _, c := range []struct{ traits, login, display string }{
		{`{"email":"jane@acme.example","name":{"first":"Jane","last":"Doe"}}`, "jane@acme.example", "Jane Doe"},
		{`{"username":"jdoe","email":"","name":"Jane Doe"}`, "jdoe", "Jane Doe"},
		{`{"name":{"first":"Ravi","last":"Iyer"},"phone":"+919812345678"}`, "+919812345678", "Ravi Iyer"},
		{`{"age":42,"nick":"rv","email":{"work":"x"}}`, "rv", ""},
		{`null`, "", ""},
		{`{}`, "", ""},
	} {
		login, display := traitNames(json.RawMessage(c.traits))
		if login != c.login || display != c.display {
			t.Errorf("traitNames(%s) = %q, %q; want %q, %q", c.traits, login, display, c.login, c.display)
		}
	}
}

const record = `{"id":"6f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f","active":true,"expires_at":"2026-07-02T10:00:02.123456789Z",
"authenticated_at":"2026-07-01T10:00:31.5Z","authenticator_assurance_level":"aal2",
"authentication_methods":[{"method":"oidc","aal":"aal1","completed_at":"2026-07-01T10:00:01Z","provider":"google"},
{"method":"totp","aal":"aal2","completed_at":"2026-07-01T10:00:31.5Z"}],"issued_at":"2026-07-01T10:00:02.123456789Z",
"identity":{"id":"11111111-2222-4333-8444-555555555555","schema_id":"employee","state":"active",
"traits":{"email":"jane@acme.example","name":{"first":"Jane","last":"Doe"}}},
"devices":[{"id":"d1","ip_address":"127.0.0.1:53422","user_agent":"okhttp/4.12.0","location":""},
{"id":"d2","ip_address":"[2a01:cb1c::7]:443","user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1","location":"San Diego, US"},
{"id":"d3","ip_address":"","user_agent":null,"location":""}]}`

func TestMapSession(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	s, active, err := mapSession(json.RawMessage(record), now)
	if err != nil || !active {
		t.Fatalf("mapSession: active=%v %v", active, err)
	}
	want := map[string][2]string{
		"ID":            {s.ID, "6f1c2b9e-5d4a-4c6b-8e7f-0a1b2c3d4e5f"},
		"UserID":        {s.UserID, "11111111-2222-4333-8444-555555555555"},
		"Username":      {s.Username, "jane@acme.example"},
		"UserName":      {s.UserName, "Jane Doe"},
		"UserType":      {s.UserType, "employee"},
		"LoginType":     {s.LoginType, "oidc (google) + totp"},
		"SecurityLevel": {s.SecurityLevel, "aal2"},
		"SourceIP":      {s.SourceIP, "2a01:cb1c::7"}, // the newest device that recorded an address
		"City":          {s.Geo.City, "San Diego"},
		"CountryCode":   {s.Geo.CountryCode, "US"},
		"GeoSource":     {s.Geo.Source, "server"},
		"Browser":       {s.Device.Browser, "Safari 19"},
		"Platform":      {s.Device.Platform, "iOS"},
		"DeviceType":    {s.Device.DeviceType, "Mobile"},
		"CreatedAt":     {s.CreatedAt.Format(time.RFC3339Nano), "2026-07-01T10:00:02.123456789Z"},
		"ExpiresAt":     {s.ExpiresAt.Format(time.RFC3339Nano), "2026-07-02T10:00:02.123456789Z"},
	}
	for k, v := range want {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", k, v[0], v[1])
		}
	}
	if !s.LastActiveAt.IsZero() {
		t.Error("Kratos has no last-activity field; LastActiveAt must stay unknown")
	}
	if string(s.Raw) != record {
		t.Error("Raw must be the record as received")
	}
}

func TestInactiveSessionsAreNotActive(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for name, rec := range map[string]string{
		"disabled":             `{"id":"a","active":false,"expires_at":"2026-07-02T00:00:00Z"}`,
		"expired":              `{"id":"a","active":true,"expires_at":"2026-07-01T11:59:59Z"}`,
		"identity deactivated": `{"id":"a","active":true,"identity":{"id":"i","state":"inactive","traits":{}}}`,
	} {
		if _, active, err := mapSession(json.RawMessage(rec), now); err != nil || active {
			t.Errorf("%s: active=%v err=%v, want inactive", name, active, err)
		}
	}
	if _, _, err := mapSession(json.RawMessage(`{"id":"a","issued_at":"yesterday"}`), now); err == nil {
		t.Error("an unreadable time must be an error")
	}
	if _, _, err := mapSession(json.RawMessage(`{"active":true}`), now); err == nil {
		t.Error("a session without an id must be an error")
	}
}

func TestParseUserAgent(t *testing.T) {
	for _, c := range []struct{ ua, browser, platform, device, app string }{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0", "Edge 142", "Windows", "Desktop", ""},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0", "Firefox 145", "Linux", "Desktop", ""},
		{"Mozilla/5.0 (Linux; Android 16; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36", "Chrome 142", "Android", "Mobile", ""},
		{"Mozilla/5.0 (iPad; CPU OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1", "Safari 19", "iOS", "Tablet", ""},
		{"Acme/5.4.0 (com.acme.app; build:5402; iOS 19.0.1) Alamofire/5.10.2", "", "iOS", "", "Acme 5.4.0"},
		{"okhttp/4.12.0", "", "", "", "okhttp 4.12.0"},
		{"   ", "", "", "", ""},
	} {
		d := parseUserAgent(c.ua)
		if d.Browser != c.browser || d.Platform != c.platform || d.DeviceType != c.device || d.Application != c.app || d.UserAgent != c.ua {
			t.Errorf("parseUserAgent(%q) = %+v", c.ua, d)
		}
	}
}

func TestNextPageTokenIgnoresOtherRels(t *testing.T) {
	tok, ok, err := nextPageToken([]string{`</admin/sessions?page_token=A&page_size=2>; rel="first"`,
		`</admin/sessions?page_size=2&page_token=b%2Bc%2Fd>; rel="next"`})
	if err != nil || !ok || tok != "b+c/d" {
		t.Fatalf("next token = %q, %v, %v", tok, ok, err)
	}
	if _, ok, _ := nextPageToken([]string{`</admin/sessions?page_token=A>; rel="first"`}); ok {
		t.Fatal("a last page (only rel=first) has no next token")
	}
	if _, ok, _ := nextPageToken(nil); ok {
		t.Fatal("no Link header means no next page")
	}
}
