package vm

// list_methods.go: the list type: constructor and methods.

import (
	"github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	ListType.New = newList
	ListType.Later(registerListMethods)
}

// registerListMethods registers list's methods (see Type.Later).
func registerListMethods(t *Type) {
	addTypeNew(t, true)
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		l, ok := asList(args[0])
		if !ok {
			return nil, vm.descrError("__init__", ListType, args[0])
		}
		if err := vm.noKwargs("list", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("list", len(args)-1, 0, 1); err != nil {
			return nil, err
		}
		l.setValues(nil)
		if len(args) == 2 {
			items, err := vm.Collect(args[1])
			if err != nil {
				return nil, err
			}
			l.setValues(items)
		}
		return None, nil
	})
	listMethod := func(name string, min, max int, fn func(vm *VM, l *List, args []Value) (Value, error)) {
		qual := "list." + name // for messages; built once, not per call
		wrapper := isSlotWrapper(ListType, name)
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			l, ok := asList(args[0])
			if !ok {
				return nil, vm.descrError(name, ListType, args[0])
			}
			if err := vm.methodArgs(wrapper, qual, name, args[1:], kw, min, max); err != nil {
				return nil, err
			}
			return fn(vm, l, args[1:])
		})
	}
	listMethod("append", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		l.appendValue(a[0])
		return None, nil
	})
	listMethod("extend", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		return None, vm.listExtend(l, a[0])
	})
	listMethod("insert", 2, 2, func(vm *VM, l *List, a []Value) (Value, error) {
		i, err := vm.ssize(a[0])
		if err != nil {
			return nil, err
		}
		items := l.values()
		n := int64(len(items))
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		} else if i > n {
			i = n
		}
		items = append(items, nil)
		copy(items[i+1:], items[i:])
		items[i] = a[1]
		l.items = items
		return None, nil
	})
	listMethod("pop", 0, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		i := int64(-1)
		if len(a) == 1 {
			var err error
			if i, err = vm.ssize(a[0]); err != nil {
				return nil, err
			}
		}
		items := l.values()
		n := int64(len(items))
		if n == 0 {
			return nil, vm.NewError(IndexErrorType, "pop from empty list")
		}
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, vm.NewError(IndexErrorType, "pop index out of range")
		}
		v := items[i]
		copy(items[i:], items[i+1:])
		items[n-1] = nil
		l.items = items[:n-1]
		return v, nil
	})
	listMethod("remove", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		// Unpacked once, l.items stays l's storage: each comparison may
		// run code that changes the list, so it is read again after each.
		l.values()
		for i := 0; i < len(l.items); i++ {
			eq, err := vm.eqForContains(l.items[i], a[0])
			if err != nil {
				return nil, err
			}
			if eq {
				if i < len(l.items) {
					l.items = append(l.items[:i], l.items[i+1:]...)
				}
				return None, nil
			}
		}
		return nil, vm.NewError(ValueErrorType, "list.remove(x): x not in list")
	})
	listMethod("index", 1, 3, func(vm *VM, l *List, a []Value) (Value, error) {
		l.values() // unpacked: seqFind rereads l.items after each comparison
		i, err := vm.seqFind(&l.items, a)
		if err != nil {
			return nil, err
		}
		if i < 0 {
			s, err := vm.Repr(a[0])
			if err != nil {
				return nil, err
			}
			return nil, vm.NewError(ValueErrorType, "%s is not in list", s)
		}
		return Int(i), nil
	})
	listMethod("count", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		l.values() // unpacked: seqCount rereads l.items after each comparison
		return vm.seqCount(&l.items, a[0])
	})
	addMethod(t, "sort", func(vm *VM, args []Value, kw []string) (Value, error) {
		l, ok := asList(args[0])
		if !ok {
			return nil, vm.descrError("sort", ListType, args[0])
		}
		return None, vm.listSort(l, args[1:], kw)
	})
	listMethod("reverse", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		items := l.values()
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		return None, nil
	})
	listMethod("copy", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		items := l.values()
		r := makeList(len(items))
		copy(r.items, items)
		return r, nil
	})
	listMethod("clear", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		l.setValues(nil)
		return None, nil
	})
	listMethod("__len__", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		return Int(l.Len()), nil
	})
	listMethod("__getitem__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		return vm.GetItem(l, a[0])
	})
	listMethod("__setitem__", 2, 2, func(vm *VM, l *List, a []Value) (Value, error) {
		return None, vm.SetItem(l, a[0], a[1])
	})
	listMethod("__delitem__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		return None, vm.DelItem(l, a[0])
	})
	listMethod("__contains__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		r, err := vm.seqContains(l.values(), a[0])
		return Bool(r), err
	})
	listMethod("__iter__", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		return &seqIter{list: l}, nil
	})
	listMethod("__reversed__", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		return &listRevIter{l: l, i: l.Len() - 1}, nil
	})
	listMethod("__repr__", 0, 0, func(vm *VM, l *List, a []Value) (Value, error) {
		s, _, err := vm.containerRepr(l)
		return NewStr(s), err
	})
	listMethod("__add__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		o, ok := asList(a[0])
		if !ok {
			return nil, vm.NewError(TypeErrorType, "can only concatenate list (not \"%s\") to list", TypeOf(a[0]).tpName())
		}
		xs, ys := l.values(), o.values()
		items := make([]Value, 0, len(xs)+len(ys))
		items = append(items, xs...)
		return &List{items: append(items, ys...)}, nil
	})
	listMethod("__iadd__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		if err := vm.listExtend(l, a[0]); err != nil {
			return nil, err
		}
		return l, nil
	})
	listMethod("__mul__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		if err := vm.slotRepeatCount(a[0]); err != nil {
			return nil, err
		}
		items, err := vm.repeatItems(l.values(), a[0], "list")
		if err != nil {
			return nil, err
		}
		return &List{items: items}, nil
	})
	rmul, _ := t.dict.GetStr("__mul__")
	t.setMethod("__rmul__", rmul)
	listMethod("__imul__", 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
		if err := vm.slotRepeatCount(a[0]); err != nil {
			return nil, err
		}
		items, err := vm.repeatItems(l.values(), a[0], "list")
		if err != nil {
			return nil, err
		}
		l.setValues(items)
		return l, nil
	})
	for _, op := range []bytecode.CompareOp{bytecode.CmpLt, bytecode.CmpLe, bytecode.CmpEq, bytecode.CmpNe, bytecode.CmpGt, bytecode.CmpGe} {
		op := op
		listMethod(cmpDunder[op], 1, 1, func(vm *VM, l *List, a []Value) (Value, error) {
			o, ok := asList(a[0])
			if !ok {
				return NotImplemented, nil
			}
			return vm.ctSeqCompare(l.values(), o.values(), op)
		})
	}
	t.setMethod("__hash__", None)
}

// newList is list(...) (Type.New of list and its subclasses).
func newList(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	if cls != ListType {
		return newNativeInstance(cls, &List{}), nil
	}
	if err := vm.noKwargs("list", kwnames); err != nil {
		return nil, err
	}
	if err := vm.checkArgs("list", len(args), 0, 1); err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return &List{}, nil
	}
	items, err := vm.Collect(args[0])
	if err != nil {
		return nil, err
	}
	return &List{items: items}, nil
}

// listExtend is l.extend(v).
func (vm *VM) listExtend(l *List, v Value) error {
	if src, ok := seqItems(v); ok {
		if int64(len(l.values())+len(src)) > vm.maxAlloc {
			return NewException(MemoryErrorType)
		}
		l.setValues(append(l.values(), src...))
		return nil
	}
	items, err := vm.Collect(v)
	if err != nil {
		return err
	}
	l.setValues(append(l.values(), items...))
	return nil
}

// inplaceList is l += other (list.__iadd__): extend by any iterable and
// return l itself. BinaryOp calls it for OpInplace|OpAdd on a list.
func (vm *VM) inplaceList(l *List, other Value) (Value, error) {
	if err := vm.listExtend(l, other); err != nil {
		return nil, err
	}
	return l, nil
}

// repeatItems is items * n for sequence repetition, honouring maxAlloc.
func (vm *VM) repeatItems(items []Value, n Value, what string) ([]Value, error) {
	r, ok, err := vm.intLike(n)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, vm.NewError(TypeErrorType, "can't multiply sequence by non-int of type '%s'", TypeOf(n).tpName())
	}
	k, small := r.(Int)
	if !small {
		// CPython converts the count to Py_ssize_t first, whatever the
		// sign or the length: [] * 2**70 overflows too.
		return nil, vm.NewError(OverflowErrorType, "cannot fit 'int' into an index-sized integer")
	}
	if k <= 0 || len(items) == 0 {
		return nil, nil
	}
	if int64(k) > vm.maxAlloc/int64(len(items)) {
		return nil, NewException(MemoryErrorType)
	}
	vm.beforeBigAlloc(int(k)*len(items), ValueSlotBytes)
	out := make([]Value, 0, int(k)*len(items))
	for i := Int(0); i < k; i++ {
		out = append(out, items...)
	}
	if err := vm.afterBigAlloc(len(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// seqFind implements index(x[, start[, stop]]) for lists and tuples; it
// re-reads *items since __eq__ may mutate a list.
func (vm *VM) seqFind(items *[]Value, a []Value) (int, error) {
	start, stop := int64(0), int64(1<<62)
	var err error
	if len(a) > 1 {
		if start, err = vm.findBound(a[1]); err != nil {
			return 0, err
		}
	}
	if len(a) > 2 {
		if stop, err = vm.findBound(a[2]); err != nil {
			return 0, err
		}
	}
	n := int64(len(*items))
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	if stop < 0 {
		stop += n
		if stop < 0 {
			stop = 0
		}
	}
	for i := start; i < stop && i < int64(len(*items)); i++ {
		eq, err := vm.eqForContains((*items)[i], a[0])
		if err != nil {
			return 0, err
		}
		if eq {
			return int(i), nil
		}
	}
	return -1, nil
}

// findBound converts start/stop of index(): like slice indices but None
// is not allowed.
func (vm *VM) findBound(v Value) (int64, error) {
	if v == None {
		return 0, vm.NewError(TypeErrorType, "slice indices must be integers or have an __index__ method")
	}
	i, ok, err := vm.sliceIndex(v)
	if err != nil {
		if e, isExc := err.(*Instance); isExc && e.Class == TypeErrorType {
			return 0, vm.NewError(TypeErrorType, "slice indices must be integers or have an __index__ method")
		}
		return 0, err
	}
	if !ok {
		return 0, nil
	}
	return i, nil
}

func (vm *VM) seqCount(items *[]Value, x Value) (Value, error) {
	n := 0
	for i := 0; i < len(*items); i++ {
		eq, err := vm.eqForContains((*items)[i], x)
		if err != nil {
			return nil, err
		}
		if eq {
			n++
		}
	}
	return Int(n), nil
}
