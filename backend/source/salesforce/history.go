package salesforce

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"sessionscope/backend/source"
)

// LoginHistory reads a user's most recent logins from the LoginHistory object, newest first.
func (c *Client) LoginHistory(ctx context.Context, userID string, limit int) ([]source.LoginEvent, error) {
	if !sfID.MatchString(userID) {
		return nil, &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Salesforce user id", userID)}
	}
	limit = min(max(limit, 1), 200)
	soql := "SELECT LoginTime, Status, SourceIp, Browser, Platform, Application, LoginType FROM LoginHistory WHERE UserId = '" +
		userID + "' ORDER BY LoginTime DESC LIMIT " + strconv.Itoa(limit)
	var qp struct {
		Records []struct {
			LoginTime   string `json:"LoginTime"`
			Status      string `json:"Status"`
			SourceIP    string `json:"SourceIp"`
			Browser     string `json:"Browser"`
			Platform    string `json:"Platform"`
			Application string `json:"Application"`
			LoginType   string `json:"LoginType"`
		} `json:"records"`
	}
	if _, err := c.pacer.GetJSON(ctx, c.soql(soql, 0), "the login history", &qp); err != nil {
		return nil, err
	}
	out := make([]source.LoginEvent, 0, len(qp.Records))
	for _, r := range qp.Records {
		var parts []string
		for _, p := range []string{r.Browser, r.Platform, r.Application, r.LoginType} {
			if p != "" && p != "Unknown" {
				parts = append(parts, p)
			}
		}
		at, err := sfTime(r.LoginTime)
		if err != nil {
			return nil, &source.Error{Code: source.CodeBadResponse, Message: "the login history has " + err.Error()}
		}
		out = append(out, source.LoginEvent{At: at, Status: r.Status, SourceIP: r.SourceIP, Detail: strings.Join(parts, " · ")})
	}
	return out, nil
}

var _ source.LoginHistorian = (*Client)(nil)
