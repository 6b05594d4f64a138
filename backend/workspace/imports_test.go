package workspace

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nonTestImports lists the imports of each non-test Go file of a folder.
func nonTestImports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	out := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[f] = append(out[f], p)
		}
	}
	return out
}

// The rule that makes the workspace the one product API, kept by the build: the window and the
// command line import nothing of the backend but the workspace and the shared types (and the
// CLI's sim command the simulators).
func TestOnlyTheWorkspaceIsTheProductAPI(t *testing.T) {
	for _, dir := range []string{filepath.Join("..", "..", "app"), filepath.Join("..", "cli")} {
		for file, imports := range nonTestImports(t, dir) {
			for _, imp := range imports {
				switch {
				case !strings.HasPrefix(imp, "sessionscope/backend/"):
				case imp == "sessionscope/backend/workspace", imp == "sessionscope/backend/session":
				case strings.HasPrefix(imp, "sessionscope/backend/source/sim/") && file == filepath.Join("..", "cli", "sim.go"):
				default:
					t.Errorf("%s imports %s: reach it through backend/workspace", file, imp)
				}
			}
		}
	}
}
