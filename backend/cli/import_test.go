package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An admin's Data Loader export imported from the command line, then exported again as CSV for
// Excel: the skipped rows are reported with their lines, the file is written whole.
func TestImportAndCSVExportFromTheCommandLine(t *testing.T) {
	h := harness{t: t, home: filepath.Join(t.TempDir(), "home"), sec: secretStore(t)}
	fixture := filepath.Join("..", "sfimport", "testdata", "authsession_dataloader.csv")
	out, errs, code := h.run("", "import", "--kind", "salesforce-csv", "--name", "Acme export", "--as-of", "2026-05-04T02:45:00Z", fixture)
	if code != 0 || !strings.Contains(out, `imported 3 sessions (AuthSession export) into "Acme export"`) {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"6 rows read, 3 skipped", `line 5: LoginGeo.Latitude "north" is not a coordinate`, `line 6: CreatedDate "yesterday"`} {
		if !strings.Contains(errs, want) {
			t.Errorf("report lacks %q:\n%s", want, errs)
		}
	}
	if _, errs, code := h.run("", "import", "--name", "Again", filepath.Join("..", "sfimport", "sfimport.go")); code == 0 || !strings.Contains(errs, "columns") {
		t.Errorf("importing a Go file: exit %d %s", code, errs)
	}
	file := filepath.Join(t.TempDir(), "sessions.csv")
	h.must("", "sessions", "--csv", "--excel", "--separator", ";", "-o", file)
	data, _ := os.ReadFile(file)
	if !bytes.HasPrefix(data, []byte("\ufeffconnection;id;")) || bytes.Count(data, []byte("\r\n")) != 4 {
		t.Errorf("excel csv:\n%s", data)
	}
	if _, _, code := h.run("", "sessions", "--excel"); code != 2 {
		t.Errorf("--excel without --csv: exit %d", code)
	}
	if _, errs, code := h.run("", "refresh", "Acme export"); code == 0 || !strings.Contains(errs, "imported from a file") {
		t.Errorf("refreshing an imported org: exit %d %s", code, errs)
	}
}
