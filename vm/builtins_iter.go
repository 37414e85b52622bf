package vm

// builtins_iter.go: the lazy builtin iterators enumerate, zip, map,
// filter and reversed (types, as in CPython) and iter(callable, sentinel).

import "github.com/weft-lang/weft/compiler/bytecode"

// The iterator classes of the builtins module.
var (
	EnumerateType = newIterType("enumerate")
	ZipType       = newIterType("zip")
	MapType       = newIterType("map")
	FilterType    = newIterType("filter")
	ReversedType  = newIterType("reversed")
)

func init() {
	EnumerateType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		a, err := vm.parseArgs("enumerate", args, kw, []string{"iterable", "start"}, 0, 0)
		if err == nil && a[0] == nil {
			err = vm.NewError(TypeErrorType, "enumerate() missing required argument 'iterable'")
		}
		if err != nil {
			return nil, err
		}
		e := &enumerateIter{n: Int(0)}
		if a[1] != nil {
			n, ok, err := vm.intLike(a[1])
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(a[1]).Name)
			}
			e.n = n
		}
		it, err := vm.Iter(a[0])
		if err != nil {
			return nil, err
		}
		e.it = it
		return e, nil
	}
	ZipType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		z := &zipIter{}
		for i, k := range kw {
			if k != "strict" {
				return nil, vm.NewError(TypeErrorType, "zip() got an unexpected keyword argument '%s'", k)
			}
			s, err := vm.Truthy(args[npos+i])
			if err != nil {
				return nil, err
			}
			z.strict = s
		}
		for _, a := range args[:npos] {
			it, err := vm.Iter(a)
			if err != nil {
				return nil, err
			}
			z.its = append(z.its, it)
		}
		return z, nil
	}
	MapType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("map", kw); err != nil {
			return nil, err
		}
		if len(args) < 2 {
			return nil, vm.NewError(TypeErrorType, "map() must have at least two arguments.")
		}
		m := &mapIter{fn: args[0]}
		for _, a := range args[1:] {
			it, err := vm.Iter(a)
			if err != nil {
				return nil, err
			}
			m.its = append(m.its, it)
		}
		return m, nil
	}
	FilterType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("filter", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("filter", len(args), 2, 2); err != nil {
			return nil, err
		}
		it, err := vm.Iter(args[1])
		if err != nil {
			return nil, err
		}
		return &filterIter{fn: args[0], it: it}, nil
	}
	ReversedType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("reversed", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("reversed", len(args), 1, 1); err != nil {
			return nil, err
		}
		return vm.Reversed(args[0])
	}
}

// Reversed is reversed(seq).
func (vm *VM) Reversed(seq Value) (Value, error) {
	switch x := seq.(type) {
	case *List:
		return &listRevIter{l: x, i: x.Len() - 1}, nil
	case *Range:
		return reverseRange(x), nil
	case *BigRange:
		return x.iter(true), nil
	case *Dict:
		return &dictRevIter{d: x, i: len(x.entries) - 1, size: x.live}, nil
	case *DictView:
		return &dictRevIter{d: x.D, kind: x.Kind, i: len(x.D.entries) - 1, size: x.D.live}, nil
	case *Tuple, *Str:
		n, _ := vm.Len(x)
		return &reversedIter{seq: seq, i: n - 1}, nil
	case *Set:
		return nil, vm.NewError(TypeErrorType, "'%s' object is not reversible", TypeOf(seq).Name)
	}
	if r, ok, err := vm.callSpecial(seq, "__reversed__"); ok {
		if r == None && err == nil {
			return nil, vm.NewError(TypeErrorType, "'%s' object is not reversible", TypeOf(seq).Name)
		}
		return r, err
	}
	if lookupSpecial(seq, "__getitem__") != nil && lookupSpecial(seq, "__len__") != nil {
		if _, isDict := asDict(seq); !isDict {
			n, err := vm.Len(seq)
			if err != nil {
				return nil, err
			}
			return &reversedIter{seq: seq, i: n - 1}, nil
		}
	}
	return nil, vm.NewError(TypeErrorType, "'%s' object is not reversible", TypeOf(seq).Name)
}

// reversedIter walks a sequence backwards by index.
type reversedIter struct {
	seq Value
	i   int
}

func (*reversedIter) iterType() *Type { return ReversedType }

func (it *reversedIter) next(vm *VM) (Value, bool, error) {
	if it.seq == nil || it.i < 0 {
		it.seq = nil
		return nil, false, nil
	}
	switch x := it.seq.(type) {
	case *Tuple:
		if it.i < len(x.Items) {
			v := x.Items[it.i]
			it.i--
			return v, true, nil
		}
	}
	v, err := vm.GetItem(it.seq, Int(it.i))
	if err != nil {
		if isExcOf(err, IndexErrorType) || isExcOf(err, StopIterationType) {
			it.seq = nil
			return nil, false, nil
		}
		return nil, false, err
	}
	it.i--
	return v, true, nil
}

type enumerateIter struct {
	it Value
	n  Value // Int or *BigInt
}

func (*enumerateIter) iterType() *Type { return EnumerateType }

func (e *enumerateIter) next(vm *VM) (Value, bool, error) {
	n, v, ok, err := e.nextPair(vm)
	if err != nil || !ok {
		return nil, ok, err
	}
	return tupleOf(n, v), true, nil
}

func (e *enumerateIter) pairs() bool { return true }

// nextPair is next's count and item, without the tuple.
func (e *enumerateIter) nextPair(vm *VM) (Value, Value, bool, error) {
	v, ok, err := vm.Next(e.it)
	if err != nil || !ok {
		return nil, nil, ok, err
	}
	n := e.n
	if i, small := n.(Int); small && i < 1<<62 {
		e.n = i + 1
	} else {
		if e.n, err = vm.BinaryOp(bytecode.OpAdd, n, Int(1)); err != nil {
			return nil, nil, false, err
		}
	}
	return n, v, true, nil
}

type zipIter struct {
	its    []Value
	strict bool
	done   bool
}

func (*zipIter) iterType() *Type { return ZipType }

func (z *zipIter) next(vm *VM) (Value, bool, error) {
	if z.done || len(z.its) == 0 {
		return nil, false, nil
	}
	t := makeTuple(len(z.its))
	if ok, err := z.fill(vm, t.Items); err != nil || !ok {
		return nil, false, err
	}
	return t, true, nil
}

func (z *zipIter) pairs() bool { return len(z.its) == 2 }

// nextPair is next for a zip of two iterables, without the tuple.
func (z *zipIter) nextPair(vm *VM) (Value, Value, bool, error) {
	if z.done {
		return nil, nil, false, nil
	}
	var pair [2]Value
	ok, err := z.fill(vm, pair[:])
	return pair[0], pair[1], ok, err
}

// fill sets items to the next item of each iterable; ok is false once
// one is exhausted.
func (z *zipIter) fill(vm *VM, items []Value) (bool, error) {
	for i, it := range z.its {
		v, ok, err := vm.Next(it)
		if err != nil {
			return false, err
		}
		if !ok {
			z.done = true
			if z.strict {
				if i > 0 {
					return false, vm.zipStrictError(i, "shorter")
				}
				for j := 1; j < len(z.its); j++ {
					if _, ok, err := vm.Next(z.its[j]); err != nil {
						return false, err
					} else if ok {
						return false, vm.zipStrictError(j, "longer")
					}
				}
			}
			return false, nil
		}
		items[i] = v
	}
	return true, nil
}

func (vm *VM) zipStrictError(i int, what string) error {
	if i == 1 {
		return vm.NewError(ValueErrorType, "zip() argument 2 is %s than argument 1", what)
	}
	return vm.NewError(ValueErrorType, "zip() argument %d is %s than arguments 1-%d", i+1, what, i)
}

type mapIter struct {
	fn  Value
	its []Value
}

func (*mapIter) iterType() *Type { return MapType }

func (m *mapIter) next(vm *VM) (Value, bool, error) {
	if m.its == nil {
		return nil, false, nil
	}
	args := make([]Value, len(m.its))
	for i, it := range m.its {
		v, ok, err := vm.Next(it)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			m.its = nil
			return nil, false, nil
		}
		args[i] = v
	}
	r, err := vm.Call(m.fn, args, nil)
	if err != nil {
		return nil, false, err
	}
	return r, true, nil
}

type filterIter struct {
	fn Value
	it Value
}

func (*filterIter) iterType() *Type { return FilterType }

func (f *filterIter) next(vm *VM) (Value, bool, error) {
	for {
		v, ok, err := vm.Next(f.it)
		if err != nil || !ok {
			return nil, ok, err
		}
		test := v
		if f.fn != None {
			if f.fn == BoolType {
				test = v
			} else if test, err = vm.Call(f.fn, []Value{v}, nil); err != nil {
				return nil, false, err
			}
		}
		t, err := vm.Truthy(test)
		if err != nil {
			return nil, false, err
		}
		if t {
			return v, true, nil
		}
	}
}

// callIter is iter(callable, sentinel).
type callIter struct {
	fn       Value
	sentinel Value
}

func (*callIter) iterType() *Type { return callableIterType }

func (c *callIter) next(vm *VM) (Value, bool, error) {
	if c.fn == nil {
		return nil, false, nil
	}
	v, err := vm.Call(c.fn, nil, nil)
	if err != nil {
		if isExcOf(err, StopIterationType) {
			c.fn = nil
			return nil, false, nil
		}
		return nil, false, err
	}
	eq, err := vm.Equal(v, c.sentinel)
	if err != nil {
		return nil, false, err
	}
	if eq {
		c.fn = nil
		return nil, false, nil
	}
	return v, true, nil
}
