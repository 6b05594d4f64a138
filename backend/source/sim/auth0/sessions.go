package auth0sim

import (
	"encoding/base64"
	"net/http"
	"sort"
	"strconv"
)

// maxTake caps take on a user's session list. The documented default is 50; no maximum is
// documented, so larger values are served as 100 rather than refused.
const maxTake = 100

// handleUserSessions is GET (list, checkpoint paging with from/take/next) and DELETE (end
// all) on /api/v2/users/{id}/sessions. Listed sessions include ones past their expiry that
// have not been purged yet: nothing in the documentation promises otherwise.
func (s *Server) handleUserSessions(c *call, uid string) {
	if !s.sessionsFeature(c) {
		return
	}
	if c.r.Method == http.MethodDelete {
		if !c.need("delete:sessions") {
			return
		}
		ui, ok := s.lookupUser(c, uid)
		if !ok {
			return
		}
		s.revoked.Add(s.st.deleteUserSessions(ui)...)
		s.deletes.Add(1)
		c.w.WriteHeader(http.StatusAccepted)
		return
	}
	if !c.need("read:sessions") {
		return
	}
	s.sessionLists.Add(1)
	take, ok := queryInt(c, "take", 50, 1, 1<<20)
	if !ok {
		return
	}
	take = min(take, maxTake)
	after := ""
	if from := c.r.URL.Query().Get("from"); from != "" {
		b, err := base64.RawURLEncoding.DecodeString(from)
		if err != nil || len(b) == 0 {
			writeError(c.w, http.StatusBadRequest, "invalid_query_string", "Invalid value for the from parameter.")
			return
		}
		after = string(b)
	}
	ui, ok := s.lookupUser(c, uid)
	if !ok {
		return
	}
	st := s.st
	st.mu.RLock()
	list := st.users[ui].sessions
	// Sessions are kept sorted by id: the checkpoint is the last id handed out.
	i := sort.Search(len(list), func(k int) bool { return st.sess[list[k]].id > after })
	out := make([]sessionJSON, 0, min(take, len(list)))
	for ; i < len(list) && len(out) < take; i++ {
		if !st.sess[list[i]].deleted {
			out = append(out, st.sessionView(list[i]))
		}
	}
	more := false
	for ; i < len(list); i++ {
		if !st.sess[list[i]].deleted {
			more = true
			break
		}
	}
	st.mu.RUnlock()
	body := map[string]any{"sessions": out}
	if more {
		body["next"] = base64.RawURLEncoding.EncodeToString([]byte(out[len(out)-1].ID))
	}
	writeJSON(c.w, http.StatusOK, body)
}

func (s *Server) lookupUser(c *call, uid string) (int32, bool) {
	s.st.mu.RLock()
	ui, ok := s.st.byUser[uid]
	s.st.mu.RUnlock()
	if !ok {
		writeError(c.w, http.StatusNotFound, "inexistent_user", msgUserNotFound)
	}
	return ui, ok
}

// handleSession is GET and DELETE /api/v2/sessions/{id}. DELETE is asynchronous (202) and,
// as in the spec, has no 404: deleting an unknown session is accepted too. A DELETE of a
// session the tenant knows counts as a revocation even when it was deleted already: the
// tenant accepted it again, and a client acting twice must show.
func (s *Server) handleSession(c *call, id string) {
	if !s.sessionsFeature(c) {
		return
	}
	if c.r.Method == http.MethodDelete {
		if !c.need("delete:sessions") {
			return
		}
		if known, _ := s.st.deleteSession(id); known {
			s.revoked.Add(id)
		}
		s.deletes.Add(1)
		c.w.WriteHeader(http.StatusAccepted)
		return
	}
	if !c.need("read:sessions") {
		return
	}
	st := s.st
	st.mu.RLock()
	si, ok := st.byID[id]
	if !ok || st.sess[si].deleted {
		st.mu.RUnlock()
		writeError(c.w, http.StatusNotFound, "inexistent_session", msgSessNotFound)
		return
	}
	v := st.sessionView(si)
	st.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, v)
}

// handleRevoke is POST /api/v2/sessions/{id}/revoke: ends the session and the refresh tokens
// bound to it (202), 404 for a session that does not exist (any more).
func (s *Server) handleRevoke(c *call, id string) {
	if !s.sessionsFeature(c) || !c.need("delete:sessions") || !c.need("delete:refresh_tokens") {
		return
	}
	if len(id) > 50 {
		writeError(c.w, http.StatusBadRequest, "invalid_uri",
			"Path validation error: 'String is too long ("+strconv.Itoa(len(id))+" chars), maximum 50' on property id (ID of the session to revoke).")
		return
	}
	if _, live := s.st.deleteSession(id); !live {
		writeError(c.w, http.StatusNotFound, "inexistent_session", msgSessNotFound)
		return
	}
	s.revoked.Add(id)
	s.revokes.Add(1)
	c.w.WriteHeader(http.StatusAccepted)
}
