package kratos

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// ListSessions pages through GET /admin/sessions with identity and devices expanded, following
// the Link header's rel="next" until a page has none (Kratos never sends an empty trailing page).
// Sessions Kratos reports as inactive (disabled, expired or of a deactivated identity) are
// dropped and counted: Kratos keeps them listed until its cleanup job deletes them. The last
// page carries a warning when the server's counts show the listing lost sessions (listcheck.go).
func (c *Client) ListSessions(ctx context.Context, fn func(source.Page) error) error {
	q := url.Values{"page_size": {strconv.Itoa(c.pageSize)}, "expand": {"identity", "devices"}}
	seen := map[string]bool{}
	check := newCompleteness(c.now())
	for n := 1; ; n++ {
		var records []json.RawMessage
		resp, err := c.pacer.GetJSON(ctx, pace.Request{URL: "/admin/sessions", Query: q}, "the answer", &records)
		if err != nil {
			if n == 1 && source.CodeOf(err) == source.CodeNotFound {
				return fmt.Errorf("list sessions: %w (is this the admin URL — port 4434, not the public 4433 — of Kratos v1.1 or later?)", err)
			}
			return fmt.Errorf("list sessions, page %d: %w", n, err)
		}
		now := c.now()
		page := source.Page{Sessions: make([]session.Session, 0, len(records))}
		// Kratos v1.x sends a total; v26 does not (then Total stays 0).
		total := -1
		if t, err := strconv.Atoi(resp.Header.Get("X-Total-Count")); err == nil && t >= 0 {
			page.Total, total = t, t
		}
		recs := make([]listed, 0, len(records))
		for _, raw := range records {
			s, active, err := mapSession(raw, now)
			if err != nil {
				return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("page %d: %v", n, err)}
			}
			recs = append(recs, listed{identity: s.UserID, issued: s.CreatedAt})
			if !active {
				page.Dropped++
				continue
			}
			page.Sessions = append(page.Sessions, s)
		}
		token, more, linkErr := nextPageToken(resp.Header.Values("Link"))
		check.page(total, recs, more && linkErr == nil)
		if linkErr == nil && !more {
			page.Warnings = check.warnings(ctx, c)
		}
		if err := fn(page); err != nil {
			return err
		}
		if linkErr != nil {
			return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("page %d: %v", n, linkErr)}
		}
		if !more {
			return nil
		}
		if seen[token] {
			return &source.Error{Code: source.CodeBadResponse,
				Message: fmt.Sprintf("page %d links to a page already read: the listing would never end", n)}
		}
		seen[token] = true
		q.Set("page_token", token)
	}
}

// nextPageToken finds rel="next" in the Link header (one comma-joined value or several header
// lines — Kratos versions differ) and returns its opaque page_token. The link's own URL is not
// followed: it may be relative, or name a path without the proxy prefix we were given.
func nextPageToken(values []string) (string, bool, error) {
	for _, v := range values {
		for _, l := range parseLinks(v) {
			if !l.rels["next"] {
				continue
			}
			u, err := url.Parse(l.target)
			if err != nil {
				return "", false, fmt.Errorf("the next-page link %q is not a URL", l.target)
			}
			tok := u.Query().Get("page_token")
			if tok == "" {
				return "", false, fmt.Errorf("the next-page link has no page_token")
			}
			return tok, true, nil
		}
	}
	return "", false, nil
}

type link struct {
	target string
	rels   map[string]bool
}

// parseLinks reads an RFC 8288 Link value: `<url>; rel="a b", <url>; rel=c`.
func parseLinks(h string) []link {
	var out []link
	for {
		start := strings.IndexByte(h, '<')
		if start < 0 {
			return out
		}
		end := strings.IndexByte(h[start:], '>')
		if end < 0 {
			return out
		}
		l := link{target: h[start+1 : start+end], rels: map[string]bool{}}
		h = h[start+end+1:]
		params := h
		if next := strings.IndexByte(h, '<'); next >= 0 {
			params, h = h[:next], h[next:]
		} else {
			h = ""
		}
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p), ",")), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
				continue
			}
			for _, r := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
				l.rels[strings.ToLower(r)] = true
			}
		}
		out = append(out, l)
	}
}
