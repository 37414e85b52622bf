package vm

// list_sort.go: the stable sort behind list.sort and sorted(). It follows
// CPython's timsort closely enough that the comparisons made on short
// lists (and so the error a mixed-type list raises, or the calls a
// printing __lt__ makes) are the same: runs are found with count_run and
// extended with binary insertion, and runs are merged in timsort's order
// (without galloping).

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// sorter sorts keys (and vals alongside, when not nil) with "<".
type sorter struct {
	vm   *VM
	keys []Value
	vals []Value
	err  error
	tmpK []Value
	tmpV []Value
}

func (s *sorter) lt(a, b Value) bool {
	if s.err != nil {
		return false
	}
	if less, ok := sortLess(a, b); ok {
		return less
	}
	r, err := s.vm.Compare(a, b, bytecode.CmpLt)
	if err != nil {
		s.err = err
		return false
	}
	if bb, ok := r.(Bool); ok {
		return bool(bb)
	}
	t, err := s.vm.Truthy(r)
	if err != nil {
		s.err = err
		return false
	}
	return t
}

// sortLess answers a < b without calling out for two ints, two strs
// (code-point order is UTF-8 byte order), two floats, and two tuples
// whose items up to the first difference are such pairs (as tuple
// comparison: equal items are skipped, the first unequal pair decides,
// else the shorter tuple is less). ok is false for anything else, and
// for NaNs, whose comparisons the general path makes.
func sortLess(a, b Value) (less, ok bool) {
	if x, isTuple := a.(*Tuple); isTuple {
		y, isTuple := b.(*Tuple)
		if !isTuple {
			return false, false
		}
		n := min(len(x.Items), len(y.Items))
		for i := 0; i < n; i++ {
			p, q := x.Items[i], y.Items[i]
			if identical(p, q) {
				continue
			}
			c, ok := sortCompareScalars(p, q)
			if !ok {
				return false, false
			}
			if c != 0 {
				return c < 0, true
			}
		}
		return len(x.Items) < len(y.Items), true
	}
	c, ok := sortCompareScalars(a, b)
	return c < 0, ok
}

// sortCompareScalars orders two ints, two strs or two floats (not NaN).
func sortCompareScalars(a, b Value) (int, bool) {
	switch x := a.(type) {
	case Int:
		if y, ok := b.(Int); ok {
			return cmp.Compare(x, y), true
		}
	case *Str:
		if y, ok := b.(*Str); ok {
			return strings.Compare(x.S, y.S), true
		}
	case Float:
		if y, ok := b.(Float); ok && !math.IsNaN(float64(x)) && !math.IsNaN(float64(y)) {
			return cmp.Compare(x, y), true
		}
	}
	return 0, false
}

func (s *sorter) swap(i, j int) {
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
	if s.vals != nil {
		s.vals[i], s.vals[j] = s.vals[j], s.vals[i]
	}
}

func (s *sorter) reverse(lo, hi int) {
	for hi--; lo < hi; lo, hi = lo+1, hi-1 {
		s.swap(lo, hi)
	}
}

// countRun returns the length of the run starting at lo, reversing a
// strictly descending run in place.
func (s *sorter) countRun(lo, hi int) int {
	if lo+1 >= hi {
		return hi - lo
	}
	n := 2
	if s.lt(s.keys[lo+1], s.keys[lo]) {
		for i := lo + 2; i < hi && s.err == nil; i++ {
			if !s.lt(s.keys[i], s.keys[i-1]) {
				break
			}
			n++
		}
		if s.err == nil {
			// CPython reverses a descending run only once it is complete.
			s.reverse(lo, lo+n)
		}
		return n
	}
	for i := lo + 2; i < hi && s.err == nil; i++ {
		if s.lt(s.keys[i], s.keys[i-1]) {
			break
		}
		n++
	}
	return n
}

// binarySort sorts [lo, hi) whose prefix [lo, start) is already sorted.
func (s *sorter) binarySort(lo, hi, start int) {
	if start == lo {
		start++
	}
	for ; start < hi && s.err == nil; start++ {
		pk := s.keys[start]
		var pv Value
		if s.vals != nil {
			pv = s.vals[start]
		}
		l, r := lo, start
		for l < r {
			p := l + (r-l)>>1
			if s.lt(pk, s.keys[p]) {
				r = p
			} else {
				l = p + 1
			}
		}
		copy(s.keys[l+1:start+1], s.keys[l:start])
		s.keys[l] = pk
		if s.vals != nil {
			copy(s.vals[l+1:start+1], s.vals[l:start])
			s.vals[l] = pv
		}
	}
}

func minRun(n int) int {
	r := 0
	for n >= 64 {
		r |= n & 1
		n >>= 1
	}
	return n + r
}

// merge merges the adjacent sorted runs [lo, mid) and [mid, hi).
func (s *sorter) merge(lo, mid, hi int) {
	s.tmpK = append(s.tmpK[:0], s.keys[lo:mid]...)
	if s.vals != nil {
		s.tmpV = append(s.tmpV[:0], s.vals[lo:mid]...)
	}
	i, j, k := 0, mid, lo
	for i < len(s.tmpK) && j < hi {
		if s.err == nil && s.lt(s.keys[j], s.tmpK[i]) {
			s.keys[k] = s.keys[j]
			if s.vals != nil {
				s.vals[k] = s.vals[j]
			}
			j++
		} else {
			s.keys[k] = s.tmpK[i]
			if s.vals != nil {
				s.vals[k] = s.tmpV[i]
			}
			i++
		}
		k++
	}
	for ; i < len(s.tmpK); i, k = i+1, k+1 {
		s.keys[k] = s.tmpK[i]
		if s.vals != nil {
			s.vals[k] = s.tmpV[i]
		}
	}
}

func (s *sorter) sort() error {
	n := len(s.keys)
	if n < 2 {
		return nil
	}
	if s.fastSort() {
		return nil
	}
	minrun := minRun(n)
	type run struct{ base, len int }
	var stack []run
	mergeAt := func(i int) {
		a, b := stack[i], stack[i+1]
		s.merge(a.base, b.base, b.base+b.len)
		stack[i] = run{a.base, a.len + b.len}
		stack = append(stack[:i+1], stack[i+2:]...)
	}
	lo := 0
	for lo < n && s.err == nil {
		r := s.countRun(lo, n)
		if r < minrun {
			force := min(minrun, n-lo)
			s.binarySort(lo, lo+force, lo+r)
			r = force
		}
		stack = append(stack, run{lo, r})
		lo += r
		// merge_collapse
		for len(stack) > 1 && s.err == nil {
			k := len(stack) - 2
			if k > 0 && stack[k-1].len <= stack[k].len+stack[k+1].len ||
				k > 1 && stack[k-2].len <= stack[k-1].len+stack[k].len {
				if stack[k-1].len < stack[k+1].len {
					k--
				}
			} else if stack[k].len > stack[k+1].len {
				break
			}
			mergeAt(k)
		}
	}
	for len(stack) > 1 && s.err == nil {
		k := len(stack) - 2
		if k > 0 && stack[k-1].len < stack[k+1].len {
			k--
		}
		mergeAt(k)
	}
	return s.err
}

// fastSort sorts keys that are all ints and floats (without NaN) or all
// strs without Weft comparisons: the result of a stable sort does not
// depend on the algorithm, so a pdqsort with the original position as
// tie-breaker gives the same order as timsort.
func (s *sorter) fastSort() bool {
	type numKey struct {
		f   float64
		i   int64
		pos int
	}
	type strKey struct {
		s   string
		pos int
	}
	kind := 0 // 1 ints only, 2 ints and floats, 3 strs
	for _, k := range s.keys {
		switch x := k.(type) {
		case Int:
			if kind == 3 {
				return false
			}
			if kind == 2 && (x > 1<<53 || x < -(1<<53)) {
				return false
			}
			if kind == 0 {
				kind = 1
			}
		case Float:
			if kind == 3 || math.IsNaN(float64(x)) {
				return false
			}
			kind = 2
		case *Str:
			if kind != 0 && kind != 3 {
				return false
			}
			kind = 3
		default:
			return false
		}
	}
	n := len(s.keys)
	perm := make([]int, n)
	switch {
	case kind == 1 && packedIntSort(s.keys, perm):
	case kind == 1 || kind == 2:
		ks := make([]numKey, n)
		for i, k := range s.keys {
			switch x := k.(type) {
			case Int:
				ks[i] = numKey{f: float64(x), i: int64(x), pos: i}
			case Float:
				ks[i] = numKey{f: float64(x), pos: i}
			}
		}
		if kind == 2 {
			for _, k := range s.keys {
				if x, ok := k.(Int); ok && (x > 1<<53 || x < -(1<<53)) {
					return false
				}
			}
		}
		slices.SortFunc(ks, func(a, b numKey) int {
			if kind == 1 {
				if a.i != b.i {
					return cmp.Compare(a.i, b.i)
				}
			} else if a.f != b.f {
				return cmp.Compare(a.f, b.f)
			}
			return a.pos - b.pos
		})
		for i, k := range ks {
			perm[i] = k.pos
		}
	case kind == 3:
		ks := make([]strKey, n)
		for i, k := range s.keys {
			ks[i] = strKey{s: k.(*Str).S, pos: i}
		}
		slices.SortFunc(ks, func(a, b strKey) int {
			if c := strings.Compare(a.s, b.s); c != 0 {
				return c
			}
			return a.pos - b.pos
		})
		for i, k := range ks {
			perm[i] = k.pos
		}
	default:
		return false
	}
	s.permute(perm)
	return true
}

// permute puts the keys, and the values when there are any, in the order
// perm gives: the item at i is the one that was at perm[i].
func (s *sorter) permute(perm []int) {
	n := len(perm)
	k := make([]Value, n)
	for i, j := range perm {
		k[i] = s.keys[j]
	}
	copy(s.keys, k)
	if s.vals != nil {
		v := make([]Value, n)
		for i, j := range perm {
			v[i] = s.vals[j]
		}
		copy(s.vals, v)
	}
}

// packedIntSort sorts int keys, when their range and their count fit in
// 64 bits together, as one uint64 each: the key's offset from the
// smallest above the position, which breaks ties as a stable sort does.
// slices.Sort compares those inline, where SortFunc called a closure per
// comparison (sorted(xs, key=lambda v: -v) spent half its sort there).
// perm gets the sorted order; false when the keys do not fit.
func packedIntSort(keys []Value, perm []int) bool {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, k := range keys {
		x := int64(k.(Int))
		lo, hi = min(lo, x), max(hi, x)
	}
	shift := uint(bits.Len(uint(len(keys))))
	if span := uint64(hi) - uint64(lo); shift >= 64 || span>>(64-shift) != 0 {
		return false
	}
	packed := make([]uint64, len(keys))
	for i, k := range keys {
		packed[i] = (uint64(int64(k.(Int)))-uint64(lo))<<shift | uint64(i)
	}
	slices.Sort(packed)
	mask := uint64(1)<<shift - 1
	for i, p := range packed {
		perm[i] = int(p & mask)
	}
	return true
}

// sortValues sorts items in place as list.sort(key=key, reverse=reverse)
// does. key may be nil or None.
func (vm *VM) sortValues(items []Value, key Value, reverse bool) error {
	s := &sorter{vm: vm}
	if key != nil && key != None {
		keys := make([]Value, len(items))
		for i, it := range items {
			k, err := vm.Call(key, []Value{it}, nil)
			if err != nil {
				return err
			}
			keys[i] = k
		}
		s.keys, s.vals = keys, items
	} else {
		s.keys = items
	}
	if reverse {
		s.reverse(0, len(items))
	}
	err := s.sort()
	if reverse {
		s.reverse(0, len(items))
	}
	return err
}

// listSort is list.sort(*, key=None, reverse=False).
func (vm *VM) listSort(l *List, args []Value, kwnames []string) error {
	if len(args) > len(kwnames) {
		return vm.NewError(TypeErrorType, "sort() takes no positional arguments")
	}
	var key Value
	reverse := false
	for i, k := range kwnames {
		v := args[i]
		switch k {
		case "key":
			key = v
		case "reverse":
			r, err := vm.intFlag(v)
			if err != nil {
				return err
			}
			reverse = r
		default:
			return vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for sort()", k)
		}
	}
	items := l.values()
	l.setValues(nil)
	err := vm.sortValues(items, key, reverse)
	modified := l.items != nil
	l.setValues(items)
	if err != nil {
		return err
	}
	if modified {
		return vm.NewError(ValueErrorType, "list modified during sort")
	}
	return nil
}

// intFlag converts a reverse= style flag: ints and bools only, as
// CPython's "p"-less int converter.
func (vm *VM) intFlag(v Value) (bool, error) {
	switch x := v.(type) {
	case Bool:
		return bool(x), nil
	case Int:
		return x != 0, nil
	case *BigInt:
		return x.V.Sign() != 0, nil
	case Float:
		return false, vm.NewError(TypeErrorType, "'float' object cannot be interpreted as an integer")
	}
	r, ok, err := vm.intLike(v)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name)
	}
	return vm.Truthy(r)
}
