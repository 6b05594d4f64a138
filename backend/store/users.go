package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"sessionscope/backend/session"
)

// UserRow is one user across the current snapshots: who holds the most sessions, from how many
// countries, in which orgs.
type UserRow struct {
	Username     string
	Name         string
	Connections  []string // connection names, sorted
	Sessions     int
	Countries    int
	LastActiveAt time.Time
}

// UsersQuery selects and orders users.
type UsersQuery struct {
	Filter session.Filter // the same filter as the sessions table: a user with a matching session
	Sort   string         // sessions (default) | countries | last_active_at | username
	Desc   bool
	Offset int
	Limit  int
}

var userSorts = map[string]string{
	"sessions": "n", "countries": "countries", "last_active_at": "last_active", "username": "user_key",
}

// Users groups the current sessions by user (case-insensitive username).
func (s *Store) Users(ctx context.Context, q UsersQuery) ([]UserRow, int, error) {
	if q.Sort == "" {
		q.Sort, q.Desc = "sessions", true
	}
	_, ok := userSorts[q.Sort]
	if !ok {
		return nil, 0, &session.FilterError{Msg: fmt.Sprintf("cannot sort users by %q: use sessions, countries, last_active_at or username", q.Sort)}
	}
	if q.Limit <= 0 || q.Limit > 1000 || q.Offset < 0 {
		return nil, 0, &session.FilterError{Msg: "the users window must hold 1–1000 rows from a non-negative offset"}
	}
	snaps, err := s.currentSnapshots(ctx, q.Filter.ConnectionIDs)
	if err != nil || len(snaps) == 0 {
		return nil, 0, err
	}
	if defaultRanking(q) {
		if rows, total, ok := s.usersFromTop(ctx, snaps, q); ok {
			return rows, total, nil
		}
	}
	if recentRanking(q) {
		if rows, total, ok, err := s.usersByRecent(ctx, snaps, q); err != nil || ok {
			return rows, total, err
		}
	}
	return s.usersLive(ctx, snaps, q)
}

// usersLive groups the selected sessions by user in SQLite.
func (s *Store) usersLive(ctx context.Context, snaps []liveSnapshot, q UsersQuery) ([]UserRow, int, error) {
	col := userSorts[q.Sort]
	where, fargs, err := filterSQL(q.Filter)
	if err != nil {
		return nil, 0, err
	}
	in := placeholders(len(snaps))
	args := make([]any, 0, len(snaps)+len(fargs)+2)
	names := map[int64]string{}
	for _, sn := range snaps {
		args = append(args, sn.snapshotID)
		names[sn.connectionID] = sn.name
	}
	args = append(args, fargs...)
	base := ` FROM sessions WHERE snapshot_id IN (` + in + `)` + where
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(DISTINCT user_key)`+base, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+base+` GROUP BY user_key ORDER BY `+col+` `+dir+`, user_key LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []UserRow
	for rows.Next() {
		_, u, err := scanUser(rows, names)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// userCols are what a users row shows, grouped by user_key; scanUser reads them.
const userCols = `user_key, max(username), max(user_name), count(*) AS n,
		count(DISTINCT nullif(country_code, '')) AS countries, max(last_active_at) AS last_active,
		group_concat(DISTINCT connection_id)`

// scanUser reads one row of userCols (the user's key, and the row); names maps connection ids
// to names.
func scanUser(rows *sql.Rows, names map[int64]string) (string, UserRow, error) {
	var u UserRow
	var key, conns string
	var last int64
	if err := rows.Scan(&key, &u.Username, &u.Name, &u.Sessions, &u.Countries, &last, &conns); err != nil {
		return "", u, err
	}
	if last > 0 {
		u.LastActiveAt = time.UnixMilli(last).UTC()
	}
	for _, c := range strings.Split(conns, ",") {
		if id, err := strconv.ParseInt(c, 10, 64); err == nil {
			u.Connections = append(u.Connections, names[id])
		}
	}
	sortStrings(u.Connections)
	return key, u, nil
}

func sortStrings(s []string) { slices.Sort(s) }
