package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"sessionscope/backend/source"
)

// queryAll runs a small SOQL query (ids of one user's sessions, logins or OAuth grants) and
// hands each record to each, following nextRecordsUrl to the end. what names the records in
// errors.
func (c *Client) queryAll(ctx context.Context, soql, what string, each func(json.RawMessage) error) error {
	path := "/services/data/v" + c.version + "/query?q=" + url.QueryEscape(soql)
	seen := map[string]bool{}
	for n := 1; path != ""; n++ {
		body, err := c.do(ctx, http.MethodGet, path, nil, nil)
		if err != nil {
			return err
		}
		var qp queryPage
		if err := json.Unmarshal(body, &qp); err != nil {
			return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("the %s list is not valid JSON: %v", what, err)}
		}
		for _, r := range qp.Records {
			if err := each(r); err != nil {
				return err
			}
		}
		path = ""
		if !qp.Done {
			if err := checkNext(qp.NextRecordsURL, seen, n, qp.TotalSize); err != nil {
				return err
			}
			path = qp.NextRecordsURL
		}
	}
	return nil
}
