package app

import (
	"fmt"
	"os"
	"os/exec"
)

// startWindow starts another SessionScope process with args (a window on a bundle), so the
// window that asked keeps its own workspace. The new process outlives nothing of ours: it is
// waited for in the background only so it leaves no zombie behind.
func startWindow(args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find the SessionScope program to open another window: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot open another window: %w", err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
