package kratossim

import (
	"net/http"
	"strings"

	"sessionscope/backend/source/sim/simkit"
)

// SessionToken is the session token (ory_st_…) of a session, for tests of the public API. The
// admin API never shows it: the token, not the id, is the credential.
func (s *Server) SessionToken(id string) (string, bool) {
	u, err := parseUUID(id)
	if err != nil {
		return "", false
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	if _, ok := s.st.session(u); !ok {
		return "", false
	}
	return s.tokenOf(u), true
}

func (s *Server) tokenOf(id uuid) string {
	var x uint64
	for _, b := range id[:8] {
		x = x<<8 | uint64(b)
	}
	return "ory_st_" + simkit.DetString(s.seed, x, 32, simkit.Alnum)
}

// handleWhoami is the public GET /sessions/whoami with an X-Session-Token or a Bearer session
// token: 200 with the session while it is active, 401 right after it was disabled or deleted.
func (s *Server) handleWhoami(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-Session-Token")
	if scheme, t, ok := strings.Cut(r.Header.Get("Authorization"), " "); tok == "" && ok && strings.EqualFold(scheme, "Bearer") {
		tok = strings.TrimSpace(t)
	}
	s.tokensOnce.Do(func() {
		s.st.mu.RLock()
		s.tokens = make(map[string]int32, len(s.st.sessions))
		for i := range s.st.sessions {
			s.tokens[s.tokenOf(s.st.sessions[i].id)] = int32(i)
		}
		s.st.mu.RUnlock()
	})
	now := s.now().UnixNano()
	s.st.mu.RLock()
	i, ok := s.tokens[tok]
	var out sessionJSON
	var disabledIdentity bool
	if ok {
		sess := &s.st.sessions[i]
		disabledIdentity = s.st.identities[sess.ident].inactive
		ok = !sess.deleted && s.st.isActive(sess, now, false)
		if ok && !disabledIdentity {
			out = s.sessionView(i, expand{identity: true, devices: true, addresses: true}, now)
		}
	}
	s.st.mu.RUnlock()
	switch {
	case ok && disabledIdentity:
		writeError(w, http.StatusUnauthorized, "identity is disabled", "This account was disabled.")
	case !ok:
		writeErrorID(w, http.StatusUnauthorized, "session_inactive", "request does not have a valid authentication session",
			"No active session was found in this request.")
	default:
		w.Header().Set("X-Kratos-Authenticated-Identity-Id", out.Identity.ID)
		writeJSON(w, http.StatusOK, out)
	}
}
