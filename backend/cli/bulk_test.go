package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sessionscope/backend/jobs/jobstest"
	"sessionscope/backend/secrets"
	sfsim "sessionscope/backend/source/sim/salesforce"
	"sessionscope/backend/store"
	"sessionscope/backend/workspace"
)

// countedOrg adds a Salesforce simulator (behind a delete counter) as connection "Acme" and
// refreshes it.
func countedOrg(t *testing.T, h harness, users int, seed int64) (*sfsim.Server, *jobstest.Counter) {
	t.Helper()
	sim := sfsim.New(sfsim.Config{Users: users, Seed: seed})
	counter := jobstest.NewSalesforceCounter(sim.Handler())
	base := counter.Start(t.Cleanup)
	h.must(sim.Credentials().RefreshToken+"\n", "connections", "add", "--kind", "salesforce", "--name", "Acme",
		"--url", base, "--client-id", sim.Credentials().ClientID)
	h.must("", "refresh", "Acme")
	return sim, counter
}

func dryRunPlan(t *testing.T, h harness, args ...string) workspace.BulkPlan {
	t.Helper()
	var p workspace.BulkPlan
	if err := json.Unmarshal([]byte(h.must("", append(append([]string{"signout"}, args...), "--dry-run", "--json")...)), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBulkSignOutFromTheCommandLine(t *testing.T) {
	h := harness{t: t, home: t.TempDir(), sec: secrets.NewMemory()}
	sim, counter := countedOrg(t, h, 80, 41)
	all := []string{"--connection", "Acme", "--all-except-current"}

	for _, args := range [][]string{{"signout", "--all-orgs"}, {"signout", "--connection", "Acme", "--all-orgs", "--ip", "10."},
		{"signout", "--resume", "1", "--retry-failed", "1"}} {
		if _, errs, code := h.run("", args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d %q, want a usage error", args, code, errs)
		}
	}
	out := h.must("", append([]string{"signout", "--dry-run"}, all...)...)
	for _, want := range []string{"plan: sign out", "ORG", "batch", "left out:", "signed in with", "note: Signing out does not stop", "--confirm"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the dry run should say %q:\n%s", want, out)
		}
	}
	plan := dryRunPlan(t, h, all...)
	if plan.ConfirmCount == 0 || plan.Orgs[0].Calls != (plan.Sessions+199)/200 {
		t.Fatalf("plan %+v", plan)
	}
	if _, errs, code := h.run("", append([]string{"signout"}, all...)...); code != ExitRefused || !strings.Contains(errs, "reason") {
		t.Fatalf("without a reason: exit %d %q", code, errs)
	}
	withReason := append([]string{"signout", "--reason", "offboarding"}, all...)
	if _, errs, code := h.run("", withReason...); code != ExitRefused || !strings.Contains(errs, "type "+strconv.Itoa(plan.ConfirmCount)) {
		t.Fatalf("without the count: exit %d %q", code, errs)
	}
	if len(counter.Deleted()) != 0 {
		t.Fatal("a refused run sent deletes")
	}
	out = h.must("", append(withReason, "--confirm", strconv.Itoa(plan.ConfirmCount))...)
	if !strings.Contains(out, "job 1: done") || !strings.Contains(out, "0 still listed") {
		t.Fatalf("run: %s", out)
	}
	for id, n := range counter.Deleted() {
		if n != 1 {
			t.Fatalf("session %s deleted %d times", id, n)
		}
	}
	if len(sim.ActiveSessionIDs()) == 0 {
		t.Fatal("the admin's own session was ended")
	}
	var list []store.SignOutJob
	if err := json.Unmarshal([]byte(h.must("", "jobs", "--json")), &list); err != nil || len(list) != 1 || list[0].State != store.JobDone {
		t.Fatalf("jobs --json: %+v %v", list, err)
	}
	if out := h.must("", "jobs", "1"); !strings.Contains(out, "Acme:") || !strings.Contains(out, "batch") {
		t.Fatalf("jobs 1: %s", out)
	}
	if _, errs, code := h.run("", "signout", "--resume", "1"); code != ExitRefused || !strings.Contains(errs, "nothing left") {
		t.Fatalf("resuming a finished job: exit %d %q", code, errs)
	}
	if v := h.must("", "audit", "--verify"); !strings.Contains(v, "intact") {
		t.Fatalf("audit --verify: %s", v)
	}
}

func TestBulkExitStatusesSayHowTheJobEnded(t *testing.T) {
	env := Env{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}}
	for state, want := range map[string]int{store.JobDone: 0, store.JobPartlyFailed: ExitPartlyFailed, store.JobFailed: ExitPartlyFailed,
		store.JobCanceled: ExitStopped, store.JobIncomplete: ExitStopped, store.JobInterrupted: ExitStopped} {
		err := jobOutcome(env, store.SignOutJob{ID: 7, State: state}, nil, false)
		got := 0
		if err != nil {
			got, _ = ExitCode(err)
		}
		if got != want {
			t.Errorf("a %s job exits %d, want %d (%v)", state, got, want, err)
		}
	}
	refused := jobOutcome(env, store.SignOutJob{}, &workspace.CodedError{Code: workspace.CodeReasonRequired, Msg: "say why"}, false)
	if code, _ := ExitCode(refused); code != ExitRefused || !strings.Contains(refused.Error(), "nothing was sent") {
		t.Errorf("a refusal exits %d: %v", code, refused)
	}
}

// `audit --verify` names the first bad entry of a trail cut short, edited or missing a row.
func TestAuditVerifyNamesTheFirstBadEntry(t *testing.T) {
	h := harness{t: t, home: t.TempDir(), sec: secrets.NewMemory()}
	countedOrg(t, h, 20, 44)
	h.must("", "signout", "--connection", "Acme", "--all-except-current", "--reason", "cleanup")
	db, err := sql.Open("sqlite", "file:"+filepath.Join(h.home, "sessionscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	db.QueryRow(`SELECT max(id) FROM audit`).Scan(&n)
	if n < 6 {
		t.Fatalf("want a few entries, have %d", n)
	}
	for _, q := range []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		sql, want string
	}{
		{fmt.Sprintf(`DELETE FROM audit WHERE id = %d`, n), fmt.Sprintf("entry %d: the newest entries", n)},
		{`DELETE FROM audit WHERE id = 4`, "entry 5: entries between 3 and it were deleted"},
		{`UPDATE audit SET reason = 'nothing to see' WHERE id = 2`, "entry 2: it was changed"},
	} {
		if _, err := db.Exec(step.sql); err != nil {
			t.Fatal(err)
		}
		if _, errs, code := h.run("", "audit", "--verify"); code != 1 || !strings.Contains(errs, step.want) {
			t.Fatalf("after %s: exit %d %q, want %q", step.sql, code, errs, step.want)
		}
	}
}
