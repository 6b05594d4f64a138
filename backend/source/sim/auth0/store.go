package auth0sim

import (
	"slices"
	"sync"
)

// Session lifetimes of the simulated tenant (Auth0's dashboard defaults for the idle and
// maximum session lifetime), in milliseconds.
const (
	idleLifetime     = 3 * 24 * 3600 * 1000 // 4320 minutes
	absoluteLifetime = 7 * 24 * 3600 * 1000 // 10080 minutes
)

// user is one tenant user. Times are Unix milliseconds. Strings are generated once; session
// lists hold indices so 100k sessions stay small.
type user struct {
	id          string
	email       string
	first, last string
	conn        uint8
	home        uint8 // city index
	verified    bool
	extraLogins uint16
	created     int64
	updated     int64
	blocked     bool    // guarded by store.mu
	sessions    []int32 // indices into store.sess, sorted by session id
}

// sess is one Auth0 session. The addresses, networks and user agents are derived from the
// user, city and agent indices when rendered.
type sess struct {
	id                        string
	user                      int32
	created, authenticated    int64
	lastSeen, idleExp, absExp int64
	city, lastCity            uint8
	agent, lastAgent          uint8
	clients                   uint8 // bit i = tenant app i used the session
	methods                   uint8 // index into methodSets
	mfaDelay                  uint8 // seconds between the first factor and MFA
	persistent                bool
	meta                      uint8 // 0 = no session_metadata
	deleted                   bool  // guarded by store.mu
}

func (s *sess) active(now int64) bool { return !s.deleted && s.idleExp > now && s.absExp > now }

// store holds the tenant's users (in search order: created_at, then user_id) and sessions.
type store struct {
	mu     sync.RWMutex
	seed   uint64
	tenant *tenantInfo
	users  []user
	byUser map[string]int32
	sess   []sess
	byID   map[string]int32
}

func (st *store) activeIDs(now int64) []string {
	st.mu.RLock()
	out := make([]string, 0, len(st.sess))
	for i := range st.sess {
		if st.sess[i].active(now) {
			out = append(out, st.sess[i].id)
		}
	}
	st.mu.RUnlock()
	slices.Sort(out)
	return out
}

func (st *store) liveCount() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	n := 0
	for i := range st.sess {
		if !st.sess[i].deleted {
			n++
		}
	}
	return n
}

func (st *store) userWithActive(min int, now int64) string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	for ui := range st.users {
		n := 0
		for _, si := range st.users[ui].sessions {
			if st.sess[si].active(now) {
				n++
			}
		}
		if n >= min {
			return st.users[ui].id
		}
	}
	return ""
}

func (st *store) userIDs() []string {
	out := make([]string, len(st.users))
	for i := range st.users {
		out[i] = st.users[i].id
	}
	return out
}

func (st *store) blocked(id string) bool {
	st.mu.RLock()
	defer st.mu.RUnlock()
	ui, ok := st.byUser[id]
	return ok && st.users[ui].blocked
}

// deleteSession marks one session deleted. known is whether the tenant has a record of the
// id at all (deleted or not), live whether it was still there before this call.
func (st *store) deleteSession(id string) (known, live bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	si, ok := st.byID[id]
	if !ok {
		return false, false
	}
	if st.sess[si].deleted {
		return true, false
	}
	st.sess[si].deleted = true
	return true, true
}

// deleteUserSessions deletes every session of a user and returns the ids of those that were
// still there.
func (st *store) deleteUserSessions(ui int32) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var ended []string
	for _, si := range st.users[ui].sessions {
		if !st.sess[si].deleted {
			st.sess[si].deleted = true
			ended = append(ended, st.sess[si].id)
		}
	}
	return ended
}
