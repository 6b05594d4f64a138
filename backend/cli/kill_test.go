package cli

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"

	_ "modernc.org/sqlite"
)

// TestMain lets the test binary play the sessionscope command in a child process.
func TestMain(m *testing.M) {
	if os.Getenv("SESSIONSCOPE_TEST_CHILD") == "refresh" {
		mem := secrets.NewMemory()
		mem.Set(context.Background(), secrets.Account(1, "refresh_token"), os.Getenv("SESSIONSCOPE_TEST_TOKEN"))
		os.Exit(Run(context.Background(), []string{"--home", os.Getenv("SESSIONSCOPE_TEST_HOME"), "refresh", "Acme"},
			Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Secrets: mem}))
	}
	os.Exit(m.Run())
}

// A refresh process killed with SIGKILL in the middle leaves the previous snapshot current, and the
// next start cleans up the half-written one.
func TestRefreshKilledMidwayKeepsPreviousSnapshot(t *testing.T) {
	sim := sfsim.New(sfsim.Config{Users: 1200, Seed: 9})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	home := filepath.Join(t.TempDir(), "home")
	mem := secrets.NewMemory()
	h := harness{t: t, home: home, sec: mem}
	h.must(sim.Credentials().RefreshToken+"\n", "connections", "add", "--kind", "salesforce", "--name", "Acme",
		"--url", base, "--client-id", sim.Credentials().ClientID, "--batch-size", "200")
	h.must("", "refresh", "Acme")
	before := currentSnapshot(t, home)

	sim.SetLatency(300 * time.Millisecond)
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "SESSIONSCOPE_TEST_CHILD=refresh", "SESSIONSCOPE_TEST_HOME="+home,
		"SESSIONSCOPE_TEST_TOKEN="+sim.Credentials().RefreshToken)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has written at least one page of the new snapshot.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(home, "sessionscope.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var pages int
		db.QueryRow(`SELECT coalesce(max(pages), 0) FROM snapshots WHERE status = ?`, session.SnapshotRunning).Scan(&pages)
		if pages >= 1 {
			break
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatal("the child never wrote a page")
		}
		time.Sleep(20 * time.Millisecond)
	}
	db.Close()
	child.Process.Kill()
	child.Wait()

	after := currentSnapshot(t, home)
	if after.ID != before.ID || after.SessionCount != before.SessionCount {
		t.Fatalf("after the kill the current snapshot is %+v, want %+v", after, before)
	}
	st, err := store.Open(context.Background(), filepath.Join(home, "sessionscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snaps, _ := st.Snapshots(context.Background(), 1, 5)
	if snaps[0].Status != session.SnapshotInterrupted || !strings.Contains(snaps[0].Error, "stopped") {
		t.Fatalf("the killed refresh is recorded as %+v", snaps[0])
	}
}

func currentSnapshot(t *testing.T, home string) session.Snapshot {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(home, "sessionscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.ConnectionByName(context.Background(), "Acme")
	if err != nil || c.Current == nil {
		t.Fatalf("no current snapshot: %v", err)
	}
	return *c.Current
}
