package keycloaksim

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// accessCodeLifespan is how long an authorization code can be exchanged (Keycloak's default).
const accessCodeLifespan = 60 * time.Second

// handleAuth implements GET …/protocol/openid-connect/auth for the authorization code flow.
// There is no login form: the configured interactive user is signed in at once (as if they
// had typed their password), a new SSO session is created and the browser is redirected back.
func (s *Server) handleAuth(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, "GET", "POST") {
		return
	}
	_ = r.ParseForm()
	q := r.Form
	c := s.clientByClientID(q.Get("client_id"))
	if c < 0 {
		writeHTMLError(w, http.StatusBadRequest, "Client not found.")
		return
	}
	cl := &s.clients[c]
	if cl.bearerOnly || !cl.standardFlow {
		writeHTMLError(w, http.StatusBadRequest, "Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.")
		return
	}
	redirect := q.Get("redirect_uri")
	if !s.redirectAllowed(r, cl, redirect) {
		writeHTMLError(w, http.StatusBadRequest, "Invalid parameter: redirect_uri")
		return
	}
	state := q.Get("state")
	fail := func(code, desc string) {
		s.redirectBack(w, r, redirect, state, url.Values{"error": {code}, "error_description": {desc}})
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "Client does not support requested response_type")
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case cl.pkce && method == "":
		fail("invalid_request", "Missing parameter: code_challenge_method")
		return
	case cl.pkce && method != "S256":
		fail("invalid_request", "Invalid parameter: code challenge method is not matching the configured one")
		return
	case method != "" && method != "S256" && method != "plain":
		fail("invalid_request", "Invalid parameter: code_challenge_method")
		return
	case (cl.pkce || method != "") && challenge == "":
		fail("invalid_request", "Missing parameter: code_challenge")
		return
	case challenge != "" && !validPKCEValue(challenge):
		fail("invalid_request", "Invalid parameter: code_challenge")
		return
	}
	if method == "plain" {
		challenge = s256(challenge) // compare like S256 at exchange time
	}
	now := s.now()
	st := s.st
	st.mu.Lock()
	u, ok := st.byName[strings.ToLower(s.cfg.InteractiveUser)]
	if ok && !st.users[u].enabled {
		st.mu.Unlock()
		writeHTMLError(w, http.StatusBadRequest, "Account is disabled, contact your administrator.")
		return
	}
	if !ok {
		st.mu.Unlock()
		writeHTMLError(w, http.StatusBadRequest, "Invalid username or password.")
		return
	}
	sid := newUUID(s.tokens.seed^uint64(now.UnixNano()), tagSession, uint64(len(st.sessions)))
	ms := now.UnixMilli()
	st.addLocked(session{id: sid, user: u, ip: remoteIP(r), start: ms, last: ms,
		clients: []clientStamp{{client: uint8(c), ts: ms}}})
	st.mu.Unlock()
	scope := q.Get("scope")
	if scope == "" {
		scope = "profile email"
	}
	code := s.tokens.addCode(&authCode{
		grant:    grant{user: u, client: c, sid: sid, hasSid: true, scope: scope},
		redirect: redirect, challenge: challenge, nonce: q.Get("nonce"), authTime: now.Unix(),
		expires: now.Add(accessCodeLifespan),
	})
	s.redirectBack(w, r, redirect, state, url.Values{"session_state": {sid.String()}, "code": {code}})
}

// redirectBack sends the browser to redirect with state, the extra parameters and iss (RFC 9207).
func (s *Server) redirectBack(w http.ResponseWriter, r *http.Request, redirect, state string, extra url.Values) {
	var b strings.Builder
	b.WriteString(redirect)
	sep := "?"
	if strings.Contains(redirect, "?") {
		sep = "&"
	}
	add := func(k, v string) {
		b.WriteString(sep + url.QueryEscape(k) + "=" + url.QueryEscape(v))
		sep = "&"
	}
	if state != "" {
		add("state", state)
	}
	for _, k := range []string{"error", "error_description", "session_state"} {
		if v := extra.Get(k); v != "" {
			add(k, v)
		}
	}
	add("iss", s.issuer(r))
	if v := extra.Get("code"); v != "" {
		add("code", v)
	}
	w.Header().Set("Location", b.String())
	w.WriteHeader(http.StatusFound)
}

// redirectAllowed matches a redirect URI against the client's registered ones. Loopback
// clients register http://127.0.0.1/* and http://localhost/*; Keycloak ignores the port of
// such URIs when matching, so any ephemeral port works. Others accept their root URL + "/*".
func (s *Server) redirectAllowed(r *http.Request, cl *client, redirect string) bool {
	u, err := url.Parse(redirect)
	if err != nil || redirect == "" || u.Fragment != "" {
		return false
	}
	if cl.loopback {
		h := u.Hostname()
		return u.Scheme == "http" && (h == "127.0.0.1" || h == "localhost") && u.User == nil
	}
	root := cl.rootURL
	switch root {
	case "":
		return false
	case "${authBaseUrl}":
		root = s.baseURL(r) + "/realms/" + url.PathEscape(s.realm) + "/account"
	case "${authAdminUrl}":
		root = s.baseURL(r) + "/admin/" + url.PathEscape(s.realm) + "/console"
	}
	return strings.HasPrefix(redirect, root+"/")
}
