package workspace

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"sessionscope/backend/jobs"
	"sessionscope/backend/secrets"
	"sessionscope/backend/session"
	"sessionscope/backend/source/salesforce"
)

// brokenKeyring refuses every write, like a locked or missing Secret Service.
type brokenKeyring struct{ secrets.Memory }

func (b *brokenKeyring) Set(context.Context, string, string) error { return secrets.ErrNoKeyring }

func open(t *testing.T, sec secrets.Store) *Workspace {
	t.Helper()
	ws, err := Open(context.Background(), Options{Home: filepath.Join(t.TempDir(), "h"), Secrets: sec})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func TestAddConnectionLeavesNothingWhenTheKeyringRefuses(t *testing.T) {
	ws := open(t, &brokenKeyring{})
	_, err := ws.AddConnection(context.Background(), NewConnection{Kind: salesforce.Kind, Name: "Acme",
		URL: "https://acme.my.salesforce.com", Options: map[string]string{salesforce.OptClientID: "k"},
		Secrets: map[string]string{salesforce.SecretRefresh: "tok"}})
	if !errors.Is(err, secrets.ErrNoKeyring) {
		t.Fatalf("want the keyring error, got %v", err)
	}
	conns, _ := ws.Connections(context.Background())
	if len(conns) != 0 {
		t.Fatalf("a connection without its secret was left behind: %+v", conns)
	}
}

func TestAddConnectionRefusesSecretsAsOptionsAndUnknownKinds(t *testing.T) {
	ws := open(t, secrets.NewMemory())
	ctx := context.Background()
	base := NewConnection{Kind: salesforce.Kind, Name: "Acme", URL: "https://acme.my.salesforce.com"}
	c := base
	c.Options = map[string]string{salesforce.OptClientID: "k", salesforce.SecretRefresh: "tok"}
	if _, err := ws.AddConnection(ctx, c); err == nil || !strings.Contains(err.Error(), "is a secret") {
		t.Fatalf("a secret passed as an option must be refused: %v", err)
	}
	c = base
	c.Options = map[string]string{salesforce.OptClientID: "k"}
	c.Kind = "okta"
	if _, err := ws.AddConnection(ctx, c); err == nil || !strings.Contains(err.Error(), "unknown connection kind") {
		t.Fatalf("unknown kind: %v", err)
	}
}

func TestRemoveConnectionDeletesItsKeyringEntries(t *testing.T) {
	mem := secrets.NewMemory()
	ws := open(t, mem)
	ctx := context.Background()
	c, err := ws.AddConnection(ctx, NewConnection{Kind: salesforce.Kind, Name: "Acme", URL: "https://acme.my.salesforce.com",
		Options: map[string]string{salesforce.OptClientID: "k"}, Secrets: map[string]string{salesforce.SecretRefresh: "tok"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := mem.Get(ctx, secrets.Account(c.ID, salesforce.SecretRefresh)); v != "tok" {
		t.Fatal("the refresh token did not reach the keyring")
	}
	if err := ws.RemoveConnection(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Get(ctx, secrets.Account(c.ID, salesforce.SecretRefresh)); err == nil {
		t.Fatal("the refresh token outlived its connection")
	}
}

func TestNeedsSignInIsSkippedByRefreshAllUntilTheCredentialIsReplaced(t *testing.T) {
	mem := secrets.NewMemory()
	ws := open(t, mem)
	ctx := context.Background()
	c, err := ws.AddConnection(ctx, NewConnection{Kind: salesforce.Kind, Name: "Acme", URL: "http://127.0.0.1:9",
		Options: map[string]string{salesforce.OptClientID: "k"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.st.SetConnectionStatus(ctx, c.ID, session.StatusNeedsSignIn, "expired access/refresh token"); err != nil {
		t.Fatal(err)
	}
	res, err := ws.Refresh(ctx, nil, func(jobs.Progress) {})
	if err != nil || res[0].State != jobs.StateFailed || !strings.Contains(res[0].Err.Error(), "needs a new sign-in") {
		t.Fatalf("refresh all must skip a connection that needs sign-in: %+v %v", res, err)
	}
	if _, err := ws.UpdateConnection(ctx, c.ID, NewConnection{Name: "Acme", URL: "http://127.0.0.1:9",
		Options: map[string]string{salesforce.OptClientID: "k"}, Secrets: map[string]string{salesforce.SecretRefresh: "new"}}); err != nil {
		t.Fatal(err)
	}
	got, _ := ws.st.Connection(ctx, c.ID)
	if got.Status != session.StatusNever {
		t.Fatalf("after a new credential the status is %q, want never", got.Status)
	}
	if v, _ := mem.Get(ctx, secrets.Account(c.ID, salesforce.SecretRefresh)); v != "new" {
		t.Fatal("the replacement refresh token did not reach the keyring")
	}
}
