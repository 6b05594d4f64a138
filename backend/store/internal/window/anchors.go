package window

import (
	"context"
	"slices"
	"sort"
	"sync"
)

// anchor is a row whose ascending position in one (snapshots, filter, sort) result is known.
type anchor struct {
	pos int
	k   any
	id  int64
}

// anchorCache remembers, per result (see resultKey): anchors, counts and whole sorted results.
type anchorCache struct {
	mu     sync.Mutex
	sets   map[string][]anchor // sorted by pos
	lru    []string
	counts map[string]int      // matching rows per (snapshot, filter)
	nCount []string            // counts' keys, oldest first
	whole  map[string][]int64  // complete sorted results (ids in ascending order), see keepSorted
	nWhole []string            // whole's keys, oldest first
	ids    int                 // ids held in whole
	bits   map[string][]uint64 // rows matching a filter of time ranges, per (snapshot, filter)
	nBits  []string            // bits' keys, oldest first
	gen    uint64              // see Engine.Generation
	warmed map[string]bool     // keys whose every anchorEvery-th position is known (or being found)
	// One background warm-up at a time: the newest view's (warm.go).
	warmKey    string
	warmDone   chan struct{}
	warmCancel context.CancelFunc
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
	bitsKept   = 64 // one bit per row of a snapshot: 12 kB each at 100k rows
)

// anchorEvery is the spacing of anchors recorded when a sorted plan has every position at hand.
const anchorEvery = 256

func newAnchorCache() *anchorCache {
	return &anchorCache{sets: map[string][]anchor{}, warmed: map[string]bool{}, counts: map[string]int{},
		whole: map[string][]int64{}, bits: map[string][]uint64{}}
}

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
	c.bits, c.nBits = map[string][]uint64{}, nil
}

func (c *anchorCache) rowBits(key string) ([]uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.bits[key]
	return m, ok
}

func (c *anchorCache) setRowBits(key string, m []uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.bits[key]; ok {
		return
	}
	if len(c.nBits) >= bitsKept {
		delete(c.bits, c.nBits[0])
		c.nBits = c.nBits[1:]
	}
	c.bits[key] = m
	c.nBits = append(c.nBits, key)
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
