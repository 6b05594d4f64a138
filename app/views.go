package app

import (
	"context"
	"time"

	"sessionscope/backend/jobs"
	"sessionscope/backend/session"
	"sessionscope/backend/source"
	"sessionscope/backend/store"
)

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func toRow(r store.Row, secretIDs bool) SessionRow {
	s := r.Session
	display := s.ID
	if secretIDs {
		display = session.ShortID(s.ID)
	}
	return SessionRow{
		ConnectionID: s.ConnectionID, Connection: r.Connection, ID: s.ID, DisplayID: display, ParentID: s.ParentID,
		UserID: s.UserID, Username: s.Username, Name: s.UserName, UserType: s.UserType,
		SessionType: s.SessionType, LoginType: s.LoginType, SecurityLevel: s.SecurityLevel,
		CreatedAt: rfc3339(s.CreatedAt), LastActiveAt: rfc3339(s.LastActiveAt), ExpiresAt: rfc3339(s.ExpiresAt),
		SourceIP: s.SourceIP, City: s.Geo.City, Subdivision: s.Geo.Subdivision, Country: s.Geo.Country,
		CountryCode: s.Geo.CountryCode, Latitude: s.Geo.Latitude, Longitude: s.Geo.Longitude, GeoSource: s.Geo.Source,
		ASN: s.Geo.ASN, ASNOrg: s.Geo.ASNOrg, DeviceType: s.Device.DeviceType,
		Browser: s.Device.Browser, Platform: s.Device.Platform, Application: s.Device.Application,
		UserAgent: s.Device.UserAgent, IsCurrent: s.IsCurrent, EndedAt: rfc3339(r.EndedAt),
	}
}

func (a *App) connections() ([]ConnectionView, error) {
	conns, err := a.ws.Connections(a.ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ConnectionView, 0, len(conns))
	for _, c := range conns {
		d := a.ws.Descriptor(c)
		v := ConnectionView{ID: c.ID, Name: c.Name, Kind: c.Kind, KindName: d.DisplayName, URL: c.URL, Demo: c.Demo,
			Status: c.Status, Message: c.Message, Capabilities: a.ws.Capabilities(a.ctx, c)}
		if c.Current != nil {
			v.LastRefresh, v.SessionCount = rfc3339(c.Current.FinishedAt), c.Current.SessionCount
		}
		out = append(out, v)
	}
	return out, nil
}

func (a *App) openDemo(ctx context.Context) error { return a.ws.OpenDemo(ctx) }

func (a *App) query(q SessionQuery) (SessionPage, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return SessionPage{}, err
	}
	sq := session.Query{Filter: f, Sort: q.Sort, Desc: q.Desc, Offset: q.Offset, Limit: q.Limit}
	rows, total, err := a.ws.Store().Query(a.ctx, sq)
	if err != nil {
		return SessionPage{}, err
	}
	page := SessionPage{Rows: make([]SessionRow, len(rows)), Total: total, Offset: q.Offset}
	for i, r := range rows {
		page.Rows[i] = toRow(r, a.ws.SessionIDIsSecret(r.Kind))
	}
	return page, nil
}

func (a *App) detail(connectionID int64, sessionID string) (SessionDetail, error) {
	r, err := a.ws.Store().CurrentSession(a.ctx, connectionID, sessionID)
	if err != nil {
		return SessionDetail{}, err
	}
	c, err := a.ws.Store().Connection(a.ctx, connectionID)
	if err != nil {
		return SessionDetail{}, err
	}
	d := SessionDetail{Session: toRow(r, a.ws.SessionIDIsSecret(r.Kind)), Raw: prettyJSON(r.Raw), SnapshotID: r.SnapshotID,
		Capabilities: a.ws.Capabilities(a.ctx, c)}
	if c.Current != nil {
		d.SnapshotAt = rfc3339(c.Current.FinishedAt)
	}
	d.UserSessions = []SessionRow{}
	if r.Username != "" {
		others, err := a.ws.Store().UserSessions(a.ctx, r.Username, 100)
		if err != nil {
			return d, err
		}
		for _, o := range others {
			if o.ConnectionID == connectionID && o.ID == sessionID {
				continue
			}
			d.UserSessions = append(d.UserSessions, toRow(o, a.ws.SessionIDIsSecret(o.Kind)))
		}
	}
	return d, nil
}

func (a *App) sessionTypes() ([]string, error) {
	t, err := a.ws.Store().SessionTypes(a.ctx)
	if t == nil {
		t = []string{}
	}
	return t, err
}

func toProgress(jobID string, p jobs.Progress) RefreshProgress {
	rp := RefreshProgress{JobID: jobID, ConnectionID: p.ConnectionID, Connection: p.Connection, State: p.State,
		Fetched: p.Fetched, Total: p.Total, Pages: p.Pages}
	if p.Err != nil {
		rp.Error, rp.ErrorCode = p.Err.Error(), source.CodeOf(p.Err)
	}
	return rp
}

func (a *App) audit(limit int) ([]AuditView, error) {
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	entries, err := a.ws.Store().Audit(a.ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]AuditView, len(entries))
	for i, e := range entries {
		out[i] = AuditView{ID: e.ID, At: rfc3339(e.At), Actor: e.Actor, Action: e.Action, Connection: e.Connection,
			Target: e.Target, Reason: e.Reason, Result: e.Result, Detail: e.Detail}
	}
	return out, nil
}

func (a *App) users(q UsersQuery) (UserPage, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return UserPage{}, err
	}
	rows, total, err := a.ws.Store().Users(a.ctx, store.UsersQuery{Filter: f,
		Sort: q.Sort, Desc: q.Desc, Offset: q.Offset, Limit: q.Limit})
	if err != nil {
		return UserPage{}, err
	}
	page := UserPage{Rows: make([]UserRow, len(rows)), Total: total, Offset: q.Offset}
	for i, r := range rows {
		page.Rows[i] = UserRow{Username: r.Username, Name: r.Name, Connections: r.Connections, Sessions: r.Sessions,
			Countries: r.Countries, LastActiveAt: rfc3339(r.LastActiveAt)}
		if page.Rows[i].Connections == nil {
			page.Rows[i].Connections = []string{}
		}
	}
	return page, nil
}
