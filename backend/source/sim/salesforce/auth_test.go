package salesforcesim

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

func TestUnauthorized(t *testing.T) {
	e := newEnv(t, Config{Users: 20, AccessTokenTTL: time.Hour})
	path := queryPath("SELECT Id FROM AuthSession")
	for name, tok := range map[string]string{"no token": "", "unknown token": "00Dxx!AQnope"} {
		r := e.do("GET", path, tok)
		if r.status != 401 || r.errorCode(t) != "INVALID_SESSION_ID" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
		if r.header.Get("Sforce-Limit-Info") != "" {
			t.Errorf("%s: unauthenticated requests are not counted", name)
		}
	}
	if r := e.get(path); r.status != 200 {
		t.Fatalf("valid token: %d", r.status)
	}
	e.clock.Advance(time.Hour)
	if r := e.get(path); r.status != 401 {
		t.Errorf("token past its TTL: %d", r.status)
	}
	e.token = e.refresh()
	e.sim.ExpireAccessTokens()
	r := e.get(path)
	if r.status != 401 || r.errorCode(t) != "INVALID_SESSION_ID" {
		t.Errorf("after ExpireAccessTokens: %d %s", r.status, r.body)
	}
	var errs []map[string]string
	r.json(t, &errs)
	if errs[0]["message"] != "Session expired or invalid" {
		t.Errorf("message %q", errs[0]["message"])
	}
	e.token = e.refresh()
	if r := e.get(path); r.status != 200 {
		t.Errorf("refreshed token: %d", r.status)
	}
}

func TestLimitInfo(t *testing.T) {
	e := newEnv(t, Config{Users: 20, APILimit: 5})
	for i := 1; i <= 5; i++ {
		r := e.get(v + "/limits")
		if r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
		if got, want := r.header.Get("Sforce-Limit-Info"), "api-usage="+strconv.Itoa(i)+"/5"; got != want {
			t.Errorf("request %d: Sforce-Limit-Info %q, want %q", i, got, want)
		}
	}
	// The versions resource is free, errors after auth are counted.
	if r := e.do("GET", "/services/data/", ""); r.status != 200 || r.header.Get("Sforce-Limit-Info") != "" {
		t.Errorf("versions: %d %v", r.status, r.header)
	}
	r := e.get(v + "/limits")
	if r.status != 403 || r.errorCode(t) != "REQUEST_LIMIT_EXCEEDED" || r.header.Get("Sforce-Limit-Info") != "api-usage=5/5" {
		t.Errorf("over limit: %d %v %s", r.status, r.header, r.body)
	}
	e.sim.SetAPIUsage(10, 100)
	r = e.get(v + "/sobjects/AuthSession/nope")
	if r.status != 404 || r.header.Get("Sforce-Limit-Info") != "api-usage=11/100" {
		t.Errorf("error after auth: %d %v", r.status, r.header)
	}
	r = e.get(v + "/limits")
	var lim struct {
		DailyApiRequests struct{ Max, Remaining int64 }
	}
	r.json(t, &lim)
	if lim.DailyApiRequests.Max != 100 || lim.DailyApiRequests.Remaining != 88 {
		t.Errorf("limits: %s", r.body)
	}
}

func TestVersions(t *testing.T) {
	e := newEnv(t, Config{Users: 20, APIVersionMax: "64.0"})
	r := e.do("GET", "/services/data/", "")
	var vs []struct{ Label, URL, Version string }
	r.json(t, &vs)
	if len(vs) != 64-29+1 || vs[0].Version != "29.0" || vs[len(vs)-1].URL != "/services/data/v64.0" ||
		vs[len(vs)-1].Label != "Summer '25" {
		t.Errorf("versions: %s", r.body)
	}
	for _, bad := range []string{"v65.0", "v66.0", "v28.0", "v64", "v64.1", "64.0", "vxx.0"} {
		r := e.get("/services/data/" + bad + "/limits")
		if r.status != 404 || r.errorCode(t) != "NOT_FOUND" {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	if r := e.get("/services/data/v64.0/limits"); r.status != 200 {
		t.Errorf("v64.0: %d", r.status)
	}
	for path, code := range map[string]int{"/nope": 404, "/services/data/v64.0/nope": 404,
		"/services/data/v64.0/sobjects/Account/001000000000000": 404} {
		if r := e.get(path); r.status != code || r.errorCode(t) != "NOT_FOUND" {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
	r = e.do("PATCH", "/services/data/v64.0/sobjects/AuthSession/0Ak000000000000", e.token)
	var errs []map[string]string
	_ = json.Unmarshal(r.body, &errs)
	if r.status != 405 || errs[0]["errorCode"] != "METHOD_NOT_ALLOWED" ||
		errs[0]["message"] != "HTTP Method 'PATCH' not allowed. Allowed are GET,DELETE" {
		t.Errorf("PATCH: %d %s", r.status, r.body)
	}
}
