package kratossim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// parseActive reads the optional active filter.
func parseActive(w http.ResponseWriter, r *http.Request) (*bool, bool) {
	raw := r.URL.Query().Get("active")
	if raw == "" {
		return nil, true
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		writeError(w, http.StatusBadRequest, "could not parse parameter active", "")
		return nil, false
	}
	return &b, true
}

// parseExpand reads the repeatable expand parameter (case-insensitive identity / devices).
func parseExpand(w http.ResponseWriter, r *http.Request) (expand, bool) {
	var ex expand
	for _, e := range r.URL.Query()["expand"] {
		switch strings.ToLower(e) {
		case "identity":
			ex.identity = true
		case "devices":
			ex.devices = true
		default:
			writeError(w, http.StatusBadRequest, msgBadRequest, "Could not parse expand option: "+e)
			return ex, false
		}
	}
	return ex, true
}

// handleList is GET /admin/sessions: keyset pages, newest created_at first, one Link header; a
// page_size above 1000 is clamped, a non-number is a 400 (and so is a page token that is not
// base64, with the same message, as in Kratos); a token that decodes but names no valid id is
// Kratos's PageTokenInvalid 400.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	s.lists.Add(1)
	q := r.URL.Query()
	active, ok := parseActive(w, r)
	if !ok {
		return
	}
	size := defaultPageSize
	if q.Has("page_size") {
		n, err := strconv.Atoi(q.Get("page_size"))
		if err != nil {
			writeError(w, http.StatusBadRequest, "could not parse parameter page_size", "")
			return
		}
		if n > 0 {
			size = min(n, maxPageSize)
		}
	}
	pos := defaultToken
	if q.Has("page_token") {
		k, err := decodeToken(q.Get("page_token"))
		switch {
		case errors.Is(err, errTokenUnreadable):
			writeError(w, http.StatusBadRequest, "could not parse parameter page_size", "")
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, msgBadRequest, "The page token is invalid, do not craft your own page tokens")
			return
		}
		pos = k
	}
	ex, ok := parseExpand(w, r)
	if !ok {
		return
	}
	now := s.now().UnixNano()
	s.st.mu.RLock()
	idx, more := s.st.page(pos.created, pos.id, size, active, now, s.cfg.SQLitePaging)
	out := make([]sessionJSON, len(idx))
	for k, i := range idx {
		out[k] = s.sessionView(i, ex, now)
	}
	var next *keyset
	if more {
		last := &s.st.sessions[idx[len(idx)-1]]
		next = &keyset{created: last.created, id: last.id}
	}
	total := -1
	if s.v1 {
		total = s.st.count(active, now)
	}
	s.st.mu.RUnlock()
	keysetLinks(w, r, size, next)
	if total >= 0 {
		w.Header().Set("X-Total-Count", strconv.Itoa(total))
	}
	writeJSON(w, http.StatusOK, out)
}

// handleGet is GET /admin/sessions/{id}: identity only with expand=identity, devices [] unless
// expanded; disabled sessions are still returned (active false).
func (s *Server) handleGet(w http.ResponseWriter, r *http.Request, raw string) {
	s.gets.Add(1)
	id, err := parseUUID(raw)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	ex, ok := parseExpand(w, r)
	if !ok {
		return
	}
	ex.emptyDevices, ex.addresses = true, true
	now := s.now().UnixNano()
	s.st.mu.RLock()
	i, found := s.st.session(id)
	var out sessionJSON
	if found {
		out = s.sessionView(i, ex, now)
	}
	s.st.mu.RUnlock()
	if !found {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// handleDisable is DELETE /admin/sessions/{id}: a soft revoke. 204 also when the session was
// already disabled; 404 only when no row has the id; 400 for a malformed id.
func (s *Server) handleDisable(w http.ResponseWriter, _ *http.Request, raw string) {
	s.disables.Add(1)
	id, err := parseUUID(raw)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	s.st.mu.Lock()
	i, found := s.st.session(id)
	if found {
		s.st.sessions[i].active = false
		s.revoked.Add(id.String())
	}
	s.st.mu.Unlock()
	if !found {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleExtend is PATCH /admin/sessions/{id}/extend: expires_at = now + lifespan, 204.
func (s *Server) handleExtend(w http.ResponseWriter, raw string) {
	id, err := parseUUID(raw)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	now := s.now().UnixNano()
	s.st.mu.Lock()
	i, found := s.st.session(id)
	if found {
		s.st.sessions[i].expires = now + s.lifespan
	}
	s.st.mu.Unlock()
	if !found {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Bulk limits (apis.md §3.2).
const (
	bulkMaxIDs    = 500
	wildcardChunk = 5000
)

type bulkBody struct {
	Action     string    `json:"action"`
	Identities *[]string `json:"identities"`
	Sessions   *[]string `json:"sessions"`
}

// handleBulk is POST /admin/sessions (v26.2+): disable or delete by session ids or by
// identities (["*"] alone = every session, in chunks of 5000 while "more" is true).
func (s *Server) handleBulk(w http.ResponseWriter, r *http.Request) {
	s.bulks.Add(1)
	var b bulkBody
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(raw, &b); err != nil {
		writeError(w, http.StatusBadRequest, msgBadRequest, "The request body is not valid JSON: "+err.Error())
		return
	}
	bad := func(reason string) { writeError(w, http.StatusBadRequest, msgBadRequest, reason) }
	switch {
	case b.Action != "disable" && b.Action != "delete":
		bad(`action must be "disable" or "delete"`)
		return
	case (b.Identities == nil) == (b.Sessions == nil):
		bad("exactly one of identities or sessions must be set")
		return
	}
	ids, wildcard := b.Sessions, false
	if ids == nil {
		ids = b.Identities
	}
	if len(*ids) > bulkMaxIDs {
		bad("at most 500 ids may be given per request")
		return
	}
	parsed := make([]uuid, 0, len(*ids))
	for _, v := range *ids {
		if v == "*" {
			if b.Sessions != nil || len(*ids) != 1 {
				bad(`the wildcard "*" is only allowed alone in identities`)
				return
			}
			wildcard = true
			continue
		}
		u, err := parseUUID(v)
		if err != nil {
			bad(err.Error())
			return
		}
		parsed = append(parsed, u)
	}
	s.st.mu.Lock()
	processed, more, ended := s.st.bulk(b.Action == "delete", b.Sessions != nil, wildcard, parsed)
	s.st.mu.Unlock()
	s.revoked.Add(ended...)
	writeJSON(w, http.StatusOK, struct {
		Processed int  `json:"processed"`
		More      bool `json:"more"`
	}{processed, more})
}

// bulk applies a bulk action and returns the processed count (for disable only sessions that
// were active count), whether more remain and the ids of the sessions it ended. The caller
// holds st.mu for writing.
func (st *store) bulk(del, bySession, wildcard bool, ids []uuid) (int, bool, []string) {
	var targets []int32
	switch {
	case wildcard:
		for i := range st.sessions {
			if s := &st.sessions[i]; !s.deleted && (del || s.active) {
				if len(targets) == wildcardChunk {
					n, ended := st.apply(del, targets)
					return n, true, ended
				}
				targets = append(targets, int32(i))
			}
		}
	case bySession:
		for _, id := range ids {
			if i, ok := st.session(id); ok {
				targets = append(targets, i)
			}
		}
	default:
		for _, id := range ids {
			if k, ok := st.identByID[id]; ok {
				targets = append(targets, st.identities[k].sessions...)
			}
		}
	}
	n, ended := st.apply(del, targets)
	return n, false, ended
}

func (st *store) apply(del bool, targets []int32) (int, []string) {
	n := 0
	var ended []string
	for _, i := range targets {
		s := &st.sessions[i]
		if !s.deleted && (del || s.active) {
			ended = append(ended, s.id.String())
		}
		switch {
		case s.deleted:
		case del:
			s.deleted = true
			delete(st.sessByID, s.id)
			idn := &st.identities[s.ident]
			for k, j := range idn.sessions {
				if j == i {
					idn.sessions = append(idn.sessions[:k], idn.sessions[k+1:]...)
					break
				}
			}
			st.live--
			n++
		case s.active:
			s.active = false
			n++
		}
	}
	return n, ended
}
