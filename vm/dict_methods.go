package vm

// dict_methods.go: the dict type and the dict views: constructors and
// methods, update semantics, view set operations.

import (
	"github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	DictType.New = newDict
	DictType.Later(registerDictMethods)
	for _, vt := range []*Type{DictKeysType, DictValuesType, DictItemsType} {
		vt.Later(registerDictViewMethods)
	}
}

// registerDictMethods registers dict's methods (see Type.Later).
func registerDictMethods(t *Type) {
	addTypeNew(t, true)
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		d, ok := asDict(args[0])
		if !ok {
			return nil, vm.descrError("__init__", DictType, args[0])
		}
		return None, vm.dictInit(d, "dict", args[1:], kw)
	})
	dictMethod := func(name string, min, max int, fn func(vm *VM, self Value, d *Dict, args []Value) (Value, error)) {
		qual := "dict." + name // for messages; built once, not per call
		wrapper := isSlotWrapper(DictType, name)
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			d, ok := asDict(args[0])
			if !ok {
				return nil, vm.descrError(name, DictType, args[0])
			}
			if err := vm.methodArgs(wrapper, qual, name, args[1:], kw, min, max); err != nil {
				return nil, err
			}
			return fn(vm, args[0], d, args[1:])
		})
	}
	dictMethod("get", 1, 2, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		v, ok, err := vm.DictGet(d, a[0])
		if err != nil {
			return nil, err
		}
		if ok {
			return v, nil
		}
		if len(a) == 2 {
			return a[1], nil
		}
		return None, nil
	})
	dictMethod("keys", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return &DictView{D: d, Kind: viewKeys}, nil
	})
	dictMethod("values", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return &DictView{D: d, Kind: viewValues}, nil
	})
	dictMethod("items", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return &DictView{D: d, Kind: viewItems}, nil
	})
	dictMethod("pop", 1, 2, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		if d.Len() == 0 {
			// CPython answers before hashing the key.
			if len(a) == 2 {
				return a[1], nil
			}
			return nil, NewException(KeyErrorType, a[0])
		}
		v, ok, err := vm.DictDelete(d, a[0])
		if err != nil {
			return nil, err
		}
		if ok {
			return v, nil
		}
		if len(a) == 2 {
			return a[1], nil
		}
		return nil, NewException(KeyErrorType, a[0])
	})
	dictMethod("popitem", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		for i := len(d.entries) - 1; i >= 0; i-- {
			e := d.entries[i]
			if e.Key == nil {
				continue
			}
			if _, _, err := vm.DictDelete(d, e.Key); err != nil {
				return nil, err
			}
			return tupleOf(e.Key, e.Value), nil
		}
		return nil, NewException(KeyErrorType, NewStr("popitem(): dictionary is empty"))
	})
	dictMethod("setdefault", 1, 2, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		v, ok, err := vm.DictGet(d, a[0])
		if err != nil {
			return nil, err
		}
		if ok {
			return v, nil
		}
		def := None
		if len(a) == 2 {
			def = a[1]
		}
		return def, vm.DictSet(d, a[0], def)
	})
	addMethod(t, "update", func(vm *VM, args []Value, kw []string) (Value, error) {
		d, ok := asDict(args[0])
		if !ok {
			return nil, vm.descrError("update", DictType, args[0])
		}
		return None, vm.dictInit(d, "update", args[1:], kw)
	})
	dictMethod("copy", 0, 0, func(vm *VM, self Value, d *Dict, a []Value) (Value, error) {
		if inst, ok := self.(*Instance); ok {
			return vm.copyDictInstance(inst, d)
		}
		return d.Copy(), nil
	})
	dictMethod("clear", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		d.Clear()
		return None, nil
	})
	addClassMethod(t, "fromkeys", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("fromkeys", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("fromkeys", len(args)-1, 1, 2); err != nil {
			return nil, err
		}
		val := None
		if len(args) == 3 {
			val = args[2]
		}
		keys, err := vm.Collect(args[1])
		if err != nil {
			return nil, err
		}
		cls, _ := args[0].(*Type)
		if cls == nil || cls == DictType {
			d := NewDict(len(keys))
			for _, k := range keys {
				if err := vm.DictSet(d, k, val); err != nil {
					return nil, err
				}
			}
			return d, nil
		}
		obj, err := vm.Call(cls, nil, nil)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if err := vm.SetItem(obj, k, val); err != nil {
				return nil, err
			}
		}
		return obj, nil
	})
	dictMethod("__len__", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return Int(d.Len()), nil
	})
	dictMethod("__getitem__", 1, 1, func(vm *VM, self Value, d *Dict, a []Value) (Value, error) {
		return vm.dictSubscript(self, d, a[0])
	})
	dictGetitem, _ = t.dict.GetStr("__getitem__")
	dictMethod("__setitem__", 2, 2, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return None, vm.DictSet(d, a[0], a[1])
	})
	dictMethod("__delitem__", 1, 1, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return None, vm.DelItem(d, a[0])
	})
	dictMethod("__contains__", 1, 1, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		_, ok, err := vm.DictGet(d, a[0])
		return Bool(ok), err
	})
	dictMethod("__iter__", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return &dictIter{d: d, size: d.live}, nil
	})
	dictMethod("__reversed__", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		return &dictRevIter{d: d, i: len(d.entries) - 1, size: d.live}, nil
	})
	dictMethod("__repr__", 0, 0, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
		s, _, err := vm.containerRepr(d)
		return NewStr(s), err
	})
	// All six, as CPython's dict has a rich compare: dict.__lt__ checks
	// its self and then has no ordering to offer.
	for op := range cmpDunder {
		op := bytecode.CompareOp(op)
		dictMethod(cmpDunder[op], 1, 1, func(vm *VM, _ Value, d *Dict, a []Value) (Value, error) {
			o, ok := asDict(a[0])
			if !ok || (op != bytecode.CmpEq && op != bytecode.CmpNe) {
				return NotImplemented, nil
			}
			eq, err := vm.ctDictEqual(d, o)
			return Bool(eq == (op == bytecode.CmpEq)), err
		})
	}
	dictMethod("__or__", 1, 1, func(vm *VM, self Value, d *Dict, a []Value) (Value, error) {
		if _, ok := asDict(a[0]); !ok {
			return NotImplemented, nil
		}
		var n Value = d.Copy()
		if inst, ok := self.(*Instance); ok {
			var err error
			if n, err = vm.copyDictInstance(inst, d); err != nil {
				return nil, err
			}
		}
		nd, _ := asDict(n)
		if err := vm.dictUpdate(nd, a[0]); err != nil {
			return nil, err
		}
		return n, nil
	})
	dictMethod("__ior__", 1, 1, func(vm *VM, self Value, d *Dict, a []Value) (Value, error) {
		if err := vm.dictUpdate(d, a[0]); err != nil {
			return nil, err
		}
		return self, nil
	})
	t.setMethod("__hash__", None)
}

// registerDictViewMethods registers the methods of dict_keys, dict_values and dict_items.
func registerDictViewMethods(vt *Type) {
	viewMethod := func(name string, min, max int, fn func(vm *VM, v *DictView, args []Value) (Value, error)) {
		qual := vt.Name + "." + name // for messages; built once, not per call
		addMethod(vt, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			v, ok := args[0].(*DictView)
			if !ok {
				return nil, vm.descrError(name, vt, args[0])
			}
			if err := vm.noKwargs(qual, kw); err != nil {
				return nil, err
			}
			n := len(args) - 1
			if min == max && min == 0 {
				if err := vm.noArgs(qual, n); err != nil {
					return nil, err
				}
			} else if err := vm.exactlyOne(qual, n); err != nil {
				return nil, err
			}
			return fn(vm, v, args[1:])
		})
	}
	viewMethod("__len__", 0, 0, func(vm *VM, v *DictView, a []Value) (Value, error) {
		return Int(v.D.Len()), nil
	})
	viewMethod("__iter__", 0, 0, func(vm *VM, v *DictView, a []Value) (Value, error) {
		return vm.Iter(v)
	})
	viewMethod("__reversed__", 0, 0, func(vm *VM, v *DictView, a []Value) (Value, error) {
		return &dictRevIter{d: v.D, kind: v.Kind, i: len(v.D.entries) - 1, size: v.D.live}, nil
	})
	viewMethod("__contains__", 1, 1, func(vm *VM, v *DictView, a []Value) (Value, error) {
		r, err := vm.viewContains(v, a[0])
		return Bool(r), err
	})
	viewMethod("__repr__", 0, 0, func(vm *VM, v *DictView, a []Value) (Value, error) {
		s, _, err := vm.containerRepr(v)
		return NewStr(s), err
	})
	if vt == DictValuesType {
		return
	}
	viewMethod("isdisjoint", 1, 1, func(vm *VM, v *DictView, a []Value) (Value, error) {
		items, err := vm.Collect(a[0])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			in, err := vm.viewContains(v, it)
			if err != nil {
				return nil, err
			}
			if in {
				return Bool(false), nil
			}
		}
		return Bool(true), nil
	})
	for _, op := range []bytecode.BinaryOp{bytecode.OpAnd, bytecode.OpOr, bytecode.OpSub, bytecode.OpXor} {
		op := op
		viewMethod(binaryDunders[op][0], 1, 1, func(vm *VM, v *DictView, a []Value) (Value, error) {
			r, ok, err := vm.viewBinaryOp(op, v, a[0])
			if !ok {
				return NotImplemented, err
			}
			return r, err
		})
		viewMethod(binaryDunders[op][1], 1, 1, func(vm *VM, v *DictView, a []Value) (Value, error) {
			r, ok, err := vm.viewBinaryOp(op, a[0], v)
			if !ok {
				return NotImplemented, err
			}
			return r, err
		})
	}
}

// newDict is dict(...) for dict and its subclasses.
func newDict(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	d := NewDict(0)
	if cls != DictType {
		return newNativeInstance(cls, d), nil
	}
	if err := vm.dictInit(d, "dict", args, kwnames); err != nil {
		return nil, err
	}
	return d, nil
}

// dictInit is dict.__init__ and dict.update: at most one positional
// mapping or iterable of pairs, then keyword arguments.
func (vm *VM) dictInit(d *Dict, fname string, args []Value, kwnames []string) error {
	npos := len(args) - len(kwnames)
	if err := vm.checkArgs(fname, npos, 0, 1); err != nil {
		return err
	}
	if npos == 1 {
		if err := vm.dictUpdate(d, args[0]); err != nil {
			return err
		}
	}
	for i, k := range kwnames {
		d.SetStr(k, args[npos+i])
	}
	return nil
}

// dictUpdate merges a mapping (anything with keys()) or an iterable of
// key/value pairs into d.
func (vm *VM) dictUpdate(d *Dict, src Value) error {
	if s, ok := asDict(src); ok {
		if s == d {
			return nil
		}
		for i := 0; i < len(s.entries); i++ {
			e := s.entries[i]
			if e.Key == nil {
				continue
			}
			if err := vm.dictSetHashed(d, e.Key, e.Value, e.Hash); err != nil {
				return err
			}
		}
		return nil
	}
	if _, isView := src.(*DictView); !isView && hasAttr(vm, src, "keys") {
		keysFn, err := vm.GetAttr(src, NewStr("keys"))
		if err != nil {
			return err
		}
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
	it, err := vm.Iter(src)
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		item, ok, err := vm.Next(it)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		var kv []Value
		if items, isSeq := seqItems(item); isSeq {
			kv = items
		} else {
			kv, err = vm.Collect(item)
			if err != nil {
				if e, isExc := err.(*Instance); isExc && e.Class == TypeErrorType && !isIterable(item) {
					return vm.NewError(TypeErrorType, "cannot convert dictionary update sequence element #%d to a sequence", i)
				}
				return err
			}
		}
		if len(kv) != 2 {
			return vm.NewError(ValueErrorType, "dictionary update sequence element #%d has length %d; 2 is required", i, len(kv))
		}
		if err := vm.DictSet(d, kv[0], kv[1]); err != nil {
			return err
		}
	}
}

// hasAttr reports whether getattr(v, name) succeeds (errors other than
// AttributeError count as absent too).
func hasAttr(vm *VM, v Value, name string) bool {
	switch v.(type) {
	case *List, *Tuple, *Str, *Set, *Range, *BigRange, Int, Float, Bool, NoneType:
		_, owner := TypeOf(v).Lookup(name)
		return owner != nil
	}
	_, err := vm.GetAttr(v, NewStr(name))
	return err == nil
}

// copyDictInstance copies an instance of a dict subclass (its class and
// native state).
func (vm *VM) copyDictInstance(inst *Instance, d *Dict) (Value, error) {
	n := &Instance{Class: inst.Class}
	switch x := inst.Native().(type) {
	case *defaultDict:
		n.SetNative(&defaultDict{d: d.Copy(), factory: x.factory})
	default:
		n.SetNative(d.Copy())
	}
	if inst.Class.Builtin {
		return n, nil
	}
	// Python's dict.copy returns a plain dict for subclasses.
	return d.Copy(), nil
}

// viewSet returns the elements of a keys/items view (or any iterable) as
// a new set.
func (vm *VM) iterableToSet(v Value) (*Set, error) {
	s := &Set{}
	if x, ok := asSet(v); ok {
		s.D.copyFrom(&x.D, 0)
		return s, nil
	}
	items, err := vm.Collect(v)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := vm.DictSet(&s.D, it, None); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// viewBinaryOp is a keys/items view combined with an iterable by & | - ^;
// the result is a set. ok is false when an operand is not iterable.
func (vm *VM) viewBinaryOp(op bytecode.BinaryOp, a, b Value) (Value, bool, error) {
	if !isIterable(a) || !isIterable(b) {
		return nil, false, nil
	}
	left, err := vm.iterableToSet(a)
	if err != nil {
		return nil, true, err
	}
	right, err := vm.iterableToSet(b)
	if err != nil {
		return nil, true, err
	}
	r, err := vm.setOp(op, left, right)
	return r, true, err
}

// dictRevIter is reversed(dict) and reversed(view).
type dictRevIter struct {
	d    *Dict
	i    int
	kind viewKind
	size int
}

func (it *dictRevIter) iterType() *Type {
	switch it.kind {
	case viewValues:
		return dictRevValueIterType
	case viewItems:
		return dictRevItemIterType
	}
	return dictRevKeyIterType
}

func (it *dictRevIter) next(vm *VM) (Value, bool, error) {
	if it.d.live != it.size {
		it.size = -1
		return nil, false, vm.NewError(RuntimeErrorType, "dictionary changed size during iteration")
	}
	for ; it.i >= 0; it.i-- {
		if it.i >= len(it.d.entries) {
			continue
		}
		e := it.d.entries[it.i]
		if e.Key == nil {
			continue
		}
		it.i--
		switch it.kind {
		case viewValues:
			return e.Value, true, nil
		case viewItems:
			return tupleOf(e.Key, e.Value), true, nil
		}
		return e.Key, true, nil
	}
	return nil, false, nil
}

// dictSubscript is dict.__getitem__: d is self's dict; a missing key goes
// to __missing__ when self is an instance of a subclass that has one.
func (vm *VM) dictSubscript(self Value, d *Dict, k Value) (Value, error) {
	v, ok, err := vm.DictGet(d, k)
	if err != nil {
		return nil, err
	}
	if ok {
		return v, nil
	}
	if _, isInst := self.(*Instance); isInst {
		if r, ok, err := vm.callSpecial(self, "__missing__", k); ok {
			return r, err
		}
	}
	return nil, NewException(KeyErrorType, k)
}
