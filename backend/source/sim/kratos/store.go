package kratossim

import (
	"slices"
	"sort"
	"sync"
)

// identity is one Kratos identity. Strings are kept, everything else is small numbers.
type identity struct {
	id           uuid
	schema       uint8
	first, last  string
	login        string // the e-mail, username or phone trait
	verified     bool
	inactive     bool
	created      int64 // unix nanoseconds
	updated      int64
	stateChanged int64 // 0: never changed
	sessions     []int32
}

// session is one row of Kratos's sessions table.
type session struct {
	id      uuid
	ident   int32
	created int64 // row creation at 10 µs precision: the keyset column of the listing
	issued  int64
	authed  int64
	expires int64
	combo   uint8
	active  bool // the stored flag; false once disabled
	deleted bool // hard-deleted with its identity's sessions
	ndev    uint8
	dev     int32 // first device row
}

// device is one row of session_devices, as Kratos recorded it.
type device struct {
	id   uuid
	ip   string // "" | "203.0.113.9" | "2a01:…" | "127.0.0.1:53422" | "[::1]:53422"
	ua   int16  // index into the org's user agents, -1: no User-Agent header (null)
	city int16  // -1: no Cloudflare location ("")
}

// store holds the data set. Sessions are kept in listing order: created_at descending, id
// ascending, as Kratos's keyset paginator orders them.
type store struct {
	mu         sync.RWMutex
	identities []identity
	sessions   []session
	devices    []device
	sessByID   map[uuid]int32
	identByID  map[uuid]int32
	live       int
}

// before reports whether session a is listed before b.
func before(a, b *session) bool {
	if a.created != b.created {
		return a.created > b.created
	}
	return a.id.Less(b.id)
}

// index rebuilds the lookup maps and the identities' session lists after generation.
func (st *store) index() {
	slices.SortFunc(st.sessions, func(a, b session) int {
		switch {
		case before(&a, &b):
			return -1
		case before(&b, &a):
			return 1
		}
		return 0
	})
	st.sessByID = make(map[uuid]int32, len(st.sessions))
	st.identByID = make(map[uuid]int32, len(st.identities))
	for i := range st.identities {
		st.identByID[st.identities[i].id] = int32(i)
		st.identities[i].sessions = st.identities[i].sessions[:0]
	}
	for i := range st.sessions {
		s := &st.sessions[i]
		st.sessByID[s.id] = int32(i)
		st.identities[s.ident].sessions = append(st.identities[s.ident].sessions, int32(i))
	}
	st.live = len(st.sessions)
}

// isActive is Kratos's Session.IsActive: the flag set, not expired, and — when the identity is
// loaded with the session — the identity active.
func (st *store) isActive(s *session, now int64, withIdentity bool) bool {
	if !s.active || s.expires <= now {
		return false
	}
	return !withIdentity || !st.identities[s.ident].inactive
}

// matches applies the listing's active filter: true = flag set and expires_at >= now; false =
// flag cleared or expired; nil = every row.
func matches(s *session, active *bool, now int64) bool {
	if active == nil {
		return true
	}
	if *active {
		return s.active && s.expires >= now
	}
	return !s.active || s.expires < now
}

// page returns up to size sessions listed after the keyset position (created, id) that match
// the filter, and whether more follow. With sqlite the position is what Kratos on SQLite
// compares: its query asks for created_at < token or (created_at = token and id > token's id),
// but SQLite compares the stored text (full precision, with a zone) with the token's (5
// decimals, no zone), so equality never holds and the next page starts strictly below the
// token's created_at — the rows that share it with the page's last row are skipped. The
// caller holds st.mu for reading.
func (st *store) page(created int64, id uuid, size int, active *bool, now int64, sqlite bool) ([]int32, bool) {
	pos := &session{created: created, id: id}
	start := sort.Search(len(st.sessions), func(i int) bool { return before(pos, &st.sessions[i]) })
	if sqlite {
		start = sort.Search(len(st.sessions), func(i int) bool { return st.sessions[i].created < created })
	}
	out := make([]int32, 0, min(size, 1024))
	for i := start; i < len(st.sessions); i++ {
		s := &st.sessions[i]
		if s.deleted || !matches(s, active, now) {
			continue
		}
		if len(out) == size {
			return out, true
		}
		out = append(out, int32(i))
	}
	return out, false
}

// count is the number of rows the filter matches (for v1.x's X-Total-Count).
func (st *store) count(active *bool, now int64) int {
	n := 0
	for i := range st.sessions {
		if s := &st.sessions[i]; !s.deleted && matches(s, active, now) {
			n++
		}
	}
	return n
}

// session finds a session row that still exists. The caller holds st.mu.
func (st *store) session(id uuid) (int32, bool) {
	i, ok := st.sessByID[id]
	if !ok || st.sessions[i].deleted {
		return 0, false
	}
	return i, true
}

// activeIDs lists the sessions a listing with the identity expanded reports as active.
func (st *store) activeIDs(now int64) []string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := []string{}
	for i := range st.sessions {
		if s := &st.sessions[i]; !s.deleted && st.isActive(s, now, true) {
			out = append(out, s.id.String())
		}
	}
	slices.Sort(out)
	return out
}

// deleteIdentitySessions hard-deletes every session of an identity and returns their ids.
// The caller holds st.mu for writing.
func (st *store) deleteIdentitySessions(ident int32) []string {
	idn := &st.identities[ident]
	ids := make([]string, 0, len(idn.sessions))
	for _, i := range idn.sessions {
		st.sessions[i].deleted = true
		delete(st.sessByID, st.sessions[i].id)
		ids = append(ids, st.sessions[i].id.String())
	}
	idn.sessions = nil
	st.live -= len(ids)
	return ids
}
