package auth0sim

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

// take returns the fault a request on path runs into, if any. Each fault first lets its
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
	switch f.Kind {
	case "503":
		writeError(w, http.StatusServiceUnavailable, "", "Service Unavailable")
	case "429":
		s.limited.Add(1)
		h := w.Header()
		h.Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.RateLimit))
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Unix()+1, 10))
		writeError(w, http.StatusTooManyRequests, "too_many_requests", msgGlobalLimit)
	case "timeout":
		t := time.NewTimer(timeoutCap)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-s.closed:
		case <-t.C:
			writeError(w, http.StatusGatewayTimeout, "", "Gateway Timeout")
		}
	case "truncated":
		rec := &bufferedResponse{header: http.Header{}}
		s.route(rec, r)
		body := rec.body[:len(rec.body)/2]
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	default: // "500" and anything unknown
		writeError(w, http.StatusInternalServerError, "", "Internal Server Error")
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
