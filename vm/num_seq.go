package vm

// num_seq.go: the binary operators of the builtin containers: str, list and
// tuple concatenation and repetition (list += and *= mutate in place), the
// set operators | & - ^ (in place for set), dict | dict and dict |=, and the
// set operators of dict key and item views.

import (
	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// numMemoryError is Python's bare MemoryError (no message).
func (vm *VM) numMemoryError() error { return NewException(MemoryErrorType) }

// numCheckAlloc fails with MemoryError when n elements exceed the VM's cap.
func (vm *VM) numCheckAlloc(n int64) error {
	if n < 0 || (vm.maxAlloc > 0 && n > vm.maxAlloc) {
		return vm.numMemoryError()
	}
	return nil
}

// numSeqBinary applies op to builtin containers; ok is false when the pair is
// not handled (the caller tries user special methods and then reports
// unsupported operands).
func (vm *VM) numSeqBinary(op bc.BinaryOp, a, b Value) (Value, bool, error) {
	base := op &^ bc.OpInplace
	inplace := op != base
	if base == bc.OpAdd {
		// A subclass of the same sequence type concatenates as its value
		// ((0,) + a namedtuple), as CPython's concatenation takes any
		// tuple, list or str.
		if _, isInst := b.(*Instance); isInst {
			switch a.(type) {
			case *Str:
				if s, ok := numUnwrap(b).(*Str); ok {
					b = s
				}
			case *List:
				if l, ok := asList(b); ok {
					b = l
				}
			case *Tuple:
				if t, ok := asTuple(b); ok {
					b = t
				}
			}
		}
	}
	switch x := a.(type) {
	case *Str:
		switch base {
		case bc.OpAdd:
			y, ok := b.(*Str)
			if !ok {
				return nil, true, vm.NewError(TypeErrorType, "can only concatenate str (not \"%s\") to str", TypeOf(b).tpName())
			}
			if len(y.S) == 0 {
				return x, true, nil
			}
			if len(x.S) == 0 {
				return y, true, nil
			}
			if err := vm.numCheckAlloc(int64(len(x.S)) + int64(len(y.S))); err != nil {
				return nil, true, err
			}
			return strConcat(x, y), true, nil
		case bc.OpMul:
			return vm.numSeqRepeat(a, b)
		case bc.OpMod:
			r, err := vm.strMod(x, b)
			return r, true, err
		}
	case *List:
		switch base {
		case bc.OpAdd:
			if inplace {
				items, err := vm.Collect(b)
				if err != nil {
					return nil, true, err
				}
				if err := vm.numCheckAlloc(int64(x.Len()) + int64(len(items))); err != nil {
					return nil, true, err
				}
				x.setValues(append(x.values(), items...))
				return x, true, nil
			}
			y, ok := b.(*List)
			if !ok {
				return nil, true, vm.NewError(TypeErrorType, "can only concatenate list (not \"%s\") to list", TypeOf(b).tpName())
			}
			if err := vm.numCheckAlloc(int64(x.Len()) + int64(y.Len())); err != nil {
				return nil, true, err
			}
			xs, ys := x.values(), y.values()
			r := makeList(len(xs) + len(ys))
			copy(r.items, xs)
			copy(r.items[len(xs):], ys)
			return r, true, nil
		case bc.OpMul:
			if inplace {
				n, ok, err := vm.numRepeatCount(b)
				if !ok || err != nil {
					return nil, ok, err
				}
				items, err := vm.binRepeatItems(x.values(), n)
				if err != nil {
					return nil, true, err
				}
				x.setValues(items)
				return x, true, nil
			}
			return vm.numSeqRepeat(a, b)
		}
	case *Tuple:
		switch base {
		case bc.OpAdd:
			y, ok := b.(*Tuple)
			if !ok {
				return nil, true, vm.NewError(TypeErrorType, "can only concatenate tuple (not \"%s\") to tuple", TypeOf(b).tpName())
			}
			if len(y.Items) == 0 {
				return x, true, nil
			}
			if len(x.Items) == 0 {
				return y, true, nil
			}
			if err := vm.numCheckAlloc(int64(len(x.Items)) + int64(len(y.Items))); err != nil {
				return nil, true, err
			}
			items := make([]Value, 0, len(x.Items)+len(y.Items))
			items = append(items, x.Items...)
			items = append(items, y.Items...)
			return &Tuple{Items: items}, true, nil
		case bc.OpMul:
			return vm.numSeqRepeat(a, b)
		}
	case *Set:
		var other *Dict
		switch y := b.(type) {
		case *Set:
			other = &y.D
		case *DictView:
			if y.Kind == viewValues {
				return nil, false, nil
			}
			s, err := vm.binViewToSet(y)
			if err != nil {
				return nil, true, err
			}
			other = &s.D
		default:
			return nil, false, nil
		}
		switch base {
		case bc.OpOr, bc.OpAnd, bc.OpSub, bc.OpXor:
			if inplace && !x.Frozen {
				err := vm.binSetOpInPlace(base, x, other)
				return x, true, err
			}
			r, err := vm.binSetOp(base, &x.D, other, x.Frozen)
			return r, true, err
		}
	case *DictView:
		if x.Kind == viewValues {
			return nil, false, nil
		}
		switch base {
		case bc.OpOr, bc.OpAnd, bc.OpSub, bc.OpXor:
		default:
			return nil, false, nil
		}
		left, err := vm.binViewToSet(x)
		if err != nil {
			return nil, true, err
		}
		var other *Dict
		switch y := b.(type) {
		case *Set:
			other = &y.D
		case *DictView:
			s, err := vm.binViewToSet(y)
			if err != nil {
				return nil, true, err
			}
			other = &s.D
		default:
			if _, isInst := b.(*Instance); isInst && lookupSpecial(b, "__iter__") == nil {
				return nil, false, nil
			}
			items, err := vm.Collect(b)
			if err != nil {
				return nil, true, err
			}
			s := &Set{}
			for _, it := range items {
				if err := vm.binSetAdd(&s.D, it); err != nil {
					return nil, true, err
				}
			}
			other = &s.D
		}
		r, err := vm.binSetOp(base, &left.D, other, false)
		return r, true, err
	case *Dict:
		if base != bc.OpOr {
			return nil, false, nil
		}
		if inplace {
			if err := vm.binDictUpdate(x, b); err != nil {
				return nil, true, err
			}
			return x, true, nil
		}
		y, ok := asDict(b)
		if !ok {
			return nil, false, nil
		}
		// A defaultdict on the right makes one (its __ror__); another
		// dict subclass gives a plain dict.
		r, err := vm.dictUnion(x, y, b)
		return r, true, err
	}
	return nil, false, nil
}

// dictUnion is a copy of a updated with b: a plain dict, or when like is
// a defaultdict, a defaultdict of like's class and factory (defaultdict's
// __or__ and __ror__ make one from either side).
func (vm *VM) dictUnion(a, b *Dict, like Value) (Value, error) {
	r := binDictCopy(a)
	if err := vm.binDictUpdate(r, b); err != nil {
		return nil, err
	}
	if inst, dd, isDD := asDefaultDict(like); isDD {
		return newNativeInstance(inst.Class, &defaultDict{d: r, factory: dd.factory}), nil
	}
	return r, nil
}

// instanceDictOr is a | b (or a |= b) for an instance a of a dict
// subclass whose own methods declined: CPython's dict.__or__ (a plain
// dict) or defaultdict's (a defaultdict of a's class and factory), and
// |= updating a in place.
func (vm *VM) instanceDictOr(op bc.BinaryOp, a *Instance, b Value) (Value, bool, error) {
	ad, ok := asDict(a)
	if !ok || op&^bc.OpInplace != bc.OpOr {
		return nil, false, nil
	}
	bd, ok := asDict(b)
	if !ok {
		return nil, false, nil
	}
	if op&bc.OpInplace != 0 {
		return a, true, vm.binDictUpdate(ad, bd)
	}
	r, err := vm.dictUnion(ad, bd, a)
	return r, true, err
}

// slotRepeatCount checks the count given to a sequence's __mul__,
// __rmul__ or __imul__ called as a method: CPython's slot wrapper wants an
// index ("'str' object cannot be interpreted as an integer"), where the *
// operator says "can't multiply sequence by non-int". __index__ runs
// later, once, in the repetition itself.
func (vm *VM) slotRepeatCount(n Value) error {
	if indexable(n) {
		return nil
	}
	return vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(n).Name)
}

// indexable reports whether n is an int or has __index__ (CPython's
// _PyIndex_Check), without calling it.
func indexable(n Value) bool {
	switch n.(type) {
	case Int, Bool, *BigInt:
		return true
	case *Instance:
		return lookupSpecial(n, "__index__") != nil
	}
	return false
}

// numRepeatCount converts the count of a sequence repetition; ok is false
// when n is not an integer (nor has __index__).
func (vm *VM) numRepeatCount(n Value) (int64, bool, error) {
	if !indexable(n) {
		return 0, false, nil
	}
	c, err := vm.IndexOf(n)
	if err != nil {
		return 0, true, err
	}
	if c < 0 {
		c = 0
	}
	return c, true, nil
}

// binRepeatItems is items * n as a fresh slice.
func (vm *VM) binRepeatItems(items []Value, n int64) ([]Value, error) {
	if n == 0 || len(items) == 0 {
		return []Value{}, nil
	}
	if n > vm.maxAlloc/int64(len(items)) {
		return nil, vm.numMemoryError()
	}
	vm.beforeBigAlloc(len(items)*int(n), ValueSlotBytes)
	out := repeatSlice(items, len(items)*int(n))
	if err := vm.afterBigAlloc(len(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// numSeqRepeat is seq * n for str, list and tuple (n * seq too: the caller
// swaps). ok is false when seq is not a sequence or n not an integer.
func (vm *VM) numSeqRepeat(seq, count Value) (Value, bool, error) {
	switch seq.(type) {
	case *Str, *List, *Tuple:
	default:
		return nil, false, nil
	}
	n, ok, err := vm.numRepeatCount(count)
	if err != nil {
		return nil, true, err
	}
	if !ok {
		if _, isInst := count.(*Instance); isInst {
			return nil, false, nil
		}
		return nil, true, vm.NewError(TypeErrorType, "can't multiply sequence by non-int of type '%s'", TypeOf(count).tpName())
	}
	switch s := seq.(type) {
	case *Str:
		if n == 1 {
			return s, true, nil
		}
		if n == 0 || len(s.S) == 0 {
			return NewStr(""), true, nil
		}
		if n > vm.maxAlloc/int64(len(s.S)) {
			return nil, true, vm.numMemoryError()
		}
		r := vm.numRepeatStr(s, n)
		if err := vm.afterBigAlloc(len(r.S)); err != nil {
			return nil, true, err
		}
		return r, true, nil
	case *List:
		if r, err := vm.repeatPacked(s, n); r != nil || err != nil {
			return r, true, err
		}
		items, err := vm.binRepeatItems(s.values(), n)
		if err != nil {
			return nil, true, err
		}
		return &List{items: items}, true, nil
	case *Tuple:
		if n == 1 {
			return s, true, nil
		}
		items, err := vm.binRepeatItems(s.Items, n)
		if err != nil {
			return nil, true, err
		}
		return &Tuple{Items: items}, true, nil
	}
	return nil, false, nil
}

// numRepeatStr repeats s n times (n within the allocation cap).
func (vm *VM) numRepeatStr(s *Str, n int64) *Str {
	b := make([]byte, 0, int64(len(s.S))*n)
	for i := int64(0); i < n; i++ {
		b = append(b, s.S...)
	}
	r := NewStr(string(b))
	r.setASCIIState(s.asciiState())
	return r
}

// binSetAdd adds key to a set's dict.
func (vm *VM) binSetAdd(d *Dict, key Value) error {
	h, err := vm.Hash(key)
	if err != nil {
		return err
	}
	return vm.binSetAddHashed(d, key, h)
}

func (vm *VM) binSetAddHashed(d *Dict, key Value, h int64) error {
	i, err := vm.binSetFind(d, key, h)
	if err != nil || i >= 0 {
		return err
	}
	d.insertNew(key, None, h)
	return nil
}

// binSetHas reports whether a set's dict holds key (hash known).
func (vm *VM) binSetHas(d *Dict, key Value, h int64) (bool, error) {
	i, err := vm.binSetFind(d, key, h)
	return i >= 0, err
}

// binSetFind is the entry index of key (hash h) in a set's dict, or -1:
// an int key by comparing ints where that decides it (findInt), else by
// the general lookup, which may run __eq__.
func (vm *VM) binSetFind(d *Dict, key Value, h int64) (int, error) {
	if k, isInt := key.(Int); isInt {
		if i, ok := d.findInt(k); ok {
			return i, nil
		}
	}
	i, _, err := vm.dictLookup(d, key, h)
	return i, err
}

// plainEqKey reports whether comparing k for equality can run no Weft
// code (ints, floats, bools, strs and None).
func plainEqKey(k Value) bool {
	switch k.(type) {
	case Int, Float, Bool, *Str, NoneType:
		return true
	}
	return false
}

// binSetOp computes a | b, a & b, a - b or a ^ b as a new set (frozen when
// the left operand is), keeping insertion order: the left operand's keys
// first, except for &, which walks the smaller operand (the right one on
// a tie) as CPython does, so that the result holds that operand's keys
// (1 or 1.0).
func (vm *VM) binSetOp(op bc.BinaryOp, a, b *Dict, frozen bool) (*Set, error) {
	r := &Set{Frozen: frozen}
	first, other := a, b
	switch op {
	case bc.OpAnd:
		if b.live <= a.live {
			first, other = b, a
		}
		r.D.reserve(first.live)
	case bc.OpSub:
		r.D.reserve(a.live)
	case bc.OpOr:
		// The left operand's table as it is, then the right's new keys.
		r.D.copyFrom(a, b.live)
		first = &Dict{}
	default:
		r.D.reserve(max(a.live, b.live))
	}
	for i := 0; i < len(first.entries); i++ {
		e := first.entries[i]
		if e.Key == nil {
			continue
		}
		if op != bc.OpOr {
			in, err := vm.binSetHas(other, e.Key, e.Hash)
			if err != nil {
				return nil, err
			}
			if in != (op == bc.OpAnd) {
				continue
			}
		}
		// first's keys are distinct and r holds only first's so far: a
		// key whose equality runs no Weft code goes in without the
		// lookup (one that may, keeps the __eq__ calls CPython makes).
		if plainEqKey(e.Key) {
			r.D.insertNew(e.Key, None, e.Hash)
		} else if err := vm.binSetAddHashed(&r.D, e.Key, e.Hash); err != nil {
			return nil, err
		}
	}
	if op == bc.OpOr || op == bc.OpXor {
		for i := 0; i < len(b.entries); i++ {
			e := b.entries[i]
			if e.Key == nil {
				continue
			}
			if op == bc.OpXor {
				in, err := vm.binSetHas(a, e.Key, e.Hash)
				if err != nil {
					return nil, err
				}
				if in {
					continue
				}
			}
			if err := vm.binSetAddHashed(&r.D, e.Key, e.Hash); err != nil {
				return nil, err
			}
		}
	}
	vm.noteAlloc(r.D.sizeBytes())
	return r, nil
}

// binSetOpInPlace is s |= o, s &= o, s -= o or s ^= o.
func (vm *VM) binSetOpInPlace(op bc.BinaryOp, s *Set, o *Dict) error {
	if op == bc.OpOr {
		for i := 0; i < len(o.entries); i++ {
			e := o.entries[i]
			if e.Key != nil {
				if err := vm.binSetAddHashed(&s.D, e.Key, e.Hash); err != nil {
					return err
				}
			}
		}
		return nil
	}
	r, err := vm.binSetOp(op, &s.D, o, s.Frozen)
	if err != nil {
		return err
	}
	ver := s.D.version
	s.D = r.D
	s.D.version = ver + 1
	return nil
}

// binDictCopy copies d reusing the stored hashes.
func binDictCopy(d *Dict) *Dict {
	r := NewDict(d.Len())
	for i := 0; i < len(d.entries); i++ {
		e := d.entries[i]
		if e.Key != nil {
			r.insertNew(e.Key, e.Value, e.Hash)
		}
	}
	return r
}

// binViewToSet makes a set of a keys or items view.
func (vm *VM) binViewToSet(v *DictView) (*Set, error) {
	s := &Set{}
	if v.Kind == viewKeys {
		for i := 0; i < len(v.D.entries); i++ {
			e := v.D.entries[i]
			if e.Key != nil {
				s.D.insertNew(e.Key, None, e.Hash)
			}
		}
		return s, nil
	}
	for i := 0; i < len(v.D.entries); i++ {
		e := v.D.entries[i]
		if e.Key != nil {
			if err := vm.binSetAdd(&s.D, tupleOf(e.Key, e.Value)); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// binDictUpdate is d.update(src) for a mapping or an iterable of pairs.
func (vm *VM) binDictUpdate(d *Dict, src Value) error {
	if s, ok := src.(*Dict); ok {
		for i := 0; i < len(s.entries); i++ {
			e := s.entries[i]
			if e.Key != nil {
				if err := vm.dictSetHashed(d, e.Key, e.Value, e.Hash); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if keysFn, err := vm.GetAttr(src, NewStr("keys")); err == nil {
		keys, err := vm.Call(keysFn, nil, nil)
		if err != nil {
			return err
		}
		ks, err := vm.Collect(keys)
		if err != nil {
			return err
		}
		for _, k := range ks {
			v, err := vm.GetItem(src, k)
			if err != nil {
				return err
			}
			if err := vm.DictSet(d, k, v); err != nil {
				return err
			}
		}
		return nil
	}
	items, err := vm.Collect(src)
	if err != nil {
		return err
	}
	for i, it := range items {
		pair, err := vm.Collect(it)
		if err != nil {
			if e, ok := err.(*Instance); ok && e.Class == TypeErrorType {
				return vm.NewError(TypeErrorType, "cannot convert dictionary update sequence element #%d to a sequence", i)
			}
			return err
		}
		if len(pair) != 2 {
			return vm.NewError(ValueErrorType, "dictionary update sequence element #%d has length %d; 2 is required", i, len(pair))
		}
		if err := vm.DictSet(d, pair[0], pair[1]); err != nil {
			return err
		}
	}
	return nil
}
