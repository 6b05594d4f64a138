package auth0sim

import (
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// accessToken is what an issued Management API token stands for.
type accessToken struct {
	scopes  map[string]bool
	expires time.Time
	epoch   int // ExpireAccessTokens generation it was issued in
}

type tokenStore struct {
	mu      sync.Mutex
	seed    uint64
	seq     uint64
	secretV string
	granted []string
	epoch   int
	access  map[string]*accessToken
}

func newTokenStore(seed uint64, secret string, scopes []string) *tokenStore {
	return &tokenStore{seed: seed, secretV: secret, granted: append([]string(nil), scopes...), access: map[string]*accessToken{}}
}

func (ts *tokenStore) secret() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.secretV
}

func (ts *tokenStore) rotate() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.seq++
	ts.secretV = simkit.DetString(ts.seed, 5000+ts.seq, 64, base64URLChars)
	return ts.secretV
}

func (ts *tokenStore) setScopes(scopes []string) {
	ts.mu.Lock()
	ts.granted = append([]string(nil), scopes...)
	ts.mu.Unlock()
}

func (ts *tokenStore) expireAll() {
	ts.mu.Lock()
	ts.epoch++
	ts.mu.Unlock()
}

// lookup resolves a bearer token, or returns the 401 message Auth0 gives for it.
func (ts *tokenStore) lookup(tok string, now time.Time) (*accessToken, string) {
	if tok == "" {
		return nil, msgMissingAuth
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t, ok := ts.access[tok]
	switch {
	case !ok:
		return nil, msgInvalidToken
	case t.epoch < ts.epoch || !now.Before(t.expires):
		return nil, msgExpiredToken
	}
	return t, ""
}

// issue mints a JWT-shaped token. Its signature is random-looking: nobody verifies it but us.
func (ts *tokenStore) issue(iss, sub, aud string, scopes []string, now time.Time, ttl time.Duration) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.seq++
	enc := base64.RawURLEncoding
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": simkit.DetString(ts.seed, 77, 22, base64URLChars)})
	claims, _ := json.Marshal(map[string]any{"iss": iss, "sub": sub, "aud": aud, "iat": now.Unix(),
		"exp": now.Add(ttl).Unix(), "scope": strings.Join(scopes, " "), "gty": "client-credentials",
		"azp": strings.TrimSuffix(sub, "@clients"), "jti": simkit.DetString(ts.seed, 90000+ts.seq, 22, base64URLChars)})
	tok := enc.EncodeToString(header) + "." + enc.EncodeToString(claims) + "." + simkit.DetString(ts.seed, 100000+ts.seq, 342, base64URLChars)
	set := make(map[string]bool, len(scopes))
	for _, sc := range scopes {
		set[sc] = true
	}
	ts.access[tok] = &accessToken{scopes: set, expires: now.Add(ttl), epoch: ts.epoch}
	if ts.seq%1024 == 0 { // forget dead tokens now and then so the map stays small
		for k, v := range ts.access {
			if v.epoch < ts.epoch || now.After(v.expires) {
				delete(ts.access, k)
			}
		}
	}
	return tok
}

// tokenParams reads the token request: a form or a JSON body (Auth0 takes both), with the
// client credentials in the body or in HTTP Basic authentication.
func tokenParams(r *http.Request) (map[string]string, bool) {
	p := map[string]string{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var body map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&body); err != nil {
			return nil, false
		}
		for k, v := range body {
			if s, ok := v.(string); ok {
				p[k] = s
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return nil, false
		}
		for k := range r.PostForm {
			p[k] = r.PostForm.Get(k)
		}
	}
	if id, secret, ok := r.BasicAuth(); ok && p["client_id"] == "" {
		p["client_id"], p["client_secret"] = id, secret
	}
	return p, true
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// handleToken is POST /oauth/token for the client-credentials grant.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	p, ok := tokenParams(r)
	if !ok {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Invalid request body")
		return
	}
	base := s.baseURL(r)
	aud := base + "/api/v2/"
	switch gt := p["grant_type"]; {
	case gt == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type")
		return
	case gt != "client_credentials":
		oauthError(w, http.StatusForbidden, "unauthorized_client", "Grant type '"+gt+"' not allowed for the client.")
		return
	case p["client_id"] == "":
		oauthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
		return
	case p["client_id"] != s.tenant.clientID || p["client_secret"] != s.tokens.secret():
		oauthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
		return
	case p["audience"] == "":
		oauthError(w, http.StatusForbidden, "access_denied", "No audience parameter was provided, and no default audience has been configured")
		return
	case strings.TrimSuffix(p["audience"], "/")+"/" != aud:
		oauthError(w, http.StatusForbidden, "access_denied", "Service not found: "+p["audience"])
		return
	}
	s.tokens.mu.Lock()
	granted := append([]string(nil), s.tokens.granted...)
	s.tokens.mu.Unlock()
	if len(granted) == 0 {
		oauthError(w, http.StatusForbidden, "access_denied", "Client is not authorized to access \""+aud+
			"\". You need to create a \"client-grant\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants")
		return
	}
	if want := strings.Fields(p["scope"]); len(want) > 0 {
		// A scope parameter narrows the token to the granted scopes it names.
		keep := granted[:0:0]
		for _, sc := range granted {
			for _, w := range want {
				if w == sc {
					keep = append(keep, sc)
				}
			}
		}
		granted = keep
	}
	ttl := s.cfg.AccessTokenTTL
	tok := s.tokens.issue(base+"/", s.tenant.clientID+"@clients", aud, granted, s.now(), ttl)
	s.grants.Add(1)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "scope": strings.Join(granted, " "),
		"expires_in": json.Number(strconv.FormatInt(int64(ttl/time.Second), 10)), "token_type": "Bearer"})
}
