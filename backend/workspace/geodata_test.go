package workspace

import (
	"os"
	"path/filepath"
	"testing"
)

// The bundled data is found where each layout puts it: beside the binary, build/geodata for
// build/bin/sessionscope, and PREFIX/share/sessionscope/geodata for the installed package.
func TestGeoDataNearTheExecutable(t *testing.T) {
	for _, layout := range []struct{ exe, data string }{
		{"app/sessionscope", "app/geodata"},
		{"build/bin/sessionscope", "build/geodata"},
		{"usr/bin/sessionscope", "usr/share/sessionscope/geodata"},
	} {
		root := t.TempDir()
		data := filepath.Join(root, layout.data)
		if err := os.MkdirAll(data, 0o755); err != nil {
			t.Fatal(err)
		}
		exe := filepath.Join(root, layout.exe)
		if got := geoDataNear(exe); got != "" {
			t.Errorf("%s: found %q before any data was there", layout.exe, got)
		}
		if err := os.WriteFile(filepath.Join(data, bundledDBIPv4), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := geoDataNear(exe); got != data {
			t.Errorf("%s: geodata = %q; want %q", layout.exe, got, data)
		}
	}
}
