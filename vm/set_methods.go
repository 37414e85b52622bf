package vm

// set_methods.go: set and frozenset: constructors, methods and operators.
// Sets iterate in insertion order (SPEC.md); pop() removes the first
// element in that order.

import (
	"github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	SetType.New = newSetValue
	FrozenSetType.New = newSetValue
	SetType.Later(func(t *Type) {
		addTypeNew(t, true)
		t.setMethod("__hash__", None)
		addMethod(t, "__init__", setInit)
		registerSetMethods(t)
	})
	FrozenSetType.Later(func(t *Type) {
		addTypeNew(t, false)
		registerSetMethods(t)
	})
}

// setInit is set.__init__.
func setInit(vm *VM, args []Value, kw []string) (Value, error) {
	s, ok := asSet(args[0])
	if !ok {
		return nil, vm.descrError("__init__", SetType, args[0])
	}
	if err := vm.noKwargs("set", kw); err != nil {
		return nil, err
	}
	if err := vm.checkArgs("set", len(args)-1, 0, 1); err != nil {
		return nil, err
	}
	s.D.Clear()
	if len(args) == 2 {
		return None, vm.setAddAll(s, args[1])
	}
	return None, nil
}

// registerSetMethods registers the methods set and frozenset share.
func registerSetMethods(t *Type) {
	frozen := t == FrozenSetType
	m := func(name string, min, max int, fn func(vm *VM, self Value, s *Set, args []Value) (Value, error)) {
		qual := t.Name + "." + name // for messages; built once, not per call
		wrapper := isSlotWrapper(t, name)
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			s, ok := asSet(args[0])
			if !ok || s.Frozen != frozen {
				return nil, vm.descrError(name, t, args[0])
			}
			if err := vm.methodArgs(wrapper, qual, name, args[1:], kw, min, max); err != nil {
				return nil, err
			}
			return fn(vm, args[0], s, args[1:])
		})
	}
	// Methods taking any number of iterables and returning a new set.
	for _, op := range []struct {
		name string
		op   bytecode.BinaryOp
	}{{"union", bytecode.OpOr}, {"intersection", bytecode.OpAnd}, {"difference", bytecode.OpSub}} {
		op := op
		m(op.name, -1, -1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
			res := s.copyAs(frozen)
			for _, o := range a {
				os, err := vm.setArg(o)
				if err != nil {
					return nil, err
				}
				r, err := vm.setOp(op.op, res, os)
				if err != nil {
					return nil, err
				}
				res = r.(*Set)
			}
			res.Frozen = frozen
			if frozen && len(a) == 0 {
				if _, plain := self.(*Set); plain {
					return self, nil
				}
			}
			return res, nil
		})
	}
	m("symmetric_difference", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		os, err := vm.setArg(a[0])
		if err != nil {
			return nil, err
		}
		res, err := vm.setOp(bytecode.OpXor, s, os)
		if err != nil {
			return nil, err
		}
		res.(*Set).Frozen = frozen
		return res, nil
	})
	m("issubset", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		os, err := vm.setArg(a[0])
		if err != nil {
			return nil, err
		}
		return vm.ctSetCompare(s, os, bytecode.CmpLe)
	})
	m("issuperset", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		os, ok := asSet(a[0])
		if !ok {
			// Stop at the first missing element, as CPython.
			it, err := vm.Iter(a[0])
			if err != nil {
				return nil, err
			}
			for {
				x, more, err := vm.Next(it)
				if err != nil {
					return nil, err
				}
				if !more {
					return Bool(true), nil
				}
				in, err := vm.setHas(s, x)
				if err != nil {
					return nil, err
				}
				if !in {
					return Bool(false), nil
				}
			}
		}
		return vm.ctSetCompare(s, os, bytecode.CmpGe)
	})
	m("isdisjoint", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		items, err := vm.Collect(a[0])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			in, err := vm.setHas(s, it)
			if err != nil {
				return nil, err
			}
			if in {
				return Bool(false), nil
			}
		}
		return Bool(true), nil
	})
	m("copy", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		if _, plain := self.(*Set); plain && frozen {
			return self, nil
		}
		return s.copyAs(frozen), nil
	})
	m("__len__", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		return Int(s.D.Len()), nil
	})
	m("__contains__", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		r, err := vm.setHas(s, a[0])
		return Bool(r), err
	})
	m("__iter__", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		return &dictIter{d: &s.D, size: s.D.live, set: true}, nil
	})
	m("__repr__", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		r, _, err := vm.containerRepr(self)
		return NewStr(r), err
	})
	if frozen {
		m("__hash__", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
			h, err := vm.hashFrozenSet(s)
			return Int(h), err
		})
	}
	for _, op := range []bytecode.CompareOp{bytecode.CmpLt, bytecode.CmpLe, bytecode.CmpEq, bytecode.CmpNe, bytecode.CmpGt, bytecode.CmpGe} {
		op := op
		m(cmpDunder[op], 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
			o, ok := asSet(a[0])
			if !ok {
				return NotImplemented, nil
			}
			return vm.ctSetCompare(s, o, op)
		})
	}
	for _, op := range []bytecode.BinaryOp{bytecode.OpOr, bytecode.OpAnd, bytecode.OpSub, bytecode.OpXor} {
		op := op
		m(binaryDunders[op][0], 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
			o, ok := asSet(a[0])
			if !ok {
				return NotImplemented, nil
			}
			r, err := vm.setOp(op, s, o)
			if err != nil {
				return nil, err
			}
			r.(*Set).Frozen = frozen
			return r, nil
		})
		m(binaryDunders[op][1], 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
			o, ok := asSet(a[0])
			if !ok {
				return NotImplemented, nil
			}
			r, err := vm.setOp(op, o, s)
			if err != nil {
				return nil, err
			}
			r.(*Set).Frozen = o.Frozen
			return r, nil
		})
		if !frozen {
			m("__i"+binaryDunders[op][0][2:], 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
				o, ok := asSet(a[0])
				if !ok {
					return NotImplemented, nil
				}
				return self, vm.setInplace(op, s, o)
			})
		}
	}
	if frozen {
		return
	}
	m("add", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		return None, vm.DictSet(&s.D, a[0], None)
	})
	m("remove", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		_, ok, err := vm.DictDelete(&s.D, vm.setKey(a[0]))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, NewException(KeyErrorType, a[0])
		}
		return None, nil
	})
	m("discard", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		_, _, err := vm.DictDelete(&s.D, vm.setKey(a[0]))
		return None, err
	})
	m("pop", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		for i, e := range s.D.entries {
			if e.Key != nil {
				_, slot, err := vm.dictLookup(&s.D, e.Key, e.Hash)
				if err != nil {
					return nil, err
				}
				s.D.removeAt(i, slot)
				return e.Key, nil
			}
		}
		return nil, NewException(KeyErrorType, NewStr("pop from an empty set"))
	})
	m("clear", 0, 0, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		s.D.Clear()
		return None, nil
	})
	m("update", -1, -1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		for _, o := range a {
			if err := vm.setAddAll(s, o); err != nil {
				return nil, err
			}
		}
		return None, nil
	})
	for _, op := range []struct {
		name string
		op   bytecode.BinaryOp
	}{{"intersection_update", bytecode.OpAnd}, {"difference_update", bytecode.OpSub}} {
		op := op
		m(op.name, -1, -1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
			for _, o := range a {
				os, err := vm.setArg(o)
				if err != nil {
					return nil, err
				}
				if err := vm.setInplace(op.op, s, os); err != nil {
					return nil, err
				}
			}
			return None, nil
		})
	}
	m("symmetric_difference_update", 1, 1, func(vm *VM, self Value, s *Set, a []Value) (Value, error) {
		os, err := vm.setArg(a[0])
		if err != nil {
			return nil, err
		}
		return None, vm.setInplace(bytecode.OpXor, s, os)
	})
}

// newSetValue is set(...) and frozenset(...) for the types and their
// subclasses.
func newSetValue(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	frozen := cls.IsSubtype(FrozenSetType)
	name := "set"
	if frozen {
		name = "frozenset"
	}
	if cls == SetType || cls == FrozenSetType {
		if err := vm.noKwargs(name, kwnames); err != nil {
			return nil, err
		}
	}
	if cls == SetType {
		if err := vm.checkArgs(name, len(args), 0, 1); err != nil {
			return nil, err
		}
	}
	s := &Set{Frozen: frozen}
	if frozen {
		if err := vm.checkArgs(name, len(args)-len(kwnames), 0, 1); err != nil {
			return nil, err
		}
		if len(args) > len(kwnames) {
			if x, ok := args[0].(*Set); ok && x.Frozen && cls == FrozenSetType {
				return x, nil
			}
			if err := vm.setAddAll(s, args[0]); err != nil {
				return nil, err
			}
		}
	} else if cls == SetType && len(args) == 1 {
		if err := vm.setAddAll(s, args[0]); err != nil {
			return nil, err
		}
	}
	if cls == SetType || cls == FrozenSetType {
		return s, nil
	}
	return newNativeInstance(cls, s), nil
}

// setAddAll adds every element of an iterable.
func (vm *VM) setAddAll(s *Set, v Value) error {
	if o, ok := asSet(v); ok {
		if o == s {
			return nil
		}
		for i := 0; i < len(o.D.entries); i++ {
			e := o.D.entries[i]
			if e.Key != nil {
				if err := vm.dictSetHashed(&s.D, e.Key, None, e.Hash); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if d, ok := asDict(v); ok {
		for _, e := range d.entries {
			if e.Key != nil {
				if err := vm.dictSetHashed(&s.D, e.Key, None, e.Hash); err != nil {
					return err
				}
			}
		}
		return nil
	}
	it, err := vm.Iter(v)
	if err != nil {
		return err
	}
	for {
		x, ok, err := vm.Next(it)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := vm.DictSet(&s.D, x, None); err != nil {
			return err
		}
	}
}

// setArg converts a method argument (any iterable) to a set.
func (vm *VM) setArg(v Value) (*Set, error) {
	if s, ok := asSet(v); ok {
		return s, nil
	}
	s := &Set{}
	return s, vm.setAddAll(s, v)
}

// setKey maps a set used as a lookup key to an equal frozenset, as
// CPython does for "x in s", remove and discard.
func (vm *VM) setKey(k Value) Value {
	if s, ok := k.(*Set); ok && !s.Frozen {
		return s.copyAs(true)
	}
	return k
}

func (vm *VM) setHas(s *Set, k Value) (bool, error) {
	_, ok, err := vm.DictGet(&s.D, vm.setKey(k))
	return ok, err
}

// setOp is a op b for | & - ^ (the result is a set; callers fix Frozen).
func (vm *VM) setOp(op bytecode.BinaryOp, a, b *Set) (Value, error) {
	r, err := vm.binSetOp(op&^bytecode.OpInplace, &a.D, &b.D, false)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// setInplace updates s in place by |= &= -= ^=.
func (vm *VM) setInplace(op bytecode.BinaryOp, s, o *Set) error {
	switch op &^ bytecode.OpInplace {
	case bytecode.OpOr:
		return vm.setAddAll(s, o)
	case bytecode.OpSub:
		if s == o {
			s.D.Clear()
			return nil
		}
		for _, e := range o.D.entries {
			if e.Key == nil {
				continue
			}
			i, slot, err := vm.dictLookup(&s.D, e.Key, e.Hash)
			if err != nil {
				return err
			}
			if i >= 0 {
				s.D.removeAt(i, slot)
			}
		}
		return nil
	}
	r, err := vm.setOp(op, s, o)
	if err != nil {
		return err
	}
	s.D = r.(*Set).D
	return nil
}

// copyAs is a copy of s, frozen or not, its table filled in place
// (Dict.copyFrom) rather than copied from a dict made for the purpose.
func (s *Set) copyAs(frozen bool) *Set {
	r := &Set{Frozen: frozen}
	r.D.copyFrom(&s.D, 0)
	return r
}
