package keycloak

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
)

// Session kinds (SessionType).
const (
	TypeRegular = "REGULAR"
	TypeOffline = "OFFLINE"
)

// userSession is UserSessionRepresentation, and the console's SessionRepresentation (type).
type userSession struct {
	ID            string            `json:"id"`
	Username      string            `json:"username"`
	UserID        string            `json:"userId"`
	IPAddress     string            `json:"ipAddress"`
	Start         int64             `json:"start"`
	LastAccess    int64             `json:"lastAccess"`
	RememberMe    *bool             `json:"rememberMe"` // absent from the console's ui-ext representation
	Clients       map[string]string `json:"clients"`
	TransientUser bool              `json:"transientUser"`
	Type          string            `json:"type"`
}

// statRow is one client-session-stats entry; Keycloak sends the counts as strings.
type statRow struct {
	ID       string    `json:"id"`
	ClientID string    `json:"clientId"`
	Active   flexCount `json:"active"`
	Offline  flexCount `json:"offline"`
}

// flexCount reads a count sent as "12" (Keycloak) or 12.
type flexCount int

func (f *flexCount) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	*f = flexCount(n)
	return err
}

// lister is one listing run: the realm's timeouts read once, the caller's own session id and
// the set of sessions already emitted (a session shows up under every client it touched).
type lister struct {
	c    *Client
	rs   realmSettings
	sid  string
	now  time.Time
	seen map[string]struct{}
	fn   func(source.Page) error
	// remember caches, per user, which of their sessions used remember me; only filled for
	// ui-ext records whose expiry depends on it.
	remember map[string]map[string]bool
	stopped  error // fn's error: returned as it is, not wrapped
}

// ListSessions streams every active session of the realm.
func (c *Client) ListSessions(ctx context.Context, fn func(source.Page) error) error {
	rs, err := c.realmSettings(ctx)
	if err != nil {
		return fmt.Errorf("read the realm's session settings: %w", err)
	}
	claims, _, err := c.session(ctx)
	if err != nil {
		return err
	}
	l := &lister{c: c, rs: rs, sid: claims.Sid, now: c.now(), seen: map[string]struct{}{}, fn: fn}
	c.mu.Lock()
	tryUIExt := c.uiExt && !c.noUIExt
	c.mu.Unlock()
	if tryUIExt {
		if done, err := l.viaUIExt(ctx); done || err != nil {
			return err
		}
	}
	var stats []statRow
	if err := c.getJSON(ctx, c.adminPath("client-session-stats"), nil, &stats); err != nil {
		return fmt.Errorf("read the per-client session counts: %w", c.withHint(err, "view-realm"))
	}
	slices.SortFunc(stats, func(a, b statRow) int { return cmp.Compare(a.ClientID, b.ClientID) })
	for _, row := range stats {
		if row.Active > 0 {
			if err := l.client(ctx, row, false); err != nil {
				return err
			}
		}
		if row.Offline > 0 {
			if err := l.client(ctx, row, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// client pages through one client's regular or offline sessions until a short page.
func (l *lister) client(ctx context.Context, row statRow, offline bool) error {
	kind, res := "sessions", "user-sessions"
	if offline {
		kind, res = "offline sessions", "offline-sessions"
	}
	path := l.c.adminPath("clients", row.ID, res)
	seenHeads := map[string]bool{}
	for first, n := 0, 1; ; n++ {
		q := url.Values{"first": {strconv.Itoa(first)}, "max": {strconv.Itoa(l.c.pageSize)}}
		var rows []json.RawMessage
		if err := l.c.getJSON(ctx, path, q, &rows); err != nil {
			if source.CodeOf(err) == source.CodeNotFound && first == 0 {
				return nil // the client was deleted since the counts were read
			}
			return fmt.Errorf("list %s of client %s, page %d: %w", kind, row.ClientID, n, l.c.withHint(err, "view-clients"))
		}
		head, err := l.emit(ctx, rows, offline)
		if l.stopped != nil {
			return l.stopped
		}
		if err != nil {
			return fmt.Errorf("%s of client %s, page %d: %w", kind, row.ClientID, n, err)
		}
		// A short page ends the listing; so does a server that ignores first/max (a page
		// longer than asked for, or the same page again), which would otherwise loop.
		// A page whose first session was already the first of an earlier page means the server
		// cycles (A, B, A, …); the page cap bounds anything else.
		if len(rows) < l.c.pageSize || len(rows) > l.c.pageSize || seenHeads[head] || n >= maxPages {
			return nil
		}
		seenHeads[head] = true
		first += len(rows)
	}
}

// maxPages bounds one listing loop (100k pages of at least 10 sessions: far past any realm).
const maxPages = 100_000

// viaUIExt lists through the console's ui-ext/sessions. done is false when the server does
// not have it (404, remembered) or returned nothing on the first page (it silently drops
// users the caller may not view): the per-client listing then runs instead.
func (l *lister) viaUIExt(ctx context.Context) (done bool, err error) {
	path := l.c.adminPath("ui-ext", "sessions")
	max := max(l.c.pageSize, 100)
	seenHeads := map[string]bool{}
	for first, n := 0, 1; ; n++ {
		q := url.Values{"type": {"ALL"}, "first": {strconv.Itoa(first)}, "max": {strconv.Itoa(max)}}
		var rows []json.RawMessage
		if err := l.c.getJSON(ctx, path, q, &rows); err != nil {
			if source.CodeOf(err) == source.CodeNotFound && first == 0 {
				l.c.mu.Lock()
				l.c.noUIExt = true
				l.c.mu.Unlock()
				return false, nil
			}
			return true, fmt.Errorf("list sessions (ui-ext), page %d: %w", n, l.c.withHint(err, "view-realm"))
		}
		if first == 0 && len(rows) == 0 {
			return false, nil
		}
		head, err := l.emit(ctx, rows, false)
		if l.stopped != nil {
			return true, l.stopped
		}
		if err != nil {
			return true, fmt.Errorf("sessions (ui-ext), page %d: %w", n, err)
		}
		if len(rows) < max || len(rows) > max || seenHeads[head] || n >= maxPages {
			return true, nil
		}
		seenHeads[head] = true
		first += len(rows)
	}
}

// emit maps one server page, skips sessions already emitted, drops expired ones and hands the
// rest to fn. It returns the first record's key, for the paging guard.
func (l *lister) emit(ctx context.Context, rows []json.RawMessage, offline bool) (string, error) {
	page := source.Page{Sessions: make([]session.Session, 0, len(rows))}
	head := ""
	for i, raw := range rows {
		var r userSession
		if err := json.Unmarshal(raw, &r); err != nil {
			return "", &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("record %d is unreadable: %v", i+1, err)}
		}
		if r.ID == "" {
			return "", &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("record %d has no id", i+1)}
		}
		off := offline || r.Type == TypeOffline
		if r.RememberMe == nil && !off {
			rm, err := l.rememberMe(ctx, r)
			if err != nil {
				return "", err
			}
			r.RememberMe = rm
		}
		s := l.mapSession(r, raw, off)
		if i == 0 {
			head = s.ID
		}
		if _, dup := l.seen[s.ID]; dup {
			continue
		}
		l.seen[s.ID] = struct{}{}
		if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(l.now) {
			page.Dropped++ // past its timeouts; Keycloak lists it until its cleanup runs
			continue
		}
		page.Sessions = append(page.Sessions, s)
	}
	if len(page.Sessions) == 0 && page.Dropped == 0 {
		return head, nil
	}
	l.stopped = l.fn(page)
	return head, l.stopped
}

// rememberMe settles whether a ui-ext record (which lacks the field) used remember me, when
// that decides between expired and alive: it asks for the user's sessions, once per user.
// Otherwise it stays unknown (nil) and the expiry shown is the later of the two.
func (l *lister) rememberMe(ctx context.Context, r userSession) (*bool, error) {
	no := false
	start, last := time.UnixMilli(r.Start), time.UnixMilli(r.LastAccess)
	normal := l.rs.expiresAt(start, last, &no, false)
	longer := l.rs.expiresAt(start, last, nil, false)
	if normal.IsZero() || normal.After(l.now) || !longer.After(l.now) || r.UserID == "" {
		return nil, nil
	}
	if l.remember == nil {
		l.remember = map[string]map[string]bool{}
	}
	byID, ok := l.remember[r.UserID]
	if !ok {
		var rows []userSession
		err := l.c.getJSON(ctx, l.c.adminPath("users", r.UserID, "sessions"), nil, &rows)
		switch code := source.CodeOf(err); {
		case err == nil:
		case code == source.CodePermission || code == source.CodeNotFound:
			rows = nil // cannot tell: keep the session (the later expiry)
		default:
			return nil, err
		}
		byID = map[string]bool{}
		for _, x := range rows {
			if x.RememberMe != nil {
				byID[x.ID] = *x.RememberMe
			}
		}
		l.remember[r.UserID] = byID
	}
	if v, ok := byID[r.ID]; ok {
		return &v, nil
	}
	return nil, nil
}

// mapSession maps one record onto the common model.
func (l *lister) mapSession(r userSession, raw json.RawMessage, offline bool) session.Session {
	s := session.Session{ID: r.ID, UserID: r.UserID, Username: r.Username, SessionType: TypeRegular,
		SourceIP: r.IPAddress, IsCurrent: l.sid != "" && r.ID == l.sid, Raw: raw}
	if offline {
		s.ID, s.SessionType = r.ID+OfflineSuffix, TypeOffline
	}
	if r.TransientUser {
		s.UserType = "transient"
	}
	if r.Start > 0 {
		s.CreatedAt = time.UnixMilli(r.Start).UTC()
	}
	if r.LastAccess > 0 {
		s.LastActiveAt = time.UnixMilli(r.LastAccess).UTC()
	}
	s.ExpiresAt = l.rs.expiresAt(s.CreatedAt, s.LastActiveAt, r.RememberMe, offline)
	apps := make([]string, 0, len(r.Clients))
	for _, id := range r.Clients {
		apps = append(apps, id)
	}
	slices.Sort(apps)
	s.Device.Application = strings.Join(apps, ", ")
	return s
}

// splitID reads a connector session id back into Keycloak's id and kind.
func splitID(id string) (string, bool) {
	if raw, ok := strings.CutSuffix(id, OfflineSuffix); ok {
		return raw, true
	}
	return id, false
}
