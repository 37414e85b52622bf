package vm

// num_cmp.go: rich comparison of builtin values. Numbers compare exactly
// across int, bool, big int and float (2**63 == 9223372036854775808.0,
// 2**53 + 1 != 2.0**53); str by code point; list and tuple
// lexicographically with CPython's "equality first" rule; sets by
// inclusion; dicts and ranges by equality only.

import (
	"math"
	"math/big"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// numCmpResult turns a three-way comparison into the answer for op.
func numCmpResult(c int, op bc.CompareOp) bool {
	switch op {
	case bc.CmpLt:
		return c < 0
	case bc.CmpLe:
		return c <= 0
	case bc.CmpEq:
		return c == 0
	case bc.CmpNe:
		return c != 0
	case bc.CmpGt:
		return c > 0
	}
	return c >= 0
}

// numCmpInts compares two integer values three-way.
func numCmpInts(a, b Value) int {
	if x, ok := numSmall(a); ok {
		if y, ok := numSmall(b); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	return numToBig(a).Cmp(numToBig(b))
}

// numCmpIntFloat compares an integer with a non-NaN float exactly.
func numCmpIntFloat(a Value, f float64) int {
	if math.IsInf(f, 1) {
		return -1
	}
	if math.IsInf(f, -1) {
		return 1
	}
	if n, ok := numSmall(a); ok && n >= -(1<<53) && n <= 1<<53 {
		x := float64(n)
		switch {
		case x < f:
			return -1
		case x > f:
			return 1
		}
		return 0
	}
	return new(big.Float).SetInt(numToBig(a)).Cmp(big.NewFloat(f))
}

// numCompare compares two builtin numbers; ok is false when either is
// not a number.
func numCompare(a, b Value, op bc.CompareOp) (bool, bool) {
	fa, aIsF := a.(Float)
	fb, bIsF := b.(Float)
	switch {
	case aIsF && bIsF:
		return cmpOrdered(float64(fa), float64(fb), op), true
	case aIsF:
		if !numIsInt(b) {
			return false, false
		}
		if math.IsNaN(float64(fa)) {
			return op == bc.CmpNe, true
		}
		return numCmpResult(-numCmpIntFloat(b, float64(fa)), op), true
	case bIsF:
		if !numIsInt(a) {
			return false, false
		}
		if math.IsNaN(float64(fb)) {
			return op == bc.CmpNe, true
		}
		return numCmpResult(numCmpIntFloat(a, float64(fb)), op), true
	}
	if numIsInt(a) && numIsInt(b) {
		return numCmpResult(numCmpInts(a, b), op), true
	}
	return false, false
}

// compareBuiltin compares builtin values; ok is false when neither
// operand's type handles the pair (the caller then tries user methods,
// identity for ==/!=, or raises TypeError for orderings).
func (vm *VM) compareBuiltin(a, b Value, op bc.CompareOp) (Value, bool, error) {
	switch x := a.(type) {
	case Int:
		if y, ok := b.(Int); ok {
			return Bool(cmpOrdered(x, y, op)), true, nil
		}
		if r, ok := numCompare(a, b, op); ok {
			return Bool(r), true, nil
		}
	case Float, Bool, *BigInt:
		if _, af := a.(Float); af {
			b = intSubValue(b) // float compares with an int subclass as an int
		}
		if r, ok := numCompare(a, b, op); ok {
			return Bool(r), true, nil
		}
	case *Str:
		if y, ok := b.(*Str); ok {
			return Bool(cmpOrdered(x.S, y.S, op)), true, nil
		}
	case *List:
		if y, ok := b.(*List); ok {
			return vm.numCompareSeq(x.values(), y.values(), op)
		}
	case *BoundMethod:
		// Equal when bound to the same object (identity, as CPython since
		// 3.8) and to equal functions; no ordering.
		if y, ok := b.(*BoundMethod); ok && (op == bc.CmpEq || op == bc.CmpNe) {
			eq := identical(x.Self, y.Self)
			if eq && !identical(x.Fn, y.Fn) {
				var err error
				if eq, err = vm.Equal(x.Fn, y.Fn); err != nil {
					return nil, true, err
				}
			}
			return Bool(eq == (op == bc.CmpEq)), true, nil
		}
	case *Tuple:
		if y, ok := b.(*Tuple); ok {
			return vm.numCompareSeq(x.Items, y.Items, op)
		}
	case *Set:
		if y, ok := b.(*Set); ok {
			r, err := vm.numCompareSets(&x.D, &y.D, op)
			return r, err == nil, err
		}
		if y, ok := b.(*DictView); ok && y.Kind == viewKeys {
			r, err := vm.numCompareSets(&x.D, y.D, op)
			return r, err == nil, err
		}
		if y, ok := b.(*DictView); ok && y.Kind == viewItems {
			r, err := vm.compareSetLike(a, b, op)
			return r, err == nil, err
		}
	case *DictView:
		if y, ok := b.(*DictView); x.Kind == viewItems || ok && y.Kind == viewItems {
			// Items views compare as sets of (key, value) pairs, with each
			// pair looked up by key, so unhashable values compare too.
			if _, isSet := b.(*Set); isSet || ok && y.Kind != viewValues {
				r, err := vm.compareSetLike(a, b, op)
				return r, err == nil, err
			}
		}
		if x.Kind == viewKeys {
			switch y := b.(type) {
			case *Set:
				r, err := vm.numCompareSets(x.D, &y.D, op)
				return r, err == nil, err
			case *DictView:
				if y.Kind == viewKeys {
					r, err := vm.numCompareSets(x.D, y.D, op)
					return r, err == nil, err
				}
			}
		}
	case *Dict:
		if y, ok := b.(*Dict); ok && (op == bc.CmpEq || op == bc.CmpNe) {
			eq, err := vm.numDictsEqual(x, y)
			if err != nil {
				return nil, true, err
			}
			return Bool(eq == (op == bc.CmpEq)), true, nil
		}
	case *Slice:
		if y, ok := b.(*Slice); ok {
			return vm.numCompareSeq(numSliceItems(x), numSliceItems(y), op)
		}
	case *Range, *BigRange:
		if isRange(b) && (op == bc.CmpEq || op == bc.CmpNe) {
			return Bool(rangesEqual(x, b) == (op == bc.CmpEq)), true, nil
		}
	}
	return nil, false, nil
}

// numCompareSeq compares two sequences lexicographically as CPython's
// list_richcompare/tuplerichcompare do.
func (vm *VM) numCompareSeq(xs, ys []Value, op bc.CompareOp) (Value, bool, error) {
	if err := vm.nestEnter(vm.compareNestLimit(), " in comparison"); err != nil {
		return nil, true, err
	}
	r, ok, err := vm.numCompareSeqItems(xs, ys, op)
	vm.nesting--
	return r, ok, err
}

// numCompareSeqItems is numCompareSeq inside its nesting level.
func (vm *VM) numCompareSeqItems(xs, ys []Value, op bc.CompareOp) (Value, bool, error) {
	if len(xs) != len(ys) && (op == bc.CmpEq || op == bc.CmpNe) {
		return Bool(op == bc.CmpNe), true, nil
	}
	i := 0
	for ; i < len(xs) && i < len(ys); i++ {
		if identical(xs[i], ys[i]) {
			continue
		}
		eq, err := vm.Equal(xs[i], ys[i])
		if err != nil {
			return nil, true, err
		}
		if !eq {
			break
		}
	}
	if i >= len(xs) || i >= len(ys) {
		return Bool(cmpOrdered(int64(len(xs)), int64(len(ys)), op)), true, nil
	}
	switch op {
	case bc.CmpEq:
		return Bool(false), true, nil
	case bc.CmpNe:
		return Bool(true), true, nil
	}
	r, err := vm.Compare(xs[i], ys[i], op)
	return r, true, err
}

// numDictContainsAll reports whether every key of a is in b.
func (vm *VM) numDictContainsAll(a, b *Dict) (bool, error) {
	for i := 0; i < len(a.entries); i++ {
		e := a.entries[i]
		if e.Key == nil {
			continue
		}
		j, _, err := vm.dictLookup(b, e.Key, e.Hash)
		if err != nil {
			return false, err
		}
		if j < 0 {
			return false, nil
		}
	}
	return true, nil
}

// numCompareSets orders sets by inclusion.
func (vm *VM) numCompareSets(a, b *Dict, op bc.CompareOp) (Value, error) {
	if err := vm.nestEnter(vm.compareNestLimit(), " in comparison"); err != nil {
		return nil, err
	}
	r, err := vm.numCompareSetsItems(a, b, op)
	vm.nesting--
	return r, err
}

// numCompareSetsItems is numCompareSets inside its nesting level.
func (vm *VM) numCompareSetsItems(a, b *Dict, op bc.CompareOp) (Value, error) {
	return setInclusion(a.Len(), b.Len(), op, func(aInB bool) (bool, error) {
		if aInB {
			return vm.numDictContainsAll(a, b)
		}
		return vm.numDictContainsAll(b, a)
	})
}

// setInclusion decides comparison op between set-likes of sizes la and
// lb: by the sizes, then by containsAll, which reports whether every
// element of a is in b (aInB) or of b in a.
func setInclusion(la, lb int, op bc.CompareOp, containsAll func(aInB bool) (bool, error)) (Value, error) {
	aInB := true
	switch op {
	case bc.CmpEq, bc.CmpNe:
		if la != lb {
			return Bool(op == bc.CmpNe), nil
		}
		r, err := containsAll(true)
		return Bool(r == (op == bc.CmpEq)), err
	case bc.CmpLt:
		if la >= lb {
			return Bool(false), nil
		}
	case bc.CmpLe:
		if la > lb {
			return Bool(false), nil
		}
	case bc.CmpGt:
		if la <= lb {
			return Bool(false), nil
		}
		aInB = false
	default: // >=
		if la < lb {
			return Bool(false), nil
		}
		aInB = false
	}
	r, err := containsAll(aInB)
	return Bool(r), err
}

// numDictsEqual is dict == dict.
func (vm *VM) numDictsEqual(a, b *Dict) (bool, error) {
	if err := vm.nestEnter(vm.compareNestLimit(), " in comparison"); err != nil {
		return false, err
	}
	r, err := vm.numDictsEqualItems(a, b)
	vm.nesting--
	return r, err
}

// numDictsEqualItems is numDictsEqual inside its nesting level.
func (vm *VM) numDictsEqualItems(a, b *Dict) (bool, error) {
	if a.Len() != b.Len() {
		return false, nil
	}
	for i := 0; i < len(a.entries); i++ {
		e := a.entries[i]
		if e.Key == nil {
			continue
		}
		j, _, err := vm.dictLookup(b, e.Key, e.Hash)
		if err != nil {
			return false, err
		}
		if j < 0 {
			return false, nil
		}
		bv := b.entries[j].Value
		if identical(e.Value, bv) {
			continue
		}
		eq, err := vm.Equal(e.Value, bv)
		if err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// numSliceItems is (start, stop, step) of a slice, as CPython compares
// slices.
func numSliceItems(s *Slice) []Value {
	items := []Value{s.Start, s.Stop, s.Step}
	for i, v := range items {
		if v == nil {
			items[i] = None
		}
	}
	return items
}

// compareSetLike compares two set-like values (sets and keys or items
// views) as CPython's dict views do: by size, then whether every element
// of one is in the other (all_contained_in).
func (vm *VM) compareSetLike(a, b Value, op bc.CompareOp) (Value, error) {
	if err := vm.nestEnter(vm.compareNestLimit(), " in comparison"); err != nil {
		return nil, err
	}
	defer func() { vm.nesting-- }()
	return setInclusion(setLikeLen(a), setLikeLen(b), op, func(aInB bool) (bool, error) {
		sub, super := a, b
		if !aInB {
			sub, super = b, a
		}
		for _, e := range setLikeElems(sub) {
			if in, err := vm.Contains(super, e); err != nil || !in {
				return false, err
			}
		}
		return true, nil
	})
}

// setLikeLen is the size of a set or dict view.
func setLikeLen(v Value) int {
	switch x := v.(type) {
	case *Set:
		return x.D.Len()
	case *DictView:
		return x.D.Len()
	}
	return 0
}

// setLikeElems is the elements of a set or a keys or items view (items as
// (key, value) tuples).
func setLikeElems(v Value) []Value {
	var d *Dict
	items := false
	switch x := v.(type) {
	case *Set:
		d = &x.D
	case *DictView:
		d, items = x.D, x.Kind == viewItems
	default:
		return nil
	}
	out := make([]Value, 0, d.Len())
	for _, e := range d.entries {
		if e.Key == nil {
			continue
		}
		if items {
			out = append(out, tupleOf(e.Key, e.Value))
		} else {
			out = append(out, e.Key)
		}
	}
	return out
}
