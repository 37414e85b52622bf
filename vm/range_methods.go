package vm

// range_methods.go: the range and slice types.

import (
	"github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	t := RangeType
	t.New = func(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
		if err := vm.noKwargs("range", kwnames); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("range", len(args), 1, 3); err != nil {
			return nil, err
		}
		var iv [3]int64
		for i, a := range args {
			n, err := vm.ssize(a)
			if err != nil {
				return nil, err
			}
			iv[i] = n
		}
		switch len(args) {
		case 1:
			return &Range{Start: 0, Stop: iv[0], Step: 1}, nil
		case 2:
			return &Range{Start: iv[0], Stop: iv[1], Step: 1}, nil
		}
		if iv[2] == 0 {
			return nil, vm.NewError(ValueErrorType, "range() arg 3 must not be zero")
		}
		return &Range{Start: iv[0], Stop: iv[1], Step: iv[2]}, nil
	}
	rangeMethod := func(name string, nargs int, fn func(vm *VM, r *Range, args []Value) (Value, error)) {
		qual := "range." + name // for messages; built once, not per call
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			r, ok := args[0].(*Range)
			if !ok {
				return nil, vm.descrError(name, RangeType, args[0])
			}
			if err := vm.noKwargs(qual, kw); err != nil {
				return nil, err
			}
			if nargs == 1 {
				if err := vm.exactlyOne(qual, len(args)-1); err != nil {
					return nil, err
				}
			} else if err := vm.noArgs(qual, len(args)-1); err != nil {
				return nil, err
			}
			return fn(vm, r, args[1:])
		})
	}
	addGetter(t, "start", func(vm *VM, self Value) (Value, error) { return Int(self.(*Range).Start), nil })
	addGetter(t, "stop", func(vm *VM, self Value) (Value, error) { return Int(self.(*Range).Stop), nil })
	addGetter(t, "step", func(vm *VM, self Value) (Value, error) { return Int(self.(*Range).Step), nil })
	rangeMethod("index", 1, func(vm *VM, r *Range, a []Value) (Value, error) {
		if isIntValue(a[0]) {
			if n, small := numSmall(a[0]); small {
				if i, ok := r.find(n); ok {
					return Int(i), nil
				}
			}
		} else {
			// Generic sequence search (equality with user objects).
			it := &rangeIter{cur: r.Start, step: r.Step, left: r.Len()}
			for i := 0; ; i++ {
				v, ok, _ := it.next(vm)
				if !ok {
					break
				}
				eq, err := vm.Equal(v, a[0])
				if err != nil {
					return nil, err
				}
				if eq {
					return Int(i), nil
				}
			}
		}
		s, err := vm.Repr(a[0])
		if err != nil {
			return nil, err
		}
		return nil, vm.NewError(ValueErrorType, "%s is not in range", s)
	})
	rangeMethod("count", 1, func(vm *VM, r *Range, a []Value) (Value, error) {
		if isIntValue(a[0]) {
			if rangeContains(r, a[0]) {
				return Int(1), nil
			}
			return Int(0), nil
		}
		n := 0
		it := &rangeIter{cur: r.Start, step: r.Step, left: r.Len()}
		for {
			v, ok, _ := it.next(vm)
			if !ok {
				break
			}
			eq, err := vm.Equal(v, a[0])
			if err != nil {
				return nil, err
			}
			if eq {
				n++
			}
		}
		return Int(n), nil
	})
	rangeMethod("__len__", 0, func(vm *VM, r *Range, a []Value) (Value, error) {
		return Int(r.Len()), nil
	})
	rangeMethod("__bool__", 0, func(vm *VM, r *Range, a []Value) (Value, error) {
		return Bool(r.Len() > 0), nil
	})
	rangeMethod("__getitem__", 1, func(vm *VM, r *Range, a []Value) (Value, error) {
		return vm.GetItem(r, a[0])
	})
	rangeMethod("__iter__", 0, func(vm *VM, r *Range, a []Value) (Value, error) {
		return vm.Iter(r)
	})
	rangeMethod("__reversed__", 0, func(vm *VM, r *Range, a []Value) (Value, error) {
		return reverseRange(r), nil
	})
	rangeMethod("__contains__", 1, func(vm *VM, r *Range, a []Value) (Value, error) {
		ok, err := vm.Contains(r, a[0])
		return Bool(ok), err
	})
	rangeMethod("__repr__", 0, func(vm *VM, r *Range, a []Value) (Value, error) {
		s, _, err := vm.containerRepr(r)
		return NewStr(s), err
	})
	rangeMethod("__hash__", 0, func(vm *VM, r *Range, a []Value) (Value, error) {
		h, err := vm.Hash(r)
		return Int(h), err
	})
	for _, op := range []bytecode.CompareOp{bytecode.CmpEq, bytecode.CmpNe} {
		op := op
		rangeMethod(cmpDunder[op], 1, func(vm *VM, r *Range, a []Value) (Value, error) {
			o, ok := a[0].(*Range)
			if !ok {
				return NotImplemented, nil
			}
			return Bool(ctRangeEqual(r, o) == (op == bytecode.CmpEq)), nil
		})
	}

	s := SliceType
	s.New = func(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
		if err := vm.noKwargs("slice", kwnames); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("slice", len(args), 1, 3); err != nil {
			return nil, err
		}
		switch len(args) {
		case 1:
			return &Slice{Start: None, Stop: args[0], Step: None}, nil
		case 2:
			return &Slice{Start: args[0], Stop: args[1], Step: None}, nil
		}
		return &Slice{Start: args[0], Stop: args[1], Step: args[2]}, nil
	}
	s.Dict.SetStr("__hash__", None)
	addGetter(s, "start", func(vm *VM, self Value) (Value, error) { return self.(*Slice).Start, nil })
	addGetter(s, "stop", func(vm *VM, self Value) (Value, error) { return self.(*Slice).Stop, nil })
	addGetter(s, "step", func(vm *VM, self Value) (Value, error) { return self.(*Slice).Step, nil })
	addMethod(s, "indices", func(vm *VM, args []Value, kw []string) (Value, error) {
		sl, ok := args[0].(*Slice)
		if !ok {
			return nil, vm.descrError("indices", SliceType, args[0])
		}
		if err := vm.noKwargs("slice.indices", kw); err != nil {
			return nil, err
		}
		if err := vm.exactlyOne("slice.indices", len(args)-1); err != nil {
			return nil, err
		}
		n, err := vm.ssize(args[1])
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, vm.NewError(ValueErrorType, "length should not be negative")
		}
		start, stop, step, _, err := vm.sliceIndices(sl, n)
		if err != nil {
			return nil, err
		}
		return tupleOf(Int(start), Int(stop), Int(step)), nil
	})
	addMethod(s, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		r, _, err := vm.containerRepr(args[0])
		return NewStr(r), err
	})
}

func isIntValue(v Value) bool {
	switch v.(type) {
	case Int, Bool, *BigInt:
		return true
	}
	return false
}

// reverseRange is reversed(range).
func reverseRange(r *Range) *rangeIter {
	n := r.Len()
	return &rangeIter{cur: r.Start + (n-1)*r.Step, step: -r.Step, left: n}
}
