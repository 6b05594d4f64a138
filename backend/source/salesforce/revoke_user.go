package salesforce

import (
	"context"
	"encoding/json"
	"fmt"

	"sessionscope/backend/source"
)

// RevokeUserSessions ends every session of one user. Salesforce has no single call for it:
// query the user's AuthSession ids, then delete them 200 at a time. The caller's own session
// family (IsCurrent) is never included, so signing out a user never signs the app out.
func (c *Client) RevokeUserSessions(ctx context.Context, userID string) (source.UserRevokeResult, error) {
	res := source.UserRevokeResult{UserID: userID, Ended: 0}
	if !sfID.MatchString(userID) {
		return res, &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Salesforce user id", userID)}
	}
	soql := "SELECT Id FROM AuthSession WHERE UsersId = '" + userID + "' AND IsCurrent = false"
	var ids []string
	err := c.queryAll(ctx, soql, "user's session", func(raw json.RawMessage) error {
		var r struct {
			ID string `json:"Id"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return &source.Error{Code: source.CodeBadResponse, Message: "the user's session list is not valid JSON: " + err.Error()}
		}
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		return res, err
	}
	if len(ids) == 0 {
		res.Outcome = source.AlreadyGone
		return res, nil
	}
	failed := 0
	for start := 0; start < len(ids); start += MaxCollectionIDs {
		batch, err := c.RevokeSessions(ctx, ids[start:min(start+MaxCollectionIDs, len(ids))])
		if err != nil {
			return res, err
		}
		for _, r := range batch {
			switch r.Outcome {
			case source.Ended:
				res.Ended++
			case source.Failed:
				failed++
				res.Message = r.Message
			}
		}
	}
	res.Outcome = source.Ended
	if failed > 0 {
		res.Outcome = source.Failed
		res.Message = fmt.Sprintf("%d of %d sessions could not be ended: %s", failed, len(ids), res.Message)
	}
	return res, nil
}

var _ source.UserRevoker = (*Client)(nil)
