package salesforcesim

import (
	"net/http"
	"strings"
)

// handleRecord serves GET and DELETE /services/data/vXX.X/sobjects/AuthSession/{id}.
func (s *Server) handleRecord(c *call, id string) {
	if c.r.Method == http.MethodDelete {
		s.deleteRecord(c, id)
		return
	}
	proj := ownFields(c.ver)
	if list := c.r.URL.Query().Get("fields"); list != "" {
		proj = nil
		for _, name := range strings.Split(list, ",") {
			name = strings.TrimSpace(name)
			f, ferr := resolveField(name, c.ver)
			if ferr == nil && fields[f].rel != relNone {
				ferr = noSuchColumn(name, "AuthSession")
			}
			if ferr != nil {
				writeErrors(c.w, http.StatusBadRequest, ferr.code, ferr.msg)
				return
			}
			proj = append(proj, projItem{fields: []fieldID{f}})
		}
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	i, res := s.st.findSession(id)
	switch res {
	case lookupMalformed:
		writeErrors(c.w, http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "+id)
		return
	case lookupNotFound, lookupDeleted:
		writeErrors(c.w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
		return
	}
	ec := &evalCtx{st: s.st, org: &s.org, roots: c.tok.roots}
	writeBody(c.w, http.StatusOK, newRenderer(ec, proj, c.verSeg).appendRecord(nil, i))
}

// deleteRecord ends one session; deleting a family's root also ends its children.
func (s *Server) deleteRecord(c *call, id string) {
	s.deletes.Add(1)
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	i, res := s.st.findSession(id)
	switch res {
	case lookupMalformed:
		writeErrors(c.w, http.StatusBadRequest, "MALFORMED_ID", "malformed id "+id)
	case lookupNotFound:
		writeErrors(c.w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
	case lookupDeleted:
		writeErrors(c.w, http.StatusNotFound, "ENTITY_IS_DELETED", "entity is deleted")
	default:
		s.countRevoked(s.st.deleteLocked(i))
		c.w.WriteHeader(http.StatusNoContent)
	}
}

type itemError struct {
	StatusCode string   `json:"statusCode"`
	Message    string   `json:"message"`
	Fields     []string `json:"fields"`
}

type itemResult struct {
	ID      string      `json:"id"`
	Success bool        `json:"success"`
	Errors  []itemError `json:"errors"`
}

// handleCollectionDelete serves DELETE /services/data/vXX.X/composite/sobjects?ids=...
// (sObject Collections): up to 200 ids, results in request order, allOrNone optional.
func (s *Server) handleCollectionDelete(c *call) {
	q := c.r.URL.Query()
	raw := strings.TrimSpace(q.Get("ids"))
	if raw == "" {
		writeErrors(c.w, http.StatusBadRequest, "MALFORMED_QUERY", "The ids parameter must contain at least one record id")
		return
	}
	ids := strings.Split(raw, ",")
	if len(ids) > 200 {
		writeErrors(c.w, http.StatusBadRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")
		return
	}
	allOrNone := strings.EqualFold(q.Get("allOrNone"), "true")
	s.deletes.Add(1)
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	results := make([]itemResult, len(ids))
	doomed := map[int32]bool{} // deleted by earlier items of this call
	var order []int32
	failed := false
	for k, raw := range ids {
		id := strings.TrimSpace(raw)
		i, res := st.findSession(id)
		if res == lookupOK && doomed[i] {
			res = lookupDeleted
		}
		r := itemResult{ID: id, Errors: []itemError{}}
		if res != lookupMalformed {
			id15, _ := normalizeID(id)
			r.ID = to18(id15)
		}
		switch res {
		case lookupMalformed:
			r.Errors = append(r.Errors, itemError{"MALFORMED_ID", "malformed id " + id, []string{}})
		case lookupNotFound:
			r.Errors = append(r.Errors, itemError{"INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", []string{}})
		case lookupDeleted:
			r.Errors = append(r.Errors, itemError{"ENTITY_IS_DELETED", "entity is deleted", []string{}})
		default:
			r.Success = true
			order = append(order, i)
			doomed[i] = true
			if st.sessions[i].parent == i {
				for _, ch := range st.children[i] {
					doomed[ch] = true
				}
			}
		}
		failed = failed || !r.Success
		results[k] = r
	}
	if allOrNone && failed {
		for k := range results {
			if results[k].Success {
				results[k].Success = false
				results[k].Errors = []itemError{{"ALL_OR_NONE_OPERATION_ROLLED_BACK",
					"Record rolled back because not all records were valid and the request was using AllOrNone header", []string{}}}
			}
		}
	} else {
		for _, i := range order {
			s.countRevoked(st.deleteLocked(i))
		}
	}
	writeJSON(c.w, http.StatusOK, results)
}

// countRevoked counts the sessions a delete ended. The caller holds st.mu.
func (s *Server) countRevoked(ended []int32) {
	ids := make([]string, len(ended))
	for k, i := range ended {
		ids[k] = s.st.ids.session.id18(int(i))
	}
	s.revoked.Add(ids...)
}
