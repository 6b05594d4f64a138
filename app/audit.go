package app

import (
	"context"

	"sessionscope/backend/workspace"
)

// AuditService reads the audit trail.
type AuditService struct{ ws *workspace.Workspace }

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
	out := make([]AuditView, len(entries))
	for i, e := range entries {
		out[i] = AuditView{ID: e.ID, At: rfc3339(e.At), Actor: e.Actor, Action: e.Action, Connection: e.Connection,
			Target: e.Target, Reason: e.Reason, Result: e.Result, Detail: e.Detail}
	}
	return out, nil
}
