package auth0sim

import (
	"net/http"
	"strconv"
	"strings"

	"sessionscope/backend/source/sim/simkit"
)

// faultPath classifies a request for fault matching (see Fault.Path).
func faultPath(r *http.Request) string {
	p := r.URL.EscapedPath()
	if p == "/oauth/token" {
		return "token"
	}
	rest, ok := strings.CutPrefix(p, "/api/v2/")
	if !ok {
		return ""
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	switch {
	case segs[0] == "users" && len(segs) == 1:
		return "users"
	case segs[0] == "users" && len(segs) == 3 && segs[2] == "sessions" && r.Method == http.MethodGet:
		return "sessions"
	case segs[0] == "users" && len(segs) == 3 && segs[2] == "logs":
		return "logs"
	case segs[0] == "users":
		return "user"
	case segs[0] == "sessions":
		return "session"
	}
	return ""
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	a := simkit.FaultAnswers{
		Unavailable: func(w http.ResponseWriter) { writeError(w, http.StatusServiceUnavailable, "", "Service Unavailable") },
		TooMany: func(w http.ResponseWriter) {
			s.limited.Add(1)
			h := w.Header()
			h.Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.RateLimit))
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Unix()+1, 10))
			writeError(w, http.StatusTooManyRequests, "too_many_requests", msgGlobalLimit)
		},
		TimedOut: func(w http.ResponseWriter) { writeError(w, http.StatusGatewayTimeout, "", "Gateway Timeout") },
		Internal: func(w http.ResponseWriter) {
			writeError(w, http.StatusInternalServerError, "", "Internal Server Error")
		},
	}
	a.Serve(w, r, f, s.life.Closed(), func(rec http.ResponseWriter) { s.route(rec, r) })
}
