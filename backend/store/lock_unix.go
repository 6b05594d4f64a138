//go:build unix

package store

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// lockFolder takes a shared lock on the lock file for as long as the store is open, and says
// whether this process is the only one holding it (it could take it exclusively first).
func lockFolder(path string) (io.Closer, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("open lock file %s: %w", path, err)
	}
	alone := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
	// Downgrade (or take) the shared lock: others may open the folder too, and see us.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, alone, nil
}
