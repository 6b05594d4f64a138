package keycloak

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/source"
)

// event is EventRepresentation.
type event struct {
	Time      int64             `json:"time"`
	Type      string            `json:"type"`
	ClientID  string            `json:"clientId"`
	SessionID string            `json:"sessionId"`
	IPAddress string            `json:"ipAddress"`
	Error     string            `json:"error"`
	Details   map[string]string `json:"details"`
}

// LoginHistory reads a user's recent LOGIN and LOGIN_ERROR events, newest first. Keycloak only
// has them when the realm saves user events (Realm settings ▸ Events).
func (c *Client) LoginHistory(ctx context.Context, userID string, limit int) ([]source.LoginEvent, error) {
	if err := checkID("user", userID); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	q := url.Values{"user": {userID}, "type": {"LOGIN", "LOGIN_ERROR"}, "first": {"0"}, "max": {strconv.Itoa(limit)}}
	var evs []event
	if err := c.getJSON(ctx, c.adminPath("events"), q, &evs); err != nil {
		return nil, c.withHint(err, "view-events")
	}
	if len(evs) == 0 {
		if rs, err := c.realmSettings(ctx); err == nil && rs.eventsKnown && !rs.eventsEnabled {
			return nil, &source.Error{Code: source.CodeBadRequest,
				Message: "the realm does not save login events: turn on Realm settings ▸ Events ▸ User events settings ▸ Save events"}
		}
	}
	out := make([]source.LoginEvent, 0, len(evs))
	for _, e := range evs {
		le := source.LoginEvent{At: time.UnixMilli(e.Time).UTC(), Status: "Success", SourceIP: e.IPAddress}
		if e.Type != "LOGIN" {
			le.Status = e.Error
			if le.Status == "" {
				le.Status = e.Type
			}
		}
		le.Detail = eventDetail(e)
		out = append(out, le)
	}
	return out, nil
}

// eventDetail summarises where and how the login happened.
func eventDetail(e event) string {
	parts := []string{}
	if e.ClientID != "" {
		parts = append(parts, "client "+e.ClientID)
	}
	if v := e.Details["auth_type"]; v != "" {
		parts = append(parts, "flow "+v)
	}
	if v := e.Details["identity_provider"]; v != "" {
		parts = append(parts, "via "+v)
	}
	if e.Details["remember_me"] == "true" {
		parts = append(parts, "remember me")
	}
	if v := e.Details["username"]; v != "" && e.Type != "LOGIN" {
		parts = append(parts, "as "+v)
	}
	return strings.Join(parts, ", ")
}

var _ source.LoginHistorian = (*Client)(nil)
