package vm

// str_dunders.go: the special methods of str (str.__add__, str.__len__,
// str.__eq__, ...) for explicit calls, super() and str subclasses.

import (
	bc "github.com/weft-lang/weft/compiler/bytecode"
)

func strRegisterDunders(t *Type) {
	one := func(name string, fn func(vm *VM, s *Str, o Value) (Value, error)) {
		strRegMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			s, rest, err := vm.strSelf(name, args)
			if err != nil {
				return nil, err
			}
			if len(kw) > 0 || len(rest) != 1 {
				return nil, vm.NewError(TypeErrorType, "expected 1 argument, got %d", len(rest))
			}
			return fn(vm, s, rest[0])
		})
	}
	none := func(name string, fn func(vm *VM, s *Str) (Value, error)) {
		strRegMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			s, rest, err := vm.strSelf(name, args)
			if err != nil {
				return nil, err
			}
			if len(kw) > 0 || len(rest) != 0 {
				return nil, vm.NewError(TypeErrorType, "expected 0 arguments, got %d", len(rest))
			}
			return fn(vm, s)
		})
	}
	one("__add__", func(vm *VM, s *Str, o Value) (Value, error) {
		return vm.BinaryOp(bc.OpAdd, s, numUnwrap(o))
	})
	for _, name := range []string{"__mul__", "__rmul__"} {
		one(name, func(vm *VM, s *Str, o Value) (Value, error) {
			if err := vm.slotRepeatCount(o); err != nil {
				return nil, err
			}
			r, _, err := vm.numSeqRepeat(s, numUnwrap(o))
			return r, err
		})
	}
	one("__mod__", func(vm *VM, s *Str, o Value) (Value, error) { return vm.strMod(s, o) })
	one("__rmod__", func(vm *VM, s *Str, o Value) (Value, error) {
		if os, ok := numUnwrap(o).(*Str); ok {
			return vm.strMod(os, s)
		}
		return NotImplemented, nil
	})
	one("__getitem__", func(vm *VM, s *Str, o Value) (Value, error) { return vm.strGetItem(s, o) })
	one("__contains__", func(vm *VM, s *Str, o Value) (Value, error) {
		r, err := vm.Contains(s, numUnwrap(o))
		return Bool(r), err
	})
	for _, cn := range numCompareNames {
		op := cn.op
		one(cn.name, func(vm *VM, s *Str, o Value) (Value, error) {
			os, ok := numUnwrap(o).(*Str)
			if !ok {
				return NotImplemented, nil
			}
			return Bool(cmpOrdered(s.S, os.S, op)), nil
		})
	}
	none("__len__", func(vm *VM, s *Str) (Value, error) { return Int(s.Len()), nil })
	none("__hash__", func(vm *VM, s *Str) (Value, error) { h, err := vm.Hash(s); return Int(h), err })
	none("__iter__", func(vm *VM, s *Str) (Value, error) { return vm.Iter(s) })
	none("__repr__", func(vm *VM, s *Str) (Value, error) { return NewStr(strRepr(s.S)), nil })
	none("__str__", func(vm *VM, s *Str) (Value, error) { return s, nil })
	one("__format__", func(vm *VM, s *Str, o Value) (Value, error) {
		spec, ok := o.(*Str)
		if !ok {
			return nil, vm.badArgument("__format__() argument", "str", o)
		}
		r, err := vm.formatStrSpec(s, spec.S)
		return NewStr(r), err
	})
}
