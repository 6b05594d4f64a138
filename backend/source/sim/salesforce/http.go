package salesforcesim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source/sim/simkit"
)

const (
	minVersion  = 29 // AuthSession exists since API 29.0
	msgNotFound = "The requested resource does not exist"
	// msgRateLimited is the message of a request beyond the rate limit (and of a "429" fault).
	msgRateLimited = "ConcurrentPerOrgLongTxn Limit exceeded."
)

// call is one authenticated REST request.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	ver    int    // API major version
	verSeg string // "v66.0"
	tok    accessToken
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.revoked.ServeControl(w, r) {
		return
	}
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
	switch p := r.URL.Path; {
	case p == "/services/oauth2/token":
		s.handleToken(w, r)
	case p == "/services/oauth2/authorize":
		s.handleAuthorize(w, r)
	case p == "/services/oauth2/revoke":
		s.handleRevoke(w, r)
	case strings.HasPrefix(p, "/id/"):
		s.handleIdentity(w, r)
	case p == "/services/data" || p == "/services/data/":
		if allow(w, r, "GET") {
			s.handleVersions(w)
		}
	case strings.HasPrefix(p, "/services/data/"):
		s.handleREST(w, r, strings.TrimPrefix(p, "/services/data/"))
	default:
		writeErrors(w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
	}
}

// handleREST authenticates and accounts a /services/data/vXX.X/... request, then dispatches.
func (s *Server) handleREST(w http.ResponseWriter, r *http.Request, rest string) {
	verSeg, tail, _ := strings.Cut(rest, "/")
	ver, ok := s.version(verSeg)
	if !ok {
		writeErrors(w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
		return
	}
	tok, ok := s.caller(bearer(r))
	if !ok {
		w.Header().Set("WWW-Authenticate", "Token")
		writeErrors(w, http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
		return
	}
	if ok, _ := s.bucket.Take(s.now()); !ok {
		used, limit := s.usage.snapshot()
		w.Header().Set("Sforce-Limit-Info", "api-usage="+strconv.FormatInt(used, 10)+"/"+strconv.FormatInt(limit, 10))
		writeErrors(w, http.StatusTooManyRequests, "REQUEST_LIMIT_EXCEEDED", msgRateLimited)
		return
	}
	used, limit, ok := s.usage.take()
	w.Header().Set("Sforce-Limit-Info", "api-usage="+strconv.FormatInt(used, 10)+"/"+strconv.FormatInt(limit, 10))
	if !ok {
		writeErrors(w, http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
		return
	}
	c := &call{w: w, r: r, ver: ver, verSeg: verSeg, tok: tok}
	tail = strings.TrimSuffix(tail, "/")
	segs := strings.Split(tail, "/")
	switch {
	case tail == "":
		if allow(w, r, "GET") {
			s.handleResources(c)
		}
	case segs[0] == "query" || segs[0] == "queryAll":
		switch len(segs) {
		case 1:
			if allow(w, r, "GET") {
				s.handleQuery(c)
			}
		case 2:
			if allow(w, r, "GET") {
				s.handleQueryMore(c, segs[1])
			}
		default:
			writeErrors(w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
		}
	case tail == "limits":
		if allow(w, r, "GET") {
			s.handleLimits(c)
		}
	case len(segs) == 3 && segs[0] == "sobjects" && strings.EqualFold(segs[1], "AuthSession"):
		if segs[2] == "describe" {
			if allow(w, r, "GET") {
				s.handleDescribe(c)
			}
			return
		}
		if allow(w, r, "GET", "DELETE") {
			s.handleRecord(c, segs[2])
		}
	case len(segs) == 3 && segs[0] == "sobjects" && strings.EqualFold(segs[1], "UserLogin"):
		if allow(w, r, "GET", "PATCH") {
			s.handleUserLogin(c, segs[2])
		}
	case tail == "composite/sobjects":
		if allow(w, r, "DELETE") {
			s.handleCollectionDelete(c)
		}
	default:
		writeErrors(w, http.StatusNotFound, "NOT_FOUND", msgNotFound)
	}
}

// caller resolves a bearer token. A token is dead once the session behind it is deleted.
func (s *Server) caller(tok string) (accessToken, bool) {
	if tok == "" {
		return accessToken{}, false
	}
	t, ok := s.tokens.lookup(tok, s.now())
	if !ok {
		return accessToken{}, false
	}
	s.st.mu.RLock()
	dead := s.st.sessions[t.session].deleted
	s.st.mu.RUnlock()
	return t, !dead
}

// bearer reads the access token; Salesforce also takes the "OAuth" scheme.
func bearer(r *http.Request) string { return simkit.BearerToken(r, "OAuth") }

// baseURL is the simulator's own base URL: the started one, else the request's host.
func (s *Server) baseURL(r *http.Request) string { return simkit.BaseURL(s.URL(), r) }

// version parses a "vXX.X" path segment served by this org.
func (s *Server) version(seg string) (int, bool) {
	if !strings.HasPrefix(seg, "v") {
		return 0, false
	}
	v, ok := parseVersionNumber(seg[1:])
	if !ok || v < minVersion || v > s.maxVer {
		return 0, false
	}
	return v, true
}

// parseVersionNumber parses "66.0".
func parseVersionNumber(v string) (int, bool) {
	major, ok := strings.CutSuffix(v, ".0")
	if !ok || major == "" || len(major) > 3 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(major); i++ {
		if major[i] < '0' || major[i] > '9' {
			return 0, false
		}
		n = n*10 + int(major[i]-'0')
	}
	return n, true
}

// releaseLabel names the release that introduced API version v ("Spring '26" for 66.0).
func releaseLabel(v int) string {
	season := [...]string{"Winter", "Spring", "Summer"}[(v-29)%3]
	return season + " '" + strconv.Itoa(14+(v-29)/3)
}

func (s *Server) handleVersions(w http.ResponseWriter) {
	type version struct {
		Label   string `json:"label"`
		URL     string `json:"url"`
		Version string `json:"version"`
	}
	out := []version{}
	for v := minVersion; v <= s.maxVer; v++ {
		n := strconv.Itoa(v) + ".0"
		out = append(out, version{releaseLabel(v), "/services/data/v" + n, n})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleResources(c *call) {
	p := "/services/data/" + c.verSeg + "/"
	out := map[string]string{}
	for _, k := range []string{"sobjects", "query", "queryAll", "limits", "composite"} {
		out[k] = p + k
	}
	writeJSON(c.w, http.StatusOK, out)
}

func (s *Server) handleLimits(c *call) {
	used, limit := s.usage.snapshot()
	writeJSON(c.w, http.StatusOK, map[string]any{
		"DailyApiRequests": map[string]int64{"Max": limit, "Remaining": max(0, limit-used)},
	})
}

// allow writes 405 unless the request's method is one of methods (HEAD counts as GET).
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	m := r.Method
	if m == http.MethodHead {
		m = http.MethodGet
	}
	for _, a := range methods {
		if a == m {
			return true
		}
	}
	writeErrors(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED",
		"HTTP Method '"+r.Method+"' not allowed. Allowed are "+strings.Join(methods, ","))
	return false
}

type apiError struct {
	Message   string `json:"message"`
	ErrorCode string `json:"errorCode"`
}

func writeErrors(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, []apiError{{msg, code}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	writeBody(w, status, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func writeBody(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}
