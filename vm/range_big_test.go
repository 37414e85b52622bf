package vm

import (
	"math"
	"testing"
)

// TestRangeKinds: a range stays a *Range, the form the hot tier iterates
// as int64, exactly when its start, stop, step and length fit in int64;
// everything else is a *BigRange with its own iterator. The behaviour of
// both is checked against python3 by testdata/conformance/range_big.weft.
func TestRangeKinds(t *testing.T) {
	big2 := func(s string) Value {
		n := &BigInt{}
		n.V.SetString(s, 0)
		return numNorm(n)
	}
	cases := []struct {
		start, stop, step Value
		small             bool
	}{
		{Int(0), Int(10), Int(1), true},
		{Int(math.MinInt64), Int(math.MaxInt64), Int(3), true},
		{Int(math.MinInt64), Int(math.MaxInt64), Int(2), false}, // length 2**63
		{Int(0), Int(math.MaxInt64), Int(math.MaxInt64), true},
		{Int(math.MaxInt64), Int(math.MinInt64), Int(math.MinInt64), true},
		{Int(math.MinInt64), Int(math.MaxInt64), Int(1), false}, // length 2**64 - 1
		{Int(math.MaxInt64), Int(math.MinInt64), Int(-1), false},
		{Int(0), big2("0x10000000000000000"), Int(1), false},
		{big2("0x10000000000000000"), Int(0), Int(1), false}, // empty, still big
		{Int(0), Int(1), big2("0x10000000000000000"), false},
	}
	vm := New(Options{})
	for _, c := range cases {
		r := newRange(c.start, c.stop, c.step)
		_, small := r.(*Range)
		if small != c.small {
			t.Errorf("range(%v, %v, %v) is %T", c.start, c.stop, c.step, r)
			continue
		}
		it, err := vm.Iter(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, fast := it.(*rangeIter); fast != small {
			t.Errorf("iter(range(%v, %v, %v)) is %T", c.start, c.stop, c.step, it)
		}
	}
}
