package salesforcesim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

func writeOAuthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// handleToken implements POST /services/oauth2/token for the refresh-token, JWT-bearer and
// client-credentials grants.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "must use HTTP POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "invalid request body")
		return
	}
	f := r.PostForm
	switch f.Get("grant_type") {
	case "refresh_token":
		if f.Get("client_id") != s.org.clientID {
			writeOAuthError(w, http.StatusBadRequest, "invalid_client_id", "client identifier invalid")
			return
		}
		if sec := f.Get("client_secret"); sec != "" && sec != s.org.clientSecret {
			writeOAuthError(w, http.StatusBadRequest, "invalid_client", "invalid client credentials")
			return
		}
		rt := f.Get("refresh_token")
		u, ok := s.tokens.refreshUser(rt)
		if !ok {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "expired access/refresh token")
			return
		}
		s.grant(w, r, u, rt)
	case jwtBearerGrant:
		u, code, desc := s.checkAssertion(r, f.Get("assertion"))
		if code != "" {
			writeOAuthError(w, http.StatusBadRequest, code, desc)
			return
		}
		s.grant(w, r, u, "")
	case "authorization_code":
		s.codeGrant(w, r, f)
	case "client_credentials":
		if f.Get("client_id") != s.org.clientID {
			writeOAuthError(w, http.StatusBadRequest, "invalid_client_id", "client identifier invalid")
			return
		}
		if f.Get("client_secret") != s.org.clientSecret {
			writeOAuthError(w, http.StatusBadRequest, "invalid_client", "invalid client credentials")
			return
		}
		s.grant(w, r, s.data.admin, "")
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant type not supported")
	}
}

// checkAssertion validates a JWT-bearer assertion's claims (not its signature) and returns
// the user it names, or an OAuth error.
func (s *Server) checkAssertion(r *http.Request, assertion string) (int32, string, string) {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return -1, "invalid_grant", "invalid assertion"
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return -1, "invalid_grant", "invalid assertion"
	}
	var claims struct {
		Iss string          `json:"iss"`
		Sub string          `json:"sub"`
		Aud json.RawMessage `json:"aud"`
		Exp json.Number     `json:"exp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return -1, "invalid_grant", "invalid assertion"
	}
	if claims.Iss != s.org.clientID {
		return -1, "invalid_client_id", "client identifier invalid"
	}
	if !s.audienceOK(r, claims.Aud) {
		return -1, "invalid_grant", "audience is invalid"
	}
	exp, err := claims.Exp.Float64()
	if err != nil || int64(exp) <= s.now().Unix() {
		return -1, "invalid_grant", "expired authorization code"
	}
	u, ok := s.st.userByName(claims.Sub)
	if !ok {
		return -1, "invalid_grant", "user hasn't approved this consumer"
	}
	return u, "", ""
}

func (s *Server) audienceOK(r *http.Request, raw json.RawMessage) bool {
	var auds []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		auds = []string{one}
	} else if json.Unmarshal(raw, &auds) != nil {
		return false
	}
	base := s.baseURL(r)
	for _, a := range auds {
		a = strings.TrimRight(a, "/")
		if a == "https://login.salesforce.com" || a == "https://test.salesforce.com" || a == base {
			return true
		}
	}
	return false
}

// grant issues an access token for user u and writes the token response.
func (s *Server) grant(w http.ResponseWriter, r *http.Request, u int32, refresh string) {
	s.grantWith(w, r, u, refresh, "")
}

// grantWith is grant that can also hand out a new refresh token (authorization-code grant).
func (s *Server) grantWith(w http.ResponseWriter, r *http.Request, u int32, refresh, newRefresh string) {
	if s.refuseFrozen(w, u) {
		return
	}
	now := s.now()
	sess, roots := s.sessionFor(u, now)
	tok := s.tokens.issue(accessToken{user: u, session: sess, roots: roots,
		expires: now.Add(s.cfg.AccessTokenTTL), refresh: refresh}, now)
	s.grants.Add(1)
	base := s.baseURL(r)
	id := base + "/id/" + s.org.orgID + "/" + s.st.ids.user.id18(int(u))
	issued := strconv.FormatInt(now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(s.org.clientSecret))
	mac.Write([]byte(id + issued))
	writeJSON(w, http.StatusOK, struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token,omitempty"`
		Signature    string `json:"signature"`
		Scope        string `json:"scope"`
		InstanceURL  string `json:"instance_url"`
		ID           string `json:"id"`
		TokenType    string `json:"token_type"`
		IssuedAt     string `json:"issued_at"`
	}{tok, newRefresh, base64.StdEncoding.EncodeToString(mac.Sum(nil)), "api refresh_token", base, id, "Bearer", issued})
}

// sessionFor returns the AuthSession backing a new access token of user u and the session
// families that count as the caller's own (IsCurrent). The admin's tokens are backed by the
// tool's OAuth session; other users' by their newest live API/OAuth session. When there is
// none (e.g. it was deleted) a new OAuth session is created, as a real login would.
func (s *Server) sessionFor(u int32, now time.Time) (int32, []int32) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	nowSec := now.Unix()
	usable := func(i int32) bool {
		return i >= 0 && !st.sessions[i].deleted && st.sessions[i].expiresAt() > nowSec
	}
	newSession := func(app, browser, platform uint8) int32 {
		return st.appendFamily(u, nowSec, family{rootType: stOauth2, loginType: ltRemoteAccess, app: app,
			browser: browser, platform: platform, loginURL: loginURLMyDomain, valid: 7200})
	}
	if u == s.data.admin {
		if !usable(s.data.toolSession) {
			s.data.toolSession = newSession(appSessionScope, brUnknown, plUnknown)
		}
		roots := []int32{s.data.toolSession}
		if usable(s.data.adminUIRoot) {
			roots = append(roots, s.data.adminUIRoot)
		}
		return s.data.toolSession, roots
	}
	for i := int32(len(st.sessions)) - 1; i >= 0; i-- {
		x := &st.sessions[i]
		if x.user == u && x.parent == i && (x.sessionType == stAPI || x.sessionType == stOauth2) && usable(i) {
			return i, []int32{i}
		}
	}
	i := newSession(appDataLoader, brUnknown, plLinux)
	return i, []int32{i}
}

// handleIdentity implements GET /id/{orgId}/{userId}: the identity of the token's user.
func (s *Server) handleIdentity(w http.ResponseWriter, r *http.Request) {
	tok := bearer(r)
	if tok == "" {
		tok = r.URL.Query().Get("oauth_token")
	}
	t, ok := s.caller(tok)
	if !ok {
		writeText(w, http.StatusForbidden, "Bad_OAuth_Token")
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/id/"), "/")
	if len(parts) != 2 {
		writeText(w, http.StatusNotFound, "Bad_Id")
		return
	}
	org, _ := normalizeID(parts[0])
	u, found := s.st.findUser(parts[1])
	if org != s.org.orgID[:15] || !found || u != t.user {
		writeText(w, http.StatusForbidden, "Bad_Id")
		return
	}
	us := &s.st.users[u]
	base := s.baseURL(r)
	uid := s.st.ids.user.id18(int(u))
	userType := "STANDARD"
	switch us.userType {
	case utPowerPartner:
		userType = "POWER_PARTNER"
	case utCspLitePortal:
		userType = "CSP_LITE_PORTAL"
	case utGuest:
		userType = "GUEST"
	}
	rest := base + "/services/data/v{version}/"
	writeJSON(w, http.StatusOK, map[string]any{
		"id":                 base + "/id/" + s.org.orgID + "/" + uid,
		"asserted_user":      true,
		"user_id":            uid,
		"organization_id":    s.org.orgID,
		"username":           us.username,
		"nick_name":          strings.SplitN(us.username, "@", 2)[0],
		"display_name":       us.name(),
		"email":              us.username,
		"email_verified":     true,
		"first_name":         us.first,
		"last_name":          us.last,
		"timezone":           "GMT",
		"active":             true,
		"user_type":          userType,
		"language":           "en_US",
		"locale":             "en_US",
		"utcOffset":          0,
		"is_app_installed":   true,
		"last_modified_date": formatTime(s.now().Unix() - 30*86400),
		"urls": map[string]string{
			"rest":     rest,
			"sobjects": rest + "sobjects/",
			"query":    rest + "query/",
			"profile":  base + "/" + uid,
		},
	})
}
