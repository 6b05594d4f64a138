package auth0

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDateShapes(t *testing.T) {
	want := time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)
	for _, raw := range []string{
		`"2026-03-02T09:15:00Z"`, `"2026-03-02T09:15:00.000Z"`, `"2026-03-02T10:15:00+01:00"`,
		`{"date":"2026-03-02T09:15:00.000Z"}`, `{"$date":"2026-03-02T09:15:00Z"}`,
		`1772442900`, `1772442900000`, `{"seconds":1772442900,"nanos":0}`, `{"_seconds":1772442900}`,
	} {
		got, err := parseDate(json.RawMessage(raw))
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseDate(%s) = %v, %v", raw, got, err)
		}
	}
	for _, raw := range []string{``, `null`, `""`, `{}`, `{"unknown":"shape"}`} {
		if got, err := parseDate(json.RawMessage(raw)); err != nil || !got.IsZero() {
			t.Errorf("parseDate(%s) = %v, %v; want unknown (zero), no error", raw, got, err)
		}
	}
	for _, raw := range []string{`"yesterday"`, `true`, `[1]`} {
		if _, err := parseDate(json.RawMessage(raw)); err == nil {
			t.Errorf("parseDate(%s) must fail", raw)
		}
	}
}

const sampleSession = `{
  "id": "aBcD1234efGH5678ijKL9012mnOP3456", "user_id": "auth0|64f0c0ffee",
  "created_at": "2026-03-02T09:15:00.000Z", "updated_at": "2026-03-02T11:00:00.000Z",
  "authenticated_at": {"date": "2026-03-02T09:15:00.000Z"},
  "last_interacted_at": "2026-03-02T10:59:00.000Z",
  "idle_expires_at": "2026-03-05T10:59:00.000Z", "expires_at": "2026-03-09T09:15:00.000Z",
  "device": {"initial_user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    "initial_ip": "198.51.100.20", "initial_asn": "AS3320",
    "last_user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
    "last_ip": "203.0.113.9", "last_asn": "AS7922"},
  "clients": [{"client_id": "portal"}, {"client_id": "admin"}],
  "authentication": {"methods": [{"name": "pwd", "timestamp": "2026-03-02T09:15:00.000Z"},
    {"name": "mfa", "type": "otp", "timestamp": "2026-03-02T09:15:20.000Z"}]},
  "cookie": {"mode": "persistent"}, "session_metadata": {"device_name": "Work laptop"}
}`

func TestMapSession(t *testing.T) {
	u := &userRec{ID: "auth0|64f0c0ffee", Email: "jane.doe@example.com", Name: "Jane Doe",
		Identities: []struct {
			Connection string `json:"connection"`
			Provider   string `json:"provider"`
		}{{"Username-Password-Authentication", "auth0"}}}
	s, err := mapSession(json.RawMessage(sampleSession), u)
	if err != nil {
		t.Fatal(err)
	}
	at := func(v string) time.Time { t, _ := time.Parse(time.RFC3339, v); return t }
	checks := []struct {
		name      string
		got, want any
	}{
		{"ID", s.ID, "aBcD1234efGH5678ijKL9012mnOP3456"},
		{"UserID", s.UserID, "auth0|64f0c0ffee"},
		{"Username", s.Username, "jane.doe@example.com"},
		{"UserName", s.UserName, "Jane Doe"},
		{"UserType", s.UserType, "Username-Password-Authentication"},
		{"CreatedAt", s.CreatedAt, at("2026-03-02T09:15:00Z")},
		{"LastActiveAt", s.LastActiveAt, at("2026-03-02T10:59:00Z")},
		// The idle expiry comes first: that is when the session really ends.
		{"ExpiresAt", s.ExpiresAt, at("2026-03-05T10:59:00Z")},
		{"SourceIP", s.SourceIP, "203.0.113.9"},
		{"UserAgent", s.Device.UserAgent, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1"},
		{"Browser", s.Device.Browser, "Safari 18"},
		{"Platform", s.Device.Platform, "iOS"},
		{"DeviceType", s.Device.DeviceType, "Mobile"},
		{"Application", s.Device.Application, "portal, admin"},
		{"LoginType", s.LoginType, "pwd + mfa"},
		{"SecurityLevel", s.SecurityLevel, "MFA (otp)"},
		{"SessionType", s.SessionType, "persistent"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if string(s.Raw) != sampleSession {
		t.Error("Raw must be the record as received")
	}
}

func TestMapSessionFallbacks(t *testing.T) {
	u := &userRec{ID: "google-oauth2|1", Username: "jd", Nickname: "jane",
		Identities: []struct {
			Connection string `json:"connection"`
			Provider   string `json:"provider"`
		}{{"google-oauth2", "google-oauth2"}}}
	raw := `{"id":"x1","created_at":null,"authenticated_at":"2026-03-02T09:15:00Z","updated_at":"2026-03-02T09:20:00Z",
		"expires_at":"2026-03-09T09:15:00Z","idle_expires_at":null,
		"device":{"initial_ip":"192.0.2.7","last_ip":null,"initial_user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0"},
		"authentication":{"methods":[{"name":"federated"}]}}`
	s, err := mapSession(json.RawMessage(raw), u)
	if err != nil {
		t.Fatal(err)
	}
	if s.UserID != u.ID || s.Username != "jd" || s.UserName != "jane" || s.SourceIP != "192.0.2.7" ||
		s.CreatedAt.IsZero() || s.LastActiveAt.IsZero() || s.ExpiresAt.Day() != 9 ||
		s.LoginType != "federated (google-oauth2)" || s.SecurityLevel != "single factor" ||
		s.Device.Browser != "Firefox 143" || s.Device.Platform != "Linux" {
		t.Fatalf("%+v", s)
	}
	if _, err := mapSession(json.RawMessage(`{"user_id":"x"}`), u); err == nil {
		t.Fatal("a session without id must be an error")
	}
	if _, err := mapSession(json.RawMessage(`{"id":"x","expires_at":"soon"}`), u); err == nil {
		t.Fatal("an unreadable date must be an error")
	}
}

func TestDescribeAgent(t *testing.T) {
	for ua, want := range map[string][3]string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0":       {"Edge 141", "Windows", "Desktop"},
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15":               {"Safari 26", "macOS", "Desktop"},
		"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36": {"Samsung Internet 28", "Android", "Mobile"},
		"Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1":      {"Safari 18", "iPadOS", "Tablet"},
		"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36":                      {"Chrome 140", "ChromeOS", "Desktop"},
		"curl/8.5.0": {"", "", ""},
	} {
		d := describeAgent(ua)
		if got := [3]string{d.Browser, d.Platform, d.DeviceType}; got != want {
			t.Errorf("%s: %v, want %v", ua, got, want)
		}
	}
}

func TestParseErrorBodies(t *testing.T) {
	for _, tc := range []struct {
		status         int
		body, code     string
		server, inText string
	}{
		{403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:sessions","errorCode":"insufficient_scope"}`,
			"permission", "insufficient_scope", "read:sessions"},
		{403, `{"statusCode":403,"error":"Forbidden","message":"This feature is not enabled for this tenant."}`, "permission", "", "Enterprise"},
		{401, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`, "auth", "", "Invalid token"},
		{404, `{"statusCode":404,"error":"Not Found","message":"The session does not exist.","errorCode":"inexistent_session"}`, "not_found", "inexistent_session", "does not exist"},
		{429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`, "rate_limit", "too_many_requests", "Global limit"},
		{503, `<html>upstream down</html>`, "unavailable", "", "upstream down"},
		{400, `{"statusCode":400,"error":"Bad Request","message":"You can only page through the first 1000 records.","errorCode":"invalid_paging"}`, "bad_request", "invalid_paging", "1000"},
	} {
		e := parseError(tc.status, []byte(tc.body))
		if e.Code != tc.code || e.ServerCode != tc.server || !strings.Contains(e.Error(), tc.inText) || e.Status != tc.status {
			t.Errorf("%d %s → %+v", tc.status, tc.body, e)
		}
	}
}
