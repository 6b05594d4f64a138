package auth0sim

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// searchCap is how far page/per_page may reach into a user search (apis.md §4.2).
const searchCap = 1000

// handleUsers is GET /api/v2/users: search with q, sort, fields, and page/per_page paging
// that stops at the first 1000 results.
func (s *Server) handleUsers(c *call) {
	if !c.need("read:users") {
		return
	}
	s.userPages.Add(1)
	qv := c.r.URL.Query()
	perPage, ok := queryInt(c, "per_page", 50, 0, 100)
	if !ok {
		return
	}
	page, ok := queryInt(c, "page", 0, 0, 1<<30)
	if !ok {
		return
	}
	if qv.Get("page") == "" {
		// Without page Auth0 returns at most 50 records, whatever per_page says.
		perPage = min(perPage, 50)
	}
	pred, err := parseQuery(qv.Get("q"))
	if err != nil {
		writeError(c.w, http.StatusBadRequest, "invalid_query_string", "Invalid query: "+err.Error())
		return
	}
	order, ok := sortOrder(c, qv.Get("sort"))
	if !ok {
		return
	}
	keep := fieldFilter(qv.Get("fields"), qv.Get("include_fields") != "false")
	start := page * perPage
	if start >= searchCap && perPage > 0 {
		writeError(c.w, http.StatusBadRequest, "invalid_paging", msgInvalidPaging)
		return
	}
	st := s.st
	st.mu.RLock()
	matches := make([]int32, 0, 64)
	for i := range st.users {
		if pred == nil || pred(st, int32(i)) {
			matches = append(matches, int32(i))
		}
	}
	if order != nil {
		slices.SortStableFunc(matches, func(a, b int32) int { return order(st, a, b) })
	}
	end := min(start+perPage, searchCap, len(matches))
	users := make([]json.RawMessage, 0, max(0, end-start))
	for i := start; i < end; i++ {
		users = append(users, st.userJSON(matches[i], keep))
	}
	st.mu.RUnlock()
	if qv.Get("include_totals") == "true" {
		writeJSON(c.w, http.StatusOK, struct {
			Start  int               `json:"start"`
			Limit  int               `json:"limit"`
			Length int               `json:"length"`
			Users  []json.RawMessage `json:"users"`
			Total  int               `json:"total"`
		}{start, perPage, len(users), users, len(matches)})
		return
	}
	writeJSON(c.w, http.StatusOK, users)
}

// sortOrder reads sort=field:1|-1. nil means the stored order (created_at, then user_id),
// which is also Auth0's deterministic default (primary_order=true).
func sortOrder(c *call, v string) (func(st *store, a, b int32) int, bool) {
	if v == "" {
		return nil, true
	}
	field, dir, _ := strings.Cut(v, ":")
	sign := 1
	switch dir {
	case "1", "":
	case "-1":
		sign = -1
	default:
		writeError(c.w, http.StatusBadRequest, "invalid_query_string", "Invalid sort direction: use field:1 or field:-1")
		return nil, false
	}
	var key func(u *user) string
	switch field {
	case "created_at":
		// Users are stored in this order already: ascending needs no sort at all.
		if sign == 1 {
			return nil, true
		}
		return func(st *store, a, b int32) int { return cmp.Compare(b, a) }, true
	case "user_id":
		key = func(u *user) string { return u.id }
	case "email":
		key = func(u *user) string { return u.email }
	case "name":
		key = func(u *user) string { return u.first + " " + u.last }
	default:
		writeError(c.w, http.StatusBadRequest, "invalid_query_string", "Invalid sort field: "+field)
		return nil, false
	}
	return func(st *store, a, b int32) int {
		ua, ub := &st.users[a], &st.users[b]
		return sign * cmp.Or(cmp.Compare(key(ua), key(ub)), cmp.Compare(ua.id, ub.id))
	}, true
}

// fieldFilter implements fields + include_fields.
func fieldFilter(fields string, include bool) func(string) bool {
	if strings.TrimSpace(fields) == "" {
		return nil
	}
	set := map[string]bool{}
	for _, f := range strings.Split(fields, ",") {
		set[strings.TrimSpace(f)] = true
	}
	return func(k string) bool { return set[k] == include }
}

// handleUser is GET and PATCH /api/v2/users/{id}. PATCH honours "blocked" (the rest of a
// user update is accepted and ignored).
func (s *Server) handleUser(c *call, id string) {
	scope := "read:users"
	if c.r.Method == http.MethodPatch {
		scope = "update:users"
	}
	if !c.need(scope) {
		return
	}
	var patch struct {
		Blocked *bool `json:"blocked"`
	}
	if c.r.Method == http.MethodPatch {
		if err := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<16)).Decode(&patch); err != nil {
			writeError(c.w, http.StatusBadRequest, "invalid_body", "Payload validation error: 'Invalid JSON'.")
			return
		}
	}
	st := s.st
	st.mu.Lock()
	ui, ok := st.byUser[id]
	if !ok {
		st.mu.Unlock()
		writeError(c.w, http.StatusNotFound, "inexistent_user", msgUserNotFound)
		return
	}
	if patch.Blocked != nil {
		st.users[ui].blocked = *patch.Blocked
	}
	body := st.userJSON(ui, nil)
	st.mu.Unlock()
	writeBody(c.w, http.StatusOK, body)
}
