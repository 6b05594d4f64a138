package window

import (
	"cmp"
	"context"
	"math"
	"math/bits"
	"slices"
)

// The memory plan: a filter made only of time ranges, whose values are kept beside the ranks,
// is answered with no SQL. "Active this week" matches most rows; read from the index, that was
// most of a million row reads per new view. Here one pass over the kept values marks each
// match's rank in a bit set (one bit per ranked row: 120 kB at a million); the window's ranks are
// found by counting bits, and a second pass picks the rows holding them. What is kept between
// windows is each snapshot's matching rows as bits (matchingRows): a jump or another sort column
// then passes over the matches only.

// memoryValues returns, per snapshot, the kept values of each range's column (in the ranges'
// order); nil when they are not all kept.
func (e *Engine) memoryValues(snaps []Snapshot, ranges []Range) [][][]int64 {
	if len(ranges) == 0 || e.tune.NoRanks {
		return nil
	}
	r := &e.ranks
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil || len(snaps) == 0 || r.set.gen != snaps[0].Gen {
		return nil
	}
	out := make([][][]int64, len(snaps))
	for i, sn := range snaps {
		sr := r.set.snaps[sn.ID]
		if sr == nil {
			return nil
		}
		out[i] = make([][]int64, len(ranges))
		for k, g := range ranges {
			if out[i][k] = sr.vals[g.Col]; out[i][k] == nil {
				return nil
			}
		}
	}
	return out
}

// inRanges reports whether row j passes every range (vals as memoryValues gives one snapshot's).
func inRanges(ranges []Range, vals [][]int64, j int) bool {
	for k, g := range ranges {
		if !g.holds(vals[k][j]) {
			return false
		}
	}
	return true
}

// matchingRows marks, one bit per row (ids[j] is bit j), the rows of one snapshot passing every
// range. Remembered per (snapshot, filter): a jump, a count, another sort column reuse it.
func (e *Engine) matchingRows(sn Snapshot, where string, args []any, ranges []Range, vals [][]int64) []uint64 {
	key := countKey(sn, where, args)
	if m, ok := e.anchors.rowBits(key); ok {
		return m
	}
	n := 0
	if len(vals) > 0 {
		n = len(vals[0])
	}
	m := make([]uint64, (n+63)/64)
	for k, g := range ranges {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if g.HasFrom {
			lo = g.From
		}
		if g.HasTo {
			hi = g.To
		}
		v := vals[k]
		if k == 0 {
			for j, x := range v {
				if x >= lo && x < hi {
					m[j>>6] |= 1 << (j & 63)
				}
			}
			continue
		}
		for j, x := range v {
			if x < lo || x >= hi {
				m[j>>6] &^= 1 << (j & 63)
			}
		}
	}
	e.anchors.setRowBits(key, m)
	return m
}

// eachBit calls fn with the position of every set bit of m, in order.
func eachBit(m []uint64, fn func(j int)) {
	for w, word := range m {
		for word != 0 {
			fn(w<<6 | bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
}

func onesIn(m []uint64) int {
	n := 0
	for _, w := range m {
		n += bits.OnesCount64(w)
	}
	return n
}

func (e *Engine) runMemory(_ context.Context, f *facts) ([]int64, error) {
	vals := e.memoryValues(f.snaps, f.ranges)
	if vals == nil || f.lo >= f.hi {
		return nil, nil
	}
	rows := make([][]uint64, len(f.snaps))
	set := make([]uint64, (f.rows+63)/64)
	for i, sr := range f.ranks {
		rk := sr.rank[f.col]
		rows[i] = e.matchingRows(f.snaps[i], f.where, f.args, f.ranges, vals[i])
		eachBit(rows[i], func(j int) { set[rk[j]>>6] |= 1 << (rk[j] & 63) })
	}
	// The ranks of the lo-th and (hi-1)-th matches.
	first, last, seen := -1, -1, 0
	for w, word := range set {
		n := bits.OnesCount64(word)
		for first < 0 && seen+n > f.lo {
			first = w*64 + nthBit(word, f.lo-seen)
		}
		if seen+n >= f.hi {
			last = w*64 + nthBit(word, f.hi-1-seen)
			break
		}
		seen += n
	}
	if first < 0 || last < 0 {
		return nil, nil // fewer matches than counted: cannot happen with the same values
	}
	type hit struct {
		r  uint32
		id int64
	}
	hits := make([]hit, 0, f.hi-f.lo)
	for i, sr := range f.ranks {
		rk := sr.rank[f.col]
		eachBit(rows[i], func(j int) {
			if r := int(rk[j]); r >= first && r <= last {
				hits = append(hits, hit{rk[j], sr.ids[j]})
			}
		})
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.r, b.r) })
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids, nil
}

// nthBit is the position of the n-th (from 0) set bit of word.
func nthBit(word uint64, n int) int {
	for range n {
		word &= word - 1
	}
	return bits.TrailingZeros64(word)
}
