package simkit

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
)

// ControlPrefix starts the paths a simulator serves about itself rather than as the simulated
// API. They are not part of any real server: no authentication, no faults, no rate limit.
const ControlPrefix = "/_sim/"

// RevocationsPath serves a simulator's Revocations as a JSON object: session id → times
// deleted.
const RevocationsPath = ControlPrefix + "revocations"

// Revocations counts, per session id, how many times the server ended that session: a
// request that ends one session counts it once, a user-wide or bulk delete counts each
// session it ended. What counts is the server accepting the revocation of a session it still
// had a record of — also when that session had already ended but the server took the call
// again (Kratos' soft delete, Auth0's 202): a client that acts twice shows up as a 2. A call
// the server refuses (404, "entity is deleted") ended nothing and counts nothing. Counting is
// exact under concurrency: every Add is one critical section. The zero value is ready.
type Revocations struct {
	mu sync.Mutex
	n  map[string]int
}

// Add counts one revocation of each id.
func (c *Revocations) Add(ids ...string) {
	if len(ids) == 0 {
		return
	}
	c.mu.Lock()
	if c.n == nil {
		c.n = make(map[string]int, len(ids))
	}
	for _, id := range ids {
		c.n[id]++
	}
	c.mu.Unlock()
}

// Counts returns a copy of the counts.
func (c *Revocations) Counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

// ServeControl answers r if it is one of the control paths (ControlPrefix) and reports
// whether it was. Only clients on a loopback address get an answer (403 otherwise); the
// simulators listen on loopback anyway, this also holds when a handler is mounted elsewhere.
func (c *Revocations) ServeControl(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, ControlPrefix) {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	switch {
	case err != nil || !IsLoopback(host):
		controlError(w, http.StatusForbidden, "the simulator's control paths answer loopback clients only")
	case r.URL.Path != RevocationsPath:
		controlError(w, http.StatusNotFound, "no such simulator control path (have "+RevocationsPath+")")
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD")
		controlError(w, http.StatusMethodNotAllowed, "use GET")
	default:
		b, _ := json.Marshal(c.Counts())
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b)
	}
	return true
}

func controlError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
