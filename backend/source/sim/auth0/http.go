package auth0sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

// Auth0 messages the simulator answers with (apis.md §4.4 and the threads it cites).
const (
	msgMissingAuth   = "Missing authentication"
	msgInvalidToken  = "Invalid token"
	msgExpiredToken  = "Expired token received for JSON Web Token validation"
	msgUserNotFound  = "The user does not exist."
	msgSessNotFound  = "The session does not exist."
	msgFeatureOff    = "This feature is not enabled for this tenant."
	msgGlobalLimit   = "Global limit has been reached"
	msgInvalidPaging = "You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation"
)

// call is one authenticated Management API request.
type call struct {
	w    http.ResponseWriter
	r    *http.Request
	tok  *accessToken
	segs []string // path segments after /api/v2/, unescaped
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.revoked.ServeControl(w, r) {
		return
	}
	s.requests.Add(1)
	path := faultPath(r)
	if path == "sessions" {
		// Count session lists being served (latency included) to expose client concurrency.
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for m := s.inFlightMax.Load(); n > m && !s.inFlightMax.CompareAndSwap(m, n); m = s.inFlightMax.Load() {
		}
	}
	if !simkit.Delay(r, time.Duration(s.latency.Load())) {
		return
	}
	if f, ok := s.faults.Take(path); ok {
		s.serveFault(w, r, f)
		return
	}
	s.route(w, r)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.EscapedPath()
	switch {
	case p == "/oauth/token":
		if r.Method != http.MethodPost {
			writeError(w, http.StatusNotFound, "", "Not Found")
			return
		}
		s.handleToken(w, r)
	case strings.HasPrefix(p, "/api/v2/"):
		s.handleAPI(w, r, strings.TrimSuffix(strings.TrimPrefix(p, "/api/v2/"), "/"))
	default:
		writeError(w, http.StatusNotFound, "", "Not Found")
	}
}

// handleAPI authenticates, rate-limits and dispatches one Management API request.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request, rest string) {
	var segs []string
	for _, raw := range strings.Split(rest, "/") {
		seg, err := url.PathUnescape(raw)
		if err != nil {
			writeError(w, http.StatusBadRequest, "", "Bad Request: invalid URI")
			return
		}
		segs = append(segs, seg)
	}
	tok, msg := s.tokens.lookup(bearer(r), s.now())
	if tok == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="Auth0 Management API"`)
		writeJSON(w, http.StatusUnauthorized, map[string]any{"statusCode": 401, "error": "Unauthorized",
			"message": msg, "attributes": map[string]string{"error": msg}})
		return
	}
	ok, b := s.bucket.Take(s.now())
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(b.Remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(b.Reset, 10))
	if !ok {
		s.limited.Add(1)
		writeError(w, http.StatusTooManyRequests, "too_many_requests", msgGlobalLimit)
		return
	}
	c := &call{w: w, r: r, tok: tok, segs: segs}
	m := r.Method
	switch {
	case len(segs) == 1 && segs[0] == "users" && m == http.MethodGet:
		s.handleUsers(c)
	case len(segs) == 2 && segs[0] == "users" && (m == http.MethodGet || m == http.MethodPatch):
		s.handleUser(c, segs[1])
	case len(segs) == 3 && segs[0] == "users" && segs[2] == "sessions" && (m == http.MethodGet || m == http.MethodDelete):
		s.handleUserSessions(c, segs[1])
	case len(segs) == 3 && segs[0] == "users" && segs[2] == "logs" && m == http.MethodGet:
		s.handleUserLogs(c, segs[1])
	case len(segs) == 2 && segs[0] == "sessions" && (m == http.MethodGet || m == http.MethodDelete):
		s.handleSession(c, segs[1])
	case len(segs) == 3 && segs[0] == "sessions" && segs[2] == "revoke" && m == http.MethodPost:
		s.handleRevoke(c, segs[1])
	case len(segs) == 2 && segs[0] == "tenants" && segs[1] == "settings" && m == http.MethodGet:
		s.handleTenantSettings(c)
	default:
		writeError(w, http.StatusNotFound, "", "Not Found")
	}
}

// need answers 403 insufficient_scope unless the token carries one of scopes.
func (c *call) need(scopes ...string) bool {
	for _, sc := range scopes {
		if c.tok.scopes[sc] {
			return true
		}
	}
	writeError(c.w, http.StatusForbidden, "insufficient_scope", "Insufficient scope, expected any of: "+strings.Join(scopes, ","))
	return false
}

// sessionsFeature answers 403 when the tenant's plan lacks the session endpoints.
func (s *Server) sessionsFeature(c *call) bool {
	if s.noSessions.Load() {
		writeError(c.w, http.StatusForbidden, "", msgFeatureOff)
		return false
	}
	return true
}

func bearer(r *http.Request) string { return simkit.BearerToken(r) }

// baseURL is the simulator's own base URL: the started one, else the request's host.
func (s *Server) baseURL(r *http.Request) string { return simkit.BaseURL(s.URL(), r) }

// apiError is the Management API's error body.
type apiError struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Message    string `json:"message"`
	ErrorCode  string `json:"errorCode,omitempty"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, apiError{StatusCode: status, Error: http.StatusText(status), Message: msg, ErrorCode: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	writeBody(w, status, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func writeBody(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// queryInt reads an integer query parameter; ok is false (and a 400 written) when it is
// present but not an integer within [lo, hi].
func queryInt(c *call, name string, def, lo, hi int) (int, bool) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		writeError(c.w, http.StatusBadRequest, "invalid_query_string",
			"Query validation error: 'Expected type integer but found type string' on property "+name+".")
	case n < lo:
		writeError(c.w, http.StatusBadRequest, "invalid_query_string",
			"Query validation error: 'Value "+v+" is less than minimum "+strconv.Itoa(lo)+"' on property "+name+".")
	case n > hi:
		writeError(c.w, http.StatusBadRequest, "invalid_query_string",
			"Query validation error: 'Value "+v+" is greater than maximum "+strconv.Itoa(hi)+"' on property "+name+".")
	default:
		return n, true
	}
	return 0, false
}
