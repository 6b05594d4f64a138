package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"sessionscope/backend/source"
)

// MaxCollectionIDs is the sObject Collections delete limit per call.
const MaxCollectionIDs = 200

var sfID = regexp.MustCompile(`^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$`)

// goneCodes mean the session no longer exists: for a sign-out that is success.
func gone(code string) bool { return code == "NOT_FOUND" || code == "ENTITY_IS_DELETED" }

// RevokeSession deletes one AuthSession (Setup ▸ Session Management ▸ Remove).
func (c *Client) RevokeSession(ctx context.Context, id string) (source.RevokeResult, error) {
	res := source.RevokeResult{SessionID: id}
	if !sfID.MatchString(id) {
		return res, &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Salesforce record id", id)}
	}
	_, err := c.do(ctx, http.MethodDelete, "/services/data/v"+c.version+"/sobjects/AuthSession/"+id, nil, nil)
	var se *source.Error
	switch {
	case err == nil:
		res.Outcome = source.Ended
		return res, nil
	case errors.As(err, &se) && gone(se.ServerCode):
		res.Outcome, res.Message = source.AlreadyGone, se.Message
		return res, nil
	case errors.As(err, &se) && se.Code != source.CodeAuth && se.Code != source.CodeRateLimit && se.Code != source.CodeUnavailable:
		// The server refused this one session; report it on the session, not as a failed call.
		res.Outcome, res.Message = source.Failed, se.Error()
		return res, nil
	default:
		return res, err
	}
}

type collectionResult struct {
	ID      string `json:"id"`
	Success bool   `json:"success"`
	Errors  []struct {
		StatusCode string `json:"statusCode"`
		Message    string `json:"message"`
	} `json:"errors"`
}

// RevokeSessions deletes up to MaxCollectionIDs sessions in one sObject Collections call
// (allOrNone=false: each id gets its own result).
func (c *Client) RevokeSessions(ctx context.Context, ids []string) ([]source.RevokeResult, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > MaxCollectionIDs {
		return nil, fmt.Errorf("at most %d sessions per call, got %d", MaxCollectionIDs, len(ids))
	}
	for _, id := range ids {
		if !sfID.MatchString(id) {
			return nil, &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Salesforce record id", id)}
		}
	}
	path := "/services/data/v" + c.version + "/composite/sobjects?ids=" + strings.Join(ids, ",") + "&allOrNone=false"
	body, err := c.do(ctx, http.MethodDelete, path, nil, nil)
	if err != nil {
		return nil, err
	}
	var items []collectionResult
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, &source.Error{Code: source.CodeBadResponse, Message: "the bulk delete answer is not valid JSON: " + err.Error()}
	}
	byID := make(map[string]collectionResult, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	out := make([]source.RevokeResult, len(ids))
	for i, id := range ids {
		it, ok := byID[id]
		out[i] = source.RevokeResult{SessionID: id}
		switch {
		case !ok:
			out[i].Outcome, out[i].Message = source.Failed, "the server gave no result for this session"
		case it.Success:
			out[i].Outcome = source.Ended
		case len(it.Errors) > 0 && gone(it.Errors[0].StatusCode):
			out[i].Outcome, out[i].Message = source.AlreadyGone, it.Errors[0].Message
		default:
			out[i].Outcome = source.Failed
			if len(it.Errors) > 0 {
				out[i].Message = it.Errors[0].StatusCode + ": " + it.Errors[0].Message
			}
		}
	}
	return out, nil
}

// MaxBatch is the sObject Collections limit.
func (c *Client) MaxBatch() int { return MaxCollectionIDs }

var (
	_ source.Client         = (*Client)(nil)
	_ source.SessionRevoker = (*Client)(nil)
	_ source.BatchRevoker   = (*Client)(nil)
	_ source.Identity       = (*Client)(nil)
	_ source.RateLimited    = (*Client)(nil)
)
