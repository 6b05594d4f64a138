package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"sessionscope/backend/session"
)

// Windowed queries. The table scrolls anywhere in hundreds of thousands of rows, so a window at
// offset N must not cost N. Three plans, chosen per query:
//
//   - selective filter (few matching rows): let the filter's index find the rows, sort them;
//   - otherwise keyset paging on the sort column's index: from the nearest remembered anchor
//     (sort key + id of a row whose position is known), scanning forward or backward, whichever
//     skips fewer index entries. Anchors are remembered per (snapshots, filter, sort column);
//     snapshots never change once complete, so anchors never go stale;
//   - "connection" order: the orgs' results one after another, each windowed as above.

// selectiveFactor weighs sorting all matches against walking the sort index (tests set it to
// force one plan or the other).
var selectiveFactor = 1

// warmWaitSkip is the keyset skip past which a window waits for its view's warm-up, or makes
// the whole result itself when ranks make that cheap.
var warmWaitSkip = 20000

// anchorEvery is the spacing of anchors recorded when a sorted plan has every position at hand.
const anchorEvery = 256

// Query returns one window of the current sessions matching q, in q's order, and the total.
func (s *Store) Query(ctx context.Context, q session.Query) ([]Row, int, error) {
	if err := q.Validate(); err != nil {
		return nil, 0, err
	}
	snaps, err := s.currentSnapshots(ctx, q.ConnectionIDs)
	if err != nil || len(snaps) == 0 {
		return nil, 0, err
	}
	return s.queryIn(ctx, snaps, q)
}

// Each calls fn for every current session matching q's filter, in q's order, reading window
// after window from the snapshots that were current when it started: a refresh completing
// meanwhile neither duplicates nor drops rows (exports).
func (s *Store) Each(ctx context.Context, q session.Query, fn func(Row) error) error {
	q.Offset, q.Limit = 0, 1000
	if err := q.Validate(); err != nil {
		return err
	}
	snaps, err := s.currentSnapshots(ctx, q.ConnectionIDs)
	if err != nil {
		return err
	}
	for len(snaps) > 0 {
		rows, total, err := s.queryIn(ctx, snaps, q)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		q.Offset += len(rows)
		if len(rows) == 0 || q.Offset >= total {
			return nil
		}
	}
	return nil
}

func (s *Store) queryIn(ctx context.Context, snaps []liveSnapshot, q session.Query) ([]Row, int, error) {
	where, args, err := filterSQL(q.Filter)
	if err != nil {
		return nil, 0, err
	}
	counts, total, err := s.counts(ctx, snaps, where, args)
	if err != nil {
		return nil, 0, err
	}
	if q.Offset >= total {
		return nil, total, nil
	}
	var ids []int64
	if q.Sort == "connection" {
		ids, err = s.windowByConnection(ctx, snaps, counts, q, where, args)
	} else {
		// Snapshots without a match are left out: walking their sort index would visit every
		// row to find none.
		var matching []liveSnapshot
		for i, sn := range snaps {
			if counts[i] > 0 {
				matching = append(matching, sn)
			}
		}
		ids, err = s.window(ctx, matching, total, q, where, args)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("query sessions: %w", err)
	}
	rows, err := s.rowsByID(ctx, ids)
	return rows, total, err
}

// counts returns each snapshot's number of matching rows and their sum. A complete snapshot
// never changes, so each count is taken once and then remembered.
func (s *Store) counts(ctx context.Context, snaps []liveSnapshot, where string, args []any) ([]int, int, error) {
	counts := make([]int, len(snaps))
	total := 0
	for i, sn := range snaps {
		if where == "" {
			counts[i] = sn.count
		} else {
			key := fmt.Sprintf("g%d:%d|%s|%s", sn.gen, sn.snapshotID, where, argsKey(args))
			n, ok := s.anchors.count(key)
			if !ok {
				if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE snapshot_id = ?`+where,
					append([]any{sn.snapshotID}, args...)...).Scan(&n); err != nil {
					return nil, 0, fmt.Errorf("count sessions: %w", err)
				}
				s.anchors.setCount(key, n)
			}
			counts[i] = n
		}
		total += counts[i]
	}
	return counts, total, nil
}

func sumRows(snaps []liveSnapshot) int {
	n := 0
	for _, sn := range snaps {
		n += sn.count
	}
	return n
}

// window returns the ids of rows [q.Offset, q.Offset+q.Limit) in q's order.
func (s *Store) window(ctx context.Context, snaps []liveSnapshot, total int, q session.Query, where string, args []any) ([]int64, error) {
	col := sortKeys[q.Sort]
	// Work in ascending positions [lo, hi); a descending window is the mirror image.
	lo, hi := q.Offset, min(q.Offset+q.Limit, total)
	if q.Desc {
		lo, hi = total-hi, total-q.Offset
	}
	key := anchorKey(snaps, col, where, args)
	if ids, ok := s.anchors.sorted(key, lo, hi); ok {
		if q.Desc {
			slices.Reverse(ids)
		}
		return ids, nil
	}
	plan := s.planKeyset(key, total, lo, hi)
	// Walking the sort index visits rows/total entries per match; past the number of matches it
	// is cheaper to let the filter's index find them all and sort them once.
	walk := plan.skip + (hi - lo)
	if where != "" {
		walk = walk * sumRows(snaps) / total
	}
	// With ranks, the sorted plan reads ids only; a result too large to keep whole needs anchors,
	// which need the keys.
	sorted := s.windowSorted
	ranked := false
	ranks := s.ranksFor(snaps, col)
	if ranks != nil && total <= wholeIDs/2 {
		ranked = true
		sorted = func(ctx context.Context, snaps []liveSnapshot, key, col string, lo, hi int, where string, args []any) ([]int64, error) {
			return s.windowRanked(ctx, snaps, ranks, key, col, lo, hi, where, args)
		}
	}
	var ids []int64
	var err error
	switch {
	case where == "" && ranked && plan.skip > warmWaitSkip:
		// Every row in rank order, straight from the ranks; later jumps are slices of it.
		all := s.rankedAll(snaps, ranks, key, col)
		ids = slices.Clone(all[min(lo, len(all)):min(hi, len(all))])
	case where != "" && walk > total*selectiveFactor:
		ids, err = sorted(ctx, snaps, key, col, lo, hi, where, args)
	case where != "" && ranked && plan.skip > warmWaitSkip:
		// A long jump into a broad result: making the whole result costs less than walking the
		// sort index past the skipped rows (each read to test the filter), and later jumps are
		// slices of it. Views never jumped into cost nothing more than their first window.
		ids, err = sorted(ctx, snaps, key, col, lo, hi, where, args)
	case where != "" && ranked:
		ids, err = s.windowKeyset(ctx, snaps, key, col, lo, hi, plan, where, args)
	default:
		// A long skip while this view's sorted result is being made: waiting for it is cheaper
		// than walking the sort index beside it.
		if done := s.anchors.warming(key); done != nil && plan.skip > warmWaitSkip {
			select {
			case <-done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if ids, ok := s.anchors.sorted(key, lo, hi); ok {
				if q.Desc {
					slices.Reverse(ids)
				}
				return ids, nil
			}
			plan = s.planKeyset(key, total, lo, hi) // the warm-up laid anchors instead
		}
		ids, err = s.windowKeyset(ctx, snaps, key, col, lo, hi, plan, where, args)
		// A jump into the middle of this result would need the sorted plan: run it now, in the
		// background, while the user looks at the first window.
		if err == nil && where != "" && (total/2)*sumRows(snaps)/total > total*selectiveFactor {
			s.warm(key, func(ctx context.Context) error {
				_, err := sorted(ctx, snaps, key, col, 0, 0, where, args)
				return err
			})
		}
	}
	if err != nil {
		return nil, err
	}
	if q.Desc {
		slices.Reverse(ids)
	}
	return ids, nil
}

// arms builds one SELECT per snapshot, joined with UNION ALL; cond is an extra condition.
func arms(snaps []liveSnapshot, col, where, cond string, fargs, cargs []any) (string, []any) {
	parts := make([]string, len(snaps))
	var args []any
	for i, sn := range snaps {
		parts[i] = fmt.Sprintf(`SELECT id AS rid, %s AS k FROM sessions WHERE snapshot_id = ?%s%s`, col, where, cond)
		args = append(args, sn.snapshotID)
		args = append(args, fargs...)
		args = append(args, cargs...)
	}
	return strings.Join(parts, " UNION ALL "), args
}

// windowSorted lets the filter's index find every matching row and sorts them. All positions are
// then known, so anchors are laid down every anchorEvery rows: later windows of the same result
// walk at most that many index entries.
func (s *Store) windowSorted(ctx context.Context, snaps []liveSnapshot, key, col string, lo, hi int, where string, args []any) ([]int64, error) {
	inner, iargs := arms(snaps, col, where, "", args, nil)
	// "+k" keeps the planner from walking the sort column's index instead of the filter's.
	ids, keys, err := s.scanWindow(ctx, `SELECT rid, k FROM (`+inner+`) ORDER BY +k ASC, rid ASC`, iargs...)
	if err != nil {
		return nil, err
	}
	// The whole result is kept when it is small enough; anchors otherwise.
	if !s.anchors.keepSorted(key, ids) {
		as := make([]anchor, 0, len(ids)/anchorEvery+1)
		for p := anchorEvery - 1; p < len(ids); p += anchorEvery {
			as = append(as, anchor{pos: p, k: keys[p], id: ids[p]})
		}
		s.anchors.add(key, as...)
	}
	if hi > len(ids) {
		hi = len(ids)
	}
	if lo >= hi {
		return nil, nil
	}
	return slices.Clone(ids[lo:hi]), nil
}

// keysetPlan is where a keyset walk starts: from an anchor (or an end) and how far it skips.
type keysetPlan struct {
	backward      bool
	before, after *anchor
	skip          int
}

func (s *Store) planKeyset(key string, total, lo, hi int) keysetPlan {
	before, after := s.anchors.nearest(key, lo, hi)
	forwardSkip, backwardSkip := lo, total-hi
	if before != nil && lo-before.pos-1 < forwardSkip {
		forwardSkip = lo - before.pos - 1
	} else {
		before = nil
	}
	if after != nil && after.pos-hi < backwardSkip {
		backwardSkip = after.pos - hi
	} else {
		after = nil
	}
	if backwardSkip < forwardSkip {
		return keysetPlan{backward: true, after: after, skip: backwardSkip}
	}
	return keysetPlan{before: before, skip: forwardSkip}
}

// windowKeyset returns the ids at ascending positions [lo, hi) by walking the sort column's index
// from the plan's starting point.
func (s *Store) windowKeyset(ctx context.Context, snaps []liveSnapshot, key, col string, lo, hi int, plan keysetPlan, where string, args []any) ([]int64, error) {
	cond, cargs, order := "", []any(nil), " ORDER BY k ASC, rid ASC"
	switch {
	case plan.backward && plan.after != nil:
		cond, cargs = fmt.Sprintf(" AND (%s, id) < (?, ?)", col), []any{plan.after.k, plan.after.id}
	case !plan.backward && plan.before != nil:
		cond, cargs = fmt.Sprintf(" AND (%s, id) > (?, ?)", col), []any{plan.before.k, plan.before.id}
	}
	if plan.backward {
		order = " ORDER BY k DESC, rid DESC"
	}
	inner, iargs := arms(snaps, col, where, cond, args, cargs)
	ids, keys, err := s.scanWindow(ctx, inner+order+" LIMIT ? OFFSET ?", append(iargs, hi-lo, plan.skip)...)
	if err != nil || len(ids) == 0 {
		return ids, err
	}
	if plan.backward {
		slices.Reverse(ids)
		slices.Reverse(keys)
	}
	last := len(ids) - 1
	s.anchors.add(key, anchor{pos: lo, k: keys[0], id: ids[0]}, anchor{pos: lo + last, k: keys[last], id: ids[last]})
	return ids, nil
}

func (s *Store) scanWindow(ctx context.Context, query string, args ...any) ([]int64, []any, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var keys []any
	for rows.Next() {
		var id int64
		var k any
		if err := rows.Scan(&id, &k); err != nil {
			return nil, nil, err
		}
		ids, keys = append(ids, id), append(keys, k)
	}
	return ids, keys, rows.Err()
}

// windowByConnection lays the orgs' results end to end in name order, each newest activity first.
func (s *Store) windowByConnection(ctx context.Context, snaps []liveSnapshot, counts []int, q session.Query, where string, args []any) ([]int64, error) {
	order := make([]int, len(snaps))
	for i := range order {
		order[i] = i
	}
	if q.Desc {
		slices.Reverse(order) // snaps come sorted by name
	}
	var ids []int64
	start := 0
	for _, i := range order {
		end := start + counts[i]
		lo, hi := max(q.Offset, start), min(q.Offset+q.Limit, end)
		if lo < hi {
			sub := session.Query{Filter: q.Filter, Sort: "last_active_at", Desc: true, Offset: lo - start, Limit: hi - lo}
			part, err := s.window(ctx, snaps[i:i+1], counts[i], sub, where, args)
			if err != nil {
				return nil, err
			}
			ids = append(ids, part...)
		}
		start = end
	}
	return ids, nil
}

// anchor is a row whose ascending position in one (snapshots, filter, sort) result is known.
type anchor struct {
	pos int
	k   any
	id  int64
}

type anchorCache struct {
	mu     sync.Mutex
	sets   map[string][]anchor // sorted by pos
	lru    []string
	counts map[string]int     // matching rows per (snapshot, filter)
	nCount []string           // counts' keys, oldest first
	whole  map[string][]int64 // complete sorted results (ids in ascending order), see keepSorted
	nWhole []string           // whole's keys, oldest first
	ids    int                // ids held in whole
	gen    uint64             // see generation
	warmed map[string]bool    // keys whose every anchorEvery-th position is known (or being found)
	closed bool
	ctx    context.Context // background warm-ups run under it; stop cancels it
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// One background warm-up at a time: the newest view's. Starting one cancels the one before
	// (the user has moved on); a window of the view being warmed can wait for it (warming).
	warmKey    string
	warmDone   chan struct{}
	warmCancel context.CancelFunc
}

// warm runs fn once per key in the background, cancelling the warm-up of another key.
func (s *Store) warm(key string, fn func(context.Context) error) {
	c := s.anchors
	c.mu.Lock()
	if c.warmed[key] || c.closed {
		c.mu.Unlock()
		return
	}
	if c.warmCancel != nil {
		c.warmCancel()
	}
	ctx, cancel := context.WithCancel(c.ctx)
	done := make(chan struct{})
	c.warmed[key] = true
	c.warmKey, c.warmDone, c.warmCancel = key, done, cancel
	c.wg.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.wg.Done()
		err := fn(ctx)
		cancel()
		c.mu.Lock()
		if err != nil {
			delete(c.warmed, key) // try again next time
		}
		if c.warmKey == key {
			c.warmKey, c.warmDone, c.warmCancel = "", nil, nil
		}
		c.mu.Unlock()
		close(done)
	}()
}

// warming returns a channel closed when the warm-up of key ends; nil when none is running.
func (c *anchorCache) warming(key string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warmKey != key {
		return nil
	}
	return c.warmDone
}

// stop waits for background work before the database closes.
func (c *anchorCache) stop() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel() // a warm-up in flight gives up instead of finishing a full sort
	c.wg.Wait()
}

const (
	anchorSets    = 64
	anchorsPerSet = 4096
)

// Bounds of the remembered counts and sorted results: 8 bytes an id, so the sorted results
// hold at most 32 MB.
const (
	countsKept = 4096
	wholeIDs   = 4 << 20
)

func newAnchorCache() *anchorCache {
	ctx, cancel := context.WithCancel(context.Background())
	return &anchorCache{sets: map[string][]anchor{}, warmed: map[string]bool{}, counts: map[string]int{},
		whole: map[string][]int64{}, ctx: ctx, cancel: cancel}
}

// generation numbers the cache's lifetimes between resets. A query reads it before it reads the
// current snapshots and puts it in every key it stores under, so a query still running across a
// reset cannot store stale results where later queries look.
func (c *anchorCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// reset forgets every remembered anchor, count and result.
func (c *anchorCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.sets, c.lru, c.warmed = map[string][]anchor{}, nil, map[string]bool{}
	c.counts, c.nCount = map[string]int{}, nil
	c.whole, c.nWhole, c.ids = map[string][]int64{}, nil, 0
}

func (c *anchorCache) count(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.counts[key]
	return n, ok
}

func (c *anchorCache) setCount(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.counts[key]; ok {
		return
	}
	if len(c.nCount) >= countsKept {
		delete(c.counts, c.nCount[0])
		c.nCount = c.nCount[1:]
	}
	c.counts[key] = n
	c.nCount = append(c.nCount, key)
}

// keepSorted remembers a whole sorted result, dropping the oldest ones to stay within wholeIDs;
// false when the result alone is larger than that.
func (c *anchorCache) keepSorted(key string, ids []int64) bool {
	if len(ids) > wholeIDs/2 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.whole[key]; ok {
		return true
	}
	for c.ids+len(ids) > wholeIDs && len(c.nWhole) > 0 {
		c.ids -= len(c.whole[c.nWhole[0]])
		delete(c.whole, c.nWhole[0])
		c.nWhole = c.nWhole[1:]
	}
	c.whole[key] = ids
	c.nWhole = append(c.nWhole, key)
	c.ids += len(ids)
	return true
}

// sorted returns ascending positions [lo, hi) of a remembered whole result.
func (c *anchorCache) sorted(key string, lo, hi int) ([]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids, ok := c.whole[key]
	if !ok {
		return nil, false
	}
	lo, hi = min(lo, len(ids)), min(hi, len(ids))
	return slices.Clone(ids[lo:hi]), true
}

// anchorKey names one result: the cache generation the query started in, its snapshots, sort
// column and filter.
func anchorKey(snaps []liveSnapshot, col, where string, args []any) string {
	var b strings.Builder
	if len(snaps) > 0 {
		fmt.Fprintf(&b, "g%d:", snaps[0].gen)
	}
	for _, sn := range snaps {
		fmt.Fprintf(&b, "%d,", sn.snapshotID)
	}
	fmt.Fprintf(&b, "|%s|%s|%s", col, where, argsKey(args))
	return b.String()
}

// argsKey spells a filter's arguments so that different values never read the same: each with
// its type, text quoted, bytes in hex.
func argsKey(args []any) string {
	var b strings.Builder
	for _, a := range args {
		switch v := a.(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case []byte:
			fmt.Fprintf(&b, "x%x", v)
		default:
			fmt.Fprintf(&b, "%T:%v", v, v)
		}
		b.WriteByte(',')
	}
	return b.String()
}

// nearest returns the closest anchor before lo and the closest at or after hi (nil if none).
func (c *anchorCache) nearest(key string, lo, hi int) (*anchor, *anchor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	set := c.sets[key]
	i := sort.Search(len(set), func(i int) bool { return set[i].pos >= lo })
	var before, after *anchor
	if i > 0 {
		a := set[i-1]
		before = &a
	}
	j := sort.Search(len(set), func(j int) bool { return set[j].pos >= hi })
	if j < len(set) {
		a := set[j]
		after = &a
	}
	return before, after
}

func (c *anchorCache) add(key string, as ...anchor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	set, ok := c.sets[key]
	if ok {
		// Least recently used goes first: move this key to the back.
		if i := slices.Index(c.lru, key); i >= 0 {
			c.lru = append(slices.Delete(c.lru, i, i+1), key)
		}
	} else {
		if len(c.lru) >= anchorSets {
			delete(c.sets, c.lru[0])
			delete(c.warmed, c.lru[0])
			c.lru = c.lru[1:]
		}
		c.lru = append(c.lru, key)
	}
	for _, a := range as {
		i := sort.Search(len(set), func(i int) bool { return set[i].pos >= a.pos })
		if i < len(set) && set[i].pos == a.pos {
			continue
		}
		if len(set) >= anchorsPerSet {
			break
		}
		set = slices.Insert(set, i, a)
	}
	c.sets[key] = set
}
