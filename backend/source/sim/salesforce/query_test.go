package salesforcesim

import (
	"slices"
	"strings"
	"testing"
	"time"
)

const fullQuery = `SELECT Id, ParentId, UsersId, Users.Username, Users.Name, UserType,
       CreatedDate, LastModifiedDate, NumSecondsValid,
       SessionType, LoginType, SessionSecurityLevel, SourceIp,
       IsCurrent, IsAssociatedWithJwtAccessToken, LogoutUrl,
       LoginHistoryId, LoginHistory.LoginTime, LoginHistory.Browser, LoginHistory.Platform,
       LoginHistory.Application, LoginHistory.LoginUrl, LoginHistory.Status,
       LoginGeoId, LoginGeo.City, LoginGeo.Subdivision, LoginGeo.Country, LoginGeo.CountryIso,
       LoginGeo.PostalCode, LoginGeo.Latitude, LoginGeo.Longitude
FROM AuthSession
ORDER BY LastModifiedDate DESC`

func TestQueryPaging(t *testing.T) {
	e := newEnv(t, Config{Users: 400})
	n := e.sim.SessionCount()
	if n < 1000 {
		t.Fatalf("want at least 1000 sessions, have %d", n)
	}
	total, recs, pages := e.queryAll(fullQuery, "Sforce-Query-Options", "batchSize=200")
	if total != n || len(recs) != n || pages != (n+199)/200 {
		t.Fatalf("total %d, records %d, pages %d; want %d sessions", total, len(recs), pages, n)
	}
	seen := map[string]bool{}
	last := "9999"
	for _, r := range recs {
		id := r["Id"].(string)
		if seen[id] {
			t.Fatalf("duplicate id %s", id)
		}
		seen[id] = true
		lm := r["LastModifiedDate"].(string)
		if lm > last {
			t.Fatalf("not sorted by LastModifiedDate DESC: %s after %s", lm, last)
		}
		last = lm
	}
	active := e.sim.ActiveSessionIDs()
	if len(active) >= n || len(active) < n*9/10 {
		t.Errorf("active %d of %d: expected a few expired sessions", len(active), n)
	}
	for _, id := range active {
		if !seen[id] {
			t.Fatalf("active session %s missing from the query", id)
		}
	}
	st := e.sim.Stats()
	if st.Queries != 1 || st.QueryMores != int64(pages-1) {
		t.Errorf("stats %+v", st)
	}
}

func TestQueryRecordShape(t *testing.T) {
	e := newEnv(t, Config{Users: 50})
	r := e.get(queryPath(fullQuery + " LIMIT 5"))
	body := string(r.body)
	if !strings.HasPrefix(body, `{"totalSize":5,"done":true,"records":[{"attributes":{"type":"AuthSession","url":"/services/data/v66.0/sobjects/AuthSession/0Ak`) {
		t.Fatalf("envelope: %.300s", body)
	}
	// Fields come in SELECT order; relationship objects at their first field's position.
	order := []string{`"Id":`, `"ParentId":`, `"UsersId":`, `"Users":{"attributes":{"type":"User","url":"/services/data/v66.0/sobjects/User/005`,
		`"Username":`, `"Name":`, `"UserType":`, `"CreatedDate":`, `"LastModifiedDate":`, `"NumSecondsValid":`,
		`"SessionType":`, `"LoginType":`, `"SessionSecurityLevel":`, `"SourceIp":`, `"IsCurrent":`,
		`"IsAssociatedWithJwtAccessToken":`, `"LogoutUrl":`, `"LoginHistoryId":`, `"LoginHistory":{"attributes":{"type":"LoginHistory"`,
		`"LoginTime":`, `"Browser":`, `"Platform":`, `"Application":`, `"LoginUrl":`, `"Status":"Success"`, `"LoginGeoId":`,
		`"LoginGeo":`, `"City":`}
	rec := body[strings.Index(body, `"records":[`):]
	rec = rec[:strings.Index(rec, `}},{"attributes"`)]
	pos := 0
	for _, k := range order {
		i := strings.Index(rec[pos:], k)
		if i < 0 {
			t.Fatalf("%s missing or out of order in %s", k, rec)
		}
		pos += i
	}
	var page queryPage
	r.json(t, &page)
	for _, rec := range page.Records {
		for _, k := range []string{"CreatedDate", "LastModifiedDate"} {
			if _, err := time.Parse("2006-01-02T15:04:05.000-0700", rec[k].(string)); err != nil {
				t.Errorf("%s: %v", k, err)
			}
		}
	}
	// Only the selected fields, canonical names whatever the case in the query.
	r = e.get(queryPath("select id, SOURCEIP, users.username from authsession limit 1"))
	var small queryPage
	r.json(t, &small)
	keys := []string{}
	for k := range small.Records[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if strings.Join(keys, ",") != "Id,SourceIp,Users,attributes" {
		t.Errorf("keys %v", keys)
	}
}

func TestQueryFilterSortLimit(t *testing.T) {
	e := newEnv(t, Config{Users: 50})
	_, all, _ := e.queryAll("SELECT Id, UsersId, Users.Username, SessionType, NumSecondsValid FROM AuthSession")
	admin := ""
	for _, r := range all {
		if r["Users"].(map[string]any)["Username"] == e.sim.AdminUsername() {
			admin = r["UsersId"].(string)
		}
	}
	_, mine, _ := e.queryAll("SELECT Id, SessionType, IsCurrent FROM AuthSession WHERE UsersId = '" + admin + "'")
	if len(mine) != 4 {
		t.Fatalf("admin sessions: %v", mine)
	}
	for _, r := range mine {
		if r["IsCurrent"] != true {
			t.Errorf("admin's own session family should be IsCurrent for the admin: %v", r)
		}
	}
	// A 15-character id works too.
	_, mine15, _ := e.queryAll("SELECT Id FROM AuthSession WHERE UsersId = '" + admin[:15] + "'")
	if len(mine15) != 4 {
		t.Errorf("15-char id filter: %d", len(mine15))
	}
	count := func(where string) int {
		t.Helper()
		var p queryPage
		r := e.get(queryPath("SELECT COUNT() FROM AuthSession WHERE " + where))
		if r.status != 200 {
			t.Fatalf("%s: %d %s", where, r.status, r.body)
		}
		r.json(t, &p)
		return p.TotalSize
	}
	ui := count("SessionType = 'ui'")
	notUI := count("SessionType != 'UI'")
	in := count("SessionType IN ('UI', 'API')")
	api := count("SessionType = 'API'")
	if ui+notUI != len(all) || in != ui+api || ui == 0 || api == 0 {
		t.Errorf("ui %d, not ui %d, in %d, api %d, all %d", ui, notUI, in, api, len(all))
	}
	if c := count("(SessionType = 'UI' OR SessionType = 'API') AND NumSecondsValid >= 7200"); c == 0 || c >= in {
		t.Errorf("compound filter: %d", c)
	}
	if c := count("Users.Username LIKE 'admin@%'"); c != 4 {
		t.Errorf("LIKE: %d", c)
	}
	if c := count("LoginGeo.City = null"); c == 0 || c > len(all)/5 {
		t.Errorf("sessions without LoginGeo: %d", c)
	}
	if c := count("CreatedDate < 2026-02-01T00:00:00Z"); c != 1 {
		t.Errorf("created before February (the integration user's session): %d", c)
	}
	if c := count("LastModifiedDate > 2026-05-04T09:00:00.000+0000 AND IsCurrent = true"); c != 4 {
		t.Errorf("datetime + boolean filter: %d", c)
	}
	r := e.get(queryPath("SELECT Id, NumSecondsValid FROM AuthSession ORDER BY NumSecondsValid ASC, Id DESC LIMIT 10 OFFSET 5"))
	var p queryPage
	r.json(t, &p)
	if p.TotalSize != 10 || len(p.Records) != 10 {
		t.Fatalf("limit/offset: %s", r.body)
	}
	for i := 1; i < len(p.Records); i++ {
		a, b := p.Records[i-1], p.Records[i]
		if a["NumSecondsValid"].(float64) > b["NumSecondsValid"].(float64) ||
			a["NumSecondsValid"] == b["NumSecondsValid"] && a["Id"].(string) < b["Id"].(string) {
			t.Errorf("order: %v then %v", a, b)
		}
	}
}

func TestCursorStableAcrossDelete(t *testing.T) {
	e := newEnv(t, Config{Users: 400})
	h := []string{"Sforce-Query-Options", "batchSize=200"}
	r := e.get(queryPath("SELECT Id FROM AuthSession"), h...)
	var first queryPage
	r.json(t, &first)
	if first.Done || len(first.Records) != 200 || !strings.Contains(first.NextRecordsURL, "/query/01g") ||
		!strings.HasSuffix(first.NextRecordsURL, "-200") {
		t.Fatalf("first page: done %v, %d records, next %q", first.Done, len(first.Records), first.NextRecordsURL)
	}
	// Delete a session on the last page (not the tool's own, which would end the token), then
	// page on: the cursor still returns it.
	_, all, _ := e.queryAll("SELECT Id FROM AuthSession")
	lastPage := all[len(all)/200*200:]
	victim := lastPage[0]["Id"].(string)
	if d := e.do("DELETE", v+"/sobjects/AuthSession/"+victim, e.token); d.status != 204 {
		t.Fatalf("delete: %d %s", d.status, d.body)
	}
	ids := []string{}
	for _, rec := range first.Records {
		ids = append(ids, rec["Id"].(string))
	}
	next := first.NextRecordsURL
	for next != "" {
		var p queryPage
		e.get(next, h...).json(t, &p)
		for _, rec := range p.Records {
			ids = append(ids, rec["Id"].(string))
		}
		if p.TotalSize != first.TotalSize {
			t.Fatalf("totalSize changed: %d -> %d", first.TotalSize, p.TotalSize)
		}
		next = p.NextRecordsURL
	}
	if len(ids) != first.TotalSize || ids[len(all)/200*200] != victim {
		t.Errorf("cursor changed after delete: %d ids", len(ids))
	}
	// A finished cursor is freed.
	r = e.get(first.NextRecordsURL)
	if r.status != 400 || r.errorCode(t) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("finished cursor: %d %s", r.status, r.body)
	}
	// A new query no longer sees the deleted session (nor its children, if it had any).
	if total, _, _ := e.queryAll("SELECT Id FROM AuthSession"); total >= first.TotalSize || total != e.sim.SessionCount() {
		t.Errorf("new query total %d, was %d, SessionCount %d", total, first.TotalSize, e.sim.SessionCount())
	}
}

func TestBatchSizeAndLocators(t *testing.T) {
	e := newEnv(t, Config{Users: 1000})
	n := e.sim.SessionCount()
	size := func(opt string) int {
		var p queryPage
		e.get(queryPath("SELECT Id FROM AuthSession"), "Sforce-Query-Options", opt).json(t, &p)
		return len(p.Records)
	}
	for opt, want := range map[string]int{"batchSize=100": 200, "batchSize=500": 500, "batchSize=5000": 2000,
		"batchSize=abc": 2000, "": 2000, "foo=1, batchSize=300": 300} {
		if got := size(opt); got != min(want, n) {
			t.Errorf("%q: page of %d, want %d", opt, got, want)
		}
	}
	for _, path := range []string{v + "/query/01gXX0000000000AAA-200", v + "/query/garbage"} {
		if r := e.get(path); r.status != 400 || r.errorCode(t) != "INVALID_QUERY_LOCATOR" {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
	// Idle cursors expire after 15 minutes.
	var p queryPage
	e.get(queryPath("SELECT Id FROM AuthSession"), "Sforce-Query-Options", "batchSize=200").json(t, &p)
	e.clock.Advance(16 * time.Minute)
	e.token = e.refresh()
	if r := e.get(p.NextRecordsURL); r.status != 400 || r.errorCode(t) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("idle cursor: %d", r.status)
	}
	// At most 10 open cursors per user: the oldest is dropped.
	var urls []string
	for range 11 {
		e.get(queryPath("SELECT Id FROM AuthSession"), "Sforce-Query-Options", "batchSize=200").json(t, &p)
		urls = append(urls, p.NextRecordsURL)
	}
	if r := e.get(urls[0]); r.status != 400 {
		t.Errorf("11th cursor should drop the oldest: %d", r.status)
	}
	if r := e.get(urls[1]); r.status != 200 {
		t.Errorf("second-oldest cursor: %d", r.status)
	}
}
