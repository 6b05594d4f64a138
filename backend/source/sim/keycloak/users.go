package keycloaksim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// handleUsers serves users, users/count, users/{id} and the per-user session resources.
func (s *Server) handleUsers(c *call, rest []string) {
	w, r := c.w, c.r
	switch {
	case len(rest) == 0:
		if allow(w, r, "GET") && require(w, c.p.queryUsers) {
			s.listUsers(c, false)
		}
		return
	case len(rest) == 1 && rest[0] == "count":
		if allow(w, r, "GET") && require(w, c.p.queryUsers) {
			s.listUsers(c, true)
		}
		return
	}
	st := s.st
	u := int32(-1)
	if id, err := parseUUID(rest[0]); err == nil {
		st.mu.RLock()
		if i, ok := st.userByID[id]; ok {
			u = i
		}
		st.mu.RUnlock()
	}
	if u < 0 {
		if require(w, c.p.queryUsers) {
			writeKCError(w, http.StatusNotFound, "User not found", "")
		}
		return
	}
	switch {
	case len(rest) == 1:
		if !allow(w, r, "GET", "PUT") {
			return
		}
		if r.Method == http.MethodPut {
			if require(w, c.p.manageUsers) {
				s.updateUser(c, u)
			}
			return
		}
		if require(w, c.p.viewUsers) {
			st.mu.RLock()
			rep := s.userRepLocked(u, false, c.p)
			st.mu.RUnlock()
			writeJSON(w, http.StatusOK, rep)
		}
	case len(rest) == 2 && rest[1] == "logout":
		if allow(w, r, "POST") && require(w, c.p.manageUsers) {
			st.mu.Lock()
			for _, i := range st.userSessionsLocked(u, kindRegular) {
				if st.removeLocked(i) {
					s.revoked.Add(st.keyLocked(i))
				}
			}
			st.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		}
	case len(rest) == 2 && rest[1] == "sessions":
		if allow(w, r, "GET") && require(w, c.p.viewUsers) {
			s.userSessions(c, u, -1)
		}
	case len(rest) == 3 && rest[1] == "offline-sessions":
		if !allow(w, r, "GET") || !require(w, c.p.viewUsers) {
			return
		}
		cl := s.clientByID(rest[2])
		if cl < 0 {
			writeKCError(w, http.StatusNotFound, "Client not found", "")
			return
		}
		s.userSessions(c, u, cl)
	default:
		writeKCError(w, http.StatusNotFound, msgNotFound, "")
	}
}

// userSessions lists user u's regular sessions (client < 0) or its offline sessions that
// include client, with that client session's time as lastAccess.
func (s *Server) userSessions(c *call, u int32, client int) {
	st := s.st
	st.mu.RLock()
	out := []sessionRep{}
	if client < 0 {
		for _, i := range st.userSessionsLocked(u, kindRegular) {
			out = append(out, s.sessionRepLocked(i, -1))
		}
	} else {
		for _, i := range st.userSessionsLocked(u, kindOffline) {
			if _, ok := stampFor(&st.sessions[i], client); ok {
				out = append(out, s.sessionRepLocked(i, client))
			}
		}
	}
	st.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, out)
}

// listUsers serves GET users (or its count): ordered by username, service accounts left out.
// A caller who may query but not view users gets an empty list, as with Keycloak's
// permission filtering.
func (s *Server) listUsers(c *call, count bool) {
	q := c.r.URL.Query()
	first, ok1 := intParam(q, "first", 0)
	max, ok2 := intParam(q, "max", defaultMax)
	if !ok1 || !ok2 {
		writeKCError(c.w, http.StatusNotFound, msgNotFound, "")
		return
	}
	search := strings.ToLower(strings.Trim(q.Get("search"), "*"))
	username := strings.ToLower(q.Get("username"))
	exact := q.Get("exact") == "true"
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	var match []int32
	if c.p.viewUsers {
		for i := range st.users {
			us := &st.users[i]
			if us.serviceAcct {
				continue
			}
			name := strings.ToLower(us.username)
			switch {
			case username != "" && exact && name != username,
				username != "" && !exact && !strings.Contains(name, username),
				search != "" && !strings.Contains(name, search) && !strings.Contains(strings.ToLower(us.email), search) &&
					!strings.Contains(strings.ToLower(us.first+" "+us.last), search):
				continue
			}
			match = append(match, int32(i))
		}
	}
	if count {
		writeJSON(c.w, http.StatusOK, len(match))
		return
	}
	slices.SortFunc(match, func(a, b int32) int { return strings.Compare(st.users[a].username, st.users[b].username) })
	brief := q.Get("briefRepresentation") == "true"
	out := []userRep{}
	for _, u := range window(match, first, max) {
		out = append(out, s.userRepLocked(u, brief, c.p))
	}
	writeJSON(c.w, http.StatusOK, out)
}

// updateUser serves PUT users/{id}: a partial update (absent fields stay as they are).
func (s *Server) updateUser(c *call, u int32) {
	var body struct {
		Username      *string `json:"username"`
		FirstName     *string `json:"firstName"`
		LastName      *string `json:"lastName"`
		Email         *string `json:"email"`
		EmailVerified *bool   `json:"emailVerified"`
		Enabled       *bool   `json:"enabled"`
	}
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, 1<<20)
	if err := json.NewDecoder(c.r.Body).Decode(&body); err != nil {
		writeKCError(c.w, http.StatusBadRequest, "invalid_request", "Cannot parse the JSON")
		return
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	us := &st.users[u]
	if body.Username != nil && !strings.EqualFold(*body.Username, us.username) {
		writeErrorMessage(c.w, http.StatusBadRequest, "error-user-attribute-read-only")
		return
	}
	if body.Email != nil && *body.Email != "" && !strings.Contains(*body.Email, "@") {
		writeJSON(c.w, http.StatusBadRequest, map[string]any{"field": "email", "errorMessage": "invalid-email", "params": []string{"email", *body.Email}})
		return
	}
	if body.FirstName != nil {
		us.first = *body.FirstName
	}
	if body.LastName != nil {
		us.last = *body.LastName
	}
	if body.Email != nil {
		us.email = *body.Email
	}
	if body.Enabled != nil {
		us.enabled = *body.Enabled
	}
	c.w.WriteHeader(http.StatusNoContent)
}
