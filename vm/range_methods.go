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
		// Each argument is an int (Int or *BigInt) after __index__.
		iv := [3]Value{Int(0), nil, Int(1)}
		for i, a := range args {
			n, err := vm.IndexValue(a)
			if err != nil {
				return nil, err
			}
			iv[i] = n
		}
		if len(args) == 1 {
			iv[0], iv[1] = Int(0), iv[0]
		}
		if numSign(iv[2]) == 0 {
			return nil, vm.NewError(ValueErrorType, "range() arg 3 must not be zero")
		}
		return newRange(iv[0], iv[1], iv[2]), nil
	}
	t.Later(registerRangeMethods)
}

// registerRangeMethods registers range's methods (see Type.Later).
func registerRangeMethods(t *Type) {
	rangeMethod := func(name string, nargs int, fn func(vm *VM, r Value, args []Value) (Value, error)) {
		qual := "range." + name // for messages; built once, not per call
		wrapper := isSlotWrapper(RangeType, name)
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			r := args[0]
			if !isRange(r) {
				return nil, vm.descrError(name, RangeType, r)
			}
			if err := vm.methodArgs(wrapper, qual, name, args[1:], kw, nargs, nargs); err != nil {
				return nil, err
			}
			return fn(vm, r, args[1:])
		})
	}
	addGetter(t, "start", func(vm *VM, self Value) (Value, error) {
		if r, ok := self.(*Range); ok {
			return Int(r.Start), nil
		}
		return self.(*BigRange).Start, nil
	})
	addGetter(t, "stop", func(vm *VM, self Value) (Value, error) {
		if r, ok := self.(*Range); ok {
			return Int(r.Stop), nil
		}
		return self.(*BigRange).Stop, nil
	})
	addGetter(t, "step", func(vm *VM, self Value) (Value, error) {
		if r, ok := self.(*Range); ok {
			return Int(r.Step), nil
		}
		return self.(*BigRange).Step, nil
	})
	rangeMethod("index", 1, func(vm *VM, r Value, a []Value) (Value, error) {
		if isIntValue(a[0]) {
			if i, ok := rangeIndexOf(r, a[0]); ok {
				return i, nil
			}
		} else {
			found := -1
			if err := vm.rangeScan(r, a[0], func(i int) bool { found = i; return false }); err != nil {
				return nil, err
			}
			if found >= 0 {
				return Int(found), nil
			}
			// CPython's generic sequence search words it so.
			return nil, vm.NewError(ValueErrorType, "sequence.index(x): x not in sequence")
		}
		s, err := vm.Repr(a[0])
		if err != nil {
			return nil, err
		}
		return nil, vm.NewError(ValueErrorType, "%s is not in range", s)
	})
	rangeMethod("count", 1, func(vm *VM, r Value, a []Value) (Value, error) {
		if isIntValue(a[0]) {
			if _, ok := rangeIndexOf(r, a[0]); ok {
				return Int(1), nil
			}
			return Int(0), nil
		}
		n := 0
		err := vm.rangeScan(r, a[0], func(int) bool { n++; return true })
		return Int(n), err
	})
	rangeMethod("__len__", 0, func(vm *VM, r Value, a []Value) (Value, error) {
		n, err := vm.Len(r)
		return Int(n), err
	})
	rangeMethod("__bool__", 0, func(vm *VM, r Value, a []Value) (Value, error) {
		ok, err := vm.Truthy(r)
		return Bool(ok), err
	})
	rangeMethod("__getitem__", 1, func(vm *VM, r Value, a []Value) (Value, error) {
		return vm.GetItem(r, a[0])
	})
	rangeMethod("__iter__", 0, func(vm *VM, r Value, a []Value) (Value, error) {
		return vm.Iter(r)
	})
	rangeMethod("__reversed__", 0, func(vm *VM, r Value, a []Value) (Value, error) {
		return vm.Reversed(r)
	})
	rangeMethod("__contains__", 1, func(vm *VM, r Value, a []Value) (Value, error) {
		ok, err := vm.Contains(r, a[0])
		return Bool(ok), err
	})
	rangeMethod("__repr__", 0, func(vm *VM, r Value, a []Value) (Value, error) {
		s, _, err := vm.containerRepr(r)
		return NewStr(s), err
	})
	rangeMethod("__hash__", 0, func(vm *VM, r Value, a []Value) (Value, error) {
		h, err := vm.Hash(r)
		return Int(h), err
	})
	// range has all six comparison wrappers (CPython's tp_richcompare), so
	// range.__lt__ checks its self; only == and != compare ranges.
	for op := range cmpDunder {
		op := bytecode.CompareOp(op)
		rangeMethod(cmpDunder[op], 1, func(vm *VM, r Value, a []Value) (Value, error) {
			if !isRange(a[0]) || (op != bytecode.CmpEq && op != bytecode.CmpNe) {
				return NotImplemented, nil
			}
			return Bool(rangesEqual(r, a[0]) == (op == bytecode.CmpEq)), nil
		})
	}
}

func init() {
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
	s.Later(registerSliceMethods)
}

// registerSliceMethods registers slice's methods (see Type.Later).
func registerSliceMethods(s *Type) {
	s.setMethod("__hash__", None)
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
		if _, ok := args[0].(*Slice); !ok {
			return nil, vm.descrError("__repr__", SliceType, args[0])
		}
		if err := vm.wrapperArgs("__repr__", 0, args[1:], kw); err != nil {
			return nil, err
		}
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

// isRange reports whether v is a range of either kind.
func isRange(v Value) bool {
	switch v.(type) {
	case *Range, *BigRange:
		return true
	}
	return false
}

// rangeIndexOf is the index of the int x in the range r of either kind;
// ok is false when x is not an item.
func rangeIndexOf(r, x Value) (Value, bool) {
	if s, ok := r.(*Range); ok {
		n, small := numSmall(x)
		if !small {
			return nil, false // a *BigInt is never in a *Range
		}
		i, ok := s.find(n)
		return Int(i), ok
	}
	return r.(*BigRange).find(x)
}

// rangeScan compares the items of the range r with x in order, as
// CPython's sequence search does for an x that is not an int (equality
// with user objects), calling found with the index of each equal item
// until it returns false.
func (vm *VM) rangeScan(r, x Value, found func(i int) bool) error {
	it, err := vm.Iter(r)
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		v, ok, _ := it.(Iterator).next(vm)
		if !ok {
			return nil
		}
		eq, err := vm.Equal(v, x)
		if err != nil {
			return err
		}
		if eq && !found(i) {
			return nil
		}
	}
}

// rangeSearch is "x in r" for an x that is not a number: as in CPython,
// x is compared with each item in turn, so its __eq__ decides.
func (vm *VM) rangeSearch(r, x Value) (bool, error) {
	found := false
	err := vm.rangeScan(r, x, func(int) bool { found = true; return false })
	return found, err
}

// reverseRange is reversed(range).
func reverseRange(r *Range) *rangeIter {
	n := r.Len()
	return &rangeIter{cur: r.Start + (n-1)*r.Step, step: -r.Step, left: n}
}
