package auth0

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// ListSessions walks the tenant's users page by page and, for each page of users, fetches
// their sessions with a few workers and delivers them as one Page. At most one page of users
// and their sessions is held at a time. Sessions past expires_at or idle_expires_at are
// dropped (counted in Page.Dropped): nothing documents that Auth0 leaves them out.
func (c *Client) ListSessions(ctx context.Context, fn func(source.Page) error) error {
	return c.eachUserPage(ctx, func(users []userRec) error {
		page, err := c.sessionsOf(ctx, users)
		if err != nil {
			return err
		}
		return fn(page)
	})
}

// sessionsOf lists the sessions of users with c.workers requests in flight at most, keeping
// the users' order. The first error stops the others.
func (c *Client) sessionsOf(ctx context.Context, users []userRec) (source.Page, error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([][]session.Session, len(users))
	dropped := make([]int, len(users))
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for range min(c.workers, len(users)) {
		wg.Go(func() {
			for i := range next {
				ss, d, err := c.userSessions(wctx, &users[i])
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					continue
				}
				results[i], dropped[i] = ss, d
			}
		})
	}
feed:
	for i := range users {
		select {
		case next <- i:
		case <-wctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return source.Page{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return source.Page{}, err
	}
	var page source.Page
	n := 0
	for _, r := range results {
		n += len(r)
	}
	page.Sessions = make([]session.Session, 0, n)
	for i, r := range results {
		page.Sessions = append(page.Sessions, r...)
		page.Dropped += dropped[i]
	}
	return page, nil
}

// userSessions lists one user's sessions following the checkpoint (from/take → next) to the
// end and returns the active ones plus the number dropped as expired. A user deleted since
// the search simply has none.
func (c *Client) userSessions(ctx context.Context, u *userRec) ([]session.Session, int, error) {
	var out []session.Session
	dropped := 0
	from := ""
	seen := map[string]bool{}
	for n := 1; ; n++ {
		q := url.Values{"take": {strconv.Itoa(c.take)}}
		if from != "" {
			q.Set("from", from)
		}
		var body struct {
			Sessions []json.RawMessage `json:"sessions"`
			Next     string            `json:"next"`
		}
		_, err := c.pacer.GetJSON(ctx, pace.Request{URL: pace.Path("/api/v2/users", u.ID, "sessions"), Query: q},
			fmt.Sprintf("page %d", n), &body)
		if err != nil {
			var se *source.Error
			if errors.As(err, &se) && se.Code == source.CodeNotFound && userGone(se) {
				return out, dropped, nil
			}
			return nil, 0, fmt.Errorf("sessions of user %s: %w", u.ID, err)
		}
		now := c.now()
		for _, raw := range body.Sessions {
			s, err := mapSession(raw, u)
			if err != nil {
				return nil, 0, &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("user %s: %v", u.ID, err)}
			}
			if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(now) {
				dropped++
				continue
			}
			out = append(out, s)
		}
		// An empty page or a checkpoint seen before ends the list (never loop on a server bug).
		if body.Next == "" || len(body.Sessions) == 0 || seen[body.Next] {
			return out, dropped, nil
		}
		seen[body.Next] = true
		from = body.Next
	}
}

// userGone tells a 404 for a user that no longer exists from a 404 for a wrong URL.
func userGone(e *source.Error) bool {
	return e.ServerCode == "inexistent_user" || strings.Contains(strings.ToLower(e.Message), "user does not exist")
}
