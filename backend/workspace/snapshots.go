package workspace

import (
	"context"
	"errors"
	"strings"

	"sessionscope/backend/session"
)

// snapshotsListed is how many refreshes of each org the snapshot list shows.
const snapshotsListed = 50

// comparisonListMax bounds the users and devices a comparison of every org lists (the counts
// stay exact).
const comparisonListMax = 200

// SnapshotInfo is one refresh of one org as the snapshot list shows it.
type SnapshotInfo struct {
	session.Snapshot
	Connection string
	Current    bool // the org's current snapshot: what the views show
	Comparable bool // complete, and its sessions are still kept (one of the last KeepSnapshots)
}

// Snapshots lists the last refreshes of one org (0 = every org), newest first within each.
func (w *Workspace) Snapshots(ctx context.Context, connectionID int64) ([]SnapshotInfo, error) {
	conns, err := w.st.Connections(ctx)
	if err != nil {
		return nil, err
	}
	var out []SnapshotInfo
	for _, c := range conns {
		if connectionID != 0 && c.ID != connectionID {
			continue
		}
		snaps, err := w.st.Snapshots(ctx, c.ID, snapshotsListed)
		if err != nil {
			return nil, err
		}
		complete := 0
		for _, s := range snaps {
			info := SnapshotInfo{Snapshot: s, Connection: c.Name, Current: c.Current != nil && c.Current.ID == s.ID}
			if s.Status == session.SnapshotComplete {
				complete++
				info.Comparable = complete <= KeepSnapshots
			}
			out = append(out, info)
		}
	}
	return out, nil
}

// CompareSnapshots compares two complete snapshots of one org; with from and to both 0, its
// current snapshot with the complete one before it.
func (w *Workspace) CompareSnapshots(ctx context.Context, connectionID, from, to int64) (Diff, error) {
	return w.st.CompareSnapshots(ctx, connectionID, from, to)
}

// CompareQuery picks two snapshots of one org; both 0 = its latest against the one before.
// ConnectionID 0 compares every org's latest two and adds them up.
type CompareQuery struct {
	ConnectionID int64
	From, To     int64
}

// OrgDiff is one org's share of a comparison.
type OrgDiff struct {
	ConnectionID int64
	Connection   string
	Diff
}

// Comparison is what changed between two snapshots of one org, or between each org's last two.
type Comparison struct {
	Orgs           []OrgDiff
	NewSessions    int
	EndedSessions  int
	NewUsers       []string // usernames, each once whatever its case (at most 200)
	NewUserCount   int
	NewCountries   []string
	NewDevices     []UserDevice // at most 200
	NewDeviceCount int
	Skipped        []string // orgs with nothing to compare yet, and why (every-org comparisons only)
}

// Compare compares snapshots (see CompareQuery). Comparing every org skips, with the reason,
// the orgs that have nothing to compare yet; comparing one org returns that as an error.
func (w *Workspace) Compare(ctx context.Context, q CompareQuery) (Comparison, error) {
	var v Comparison
	conns, err := w.st.Connections(ctx)
	if err != nil {
		return v, err
	}
	countries := map[string]bool{}
	users := map[string]bool{}
	for _, c := range conns {
		if q.ConnectionID != 0 && c.ID != q.ConnectionID {
			continue
		}
		from, to := q.From, q.To
		if q.ConnectionID == 0 {
			from, to = 0, 0
		}
		d, err := w.st.CompareSnapshots(ctx, c.ID, from, to)
		if err != nil {
			if q.ConnectionID == 0 && isFilterError(err) {
				v.Skipped = append(v.Skipped, c.Name+": "+err.Error())
				continue
			}
			return v, err
		}
		v.Orgs = append(v.Orgs, OrgDiff{ConnectionID: c.ID, Connection: c.Name, Diff: d})
		v.NewSessions += d.NewSessions
		v.EndedSessions += d.EndedSessions
		v.NewUserCount += d.NewUserCount
		v.NewDeviceCount += d.NewDeviceCount
		for _, u := range d.NewUsers {
			if !users[strings.ToLower(u)] && len(v.NewUsers) < comparisonListMax {
				users[strings.ToLower(u)] = true
				v.NewUsers = append(v.NewUsers, u)
			}
		}
		for _, cc := range d.NewCountries {
			if !countries[cc] {
				countries[cc] = true
				v.NewCountries = append(v.NewCountries, cc)
			}
		}
		for _, nd := range d.NewDevices {
			if len(v.NewDevices) < comparisonListMax {
				v.NewDevices = append(v.NewDevices, nd)
			}
		}
	}
	return v, nil
}

func isFilterError(err error) bool {
	var fe *session.FilterError
	return errors.As(err, &fe)
}
