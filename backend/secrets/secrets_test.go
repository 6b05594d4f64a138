package secrets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"sessionscope/backend/source"
)

// realKeyring returns the OS keyring under a test-only service name. `make test` runs the Go
// tests inside tools/with-keyring.sh (a throwaway gnome-keyring), which sets
// SESSIONSCOPE_KEYRING_TESTS=1; outside it these tests skip rather than touch a real keyring.
func realKeyring(t *testing.T) *Keyring {
	t.Helper()
	if os.Getenv("SESSIONSCOPE_KEYRING_TESTS") != "1" {
		t.Skip("run under tools/with-keyring.sh (make test) to use a real Secret Service")
	}
	return &Keyring{Service: fmt.Sprintf("sessionscope-test-%d", time.Now().UnixNano()), Timeout: 10 * time.Second}
}

func TestKeyringRoundTrip(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	sec := ForConnection(k, 42)
	if _, err := sec.Get(ctx, "refresh_token"); !errors.Is(err, source.ErrSecretNotFound) {
		t.Fatalf("missing secret: want ErrSecretNotFound, got %v", err)
	}
	if err := sec.Set(ctx, "refresh_token", "5Aep861-secret"); err != nil {
		t.Fatal(err)
	}
	got, err := sec.Get(ctx, "refresh_token")
	if err != nil || got != "5Aep861-secret" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	other := ForConnection(k, 43)
	if _, err := other.Get(ctx, "refresh_token"); !errors.Is(err, source.ErrSecretNotFound) {
		t.Fatal("one connection's secret must not be visible to another")
	}
	if err := k.Delete(ctx, Account(42, "refresh_token")); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(ctx, Account(42, "refresh_token")); err != nil {
		t.Fatalf("deleting a missing secret is not an error: %v", err)
	}
	if _, err := sec.Get(ctx, "refresh_token"); !errors.Is(err, source.ErrSecretNotFound) {
		t.Fatal("deleted secret still readable")
	}
}

func TestHungKeyringTimesOut(t *testing.T) {
	k := &Keyring{Service: "x", Timeout: 50 * time.Millisecond}
	release := make(chan struct{})
	defer close(release)
	_, err := k.call(context.Background(), func() (string, error) { <-release; return "", nil })
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("a keyring that never answers must time out, got %v", err)
	}
}

func TestMissingSecretServiceIsAClearError(t *testing.T) {
	err := mapErr(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	if !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("want ErrNoKeyring, got %v", err)
	}
	if err := mapErr(errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")); err == nil ||
		!strings.Contains(err.Error(), "locked") {
		t.Fatalf("locked keyring message: %v", err)
	}
}
