//go:build !unix

package jobs

// processAlive cannot look at processes here: a run is taken over once its heartbeat is stale.
func processAlive(string) bool { return true }
