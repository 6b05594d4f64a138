package kratossim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.revoked.ServeControl(w, r) {
		return
	}
	s.requests.Add(1)
	if !simkit.Delay(r, time.Duration(s.latency.Load())) {
		return
	}
	if ok, b := s.bucket.Take(s.now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(b.RetryAfter))
		writeTooMany(w)
		return
	}
	if f, ok := s.faults.Take(faultPath(r)); ok {
		s.serveFault(w, r, f)
		return
	}
	s.route(w, r)
}

func writeTooMany(w http.ResponseWriter) {
	writeErrorID(w, http.StatusTooManyRequests, "", "Too many requests, please slow down",
		"The project's rate limit for this endpoint was exceeded.")
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/health/alive" || p == "/health/ready" || p == "/admin/health/alive" || p == "/admin/health/ready":
		if s.allow(w, r, http.MethodGet) {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		}
	case p == "/version" && s.v1:
		// Kratos v1 serves the admin API below /admin and redirects the old paths there.
		http.Redirect(w, r, simkit.BaseURL(s.URL(), r)+"/admin/version", http.StatusTemporaryRedirect)
	case p == "/version" || p == "/admin/version":
		if s.allow(w, r, http.MethodGet) {
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
		writeError(w, http.StatusNotFound, msgNotFound, "")
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
		s.routeSessions(w, r)
	case len(segs) == 2 && segs[0] == "sessions":
		if s.allow(w, r, http.MethodGet, http.MethodDelete) {
			if r.Method == http.MethodDelete {
				s.handleDisable(w, r, segs[1])
			} else {
				s.handleGet(w, r, segs[1])
			}
		}
	case len(segs) == 3 && segs[0] == "sessions" && segs[2] == "extend":
		if s.allow(w, r, http.MethodPatch) {
			s.handleExtend(w, segs[1])
		}
	case len(segs) == 2 && segs[0] == "identities":
		if s.allow(w, r, http.MethodGet, http.MethodPatch, http.MethodPut) {
			switch r.Method {
			case http.MethodPatch:
				s.handlePatchIdentity(w, r, segs[1])
			case http.MethodPut:
				s.handlePutIdentity(w, r, segs[1])
			default:
				s.handleGetIdentity(w, segs[1])
			}
		}
	case len(segs) == 3 && segs[0] == "identities" && segs[2] == "sessions":
		if s.allow(w, r, http.MethodGet, http.MethodDelete) {
			if r.Method == http.MethodDelete {
				s.handleDeleteIdentitySessions(w, segs[1])
			} else {
				s.handleIdentitySessions(w, r, segs[1])
			}
		}
	default:
		writeError(w, http.StatusNotFound, msgNotFound, "")
	}
}

// routeSessions is /admin/sessions: the listing; DELETE is redirected to the public API's
// "sign out my other sessions" (307), as Kratos registers it; POST is the bulk endpoint only
// on the hosted variant.
func (s *Server) routeSessions(w http.ResponseWriter, r *http.Request) {
	methods := []string{http.MethodGet, http.MethodDelete}
	if s.cfg.Hosted {
		methods = append(methods, http.MethodPost)
	}
	if !s.allow(w, r, methods...) {
		return
	}
	switch r.Method {
	case http.MethodPost:
		s.handleBulk(w, r)
	case http.MethodDelete:
		http.Redirect(w, r, simkit.BaseURL(s.URL(), r)+"/sessions", http.StatusTemporaryRedirect)
	default:
		s.handleList(w, r)
	}
}

// allow lets the request through when its method is one of methods (HEAD counts as GET);
// otherwise it answers as Kratos's router does: 405, text/plain "Method Not Allowed" and an
// Allow header with the route's methods sorted — with HEAD for GET (v26's net/http router) or
// with OPTIONS (v1's httprouter). This is not a Kratos JSON error.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	if simkit.MethodIn(r, methods...) {
		return true
	}
	list := slices.Clone(methods)
	switch {
	case s.v1:
		list = append(list, http.MethodOptions)
	case slices.Contains(list, http.MethodGet):
		list = append(list, http.MethodHead)
	}
	slices.Sort(list)
	w.Header().Set("Allow", strings.Join(list, ", "))
	http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
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

// writeErrorID writes a Kratos error: the JSON body herodot writes, "Content-Type:
// application/json" (without a charset, as herodot sets it) and the error's id in the body
// and in the Ory-Error-Id header. An error without an id of its own carries the id of its
// status class, the way Ory's stock errors are named ("not_found", "bad_request", …).
func writeErrorID(w http.ResponseWriter, status int, id, message, reason string) {
	if id == "" {
		id = strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
	}
	w.Header().Set("Ory-Error-Id", id)
	writeJSONAs(w, status, "application/json", herodotError{errorField{ID: id, Code: status,
		Status: http.StatusText(status), Reason: reason, Message: message}})
}

// Kratos's stock messages.
const (
	msgBadRequest = "The request was malformed or contained invalid parameters"
	msgNoRows     = "Unable to locate the resource"
	msgNotFound   = "The requested resource could not be found"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, status, "application/json; charset=utf-8", v)
}

func writeJSONAs(w http.ResponseWriter, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
