package salesforcesim

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// The web-server flow with PKCE: /services/oauth2/authorize (the simulator signs the admin in
// and approves at once, as a browser session already logged in would) and the
// authorization_code grant at the token endpoint. Salesforce matches the callback URL exactly.

// DefaultCallbackURL is the callback registered on the simulated external client app.
const DefaultCallbackURL = "http://localhost:1717/OauthRedirect"

type authCode struct {
	user        int32
	redirectURI string
	challenge   string
	expires     time.Time
}

type codeStore struct {
	mu    sync.Mutex
	codes map[string]authCode
	seq   uint64
}

func (s *Server) callbackAllowed(u string) bool {
	cbs := s.cfg.CallbackURLs
	if len(cbs) == 0 {
		cbs = []string{DefaultCallbackURL}
	}
	return slices.Contains(cbs, u)
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.org.clientID {
		http.Error(w, "error=invalid_client_id&error_description=client%20identifier%20invalid", http.StatusBadRequest)
		return
	}
	redirect := q.Get("redirect_uri")
	if !s.callbackAllowed(redirect) {
		http.Error(w, "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration", http.StatusBadRequest)
		return
	}
	target, _ := url.Parse(redirect)
	v := target.Query()
	if q.Get("response_type") != "code" {
		v.Set("error", "unsupported_response_type")
	} else {
		if q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "" && q.Get("code_challenge_method") != "S256" {
			v.Set("error", "invalid_request")
			v.Set("error_description", "code_challenge_method must be S256")
		} else {
			s.authCodes.mu.Lock()
			if s.authCodes.codes == nil {
				s.authCodes.codes = map[string]authCode{}
			}
			s.authCodes.seq++
			code := "aPrx" + simkit.DetString(s.tokens.seed, 500000+s.authCodes.seq, 60, tokenAlphabet)
			s.authCodes.codes[code] = authCode{user: s.data.admin, redirectURI: redirect,
				challenge: q.Get("code_challenge"), expires: s.now().Add(15 * time.Minute)}
			s.authCodes.mu.Unlock()
			v.Set("code", code)
		}
	}
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	target.RawQuery = v.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// codeGrant redeems an authorization code (once) and issues access and refresh tokens.
func (s *Server) codeGrant(w http.ResponseWriter, r *http.Request, f url.Values) {
	if f.Get("client_id") != s.org.clientID {
		writeOAuthError(w, http.StatusBadRequest, "invalid_client_id", "client identifier invalid")
		return
	}
	s.authCodes.mu.Lock()
	c, ok := s.authCodes.codes[f.Get("code")]
	delete(s.authCodes.codes, f.Get("code"))
	s.authCodes.mu.Unlock()
	if !ok || s.now().After(c.expires) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "invalid authorization code")
		return
	}
	if f.Get("redirect_uri") != c.redirectURI {
		writeOAuthError(w, http.StatusBadRequest, "redirect_uri_mismatch", "redirect_uri must match configuration")
		return
	}
	if c.challenge != "" {
		verifier := f.Get("code_verifier")
		if verifier == "" {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "invalid code verifier")
			return
		}
		sum := sha256.Sum256([]byte(verifier))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
			writeOAuthError(w, http.StatusBadRequest, "invalid_request", "invalid code verifier")
			return
		}
	}
	if s.refuseFrozen(w, c.user) {
		return
	}
	rt := s.tokens.newRefresh(c.user)
	s.grantWith(w, r, c.user, rt, rt)
}
