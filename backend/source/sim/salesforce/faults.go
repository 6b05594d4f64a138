package salesforcesim

import (
	"net/http"
	"strings"

	"sessionscope/backend/source/sim/simkit"
)

// faultPath classifies a request for fault matching: "token", "query", "delete" or "".
func faultPath(r *http.Request) string {
	p := r.URL.Path
	if p == "/services/oauth2/token" {
		return "token"
	}
	rest, ok := strings.CutPrefix(p, "/services/data/")
	if !ok {
		return ""
	}
	_, tail, _ := strings.Cut(rest, "/")
	if r.Method == http.MethodDelete {
		return "delete"
	}
	if seg, _, _ := strings.Cut(tail, "/"); seg == "query" || seg == "queryAll" {
		return "query"
	}
	return ""
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	a := simkit.FaultAnswers{
		Unavailable: func(w http.ResponseWriter) {
			writeErrors(w, http.StatusServiceUnavailable, "SERVER_UNAVAILABLE", "Server unavailable")
		},
		TooMany: func(w http.ResponseWriter) {
			writeErrors(w, http.StatusTooManyRequests, "REQUEST_LIMIT_EXCEEDED", msgRateLimited)
		},
		Internal: func(w http.ResponseWriter) {
			writeErrors(w, http.StatusInternalServerError, "UNKNOWN_EXCEPTION", "An unexpected error occurred.")
		},
	}
	a.TimedOut = a.Unavailable
	a.Serve(w, r, f, s.life.Closed(), func(rec http.ResponseWriter) { s.route(rec, r) })
}
