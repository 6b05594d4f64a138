package app

import (
	"context"

	"sessionscope/backend/workspace"
)

// SnapshotsService lists the refreshes of each org and compares two of them.
type SnapshotsService struct{ ws *workspace.Workspace }

// SnapshotView is one refresh of one org.
type SnapshotView struct {
	ID           int64             `json:"id"`
	ConnectionID int64             `json:"connectionId"`
	Connection   string            `json:"connection"`
	StartedAt    string            `json:"startedAt"`
	FinishedAt   string            `json:"finishedAt"`
	Status       string            `json:"status"`
	Sessions     int               `json:"sessions"`
	Error        string            `json:"error"`
	Current      bool              `json:"current"`
	Comparable   bool              `json:"comparable"` // its sessions are still kept
	Meta         map[string]string `json:"meta"`
}

// CompareQuery picks two snapshots of one org; both 0 = its latest against the one before.
// ConnectionID 0 compares every org's latest two and adds them up.
type CompareQuery struct {
	ConnectionID int64 `json:"connectionId"`
	From         int64 `json:"from"`
	To           int64 `json:"to"`
}

// UserDevice is a browser on a platform one user signed in from.
type UserDevice struct {
	Username string `json:"username"`
	Browser  string `json:"browser"`
	Platform string `json:"platform"`
}

// DiffView is what changed between two snapshots (or, for all orgs, between each org's two).
type DiffView struct {
	Orgs           []OrgDiff    `json:"orgs"`
	NewSessions    int          `json:"newSessions"`
	EndedSessions  int          `json:"endedSessions"`
	NewUsers       []string     `json:"newUsers"`
	NewUserCount   int          `json:"newUserCount"`
	NewCountries   []string     `json:"newCountries"`
	NewDevices     []UserDevice `json:"newDevices"`
	NewDeviceCount int          `json:"newDeviceCount"`
	Skipped        []string     `json:"skipped"` // orgs with nothing to compare yet, and why
}

// OrgDiff is one org's share of a comparison.
type OrgDiff struct {
	ConnectionID  int64  `json:"connectionId"`
	Connection    string `json:"connection"`
	From          string `json:"from"` // when each snapshot finished
	To            string `json:"to"`
	FromSessions  int    `json:"fromSessions"`
	ToSessions    int    `json:"toSessions"`
	NewSessions   int    `json:"newSessions"`
	EndedSessions int    `json:"endedSessions"`
}

// Snapshots lists the refreshes of one org (0 = every org), newest first.
func (s *SnapshotsService) Snapshots(connectionID int64) ([]SnapshotView, error) {
	snaps, err := s.ws.Snapshots(context.Background(), connectionID)
	if err != nil {
		return nil, err
	}
	out := make([]SnapshotView, len(snaps))
	for i, sn := range snaps {
		out[i] = SnapshotView{ID: sn.ID, ConnectionID: sn.ConnectionID, Connection: sn.Connection,
			StartedAt: rfc3339(sn.StartedAt), FinishedAt: rfc3339(sn.FinishedAt), Status: sn.Status,
			Sessions: sn.SessionCount, Error: sn.Error, Current: sn.Current, Comparable: sn.Comparable, Meta: sn.Meta}
		if out[i].Meta == nil {
			out[i].Meta = map[string]string{}
		}
	}
	return out, nil
}

// Compare compares two snapshots (see CompareQuery).
func (s *SnapshotsService) Compare(q CompareQuery) (DiffView, error) {
	v := DiffView{Orgs: []OrgDiff{}, NewUsers: []string{}, NewCountries: []string{}, NewDevices: []UserDevice{}, Skipped: []string{}}
	c, err := s.ws.Compare(context.Background(), workspace.CompareQuery{ConnectionID: q.ConnectionID, From: q.From, To: q.To})
	if err != nil {
		return v, err
	}
	for _, d := range c.Orgs {
		v.Orgs = append(v.Orgs, OrgDiff{ConnectionID: d.ConnectionID, Connection: d.Connection, From: rfc3339(d.From.FinishedAt),
			To: rfc3339(d.To.FinishedAt), FromSessions: d.From.SessionCount, ToSessions: d.To.SessionCount,
			NewSessions: d.NewSessions, EndedSessions: d.EndedSessions})
	}
	for _, nd := range c.NewDevices {
		v.NewDevices = append(v.NewDevices, UserDevice{Username: nd.Username, Browser: nd.Browser, Platform: nd.Platform})
	}
	v.NewSessions, v.EndedSessions, v.NewUserCount, v.NewDeviceCount = c.NewSessions, c.EndedSessions, c.NewUserCount, c.NewDeviceCount
	v.NewUsers = append(v.NewUsers, c.NewUsers...)
	v.NewCountries = append(v.NewCountries, c.NewCountries...)
	v.Skipped = append(v.Skipped, c.Skipped...)
	return v, nil
}
