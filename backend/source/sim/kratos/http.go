package kratossim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if !simkit.Delay(r, time.Duration(s.latency.Load())) {
		return
	}
	if f, ok := s.faults.Take(faultPath(r)); ok {
		s.serveFault(w, r, f)
		return
	}
	s.route(w, r)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/health/alive" || p == "/health/ready" || p == "/admin/health/alive" || p == "/admin/health/ready":
		if allow(w, r, http.MethodGet) {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		}
	case p == "/version" || p == "/admin/version":
		if allow(w, r, http.MethodGet) {
			writeJSON(w, http.StatusOK, map[string]string{"version": s.cfg.Version})
		}
	case p == "/sessions/whoami":
		s.handleWhoami(w, r)
	case strings.HasPrefix(p, "/admin/"):
		if !s.authorized(r) {
			writeError(w, http.StatusUnauthorized, "The request could not be authorized",
				"The API key is missing, malformed, revoked or does not belong to this project.")
			return
		}
		s.routeAdmin(w, r, strings.TrimPrefix(p, "/admin"))
	default:
		writeError(w, http.StatusNotFound, "The requested resource could not be found", "")
	}
}

// authorized checks the project API key in API-key mode; an open admin API accepts anything.
func (s *Server) authorized(r *http.Request) bool {
	key := s.APIKey()
	if key == "" {
		return true
	}
	tok := simkit.BearerToken(r)
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(key)) == 1
}

func (s *Server) routeAdmin(w http.ResponseWriter, r *http.Request, p string) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/sessions":
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			s.handleList(w, r)
		case http.MethodPost:
			if !s.bulk {
				// Before v26.2 only GET exists here (DELETE is redirected to the public API).
				w.Header().Set("Allow", "GET, DELETE")
				writeError(w, http.StatusMethodNotAllowed, "The requested method is not allowed for this resource", "")
				return
			}
			s.handleBulk(w, r)
		default:
			allow(w, r, http.MethodGet, http.MethodPost)
		}
	case len(segs) == 2 && segs[0] == "sessions":
		if allow(w, r, http.MethodGet, http.MethodDelete) {
			if r.Method == http.MethodDelete {
				s.handleDisable(w, r, segs[1])
			} else {
				s.handleGet(w, r, segs[1])
			}
		}
	case len(segs) == 3 && segs[0] == "sessions" && segs[2] == "extend":
		if allow(w, r, http.MethodPatch) {
			s.handleExtend(w, segs[1])
		}
	case len(segs) == 2 && segs[0] == "identities":
		if allow(w, r, http.MethodGet, http.MethodPatch) {
			if r.Method == http.MethodPatch {
				s.handlePatchIdentity(w, r, segs[1])
			} else {
				s.handleGetIdentity(w, segs[1])
			}
		}
	case len(segs) == 3 && segs[0] == "identities" && segs[2] == "sessions":
		if allow(w, r, http.MethodGet, http.MethodDelete) {
			if r.Method == http.MethodDelete {
				s.handleDeleteIdentitySessions(w, segs[1])
			} else {
				s.handleIdentitySessions(w, r, segs[1])
			}
		}
	default:
		writeError(w, http.StatusNotFound, "The requested resource could not be found", "")
	}
}

// allow writes 405 unless the request's method is one of methods (HEAD counts as GET).
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	if simkit.MethodIn(r, methods...) {
		return true
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	writeError(w, http.StatusMethodNotAllowed, "The requested method is not allowed for this resource", "")
	return false
}

// herodotError is Kratos's error body: {"error": {...}}.
type herodotError struct {
	Error errorField `json:"error"`
}

type errorField struct {
	ID      string `json:"id,omitempty"`
	Code    int    `json:"code,omitempty"`
	Status  string `json:"status,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, message, reason string) {
	writeErrorID(w, status, "", message, reason)
}

func writeErrorID(w http.ResponseWriter, status int, id, message, reason string) {
	writeJSON(w, status, herodotError{errorField{ID: id, Code: status, Status: http.StatusText(status), Reason: reason, Message: message}})
}

// Kratos's stock messages.
const (
	msgBadRequest = "The request was malformed or contained invalid parameters"
	msgNoRows     = "Unable to locate the resource"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
