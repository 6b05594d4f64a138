package cli

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	sfsim "sessionscope/backend/source/sim/salesforce"
)

func flaggedHarness(t *testing.T) harness {
	sim := sfsim.New(sfsim.Config{Users: 150, Seed: 11})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	h := harness{t: t, home: filepath.Join(t.TempDir(), "home"), sec: secretStore(t)}
	cred := sim.Credentials()
	h.must(cred.RefreshToken+"\n", "connections", "add", "--kind", "salesforce", "--name", "Acme", "--url", base,
		"--client-id", cred.ClientID)
	h.must("", "refresh", "--all")
	return h
}

func TestSessionsCarryTheirFlags(t *testing.T) {
	h := flaggedHarness(t)
	var all []map[string]any
	if err := json.Unmarshal([]byte(h.must("", "sessions", "--json")), &all); err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, s := range all {
		fl, ok := s["flags"].([]any)
		if !ok {
			t.Fatalf("row without a flags array: %v", s["flags"])
		}
		if len(fl) > 0 {
			flagged++
			f := fl[0].(map[string]any)
			if f["rule"] == "" || f["reason"] == "" || !strings.Contains("high medium low", f["severity"].(string)) {
				t.Fatalf("flag %v", f)
			}
		}
	}
	var only []map[string]any
	if err := json.Unmarshal([]byte(h.must("", "sessions", "--json", "--flagged")), &only); err != nil {
		t.Fatal(err)
	}
	if flagged == 0 || len(only) != flagged {
		t.Fatalf("--flagged listed %d, %d rows have flags", len(only), flagged)
	}
	travel := h.must("", "sessions", "--rule", "impossible_travel")
	if !strings.Contains(travel, "camille.laurent") || !strings.Contains(travel, "Paris → New York") {
		t.Fatalf("--rule impossible_travel:\n%s", travel)
	}
	high := h.must("", "sessions", "--severity", "high", "--json")
	if !strings.Contains(high, "impossible_travel") {
		t.Fatalf("--severity high lacks the traveller")
	}
	if _, errs, code := h.run("", "sessions", "--rule", "teleport"); code == 0 || !strings.Contains(errs, "is not a flag rule") {
		t.Fatalf("bad rule: %d %s", code, errs)
	}
	if _, errs, code := h.run("", "sessions", "--severity", "urgent"); code == 0 || !strings.Contains(errs, "high, medium or low") {
		t.Fatalf("bad severity: %d %s", code, errs)
	}
}

func TestFlagCountsAndPolicyCommands(t *testing.T) {
	h := flaggedHarness(t)
	var counts []map[string]any
	if err := json.Unmarshal([]byte(h.must("", "flags", "--json")), &counts); err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0]["connection"] != "Acme" || counts[0]["computed"] != true || counts[0]["flagged"].(float64) == 0 {
		t.Fatalf("counts %v", counts)
	}
	before := counts[0]["flagged"].(float64)
	if text := h.must("", "flags"); !strings.Contains(text, "too_many_sessions") || !strings.Contains(text, "impossible_travel") {
		t.Fatalf("flags:\n%s", text)
	}
	// A bad setting names the field; nothing is saved.
	_, errs, code := h.run("", "policy", "set", "Acme", "approved_networks=10.0.0.0/33", "approved_countries=FR,ZZ")
	if code != 1 || !strings.Contains(errs, "approved_networks: \"10.0.0.0/33\" is not a CIDR range") ||
		!strings.Contains(errs, "approved_countries: \"ZZ\" is not an ISO 3166-1 country code") {
		t.Fatalf("bad policy: %d %s", code, errs)
	}
	if preview := h.must("", "policy", "preview", "Acme", "approved_countries=FR"); !strings.Contains(preview, "with this change") {
		t.Fatalf("preview: %s", preview)
	}
	out := h.must("", "policy", "set", "Acme", "approved_countries=FR", "max_sessions=3")
	if !strings.Contains(out, "approved_countries") || !strings.Contains(out, "override") || !strings.Contains(out, "judged again") {
		t.Fatalf("policy set:\n%s", out)
	}
	var pol map[string]any
	if err := json.Unmarshal([]byte(h.must("", "policy", "show", "Acme", "--json")), &pol); err != nil {
		t.Fatal(err)
	}
	if fields := pol["fields"].([]any); fields[0].(map[string]any)["value"] != "FR" {
		t.Fatalf("policy show: %v", fields[0])
	}
	json.Unmarshal([]byte(h.must("", "flags", "--json")), &counts)
	if counts[0]["flagged"].(float64) <= before {
		t.Fatalf("flagged %v → %v after a stricter policy", before, counts[0]["flagged"])
	}
	if audit := h.must("", "audit", "--limit", "1"); !strings.Contains(audit, "policy.set") {
		t.Fatalf("audit:\n%s", audit)
	}
	if _, errs, code := h.run("", "policy", "show", "Nope"); code == 0 || !strings.Contains(errs, "Nope") {
		t.Fatalf("unknown connection: %d %s", code, errs)
	}
}

func TestReviewCommands(t *testing.T) {
	h := flaggedHarness(t)
	if out := h.must("", "review", "start", "--title", "Week 49"); !strings.Contains(out, "review 1 \"Week 49\" started") {
		t.Fatalf("start: %s", out)
	}
	var shown map[string]any
	if err := json.Unmarshal([]byte(h.must("", "review", "show", "1", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	items := shown["items"].([]any)
	first := items[0].(map[string]any)
	item := first["item"].(float64)
	out := h.must("", "review", "mark", "1", "--item", strconv.FormatInt(int64(item), 10),
		"--decision", "follow-up", "--note", "ask the user")
	if !strings.Contains(out, "1 of ") {
		t.Fatalf("mark: %s", out)
	}
	if _, errs, code := h.run("", "review", "mark", "1", "--item", "1", "--decision", "maybe"); code == 0 || !strings.Contains(errs, "not a review decision") {
		t.Fatalf("bad decision: %d %s", code, errs)
	}
	if _, errs, code := h.run("", "review", "close", "1"); code == 0 || !strings.Contains(errs, "reviewer") {
		t.Fatalf("close without reviewer: %d %s", code, errs)
	}
	if out := h.must("", "review", "close", "1", "--reviewer", "Alice Martin"); !strings.Contains(out, "read-only") {
		t.Fatalf("close: %s", out)
	}
	if _, errs, code := h.run("", "review", "mark", "1", "--item", "1", "--decision", "expected"); code == 0 || !strings.Contains(errs, "closed") {
		t.Fatalf("mark after close: %d %s", code, errs)
	}
	list := h.must("", "review", "list")
	if !strings.Contains(list, "Week 49") || !strings.Contains(list, "Alice Martin") || !strings.Contains(list, "1 of ") {
		t.Fatalf("list:\n%s", list)
	}
	if show := h.must("", "review", "show", "1"); !strings.Contains(show, "follow_up") || !strings.Contains(show, "ask the user") {
		t.Fatalf("show:\n%s", show)
	}
}
