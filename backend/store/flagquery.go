package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"sessionscope/backend/risk"
	"sessionscope/backend/session"
	"sessionscope/backend/store/internal/window"
)

// flagSQL is the flag filter's part of filterSQL: a probe of session_flags by the row's id (its
// primary key), and the state of the flags it was written for (flagsVersion, in a comment), so
// remembered results of older flags are never found under the same key.
func flagSQL(f session.FlagFilter) (string, []any, error) {
	cond, args, err := flagConds(f)
	if err != nil || cond == "" {
		return "", nil, err
	}
	return fmt.Sprintf("EXISTS (SELECT 1 FROM session_flags f WHERE f.row_id = sessions.id%s /* flags v%d */)",
		cond, flagsVersion.Load()), args, nil
}

// flagConds is a flag filter's conditions on session_flags (aliased f), each after " AND ";
// " AND 1" for "any flag".
func flagConds(f session.FlagFilter) (string, []any, error) {
	if f.Empty() {
		return "", nil, nil
	}
	cond := ""
	var args []any
	if name := strings.TrimSpace(f.Rule); name != "" {
		r, ok := risk.ParseRule(name)
		if !ok {
			return "", nil, &session.FilterError{Msg: fmt.Sprintf("%q is not a flag rule: use one of %s", name,
				strings.Join(risk.RuleNames(), ", "))}
		}
		cond += " AND (f.rules & ?) <> 0"
		args = append(args, r.Mask())
	}
	if name := strings.TrimSpace(f.Severity); name != "" {
		sev, ok := risk.ParseSeverity(name)
		if !ok {
			return "", nil, &session.FilterError{Msg: fmt.Sprintf("%q is not a flag severity: use high, medium or low", name)}
		}
		cond += " AND f.severity = ?"
		args = append(args, int64(sev))
	}
	if cond == "" {
		cond = " AND 1"
	}
	return cond, args, nil
}

// FlaggedWindow returns one window of the current flagged sessions matching q's filter, most
// severe first, then newest activity, and their number. q.Sort is ignored; a filter without a
// flag condition means "any flag".
//
// The whole ordered id list of a (snapshots, filter, flags) result is made once and kept, so
// every later window of it, anywhere, is a slice and one read of its rows.
func (s *Store) FlaggedWindow(ctx context.Context, q session.Query) ([]Row, int, error) {
	q.Sort = "last_active_at"
	if err := q.Validate(); err != nil {
		return nil, 0, err
	}
	if q.Flags.Empty() {
		q.Flags.Flagged = true
	}
	snaps, err := s.currentSnapshots(ctx, q.ConnectionIDs)
	if err != nil || len(snaps) == 0 {
		return nil, 0, err
	}
	ids, err := s.flaggedIDs(ctx, snaps, q.Filter)
	if err != nil {
		return nil, 0, err
	}
	lo, hi := min(q.Offset, len(ids)), min(q.Offset+q.Limit, len(ids))
	rows, err := s.rowsByID(ctx, ids[lo:hi])
	return rows, len(ids), err
}

func (s *Store) flaggedIDs(ctx context.Context, snaps []liveSnapshot, f session.Filter) ([]int64, error) {
	fcond, fargs, err := flagConds(f.Flags)
	if err != nil {
		return nil, err
	}
	rest := f
	rest.Flags = session.FlagFilter{}
	where, args, err := filterSQL(rest)
	if err != nil {
		return nil, err
	}
	key := flaggedKey(snaps, fmt.Sprintf("flagged v%d %s", flagsVersion.Load(), fcond), where, append(slices.Clone(fargs), args...))
	if ids, ok := s.flagged.get(key); ok {
		return ids, nil
	}
	in := make([]any, len(snaps))
	for i, sn := range snaps {
		in[i] = sn.snapshotID
	}
	// The flagged rows and their order come from session_flags alone; the rest of the filter,
	// if any, judges their session rows.
	q := `SELECT row_id FROM session_flags f WHERE f.snapshot_id IN (` + placeholders(len(snaps)) + `)` + fcond +
		` ORDER BY severity DESC, last_active_at DESC, row_id`
	if where != "" {
		q = `SELECT sessions.id FROM (SELECT row_id, severity, last_active_at FROM session_flags f WHERE f.snapshot_id IN (` +
			placeholders(len(snaps)) + `)` + fcond + `) AS fl JOIN sessions ON sessions.id = fl.row_id WHERE 1` + where +
			` ORDER BY fl.severity DESC, fl.last_active_at DESC, sessions.id`
	}
	rows, err := s.db.QueryContext(ctx, q, append(append(in, fargs...), args...)...)
	if err != nil {
		return nil, fmt.Errorf("list flagged sessions: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.flagged.put(key, ids)
	return ids, nil
}

// flaggedCache keeps the newest few ordered flagged-id lists (at most flaggedKeep, and
// flaggedIDs ids in all: 8 bytes each).
type flaggedCache struct {
	mu   sync.Mutex
	keys []string // oldest first
	sets map[string][]int64
	n    int
}

const (
	flaggedKeep = 8
	flaggedIDs  = 2 << 20
)

func (c *flaggedCache) get(key string) ([]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids, ok := c.sets[key]
	if ok {
		i := slices.Index(c.keys, key)
		c.keys = append(slices.Delete(c.keys, i, i+1), key)
	}
	return ids, ok
}

func (c *flaggedCache) put(key string, ids []int64) {
	if len(ids) > flaggedIDs {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string][]int64{}
	}
	if _, ok := c.sets[key]; ok {
		return
	}
	for len(c.keys) > 0 && (len(c.keys) >= flaggedKeep || c.n+len(ids) > flaggedIDs) {
		c.n -= len(c.sets[c.keys[0]])
		delete(c.sets, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.sets[key] = ids
	c.keys = append(c.keys, key)
	c.n += len(ids)
}

// RowFlag is one flag of a session row, as the table, the detail pane and exports show it.
type RowFlag struct {
	Rule     risk.Rule
	Severity risk.Severity
	Reason   string
	Sessions int // how many sessions the flag involves (a travel leg: 2)
}

// FlagsOfRows returns the flags of the given session rows, most severe first; rows without
// flags are absent from the map.
func (s *Store) FlagsOfRows(ctx context.Context, rowIDs []int64) (map[int64][]RowFlag, error) {
	out := map[int64][]RowFlag{}
	for start := 0; start < len(rowIDs); start += 500 {
		chunk := rowIDs[start:min(start+500, len(rowIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT sf.row_id, f.rule, f.severity, f.reason, f.sessions
			FROM session_flags sf, json_each('[' || sf.flag_ids || ']') AS j JOIN flags f ON f.id = j.value
			WHERE sf.row_id IN (`+placeholders(len(chunk))+`) ORDER BY sf.row_id, j.key`, args...)
		if err != nil {
			return nil, fmt.Errorf("read flags: %w", err)
		}
		for rows.Next() {
			var id int64
			var f RowFlag
			var rule string
			if err := rows.Scan(&id, &rule, &f.Severity, &f.Reason, &f.Sessions); err != nil {
				rows.Close()
				return nil, err
			}
			f.Rule = risk.Rule(rule)
			out[id] = append(out[id], f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FlagCount is what one connection's current snapshot is flagged for.
type FlagCount struct {
	ConnectionID int64
	Connection   string
	SnapshotID   int64
	Computed     bool      // false: the snapshot was never judged (refreshed before flags existed)
	ComputedAt   time.Time // when
	Sessions     int       // in the snapshot
	Flagged      int       // sessions with at least one flag
	BySeverity   map[risk.Severity]int
	Rules        []RuleCount // in risk.Rules order, rules with no flag left out
}

// RuleCount is one rule's findings in a snapshot and the sessions they involve.
type RuleCount struct {
	Rule     risk.Rule
	Flags    int
	Sessions int
}

// FlagCounts counts the flags of the current snapshots of the given connections (all when
// ids is empty), connections in name order.
func (s *Store) FlagCounts(ctx context.Context, ids []int64) ([]FlagCount, error) {
	snaps, err := s.currentSnapshots(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]FlagCount, 0, len(snaps))
	for _, sn := range snaps {
		fc := FlagCount{ConnectionID: sn.connectionID, Connection: sn.name, SnapshotID: sn.snapshotID, Sessions: sn.count,
			BySeverity: map[risk.Severity]int{}}
		var at int64
		err := s.db.QueryRowContext(ctx, `SELECT computed_at FROM flag_runs WHERE snapshot_id = ?`, sn.snapshotID).Scan(&at)
		if err == nil {
			fc.Computed, fc.ComputedAt = true, time.UnixMilli(at).UTC()
		}
		ruleSessions := map[risk.Rule]int{}
		rows, err := s.db.QueryContext(ctx, `SELECT severity, rules, count(*) FROM session_flags
			WHERE snapshot_id = ? GROUP BY severity, rules`, sn.snapshotID)
		if err != nil {
			return nil, fmt.Errorf("count flagged sessions: %w", err)
		}
		for rows.Next() {
			var sev risk.Severity
			var mask int64
			var n int
			if err := rows.Scan(&sev, &mask, &n); err != nil {
				rows.Close()
				return nil, err
			}
			fc.Flagged += n
			fc.BySeverity[sev] += n
			for _, ri := range risk.Rules {
				if mask&ri.Rule.Mask() != 0 {
					ruleSessions[ri.Rule] += n
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ruleFlags := map[risk.Rule]int{}
		rows, err = s.db.QueryContext(ctx, `SELECT rule, count(*) FROM flags WHERE snapshot_id = ? GROUP BY rule`, sn.snapshotID)
		if err != nil {
			return nil, fmt.Errorf("count flags: %w", err)
		}
		for rows.Next() {
			var r string
			var n int
			if err := rows.Scan(&r, &n); err != nil {
				rows.Close()
				return nil, err
			}
			ruleFlags[risk.Rule(r)] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, ri := range risk.Rules {
			if ruleFlags[ri.Rule] > 0 {
				fc.Rules = append(fc.Rules, RuleCount{ri.Rule, ruleFlags[ri.Rule], ruleSessions[ri.Rule]})
			}
		}
		out = append(out, fc)
	}
	return out, nil
}

// flaggedKey names one Flagged-view result: the generation its snapshots were read in, the
// snapshots, the flag condition and the rest of the filter.
func flaggedKey(snaps []liveSnapshot, cond, where string, args []any) string {
	var b strings.Builder
	if len(snaps) > 0 {
		fmt.Fprintf(&b, "g%d:", snaps[0].gen)
	}
	for _, sn := range snaps {
		fmt.Fprintf(&b, "%d,", sn.snapshotID)
	}
	fmt.Fprintf(&b, "|%s|%s|%s", cond, where, window.ArgsKey(args))
	return b.String()
}
