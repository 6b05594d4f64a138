package salesforcesim

import (
	"net/http"

	"sessionscope/backend/source/sim/simkit"
)

// OauthToken rows are the users' OAuth grants (Setup ▸ Connected Apps OAuth Usage): one per
// user and connected app that holds a refresh token. Deleting a session does not revoke them
// (apis.md §1.10); revoking one — POST /services/oauth2/revoke with its DeleteToken — does,
// and the row is gone from then on. Generated: one grant for each app a user has an API or
// OAuth session from, and for a few users an old grant of an app they no longer use.

// oauthGrant is one OauthToken row. revoked is guarded by store.mu.
type oauthGrant struct {
	user              int32
	app               uint8
	created, lastUsed int64
	useCount          int32
	deleteToken       string
	revoked           bool
}

// generateGrants derives the grants from the sessions, deterministically from seed.
func generateGrants(st *store, seed uint64, admin int32) []oauthGrant {
	rng := simkit.NewRand(seed, 0x6f61757468) // "oauth"
	type key struct {
		user int32
		app  uint8
	}
	first := map[key]int{}
	var out []oauthGrant
	add := func(u int32, app uint8, created, used int64) {
		k := key{u, app}
		if i, ok := first[k]; ok {
			out[i].created, out[i].lastUsed = min(out[i].created, created), max(out[i].lastUsed, used)
			return
		}
		first[k] = len(out)
		out = append(out, oauthGrant{user: u, app: app, created: created, lastUsed: used,
			useCount: int32(rng.Between(3, 4000))})
	}
	for i := range st.sessions {
		ss := &st.sessions[i]
		if ss.parent != int32(i) || ss.hist < 0 || (ss.sessionType != stAPI && ss.sessionType != stOauth2) {
			continue
		}
		if app := st.hists[ss.hist].app; app != appBrowser {
			add(ss.user, app, ss.created-rng.Between(0, 30*86400), ss.modified)
		}
	}
	now := int64(0)
	for i := range st.sessions {
		now = max(now, st.sessions[i].modified)
	}
	for u := range st.users {
		if int32(u) != admin && st.users[u].userType == utStandard && rng.Chance(0.06) {
			created := now - rng.Between(200, 900)*86400
			add(int32(u), appWorkbench, created, created+rng.Between(0, 60)*86400)
		}
	}
	for i := range out {
		out[i].deleteToken = "5Aep" + simkit.DetString(seed, 7_000_000+uint64(i), 83, tokenAlphabet)
	}
	return out
}

var oauthTokenFields = []string{"Id", "AppName", "DeleteToken", "UserId", "CreatedDate", "LastUsedDate", "UseCount"}

// oauthTokenRow renders grant g with cols. The caller holds st.mu.
func (s *Server) oauthTokenRow(verSeg string, g int32, cols []string) map[string]any {
	gr := &s.st.grants[g]
	id := s.st.ids.oauthToken.id18(int(g))
	r := map[string]any{"attributes": map[string]string{"type": "OauthToken", "url": "/services/data/" + verSeg + "/sobjects/OauthToken/" + id}}
	for _, col := range cols {
		switch col {
		case "Id":
			r[col] = id
		case "AppName":
			r[col] = applications[gr.app]
		case "DeleteToken":
			r[col] = gr.deleteToken
		case "UserId":
			r[col] = s.st.ids.user.id18(int(gr.user))
		case "CreatedDate":
			r[col] = formatTime(gr.created)
		case "LastUsedDate":
			r[col] = formatTime(gr.lastUsed)
		case "UseCount":
			r[col] = gr.useCount
		}
	}
	return r
}

// revokeGrant revokes the grant whose DeleteToken is tok; false when there is none (left).
// Revoking the admin's grant of this tool also revokes the tool's refresh tokens.
func (s *Server) revokeGrant(tok string) bool {
	st := s.st
	st.mu.Lock()
	found := int32(-1)
	for i := range st.grants {
		if g := &st.grants[i]; !g.revoked && g.deleteToken == tok {
			g.revoked, found = true, int32(i)
			break
		}
	}
	st.mu.Unlock()
	if found < 0 {
		return false
	}
	if g := st.grants[found]; g.user == s.data.admin && g.app == appSessionScope {
		s.tokens.revokeUser(g.user)
	}
	return true
}

// handleRevoke implements /services/oauth2/revoke (POST form or GET query parameter): an
// access or refresh token of this simulator, or an OauthToken row's DeleteToken.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "must use HTTP POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "invalid request body")
		return
	}
	tok := r.Form.Get("token")
	if !s.tokens.revoke(tok) && !s.revokeGrant(tok) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_token", "invalid token")
		return
	}
	w.WriteHeader(http.StatusOK)
}

// OAuthTokenCount is how many OAuth grants (OauthToken rows not revoked) the user with id holds.
func (s *Server) OAuthTokenCount(userID string) int {
	u, ok := s.st.findUser(userID)
	if !ok {
		return 0
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	n := 0
	for i := range s.st.grants {
		if g := &s.st.grants[i]; g.user == u && !g.revoked {
			n++
		}
	}
	return n
}
