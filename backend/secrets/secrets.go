// Package secrets keeps credentials in the OS keyring (Secret Service, Keychain, Credential
// Manager) through go-keyring: one secret per entry, every call bounded by a timeout so a
// locked keyring cannot hang the app, and a plain error — never a plaintext fallback — when
// no keyring is available.
//
// Imported by backend/workspace only (tests and benchmarks aside): no other package reads or
// writes a secret, and none reaches the window, the command line, SQLite or a log.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"sessionscope/backend/source"
)

// Store holds secrets by account name.
type Store interface {
	Get(ctx context.Context, account string) (string, error)
	Set(ctx context.Context, account, value string) error
	Delete(ctx context.Context, account string) error
	Describe() string
}

// ErrNoKeyring means the OS has no usable keyring.
var ErrNoKeyring = errors.New("no OS keyring is available: on Linux install and start a Secret Service " +
	"(e.g. gnome-keyring) and unlock it; SessionScope never stores credentials anywhere else")

// ErrTimeout means the keyring did not answer in time (typically: locked, waiting for a prompt).
var ErrTimeout = errors.New("the OS keyring did not answer in time: it may be locked and waiting for its password prompt")

// Keyring is the OS keyring under one service name.
type Keyring struct {
	Service string
	Timeout time.Duration
}

// NewKeyring returns the OS keyring under service, with a 10 s timeout per call.
func NewKeyring(service string) *Keyring {
	return &Keyring{Service: service, Timeout: 10 * time.Second}
}

// Describe names the backend for the About box.
func (k *Keyring) Describe() string { return "OS keyring (service " + k.Service + ")" }

// call runs fn in its own goroutine so a hung keyring only costs the timeout.
func (k *Keyring) call(ctx context.Context, fn func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := fn()
		ch <- result{v, err}
	}()
	t := time.NewTimer(k.Timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, mapErr(r.err)
	case <-t.C:
		return "", ErrTimeout
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, keyring.ErrNotFound) {
		return source.ErrSecretNotFound
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "org.freedesktop.secrets was not provided"),
		strings.Contains(msg, "The name is not activatable"),
		strings.Contains(msg, "DBUS_SESSION_BUS_ADDRESS"),
		strings.Contains(msg, "dbus"):
		return fmt.Errorf("%w (%s)", ErrNoKeyring, msg)
	case strings.Contains(msg, "failed to unlock"):
		return fmt.Errorf("the OS keyring is locked: unlock it and try again (%s)", msg)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("the secret is too large for the OS keyring")
	}
	return fmt.Errorf("OS keyring: %w", err)
}

// Get reads a secret.
func (k *Keyring) Get(ctx context.Context, account string) (string, error) {
	return k.call(ctx, func() (string, error) { return keyring.Get(k.Service, account) })
}

// Set writes a secret.
func (k *Keyring) Set(ctx context.Context, account, value string) error {
	_, err := k.call(ctx, func() (string, error) { return "", keyring.Set(k.Service, account, value) })
	return err
}

// Delete removes a secret; a missing one is not an error.
func (k *Keyring) Delete(ctx context.Context, account string) error {
	_, err := k.call(ctx, func() (string, error) { return "", keyring.Delete(k.Service, account) })
	if errors.Is(err, source.ErrSecretNotFound) {
		return nil
	}
	return err
}

// Memory keeps secrets in process memory only. The demo workspace uses it for the built-in
// simulators' throwaway credentials, and tests that are not about the keyring use it too.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{m: map[string]string{}} }

// Describe names the backend.
func (m *Memory) Describe() string { return "in memory (demo)" }

// Get reads a secret.
func (m *Memory) Get(_ context.Context, account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[account]
	if !ok {
		return "", source.ErrSecretNotFound
	}
	return v, nil
}

// Set writes a secret.
func (m *Memory) Set(_ context.Context, account, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[account] = value
	return nil
}

// Delete removes a secret.
func (m *Memory) Delete(_ context.Context, account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, account)
	return nil
}

// ForConnection scopes a store to one connection's secrets, as the connector contract wants.
func ForConnection(s Store, connectionID int64) source.Secrets {
	return connSecrets{s: s, prefix: fmt.Sprintf("connection-%d/", connectionID)}
}

// Account is the keyring account name of one secret of one connection.
func Account(connectionID int64, name string) string {
	return fmt.Sprintf("connection-%d/%s", connectionID, name)
}

type connSecrets struct {
	s      Store
	prefix string
}

func (c connSecrets) Get(ctx context.Context, name string) (string, error) {
	return c.s.Get(ctx, c.prefix+name)
}

func (c connSecrets) Set(ctx context.Context, name, value string) error {
	return c.s.Set(ctx, c.prefix+name, value)
}
