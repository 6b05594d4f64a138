package simkit

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Fault makes matching requests fail. Kind is "503", "429", "500", "timeout" (hang until the
// request's context ends or the server closes, TimeoutCap at most) or "truncated" (half of
// the real body). Path names the class of requests that fail; the classes are the
// simulator's own, "any" (or "") matches every request.
type Fault struct {
	Kind  string
	Path  string
	Count int // how many matching requests fail; 0 means 1
	After int // let this many matching requests succeed first
}

// TimeoutCap bounds how long a "timeout" fault holds a request.
const TimeoutCap = 60 * time.Second

type pendingFault struct {
	Fault
	skip, left int
}

// FaultQueue holds injected faults in injection order. The zero value is empty and ready.
type FaultQueue struct {
	mu   sync.Mutex
	list []*pendingFault
}

// Add queues f.
func (q *FaultQueue) Add(f Fault) {
	n := f.Count
	if n <= 0 {
		n = 1
	}
	q.mu.Lock()
	q.list = append(q.list, &pendingFault{Fault: f, skip: max(0, f.After), left: n})
	q.mu.Unlock()
}

// Take returns the fault a request of the given classes runs into, if any. Each fault first
// lets its After matching requests through, then fails the next Count.
func (q *FaultQueue) Take(classes ...string) (Fault, bool) {
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

// FaultAnswers are how one simulated API fails: each writes that server's own error response.
type FaultAnswers struct {
	Unavailable func(w http.ResponseWriter) // "503"
	TooMany     func(w http.ResponseWriter) // "429"
	TimedOut    func(w http.ResponseWriter) // a "timeout" fault that held the request TimeoutCap
	Internal    func(w http.ResponseWriter) // "500" and unknown kinds
	// KeepStatus makes a "truncated" fault send the real response's status; otherwise 200.
	KeepStatus bool
}

// Serve answers r, which ran into fault f. serve writes the real response (a "truncated"
// fault cuts it in half); closing closed releases requests held by a "timeout" fault.
func (a *FaultAnswers) Serve(w http.ResponseWriter, r *http.Request, f Fault, closed <-chan struct{}, serve func(http.ResponseWriter)) {
	switch f.Kind {
	case "503":
		a.Unavailable(w)
	case "429":
		a.TooMany(w)
	case "timeout":
		t := time.NewTimer(TimeoutCap)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-closed:
		case <-t.C:
			a.TimedOut(w)
		}
	case "truncated":
		rec := NewBufferedResponse()
		serve(rec)
		body := rec.Body[:len(rec.Body)/2]
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		status := http.StatusOK
		if a.KeepStatus {
			status = max(rec.Status, http.StatusOK)
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	default:
		a.Internal(w)
	}
}

// BufferedResponse captures a response in memory (so that a "truncated" fault can cut it).
type BufferedResponse struct {
	header http.Header
	Status int
	Body   []byte
}

// NewBufferedResponse returns an empty BufferedResponse.
func NewBufferedResponse() *BufferedResponse { return &BufferedResponse{header: http.Header{}} }

// Header implements http.ResponseWriter.
func (b *BufferedResponse) Header() http.Header { return b.header }

// WriteHeader records the first status written.
func (b *BufferedResponse) WriteHeader(status int) {
	if b.Status == 0 {
		b.Status = status
	}
}

// Write appends to Body; a write before WriteHeader means status 200.
func (b *BufferedResponse) Write(p []byte) (int, error) {
	if b.Status == 0 {
		b.Status = http.StatusOK
	}
	b.Body = append(b.Body, p...)
	return len(p), nil
}

// Delay waits d before a request is served. It reports false when the request's context
// ended first (the caller then drops the request).
func Delay(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
