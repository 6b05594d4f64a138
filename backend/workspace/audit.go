package workspace

import (
	"context"
	"fmt"

	"sessionscope/backend/session"
)

// Audit results besides the revoke outcomes.
const (
	resultRequested = "requested" // written before the server is asked, so a crash leaves a trace
	resultRefused   = "refused"   // refused here, the server was not asked
)

// audit appends an entry; it is written even when the caller has gone away.
func (w *Workspace) audit(ctx context.Context, e session.AuditEntry) (session.AuditEntry, error) {
	e.Actor = w.opts.Actor
	return w.st.AppendAudit(context.WithoutCancel(ctx), e)
}

// refuse records a refused action in the audit trail and returns the refusal.
func (w *Workspace) refuse(ctx context.Context, e session.AuditEntry, ce *CodedError) error {
	e.Result, e.Detail = resultRefused, ce.Msg
	if _, err := w.audit(ctx, e); err != nil {
		return fmt.Errorf("%s (and writing the audit entry failed: %v)", ce.Msg, err)
	}
	return ce
}

// Audit returns the newest audit entries first, at most limit of them.
func (w *Workspace) Audit(ctx context.Context, limit int) ([]session.AuditEntry, error) {
	return w.st.Audit(ctx, limit)
}

// VerifyAudit checks the hash chain of the whole audit trail: an error names the first entry
// that was changed or removed.
func (w *Workspace) VerifyAudit(ctx context.Context) error { return w.st.VerifyAudit(ctx) }
