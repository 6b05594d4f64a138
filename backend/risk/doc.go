// Package risk decides which sessions look suspicious: the per-connection policy (defaults,
// the server's own session settings, the admin's overrides, validated field by field), the
// rules that turn a snapshot's sessions into flags that explain themselves, and the per-user
// history (devices, locations, each session's network) that "new device", "new location" and
// "session drift" are judged against.
//
// It is pure: no SQL, no network, no clock of its own. The store streams a snapshot's sessions
// into an Engine one user at a time and keeps what comes out; the workspace resolves policies.
// Imported by backend/store and backend/workspace only; the window and the command line reach
// it through the workspace.
package risk
