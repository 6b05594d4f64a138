package salesforcesim

import (
	"slices"
	"strings"
	"testing"
)

type idFamily struct{ root, child string }

// familyWithChild finds a non-current interactive session family with at least one child.
func (e *env) familyWithChild() idFamily {
	e.t.Helper()
	_, recs, _ := e.queryAll("SELECT Id, ParentId FROM AuthSession WHERE IsCurrent = false ORDER BY Id")
	for _, r := range recs {
		if r["Id"] != r["ParentId"] {
			return idFamily{root: r["ParentId"].(string), child: r["Id"].(string)}
		}
	}
	e.t.Fatal("no session family with children")
	return idFamily{}
}

func TestDeleteSession(t *testing.T) {
	e := newEnv(t, Config{Users: 50})
	f := e.familyWithChild()
	before := e.sim.SessionCount()
	if r := e.get(v + "/sobjects/AuthSession/" + f.child); r.status != 200 || !strings.Contains(string(r.body), `"ParentId":"`+f.root+`"`) {
		t.Fatalf("get child: %d %s", r.status, r.body)
	}
	r := e.do("DELETE", v+"/sobjects/AuthSession/"+f.root, e.token)
	if r.status != 204 || len(r.body) != 0 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if e.sim.SessionCount() >= before-1 {
		t.Errorf("children not deleted with the parent: %d -> %d", before, e.sim.SessionCount())
	}
	for _, id := range []string{f.root, f.child} {
		r := e.do("DELETE", v+"/sobjects/AuthSession/"+id, e.token)
		if r.status != 404 || r.errorCode(t) != "ENTITY_IS_DELETED" {
			t.Errorf("delete again %s: %d %s", id, r.status, r.body)
		}
		if slices.Contains(e.sim.ActiveSessionIDs(), id) {
			t.Errorf("%s still active", id)
		}
		if r := e.get(v + "/sobjects/AuthSession/" + id); r.status != 404 {
			t.Errorf("get deleted: %d", r.status)
		}
	}
	// A well-formed id that never existed; a malformed one.
	ghost := to18("0Ak" + f.root[3:6] + "000000001")
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+ghost, e.token); r.status != 404 || r.errorCode(t) != "NOT_FOUND" {
		t.Errorf("never existed: %d %s", r.status, r.body)
	}
	r = e.do("DELETE", v+"/sobjects/AuthSession/abc", e.token)
	var errs []map[string]string
	r.json(t, &errs)
	if r.status != 400 || errs[0]["errorCode"] != "MALFORMED_ID" || errs[0]["message"] != "malformed id abc" {
		t.Errorf("malformed: %d %s", r.status, r.body)
	}
	// Deleting by the case-mangled 18-character id works like the real thing.
	g := e.familyWithChild()
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+strings.ToLower(g.child), e.token); r.status != 204 {
		t.Errorf("lower-cased 18-char id: %d %s", r.status, r.body)
	}
	if got := e.sim.Stats().Deletes; got != 6 {
		t.Errorf("Deletes = %d, want 6", got)
	}
}

type itemResultT struct {
	ID      string `json:"id"`
	Success bool   `json:"success"`
	Errors  []struct {
		StatusCode string   `json:"statusCode"`
		Message    string   `json:"message"`
		Fields     []string `json:"fields"`
	} `json:"errors"`
}

func TestCollectionDelete(t *testing.T) {
	e := newEnv(t, Config{Users: 50})
	f := e.familyWithChild()
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+f.child, e.token); r.status != 204 {
		t.Fatal(r.status)
	}
	_, recs, _ := e.queryAll("SELECT Id FROM AuthSession WHERE IsCurrent = false AND SessionType = 'API'")
	live := recs[0]["Id"].(string)
	ids := []string{live, f.child, "bad", f.root}
	r := e.do("DELETE", v+"/composite/sobjects?ids="+strings.Join(ids, ",")+"&allOrNone=false", e.token)
	var res []itemResultT
	r.json(t, &res)
	if r.status != 200 || len(res) != 4 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	want := []struct {
		ok   bool
		code string
	}{{true, ""}, {false, "ENTITY_IS_DELETED"}, {false, "MALFORMED_ID"}, {true, ""}}
	for i, w := range want {
		if res[i].ID != ids[i] || res[i].Success != w.ok || (w.ok && len(res[i].Errors) != 0) ||
			(!w.ok && (len(res[i].Errors) != 1 || res[i].Errors[0].StatusCode != w.code || res[i].Errors[0].Fields == nil)) {
			t.Errorf("item %d: %+v", i, res[i])
		}
	}
	if !strings.Contains(string(r.body), `"errors":[]`) {
		t.Errorf("successful items carry an empty errors array: %s", r.body)
	}
	active := e.sim.ActiveSessionIDs()
	if slices.Contains(active, live) || slices.Contains(active, f.root) {
		t.Errorf("collection delete did not delete")
	}

	// allOrNone: one failure rolls everything back.
	_, recs, _ = e.queryAll("SELECT Id FROM AuthSession WHERE IsCurrent = false LIMIT 2")
	a, b := recs[0]["Id"].(string), recs[1]["Id"].(string)
	before := e.sim.SessionCount()
	r = e.do("DELETE", v+"/composite/sobjects?ids="+a+","+f.root+","+b+"&allOrNone=true", e.token)
	res = nil
	r.json(t, &res)
	if r.status != 200 || len(res) != 3 || res[0].Success || res[2].Success ||
		res[0].Errors[0].StatusCode != "ALL_OR_NONE_OPERATION_ROLLED_BACK" || res[1].Errors[0].StatusCode != "ENTITY_IS_DELETED" {
		t.Errorf("allOrNone: %d %s", r.status, r.body)
	}
	if e.sim.SessionCount() != before {
		t.Errorf("allOrNone failure deleted something")
	}

	many := make([]string, 201)
	for i := range many {
		many[i] = a
	}
	r = e.do("DELETE", v+"/composite/sobjects?ids="+strings.Join(many, ","), e.token)
	var errs []map[string]string
	r.json(t, &errs)
	if r.status != 400 || errs[0]["errorCode"] != "EXCEEDED_ID_LIMIT" ||
		errs[0]["message"] != "record limit reached. cannot submit more than 200 records into this call" {
		t.Errorf(">200 ids: %d %s", r.status, r.body)
	}
	if r := e.do("DELETE", v+"/composite/sobjects", e.token); r.status != 400 || r.errorCode(t) != "MALFORMED_QUERY" {
		t.Errorf("no ids: %d %s", r.status, r.body)
	}
	r = e.do("DELETE", v+"/composite/sobjects?ids="+strings.Join(many[:200], ","), e.token)
	res = nil
	r.json(t, &res)
	if r.status != 200 || len(res) != 200 || !res[0].Success || res[1].Success {
		t.Errorf("200 ids (duplicates): %d, %d results", r.status, len(res))
	}
}

// Deleting the session behind the tool's own token logs the tool out; its refresh token
// still works and mints a new session (the documented gotchas).
func TestDeleteOwnSession(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	_, recs, _ := e.queryAll("SELECT Id, SessionType FROM AuthSession WHERE IsCurrent = true AND SessionType = 'Oauth2'")
	if len(recs) != 1 {
		t.Fatalf("tool session: %v", recs)
	}
	tool := recs[0]["Id"].(string)
	if r := e.do("DELETE", v+"/sobjects/AuthSession/"+tool, e.token); r.status != 204 {
		t.Fatal(r.status)
	}
	if r := e.get(v + "/limits"); r.status != 401 {
		t.Errorf("token of a deleted session: %d", r.status)
	}
	e.token = e.refresh()
	_, recs, _ = e.queryAll("SELECT Id FROM AuthSession WHERE IsCurrent = true AND SessionType = 'Oauth2'")
	if len(recs) != 1 || recs[0]["Id"] == tool {
		t.Errorf("new tool session: %v", recs)
	}
}
