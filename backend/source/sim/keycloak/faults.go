package keycloaksim

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// timeoutCap bounds how long a "timeout" fault holds a request.
const timeoutCap = 60 * time.Second

type pendingFault struct {
	Fault
	skip, left int
}

// faultQueue holds injected faults in injection order.
type faultQueue struct {
	mu   sync.Mutex
	list []*pendingFault
}

func (q *faultQueue) add(f Fault) {
	n := f.Count
	if n <= 0 {
		n = 1
	}
	q.mu.Lock()
	q.list = append(q.list, &pendingFault{Fault: f, skip: max(0, f.After), left: n})
	q.mu.Unlock()
}

// take returns the fault a request of the given classes runs into, if any. Each fault first
// lets its After matching requests through, then fails the next Count.
func (q *faultQueue) take(classes ...string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.list {
		match := f.Path == "any" || f.Path == ""
		for _, c := range classes {
			match = match || f.Path == c
		}
		if !match {
			continue
		}
		if f.skip > 0 {
			f.skip--
			continue
		}
		f.left--
		if f.left == 0 {
			q.list = append(q.list[:i], q.list[i+1:]...)
		}
		return f.Fault, true
	}
	return Fault{}, false
}

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
	switch f.Kind {
	case "503":
		// What a reverse proxy answers while Keycloak restarts.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"))
	case "429":
		writeText(w, http.StatusTooManyRequests, "Too Many Requests")
	case "timeout":
		t := time.NewTimer(timeoutCap)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-s.closed:
		case <-t.C:
			writeKCError(w, http.StatusGatewayTimeout, "unknown_error", "")
		}
	case "truncated":
		rec := &bufferedResponse{header: http.Header{}}
		s.route(rec, r, segs)
		body := rec.body[:len(rec.body)/2]
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	default: // "500" and anything unknown: what KeycloakErrorHandler sends for an uncaught error
		writeKCError(w, http.StatusInternalServerError, "unknown_error", "For more on this error consult the server log.")
	}
}

// bufferedResponse captures a response so that a "truncated" fault can cut it.
type bufferedResponse struct {
	header http.Header
	status int
	body   []byte
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.body = append(b.body, p...)
	return len(p), nil
}
