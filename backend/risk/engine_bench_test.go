package risk

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkEngine judges 100k sessions (the risk package's share of a flag pass; the store's
// reading and writing come on top: see backend/bench BenchmarkFlags).
func BenchmarkEngine(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	prevSnap := randomSnapshot(rng, 100000, 1)
	for i := range prevSnap {
		prevSnap[i].UserKey += itoa(int64(i / 3))
	}
	_, prev := Compute(Context{Policy: Defaults(), Now: t0}, prevSnap)
	b.ResetTimer()
	for range b.N {
		Compute(Context{Policy: Defaults(), Now: t0, Prev: prev}, prevSnap)
	}
}
