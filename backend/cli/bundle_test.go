package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A scripted offline review: export a review bundle, then on an auditor's machine (an empty
// home, no connections, no keyring entries) verify it, open it and run the read commands on it.
func TestBundleExportVerifyOpenAndReadCommands(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // checked copies of bundles go there
	h := flaggedHarness(t)
	h.must("", "refresh", "--all") // a second snapshot, so the bundle's history compares
	h.must("", "review", "start", "--title", "week 48")
	file := filepath.Join(t.TempDir(), "week48.ssbundle")
	out := h.must("", "export", "--review", "1", "--note", "for the auditor", "-o", file)
	if !strings.Contains(out, "own") || !strings.Contains(out, `review 1 "week 48"`) {
		t.Fatalf("export printed:\n%s", out)
	}
	if v := h.must("", "verify", "--trusted", file); !strings.Contains(v, "intact") || !strings.Contains(v, "own") {
		t.Fatalf("verify at home:\n%s", v)
	}
	home := h.must("", "sessions", "--json")

	auditor := harness{t: t, home: filepath.Join(t.TempDir(), "auditor"), sec: secretStore(t)}
	v := auditor.must("", "verify", file)
	if !strings.Contains(v, "unknown") {
		t.Fatalf("verify on another machine must name the signer unknown:\n%s", v)
	}
	if _, errs, code := auditor.run("", "verify", "--trusted", file); code != ExitUntrusted || !strings.Contains(errs, "not trusted") {
		t.Fatalf("verify --trusted of an unknown signer: exit %d %s", code, errs)
	}
	var info struct {
		Manifest struct {
			Signer struct{ Fingerprint string }
		}
	}
	if err := json.Unmarshal([]byte(auditor.must("", "open", "--json", file)), &info); err != nil {
		t.Fatal(err)
	}
	auditor.must("", "trust", "--name", "Security team", info.Manifest.Signer.Fingerprint)
	if v := auditor.must("", "verify", "--trusted", file); !strings.Contains(v, "trusted (Security team)") {
		t.Fatalf("after trust:\n%s", v)
	}
	if got := auditor.must("", "--bundle", file, "sessions", "--json"); got != home {
		t.Errorf("sessions of the bundle differ from the workspace's")
	}
	if got, want := auditor.must("", "--bundle", file, "users", "--json"), h.must("", "users", "--json"); got != want || !strings.Contains(got, "camille.laurent") {
		t.Errorf("users of the bundle differ from the workspace's")
	}
	if flags := auditor.must("", "--bundle", file, "flags"); !strings.Contains(flags, "impossible_travel") {
		t.Errorf("flags of the bundle:\n%s", flags)
	}
	if got, want := auditor.must("", "--bundle", file, "diff", "--json", "Acme"), h.must("", "diff", "--json", "Acme"); got != want {
		t.Errorf("diff of the bundle:\n%s\nwant\n%s", got, want)
	}
	if snaps := auditor.must("", "--bundle", file, "snapshots", "Acme"); strings.Count(snaps, "complete") != 2 {
		t.Errorf("snapshots of the bundle:\n%s", snaps)
	}
	if audit := auditor.must("", "--bundle", file, "audit", "--verify"); !strings.Contains(audit, "intact") {
		t.Errorf("audit --verify of the bundle:\n%s", audit)
	}
	if r := auditor.must("", "--bundle", file, "review", "show", "1"); !strings.Contains(r, "week 48") {
		t.Errorf("review show of the bundle:\n%s", r)
	}
	report := filepath.Join(t.TempDir(), "week48.html")
	auditor.must("", "--bundle", file, "report", "--review", "1", "-o", report)
	if html, _ := os.ReadFile(report); !strings.Contains(string(html), "Session review 1: week 48") {
		t.Errorf("report from the bundle:\n%.300s", html)
	}
	if _, errs, code := auditor.run("", "--bundle", file, "refresh", "--all"); code == 0 || !strings.Contains(errs, "read-only") {
		t.Errorf("refresh on a bundle: exit %d %s", code, errs)
	}

	answer := filepath.Join(t.TempDir(), "answer.ssbundle")
	auditor.must("", "annotate", "--note", "travel confirmed", "--about", "review item 1", "-o", answer, file)
	if got := h.must("", "open", answer); !strings.Contains(got, "travel confirmed") || !strings.Contains(got, "kept inside it") ||
		!strings.Contains(got, "  unknown\n") || !strings.Contains(got, "  own\n") {
		t.Errorf("the exporter opens the answer:\n%s", got)
	}

	raw, _ := os.ReadFile(file)
	raw[len(raw)/2] ^= 0x01
	bad := filepath.Join(t.TempDir(), "changed.ssbundle")
	os.WriteFile(bad, raw, 0o600)
	if _, errs, code := auditor.run("", "verify", bad); code != ExitTampered || !strings.Contains(errs, "changed") {
		t.Errorf("verify of a changed bundle: exit %d %s", code, errs)
	}
	if _, errs, code := auditor.run("", "--bundle", bad, "sessions"); code != ExitTampered {
		t.Errorf("sessions on a changed bundle: exit %d %s", code, errs)
	}
	os.WriteFile(bad, []byte("Id,UsersId\n"), 0o600)
	if _, errs, code := auditor.run("", "open", bad); code != ExitBadBundle || !strings.Contains(errs, "not a SQLite file") {
		t.Errorf("open of a CSV: exit %d %s", code, errs)
	}
}

func TestBundleOpensTheWindowWhenNoCommandFollows(t *testing.T) {
	if g, ok := Parse([]string{"--bundle", "week48.ssbundle", "--view", "map"}); !ok || g.Bundle != "week48.ssbundle" || g.View != "map" {
		t.Errorf("window on a bundle: %+v %v", g, ok)
	}
	if g, ok := Parse([]string{"--bundle", "week48.ssbundle", "sessions"}); ok {
		t.Errorf("a command on a bundle opened the window: %+v", g)
	}
}
