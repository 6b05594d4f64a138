package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// AuditService reads, verifies and exports the audit trail.
type AuditService struct {
	ws      *workspace.Workspace
	dialogs Dialogs // native dialogs; nil until the window starts
}

// AuditView is one audit trail entry.
type AuditView struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	Connection string `json:"connection"`
	Target     string `json:"target"`
	Reason     string `json:"reason"`
	Result     string `json:"result"`
	Detail     string `json:"detail"`
}

// Entry limits of one read: the default, and at most.
const (
	auditDefault = 500
	auditMax     = 5000
)

// Entries returns the newest audit entries first (limit 0 or above 5000 = 500).
func (s *AuditService) Entries(limit int) ([]AuditView, error) {
	if limit <= 0 || limit > auditMax {
		limit = auditDefault
	}
	entries, err := s.ws.Audit(context.Background(), limit)
	if err != nil {
		return nil, err
	}
	return auditViews(entries), nil
}

// AuditQuery selects audit entries. Times are RFC 3339 ("" = open); to is exclusive.
type AuditQuery struct {
	Actor      string `json:"actor"`      // part of who did it
	Connection string `json:"connection"` // the org's name, exact
	Action     string `json:"action"`     // exact ("signout.session") or a family ("signout")
	Result     string `json:"result"`
	From       string `json:"from"`
	To         string `json:"to"`
	Text       string `json:"text"`     // part of the target, reason or detail
	BeforeID   int64  `json:"beforeId"` // paging: only entries older than this one
	Limit      int    `json:"limit"`    // 1–1000; 0 = 100
}

// AuditExport says where an export went and how many entries it holds ("" path = cancelled).
type AuditExport struct {
	Path    string `json:"path"`
	Entries int    `json:"entries"`
}

// Query returns a page of the audit trail, newest first.
func (s *AuditService) Query(q AuditQuery) ([]AuditView, error) {
	f, err := q.toFilter()
	if err != nil {
		return nil, err
	}
	entries, err := s.ws.AuditQuery(context.Background(), f)
	if err != nil {
		return nil, err
	}
	return auditViews(entries), nil
}

// Verify walks the whole hash chain and the head kept beside the database; when either does
// not hold, the result names the first bad entry and what happened to it.
func (s *AuditService) Verify() (workspace.AuditCheck, error) {
	return s.ws.CheckAudit(context.Background())
}

// ExportCSV asks where to save in a native dialog and writes the matching entries there as CSV
// (all of them when the query's limit is 0). Cancelling the dialog writes nothing.
func (s *AuditService) ExportCSV(q AuditQuery) (AuditExport, error) {
	if s.dialogs == nil {
		return AuditExport{}, errors.New("no window to show a save dialog in: use sessionscope audit --csv on the command line")
	}
	f, err := q.toFilter()
	if err != nil {
		return AuditExport{}, err
	}
	path, err := s.dialogs.SaveFile("Export the audit trail", "sessionscope-audit.csv", "*.csv")
	if err != nil || path == "" {
		return AuditExport{}, err
	}
	n, err := writeFileAtomically(path, func(w io.Writer) (int, error) { return s.ws.AuditCSV(context.Background(), w, f) })
	if err != nil {
		return AuditExport{}, err
	}
	return AuditExport{Path: path, Entries: n}, nil
}

// CSV returns the matching entries as CSV text, for a window without native dialogs (the
// browser the end-to-end test drives) to offer as a download.
func (s *AuditService) CSV(q AuditQuery) (string, error) {
	f, err := q.toFilter()
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if _, err := s.ws.AuditCSV(context.Background(), &buf, f); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func (q AuditQuery) toFilter() (workspace.AuditFilter, error) {
	f := workspace.AuditFilter{Actor: q.Actor, Connection: q.Connection, Action: q.Action, Result: q.Result, Text: q.Text,
		BeforeID: q.BeforeID, Limit: q.Limit}
	for _, t := range []struct {
		name, in string
		dst      *time.Time
	}{{"from", q.From, &f.From}, {"to", q.To, &f.To}} {
		if strings.TrimSpace(t.in) == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339, strings.TrimSpace(t.in))
		if err != nil {
			return f, &session.FilterError{Msg: fmt.Sprintf("%q is not a time for the audit's %q (use a date and time like 2026-11-23T09:00:00Z)", t.in, t.name)}
		}
		*t.dst = v
	}
	return f, nil
}

func auditViews(entries []session.AuditEntry) []AuditView {
	out := make([]AuditView, len(entries))
	for i, e := range entries {
		out[i] = AuditView{ID: e.ID, At: rfc3339(e.At), Actor: e.Actor, Action: e.Action, Connection: e.Connection,
			Target: e.Target, Reason: e.Reason, Result: e.Result, Detail: e.Detail}
	}
	return out
}

// writeFileAtomically writes beside path and renames over it only once everything was written,
// so a failed export never leaves a half file (or spoils an older one of that name).
func writeFileAtomically(path string, write func(io.Writer) (int, error)) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sessionscope-export-*")
	if err != nil {
		return 0, fmt.Errorf("cannot write beside %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	n, err := write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("the export was not saved: %w", err)
	}
	return n, nil
}
