package vm

// range_big.go: ranges past int64 (*BigRange), and the range operations
// written once for both kinds on int values: construction, slicing, ==,
// hash, repr and the attributes. A *Range keeps its int64 fast paths;
// everything here is big.Int arithmetic and may allocate.

import (
	"math"
	"math/big"
)

var bigOne = big.NewInt(1)

// newRange is range(start, stop, step) of int values (Int or *BigInt)
// with step != 0: a *Range when the start, stop, step and length fit in
// int64, else a *BigRange.
func newRange(start, stop, step Value) Value {
	a, okA := start.(Int)
	b, okB := stop.(Int)
	c, okC := step.(Int)
	if okA && okB && okC && rangeLen64(int64(a), int64(b), int64(c)) <= math.MaxInt64 {
		return &Range{Start: int64(a), Stop: int64(b), Step: int64(c)}
	}
	// CPython's compute_range_length: (hi - lo - 1) // |step| + 1.
	lo, hi, st := numToBig(start), numToBig(stop), numToBig(step)
	if st.Sign() < 0 {
		lo, hi, st = hi, lo, new(big.Int).Neg(st)
	}
	n := &BigInt{}
	if lo.Cmp(hi) < 0 {
		n.V.Sub(hi, lo)
		n.V.Sub(&n.V, bigOne)
		n.V.Quo(&n.V, st)
		n.V.Add(&n.V, bigOne)
	}
	return &BigRange{Start: start, Stop: stop, Step: step, Len: numNorm(n)}
}

// bigRangeOf views a range of either kind as a *BigRange (ok false for
// any other value), for the operations written once for both.
func bigRangeOf(v Value) (*BigRange, bool) {
	switch r := v.(type) {
	case *BigRange:
		return r, true
	case *Range:
		return &BigRange{Start: Int(r.Start), Stop: Int(r.Stop), Step: Int(r.Step), Len: Int(r.Len())}, true
	}
	return nil, false
}

// item is start + i*step: r[i] for 0 <= i < len(r), and the bound a
// slice index i stands for otherwise.
func (r *BigRange) item(i *big.Int) Value {
	v := &BigInt{}
	v.V.Mul(i, numToBig(r.Step))
	v.V.Add(&v.V, numToBig(r.Start))
	return numNorm(v)
}

// find is the index of the int x in r; ok is false when x is not an item.
func (r *BigRange) find(x Value) (Value, bool) {
	q, m := &BigInt{}, new(big.Int)
	q.V.QuoRem(new(big.Int).Sub(numToBig(x), numToBig(r.Start)), numToBig(r.Step), m)
	if m.Sign() != 0 || q.V.Sign() < 0 || q.V.Cmp(numToBig(r.Len)) >= 0 {
		return nil, false
	}
	return numNorm(q), true
}

// contains is item in r as for a *Range (rangeContains): ints by
// arithmetic, floats by their integral value, anything else never.
func (r *BigRange) contains(item Value) (found, numeric bool) {
	if f, ok := item.(Float); ok {
		if math.IsInf(float64(f), 0) || float64(f) != math.Trunc(float64(f)) {
			return false, true // NaN too: NaN != Trunc(NaN)
		}
		item = numBigFromFloat(float64(f))
	}
	if !numIsInt(item) {
		return false, false
	}
	_, ok := r.find(item)
	return ok, true
}

// bigRangeLen is len(r), which CPython can only give as a C ssize_t.
func (vm *VM) bigRangeLen(r *BigRange) (int, error) {
	if n, ok := r.Len.(Int); ok {
		return int(n), nil
	}
	return 0, vm.NewError(OverflowErrorType, "Python int too large to convert to C ssize_t")
}

// bigRangeGetItem is r[k]: an item (IndexError past either end, however
// far), or a slice.
func (vm *VM) bigRangeGetItem(r *BigRange, k Value) (Value, error) {
	if s, ok := k.(*Slice); ok {
		return vm.rangeSlice(r, s)
	}
	v, ok, err := vm.intLike(k)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, indexTypeError(vm, "range", k)
	}
	i, n := numToBig(v), numToBig(r.Len)
	if i.Sign() < 0 {
		i = new(big.Int).Add(i, n)
	}
	if i.Sign() < 0 || i.Cmp(n) >= 0 {
		return nil, vm.NewError(IndexErrorType, "range object index out of range")
	}
	return r.item(i), nil
}

// rangeSlice is r[s] (CPython's compute_slice): a range again, whose
// bounds may leave int64 even when r's do not (range(10)[::2**100]).
func (vm *VM) rangeSlice(r *BigRange, s *Slice) (Value, error) {
	start, stop, step, err := vm.sliceIndicesBig(s, numToBig(r.Len))
	if err != nil {
		return nil, err
	}
	sub := &BigInt{}
	sub.V.Mul(numToBig(r.Step), step)
	return newRange(r.item(start), r.item(stop), numNorm(sub)), nil
}

// sliceIndicesBig is CPython's _PySlice_GetLongIndices: s's start, stop
// and step for a sequence of length n, in big ints because a range's
// slice keeps them unclamped. The results must not be modified.
func (vm *VM) sliceIndicesBig(s *Slice, n *big.Int) (start, stop, step *big.Int, err error) {
	index := func(v Value) (*big.Int, error) { // nil for None
		if v == None || v == nil {
			return nil, nil
		}
		i, ok, err := vm.intLike(v)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, vm.NewError(TypeErrorType, "slice indices must be integers or None or have an __index__ method")
		}
		return numToBig(i), nil
	}
	if step, err = index(s.Step); err != nil {
		return nil, nil, nil, err
	}
	if step == nil {
		step = bigOne
	} else if step.Sign() == 0 {
		return nil, nil, nil, vm.NewError(ValueErrorType, "slice step cannot be zero")
	}
	lower, upper := new(big.Int), n
	if step.Sign() < 0 {
		lower, upper = big.NewInt(-1), new(big.Int).Sub(n, bigOne)
	}
	bound := func(v Value, dflt *big.Int) (*big.Int, error) {
		x, err := index(v)
		switch {
		case err != nil || x == nil:
			return dflt, err
		case x.Sign() < 0:
			if x = new(big.Int).Add(x, n); x.Cmp(lower) < 0 {
				return lower, nil
			}
		case x.Cmp(upper) > 0:
			return upper, nil
		}
		return x, nil
	}
	first, last := lower, upper
	if step.Sign() < 0 {
		first, last = upper, lower
	}
	if start, err = bound(s.Start, first); err != nil {
		return nil, nil, nil, err
	}
	if stop, err = bound(s.Stop, last); err != nil {
		return nil, nil, nil, err
	}
	return start, stop, step, nil
}

// bigRangeIter is the iterator of a *BigRange (CPython's
// longrange_iterator); cur and left are its own, step is never modified.
type bigRangeIter struct{ cur, step, left *big.Int }

func (*bigRangeIter) iterType() *Type { return bigRangeIterType }

func (it *bigRangeIter) next(vm *VM) (Value, bool, error) {
	if it.left.Sign() <= 0 {
		return nil, false, nil
	}
	v := &BigInt{}
	v.V.Set(it.cur)
	it.cur.Add(it.cur, it.step)
	it.left.Sub(it.left, bigOne)
	return numNorm(v), true, nil
}

// iter is iter(r), or reversed(r) when backward.
func (r *BigRange) iter(backward bool) *bigRangeIter {
	left := new(big.Int).Set(numToBig(r.Len))
	if !backward {
		return &bigRangeIter{cur: new(big.Int).Set(numToBig(r.Start)), step: numToBig(r.Step), left: left}
	}
	last := new(big.Int).Set(numToBig(r.item(new(big.Int).Sub(left, bigOne))))
	return &bigRangeIter{cur: last, step: new(big.Int).Neg(numToBig(r.Step)), left: left}
}

// rangesEqual compares ranges of either kind as the sequences they
// denote: same length, then same first item, then same step.
func rangesEqual(a, b Value) bool {
	x, smallX := a.(*Range)
	y, smallY := b.(*Range)
	if smallX && smallY {
		n := x.Len()
		switch {
		case n != y.Len():
			return false
		case n == 0:
			return true
		case x.Start != y.Start:
			return false
		}
		return n == 1 || x.Step == y.Step
	}
	bx, _ := bigRangeOf(a)
	by, _ := bigRangeOf(b)
	switch {
	case numCmpInts(bx.Len, by.Len) != 0:
		return false
	case numSign(bx.Len) == 0:
		return true
	case numCmpInts(bx.Start, by.Start) != 0:
		return false
	}
	return numCmpInts(bx.Len, Int(1)) == 0 || numCmpInts(bx.Step, by.Step) == 0
}

// rangeHash is CPython's range hash: hash((len, start, step)), with start
// and step None where they do not matter, so that equal ranges hash equal.
func (vm *VM) rangeHash(r *BigRange) (int64, error) {
	t := &Tuple{Items: []Value{r.Len, None, None}}
	if numSign(r.Len) != 0 {
		t.Items[1] = r.Start
		if numCmpInts(r.Len, Int(1)) != 0 {
			t.Items[2] = r.Step
		}
	}
	return vm.hashTuple(t)
}

// rangeRepr is repr(r): range(start, stop) or range(start, stop, step).
func (vm *VM) rangeRepr(r *BigRange) (string, error) {
	parts := []Value{r.Start, r.Stop, r.Step}
	if numCmpInts(r.Step, Int(1)) == 0 {
		parts = parts[:2]
	}
	s := "range("
	for i, p := range parts {
		if i > 0 {
			s += ", "
		}
		d, err := vm.IntString(p)
		if err != nil {
			return "", err
		}
		s += d
	}
	return s + ")", nil
}
