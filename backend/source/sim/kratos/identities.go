package kratossim

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
)

// identityIndex resolves an identity path id. Kratos parses it leniently (a malformed id is
// the nil UUID), so a malformed id is a 404 here, not a 400.
func (s *Server) identityIndex(raw string) (int32, bool) {
	id, err := parseUUID(raw)
	if err != nil {
		return 0, false
	}
	k, ok := s.st.identByID[id]
	return k, ok
}

// handleGetIdentity is GET /admin/identities/{id} (without credentials).
func (s *Server) handleGetIdentity(w http.ResponseWriter, raw string) {
	s.st.mu.RLock()
	k, ok := s.identityIndex(raw)
	var out identityJSON
	if ok {
		out = s.identityView(k, true)
	}
	s.st.mu.RUnlock()
	if !ok {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// handlePatchIdentity is PATCH /admin/identities/{id} with a JSON Patch. The simulator applies
// operations on /state (what containment needs); other paths are refused with 400.
func (s *Server) handlePatchIdentity(w http.ResponseWriter, r *http.Request, raw string) {
	s.patches.Add(1)
	var ops []patchOp
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(body, &ops); err != nil {
		writeError(w, http.StatusBadRequest, msgBadRequest, "The JSON Patch document is invalid: "+err.Error())
		return
	}
	state := ""
	for _, op := range ops {
		switch {
		case op.Path == "/id" || op.Path == "/credentials" || op.Path == "/state_changed_at":
			writeError(w, http.StatusBadRequest, msgBadRequest, "patch includes denied path: "+op.Path)
			return
		case op.Path != "/state" || (op.Op != "replace" && op.Op != "add"):
			writeError(w, http.StatusBadRequest, msgBadRequest, "the simulator only applies replace/add on /state")
			return
		}
		if json.Unmarshal(op.Value, &state) != nil || (state != "active" && state != "inactive") {
			writeError(w, http.StatusBadRequest, msgBadRequest, `state must be "active" or "inactive"`)
			return
		}
	}
	now := s.now().UnixNano()
	s.st.mu.Lock()
	k, ok := s.identityIndex(raw)
	var out identityJSON
	if ok {
		idn := &s.st.identities[k]
		if state != "" && idn.inactive != (state == "inactive") {
			idn.inactive, idn.stateChanged = state == "inactive", now
		}
		idn.updated = now
		out = s.identityView(k, true)
	}
	s.st.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// handlePutIdentity is PUT /admin/identities/{id}: a full update (schema_id, traits and state
// are required). The simulator applies the state — what containment needs — and refuses a
// change of schema or traits with 400 rather than pretend to store it.
func (s *Server) handlePutIdentity(w http.ResponseWriter, r *http.Request, raw string) {
	s.patches.Add(1)
	var body struct {
		SchemaID *string        `json:"schema_id"`
		Traits   map[string]any `json:"traits"`
		State    string         `json:"state"`
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(b, &body); err != nil {
		writeError(w, http.StatusBadRequest, msgBadRequest, "The request body is not valid JSON: "+err.Error())
		return
	}
	switch {
	case body.SchemaID == nil || body.Traits == nil:
		writeError(w, http.StatusBadRequest, msgBadRequest, "schema_id and traits are required")
		return
	case body.State != "active" && body.State != "inactive":
		writeError(w, http.StatusBadRequest, msgBadRequest, `state must be "active" or "inactive"`)
		return
	}
	now := s.now().UnixNano()
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	k, ok := s.identityIndex(raw)
	if !ok {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	cur := s.identityView(k, false)
	var curTraits map[string]any
	tb, _ := json.Marshal(cur.Traits)
	_ = json.Unmarshal(tb, &curTraits)
	if *body.SchemaID != cur.SchemaID || !reflect.DeepEqual(curTraits, body.Traits) {
		writeError(w, http.StatusBadRequest, msgBadRequest, "the simulator only changes an identity's state; send its schema_id and traits unchanged")
		return
	}
	idn := &s.st.identities[k]
	if idn.inactive != (body.State == "inactive") {
		idn.inactive, idn.stateChanged = body.State == "inactive", now
	}
	idn.updated = now
	writeJSON(w, http.StatusOK, s.identityView(k, true))
}

// handleIdentitySessions is GET /admin/identities/{id}/sessions: page-number paging with
// X-Total-Count, newest authenticated_at first, identity and devices always expanded. An
// unknown identity simply has no sessions.
func (s *Server) handleIdentitySessions(w http.ResponseWriter, r *http.Request, raw string) {
	s.lists.Add(1)
	id, err := parseUUID(raw)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	active, ok := parseActive(w, r)
	if !ok {
		return
	}
	tokens := offsetTokens{v1: s.v1}
	offset, size := tokens.pageParams(r.URL.Query())
	now := s.now().UnixNano()
	s.st.mu.RLock()
	var rows []int32
	if k, ok := s.st.identByID[id]; ok {
		for _, i := range s.st.identities[k].sessions {
			if matches(&s.st.sessions[i], active, now) {
				rows = append(rows, i)
			}
		}
	}
	slices.SortFunc(rows, func(a, b int32) int {
		x, y := s.st.sessions[a].authed, s.st.sessions[b].authed
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	total := len(rows)
	rows = rows[min(offset, total):min(offset+size, total)]
	out := make([]sessionJSON, len(rows))
	for k, i := range rows {
		out[k] = s.sessionView(i, expand{identity: true, devices: true}, now)
	}
	s.st.mu.RUnlock()
	tokens.pageLinks(w, r.URL, total, offset, size)
	writeJSON(w, http.StatusOK, out)
}

// handleDeleteIdentitySessions is DELETE /admin/identities/{id}/sessions: hard-deletes every
// session of the identity (204); 404 when nothing was deleted, so a second call is a 404.
func (s *Server) handleDeleteIdentitySessions(w http.ResponseWriter, raw string) {
	s.deletes.Add(1)
	id, err := parseUUID(raw)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	s.st.mu.Lock()
	var ended []string
	if k, ok := s.st.identByID[id]; ok {
		ended = s.st.deleteIdentitySessions(k)
	}
	s.st.mu.Unlock()
	s.revoked.Add(ended...)
	if len(ended) == 0 {
		writeError(w, http.StatusNotFound, msgNoRows, "")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
