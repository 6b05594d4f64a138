package keycloaksim

import (
	"net/http"
	"strconv"
	"strings"
)

// defaultMax is Constants.DEFAULT_MAX_RESULTS, the page size when max is not given.
const defaultMax = 100

// call is one authenticated admin API request.
type call struct {
	w http.ResponseWriter
	r *http.Request
	a accessGrant
	p perms
}

// caller resolves the bearer token: it must be live, its user enabled and, for a user login,
// its session still active (Keycloak checks the session behind a token on every request).
func (s *Server) caller(r *http.Request) (accessGrant, bool) {
	tok := bearer(r)
	if tok == "" {
		return accessGrant{}, false
	}
	now := s.now()
	a, ok := s.tokens.lookupAccess(tok, now)
	if !ok {
		return accessGrant{}, false
	}
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if !st.users[a.user].enabled {
		return accessGrant{}, false
	}
	if a.hasSid {
		k := kindRegular
		if a.offline {
			k = kindOffline
		}
		if i := st.findLocked(a.sid, k); i < 0 || !st.activeLocked(i, now.UnixMilli()) {
			return accessGrant{}, false
		}
	}
	return a, true
}

// handleAdmin serves /admin/realms/{realm}/….
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request, realm string, rest []string) {
	a, ok := s.caller(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeKCError(w, http.StatusUnauthorized, msgUnauthorized, "")
		return
	}
	if realm != s.realm {
		writeKCError(w, http.StatusNotFound, "Realm not found.", "")
		return
	}
	c := &call{w: w, r: r, a: a, p: permsOf(a.roles)}
	w.Header().Set("Cache-Control", "no-cache")
	n := len(rest)
	switch {
	case n == 0:
		if allow(w, r, "GET") {
			s.getRealm(c)
		}
	case rest[0] == "client-session-stats" && n == 1:
		if allow(w, r, "GET") && require(w, c.p.viewRealm) {
			s.sessionStats(c)
		}
	case rest[0] == "clients":
		s.handleClients(c, rest[1:])
	case rest[0] == "sessions" && n == 2:
		if allow(w, r, "DELETE") && require(w, c.p.manageUsers) {
			s.deleteSession(c, rest[1])
		}
	case rest[0] == "users":
		s.handleUsers(c, rest[1:])
	case rest[0] == "events" && n == 1:
		if allow(w, r, "GET") && require(w, c.p.viewEvents) {
			s.events(c)
		}
	case rest[0] == "ui-ext" && s.cfg.UIExt && n >= 2 && rest[1] == "sessions":
		s.handleUIExt(c, rest[2:])
	case rest[0] == "logout-all" && n == 1:
		if allow(w, r, "POST") && require(w, c.p.manageUsers) {
			s.logoutAll(c)
		}
	default:
		writeKCError(w, http.StatusNotFound, msgNotFound, "")
	}
}

// getRealm: the full representation needs view-realm; any other admin gets only the name.
func (s *Server) getRealm(c *call) {
	switch {
	case c.p.viewRealm:
		writeJSON(c.w, http.StatusOK, s.realmRep())
	case c.p.any:
		writeJSON(c.w, http.StatusOK, map[string]string{"realm": s.realm})
	default:
		require(c.w, false)
	}
}

// sessionStats serves client-session-stats. The expiration task runs first, so the counts
// and the listings that follow skip sessions past Keycloak's grace window.
func (s *Server) sessionStats(c *call) {
	s.listPages.Add(1)
	st := s.st
	st.mu.Lock()
	st.purgeLocked(s.now().UnixMilli())
	out := []map[string]string{}
	for i := range s.clients {
		active, offline := len(st.lists[kindRegular][i]), len(st.lists[kindOffline][i])
		if active+offline == 0 {
			continue
		}
		out = append(out, map[string]string{"id": s.clients[i].id.String(), "clientId": s.clients[i].clientID,
			"active": strconv.Itoa(active), "offline": strconv.Itoa(offline)})
	}
	st.mu.Unlock()
	writeJSON(c.w, http.StatusOK, out)
}

func (s *Server) clientByID(id string) int {
	u, err := parseUUID(id)
	if err != nil {
		return -1
	}
	for i := range s.clients {
		if s.clients[i].id == u {
			return i
		}
	}
	return -1
}

// handleClients serves clients, clients/{id} and the per-client session resources.
func (s *Server) handleClients(c *call, rest []string) {
	w, r := c.w, c.r
	if len(rest) == 0 {
		if allow(w, r, "GET") && require(w, c.p.queryClients) {
			s.listClients(c)
		}
		return
	}
	cl := s.clientByID(rest[0])
	if cl < 0 {
		// Unknown ids are 404 only to callers that may list clients (no id phishing).
		if require(w, c.p.queryClients) {
			writeKCError(w, http.StatusNotFound, "Could not find client", "")
		}
		return
	}
	if !allow(w, r, "GET") || !require(w, c.p.viewClients) {
		return
	}
	if len(rest) == 1 {
		writeJSON(w, http.StatusOK, s.clientRep(cl))
		return
	}
	if len(rest) != 2 {
		writeKCError(w, http.StatusNotFound, msgNotFound, "")
		return
	}
	switch rest[1] {
	case "user-sessions":
		s.clientSessions(c, cl, kindRegular)
	case "offline-sessions":
		s.clientSessions(c, cl, kindOffline)
	case "session-count", "offline-session-count":
		k := kindRegular
		if rest[1] == "offline-session-count" {
			k = kindOffline
		}
		s.st.mu.RLock()
		n := len(s.st.lists[k][cl])
		s.st.mu.RUnlock()
		writeJSON(w, http.StatusOK, map[string]int{"count": n})
	default:
		writeKCError(w, http.StatusNotFound, msgNotFound, "")
	}
}

func (s *Server) listClients(c *call) {
	q := c.r.URL.Query()
	first, ok1 := intParam(q, "first", 0)
	max, ok2 := intParam(q, "max", defaultMax)
	if !ok1 || !ok2 {
		writeKCError(c.w, http.StatusNotFound, msgNotFound, "")
		return
	}
	want, search := q.Get("clientId"), q.Get("search") == "true"
	out := []clientRep{}
	for i := range s.clients {
		id := s.clients[i].clientID
		if want != "" && !(id == want || search && strings.Contains(strings.ToLower(id), strings.ToLower(want))) {
			continue
		}
		out = append(out, s.clientRep(i))
	}
	writeJSON(c.w, http.StatusOK, window(out, first, max))
}

// window applies first/max to a slice (negative first means 0, negative max means all).
func window[T any](xs []T, first, max int) []T {
	first = min(len(xs), max0(first))
	if max < 0 {
		max = len(xs)
	}
	return xs[first:min(len(xs), first+max)]
}

func max0(n int) int { return max(n, 0) }

// clientSessions serves clients/{id}/user-sessions and …/offline-sessions.
func (s *Server) clientSessions(c *call, cl, k int) {
	q := c.r.URL.Query()
	first, ok1 := intParam(q, "first", -1)
	max, ok2 := intParam(q, "max", defaultMax)
	if !ok1 || !ok2 {
		writeKCError(c.w, http.StatusNotFound, msgNotFound, "")
		return
	}
	s.listPages.Add(1)
	forClient := -1
	if k == kindOffline {
		forClient = cl
	}
	st := s.st
	st.mu.RLock()
	page := st.pageLocked(k, cl, max0(first), max)
	out := make([]sessionRep, 0, len(page))
	for _, i := range page {
		out = append(out, s.sessionRepLocked(i, forClient))
	}
	st.mu.RUnlock()
	writeJSON(c.w, http.StatusOK, out)
}

// deleteSession serves DELETE sessions/{id}?isOffline=…: with the typo Keycloak really has.
func (s *Server) deleteSession(c *call, id string) {
	k := kindRegular
	if strings.EqualFold(c.r.URL.Query().Get("isOffline"), "true") {
		k = kindOffline
	}
	st := s.st
	st.mu.Lock()
	i := int32(-1)
	if u, err := parseUUID(id); err == nil {
		i = st.findLocked(u, k)
	}
	if i >= 0 && st.removeLocked(i) {
		s.revoked.Add(st.keyLocked(i))
	}
	st.mu.Unlock()
	if i < 0 {
		writeKCError(c.w, http.StatusNotFound, "Sesssion not found", "")
		return
	}
	s.deletes.Add(1)
	c.w.WriteHeader(http.StatusNoContent)
}

// logoutAll serves POST logout-all: every regular session of the realm ends.
func (s *Server) logoutAll(c *call) {
	st := s.st
	st.mu.Lock()
	for i := range st.sessions {
		if !st.sessions[i].offline && st.removeLocked(int32(i)) {
			s.revoked.Add(st.keyLocked(int32(i)))
		}
	}
	st.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]any{})
}

// handleUIExt serves the admin console's ui-ext/sessions (realm-wide) and ui-ext/sessions/client.
// Like Keycloak it walks every session of every client, de-duplicates by (id, type), drops
// users the caller may not view and only then applies first/max.
func (s *Server) handleUIExt(c *call, rest []string) {
	if !allow(c.w, c.r, "GET") {
		return
	}
	q := c.r.URL.Query()
	first, ok1 := intParam(q, "first", 0)
	max, ok2 := intParam(q, "max", 10)
	typ := strings.ToUpper(q.Get("type"))
	if typ == "" {
		typ = "ALL"
	}
	if !ok1 || !ok2 || (typ != "ALL" && typ != "REGULAR" && typ != "OFFLINE") || len(rest) > 1 || (len(rest) == 1 && rest[0] != "client") {
		writeKCError(c.w, http.StatusNotFound, msgNotFound, "")
		return
	}
	clients := make([]int, 0, len(s.clients))
	if len(rest) == 1 {
		cl := s.clientByID(q.Get("clientId"))
		if cl < 0 || !c.p.viewClients {
			require(c.w, false)
			return
		}
		clients = append(clients, cl)
	} else {
		if !require(c.w, c.p.viewRealm) {
			return
		}
		for i := range s.clients {
			clients = append(clients, i)
		}
	}
	s.listPages.Add(1)
	search := strings.TrimSpace(q.Get("search"))
	st := s.st
	st.mu.Lock()
	if len(rest) == 0 {
		st.purgeLocked(s.now().UnixMilli())
	}
	seen := map[int32]bool{}
	out := []uiSessionRep{}
	for _, k := range []int{kindRegular, kindOffline} {
		if typ != "ALL" && (typ == "OFFLINE") != (k == kindOffline) {
			continue
		}
		for _, cl := range clients {
			for _, i := range st.lists[k][cl] {
				if seen[i] || !c.p.viewUsers {
					continue
				}
				seen[i] = true
				rep := s.uiSessionRepLocked(i)
				if search != "" && !matchesSearch(rep, search) {
					continue
				}
				out = append(out, rep)
			}
		}
	}
	st.mu.Unlock()
	writeJSON(c.w, http.StatusOK, window(out, first, max))
}

func matchesSearch(r uiSessionRep, search string) bool {
	if strings.Contains(r.Username, search) || strings.Contains(r.IPAddress, search) {
		return true
	}
	for _, id := range r.Clients {
		if strings.Contains(id, search) {
			return true
		}
	}
	return false
}
