package salesforcesim

import (
	"strings"
	"testing"
)

func TestQueryErrors(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	for _, c := range []struct {
		soql, code, msg string
	}{
		{"SELECT Id, Foo FROM AuthSession", "INVALID_FIELD",
			"\nSELECT Id, Foo FROM AuthSession\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'AuthSession'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."},
		{"SELECT Id FROM Foo", "INVALID_TYPE", "sObject type 'Foo' is not supported."},
		{"SELECT Users.Foo FROM AuthSession", "INVALID_FIELD", "No such column 'Foo' on entity 'User'."},
		{"SELECT User.Name FROM AuthSession", "INVALID_FIELD", "Didn't understand relationship 'User' in field path."},
		{"SELECT Id FROM AuthSession WHERE Nope = 'x'", "INVALID_FIELD", "No such column 'Nope'"},
		{"SELECT Id FROM AuthSession ORDER BY Nope", "INVALID_FIELD", "No such column 'Nope'"},
		{"SELECT Id FORM AuthSession", "MALFORMED_QUERY", "unexpected token: 'FORM'"},
		{"SELECT FROM AuthSession", "MALFORMED_QUERY", "unexpected token: 'FROM'"},
		{"SELECT Id FROM AuthSession WHERE", "MALFORMED_QUERY", "unexpected token: '<EOF>'"},
		{"SELECT Id FROM AuthSession LIMIT x", "MALFORMED_QUERY", "unexpected token: 'x'"},
		{"SELECT Id FROM AuthSession WHERE SessionType = 'UI' AND IsCurrent = true OR Id = null", "MALFORMED_QUERY", "unexpected token: 'OR'"},
		{"SELECT Id FROM AuthSession WHERE SessionType = 'UI", "MALFORMED_QUERY", "mismatched character '<EOF>'"},
		{"SELECT Id FROM AuthSession WHERE $x = 1", "MALFORMED_QUERY", "no viable alternative at character '$'"},
		{"SELECT Id, id FROM AuthSession", "MALFORMED_QUERY", "duplicate field selected: id"},
		{"DELETE FROM AuthSession", "MALFORMED_QUERY", "unexpected token: 'DELETE'"},
		{"SELECT Id FROM AuthSession WHERE UsersId = 'abc'", "INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: abc"},
		{"SELECT Id FROM AuthSession WHERE IsCurrent = 'true'", "INVALID_QUERY_FILTER_OPERATOR", "must be of type boolean and should not be enclosed in quotes"},
		{"SELECT Id FROM AuthSession WHERE SessionType = 5", "INVALID_QUERY_FILTER_OPERATOR", "must be of type string and should be enclosed in quotes"},
		{"SELECT Id FROM AuthSession WHERE CreatedDate > '2026-01-01'", "INVALID_QUERY_FILTER_OPERATOR", "must be of type datetime and should not be enclosed in quotes"},
	} {
		r := e.get(queryPath(c.soql))
		var errs []map[string]string
		r.json(t, &errs)
		if r.status != 400 || len(errs) != 1 || errs[0]["errorCode"] != c.code || !strings.Contains(errs[0]["message"], c.msg) {
			t.Errorf("%s:\n got %d %s", c.soql, r.status, r.body)
		}
	}
	if r := e.get(v + "/query"); r.status != 400 || r.errorCode(t) != "MALFORMED_QUERY" {
		t.Errorf("no q: %d %s", r.status, r.body)
	}
	// Multi-line queries report the row and column of the offending token.
	r := e.get(queryPath("SELECT Id,\n  Bogus\nFROM AuthSession"))
	if !strings.Contains(string(r.body), `\n  Bogus\n  ^\nERROR at Row:2:Column:3\n`) {
		t.Errorf("multi-line position: %s", r.body)
	}
}

func TestVersionGating(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	q := "SELECT Id, IsAssociatedWithJwtAccessToken FROM AuthSession LIMIT 1"
	if r := e.get("/services/data/v64.0/query?q=" + strings.ReplaceAll(q, " ", "+")); r.status != 200 {
		t.Errorf("v64.0: %d %s", r.status, r.body)
	}
	r := e.get("/services/data/v63.0/query?q=" + strings.ReplaceAll(q, " ", "+"))
	if r.status != 400 || r.errorCode(t) != "INVALID_FIELD" || !strings.Contains(string(r.body), "No such column 'IsAssociatedWithJwtAccessToken'") {
		t.Errorf("v63.0: %d %s", r.status, r.body)
	}
	for ver, q := range map[string]string{"v36.0": "SELECT IsCurrent FROM AuthSession", "v33.0": "SELECT LoginGeo.City FROM AuthSession",
		"v31.0": "SELECT LogoutUrl FROM AuthSession"} {
		if r := e.get("/services/data/" + ver + "/query?q=" + strings.ReplaceAll(q, " ", "+")); r.status != 400 {
			t.Errorf("%s %s: %d", ver, q, r.status)
		}
	}
	// A full record at v63.0 has no JWT flag; at v66.0 it does.
	_, recs, _ := e.queryAll("SELECT Id FROM AuthSession LIMIT 1")
	id := recs[0]["Id"].(string)
	if r := e.get("/services/data/v63.0/sobjects/AuthSession/" + id); r.status != 200 || strings.Contains(string(r.body), "IsAssociatedWithJwtAccessToken") {
		t.Errorf("v63.0 record: %s", r.body)
	}
	if r := e.get(v + "/sobjects/AuthSession/" + id); !strings.Contains(string(r.body), `"IsAssociatedWithJwtAccessToken":`) {
		t.Errorf("v66.0 record: %s", r.body)
	}
}

func TestLikeMatcher(t *testing.T) {
	for _, c := range []struct {
		pat, s string
		want   bool
	}{
		{"admin@%", "Admin@acme.example", true},
		{"%acme%", "jane@acme.example", true},
		{"j_ne%", "jane.doe", true},
		{"j_ne", "jane.doe", false},
		{`100\%`, "100%", true},
		{`100\%`, "1000", false},
		{"%", "", true},
	} {
		if got := likeMatcher(c.pat)(c.s); got != c.want {
			t.Errorf("LIKE %q on %q = %v", c.pat, c.s, got)
		}
	}
}
