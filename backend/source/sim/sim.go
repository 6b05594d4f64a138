// Package sim holds what every simulator shares: the small interface the demo workspace and
// the `sessionscope sim` command use to run any of them. Each server kind's simulator lives
// in its own sub-package and reproduces that server's public API (see apis.md).
//
// Simulators are imported only by tests, benchmarks, the demo workspace (backend/workspace)
// and the command line's `sim` command.
package sim

// Server is a running (or startable) simulator.
type Server interface {
	// Start listens on a loopback address ("127.0.0.1:0") and returns the base URL.
	Start(addr string) (string, error)
	URL() string
	Close() error
	// ActiveSessionIDs lists the sessions the server would report as active, sorted.
	ActiveSessionIDs() []string
	// DemoConnection is how the app connects to this simulator: the URL, the connector's
	// non-secret options and its secrets (throwaway simulator credentials).
	DemoConnection() Connection
	// Revocations counts, per session id (as the connector names it), how many times the
	// server ended that session; GET /_sim/revocations on the server serves the same.
	Revocations() map[string]int
}

// Connection is what a connector needs to reach a simulator.
type Connection struct {
	URL     string
	Options map[string]string
	Secrets map[string]string
}
