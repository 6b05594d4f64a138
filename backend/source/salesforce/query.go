package salesforce

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"sessionscope/backend/source/pace"
)

// soql is the first page of a SOQL query; batch, when positive, asks for that many records
// a page (Salesforce may send fewer).
func (c *Client) soql(query string, batch int) pace.Request {
	r := pace.Request{Method: http.MethodGet, URL: "/services/data/v" + c.version + "/query", Query: url.Values{"q": {query}}}
	if batch > 0 {
		r.Header = http.Header{"Sforce-Query-Options": {"batchSize=" + strconv.Itoa(batch)}}
	}
	return r
}

// queryAll runs a small SOQL query (ids of one user's sessions, logins or OAuth grants) and
// hands each record to each, following nextRecordsUrl to the end. what names the records in
// errors.
func (c *Client) queryAll(ctx context.Context, soql, what string, each func(json.RawMessage) error) error {
	req := c.soql(soql, 0)
	seen := map[string]bool{}
	for n := 1; req.URL != ""; n++ {
		var qp queryPage
		if _, err := c.pacer.GetJSON(ctx, req, "the "+what+" list", &qp); err != nil {
			return err
		}
		for _, r := range qp.Records {
			if err := each(r); err != nil {
				return err
			}
		}
		req = pace.Request{}
		if !qp.Done {
			if err := checkNext(qp.NextRecordsURL, seen, n, qp.TotalSize); err != nil {
				return err
			}
			req.URL = qp.NextRecordsURL
		}
	}
	return nil
}
