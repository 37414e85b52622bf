package vm

// items.go: subscription (x[k], x[k] = v, del x[k]) for builtin types,
// slices with Python's slice.indices semantics, and the __getitem__
// protocol. (Owner: containers engineer.)

import (
	"math"
	"strings"
)

// intLike returns v as an Int or *BigInt when it is an int, a bool or has
// __index__; ok is false for other types.
func (vm *VM) intLike(v Value) (Value, bool, error) {
	switch x := v.(type) {
	case Int, *BigInt:
		return v, true, nil
	case Bool:
		if x {
			return Int(1), true, nil
		}
		return Int(0), true, nil
	case *Instance:
		r, ok, err := vm.callSpecial(v, "__index__")
		if !ok {
			return nil, false, nil
		}
		if err != nil {
			return nil, true, err
		}
		switch y := r.(type) {
		case Int, *BigInt:
			return r, true, nil
		case Bool:
			if y {
				return Int(1), true, nil
			}
			return Int(0), true, nil
		}
		return nil, true, vm.NewError(TypeErrorType, "__index__ returned non-int (type %s)", TypeOf(r).Name)
	}
	return nil, false, nil
}

// ssize converts an int-like argument to int64 with CPython's errors:
// TypeError for non-integers, OverflowError for huge ints.
// cInt converts v to a C int as PyLong_AsInt does (an OverflowError
// outside 32 bits, whatever the sign).
func (vm *VM) cInt(v Value) (int, error) {
	n, err := vm.IndexValue(v)
	if err != nil {
		return 0, err
	}
	if i, ok := n.(Int); ok && i >= math.MinInt32 && i <= math.MaxInt32 {
		return int(i), nil
	}
	return 0, vm.NewError(OverflowErrorType, "Python int too large to convert to C int")
}

func (vm *VM) ssize(v Value) (int64, error) {
	if i, ok := v.(Int); ok {
		return int64(i), nil
	}
	r, ok, err := vm.intLike(v)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name)
	}
	if i, ok := r.(Int); ok {
		return int64(i), nil
	}
	return 0, vm.NewError(OverflowErrorType, "Python int too large to convert to C ssize_t")
}

// seqIndex normalises index k of a sequence of length n. what is the
// IndexError's message ("list index out of range"); ok is false when k is
// not an integer (the caller then tries slices).
func (vm *VM) seqIndex(k Value, n int, what string) (int, bool, error) {
	i, ok, err := vm.indexValue(k)
	if err != nil || !ok {
		return 0, ok, err
	}
	return vm.boundIndex(i, n, what)
}

// mutableSeqIndex is seqIndex for a sequence that k's __index__ may
// change: as CPython, it converts k first and then bounds it by the
// sequence's length at that point, len().
func (vm *VM) mutableSeqIndex(k Value, length func() int, what string) (int, bool, error) {
	i, ok, err := vm.indexValue(k)
	if err != nil || !ok {
		return 0, ok, err
	}
	return vm.boundIndex(i, length(), what)
}

// indexValue is k as an index; ok is false when k is not an integer.
func (vm *VM) indexValue(k Value) (int64, bool, error) {
	if x, ok := k.(Int); ok {
		return int64(x), true, nil
	}
	r, ok, err := vm.intLike(k)
	if err != nil || !ok {
		return 0, ok, err
	}
	ri, small := r.(Int)
	if !small {
		return 0, true, vm.NewError(IndexErrorType, "cannot fit 'int' into an index-sized integer")
	}
	return int64(ri), true, nil
}

// boundIndex normalises index i of a sequence of length n.
func (vm *VM) boundIndex(i int64, n int, what string) (int, bool, error) {
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, true, vm.NewError(IndexErrorType, "%s", what)
	}
	return int(i), true, nil
}

// sliceIndex converts one slice bound: None is nil (ok false), big ints
// clamp to the int64 range.
func (vm *VM) sliceIndex(v Value) (int64, bool, error) {
	if v == None || v == nil {
		return 0, false, nil
	}
	if i, ok := v.(Int); ok {
		return int64(i), true, nil
	}
	r, ok, err := vm.intLike(v)
	if err != nil {
		return 0, false, err
	}
	if !ok {
		return 0, false, vm.NewError(TypeErrorType, "slice indices must be integers or None or have an __index__ method")
	}
	switch x := r.(type) {
	case Int:
		return int64(x), true, nil
	case *BigInt:
		if x.V.Sign() < 0 {
			return math.MinInt64, true, nil
		}
		return math.MaxInt64, true, nil
	}
	return 0, false, nil
}

// sliceIndices is PySlice_Unpack + PySlice_AdjustIndices: the start,
// stop and step of s applied to a sequence of length n, and the number of
// selected items.
func (vm *VM) sliceIndices(s *Slice, n int64) (start, stop, step, length int64, err error) {
	step = 1
	if st, ok, e := vm.sliceIndex(s.Step); e != nil {
		return 0, 0, 0, 0, e
	} else if ok {
		if st == 0 {
			return 0, 0, 0, 0, vm.NewError(ValueErrorType, "slice step cannot be zero")
		}
		step = st
		if step < -math.MaxInt64 {
			step = -math.MaxInt64
		}
	}
	st, ok, e := vm.sliceIndex(s.Start)
	if e != nil {
		return 0, 0, 0, 0, e
	}
	if ok {
		start = st
	} else if step < 0 {
		start = math.MaxInt64
	} else {
		start = 0
	}
	sp, ok, e := vm.sliceIndex(s.Stop)
	if e != nil {
		return 0, 0, 0, 0, e
	}
	if ok {
		stop = sp
	} else if step < 0 {
		stop = math.MinInt64
	} else {
		stop = math.MaxInt64
	}
	start, stop, length = adjustIndices(n, start, stop, step)
	return start, stop, step, length, nil
}

func adjustIndices(n, start, stop, step int64) (int64, int64, int64) {
	if start < 0 {
		start += n
		if start < 0 {
			if step < 0 {
				start = -1
			} else {
				start = 0
			}
		}
	} else if start >= n {
		if step < 0 {
			start = n - 1
		} else {
			start = n
		}
	}
	if stop < 0 {
		stop += n
		if stop < 0 {
			if step < 0 {
				stop = -1
			} else {
				stop = 0
			}
		}
	} else if stop >= n {
		if step < 0 {
			stop = n - 1
		} else {
			stop = n
		}
	}
	if step < 0 {
		if stop < start {
			return start, stop, (start-stop-1)/(-step) + 1
		}
	} else if start < stop {
		return start, stop, (stop-start-1)/step + 1
	}
	return start, stop, 0
}

// sliceItems returns the items of items selected by s (a new slice).
func (vm *VM) sliceItems(items []Value, s *Slice) ([]Value, error) {
	start, _, step, n, err := vm.sliceIndices(s, int64(len(items)))
	if err != nil {
		return nil, err
	}
	if step == 1 {
		return append([]Value(nil), items[start:start+n]...), nil
	}
	out := make([]Value, n)
	for i, j := int64(0), start; i < n; i, j = i+1, j+step {
		out[i] = items[j]
	}
	return out, nil
}

func indexTypeError(vm *VM, what string, k Value) error {
	return vm.NewError(TypeErrorType, "%s indices must be integers or slices, not %s", what, TypeOf(k).Name)
}

// GetItem is x[k].
func (vm *VM) GetItem(x, k Value) (Value, error) {
	switch c := x.(type) {
	case *List:
		if i, ok := k.(Int); ok {
			n := Int(c.Len())
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return nil, vm.NewError(IndexErrorType, "list index out of range")
			}
			return c.at(int(i)), nil
		}
		return vm.listGetItem(c, k)
	case *Tuple:
		if i, ok := k.(Int); ok {
			n := Int(len(c.Items))
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return nil, vm.NewError(IndexErrorType, "tuple index out of range")
			}
			return c.Items[i], nil
		}
		return vm.tupleGetItem(c, k)
	case *Dict:
		v, ok, err := vm.DictGet(c, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, NewException(KeyErrorType, k)
		}
		return v, nil
	case *Str:
		return vm.strGetItem(c, k)
	case *Range:
		return vm.rangeGetItem(c, k)
	case *BigRange:
		return vm.bigRangeGetItem(c, k)
	}
	if inst, ok := x.(*Instance); ok {
		if r, ok, err := vm.nativeDictGet(inst, k); ok {
			return r, err
		}
	}
	if r, ok, err := vm.callSpecialStr(x, dunderGetitem, k); ok {
		return r, err
	}
	if t, ok := x.(*Type); ok {
		if r, ok, err := vm.classGetItem(t, k); ok {
			return r, err
		}
	}
	return nil, vm.NewError(TypeErrorType, "'%s' object is not subscriptable", TypeOf(x).Name)
}

// dictGetitem is dict.__getitem__, the builtin method, set when dict's
// namespace is filled: read it through dictOwnGetitem.
var dictGetitem Value

// dictOwnGetitem returns dict.__getitem__, filling dict's namespace first
// (Type.Later), so that a VM comparing with it never reads it unset or
// while another VM sets it.
func dictOwnGetitem() Value {
	DictType.Dict()
	return dictGetitem
}

// nativeDictGet is inst[k] for an instance of a builtin dict subclass
// (defaultdict, a user subclass of dict) whose class keeps dict's own
// __getitem__: that method's work (dictSubscript) without the special
// method's call, which made an argument slice and went through Call
// (d[k].append(x) on a defaultdict). ok is false when it does not apply.
func (vm *VM) nativeDictGet(inst *Instance, k Value) (Value, bool, error) {
	d, isDict := asDict(inst)
	if !isDict || lookupSpecialStr(inst, dunderGetitem) != dictOwnGetitem() {
		return nil, false, nil
	}
	v, err := vm.dictSubscript(inst, d, k)
	return v, true, err
}

// classGetItem supports list[int] and friends in annotations evaluated at
// run time (they return the class itself, a good-enough generic alias).
func (vm *VM) classGetItem(t *Type, k Value) (Value, bool, error) {
	if m, _ := t.Lookup("__class_getitem__"); m != nil {
		fn := m
		if cm, ok := m.(*ClassMethod); ok {
			fn = cm.Fn
			r, err := vm.Call(fn, []Value{t, k}, nil)
			return r, true, err
		}
		r, err := vm.Call(fn, []Value{k}, nil)
		return r, true, err
	}
	switch t {
	case ListType, TupleType, DictType, SetType, FrozenSetType, TypeType, DequeType, DefaultDictType, CounterType:
		args := []Value{k}
		if tp, ok := k.(*Tuple); ok {
			args = tp.Items
		}
		return newNativeInstance(genericAliasType, &genericAlias{origin: t, args: args}), true, nil
	}
	return nil, false, nil
}

// genericAlias is list[int] and friends (types.GenericAlias): it prints
// as written and calling it calls the origin class.
type genericAlias struct {
	origin *Type
	args   []Value
}

var genericAliasType = newType("GenericAlias", "types", ObjectType)

func init() {
	ga := func(v Value) *genericAlias {
		if inst, ok := v.(*Instance); ok {
			g, _ := inst.Native().(*genericAlias)
			return g
		}
		return nil
	}
	addMethod(genericAliasType, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		g := ga(args[0])
		if g == nil {
			return nil, vm.descrError("__repr__", genericAliasType, args[0])
		}
		var b strings.Builder
		b.WriteString(qualifiedName(g.origin))
		b.WriteByte('[')
		for i, a := range g.args {
			if i > 0 {
				b.WriteString(", ")
			}
			switch x := a.(type) {
			case *Type:
				b.WriteString(qualifiedName(x))
			case EllipsisType:
				b.WriteString("...")
			default:
				s, err := vm.Repr(a)
				if err != nil {
					return nil, err
				}
				b.WriteString(s)
			}
		}
		b.WriteByte(']')
		return NewStr(b.String()), nil
	})
	addMethod(genericAliasType, "__call__", func(vm *VM, args []Value, kw []string) (Value, error) {
		g := ga(args[0])
		if g == nil {
			return nil, vm.descrError("__call__", genericAliasType, args[0])
		}
		return vm.Call(g.origin, args[1:], kw)
	})
	addGetter(genericAliasType, "__origin__", func(vm *VM, self Value) (Value, error) { return ga(self).origin, nil })
	addGetter(genericAliasType, "__args__", func(vm *VM, self Value) (Value, error) {
		return &Tuple{Items: append([]Value(nil), ga(self).args...)}, nil
	})
}

func (vm *VM) listGetItem(c *List, k Value) (Value, error) {
	if s, ok := k.(*Slice); ok {
		items, err := vm.sliceItems(c.values(), s)
		if err != nil {
			return nil, err
		}
		return &List{items: items}, nil
	}
	i, ok, err := vm.mutableSeqIndex(k, c.Len, "list index out of range")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, indexTypeError(vm, "list", k)
	}
	return c.at(i), nil
}

func (vm *VM) tupleGetItem(c *Tuple, k Value) (Value, error) {
	if s, ok := k.(*Slice); ok {
		if s.Start == None && s.Stop == None && s.Step == None {
			return c, nil
		}
		items, err := vm.sliceItems(c.Items, s)
		if err != nil {
			return nil, err
		}
		return &Tuple{Items: items}, nil
	}
	i, ok, err := vm.seqIndex(k, len(c.Items), "tuple index out of range")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, indexTypeError(vm, "tuple", k)
	}
	return c.Items[i], nil
}

func (vm *VM) rangeGetItem(r *Range, k Value) (Value, error) {
	if s, ok := k.(*Slice); ok {
		b, _ := bigRangeOf(r)
		return vm.rangeSlice(b, s)
	}
	n := r.Len()
	var i int64
	if x, ok := k.(Int); ok {
		i = int64(x)
	} else {
		v, ok, err := vm.intLike(k)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, indexTypeError(vm, "range", k)
		}
		x, small := v.(Int)
		if !small {
			return nil, vm.NewError(IndexErrorType, "range object index out of range")
		}
		i = int64(x)
	}
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, vm.NewError(IndexErrorType, "range object index out of range")
	}
	return Int(r.Start + i*r.Step), nil
}

// SetItem is x[k] = v.
func (vm *VM) SetItem(x, k, v Value) error {
	switch c := x.(type) {
	case *List:
		if i, ok := k.(Int); ok {
			n := Int(c.Len())
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return vm.NewError(IndexErrorType, "list assignment index out of range")
			}
			c.store(int(i), v)
			return nil
		}
		return vm.listSetItem(c, k, v)
	case *Dict:
		return vm.DictSet(c, k, v)
	case *Tuple, *Str, *Range:
		return vm.NewError(TypeErrorType, "'%s' object does not support item assignment", TypeOf(x).Name)
	}
	if _, ok, err := vm.callSpecialStr(x, dunderSetitem, k, v); ok {
		return err
	}
	return vm.NewError(TypeErrorType, "'%s' object does not support item assignment", TypeOf(x).Name)
}

func (vm *VM) listSetItem(c *List, k, v Value) error {
	if s, ok := k.(*Slice); ok {
		return vm.listAssignSlice(c, s, v)
	}
	i, ok, err := vm.mutableSeqIndex(k, c.Len, "list assignment index out of range")
	if err != nil {
		return err
	}
	if !ok {
		return indexTypeError(vm, "list", k)
	}
	c.store(i, v)
	return nil
}

// listAssignSlice is l[s] = v.
func (vm *VM) listAssignSlice(l *List, s *Slice, v Value) error {
	start, stop, step, n, err := vm.sliceIndices(s, int64(len(l.values())))
	if err != nil {
		return err
	}
	var items []Value
	if src, ok := v.(*List); ok && src == l {
		items = append([]Value(nil), l.items...)
	} else if src, ok := seqItems(v); ok {
		items = src
	} else {
		items, err = vm.Collect(v)
		if err != nil {
			if e, ok := err.(*Instance); ok && e.Class == TypeErrorType && !isIterable(v) {
				if step == 1 {
					return vm.NewError(TypeErrorType, "can only assign an iterable")
				}
				return vm.NewError(TypeErrorType, "must assign iterable to extended slice")
			}
			return err
		}
	}
	if step == 1 {
		if stop < start {
			stop = start
		}
		if stop-start == int64(len(items)) {
			// Same size: overwrite in place (copy handles overlap).
			copy(l.items[start:stop], items)
			return nil
		}
		newLen := int64(len(l.items)) - (stop - start) + int64(len(items))
		if newLen > vm.maxAlloc {
			return NewException(MemoryErrorType)
		}
		out := make([]Value, 0, newLen)
		out = append(out, l.items[:start]...)
		out = append(out, items...)
		out = append(out, l.items[stop:]...)
		l.items = out
		return nil
	}
	if int64(len(items)) != n {
		return vm.NewError(ValueErrorType, "attempt to assign sequence of size %d to extended slice of size %d", len(items), n)
	}
	for i, j := int64(0), start; i < n; i, j = i+1, j+step {
		l.items[j] = items[i]
	}
	return nil
}

// isIterable reports whether iter(v) could succeed without calling it.
func isIterable(v Value) bool {
	switch v.(type) {
	case *List, *Tuple, *Str, *Dict, *Set, *Range, *BigRange, *DictView, Iterator, *Generator:
		return true
	}
	return lookupSpecial(v, "__iter__") != nil || lookupSpecial(v, "__getitem__") != nil
}

// DelItem is del x[k].
func (vm *VM) DelItem(x, k Value) error {
	switch c := x.(type) {
	case *Dict:
		_, ok, err := vm.DictDelete(c, k)
		if err != nil {
			return err
		}
		if !ok {
			return NewException(KeyErrorType, k)
		}
		return nil
	case *List:
		return vm.listDelItem(c, k)
	}
	if _, ok, err := vm.callSpecial(x, "__delitem__", k); ok {
		return err
	}
	// CPython's wording tells its sequence-slot path (builtin sequences,
	// sets and every class have those slots, and k is an index) from
	// the generic one.
	verb := "does not"
	switch x.(type) {
	case *Tuple, *Str, *Range, *BigRange, *Set, *DictView, *Instance:
		if indexable(k) {
			verb = "doesn't"
		}
	}
	return vm.NewError(TypeErrorType, "'%s' object %s support item deletion", TypeOf(x).Name, verb)
}

func (vm *VM) listDelItem(c *List, k Value) error {
	if s, ok := k.(*Slice); ok {
		start, _, step, n, err := vm.sliceIndices(s, int64(len(c.values())))
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if step < 0 {
			// Walk the same items upwards.
			start = start + (n-1)*step
			step = -step
		}
		out := c.items[:start]
		next := start
		for i := start; i < int64(len(c.items)); i++ {
			if i == next && n > 0 {
				next += step
				n--
				continue
			}
			out = append(out, c.items[i])
		}
		for i := len(out); i < len(c.items); i++ {
			c.items[i] = nil
		}
		c.items = out
		return nil
	}
	c.values()
	i, ok, err := vm.mutableSeqIndex(k, c.Len, "list assignment index out of range")
	if err != nil {
		return err
	}
	if !ok {
		return indexTypeError(vm, "list", k)
	}
	copy(c.items[i:], c.items[i+1:])
	c.items[len(c.items)-1] = nil
	c.items = c.items[:len(c.items)-1]
	return nil
}
