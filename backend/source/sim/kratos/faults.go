package kratossim

import (
	"net/http"
	"strings"

	"sessionscope/backend/source/sim/simkit"
)

// faultPath classifies a request for fault matching.
func faultPath(r *http.Request) string {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/health/") || strings.HasPrefix(p, "/admin/health/") || p == "/version" || p == "/admin/version":
		return "health"
	case p == "/admin/sessions" && r.Method == http.MethodPost:
		return "bulk"
	case p == "/admin/sessions" || (strings.HasPrefix(p, "/admin/identities/") && strings.HasSuffix(p, "/sessions") && r.Method == http.MethodGet):
		return "list"
	case strings.HasPrefix(p, "/admin/sessions/"):
		return "session"
	case strings.HasPrefix(p, "/admin/identities/"):
		return "identity"
	}
	return ""
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	a := simkit.FaultAnswers{
		Unavailable: func(w http.ResponseWriter) {
			writeError(w, http.StatusServiceUnavailable, "The service is temporarily unavailable, please try again later", "")
		},
		TooMany: func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			writeTooMany(w)
		},
		Internal: func(w http.ResponseWriter) {
			writeError(w, http.StatusInternalServerError, "An internal server error occurred, please contact the system administrator", "")
		},
		KeepStatus: true, // a truncated answer keeps the real status
	}
	a.TimedOut = a.Unavailable
	a.Serve(w, r, f, s.life.Closed(), func(rec http.ResponseWriter) { s.route(rec, r) })
}
