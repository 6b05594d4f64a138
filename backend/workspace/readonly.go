package workspace

import (
	"context"

	"sessionscope/backend/session"
)

// ReadOnly reports whether the workspace was opened read-only (see the package comment).
func (w *Workspace) ReadOnly() bool { return w.opts.ReadOnly }

// refuseWrite is nil on a workspace that may change things, and the read_only refusal of
// what (a phrase: "refreshing", "signing out") on a read-only one.
func (w *Workspace) refuseWrite(what string) error {
	if !w.opts.ReadOnly {
		return nil
	}
	return &CodedError{session.CodeReadOnly, "this workspace is open read-only: " + what + " is not possible here"}
}

// noSecrets is the secret store of a read-only workspace: it holds nothing and keeps nothing,
// so no keyring is ever opened.
type noSecrets struct{}

func (noSecrets) Get(context.Context, string) (string, error) { return "", errNoSecrets }
func (noSecrets) Set(context.Context, string, string) error   { return errNoSecrets }
func (noSecrets) Delete(context.Context, string) error        { return errNoSecrets }
func (noSecrets) Describe() string                            { return "none (read-only workspace)" }

var errNoSecrets = &CodedError{session.CodeReadOnly, "a read-only workspace keeps no secrets"}
