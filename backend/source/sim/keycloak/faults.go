package keycloaksim

import (
	"net/http"

	"sessionscope/backend/source/sim/simkit"
)

// faultClasses classifies a request (path below the context path, already split) for
// fault matching.
func faultClasses(method string, segs []string) []string {
	if len(segs) == 5 && segs[0] == "realms" && segs[4] == "token" {
		return []string{"token"}
	}
	if len(segs) < 3 || segs[0] != "admin" || segs[1] != "realms" {
		return nil
	}
	out := []string{"admin"}
	rest := segs[3:]
	switch {
	case len(rest) == 1 && rest[0] == "client-session-stats",
		len(rest) == 3 && rest[0] == "clients" && (rest[2] == "user-sessions" || rest[2] == "offline-sessions"),
		len(rest) >= 2 && rest[0] == "ui-ext" && rest[1] == "sessions":
		out = append(out, "list")
	case method == http.MethodDelete && len(rest) == 2 && rest[0] == "sessions",
		method == http.MethodPost && len(rest) == 3 && rest[0] == "users" && rest[2] == "logout":
		out = append(out, "delete")
	}
	return out
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault, segs []string) {
	a := simkit.FaultAnswers{
		Unavailable: func(w http.ResponseWriter) {
			// What a reverse proxy answers while Keycloak restarts.
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"))
		},
		TooMany: func(w http.ResponseWriter) { writeText(w, http.StatusTooManyRequests, "Too Many Requests") },
		TimedOut: func(w http.ResponseWriter) {
			writeKCError(w, http.StatusGatewayTimeout, "unknown_error", "")
		},
		// What KeycloakErrorHandler sends for an uncaught error.
		Internal: func(w http.ResponseWriter) {
			writeKCError(w, http.StatusInternalServerError, "unknown_error", "For more on this error consult the server log.")
		},
	}
	a.Serve(w, r, f, s.life.Closed(), func(rec http.ResponseWriter) { s.route(rec, r, segs) })
}
