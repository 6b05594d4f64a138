package simkit

import (
	"math/rand/v2"
	"slices"
)

// Rand is a seeded PCG source with the draws the data generators make. The same seed and
// stream always give the same sequence.
type Rand struct{ *rand.Rand }

// NewRand returns a PCG source seeded with seed and stream.
func NewRand(seed, stream uint64) Rand { return Rand{rand.New(rand.NewPCG(seed, stream))} }

// Chance is true with probability p.
func (r Rand) Chance(p float64) bool { return r.Float64() < p }

// Between draws uniformly from [lo, hi]; it returns lo when hi <= lo.
func (r Rand) Between(lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo+1)
}

// Weighted returns an index into weights, drawn proportionally.
func (r Rand) Weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// PickCumulative draws an index from cumulative weights cum (cum[i] is the sum of the
// weights of 0..i).
func (r Rand) PickCumulative(cum []int) int {
	i, _ := slices.BinarySearch(cum, r.IntN(cum[len(cum)-1])+1)
	return i
}

// City draws an index into Cities, in proportion to City.Weight.
func (r Rand) City() int { return r.PickCumulative(cityCum) }

// Cumulative returns the running sums of weights, for PickCumulative.
func Cumulative(weights []int) []int {
	cum := make([]int, len(weights))
	total := 0
	for i, w := range weights {
		total += w
		cum[i] = total
	}
	return cum
}

var cityCum = func() []int {
	w := make([]int, len(Cities))
	for i, c := range Cities {
		w[i] = c.Weight
	}
	return Cumulative(w)
}()
