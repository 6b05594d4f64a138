package keycloaksim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"sync"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// grant is what a token or code stands for: a user (or a client's service account), the
// client it was issued to and, for user logins, the session it belongs to.
type grant struct {
	user    int32
	client  int
	sid     uuid
	hasSid  bool
	offline bool // a refresh token of this grant is an offline token
	scope   string
	roles   []string // effective realm-management roles at issue time
}

type accessGrant struct {
	grant
	expires time.Time
}

// authCode is an authorization code waiting to be exchanged (single use).
type authCode struct {
	grant
	redirect  string
	challenge string
	nonce     string
	authTime  int64
	expires   time.Time
}

// tokenStore keeps issued tokens. Access and refresh tokens are JWT-shaped (header, claims,
// HMAC) like Keycloak's, but the simulator checks them by lookup, not by signature.
type tokenStore struct {
	mu      sync.Mutex
	seed    uint64
	key     []byte
	kid     string
	seq     uint64
	access  map[string]*accessGrant
	refresh map[string]*grant
	codes   map[string]*authCode
	secret  string // the admin client's current secret
	gen     uint64 // how often the secret was regenerated
}

func newTokenStore(seed uint64) *tokenStore {
	return &tokenStore{
		seed:    seed,
		key:     []byte(simkit.DetString(seed, 901, 32, tokenAlphabet)),
		kid:     simkit.DetString(seed, 902, 43, tokenAlphabet+"-_"),
		access:  map[string]*accessGrant{},
		refresh: map[string]*grant{},
		codes:   map[string]*authCode{},
		secret:  simkit.DetString(seed, 903, 32, tokenAlphabet),
	}
}

func (ts *tokenStore) clientSecret() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.secret
}

// regenerateSecret replaces the admin client's secret, as "Regenerate" in the console does.
func (ts *tokenStore) regenerateSecret() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.gen++
	ts.secret = simkit.DetString(ts.seed, 903+ts.gen*7919, 32, tokenAlphabet)
}

// nextID returns a fresh token id (jti); the caller holds ts.mu.
func (ts *tokenStore) nextIDLocked() string {
	ts.seq++
	return newUUID(ts.seed, 1000+ts.seq, ts.seq).String()
}

// sign turns claims into a compact JWS.
func (ts *tokenStore) sign(claims any) string {
	header, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT", "kid": ts.kid})
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	msg := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, ts.key)
	mac.Write([]byte(msg))
	return msg + "." + enc.EncodeToString(mac.Sum(nil))
}

// issueAccess mints an access token for g; claims is filled with its jti.
func (ts *tokenStore) issueAccess(g grant, now, expires time.Time, claims func(jti string) any) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	tok := ts.sign(claims(ts.nextIDLocked()))
	ts.access[tok] = &accessGrant{grant: g, expires: expires}
	if ts.seq%1024 == 0 { // forget long-expired tokens now and then
		for k, v := range ts.access {
			if now.Sub(v.expires) > time.Hour {
				delete(ts.access, k)
			}
		}
	}
	return tok
}

func (ts *tokenStore) issueRefresh(g grant, claims func(jti string) any) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	tok := ts.sign(claims(ts.nextIDLocked()))
	c := g
	ts.refresh[tok] = &c
	return tok
}

func (ts *tokenStore) lookupAccess(tok string, now time.Time) (accessGrant, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	a, ok := ts.access[tok]
	if !ok || !now.Before(a.expires) {
		return accessGrant{}, false
	}
	return *a, true
}

func (ts *tokenStore) lookupRefresh(tok string) (grant, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	g, ok := ts.refresh[tok]
	if !ok {
		return grant{}, false
	}
	return *g, true
}

func (ts *tokenStore) addCode(c *authCode) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	// Keycloak's codes read "<code id>.<user session id>.<client uuid>".
	code := ts.nextIDLocked() + "." + c.sid.String() + "." + newUUID(ts.seed, tagClient, uint64(c.client)).String()
	ts.codes[code] = c
	return code
}

// takeCode removes and returns a code: a code is good for one exchange only.
func (ts *tokenStore) takeCode(code string) (*authCode, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	c, ok := ts.codes[code]
	delete(ts.codes, code)
	return c, ok
}

func (ts *tokenStore) expireAccess() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	clear(ts.access)
}

func (ts *tokenStore) revokeRefresh() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	clear(ts.refresh)
}

// revoke implements the revocation endpoint: a refresh token or an access token.
func (ts *tokenStore) revoke(tok string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	delete(ts.refresh, tok)
	delete(ts.access, tok)
}
