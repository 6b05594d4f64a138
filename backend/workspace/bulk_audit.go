package workspace

import (
	"context"
	"io"
	"strconv"
	"strings"

	"sessionscope/backend/session"
	"sessionscope/backend/store"
)

// AuditQuery returns a page of the audit trail, newest first, filtered by who, when, org,
// action, result or text.
func (w *Workspace) AuditQuery(ctx context.Context, f store.AuditFilter) ([]session.AuditEntry, error) {
	entries, err := w.st.AuditQuery(ctx, f)
	if entries == nil {
		entries = []session.AuditEntry{}
	}
	return entries, err
}

// AuditCSV writes the entries matching f as CSV and returns how many it wrote. The export is
// itself an audited action.
func (w *Workspace) AuditCSV(ctx context.Context, out io.Writer, f store.AuditFilter) (int, error) {
	n, err := w.st.WriteAuditCSV(ctx, out, f)
	result := "exported"
	detail := ""
	if err != nil {
		result, detail = "failed", err.Error()
	}
	if _, aerr := w.audit(ctx, session.AuditEntry{Action: "audit.export", Target: auditFilterText(f), Result: result,
		Detail: strings.TrimSpace(entriesText(n) + " " + detail)}); aerr != nil && err == nil {
		err = aerr
	}
	return n, err
}

func entriesText(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return strconv.Itoa(n) + " entries"
}

func auditFilterText(f store.AuditFilter) string {
	s := "audit entries"
	for _, p := range []struct{ k, v string }{{"who", f.Actor}, {"org", f.Connection}, {"action", f.Action},
		{"result", f.Result}, {"text", f.Text}} {
		if p.v != "" {
			s += " " + p.k + "=" + p.v
		}
	}
	if !f.From.IsZero() {
		s += " from=" + f.From.UTC().Format("2006-01-02T15:04:05Z")
	}
	if !f.To.IsZero() {
		s += " to=" + f.To.UTC().Format("2006-01-02T15:04:05Z")
	}
	return s
}

// CheckAudit verifies the whole chain and the head kept beside the database, naming the first
// bad entry (edited, inserted, deleted, cut off) when either does not hold.
func (w *Workspace) CheckAudit(ctx context.Context) (store.AuditCheck, error) {
	return w.st.CheckAudit(ctx)
}
