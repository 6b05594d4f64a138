package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/source/pace"
)

// listSOQL selects every AuthSession field we show, with the owner, login geo and login history
// through their relationship fields. Expiry is computed here: SOQL cannot compare two fields.
const listSOQL = `SELECT Id, ParentId, UsersId, Users.Username, Users.Name, UserType, ` +
	`CreatedDate, LastModifiedDate, NumSecondsValid, SessionType, LoginType, SessionSecurityLevel, SourceIp, ` +
	`IsCurrent, IsAssociatedWithJwtAccessToken, LogoutUrl, ` +
	`LoginHistoryId, LoginHistory.LoginTime, LoginHistory.Browser, LoginHistory.Platform, ` +
	`LoginHistory.Application, LoginHistory.LoginUrl, LoginHistory.Status, ` +
	`LoginGeoId, LoginGeo.City, LoginGeo.Subdivision, LoginGeo.Country, LoginGeo.CountryIso, ` +
	`LoginGeo.PostalCode, LoginGeo.Latitude, LoginGeo.Longitude ` +
	`FROM AuthSession ORDER BY LastModifiedDate DESC`

// DefaultBatchSize is asked for with Sforce-Query-Options (the server may send fewer).
const DefaultBatchSize = 2000

type queryPage struct {
	TotalSize      int               `json:"totalSize"`
	Done           bool              `json:"done"`
	NextRecordsURL string            `json:"nextRecordsUrl"`
	Records        []json.RawMessage `json:"records"`
}

type authSession struct {
	ID               string  `json:"Id"`
	ParentID         string  `json:"ParentId"`
	UsersID          string  `json:"UsersId"`
	UserType         string  `json:"UserType"`
	CreatedDate      string  `json:"CreatedDate"`
	LastModifiedDate string  `json:"LastModifiedDate"`
	NumSecondsValid  float64 `json:"NumSecondsValid"`
	SessionType      string  `json:"SessionType"`
	LoginType        string  `json:"LoginType"`
	SecurityLevel    string  `json:"SessionSecurityLevel"`
	SourceIP         string  `json:"SourceIp"`
	IsCurrent        bool    `json:"IsCurrent"`
	Users            *struct {
		Username string `json:"Username"`
		Name     string `json:"Name"`
	} `json:"Users"`
	LoginHistory *struct {
		LoginTime   string `json:"LoginTime"`
		Browser     string `json:"Browser"`
		Platform    string `json:"Platform"`
		Application string `json:"Application"`
	} `json:"LoginHistory"`
	LoginGeo *struct {
		City        string   `json:"City"`
		Subdivision string   `json:"Subdivision"`
		Country     string   `json:"Country"`
		CountryIso  string   `json:"CountryIso"`
		PostalCode  string   `json:"PostalCode"`
		Latitude    *float64 `json:"Latitude"`
		Longitude   *float64 `json:"Longitude"`
	} `json:"LoginGeo"`
}

// sfTime parses Salesforce's "2026-05-04T08:12:55.000+0000".
func sfTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %q", s)
}

// mapRecord maps one AuthSession record onto the common model.
func mapRecord(raw json.RawMessage) (session.Session, error) {
	var r authSession
	if err := json.Unmarshal(raw, &r); err != nil {
		return session.Session{}, err
	}
	if r.ID == "" {
		return session.Session{}, fmt.Errorf("a record has no Id")
	}
	s := session.Session{
		ID: r.ID, UserID: r.UsersID, UserType: r.UserType, SessionType: r.SessionType,
		LoginType: r.LoginType, SecurityLevel: r.SecurityLevel, SourceIP: r.SourceIP,
		IsCurrent: r.IsCurrent, Raw: raw,
	}
	if r.ParentID != "" && r.ParentID != r.ID {
		s.ParentID = r.ParentID
	}
	var err error
	if s.CreatedAt, err = sfTime(r.CreatedDate); err != nil {
		return s, fmt.Errorf("session %s CreatedDate: %w", r.ID, err)
	}
	if s.LastActiveAt, err = sfTime(r.LastModifiedDate); err != nil {
		return s, fmt.Errorf("session %s LastModifiedDate: %w", r.ID, err)
	}
	if !s.LastActiveAt.IsZero() {
		s.ExpiresAt = s.LastActiveAt.Add(time.Duration(r.NumSecondsValid) * time.Second)
	}
	if r.Users != nil {
		s.Username, s.UserName = r.Users.Username, r.Users.Name
	}
	if g := r.LoginGeo; g != nil {
		s.Geo = session.Geo{City: g.City, Subdivision: g.Subdivision, Country: g.Country, CountryCode: g.CountryIso,
			PostalCode: g.PostalCode, Latitude: g.Latitude, Longitude: g.Longitude, Source: "server"}
	}
	if h := r.LoginHistory; h != nil {
		s.Device = session.Device{Browser: h.Browser, Platform: h.Platform, Application: h.Application}
	}
	return s, nil
}

// ListSessions runs the AuthSession query and follows nextRecordsUrl to the end. Sessions whose
// LastModifiedDate + NumSecondsValid has passed are dropped (Salesforce lists them until purged).
func (c *Client) ListSessions(ctx context.Context, fn func(source.Page) error) error {
	batch := DefaultBatchSize
	if v, err := strconv.Atoi(c.cfg.Options[OptBatchSize]); err == nil && v >= 200 && v <= 2000 {
		batch = v
	}
	req := c.soql(listSOQL, batch)
	seen := map[string]bool{}
	for n := 1; ; n++ {
		var qp queryPage
		if _, err := c.pacer.GetJSON(ctx, req, "the answer", &qp); err != nil {
			return fmt.Errorf("list sessions, page %d: %w", n, err)
		}
		now := c.now()
		page := source.Page{Sessions: make([]session.Session, 0, len(qp.Records)), Total: qp.TotalSize}
		for _, raw := range qp.Records {
			s, err := mapRecord(raw)
			if err != nil {
				return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("page %d: %v", n, err)}
			}
			if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(now) {
				page.Dropped++
				continue
			}
			page.Sessions = append(page.Sessions, s)
		}
		if err := fn(page); err != nil {
			return err
		}
		if qp.Done {
			return nil
		}
		if err := checkNext(qp.NextRecordsURL, seen, n, qp.TotalSize); err != nil {
			return err
		}
		req.URL, req.Query = qp.NextRecordsURL, nil
	}
}

// WhoAmI returns the username the connection is signed in as, from the token's identity URL.
func (c *Client) WhoAmI(ctx context.Context) (string, error) {
	idURL, err := c.identityURL(ctx)
	if err != nil {
		return "", err
	}
	var id struct {
		Username string `json:"username"`
	}
	if _, err := c.pacer.GetJSON(ctx, pace.Request{URL: idURL}, "the identity response", &id); err != nil {
		return "", err
	}
	if id.Username == "" {
		return "", &source.Error{Code: source.CodeBadResponse, Message: "the identity response has no username"}
	}
	return id.Username, nil
}

// identityURL is the token response's identity URL,
// https://login.salesforce.com/id/<org id>/<user id>, getting a token first if need be.
func (c *Client) identityURL(ctx context.Context) (string, error) {
	if _, _, err := c.accessToken(ctx, false); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idURL == "" {
		return "", &source.Error{Code: source.CodeBadResponse, Message: "the token response has no identity URL"}
	}
	return c.idURL, nil
}

// checkNext refuses a nextRecordsUrl that leaves the REST API (the bearer token goes wherever
// it points), one already followed, or paging past what totalSize allows: a server that pages
// forever must not keep a refresh running forever.
func checkNext(next string, seen map[string]bool, page, total int) error {
	bad := func(why string) error {
		return &source.Error{Code: source.CodeBadResponse, Message: fmt.Sprintf("page %d: %s", page, why)}
	}
	switch {
	case !strings.HasPrefix(next, "/services/data/") || strings.Contains(next, "//") || strings.Contains(next, ".."):
		return bad("more records follow but the nextRecordsUrl is not a path of this org's REST API")
	case seen[next]:
		return bad("the server sent the same nextRecordsUrl twice")
	case page > total/200+2:
		return bad(fmt.Sprintf("more pages than %d records can fill", total))
	}
	seen[next] = true
	return nil
}

var _ source.Identity = (*Client)(nil)
