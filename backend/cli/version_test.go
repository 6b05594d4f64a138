package cli

import (
	"os"
	"path/filepath"
	"testing"

	"sessionscope/backend/workspace"
)

// `sessionscope --version` prints the version the build was stamped with, and opens no data folder.
func TestVersionPrintsTheBuildVersion(t *testing.T) {
	old := workspace.Version
	workspace.Version = "1.2.3-4-gabcdef0"
	defer func() { workspace.Version = old }()
	home := filepath.Join(t.TempDir(), "home")
	h := harness{t: t, home: home}
	for _, arg := range []string{"--version", "version"} {
		if got := h.must("", arg); got != "sessionscope 1.2.3-4-gabcdef0\n" {
			t.Errorf("%s printed %q", arg, got)
		}
	}
	if _, ok := Parse([]string{"--version"}); ok {
		t.Error("--version opened the window")
	}
	if _, err := os.Stat(home); err == nil {
		t.Errorf("--version created the data folder %s", home)
	}
}
