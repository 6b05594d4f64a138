package auth0

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// logTypes names the log event types a login history shows (Auth0's short codes).
var logTypes = map[string]string{
	"s":               "Success",
	"ssa":             "Success (silent auth)",
	"f":               "Failed login",
	"fp":              "Invalid Password",
	"fu":              "Invalid Username",
	"fc":              "Failed connector login",
	"fsa":             "Failed silent auth",
	"gd_auth_succeed": "MFA succeeded",
	"gd_auth_failed":  "MFA failed",
	"limit_wc":        "Blocked: too many failed logins",
	"limit_mu":        "Blocked IP: too many attempts",
	"slo":             "Logout",
	"flo":             "Failed logout",
}

type logEvent struct {
	Date       json.RawMessage `json:"date"`
	Type       string          `json:"type"`
	IP         string          `json:"ip"`
	UserAgent  string          `json:"user_agent"`
	ClientName string          `json:"client_name"`
	Connection string          `json:"connection"`
	Location   *struct {
		CityName    string `json:"city_name"`
		CountryCode string `json:"country_code"`
	} `json:"location_info"`
}

// LoginHistory reads the user's newest log events (GET /api/v2/users/{id}/logs, newest
// first, 100 a page) up to limit.
func (c *Client) LoginHistory(ctx context.Context, userID string, limit int) ([]source.LoginEvent, error) {
	if userID == "" {
		return nil, &source.Error{Code: source.CodeBadRequest, Message: "no user id given"}
	}
	if limit <= 0 {
		limit = 50
	}
	var out []source.LoginEvent
	for page := 0; len(out) < limit; page++ {
		per := min(100, limit-len(out))
		q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(per)}, "sort": {"date:-1"}}
		var events []logEvent
		_, err := c.pacer.GetJSON(ctx, pace.Request{URL: pace.Path("/api/v2/users", userID, "logs"), Query: q}, "the log events", &events)
		if err != nil {
			return nil, fmt.Errorf("login history of %s: %w", userID, err)
		}
		for _, ev := range events {
			out = append(out, mapLogEvent(ev))
		}
		if len(events) < per {
			break
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func mapLogEvent(ev logEvent) source.LoginEvent {
	at, _ := parseDate(ev.Date)
	status := logTypes[ev.Type]
	if status == "" {
		status = ev.Type
	}
	var detail []string
	d := describeAgent(ev.UserAgent)
	if agent := strings.Join(nonEmpty(d.Browser, d.Platform), " on "); agent != "" {
		detail = append(detail, agent)
	} else if ev.UserAgent != "" {
		detail = append(detail, ev.UserAgent)
	}
	if ev.ClientName != "" {
		detail = append(detail, ev.ClientName)
	}
	if ev.Connection != "" {
		detail = append(detail, "via "+ev.Connection)
	}
	if l := ev.Location; l != nil && (l.CityName != "" || l.CountryCode != "") {
		detail = append(detail, strings.Trim(l.CityName+", "+l.CountryCode, ", "))
	}
	return source.LoginEvent{At: at, Status: status, SourceIP: ev.IP, Detail: strings.Join(detail, " · ")}
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

var _ source.LoginHistorian = (*Client)(nil)
