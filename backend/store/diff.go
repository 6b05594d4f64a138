package store

import (
	"context"
	"fmt"

	"sessionscope/backend/session"
)

// Diff is what changed between two snapshots of one connection.
type Diff struct {
	From, To       session.Snapshot
	NewSessions    int
	EndedSessions  int
	NewUsers       []string // usernames seen in To and not in From (at most diffListMax)
	NewUserCount   int
	NewCountries   []string     // country codes seen in To and not in From
	NewDevices     []UserDevice // a browser + platform a user signs in from in To and did not in From
	NewDeviceCount int
}

// UserDevice is a device (browser on platform) one user used.
type UserDevice struct {
	Username string
	Browser  string
	Platform string
}

const diffListMax = 200

// CompareSnapshots compares two complete snapshots of a connection; with from and to both 0 it
// compares the current snapshot with the complete one before it.
func (s *Store) CompareSnapshots(ctx context.Context, connectionID, from, to int64) (Diff, error) {
	var d Diff
	if from == 0 && to == 0 {
		snaps, err := s.Snapshots(ctx, connectionID, 50)
		if err != nil {
			return d, err
		}
		var complete []session.Snapshot
		for _, sn := range snaps {
			if sn.Status == session.SnapshotComplete {
				complete = append(complete, sn)
			}
		}
		if len(complete) < 2 {
			return d, &session.FilterError{Msg: "there is nothing to compare yet: this connection needs two completed refreshes"}
		}
		to, from = complete[0].ID, complete[1].ID
	}
	for _, p := range []struct {
		id  int64
		dst *session.Snapshot
	}{{from, &d.From}, {to, &d.To}} {
		sn, err := s.snapshot(ctx, connectionID, p.id)
		if err != nil {
			return d, err
		}
		*p.dst = sn
	}
	notIn := `SELECT count(*) FROM sessions b WHERE b.snapshot_id = ? AND NOT EXISTS
		(SELECT 1 FROM sessions a WHERE a.snapshot_id = ? AND a.session_id = b.session_id)`
	if err := s.db.QueryRowContext(ctx, notIn, to, from).Scan(&d.NewSessions); err != nil {
		return d, fmt.Errorf("compare snapshots: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, notIn, from, to).Scan(&d.EndedSessions); err != nil {
		return d, fmt.Errorf("compare snapshots: %w", err)
	}
	users := `SELECT DISTINCT b.user_key, b.username FROM sessions b WHERE b.snapshot_id = ? AND b.user_key <> '' AND NOT EXISTS
		(SELECT 1 FROM sessions a WHERE a.snapshot_id = ? AND a.user_key = b.user_key) GROUP BY b.user_key ORDER BY b.user_key`
	rows, err := s.db.QueryContext(ctx, users, to, from)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var key, name string
		if err := rows.Scan(&key, &name); err != nil {
			rows.Close()
			return d, err
		}
		d.NewUserCount++
		if len(d.NewUsers) < diffListMax {
			d.NewUsers = append(d.NewUsers, name)
		}
	}
	rows.Close()
	devices := `SELECT max(b.username), b.browser, b.platform FROM sessions b WHERE b.snapshot_id = ? AND b.user_key <> ''
		AND b.browser <> '' AND NOT EXISTS (SELECT 1 FROM sessions a WHERE a.snapshot_id = ? AND a.user_key = b.user_key
		AND a.browser = b.browser AND a.platform = b.platform) GROUP BY b.user_key, b.browser, b.platform
		ORDER BY b.user_key, b.browser, b.platform`
	rows, err = s.db.QueryContext(ctx, devices, to, from)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var u UserDevice
		if err := rows.Scan(&u.Username, &u.Browser, &u.Platform); err != nil {
			rows.Close()
			return d, err
		}
		d.NewDeviceCount++
		if len(d.NewDevices) < diffListMax {
			d.NewDevices = append(d.NewDevices, u)
		}
	}
	rows.Close()
	countries := `SELECT DISTINCT country_code FROM sessions WHERE snapshot_id = ? AND country_code <> ''
		EXCEPT SELECT DISTINCT country_code FROM sessions WHERE snapshot_id = ? ORDER BY 1`
	rows, err = s.db.QueryContext(ctx, countries, to, from)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var cc string
		if err := rows.Scan(&cc); err != nil {
			return d, err
		}
		d.NewCountries = append(d.NewCountries, cc)
	}
	return d, rows.Err()
}

// snapshot reads one complete snapshot of a connection whose rows are still kept.
func (s *Store) snapshot(ctx context.Context, connectionID, id int64) (session.Snapshot, error) {
	snaps, err := s.Snapshots(ctx, connectionID, 1000)
	if err != nil {
		return session.Snapshot{}, err
	}
	for i, sn := range snaps {
		if sn.ID != id {
			continue
		}
		if sn.Status != session.SnapshotComplete {
			return sn, &session.FilterError{Msg: fmt.Sprintf("snapshot %d did not complete (%s): it cannot be compared", id, sn.Status)}
		}
		kept := 0
		for _, o := range snaps[:i+1] {
			if o.Status == session.SnapshotComplete {
				kept++
			}
		}
		if kept > KeepSnapshots {
			return sn, &session.FilterError{Msg: fmt.Sprintf("snapshot %d is older than the %d kept with their sessions", id, KeepSnapshots)}
		}
		return sn, nil
	}
	return session.Snapshot{}, fmt.Errorf("snapshot %d of connection %d: %w", id, connectionID, ErrNotFound)
}
