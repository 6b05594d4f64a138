package salesforcesim

import (
	"net/http"
	"testing"
)

func TestLoginHistoryQueryShapes(t *testing.T) {
	e := newEnv(t, Config{Users: 40, Seed: 5})
	user := e.sim.UserWithSessions(2)
	r := e.get(queryPath("SELECT LoginTime, SourceIp, Status FROM LoginHistory WHERE UserId = '" + user +
		"' ORDER BY LoginTime DESC LIMIT 3"))
	if r.status != http.StatusOK {
		t.Fatalf("HTTP %d: %s", r.status, r.body)
	}
	var page struct {
		TotalSize int              `json:"totalSize"`
		Done      bool             `json:"done"`
		Records   []map[string]any `json:"records"`
	}
	r.json(t, &page)
	if !page.Done || page.TotalSize != len(page.Records) || len(page.Records) == 0 || len(page.Records) > 3 {
		t.Fatalf("page = %+v", page)
	}
	first := page.Records[0]
	if first["Status"] != "Success" || first["SourceIp"] == "" || first["attributes"].(map[string]any)["type"] != "LoginHistory" {
		t.Fatalf("record = %v", first)
	}
	for _, q := range []struct{ soql, code string }{
		{"SELECT Id, Nope FROM LoginHistory WHERE UserId = '" + user + "' LIMIT 5", "INVALID_FIELD"},
		{"SELECT Id FROM LoginHistory WHERE Status = 'Success' LIMIT 5", "MALFORMED_QUERY"},
		{"SELECT Id FROM LoginHistory WHERE UserId = '" + user + "'", "MALFORMED_QUERY"},
		{"SELECT Id FROM LoginHistory WHERE UserId = '" + user + "' ORDER BY Browser LIMIT 5", "MALFORMED_QUERY"},
	} {
		r := e.get(queryPath(q.soql))
		if r.status != http.StatusBadRequest || r.errorCode(t) != q.code {
			t.Errorf("%s: HTTP %d %s; want %s", q.soql, r.status, r.body, q.code)
		}
	}
}
