package app

import (
	"context"
	"strings"

	"sessionscope/backend/workspace"
)

// UsersService answers the users view and a user's login history.
type UsersService struct{ ws *workspace.Workspace }

// UsersQuery asks for one window of users (one row per username across the current snapshots).
type UsersQuery struct {
	Filter SessionFilter `json:"filter"` // users with at least one matching session
	Sort   string        `json:"sort"`   // sessions | countries | last_active_at | username
	Desc   bool          `json:"desc"`
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"`
}

// UserRow is one user: how many sessions, from how many countries, in which orgs.
type UserRow struct {
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	Connections  []string `json:"connections"`
	Sessions     int      `json:"sessions"`
	Countries    int      `json:"countries"`
	LastActiveAt string   `json:"lastActiveAt"`
}

// UserPage is one window of users and the total.
type UserPage struct {
	Rows   []UserRow `json:"rows"`
	Total  int       `json:"total"`
	Offset int       `json:"offset"`
}

// LoginView is one of a user's recent logins, as the server reports it.
type LoginView struct {
	At       string `json:"at"`
	Status   string `json:"status"`
	SourceIP string `json:"sourceIp"`
	Detail   string `json:"detail"`
	Place    string `json:"place"` // "City, CC" from the address, "" when unknown
}

// LoginHistoryView is the answer; Supported is false for servers that do not keep one.
type LoginHistoryView struct {
	Supported bool        `json:"supported"`
	Logins    []LoginView `json:"logins"`
}

// Users returns one window of users across the current snapshots (who holds the most sessions).
func (s *UsersService) Users(q UsersQuery) (UserPage, error) {
	f, err := q.Filter.toFilter()
	if err != nil {
		return UserPage{}, err
	}
	rows, total, err := s.ws.Users(context.Background(), workspace.UsersQuery{Filter: f,
		Sort: q.Sort, Desc: q.Desc, Offset: q.Offset, Limit: q.Limit})
	if err != nil {
		return UserPage{}, err
	}
	page := UserPage{Rows: make([]UserRow, len(rows)), Total: total, Offset: q.Offset}
	for i, r := range rows {
		page.Rows[i] = UserRow{Username: r.Username, Name: r.Name, Connections: nonNilStrings(r.Connections),
			Sessions: r.Sessions, Countries: r.Countries, LastActiveAt: rfc3339(r.LastActiveAt)}
	}
	return page, nil
}

// loginHistoryShown is how many recent logins the detail pane asks the server for.
const loginHistoryShown = 20

// LoginHistory asks the server for a user's recent logins (where the connector can).
func (s *UsersService) LoginHistory(connectionID int64, userID string) (LoginHistoryView, error) {
	got, ok, err := s.ws.LoginHistory(context.Background(), connectionID, userID, loginHistoryShown)
	v := LoginHistoryView{Supported: ok, Logins: []LoginView{}}
	if err != nil {
		return v, err
	}
	for _, l := range got {
		place := strings.Trim(strings.Join([]string{l.Geo.City, l.Geo.CountryCode}, ", "), ", ")
		if l.Geo.Source == "private" {
			place = "private network"
		}
		v.Logins = append(v.Logins, LoginView{At: rfc3339(l.At), Status: l.Status, SourceIP: l.SourceIP, Detail: l.Detail, Place: place})
	}
	return v, nil
}
