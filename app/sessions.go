package app

import (
	"context"

	"sessionscope/backend/session"
	"sessionscope/backend/workspace"
)

// SessionsService answers the sessions table, the detail pane and the filter pickers.
type SessionsService struct{ ws *workspace.Workspace }

// Facets are the values the filter pickers offer, from the current snapshots.
type Facets struct {
	Countries      []Country `json:"countries"`
	SessionTypes   []string  `json:"sessionTypes"`
	LoginTypes     []string  `json:"loginTypes"`
	SecurityLevels []string  `json:"securityLevels"`
	DeviceTypes    []string  `json:"deviceTypes"`
}

// Country is a country code with its name.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Query returns one window of the current sessions matching the filter, and the total.
func (s *SessionsService) Query(q SessionQuery) (SessionPage, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return SessionPage{}, err
	}
	ctx := context.Background()
	rows, total, err := s.ws.Query(ctx, session.Query{Filter: f, Sort: q.Sort, Desc: q.Desc, Offset: q.Offset, Limit: q.Limit})
	if err != nil {
		return SessionPage{}, err
	}
	page := SessionPage{Rows: make([]SessionRow, len(rows)), Total: total, Offset: q.Offset}
	for i, r := range rows {
		page.Rows[i] = toRow(r, s.ws.Traits(r.Kind))
	}
	return page, withFlags(ctx, s.ws, rows, page.Rows)
}

// Detail returns one session with its raw record, its flags and the user's other sessions.
func (s *SessionsService) Detail(connectionID int64, sessionID string) (SessionDetail, error) {
	ctx := context.Background()
	d, err := s.ws.Session(ctx, connectionID, sessionID)
	if err != nil {
		return SessionDetail{}, err
	}
	r := d.Row
	v := SessionDetail{Session: toRow(r, s.ws.Traits(r.Kind)), Raw: prettyJSON(r.Raw), SnapshotID: r.SnapshotID,
		Capabilities: d.Capabilities, UserSessions: []SessionRow{}}
	if d.Connection.Current != nil {
		v.SnapshotAt = rfc3339(d.Connection.Current.FinishedAt)
	}
	for _, o := range d.UserSessions {
		v.UserSessions = append(v.UserSessions, toRow(o, s.ws.Traits(o.Kind)))
	}
	one := []SessionRow{v.Session}
	if err := withFlags(ctx, s.ws, []workspace.Row{r}, one); err != nil {
		return v, err
	}
	v.Session = one[0]
	return v, withFlags(ctx, s.ws, d.UserSessions, v.UserSessions)
}

// SessionTypes lists the distinct session types in the current snapshots, for the filter.
func (s *SessionsService) SessionTypes() ([]string, error) {
	t, err := s.ws.SessionTypes(context.Background())
	return nonNilStrings(t), err
}

// Facets lists the values the filter pickers offer.
func (s *SessionsService) Facets() (Facets, error) {
	f, err := s.ws.Facets(context.Background())
	if err != nil {
		return Facets{}, err
	}
	v := Facets{SessionTypes: nonNilStrings(f.SessionTypes), LoginTypes: nonNilStrings(f.LoginTypes),
		SecurityLevels: nonNilStrings(f.SecurityLevels), DeviceTypes: nonNilStrings(f.DeviceTypes), Countries: []Country{}}
	for _, c := range f.Countries {
		v.Countries = append(v.Countries, Country{Code: c.Code, Name: c.Name})
	}
	return v, nil
}
