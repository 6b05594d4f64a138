package salesforcesim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// UserLogin is one row per user (id i is user i's row; key prefix 060): IsFrozen can be set
// through the API — freezing blocks new logins and token grants but leaves the user's
// sessions as they are — and IsPasswordLocked can only be cleared (apis.md §1.3, §1.5). The
// simulator never locks passwords, so it is always false.

// handleUserLogin serves GET and PATCH /services/data/vXX.X/sobjects/UserLogin/{id}.
func (s *Server) handleUserLogin(c *call, id string) {
	st := s.st
	u := -1
	if id15, ok := normalizeID(id); ok {
		if i, ok := st.ids.userLogin.index(id15); ok && i < len(st.users) {
			u = i
		}
	}
	if u < 0 {
		writeErrors(c.w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
		return
	}
	if c.r.Method == http.MethodGet {
		st.mu.RLock()
		row := s.userLoginRow(c.verSeg, int32(u), userLoginFields)
		st.mu.RUnlock()
		writeJSON(c.w, http.StatusOK, row)
		return
	}
	var body map[string]json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<16)).Decode(&body); err != nil {
		writeErrors(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "The request body is not valid JSON: "+err.Error())
		return
	}
	var frozen *bool
	for k, raw := range body {
		var b bool
		switch {
		case strings.EqualFold(k, "IsFrozen") && json.Unmarshal(raw, &b) == nil:
			frozen = &b
		case strings.EqualFold(k, "IsPasswordLocked") && json.Unmarshal(raw, &b) == nil && !b:
		case strings.EqualFold(k, "IsPasswordLocked"):
			writeErrors(c.w, http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "IsPasswordLocked can only be set to false")
			return
		case strings.EqualFold(k, "IsFrozen"):
			writeErrors(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "Cannot deserialize instance of boolean from "+string(raw)+" value")
			return
		default:
			writeErrors(c.w, http.StatusBadRequest, "INVALID_FIELD", "No such column '"+k+"' on sobject of type UserLogin")
			return
		}
	}
	if frozen != nil {
		st.mu.Lock()
		st.frozen[u] = *frozen
		st.mu.Unlock()
	}
	c.w.WriteHeader(http.StatusNoContent)
}

var userLoginFields = []string{"Id", "UserId", "IsFrozen", "IsPasswordLocked"}

// userLoginRow renders user u's UserLogin row with cols. The caller holds st.mu.
func (s *Server) userLoginRow(verSeg string, u int32, cols []string) map[string]any {
	id := s.st.ids.userLogin.id18(int(u))
	r := map[string]any{"attributes": map[string]string{"type": "UserLogin", "url": "/services/data/" + verSeg + "/sobjects/UserLogin/" + id}}
	for _, col := range cols {
		switch col {
		case "Id":
			r[col] = id
		case "UserId":
			r[col] = s.st.ids.user.id18(int(u))
		case "IsFrozen":
			r[col] = s.st.frozen[u]
		case "IsPasswordLocked":
			r[col] = false
		}
	}
	return r
}

// isFrozen reports whether user u is frozen.
func (s *Server) isFrozen(u int32) bool {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return s.st.frozen[u]
}

// refuseFrozen answers a token request for a frozen user as Salesforce does (the login fails;
// LoginHistory would say "User is Frozen") and reports whether it did.
func (s *Server) refuseFrozen(w http.ResponseWriter, u int32) bool {
	if !s.isFrozen(u) {
		return false
	}
	writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "authentication failure")
	return true
}

// IsFrozen reports whether the user with id (15 or 18 characters) is frozen.
func (s *Server) IsFrozen(userID string) bool {
	u, ok := s.st.findUser(userID)
	return ok && s.isFrozen(u)
}

// UserLoginID is the id of the UserLogin row of the user with id, "" for an unknown user.
func (s *Server) UserLoginID(userID string) string {
	u, ok := s.st.findUser(userID)
	if !ok {
		return ""
	}
	return s.st.ids.userLogin.id18(int(u))
}
