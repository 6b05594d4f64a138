package salesforcesim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// UserLogin and OauthToken are served for the query shapes containment needs:
//
//	SELECT <fields> FROM UserLogin|OauthToken [WHERE UserId|Id = '…' | UserId|Id IN ('…', …)] [LIMIT n]
//
// with rows in id order. The fields, their names and formats are the real objects'; anything
// beyond this shape (other filters, ORDER BY, relationships, more than one batch) is answered
// with MALFORMED_QUERY naming the simulator's limit, never with a wrong result.

// simpleObject is one object served this way.
type simpleObject struct {
	name   string
	fields []string
	rows   func(s *Server) int // how many rows exist (some may be hidden)
	hidden func(s *Server, i int32) bool
	owner  func(s *Server, i int32) int32
	id     func(s *Server, i int32) string
	render func(s *Server, verSeg string, i int32, cols []string) map[string]any
}

var simpleObjects = []simpleObject{
	{name: "UserLogin", fields: userLoginFields,
		rows:   func(s *Server) int { return len(s.st.users) },
		hidden: func(*Server, int32) bool { return false },
		owner:  func(_ *Server, i int32) int32 { return i },
		id:     func(s *Server, i int32) string { return s.st.ids.userLogin.id18(int(i)) },
		render: (*Server).userLoginRow},
	{name: "OauthToken", fields: oauthTokenFields,
		rows:   func(s *Server) int { return len(s.st.grants) },
		hidden: func(s *Server, i int32) bool { return s.st.grants[i].revoked },
		owner:  func(s *Server, i int32) int32 { return s.st.grants[i].user },
		id:     func(s *Server, i int32) string { return s.st.ids.oauthToken.id18(int(i)) },
		render: (*Server).oauthTokenRow},
}

func simpleObjectNamed(name string) *simpleObject {
	for i := range simpleObjects {
		if strings.EqualFold(simpleObjects[i].name, name) {
			return &simpleObjects[i]
		}
	}
	return nil
}

func (s *Server) handleSimpleObject(c *call, obj *simpleObject, st *stmt, q string) {
	var cols []string
	for _, t := range st.fields {
		i := slices.IndexFunc(obj.fields, func(f string) bool { return strings.EqualFold(f, t.text) })
		if i < 0 {
			writeErrors(c.w, http.StatusBadRequest, "INVALID_FIELD", (&soqlError{"INVALID_FIELD", "No such column '" + t.text +
				"' on entity '" + obj.name + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. " +
				"Please reference your WSDL or the describe call for the appropriate names.", t.pos}).message(q))
			return
		}
		cols = append(cols, obj.fields[i])
	}
	limitErr := func(msg string) {
		writeErrors(c.w, http.StatusBadRequest, "MALFORMED_QUERY", "this simulator serves "+obj.name+" only as "+
			"[WHERE UserId|Id = '<id>' | UserId|Id IN (…)] [LIMIT n], one batch: "+msg)
	}
	byUser, byID, want, ok := simpleFilter(st.where)
	if st.count || !ok {
		limitErr("unsupported WHERE or COUNT()")
		return
	}
	if len(st.order) > 0 {
		limitErr("unsupported ORDER BY")
		return
	}
	s.queries.Add(1)
	store := s.st
	store.mu.RLock()
	defer store.mu.RUnlock()
	records := []map[string]any{}
	for i := int32(0); i < int32(obj.rows(s)); i++ {
		if obj.hidden(s, i) || (byUser && !want[store.ids.user.id18(int(obj.owner(s, i)))]) || (byID && !want[obj.id(s, i)]) {
			continue
		}
		if st.limit >= 0 && len(records) == st.limit {
			break
		}
		records = append(records, obj.render(s, c.verSeg, i, cols))
	}
	if len(records) > maxBatch {
		limitErr("more than 2000 rows; filter by UserId")
		return
	}
	b, _ := json.Marshal(map[string]any{"totalSize": len(records), "done": true, "records": records})
	writeBody(c.w, http.StatusOK, b)
}

// simpleFilter reads WHERE UserId|Id = 'x' or IN ('x', …) into a set of 18-character ids.
func simpleFilter(w *cond) (byUser, byID bool, want map[string]bool, ok bool) {
	if w == nil {
		return false, false, nil, true
	}
	if w.op != "cmp" || (w.cmp != "=" && w.cmp != "in") {
		return false, false, nil, false
	}
	byUser, byID = strings.EqualFold(w.field.text, "UserId"), strings.EqualFold(w.field.text, "Id")
	if !byUser && !byID {
		return false, false, nil, false
	}
	want = map[string]bool{}
	for _, v := range w.values {
		if v.kind != tkString {
			return false, false, nil, false
		}
		if id15, ok := normalizeID(v.str); ok {
			want[to18(id15)] = true
		}
	}
	return byUser, byID, want, true
}
