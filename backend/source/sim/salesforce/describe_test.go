package salesforcesim

import (
	"strings"
	"testing"
)

func TestDescribeAndRetrieveFields(t *testing.T) {
	e := newEnv(t, Config{Users: 20})
	var d struct {
		Name, KeyPrefix string
		Deletable       bool
		Fields          []struct {
			Name, Type     string
			PicklistValues []struct{ Value string }
		}
	}
	e.get(v+"/sobjects/AuthSession/describe").json(t, &d)
	if d.Name != "AuthSession" || d.KeyPrefix != "0Ak" || !d.Deletable || len(d.Fields) != int(numOwnFields) {
		t.Fatalf("describe: %+v", d)
	}
	for _, f := range d.Fields {
		if f.Name == "SessionType" && (f.Type != "picklist" || len(f.PicklistValues) != len(sessionTypes)) {
			t.Errorf("SessionType: %+v", f)
		}
	}
	_, recs, _ := e.queryAll("SELECT Id FROM AuthSession LIMIT 1")
	id := recs[0]["Id"].(string)
	r := e.get(v + "/sobjects/AuthSession/" + id + "?fields=Id,SourceIp")
	var rec map[string]any
	r.json(t, &rec)
	if r.status != 200 || len(rec) != 3 || rec["Id"] != id || rec["SourceIp"] == nil ||
		!strings.HasPrefix(string(r.body), `{"attributes":{"type":"AuthSession","url":"/services/data/v66.0/sobjects/AuthSession/`+id+`"},"Id":`) {
		t.Errorf("fields param: %s", r.body)
	}
	if r := e.get(v + "/sobjects/AuthSession/" + id + "?fields=Users.Username"); r.status != 400 || r.errorCode(t) != "INVALID_FIELD" {
		t.Errorf("relationship in fields param: %d %s", r.status, r.body)
	}
	var res map[string]string
	e.get(v).json(t, &res)
	if res["query"] != v+"/query" {
		t.Errorf("resources: %v", res)
	}
}
