package salesforcesim

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

// take returns the fault a request on path (see faultPath) runs into, if any. Each fault
// first lets its After matching requests through, then fails the next Count.
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
	switch f.Kind {
	case "503":
		writeErrors(w, http.StatusServiceUnavailable, "SERVER_UNAVAILABLE", "Server unavailable")
	case "429":
		writeErrors(w, http.StatusTooManyRequests, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.")
	case "timeout":
		t := time.NewTimer(timeoutCap)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-s.closed:
		case <-t.C:
			writeErrors(w, http.StatusServiceUnavailable, "SERVER_UNAVAILABLE", "Server unavailable")
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
		writeErrors(w, http.StatusInternalServerError, "UNKNOWN_EXCEPTION", "An unexpected error occurred.")
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
