package app

import (
	"context"
	"strings"

	"sessionscope/backend/workspace"
)

// SignOutService ends sessions on their servers.
type SignOutService struct{ ws *workspace.Workspace }

// SignOutRequest ends one session.
type SignOutRequest struct {
	ConnectionID int64  `json:"connectionId"`
	SessionID    string `json:"sessionId"`
	Reason       string `json:"reason"`
}

// SignOutResult is what happened.
type SignOutResult struct {
	SessionID string `json:"sessionId"`
	Outcome   string `json:"outcome"` // ended | already_gone | failed
	Message   string `json:"message"`
	AuditID   int64  `json:"auditId"`
}

// SignOutSession ends one session on its server and writes an audit entry.
func (s *SignOutService) SignOutSession(req SignOutRequest) (SignOutResult, error) {
	res, entry, err := s.ws.SignOut(context.Background(), req.ConnectionID, req.SessionID, strings.TrimSpace(req.Reason))
	if err != nil {
		return SignOutResult{}, err
	}
	return SignOutResult{SessionID: res.SessionID, Outcome: string(res.Outcome), Message: res.Message, AuditID: entry.ID}, nil
}
