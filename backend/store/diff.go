package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

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
	// Digests when both snapshots have one; the rows of both otherwise.
	da, err := s.loadDigest(ctx, from)
	if err != nil {
		return d, fmt.Errorf("compare snapshots: %w", err)
	}
	db, err := s.loadDigest(ctx, to)
	if err != nil {
		return d, fmt.Errorf("compare snapshots: %w", err)
	}
	if da != nil && db != nil {
		compareDigests(&d, da, db)
		return d, nil
	}
	a, err := s.diffRows(ctx, from)
	if err != nil {
		return d, fmt.Errorf("compare snapshots: %w", err)
	}
	b, err := s.diffRows(ctx, to)
	if err != nil {
		return d, fmt.Errorf("compare snapshots: %w", err)
	}
	compareRows(&d, a, b)
	return d, nil
}

// diffRow is what a comparison needs of one session row.
type diffRow struct {
	id, userKey, username, browser, platform, country string
}

// diffRows reads a snapshot's rows, scanning the runs of its ids.
func (s *Store) diffRows(ctx context.Context, snapshotID int64) ([]diffRow, error) {
	runs, n, err := s.snapshotRuns(ctx, snapshotID)
	if err != nil {
		return nil, err
	}
	const query = `SELECT session_id, user_key, username, browser, platform, country_code FROM sessions NOT INDEXED
		WHERE id BETWEEN ?2 AND ?3 AND snapshot_id = ?1`
	out := make([]diffRow, 0, n)
	err = s.scanRuns(ctx, runs, snapshotID, query, func(q scanner) error {
		var r diffRow
		if err := q.Scan(&r.id, &r.userKey, &r.username, &r.browser, &r.platform, &r.country); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// compareRows fills d with what b (the later snapshot) has that a has not, and the reverse count.
func compareRows(d *Diff, a, b []diffRow) {
	type device struct{ user, browser, platform string }
	inA := make(map[string]struct{}, len(a))
	usersA := map[string]struct{}{}
	countriesA := map[string]struct{}{}
	devicesA := map[device]struct{}{}
	for _, r := range a {
		inA[r.id] = struct{}{}
		usersA[r.userKey] = struct{}{}
		countriesA[r.country] = struct{}{}
		if r.browser != "" {
			devicesA[device{r.userKey, r.browser, r.platform}] = struct{}{}
		}
	}
	// A user goes by one spelling of their name throughout: the greatest seen in b.
	names := map[string]string{}
	for _, r := range b {
		if prev, seen := names[r.userKey]; !seen || r.username > prev {
			names[r.userKey] = r.username
		}
	}
	inB := make(map[string]struct{}, len(b))
	newUsers := map[string]string{}
	newCountries := map[string]struct{}{}
	newDevices := map[device]string{}
	for _, r := range b {
		inB[r.id] = struct{}{}
		if _, ok := inA[r.id]; !ok {
			d.NewSessions++
		}
		if _, ok := usersA[r.userKey]; !ok && r.userKey != "" {
			newUsers[r.userKey] = names[r.userKey]
		}
		if _, ok := countriesA[r.country]; !ok && r.country != "" {
			newCountries[r.country] = struct{}{}
		}
		dv := device{r.userKey, r.browser, r.platform}
		if _, ok := devicesA[dv]; !ok && r.browser != "" && r.userKey != "" {
			newDevices[dv] = names[r.userKey]
		}
	}
	for id := range inA {
		if _, ok := inB[id]; !ok {
			d.EndedSessions++
		}
	}
	keys := make([]string, 0, len(newUsers))
	for k := range newUsers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	d.NewUserCount = len(keys)
	for _, k := range keys[:min(len(keys), diffListMax)] {
		d.NewUsers = append(d.NewUsers, newUsers[k])
	}
	for cc := range newCountries {
		d.NewCountries = append(d.NewCountries, cc)
	}
	slices.Sort(d.NewCountries)
	devs := make([]device, 0, len(newDevices))
	for dv := range newDevices {
		devs = append(devs, dv)
	}
	slices.SortFunc(devs, func(x, y device) int {
		return cmp.Or(cmp.Compare(x.user, y.user), cmp.Compare(x.browser, y.browser), cmp.Compare(x.platform, y.platform))
	})
	d.NewDeviceCount = len(devs)
	for _, dv := range devs[:min(len(devs), diffListMax)] {
		d.NewDevices = append(d.NewDevices, UserDevice{Username: newDevices[dv], Browser: dv.browser, Platform: dv.platform})
	}
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
