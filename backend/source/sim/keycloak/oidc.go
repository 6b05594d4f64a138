package keycloaksim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

type roleList struct {
	Roles []string `json:"roles"`
}

// claims are the fields of Keycloak's access, refresh and ID tokens that the simulator sets.
type claims struct {
	Exp               int64               `json:"exp,omitempty"`
	Iat               int64               `json:"iat"`
	AuthTime          int64               `json:"auth_time,omitempty"`
	Jti               string              `json:"jti"`
	Iss               string              `json:"iss"`
	Aud               any                 `json:"aud,omitempty"`
	Sub               string              `json:"sub"`
	Typ               string              `json:"typ"`
	Azp               string              `json:"azp"`
	Nonce             string              `json:"nonce,omitempty"`
	Sid               string              `json:"sid,omitempty"`
	Acr               string              `json:"acr,omitempty"`
	RealmAccess       *roleList           `json:"realm_access,omitempty"`
	ResourceAccess    map[string]roleList `json:"resource_access,omitempty"`
	Scope             string              `json:"scope,omitempty"`
	ClientHost        string              `json:"clientHost,omitempty"`
	EmailVerified     *bool               `json:"email_verified,omitempty"`
	ClientAddress     string              `json:"clientAddress,omitempty"`
	ClientID          string              `json:"client_id,omitempty"`
	Name              string              `json:"name,omitempty"`
	PreferredUsername string              `json:"preferred_username,omitempty"`
	GivenName         string              `json:"given_name,omitempty"`
	FamilyName        string              `json:"family_name,omitempty"`
	Email             string              `json:"email,omitempty"`
}

type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshExpiresIn int64  `json:"refresh_expires_in"`
	RefreshToken     string `json:"refresh_token,omitempty"`
	TokenType        string `json:"token_type"`
	IDToken          string `json:"id_token,omitempty"`
	NotBeforePolicy  int64  `json:"not-before-policy"`
	SessionState     string `json:"session_state,omitempty"`
	Scope            string `json:"scope"`
}

const msgBadClient = "Invalid client or Invalid client credentials"

func (s *Server) clientByClientID(id string) int {
	for i := range s.clients {
		if s.clients[i].clientID == id {
			return i
		}
	}
	return -1
}

// clientSecretOf is a confidential client's secret: the admin client's is rotatable.
func (s *Server) clientSecretOf(c int) string {
	if c == cSessionScopeAdmin {
		return s.tokens.clientSecret()
	}
	return simkit.DetString(uint64(s.realmID[0])<<8|uint64(c), 904, 32, tokenAlphabet)
}

// handleToken implements POST …/protocol/openid-connect/token.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, "POST") {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		writeKCError(w, http.StatusBadRequest, "invalid_request", "Invalid form body")
		return
	}
	f := r.PostForm
	w.Header().Set("Cache-Control", "no-store")
	grantType := f.Get("grant_type")
	if grantType == "" {
		writeKCError(w, http.StatusBadRequest, "invalid_request", "Missing form parameter: grant_type")
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = f.Get("client_id"), f.Get("client_secret")
	}
	c := s.clientByClientID(id)
	if c < 0 {
		writeKCError(w, http.StatusUnauthorized, "invalid_client", msgBadClient)
		return
	}
	cl := &s.clients[c]
	if cl.bearerOnly {
		writeKCError(w, http.StatusBadRequest, "invalid_client", "Bearer-only not allowed")
		return
	}
	if !cl.public {
		if secret == "" {
			writeKCError(w, http.StatusUnauthorized, "invalid_client", "Client secret not provided in request")
			return
		}
		if subtle.ConstantTimeCompare([]byte(secret), []byte(s.clientSecretOf(c))) != 1 {
			writeKCError(w, http.StatusUnauthorized, "invalid_client", msgBadClient)
			return
		}
	}
	switch grantType {
	case "client_credentials":
		if cl.public {
			writeKCError(w, http.StatusBadRequest, "unauthorized_client", "Public client not allowed to retrieve service account")
			return
		}
		if !cl.serviceAcct {
			writeKCError(w, http.StatusUnauthorized, "unauthorized_client", "Client not enabled to retrieve service account")
			return
		}
		g := grant{user: s.sa, client: c, scope: "profile email", roles: s.rolesFor(s.sa)}
		s.respondTokens(w, r, g, false, "", 0)
	case "refresh_token":
		s.refreshGrant(w, r, c, f.Get("refresh_token"))
	case "authorization_code":
		s.codeGrant(w, r, c)
	case "password":
		writeKCError(w, http.StatusBadRequest, "unauthorized_client", "Client not allowed for direct access grants")
	default:
		writeKCError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant_type")
	}
}

func (s *Server) refreshGrant(w http.ResponseWriter, r *http.Request, c int, rt string) {
	if rt == "" {
		writeKCError(w, http.StatusBadRequest, "invalid_request", "Missing parameter: refresh_token")
		return
	}
	g, ok := s.tokens.lookupRefresh(rt)
	if !ok {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", "Invalid refresh token")
		return
	}
	if g.client != c {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match")
		return
	}
	if desc := s.touchSession(g, s.now()); desc != "" {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", desc)
		return
	}
	g.roles = s.rolesFor(g.user)
	s.respondTokens(w, r, g, true, "", 0)
}

// touchSession checks that a grant's user and session are still good and records the refresh
// on the session, as a token refresh does; it returns Keycloak's error description otherwise.
func (s *Server) touchSession(g grant, now time.Time) string {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.users[g.user].enabled {
		return "User disabled"
	}
	if !g.hasSid {
		return ""
	}
	k := kindRegular
	if g.offline {
		k = kindOffline
	}
	i := st.findLocked(g.sid, k)
	if i < 0 || !st.activeLocked(i, now.UnixMilli()) {
		if g.offline {
			return "Offline user session not found"
		}
		return "Session not active"
	}
	sess := &st.sessions[i]
	sess.last = now.UnixMilli()
	for j := range sess.clients {
		if int(sess.clients[j].client) == g.client {
			sess.clients[j].ts = sess.last
		}
	}
	return ""
}

func (s *Server) codeGrant(w http.ResponseWriter, r *http.Request, c int) {
	f := r.PostForm
	now := s.now()
	ac, ok := s.tokens.takeCode(f.Get("code"))
	if !ok || !now.Before(ac.expires) {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", "Code not valid")
		return
	}
	if ac.client != c {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", "Auth error")
		return
	}
	if f.Get("redirect_uri") != ac.redirect {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", "Incorrect redirect_uri")
		return
	}
	if ac.challenge != "" {
		v := f.Get("code_verifier")
		switch {
		case v == "":
			writeKCError(w, http.StatusBadRequest, "invalid_grant", "PKCE code verifier not specified")
			return
		case !validPKCEValue(v):
			writeKCError(w, http.StatusBadRequest, "invalid_grant", "PKCE invalid code verifier")
			return
		case s256(v) != ac.challenge:
			writeKCError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed: Code mismatch")
			return
		}
	}
	if desc := s.touchSession(ac.grant, now); desc != "" {
		writeKCError(w, http.StatusBadRequest, "invalid_grant", desc)
		return
	}
	g := ac.grant
	if hasScope(g.scope, "offline_access") {
		s.ensureOffline(g.sid, c)
		g.offline = true
	}
	g.roles = s.rolesFor(g.user)
	s.respondTokens(w, r, g, true, ac.nonce, ac.authTime)
}

// ensureOffline creates the offline session an offline_access login leaves: same id as the
// regular session.
func (s *Server) ensureOffline(sid uuid, c int) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.findLocked(sid, kindOffline) >= 0 {
		return
	}
	i := st.findLocked(sid, kindRegular)
	if i < 0 {
		return
	}
	r := st.sessions[i]
	st.addLocked(session{id: r.id, user: r.user, ip: r.ip, start: r.start, last: r.last, offline: true,
		clients: []clientStamp{{client: uint8(c), ts: r.last}}})
}

func hasScope(scope, want string) bool { return slices.Contains(strings.Fields(scope), want) }

func s256(v string) string {
	h := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// validPKCEValue checks RFC 7636's 43–128 unreserved characters (verifier and challenge).
func validPKCEValue(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// respondTokens issues an access token (and a refresh token when refresh is set, an ID token
// when the scope has openid) for g and writes the token response.
func (s *Server) respondTokens(w http.ResponseWriter, r *http.Request, g grant, refresh bool, nonce string, authTime int64) {
	now := s.now()
	s.grants.Add(1)
	iss := s.issuer(r)
	cl := &s.clients[g.client]
	s.st.mu.RLock()
	us := s.st.users[g.user]
	s.st.mu.RUnlock()
	base := func(jti, typ string) claims {
		c := claims{Iat: now.Unix(), Jti: jti, Iss: iss, Sub: us.id.String(), Typ: typ, Azp: cl.clientID, Scope: g.scope}
		if g.hasSid {
			c.Sid = g.sid.String()
		}
		return c
	}
	expires := now.Add(s.cfg.AccessTokenTTL)
	access := s.tokens.issueAccess(g, now, expires, func(jti string) any {
		c := base(jti, "Bearer")
		c.Exp, c.Acr = expires.Unix(), "1"
		c.AuthTime = authTime
		c.Aud = "account"
		c.RealmAccess = &roleList{Roles: []string{"default-roles-" + s.realm, "offline_access", "uma_authorization"}}
		c.ResourceAccess = map[string]roleList{"account": {Roles: []string{"manage-account", "manage-account-links", "view-profile"}}}
		if len(g.roles) > 0 {
			c.Aud = []string{"realm-management", "account"}
			c.ResourceAccess["realm-management"] = roleList{Roles: g.roles}
		}
		s.userClaims(&c, &us, r, cl)
		return c
	})
	resp := tokenResponse{AccessToken: access, ExpiresIn: int64(s.cfg.AccessTokenTTL / time.Second), TokenType: "Bearer", Scope: g.scope}
	if refresh {
		typ, life := "Refresh", s.refreshLifetime(g)
		if g.offline {
			typ = "Offline"
		}
		resp.RefreshToken = s.tokens.issueRefresh(g, func(jti string) any {
			c := base(jti, typ)
			if life > 0 {
				c.Exp = now.Unix() + life
			}
			c.Aud = iss
			return c
		})
		resp.RefreshExpiresIn = life
	}
	if g.hasSid {
		resp.SessionState = g.sid.String()
	}
	if hasScope(g.scope, "openid") {
		resp.IDToken = s.tokens.sign(func() claims {
			c := base(newUUID(uint64(now.UnixNano()), tagEvent, uint64(s.grants.Load())).String(), "ID")
			c.Exp, c.AuthTime, c.Nonce, c.Aud, c.Acr = expires.Unix(), authTime, nonce, cl.clientID, "1"
			s.userClaims(&c, &us, r, cl)
			return c
		}())
	}
	writeJSON(w, http.StatusOK, resp)
}

// refreshLifetime is refresh_expires_in: the idle timeout of the session behind the token, 0
// for an offline token without a max lifespan.
func (s *Server) refreshLifetime(g grant) int64 {
	t := &s.cfg.Timeouts
	if g.offline {
		if !t.OfflineSessionMaxEnabled {
			return 0
		}
		return int64(t.OfflineSessionIdle / time.Second)
	}
	return int64(t.SSOSessionIdle / time.Second)
}

func (s *Server) userClaims(c *claims, us *user, r *http.Request, cl *client) {
	verified := !us.serviceAcct
	c.EmailVerified = &verified
	c.PreferredUsername = us.username
	if us.serviceAcct {
		ip := remoteIP(r).String()
		c.ClientHost, c.ClientAddress, c.ClientID = ip, ip, cl.clientID
		return
	}
	c.Name, c.GivenName, c.FamilyName, c.Email = us.first+" "+us.last, us.first, us.last, us.email
}

func remoteIP(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	return a.Unmap()
}
