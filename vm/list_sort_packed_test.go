package vm

import (
	"math"
	"math/rand"
	"sort"
	"testing"
)

// TestPackedIntSort: the packed sort orders int keys as a stable sort
// does, and declines keys whose range and count do not fit in 64 bits
// together.
func TestPackedIntSort(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	spans := []int64{1, 7, 1000, 1 << 40, 1 << 50}
	for _, span := range spans {
		for _, n := range []int{0, 1, 2, 17, 1000} {
			keys := make([]Value, n)
			for i := range keys {
				keys[i] = Int(rng.Int63n(span) - span/2)
			}
			perm := make([]int, n)
			if !packedIntSort(keys, perm) {
				t.Fatalf("span %d, %d keys: declined", span, n)
			}
			want := make([]int, n)
			for i := range want {
				want[i] = i
			}
			sort.SliceStable(want, func(a, b int) bool { return keys[want[a]].(Int) < keys[want[b]].(Int) })
			for i := range want {
				if perm[i] != want[i] {
					t.Fatalf("span %d, %d keys: position %d holds %d, want %d", span, n, i, perm[i], want[i])
				}
			}
		}
	}
	// Three keys take two bits of position: a range below 2^62 fits, one
	// of 2^62 does not, nor the whole of int64.
	fits := []Value{Int(0), Int(1<<62 - 1), Int(5)}
	if perm := make([]int, 3); !packedIntSort(fits, perm) || perm[0] != 0 || perm[1] != 2 || perm[2] != 1 {
		t.Errorf("range 2^62-1: %v", perm)
	}
	for _, keys := range [][]Value{
		{Int(0), Int(1 << 62), Int(5)},
		{Int(math.MinInt64), Int(math.MaxInt64), Int(0)},
	} {
		if packedIntSort(keys, make([]int, 3)) {
			t.Errorf("%v: packed, want declined", keys)
		}
	}
}
