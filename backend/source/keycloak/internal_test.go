package keycloak

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source"
)

func TestExpiresAtRules(t *testing.T) {
	start := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	last := start.Add(2 * time.Hour)
	yes, no := true, false
	rs := realmSettings{ssoIdle: 1800, ssoMax: 36000, ssoIdleRM: 0, ssoMaxRM: 0, offlineIdle: 86400, offlineMax: 3600}
	cases := []struct {
		name     string
		rs       realmSettings
		remember *bool
		offline  bool
		want     time.Time
	}{
		{"idle first", rs, &no, false, last.Add(30 * time.Minute)},
		{"remember-me timeouts unset fall back", rs, &yes, false, last.Add(30 * time.Minute)},
		{"offline max disabled", rs, &no, true, last.Add(24 * time.Hour)},
		{"offline max enabled", func() realmSettings { r := rs; r.offlineMaxEnabled = true; return r }(), &no, true, start.Add(time.Hour)},
		{"max lifespan first", realmSettings{ssoIdle: 86400, ssoMax: 3 * 3600}, &no, false, start.Add(3 * time.Hour)},
		{"remember-me", realmSettings{ssoIdle: 1800, ssoMax: 36000, ssoIdleRM: 7 * 86400, ssoMaxRM: 30 * 86400}, &yes, false, last.Add(7 * 24 * time.Hour)},
		{"unknown remember-me takes the longer", realmSettings{ssoIdle: 1800, ssoMax: 36000, ssoIdleRM: 7 * 86400, ssoMaxRM: 30 * 86400}, nil, false, last.Add(7 * 24 * time.Hour)},
		{"unknown timeouts", realmSettings{}, &no, false, time.Time{}},
	}
	for _, c := range cases {
		if got := c.rs.expiresAt(start, last, c.remember, c.offline); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParseError(t *testing.T) {
	cases := []struct {
		status       int
		body         string
		code, server string
		msg          string
	}{
		{404, `{"error":"Sesssion not found"}`, source.CodeNotFound, "", "Sesssion not found"},
		{403, `{"error":"HTTP 403 Forbidden"}`, source.CodePermission, "", "HTTP 403 Forbidden"},
		{500, `{"error":"unknown_error","error_description":"For more on this error consult the server log."}`, source.CodeUnavailable, "unknown_error", "For more on this error consult the server log."},
		{409, `{"errorMessage":"User exists with same username"}`, source.CodeBadRequest, "", "User exists with same username"},
		{503, "<html><body><h1>503 Service Unavailable</h1></body></html>", source.CodeUnavailable, "", "Service Unavailable"},
		{429, "Too Many Requests", source.CodeRateLimit, "", "Too Many Requests"},
		{401, `{"error":"HTTP 401 Unauthorized"}`, source.CodeAuth, "", "HTTP 401 Unauthorized"},
	}
	for _, c := range cases {
		e := parseError(c.status, []byte(c.body))
		if e.Code != c.code || e.ServerCode != c.server || e.Message != c.msg {
			t.Errorf("%d %s: %+v", c.status, c.body, e)
		}
	}
}

func TestFlexCount(t *testing.T) {
	var rows []statRow
	if err := json.Unmarshal([]byte(`[{"id":"a","active":"12","offline":"0"},{"id":"b","active":3}]`), &rows); err != nil {
		t.Fatal(err)
	}
	if rows[0].Active != 12 || rows[0].Offline != 0 || rows[1].Active != 3 {
		t.Fatalf("%+v", rows)
	}
	if err := json.Unmarshal([]byte(`[{"active":"many"}]`), &rows); err == nil {
		t.Fatal("a count that is no number is an error")
	}
}

func TestGrantHintForMasterRealmAdmins(t *testing.T) {
	c := &Client{realm: "customers", authRealm: "master", clientID: "sessionscope-admin"}
	if h := c.grantHint("view-users"); !strings.Contains(h, "customers-realm role view-users") || !strings.Contains(h, "realm master") {
		t.Fatalf("%s", h)
	}
	c.authRealm = "customers"
	if h := c.grantHint("view-users"); !strings.Contains(h, "realm-management role view-users") {
		t.Fatalf("%s", h)
	}
}

func TestSplitID(t *testing.T) {
	if id, off := splitID("abc" + OfflineSuffix); id != "abc" || !off {
		t.Fatal(id, off)
	}
	if id, off := splitID("abc"); id != "abc" || off {
		t.Fatal(id, off)
	}
}

func TestReadClaimsToleratesOpaqueTokens(t *testing.T) {
	for _, tok := range []string{"", "opaque", "a.%%%.c", "a.bm90IGpzb24.c"} {
		if c := readClaims(tok); c.Sid != "" || c.PreferredUsername != "" {
			t.Fatalf("%q: %+v", tok, c)
		}
	}
}
