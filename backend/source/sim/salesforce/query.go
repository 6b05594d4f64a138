package salesforcesim

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	defaultBatch      = 2000
	minBatch          = 200
	maxBatch          = 2000
	cursorIdle        = 15 * time.Minute
	maxCursorsPerUser = 10
)

// handleQuery runs GET /services/data/vXX.X/query?q=SOQL and returns its first batch.
func (s *Server) handleQuery(c *call) {
	q := c.r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		writeErrors(c.w, http.StatusBadRequest, "MALFORMED_QUERY", "A query string has to be specified")
		return
	}
	if st, err := parseSOQL(q); err == nil && strings.EqualFold(st.object.text, "LoginHistory") {
		s.handleLoginHistory(c, st, q)
		return
	} else if err == nil {
		if obj := simpleObjectNamed(st.object.text); obj != nil {
			s.handleSimpleObject(c, obj, st, q)
			return
		}
	}
	s.queries.Add(1)
	p, err := compileQuery(q, c.ver, &s.st.ids)
	if err != nil {
		writeErrors(c.w, http.StatusBadRequest, err.code, err.message(q))
		return
	}
	ec := &evalCtx{st: s.st, org: &s.org, roots: c.tok.roots}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	rows := selectRows(ec, p)
	if p.count {
		writeBody(c.w, http.StatusOK, []byte(`{"totalSize":`+strconv.Itoa(len(rows))+`,"done":true,"records":[]}`))
		return
	}
	batch := batchSize(c.r.Header, defaultBatch)
	next := ""
	page := rows
	if len(rows) > batch {
		loc := s.cursors.open(&cursor{user: c.tok.user, rows: rows, proj: p.proj, batch: batch}, &s.st.ids.locator, s.now())
		next = nextURL(c.verSeg, loc, batch)
		page = rows[:batch]
	}
	s.writePage(c, ec, p.proj, len(rows), next, page)
}

// handleQueryMore serves GET {nextRecordsUrl}: /services/data/vXX.X/query/{locator}-{offset}.
func (s *Server) handleQueryMore(c *call, seg string) {
	s.queryMores.Add(1)
	loc, offStr, _ := strings.Cut(seg, "-")
	off, err := strconv.Atoi(offStr)
	cur, ok := s.cursors.get(loc, c.tok.user, s.now())
	if !ok || err != nil || off < 0 || off >= len(cur.rows) {
		writeErrors(c.w, http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
		return
	}
	end := min(off+batchSize(c.r.Header, cur.batch), len(cur.rows))
	next := ""
	if end < len(cur.rows) {
		next = nextURL(c.verSeg, loc, end)
	} else {
		s.cursors.close(loc)
	}
	ec := &evalCtx{st: s.st, org: &s.org, roots: c.tok.roots}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	s.writePage(c, ec, cur.proj, len(cur.rows), next, cur.rows[off:end])
}

var pageBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func (s *Server) writePage(c *call, ec *evalCtx, proj []projItem, total int, next string, rows []int32) {
	bp := pageBuffers.Get().(*[]byte)
	b := newRenderer(ec, proj, c.verSeg).appendPage((*bp)[:0], total, next, rows)
	writeBody(c.w, http.StatusOK, b)
	*bp = b
	pageBuffers.Put(bp)
}

func nextURL(verSeg, loc string, offset int) string {
	return "/services/data/" + verSeg + "/query/" + loc + "-" + strconv.Itoa(offset)
}

// batchSize reads "Sforce-Query-Options: batchSize=N", clamped to [200, 2000]; a missing or
// non-numeric value leaves def.
func batchSize(h http.Header, def int) int {
	b := def
	for _, part := range strings.Split(h.Get("Sforce-Query-Options"), ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "batchSize") {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			b = min(max(n, minBatch), maxBatch)
		}
	}
	return b
}

// selectRows evaluates the plan over all stored sessions (expired ones included, as the real
// object keeps them until purged). The caller holds the store's read lock.
func selectRows(ec *evalCtx, p *plan) []int32 {
	st := ec.st
	rows := make([]int32, 0, st.live)
	for i := range st.sessions {
		if st.sessions[i].deleted || p.where != nil && !p.where(ec, int32(i)) {
			continue
		}
		rows = append(rows, int32(i))
	}
	rows = sortRows(ec, p.order, rows)
	rows = rows[min(p.offset, len(rows)):]
	if p.limit >= 0 && len(rows) > p.limit {
		rows = rows[:p.limit]
	}
	return rows
}

// sortRows orders rows by the ORDER BY terms; ties keep Id order.
func sortRows(ec *evalCtx, order []orderSpec, rows []int32) []int32 {
	if len(order) == 0 {
		return rows
	}
	keys := make([][]val, len(order))
	for k, o := range order {
		keys[k] = make([]val, len(rows))
		for j, i := range rows {
			keys[k][j] = ec.value(o.f, i)
		}
	}
	perm := make([]int32, len(rows))
	for j := range perm {
		perm[j] = int32(j)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		for k, o := range order {
			va, vb := keys[k][a], keys[k][b]
			if va.null || vb.null {
				if va.null == vb.null {
					continue
				}
				if va.null == o.nullsFirst {
					return -1
				}
				return 1
			}
			r := compareVals(fields[o.f].kind, va, vb)
			if o.desc {
				r = -r
			}
			if r != 0 {
				return r
			}
		}
		return cmp.Compare(a, b) // rows arrive in Id order: ties keep it
	})
	out := make([]int32, len(rows))
	for j, p := range perm {
		out[j] = rows[p]
	}
	return out
}

// cursor is an open query result: the row set is fixed when the query runs.
type cursor struct {
	id       string
	user     int32
	rows     []int32
	proj     []projItem
	batch    int
	lastUsed time.Time
}

type cursorStore struct {
	mu     sync.Mutex
	seq    int
	byID   map[string]*cursor
	byUser map[int32][]string // open cursors in opening order
}

func newCursorStore() *cursorStore {
	return &cursorStore{byID: map[string]*cursor{}, byUser: map[int32][]string{}}
}

// open registers a cursor and returns its locator; a user's oldest cursors are dropped
// beyond maxCursorsPerUser.
func (cs *cursorStore) open(c *cursor, sp *idSpace, now time.Time) string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.seq++
	c.id = sp.id18(cs.seq)
	c.lastUsed = now
	cs.byID[c.id] = c
	list := append(cs.byUser[c.user], c.id)
	for len(list) > maxCursorsPerUser {
		delete(cs.byID, list[0])
		list = list[1:]
	}
	cs.byUser[c.user] = list
	return c.id
}

// get returns the user's cursor if it is open and hasn't been idle too long.
func (cs *cursorStore) get(id string, user int32, now time.Time) (*cursor, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.byID[id]
	if !ok || c.user != user {
		return nil, false
	}
	if now.Sub(c.lastUsed) > cursorIdle {
		cs.removeLocked(id)
		return nil, false
	}
	c.lastUsed = now
	return c, true
}

func (cs *cursorStore) close(id string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.removeLocked(id)
}

func (cs *cursorStore) removeLocked(id string) {
	c, ok := cs.byID[id]
	if !ok {
		return
	}
	delete(cs.byID, id)
	list := cs.byUser[c.user]
	if k := slices.Index(list, id); k >= 0 {
		cs.byUser[c.user] = slices.Delete(list, k, k+1)
	}
}
