package kratos

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"sessionscope/backend/source/pace"
)

// Kratos's keyset paging can lose sessions: the page token carries the last row's created_at
// cut to five decimals and without a zone, so on SQLite the rows that share a created_at with a
// page's last row fall between two pages (18 sessions, 6 at one instant, page_size 5: 15
// listed). The client pages with the largest size Kratos serves, and checks the listing
// against whatever count the server gives: X-Total-Count on /admin/sessions (v1.x); without
// it, where a page ends inside a run of sessions issued at the same instant (to the token's
// 10 µs) — the rows at risk — the session counts of those sessions' identities. What is known
// to be missing is reported as a warning on the last page. A tie whose only row on the page is
// its last one cannot be seen without the server's count, and the skipped rows cannot be
// fetched back (the API has no way to ask for them).

// maxBoundaryChecks bounds the identity look-ups after one listing (one request each).
const maxBoundaryChecks = 25

// tokenPrecision is the created_at precision of Kratos's page token.
const tokenPrecision = 10 * time.Microsecond

// listed is what the check keeps of one listed session.
type listed struct {
	identity string
	issued   time.Time
}

// completeness counts one listing's records against the server's counts.
type completeness struct {
	started    time.Time
	received   int            // records received, active or not
	total      int            // the server's X-Total-Count, -1 while none was sent
	byIdentity map[string]int // records received per identity (kept only without a total)
	atRisk     []string       // identities of sessions in a tie that ends a page, distinct
	inRisk     map[string]bool
}

func newCompleteness(now time.Time) *completeness {
	return &completeness{started: now, total: -1, byIdentity: map[string]int{}, inRisk: map[string]bool{}}
}

// page records one page: its X-Total-Count (or -1), its records and whether another follows.
func (k *completeness) page(total int, recs []listed, more bool) {
	if total >= 0 {
		k.total, k.byIdentity = total, nil // a count for the whole listing: no need to count per identity
	}
	k.received += len(recs)
	if k.byIdentity == nil {
		return
	}
	for _, r := range recs {
		if r.identity != "" {
			k.byIdentity[r.identity]++
		}
	}
	if !more || len(recs) < 2 {
		return
	}
	last := recs[len(recs)-1].issued.Truncate(tokenPrecision)
	if last.IsZero() || !recs[len(recs)-2].issued.Truncate(tokenPrecision).Equal(last) {
		return
	}
	for i := len(recs) - 1; i >= 0 && recs[i].issued.Truncate(tokenPrecision).Equal(last); i-- {
		if id := recs[i].identity; id != "" && !k.inRisk[id] && len(k.atRisk) < maxBoundaryChecks {
			k.inRisk[id] = true
			k.atRisk = append(k.atRisk, id)
		}
	}
}

const skipExplained = "Kratos's paging skips sessions that share a creation time with the last session of a page " +
	"(seen with Kratos on SQLite), so this snapshot lacks them"

// warnings compares what was received with the server's counts, at the end of the listing.
func (k *completeness) warnings(ctx context.Context, c *Client) []string {
	if k.total >= 0 {
		if k.received < k.total {
			return []string{fmt.Sprintf("incomplete listing: Kratos counts %d sessions but listed %d; %s%s",
				k.total, k.received, skipExplained, c.pageSizeHint())}
		}
		return nil
	}
	missing, checked := 0, 0
	for _, id := range k.atRisk {
		held, ok := c.identitySessionsBefore(ctx, id, k.started)
		if !ok {
			continue
		}
		checked++
		missing += max(held-k.byIdentity[id], 0)
	}
	if missing == 0 {
		return nil
	}
	return []string{fmt.Sprintf("incomplete listing: at least %d sessions are missing (the session counts of %d identities "+
		"whose sessions end a page are higher than what was listed); %s%s", missing, checked, skipExplained, c.pageSizeHint())}
}

func (c *Client) pageSizeHint() string {
	if c.pageSize < MaxPageSize {
		return fmt.Sprintf(". This connection asks for %d sessions a page; %d (the most Kratos serves) makes page boundaries rarer",
			c.pageSize, MaxPageSize)
	}
	return ""
}

// identitySessionsBefore counts an identity's sessions issued before t, from
// GET /admin/identities/{id}/sessions (offset paging, not affected by the keyset bug). One try,
// best effort: ok is false when the count could not be read.
func (c *Client) identitySessionsBefore(ctx context.Context, identity string, t time.Time) (int, bool) {
	if checkUUID("identity", identity) != nil {
		return 0, false
	}
	var rows []struct {
		IssuedAt *string `json:"issued_at"`
	}
	resp, err := c.pacer.GetJSON(ctx, pace.Request{URL: pace.Path("/admin/identities", identity, "sessions"),
		Query: url.Values{"page_size": {"500"}}, Tries: 1}, "the identity's sessions", &rows)
	if err != nil {
		return 0, false
	}
	held := len(rows)
	if n, err := strconv.Atoi(resp.Header.Get("X-Total-Count")); err == nil && n > held {
		held = n // more than one page of them: the count stands for the rest
	}
	for _, r := range rows {
		if at, err := kTime(r.IssuedAt); err == nil && !at.Before(t) {
			held-- // issued while the listing ran: it may rightly be missing
		}
	}
	return held, true
}
