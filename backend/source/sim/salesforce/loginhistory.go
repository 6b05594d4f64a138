package salesforcesim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// LoginHistory is served for the one query shape a user's recent logins need:
//
//	SELECT <fields> FROM LoginHistory WHERE UserId = '005…' ORDER BY LoginTime DESC LIMIT n
//
// Fields, their names and the time format are the real object's; anything beyond this shape
// (other filters, relationships, paging past one batch) is answered with MALFORMED_QUERY
// naming the simulator's limit, never with a wrong result.

var loginHistoryFields = []string{"Id", "UserId", "LoginTime", "LoginType", "SourceIp", "LoginUrl", "Status",
	"Browser", "Platform", "Application", "LoginGeoId"}

func (s *Server) handleLoginHistory(c *call, st *stmt, q string) {
	var cols []string
	for _, t := range st.fields {
		i := slices.IndexFunc(loginHistoryFields, func(f string) bool { return strings.EqualFold(f, t.text) })
		if i < 0 {
			writeErrors(c.w, http.StatusBadRequest, "INVALID_FIELD", (&soqlError{"INVALID_FIELD", "No such column '" + t.text +
				"' on entity 'LoginHistory'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. " +
				"Please reference your WSDL or the describe call for the appropriate names.", t.pos}).message(q))
			return
		}
		cols = append(cols, loginHistoryFields[i])
	}
	limitErr := func(msg string) {
		writeErrors(c.w, http.StatusBadRequest, "MALFORMED_QUERY", "this simulator serves LoginHistory only as "+
			"WHERE UserId = '<id>' ORDER BY LoginTime [ASC|DESC] LIMIT n (n ≤ 2000): "+msg)
	}
	w := st.where
	if st.count || w == nil || w.op != "cmp" || !strings.EqualFold(w.field.text, "UserId") || w.cmp != "=" ||
		len(w.values) != 1 || w.values[0].kind != tkString {
		limitErr("unsupported WHERE")
		return
	}
	if len(st.order) > 1 || len(st.order) == 1 && !strings.EqualFold(st.order[0].field.text, "LoginTime") {
		limitErr("unsupported ORDER BY")
		return
	}
	if st.limit < 0 || st.limit > maxBatch {
		limitErr("LIMIT missing or above 2000")
		return
	}
	desc := len(st.order) == 1 && st.order[0].desc
	s.queries.Add(1)
	store := s.st
	store.mu.RLock()
	defer store.mu.RUnlock()
	var rows []int32
	if id15, ok := normalizeID(w.values[0].str); ok {
		if u, ok := store.ids.user.index(id15); ok {
			for i := range store.hists {
				if store.hists[i].user == int32(u) {
					rows = append(rows, int32(i))
				}
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b int32) int {
		d := store.hists[a].loginTime - store.hists[b].loginTime
		if desc {
			d = -d
		}
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
		return 0
	})
	rows = rows[:min(len(rows), st.limit)]
	records := make([]map[string]any, len(rows))
	for k, i := range rows {
		h := &store.hists[i]
		id := store.ids.hist.id18(int(i))
		r := map[string]any{"attributes": map[string]string{"type": "LoginHistory",
			"url": "/services/data/" + c.verSeg + "/sobjects/LoginHistory/" + id}}
		for _, col := range cols {
			switch col {
			case "Id":
				r[col] = id
			case "UserId":
				r[col] = store.ids.user.id18(int(h.user))
			case "LoginTime":
				r[col] = formatTime(h.loginTime)
			case "LoginType":
				r[col] = loginTypes[h.loginType]
			case "SourceIp":
				r[col] = h.ip.String()
			case "LoginUrl":
				r[col] = s.org.loginURLs[h.loginURL]
			case "Status":
				r[col] = "Success"
			case "Browser":
				r[col] = browsers[h.browser]
			case "Platform":
				r[col] = platforms[h.platform]
			case "Application":
				r[col] = applications[h.app]
			case "LoginGeoId":
				r[col] = nil
			}
		}
		records[k] = r
	}
	b, _ := json.Marshal(map[string]any{"totalSize": len(records), "done": true, "records": records})
	writeBody(c.w, http.StatusOK, b)
}
