package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sessionscope/backend/source/sim/simulators"
)

// For every simulated server kind: add a connection (secret on stdin), test it, refresh, export
// the sessions as JSON and CSV, sign one out, remove the connection — and after every step, no
// byte of any secret is found in the data folder (SQLite file, WAL, anything else), in what the
// commands printed (exports), or in what they logged.
func TestSecretsNeverLeaveTheKeyring(t *testing.T) {
	for _, kind := range simulators.Kinds() {
		t.Run(kind, func(t *testing.T) {
			srv, err := simulators.New(kind, simulators.Spec{Users: 40, Seed: 5, Org: "Scan Co"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := srv.Start("127.0.0.1:0"); err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			dc := srv.DemoConnection()
			if len(dc.Secrets) > 1 {
				t.Fatalf("the scan passes one secret on stdin; %s's demo has %d", kind, len(dc.Secrets))
			}
			h := harness{t: t, home: filepath.Join(t.TempDir(), "home"), sec: secretStore(t)}
			var printed bytes.Buffer
			step := func(stdin string, args ...string) string {
				t.Helper()
				out, errs, code := h.run(stdin, args...)
				printed.WriteString(out + errs)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, errs)
				}
				scan(t, h.home, printed.Bytes(), dc.Secrets, strings.Join(args, " "))
				return out
			}
			add := []string{"connections", "add", "--kind", kind, "--name", "Scan", "--url", dc.URL}
			stdin := ""
			keys := make([]string, 0, len(dc.Options))
			for k := range dc.Options {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				add = append(add, "--option", k+"="+dc.Options[k])
			}
			for name, v := range dc.Secrets {
				add, stdin = append(add, "--secret", name), v+"\n"
			}
			step(stdin, add...)
			step("", "connections", "test", "Scan")
			step("", "refresh", "Scan")
			var rows []map[string]any
			if err := json.Unmarshal([]byte(step("", "sessions", "--json")), &rows); err != nil || len(rows) == 0 {
				t.Fatalf("sessions --json: %d rows, %v", len(rows), err)
			}
			step("", "sessions", "--csv")
			for _, r := range rows {
				if r["is_current"] == false {
					step("", "signout", "--connection", "Scan", "--session", r["id"].(string), "--reason", "scan")
					break
				}
			}
			step("", "refresh", "Scan")
			step("", "connections", "remove", "Scan")
		})
	}
}

func scan(t *testing.T, home string, printed []byte, secrets map[string]string, after string) {
	t.Helper()
	filepath.Walk(home, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for name, v := range secrets {
			if bytes.Contains(b, []byte(v)) {
				t.Errorf("after %q, %s contains the %s", after, filepath.Base(p), name)
			}
		}
		return nil
	})
	for name, v := range secrets {
		if bytes.Contains(printed, []byte(v)) {
			t.Errorf("after %q, the command output contains the %s", after, name)
		}
	}
}
