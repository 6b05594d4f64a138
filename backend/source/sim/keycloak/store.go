package keycloaksim

import (
	"slices"
	"strings"
	"sync"
)

// Session kinds, used as the first index of store.lists.
const (
	kindRegular = 0
	kindOffline = 1
)

// store holds the realm's users and sessions. sessions only grows (a login appends one);
// deleted marks logged-out, admin-deleted and purged ones. lists holds, per kind and client,
// the sessions that client's listing pages through, in creation order, without deleted ones,
// so that first/max paging is a slice operation.
type store struct {
	mu       sync.RWMutex
	timeouts Timeouts
	users    []user
	userByID map[uuid]int32
	byName   map[string]int32 // lower-cased username
	sessions []session
	byID     map[uuid][2]int32 // [kindRegular], [kindOffline]; -1 when there is none
	lists    [2][numClients][]int32
	byUser   [][]int32 // every session a user ever had, in creation order
}

func newStore(t Timeouts, users []user) *store {
	st := &store{timeouts: t, users: users, userByID: map[uuid]int32{}, byName: map[string]int32{},
		byID: map[uuid][2]int32{}, byUser: make([][]int32, len(users))}
	for i := range users {
		st.userByID[users[i].id] = int32(i)
		st.byName[strings.ToLower(users[i].username)] = int32(i)
	}
	return st
}

func kindOf(s *session) int {
	if s.offline {
		return kindOffline
	}
	return kindRegular
}

// addLocked appends a session and indexes it. The caller holds st.mu for writing.
func (st *store) addLocked(s session) int32 {
	i := int32(len(st.sessions))
	st.sessions = append(st.sessions, s)
	k := kindOf(&s)
	ref, ok := st.byID[s.id]
	if !ok {
		ref = [2]int32{-1, -1}
	}
	ref[k] = i
	st.byID[s.id] = ref
	for _, c := range s.clients {
		st.lists[k][c.client] = append(st.lists[k][c.client], i)
	}
	st.byUser[s.user] = append(st.byUser[s.user], i)
	return i
}

// removeLocked ends session i. The caller holds st.mu for writing.
func (st *store) removeLocked(i int32) bool {
	s := &st.sessions[i]
	if s.deleted {
		return false
	}
	s.deleted = true
	k := kindOf(s)
	for _, c := range s.clients {
		l := st.lists[k][c.client]
		if j := slices.Index(l, i); j >= 0 {
			st.lists[k][c.client] = slices.Delete(l, j, j+1)
		}
	}
	return true
}

// keyLocked is session i's key as ActiveSessionIDs and Revocations write it.
func (st *store) keyLocked(i int32) string {
	s := &st.sessions[i]
	return SessionKey{ID: s.id.String(), Offline: s.offline}.String()
}

// find returns the live session of kind k with id, or -1.
func (st *store) findLocked(id uuid, k int) int32 {
	ref, ok := st.byID[id]
	if !ok || ref[k] < 0 || st.sessions[ref[k]].deleted {
		return -1
	}
	return ref[k]
}

// purgeLocked drops sessions that expired more than idleWindow ago, as Keycloak's periodic
// expiration task does. Sessions in the window are still listed (and may still be used).
func (st *store) purgeLocked(nowMs int64) {
	window := idleWindow.Milliseconds()
	for k := range st.lists {
		for c := range st.lists[k] {
			l := st.lists[k][c]
			out := l[:0]
			for _, i := range l {
				s := &st.sessions[i]
				if st.timeouts.expiresAt(s)+window <= nowMs {
					s.deleted = true
					continue
				}
				out = append(out, i)
			}
			st.lists[k][c] = out
		}
	}
}

// active reports whether session i is live and not past its timeouts at nowMs.
func (st *store) activeLocked(i int32, nowMs int64) bool {
	s := &st.sessions[i]
	return !s.deleted && st.timeouts.expiresAt(s) > nowMs
}

// page returns up to max sessions of kind k for client c starting at offset first.
func (st *store) pageLocked(k, c, first, max int) []int32 {
	l := st.lists[k][c]
	if first >= len(l) || max <= 0 {
		return nil
	}
	end := min(len(l), first+max)
	return slices.Clone(l[first:end])
}

// userSessionsLocked lists user u's live sessions of kind k, in creation order.
func (st *store) userSessionsLocked(u int32, k int) []int32 {
	var out []int32
	for _, i := range st.byUser[u] {
		s := &st.sessions[i]
		if !s.deleted && kindOf(s) == k {
			out = append(out, i)
		}
	}
	return out
}

// stampFor returns session s's client session for client c.
func stampFor(s *session, c int) (clientStamp, bool) {
	for _, cs := range s.clients {
		if int(cs.client) == c {
			return cs, true
		}
	}
	return clientStamp{}, false
}

// SessionKey names one session the way SessionScope's connector does: offline sessions share
// their id with the regular session of the same login, so the kind is part of the key.
type SessionKey struct {
	ID      string
	Offline bool
}

// String is the key as the connector's session id: the id, with ":offline" for offline ones.
func (k SessionKey) String() string {
	if k.Offline {
		return k.ID + OfflineSuffix
	}
	return k.ID
}

// OfflineSuffix marks offline sessions in SessionKey.String and ActiveSessionIDs.
const OfflineSuffix = ":offline"

// activeKeys lists the sessions active at nowMs.
func (st *store) activeKeys(nowMs int64) []SessionKey {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []SessionKey
	for i := range st.sessions {
		if st.activeLocked(int32(i), nowMs) {
			s := &st.sessions[i]
			out = append(out, SessionKey{ID: s.id.String(), Offline: s.offline})
		}
	}
	slices.SortFunc(out, func(a, b SessionKey) int {
		return strings.Compare(a.String(), b.String())
	})
	return out
}
