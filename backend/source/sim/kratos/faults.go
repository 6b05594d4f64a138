package kratossim

import (
	"net/http"
	"strconv"
	"strings"
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

// take returns the fault a request of kind path runs into, if any. Each fault first lets its
// After matching requests through, then fails the next Count.
func (q *faultQueue) take(path string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.list {
		if f.Path != "any" && f.Path != "" && f.Path != path {
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
	switch f.Kind {
	case "503":
		writeError(w, http.StatusServiceUnavailable, "The service is temporarily unavailable, please try again later", "")
	case "429":
		writeError(w, http.StatusTooManyRequests, "Too many requests, please slow down", "The project's rate limit for this endpoint was exceeded.")
	case "timeout":
		t := time.NewTimer(timeoutCap)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-s.closed:
		case <-t.C:
			writeError(w, http.StatusServiceUnavailable, "The service is temporarily unavailable, please try again later", "")
		}
	case "truncated":
		rec := &bufferedResponse{header: http.Header{}}
		s.route(rec, r)
		body := rec.body[:len(rec.body)/2]
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(max(rec.status, http.StatusOK))
		_, _ = w.Write(body)
	default: // "500" and anything unknown
		writeError(w, http.StatusInternalServerError, "An internal server error occurred, please contact the system administrator", "")
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
