package auth0

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// searchCap is how far page/per_page can reach into one user search: Auth0 answers
// 400 invalid_paging beyond the first 1000 results (apis.md §4.2).
const searchCap = 1000

// usersPage is a user search answer with include_totals=true.
type usersPage struct {
	Start  int               `json:"start"`
	Limit  int               `json:"limit"`
	Length int               `json:"length"`
	Total  int               `json:"total"`
	Users  []json.RawMessage `json:"users"`
}

// eachUserPage walks every user of the tenant, one search page at a time, in created_at order.
//
// Why this way: page/per_page stops at 1000 results and there is no checkpoint paging on
// /api/v2/users. The export job (POST /api/v2/jobs/users-exports) covers any size but is
// asynchronous, takes minutes, needs its file downloaded from elsewhere and is limited to a
// couple of concurrent jobs per tenant — too slow for a refresh. So the search is sorted by
// created_at and cut into windows of at most 1000 results: each window asks for
// created_at:[<last created_at seen> TO *] and pages through it with page/per_page; users
// created at exactly the boundary instant, already seen, are skipped. Each window stays
// within the documented cap and the whole tenant is covered. Only if more than 1000 users
// share one created_at instant can this not advance; that is reported, not looped on.
func (c *Client) eachUserPage(ctx context.Context, fn func([]userRec) error) error {
	lower := ""               // created_at of the window's start, as the server wrote it
	var lowerT time.Time      // the same instant, parsed
	skip := map[string]bool{} // users at lowerT already handed out
	for window := 1; ; window++ {
		inWindow := 0
		lastRaw, lastT, atLast := "", time.Time{}, map[string]bool{}
		for page := 0; page*c.perPage < searchCap; page++ {
			up, err := c.userPage(ctx, lower, page)
			if err != nil {
				return fmt.Errorf("list users (window %d, page %d): %w", window, page+1, err)
			}
			fresh := make([]userRec, 0, len(up.Users))
			for _, raw := range up.Users {
				var u userRec
				if err := json.Unmarshal(raw, &u); err != nil || u.ID == "" {
					return &source.Error{Code: source.CodeBadResponse,
						Message: fmt.Sprintf("the user search (window %d, page %d) returned a user without user_id", window, page+1)}
				}
				t, err := parseDate(u.CreatedAt)
				if err != nil {
					return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("user %s: created_at: %v", u.ID, err)}
				}
				if t.Equal(lastT) && lastRaw != "" {
					atLast[u.ID] = true
				} else {
					lastRaw, lastT, atLast = createdBound(u.CreatedAt, t), t, map[string]bool{u.ID: true}
				}
				if t.Equal(lowerT) && skip[u.ID] {
					continue
				}
				fresh = append(fresh, u)
			}
			if len(fresh) > 0 {
				if err := fn(fresh); err != nil {
					return err
				}
			}
			inWindow += len(up.Users)
			if inWindow >= searchCap {
				break // this window is used up; the next one starts where it ended
			}
			if len(up.Users) < c.perPage || (up.Total > 0 && inWindow >= up.Total) {
				return nil
			}
		}
		if lastRaw == "" {
			return nil
		}
		if lower != "" && lastT.Equal(lowerT) {
			return &source.Error{Code: source.CodeBadRequest, Message: fmt.Sprintf(
				"more than %d users were created at the same instant (%s): the user search cannot page past them; "+
					"Auth0's user export job is the only way to list such a tenant", searchCap, lastRaw)}
		}
		lower, lowerT, skip = lastRaw, lastT, atLast
	}
}

// createdBound is the created_at value to put in the next window's range query: the string
// as the server sent it, or the parsed instant when it came in another shape.
func createdBound(raw json.RawMessage, t time.Time) string {
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		return s
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// userPage fetches one page of the user search, restricted to created_at >= lower when set.
func (c *Client) userPage(ctx context.Context, lower string, page int) (*usersPage, error) {
	q := url.Values{
		"per_page":       {strconv.Itoa(c.perPage)},
		"page":           {strconv.Itoa(page)},
		"include_totals": {"true"},
		"sort":           {"created_at:1"},
		"fields":         {userFields},
		"include_fields": {"true"},
		"search_engine":  {"v3"},
	}
	if lower != "" {
		q.Set("q", `created_at:["`+lower+`" TO *]`)
	}
	var up usersPage
	if _, err := c.pacer.GetJSON(ctx, pace.Request{URL: "/api/v2/users", Query: q}, "the user search answer", &up); err != nil {
		return nil, err
	}
	return &up, nil
}
