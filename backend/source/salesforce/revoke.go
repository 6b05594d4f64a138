package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// MaxCollectionIDs is the sObject Collections delete limit per call.
const MaxCollectionIDs = 200

var sfID = regexp.MustCompile(`^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$`)

func checkRecordID(id string) error {
	if !sfID.MatchString(id) {
		return &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf("%q is not a Salesforce record id", id)}
	}
	return nil
}

// goneCodes mean the session no longer exists: for a sign-out that is success.
func gone(code string) bool { return code == "NOT_FOUND" || code == "ENTITY_IS_DELETED" }

// RevokeSession deletes one AuthSession (Setup ▸ Session Management ▸ Remove).
func (c *Client) RevokeSession(ctx context.Context, id string) (source.RevokeResult, error) {
	if err := checkRecordID(id); err != nil {
		return source.RevokeResult{SessionID: id}, err
	}
	_, err := c.do(ctx, http.MethodDelete, "/services/data/v"+c.version+"/sobjects/AuthSession/"+id, nil, nil)
	return source.Outcome(id, err, func(e *source.Error) bool { return gone(e.ServerCode) })
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
	if err := source.CheckBatch(ids, MaxCollectionIDs, checkRecordID); err != nil {
		return nil, err
	}
	path := "/services/data/v" + c.version + "/composite/sobjects?ids=" + strings.Join(ids, ",") + "&allOrNone=false"
	body, err := c.do(ctx, http.MethodDelete, path, nil, nil)
	if err != nil {
		return nil, err
	}
	var items []collectionResult
	if err := pace.Decode(body, "the bulk delete answer", &items); err != nil {
		return nil, err
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
	_ source.SessionRevoker = (*Client)(nil)
	_ source.BatchRevoker   = (*Client)(nil)
)
