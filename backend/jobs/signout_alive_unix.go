//go:build unix

package jobs

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// processAlive reports whether the process a runner id names may still be running. Only a
// process of this machine can be looked at; for any other, only its heartbeat tells.
func processAlive(runner string) bool {
	parts := strings.SplitN(runner, "/", 3)
	if len(parts) != 3 {
		return true
	}
	if host, _ := os.Hostname(); host != parts[0] {
		return true
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 {
		return true
	}
	if pid == os.Getpid() {
		return true // another run in this process: its heartbeat tells
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
