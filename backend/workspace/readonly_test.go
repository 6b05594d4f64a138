package workspace

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/salesforce"
	sfsim "sessionscope/backend/source/sim/salesforce"
)

// untouchable fails the test on any use: a read-only workspace must never reach a keyring.
type untouchable struct{ t *testing.T }

func (u untouchable) Get(context.Context, string) (string, error) {
	u.t.Error("a read-only workspace read a secret")
	return "", secrets.ErrNoKeyring
}
func (u untouchable) Set(context.Context, string, string) error {
	u.t.Error("a read-only workspace wrote a secret")
	return secrets.ErrNoKeyring
}
func (u untouchable) Delete(context.Context, string) error {
	u.t.Error("a read-only workspace deleted a secret")
	return secrets.ErrNoKeyring
}
func (u untouchable) Describe() string { return "untouchable" }

// A folder filled by a normal workspace, opened read-only: every read answers as before, every
// write, server call and secret answers read_only, and nothing changes.
func TestReadOnlyWorkspaceServesReadsAndRefusesWrites(t *testing.T) {
	ctx := context.Background()
	sim := sfsim.New(sfsim.Config{Users: 40, Seed: 4})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	home := filepath.Join(t.TempDir(), "h")
	rw, err := Open(ctx, Options{Home: home, Secrets: secrets.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := rw.AddConnection(ctx, NewConnection{Kind: salesforce.Kind, Name: "Acme", URL: base,
		Options: map[string]string{salesforce.OptClientID: sim.Credentials().ClientID},
		Secrets: map[string]string{salesforce.SecretRefresh: sim.Credentials().RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := rw.Refresh(ctx, nil, func(Progress) {}); err != nil || res[0].State != StateDone {
		t.Fatalf("refresh: %+v %v", res, err)
	}
	if err := rw.SetPreference(ctx, "views", `[{"name":"mine"}]`); err != nil {
		t.Fatal(err)
	}
	rw.Close()

	ro, err := Open(ctx, Options{Home: home, ReadOnly: true, Secrets: untouchable{t}})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Fatal("ReadOnly() = false")
	}
	rows, total, err := ro.Query(ctx, session.Query{Sort: "username", Limit: 10})
	if err != nil || total != len(sim.ActiveSessionIDs()) || len(rows) != 10 {
		t.Fatalf("query on the read-only workspace: %d rows of %d (want %d), %v", len(rows), total, len(sim.ActiveSessionIDs()), err)
	}
	d, err := ro.Session(ctx, c.ID, rows[0].ID)
	if err != nil || d.Row.ID != rows[0].ID || d.Capabilities != (Capabilities{}) {
		t.Fatalf("detail: %+v, capabilities %+v, %v (a read-only workspace can do nothing on a server)", d.Row.Session.ID, d.Capabilities, err)
	}
	if v, err := ro.Preference(ctx, "views"); err != nil || v != `[{"name":"mine"}]` {
		t.Fatalf("saved views = %q, %v", v, err)
	}
	if got := ro.StoredSecrets(ctx, c); got[salesforce.SecretRefresh] {
		t.Fatalf("stored secrets = %v: a read-only workspace knows of none", got)
	}

	nc := NewConnection{Kind: salesforce.Kind, Name: "Other", URL: base, Options: map[string]string{salesforce.OptClientID: "x"}}
	refusals := map[string]error{}
	_, refusals["add"] = ro.AddConnection(ctx, nc)
	_, refusals["update"] = ro.UpdateConnection(ctx, c.ID, nc)
	refusals["remove"] = ro.RemoveConnection(ctx, c.ID)
	_, refusals["test"] = ro.TestConnection(ctx, c.ID)
	refusals["signin"] = ro.SignIn(ctx, c.ID, nil)
	_, refusals["refresh"] = ro.Refresh(ctx, nil, func(Progress) {})
	_, refusals["start refresh"] = ro.StartRefresh(nil, func(string) (func(Progress), func([]Progress, error)) {
		t.Error("a read-only workspace started a refresh job")
		return func(Progress) {}, func([]Progress, error) {}
	})
	_, _, refusals["signout"] = ro.SignOut(ctx, c.ID, rows[0].ID, "x")
	_, _, refusals["signout user"] = ro.SignOutUser(ctx, c.ID, rows[0].UserID, "x")
	refusals["demo"] = ro.OpenDemo(ctx)
	refusals["geo"] = ro.SetGeoDatabases(ctx, GeoDatabases{})
	refusals["theme"] = ro.SetTheme(ctx, ThemeDark)
	refusals["preference"] = ro.SetPreference(ctx, "views", "[]")
	_, _, refusals["login history"] = ro.LoginHistory(ctx, c.ID, rows[0].UserID, 5)
	_, refusals["client"] = ro.Client(ctx, c)
	for what, err := range refusals {
		if CodeOf(err) != session.CodeReadOnly {
			t.Errorf("%s on a read-only workspace: code %q (%v), want read_only", what, CodeOf(err), err)
		}
	}
	conns, _ := ro.Connections(ctx)
	if len(conns) != 1 || conns[0].Name != "Acme" || conns[0].Current == nil {
		t.Fatalf("the refused writes changed something: %+v", conns)
	}
	if entries, err := ro.Audit(ctx, 10); err != nil || len(entries) != 0 {
		t.Fatalf("refusals of a read-only workspace are not audited (it cannot write): %+v %v", entries, err)
	}
}

func TestReadOnlyNeedsExistingData(t *testing.T) {
	home := filepath.Join(t.TempDir(), "nothing-here")
	if _, err := Open(context.Background(), Options{Home: home, ReadOnly: true}); err == nil {
		t.Fatal("opened a read-only workspace on a folder without data")
	}
	if _, err := os.Stat(home); !os.IsNotExist(err) {
		t.Fatalf("opening read-only created the folder: %v", err)
	}
}
