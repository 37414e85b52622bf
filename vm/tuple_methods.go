package vm

// tuple_methods.go: the tuple type: constructor and methods.

import (
	"github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	TupleType.New = newTuple
	TupleType.Later(registerTupleMethods)
}

// registerTupleMethods registers tuple's methods (see Type.Later).
func registerTupleMethods(t *Type) {
	addTypeNew(t, false)
	tupleMethod := func(name string, min, max int, fn func(vm *VM, t *Tuple, args []Value) (Value, error)) {
		qual := "tuple." + name // for messages; built once, not per call
		wrapper := isSlotWrapper(TupleType, name)
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			tp, ok := asTuple(args[0])
			if !ok {
				return nil, vm.descrError(name, TupleType, args[0])
			}
			if err := vm.methodArgs(wrapper, qual, name, args[1:], kw, min, max); err != nil {
				return nil, err
			}
			return fn(vm, tp, args[1:])
		})
	}
	tupleMethod("index", 1, 3, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		i, err := vm.seqFind(&t.Items, a)
		if err != nil {
			return nil, err
		}
		if i < 0 {
			return nil, vm.NewError(ValueErrorType, "tuple.index(x): x not in tuple")
		}
		return Int(i), nil
	})
	tupleMethod("count", 1, 1, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		return vm.seqCount(&t.Items, a[0])
	})
	tupleMethod("__len__", 0, 0, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		return Int(len(t.Items)), nil
	})
	tupleMethod("__getitem__", 1, 1, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		return vm.GetItem(t, a[0])
	})
	tupleMethod("__contains__", 1, 1, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		r, err := vm.seqContains(t.Items, a[0])
		return Bool(r), err
	})
	tupleMethod("__iter__", 0, 0, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		return &seqIter{tuple: t}, nil
	})
	tupleMethod("__hash__", 0, 0, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		h, err := vm.hashTuple(t)
		return Int(h), err
	})
	tupleMethod("__repr__", 0, 0, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		s, _, err := vm.containerRepr(t)
		return NewStr(s), err
	})
	tupleMethod("__add__", 1, 1, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		o, ok := asTuple(a[0])
		if !ok {
			return nil, vm.NewError(TypeErrorType, "can only concatenate tuple (not \"%s\") to tuple", TypeOf(a[0]).tpName())
		}
		items := make([]Value, 0, len(t.Items)+len(o.Items))
		items = append(items, t.Items...)
		return &Tuple{Items: append(items, o.Items...)}, nil
	})
	tupleMethod("__mul__", 1, 1, func(vm *VM, t *Tuple, a []Value) (Value, error) {
		if err := vm.slotRepeatCount(a[0]); err != nil {
			return nil, err
		}
		items, err := vm.repeatItems(t.Items, a[0], "tuple")
		if err != nil {
			return nil, err
		}
		return &Tuple{Items: items}, nil
	})
	rmul, _ := t.dict.GetStr("__mul__")
	t.setMethod("__rmul__", rmul)
	for _, op := range []bytecode.CompareOp{bytecode.CmpLt, bytecode.CmpLe, bytecode.CmpEq, bytecode.CmpNe, bytecode.CmpGt, bytecode.CmpGe} {
		op := op
		tupleMethod(cmpDunder[op], 1, 1, func(vm *VM, t *Tuple, a []Value) (Value, error) {
			o, ok := asTuple(a[0])
			if !ok {
				return NotImplemented, nil
			}
			return vm.ctSeqCompare(t.Items, o.Items, op)
		})
	}
}

// newTuple is tuple(...).
func newTuple(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	return newTupleOf(vm, cls, args, kwnames)
}

func newTupleOf(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	if err := vm.noKwargs("tuple", kwnames); err != nil {
		if cls != TupleType {
			return newNativeInstance(cls, &Tuple{}), nil
		}
		return nil, err
	}
	if err := vm.checkArgs("tuple", len(args), 0, 1); err != nil {
		return nil, err
	}
	var t *Tuple
	switch {
	case len(args) == 0:
		t = &Tuple{}
	default:
		if x, ok := args[0].(*Tuple); ok && cls == TupleType {
			return x, nil
		}
		items, err := vm.Collect(args[0])
		if err != nil {
			return nil, err
		}
		t = &Tuple{Items: items}
	}
	if cls == TupleType {
		return t, nil
	}
	return newNativeInstance(cls, t), nil
}
