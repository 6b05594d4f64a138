package salesforcesim

import (
	"sync"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// accessToken is what an issued bearer token stands for. Each token is backed by an
// AuthSession (as in Salesforce): deleting that session invalidates the token.
type accessToken struct {
	user    int32
	session int32
	roots   []int32 // session families IsCurrent is true for
	expires time.Time
	refresh string // refresh token it was minted from, "" for JWT / client credentials
}

type tokenStore struct {
	mu      sync.Mutex
	seed    uint64
	prefix  string // the org id (15) + "!"
	seq     uint64
	access  map[string]*accessToken
	refresh map[string]int32 // refresh token -> user
}

func newTokenStore(seed uint64, org15, adminRefresh string, admin int32) *tokenStore {
	return &tokenStore{
		seed:    seed,
		prefix:  org15 + "!",
		access:  map[string]*accessToken{},
		refresh: map[string]int32{adminRefresh: admin},
	}
}

func (ts *tokenStore) refreshUser(rt string) (int32, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	u, ok := ts.refresh[rt]
	return u, ok
}

// issue mints a new access token.
func (ts *tokenStore) issue(t accessToken, now time.Time) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.seq++
	tok := ts.prefix + "AQ" + simkit.DetString(ts.seed, 1000+ts.seq, 94, tokenAlphabet)
	ts.access[tok] = &t
	// Drop long-expired tokens now and then so the map doesn't grow without bound.
	if ts.seq%1024 == 0 {
		for k, v := range ts.access {
			if now.After(v.expires) {
				delete(ts.access, k)
			}
		}
	}
	return tok
}

// lookup returns the token's grant if it exists and hasn't expired.
func (ts *tokenStore) lookup(tok string, now time.Time) (accessToken, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t, ok := ts.access[tok]
	if !ok || !now.Before(t.expires) {
		return accessToken{}, false
	}
	return *t, true
}

func (ts *tokenStore) expireAll() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	clear(ts.access)
}

// revokeRefresh makes every refresh token invalid (as when its policy expires it); access
// tokens already minted live on until they expire.
func (ts *tokenStore) revokeRefresh() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	clear(ts.refresh)
}

// revoke handles /services/oauth2/revoke: a refresh token takes its access tokens with it.
func (ts *tokenStore) revoke(tok string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if _, ok := ts.refresh[tok]; ok {
		delete(ts.refresh, tok)
		for k, v := range ts.access {
			if v.refresh == tok {
				delete(ts.access, k)
			}
		}
		return true
	}
	if _, ok := ts.access[tok]; ok {
		delete(ts.access, tok)
		return true
	}
	return false
}

// newRefresh mints a refresh token for user u (authorization-code grant).
func (ts *tokenStore) newRefresh(u int32) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.seq++
	rt := "5Aep" + simkit.DetString(ts.seed, 900000+ts.seq, 83, tokenAlphabet)
	ts.refresh[rt] = u
	return rt
}

// revokeUser revokes every refresh token of user u and the access tokens minted from them.
func (ts *tokenStore) revokeUser(u int32) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for rt, owner := range ts.refresh {
		if owner != u {
			continue
		}
		delete(ts.refresh, rt)
		for k, v := range ts.access {
			if v.refresh == rt {
				delete(ts.access, k)
			}
		}
	}
}
