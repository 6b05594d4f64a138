package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/store"

	_ "modernc.org/sqlite"
)

// The test binary plays `sessionscope signout …` in a child process (the refresh child is
// kill_test.go's TestMain; package init runs before it).
func init() {
	if os.Getenv("SESSIONSCOPE_TEST_CHILD") != "signout" {
		return
	}
	mem := secrets.NewMemory()
	mem.Set(context.Background(), secrets.Account(1, "refresh_token"), os.Getenv("SESSIONSCOPE_TEST_TOKEN"))
	args := append([]string{"--home", os.Getenv("SESSIONSCOPE_TEST_HOME")}, strings.Split(os.Getenv("SESSIONSCOPE_TEST_ARGS"), "\x1f")...)
	os.Exit(Run(context.Background(), args, Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Secrets: mem}))
}

// A bulk sign-out killed with SIGKILL in the middle is resumed: every chosen session is ended
// exactly once on the server, none is missed, the admin's own session survives and the audit
// trail verifies.
func TestBulkSignOutKilledMidwayResumesExactlyOnce(t *testing.T) {
	mem := secrets.NewMemory()
	h := harness{t: t, home: filepath.Join(t.TempDir(), "home"), sec: mem}
	sim, counter := countedOrg(t, h, 700, 43)
	plan := dryRunPlan(t, h, "--connection", "Acme", "--all-except-current")
	if plan.Orgs[0].Calls < 6 {
		t.Fatalf("want a run of several batches, the plan has %d calls", plan.Orgs[0].Calls)
	}
	own := ownSessionIDs(t, h.home)

	sim.SetLatency(250 * time.Millisecond) // each batch takes a while: the kill lands mid-run
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "SESSIONSCOPE_TEST_CHILD=signout", "SESSIONSCOPE_TEST_HOME="+h.home,
		"SESSIONSCOPE_TEST_TOKEN="+sim.Credentials().RefreshToken,
		"SESSIONSCOPE_TEST_ARGS="+strings.Join([]string{"signout", "--connection", "Acme", "--all-except-current",
			"--reason", "kill drill", "--confirm", strconv.Itoa(plan.ConfirmCount)}, "\x1f"))
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(h.home, "sessionscope.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		var done, sending int
		db.QueryRow(`SELECT coalesce(sum(state IN ('ended', 'already_gone')), 0), coalesce(sum(state = 'sending'), 0)
			FROM signout_items`).Scan(&done, &sending)
		if done >= 200 && sending > 0 {
			break
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatal("the child never got a batch done with another in flight")
		}
		time.Sleep(5 * time.Millisecond)
	}
	child.Process.Kill()
	child.Wait()
	var left, inFlight int
	db.QueryRow(`SELECT count(*), coalesce(sum(state = 'sending'), 0) FROM signout_items WHERE state IN ('pending', 'sending')`).Scan(&left, &inFlight)
	db.Close()
	if left == 0 {
		t.Fatal("the child finished before it was killed")
	}
	t.Logf("killed with %d items left, %d of them in flight", left, inFlight)

	var list []store.SignOutJob
	if err := json.Unmarshal([]byte(h.must("", "jobs", "--json")), &list); err != nil || list[0].State != store.JobInterrupted {
		t.Fatalf("after the kill the job shows as %+v (%v), want interrupted", list, err)
	}
	sim.SetLatency(0)
	out := h.must("", "signout", "--resume", strconv.FormatInt(list[0].ID, 10))
	if !strings.Contains(out, "done") {
		t.Fatalf("resume: %s", out)
	}

	st, err := store.Open(context.Background(), filepath.Join(h.home, "sessionscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	active := sim.ActiveSessionIDs()
	deleted := counter.Deleted()
	chosen := map[string]bool{}
	var items []store.JobItem
	st.EachJobItem(context.Background(), list[0].ID, "", func(it store.JobItem) error {
		chosen[it.Target] = true
		items = append(items, it)
		return nil
	})
	if len(items) != plan.Items {
		t.Fatalf("the job holds %d items, the plan %d", len(items), plan.Items)
	}
	for _, it := range items {
		if _, found := slices.BinarySearch(active, it.Target); found {
			t.Errorf("session %s was missed", it.Target)
		}
		if n := deleted[it.Target]; n > 1 || (n == 0 && !(it.ParentID != "" && chosen[it.ParentID])) {
			t.Errorf("session %s was deleted %d times", it.Target, n)
		}
		if it.State != store.ItemEnded && it.State != store.ItemAlreadyGone {
			t.Errorf("session %s ended the job as %s %q", it.Target, it.State, it.Message)
		}
	}
	for _, id := range own {
		if _, found := slices.BinarySearch(active, id); !found {
			t.Errorf("the admin's own session %s was ended", id)
		}
	}
	if v := h.must("", "audit", "--verify"); !strings.Contains(v, "intact") {
		t.Fatalf("audit --verify: %s", v)
	}
}

func ownSessionIDs(t *testing.T, home string) []string {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(home, "sessionscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var own []string
	sets, err := st.SelectionTargets(context.Background(), session.Selection{Filter: &session.Filter{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range sets[0].Targets {
		if tg.IsCurrent {
			own = append(own, tg.SessionID)
		}
	}
	if len(own) == 0 {
		t.Fatal("no own session in the snapshot")
	}
	return own
}
