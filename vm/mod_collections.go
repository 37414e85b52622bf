package vm

// mod_collections.go: the collections module: deque, defaultdict, Counter
// and namedtuple.
//
// Representation: each is a class whose instances are *Instance values
// with Go state in Native, so that isinstance, subclassing and attribute
// lookup work as for any class:
//   - deque: Native *deque (a ring buffer); a builtin type.
//   - defaultdict: a builtin subclass of dict; Native *defaultDict (the
//     *Dict plus the factory). asDict accepts it wherever a dict is.
//   - Counter: a dict subclass written as a plain (non-builtin) class, as
//     in CPython; Native *Dict.
//   - namedtuple(...): makes a tuple subclass (non-builtin) whose
//     instances carry a *Tuple in Native; fields are properties.
// dict's and tuple's methods (registered on DictType and TupleType)
// accept such instances, so indexing, iteration, len, comparison and
// repr go through the ordinary protocol.

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// DequeType, DefaultDictType and CounterType are collections' classes.
var (
	DequeType       = newType("deque", "collections", ObjectType)
	DefaultDictType = newType("defaultdict", "collections", DictType)
	CounterType     = newType("Counter", "collections", DictType)
)

func init() {
	builtinModules["collections"] = func(vm *VM) *Module {
		m := newModule("collections", map[string]BuiltinFunc{"namedtuple": builtinNamedTuple})
		m.Dict.SetStr("deque", DequeType)
		m.Dict.SetStr("defaultdict", DefaultDictType)
		m.Dict.SetStr("Counter", CounterType)
		m.Dict.SetStr("OrderedDict", DictType)
		return m
	}
	initDeque()
	initDefaultDict()
	initCounter()
}

// --- deque ---

type deque struct {
	buf    []Value // ring buffer, len(buf) is the capacity
	head   int
	n      int
	maxlen int // -1: unbounded
	state  uint64
}

func (d *deque) at(i int) Value { return d.buf[(d.head+i)%len(d.buf)] }

func (d *deque) set(i int, v Value) { d.buf[(d.head+i)%len(d.buf)] = v }

func (d *deque) grow() {
	if d.n < len(d.buf) {
		return
	}
	nb := make([]Value, max(8, 2*len(d.buf)))
	for i := 0; i < d.n; i++ {
		nb[i] = d.at(i)
	}
	d.buf, d.head = nb, 0
}

func (d *deque) pushRight(v Value) {
	d.state++
	if d.maxlen == 0 {
		return
	}
	if d.maxlen > 0 && d.n == d.maxlen {
		d.popLeft()
	}
	d.grow()
	d.buf[(d.head+d.n)%len(d.buf)] = v
	d.n++
}

func (d *deque) pushLeft(v Value) {
	d.state++
	if d.maxlen == 0 {
		return
	}
	if d.maxlen > 0 && d.n == d.maxlen {
		d.popRight()
	}
	d.grow()
	d.head = (d.head - 1 + len(d.buf)) % len(d.buf)
	d.buf[d.head] = v
	d.n++
}

func (d *deque) popRight() Value {
	d.state++
	i := (d.head + d.n - 1) % len(d.buf)
	v := d.buf[i]
	d.buf[i] = nil
	d.n--
	return v
}

func (d *deque) popLeft() Value {
	d.state++
	v := d.buf[d.head]
	d.buf[d.head] = nil
	d.head = (d.head + 1) % len(d.buf)
	d.n--
	return v
}

func (d *deque) items() []Value {
	out := make([]Value, d.n)
	for i := range out {
		out[i] = d.at(i)
	}
	return out
}

func (d *deque) setItems(items []Value) {
	d.state++
	d.buf = make([]Value, max(8, len(items)))
	copy(d.buf, items)
	d.head, d.n = 0, len(items)
}

func (d *deque) nativeLen() int { return d.n }

type dequeIter struct {
	d     *deque
	i     int
	state uint64
	rev   bool
}

var dequeIterType = newIterType("_collections._deque_iterator")
var dequeRevIterType = newIterType("_collections._deque_reverse_iterator")

func (it *dequeIter) iterType() *Type {
	if it.rev {
		return dequeRevIterType
	}
	return dequeIterType
}

func (it *dequeIter) next(vm *VM) (Value, bool, error) {
	if it.d == nil {
		return nil, false, nil
	}
	if it.d.state != it.state {
		it.d = nil
		return nil, false, vm.NewError(RuntimeErrorType, "deque mutated during iteration")
	}
	if it.i >= it.d.n {
		it.d = nil
		return nil, false, nil
	}
	idx := it.i
	if it.rev {
		idx = it.d.n - 1 - it.i
	}
	it.i++
	return it.d.at(idx), true, nil
}

func init() {
	dequeIterType.Name = "_deque_iterator"
	dequeIterType.QualName = "_deque_iterator"
	dequeIterType.Module = "_collections"
	dequeRevIterType.Name = "_deque_reverse_iterator"
	dequeRevIterType.QualName = "_deque_reverse_iterator"
	dequeRevIterType.Module = "_collections"
}

func asDeque(v Value) (*deque, bool) {
	if inst, ok := v.(*Instance); ok {
		d, ok := inst.Native().(*deque)
		return d, ok
	}
	return nil, false
}

func (vm *VM) dequeIndex(d *deque, k Value) (int, error) {
	i, ok, err := vm.mutableSeqIndex(k, func() int { return d.n }, "deque index out of range")
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, vm.NewError(TypeErrorType, "sequence index must be integer, not '%s'", TypeOf(k).Name)
	}
	return i, nil
}

func initDeque() {
	t := DequeType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		d := &deque{maxlen: -1}
		inst := newNativeInstance(cls, d)
		if cls == DequeType {
			if err := vm.dequeInit(d, args, kw); err != nil {
				return nil, err
			}
		}
		return inst, nil
	}
	t.Later(registerDequeMethods)
}

// registerDequeMethods registers deque's methods (see Type.Later).
func registerDequeMethods(t *Type) {
	t.setMethod("__hash__", None)
	m := func(name string, min, max int, fn func(vm *VM, self Value, d *deque, a []Value) (Value, error)) {
		qual := "deque." + name // for messages; built once, not per call
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			d, ok := asDeque(args[0])
			if !ok {
				return nil, vm.descrError(name, DequeType, args[0])
			}
			if name != "__init__" {
				if err := vm.noKwargs(qual, kw); err != nil {
					return nil, err
				}
				if err := vm.methodArity(qual, name, len(args)-1, min, max); err != nil {
					return nil, err
				}
			}
			return fn(vm, args[0], d, args[1:])
		})
	}
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		d, ok := asDeque(args[0])
		if !ok {
			return nil, vm.descrError("__init__", DequeType, args[0])
		}
		return None, vm.dequeInit(d, args[1:], kw)
	})
	m("append", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		d.pushRight(a[0])
		return None, nil
	})
	m("appendleft", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		d.pushLeft(a[0])
		return None, nil
	})
	m("pop", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		if d.n == 0 {
			return nil, vm.NewError(IndexErrorType, "pop from an empty deque")
		}
		return d.popRight(), nil
	})
	m("popleft", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		if d.n == 0 {
			return nil, vm.NewError(IndexErrorType, "pop from an empty deque")
		}
		return d.popLeft(), nil
	})
	m("extend", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		items, err := vm.Collect(a[0])
		if err != nil {
			return nil, err
		}
		for _, v := range items {
			d.pushRight(v)
		}
		return None, nil
	})
	m("extendleft", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		items, err := vm.Collect(a[0])
		if err != nil {
			return nil, err
		}
		for _, v := range items {
			d.pushLeft(v)
		}
		return None, nil
	})
	m("rotate", 0, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		k := int64(1)
		if len(a) == 1 {
			var err error
			if k, err = vm.ssize(a[0]); err != nil {
				return nil, err
			}
		}
		if d.n <= 1 {
			return None, nil
		}
		k %= int64(d.n)
		if k < 0 {
			k += int64(d.n)
		}
		items := d.items()
		rot := append(append([]Value(nil), items[d.n-int(k):]...), items[:d.n-int(k)]...)
		d.setItems(rot)
		return None, nil
	})
	m("clear", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		d.setItems(nil)
		return None, nil
	})
	m("copy", 0, 0, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		n := &deque{maxlen: d.maxlen}
		n.setItems(d.items())
		return newNativeInstance(self.(*Instance).Class, n), nil
	})
	m("count", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		items := d.items()
		return vm.seqCount(&items, a[0])
	})
	m("index", 1, 3, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		items := d.items()
		i, err := vm.seqFind(&items, a)
		if err != nil {
			return nil, err
		}
		if i < 0 {
			s, err := vm.Repr(a[0])
			if err != nil {
				return nil, err
			}
			return nil, vm.NewError(ValueErrorType, "%s is not in deque", s)
		}
		return Int(i), nil
	})
	m("remove", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		items := d.items()
		for i, v := range items {
			eq, err := vm.eqForContains(v, a[0])
			if err != nil {
				return nil, err
			}
			if eq {
				d.setItems(append(items[:i:i], items[i+1:]...))
				return None, nil
			}
		}
		s, err := vm.Repr(a[0])
		if err != nil {
			return nil, err
		}
		return nil, vm.NewError(ValueErrorType, "%s is not in deque", s)
	})
	m("reverse", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		items := d.items()
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		d.setItems(items)
		return None, nil
	})
	m("insert", 2, 2, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		i, err := vm.ssize(a[0])
		if err != nil {
			return nil, err
		}
		if d.maxlen >= 0 && d.n >= d.maxlen {
			return nil, vm.NewError(IndexErrorType, "deque already at its maximum size")
		}
		items := d.items()
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
		d.setItems(items)
		return None, nil
	})
	addGetter(t, "maxlen", func(vm *VM, self Value) (Value, error) {
		d, ok := asDeque(self)
		if !ok {
			return nil, vm.descrError("maxlen", DequeType, self)
		}
		if d.maxlen < 0 {
			return None, nil
		}
		return Int(d.maxlen), nil
	})
	m("__len__", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		return Int(d.n), nil
	})
	m("__bool__", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		return Bool(d.n > 0), nil
	})
	m("__iter__", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		return &dequeIter{d: d, state: d.state}, nil
	})
	m("__reversed__", 0, 0, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		return &dequeIter{d: d, state: d.state, rev: true}, nil
	})
	m("__contains__", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		r, err := vm.seqContains(d.items(), a[0])
		return Bool(r), err
	})
	m("__getitem__", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		i, err := vm.dequeIndex(d, a[0])
		if err != nil {
			return nil, err
		}
		return d.at(i), nil
	})
	m("__setitem__", 2, 2, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		i, err := vm.dequeIndex(d, a[0])
		if err != nil {
			return nil, err
		}
		d.set(i, a[1])
		return None, nil
	})
	m("__delitem__", 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
		i, err := vm.dequeIndex(d, a[0])
		if err != nil {
			return nil, err
		}
		items := d.items()
		d.setItems(append(items[:i:i], items[i+1:]...))
		return None, nil
	})
	m("__repr__", 0, 0, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		name := self.(*Instance).Class.Name
		if !vm.reprEnter(self) {
			return NewStr("[...]"), nil
		}
		defer vm.reprLeave(self)
		var b strings.Builder
		b.WriteString(name)
		b.WriteString("([")
		if err := vm.reprItems(&b, d.items()); err != nil {
			return nil, err
		}
		b.WriteString("]")
		if d.maxlen >= 0 {
			b.WriteString(", maxlen=")
			b.WriteString(strconv.Itoa(d.maxlen))
		}
		b.WriteString(")")
		return NewStr(b.String()), nil
	})
	for _, op := range []bytecode.CompareOp{bytecode.CmpLt, bytecode.CmpLe, bytecode.CmpEq, bytecode.CmpNe, bytecode.CmpGt, bytecode.CmpGe} {
		op := op
		m(cmpDunder[op], 1, 1, func(vm *VM, _ Value, d *deque, a []Value) (Value, error) {
			o, ok := asDeque(a[0])
			if !ok {
				return NotImplemented, nil
			}
			return vm.ctSeqCompare(d.items(), o.items(), op)
		})
	}
	m("__add__", 1, 1, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		return vm.dequeConcat(self, d, a[0])
	})
	m("__iadd__", 1, 1, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		items, err := vm.Collect(a[0])
		if err != nil {
			return nil, err
		}
		for _, v := range items {
			d.pushRight(v)
		}
		return self, nil
	})
	m("__mul__", 1, 1, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		return vm.dequeRepeat(self, d, a[0], false)
	})
	m("__rmul__", 1, 1, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		return vm.dequeRepeat(self, d, a[0], false)
	})
	m("__imul__", 1, 1, func(vm *VM, self Value, d *deque, a []Value) (Value, error) {
		return vm.dequeRepeat(self, d, a[0], true)
	})
}

// dequeConcat is deque + other (CPython's deque_concat): a new deque of
// self's class and maxlen.
func (vm *VM) dequeConcat(self Value, d *deque, other Value) (Value, error) {
	o, ok := asDeque(other)
	if !ok {
		return nil, vm.NewError(TypeErrorType, "can only concatenate deque (not \"%s\") to deque", TypeOf(other).tpName())
	}
	n := &deque{maxlen: d.maxlen}
	n.setItems(nil)
	for _, v := range append(d.items(), o.items()...) {
		n.pushRight(v)
	}
	return newNativeInstance(self.(*Instance).Class, n), nil
}

// dequeRepeat is deque * count: a new deque of self's class and maxlen,
// or self repeated in place.
func (vm *VM) dequeRepeat(self Value, d *deque, count Value, inplace bool) (Value, error) {
	items, err := vm.repeatItems(d.items(), count, "deque")
	if err != nil {
		return nil, err
	}
	n := d
	if !inplace {
		n = &deque{maxlen: d.maxlen}
		self = newNativeInstance(self.(*Instance).Class, n)
	}
	n.setItems(nil)
	for _, v := range items {
		n.pushRight(v)
	}
	return self, nil
}

// dequeBinary is deque's sq_concat and sq_repeat, which CPython tries
// after both operands' number slots (BinaryOp calls it once no special
// method answered; the in-place forms went to __iadd__ and __imul__):
// deque + deque, deque * n and n * deque, with CPython's TypeErrors for
// other operands ("can only concatenate deque (not "int") to deque"). ok
// is false when neither operand's sequence slots apply.
func (vm *VM) dequeBinary(op bytecode.BinaryOp, a, b Value) (Value, bool, error) {
	switch op &^ bytecode.OpInplace {
	case bytecode.OpAdd:
		if d, ok := asDeque(a); ok {
			r, err := vm.dequeConcat(a, d, b)
			return r, true, err
		}
	case bytecode.OpMul:
		// The left operand's sq_repeat first, as CPython's sequence_repeat.
		if d, ok := asDeque(a); ok {
			r, err := vm.dequeRepeat(a, d, b, false)
			return r, true, err
		}
		if d, ok := asDeque(b); ok {
			switch a.(type) {
			case *Str, *List, *Tuple: // whose sq_repeat refuses the deque as a count
				return nil, true, vm.NewError(TypeErrorType, "can't multiply sequence by non-int of type '%s'", TypeOf(b).tpName())
			}
			r, err := vm.dequeRepeat(b, d, a, false)
			return r, true, err
		}
	}
	return nil, false, nil
}

func (vm *VM) dequeInit(d *deque, args []Value, kw []string) error {
	a, err := vm.parseArgs("deque", args, kw, []string{"iterable", "maxlen"}, 0, 0)
	if err != nil {
		return err
	}
	d.maxlen = -1
	if a[1] != nil && a[1] != None {
		n, ok, err := vm.intLike(a[1])
		if err != nil {
			return err
		}
		if !ok {
			return vm.NewError(TypeErrorType, "an integer is required")
		}
		ni, small := n.(Int)
		if !small {
			return vm.NewError(OverflowErrorType, "Python int too large to convert to C ssize_t")
		}
		if ni < 0 {
			return vm.NewError(ValueErrorType, "maxlen must be non-negative")
		}
		d.maxlen = int(ni)
	}
	d.setItems(nil)
	if a[0] != nil {
		items, err := vm.Collect(a[0])
		if err != nil {
			return err
		}
		for _, v := range items {
			d.pushRight(v)
		}
	}
	return nil
}

// --- defaultdict ---

type defaultDict struct {
	d       *Dict
	factory Value
}

// asDefaultDict returns the instance and state of a defaultdict (false for
// anything else: a method taken from the class may get any self).
func asDefaultDict(v Value) (*Instance, *defaultDict, bool) {
	inst, ok := v.(*Instance)
	if !ok {
		return nil, nil, false
	}
	dd, ok := inst.Native().(*defaultDict)
	return inst, dd, ok
}

func initDefaultDict() {
	t := DefaultDictType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		dd := &defaultDict{d: NewDict(0), factory: None}
		inst := newNativeInstance(cls, dd)
		if cls == DefaultDictType {
			if err := vm.defaultDictInit(dd, args, kw); err != nil {
				return nil, err
			}
		}
		return inst, nil
	}
	t.Later(registerDefaultDictMethods)
}

// registerDefaultDictMethods registers defaultdict's methods (see Type.Later).
func registerDefaultDictMethods(t *Type) {
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		_, dd, ok := asDefaultDict(args[0])
		if !ok {
			return nil, vm.descrError("__init__", DefaultDictType, args[0])
		}
		return None, vm.defaultDictInit(dd, args[1:], kw)
	})
	addMethod(t, "__missing__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("defaultdict.__missing__", len(args)-1); err != nil {
			return nil, err
		}
		_, dd, ok := asDefaultDict(args[0])
		if !ok {
			return nil, vm.descrError("__missing__", DefaultDictType, args[0])
		}
		if dd.factory == None {
			return nil, NewException(KeyErrorType, args[1])
		}
		v, err := vm.Call(dd.factory, nil, nil)
		if err != nil {
			return nil, err
		}
		return v, vm.DictSet(dd.d, args[1], v)
	})
	addMethod(t, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		inst, dd, ok := asDefaultDict(args[0])
		if !ok {
			return nil, vm.descrError("__repr__", DefaultDictType, args[0])
		}
		f := "..."
		if vm.reprEnter(dd.factory) {
			var err error
			f, err = vm.Repr(dd.factory)
			vm.reprLeave(dd.factory)
			if err != nil {
				return nil, err
			}
		}
		d, err := vm.dictRepr(dd.d)
		if err != nil {
			return nil, err
		}
		return NewStr(inst.Class.Name + "(" + f + ", " + d + ")"), nil
	})
	addMethod(t, "copy", func(vm *VM, args []Value, kw []string) (Value, error) {
		inst, dd, ok := asDefaultDict(args[0])
		if !ok {
			return nil, vm.descrError("copy", DefaultDictType, args[0])
		}
		return newNativeInstance(inst.Class, &defaultDict{d: dd.d.Copy(), factory: dd.factory}), nil
	})
	getFactory := &Builtin{Name: "default_factory", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		_, dd, ok := asDefaultDict(args[0])
		if !ok {
			return nil, vm.descrError("default_factory", DefaultDictType, args[0])
		}
		return dd.factory, nil
	}}
	setFactory := &Builtin{Name: "default_factory", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		_, dd, ok := asDefaultDict(args[0])
		if !ok {
			return nil, vm.descrError("default_factory", DefaultDictType, args[0])
		}
		dd.factory = args[1]
		return None, nil
	}}
	t.setMethod("default_factory", &Property{Get: getFactory, Set: setFactory, Del: None, Doc: None})
}

func (vm *VM) defaultDictInit(dd *defaultDict, args []Value, kw []string) error {
	npos := len(args) - len(kw)
	if npos > 0 {
		f := args[0]
		if f != None && !isCallable(f) {
			return vm.NewError(TypeErrorType, "first argument must be callable or None")
		}
		dd.factory = f
		args = args[1:]
	}
	return vm.dictInit(dd.d, "defaultdict", args, kw)
}

// --- Counter ---

func initCounter() {
	t := CounterType
	t.Builtin = false // a Python class in CPython: user-visible dispatch applies
	t.Shared = true
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		return newNativeInstance(cls, NewDict(0)), nil
	}
	t.Later(registerCounterMethods)
}

// registerCounterMethods registers Counter's methods (see Type.Later).
func registerCounterMethods(t *Type) {
	counterOf := func(vm *VM, name string, v Value) (*Dict, error) {
		if inst, ok := v.(*Instance); ok && inst.Class.IsSubtype(CounterType) {
			if d, ok := inst.Native().(*Dict); ok {
				return d, nil
			}
		}
		return nil, vm.descrError(name, CounterType, v)
	}
	// counterOperand is the other operand of a binary method: an error
	// for a wrong argument count, else isCounter false (NotImplemented)
	// for anything but a Counter.
	counterOperand := func(vm *VM, name string, a []Value) (o *Dict, isCounter bool, err error) {
		if len(a) != 1 {
			return nil, false, vm.NewError(TypeErrorType, "expected 1 argument, got %d", len(a))
		}
		o, err = counterOf(vm, name, a[0])
		return o, err == nil, nil
	}
	m := func(name string, fn func(vm *VM, self Value, d *Dict, args []Value, kw []string) (Value, error)) {
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			d, err := counterOf(vm, name, args[0])
			if err != nil {
				return nil, err
			}
			return fn(vm, args[0], d, args[1:], kw)
		})
	}
	m("__init__", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		return None, vm.counterUpdate(d, a, kw, 1)
	})
	m("update", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		return None, vm.counterUpdate(d, a, kw, 1)
	})
	m("subtract", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		return None, vm.counterUpdate(d, a, kw, -1)
	})
	m("__missing__", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		return Int(0), nil
	})
	m("total", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		var acc Value = Int(0)
		for _, v := range d.valuesSlice() {
			var err error
			if acc, err = vm.BinaryOp(bytecode.OpAdd, acc, v); err != nil {
				return nil, err
			}
		}
		return acc, nil
	})
	m("most_common", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		args, err := vm.parseArgs("most_common", a, kw, []string{"n"}, 0, 0)
		if err != nil {
			return nil, err
		}
		items, err := vm.counterMostCommon(d)
		if err != nil {
			return nil, err
		}
		if args[0] != nil && args[0] != None {
			n, err := vm.ssize(args[0])
			if err != nil {
				return nil, err
			}
			if n < 0 {
				n = 0
			}
			if n < int64(len(items)) {
				items = items[:n]
			}
		}
		return &List{items: items}, nil
	})
	m("elements", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		var out []Value
		for _, e := range d.entries {
			if e.Key == nil {
				continue
			}
			n, ok := e.Value.(Int)
			if !ok {
				r, ok2, err := vm.intLike(e.Value)
				if err != nil {
					return nil, err
				}
				if !ok2 {
					return nil, vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(e.Value).Name)
				}
				n, _ = r.(Int)
			}
			for i := Int(0); i < n; i++ {
				out = append(out, e.Key)
				if int64(len(out)) > vm.maxAlloc {
					return nil, NewException(MemoryErrorType)
				}
			}
		}
		return &seqIter{list: &List{items: out}}, nil
	})
	m("copy", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		return newNativeInstance(self.(*Instance).Class, d.Copy()), nil
	})
	m("__delitem__", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		if len(a) != 1 {
			return nil, vm.NewError(TypeErrorType, "Counter.__delitem__() takes exactly one argument")
		}
		_, _, err := vm.DictDelete(d, a[0])
		return None, err
	})
	m("__repr__", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		name := self.(*Instance).Class.Name
		if d.Len() == 0 {
			return NewStr(name + "()"), nil
		}
		if !vm.reprEnter(self) {
			return NewStr("..."), nil
		}
		defer vm.reprLeave(self)
		items, err := vm.counterMostCommon(d)
		if err != nil {
			// Unorderable counts: insertion order, as CPython falls back.
			items = nil
			d.Items(func(k, v Value) bool {
				items = append(items, tupleOf(k, v))
				return true
			})
		}
		var b strings.Builder
		b.WriteString(name)
		b.WriteString("({")
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			kv := it.(*Tuple).Items
			k, err := vm.Repr(kv[0])
			if err != nil {
				return nil, err
			}
			v, err := vm.Repr(kv[1])
			if err != nil {
				return nil, err
			}
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
		}
		b.WriteString("})")
		return NewStr(b.String()), nil
	})
	m("__eq__", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		if len(a) != 1 {
			return nil, vm.NewError(TypeErrorType, "expected 1 argument, got %d", len(a))
		}
		o, ok := asDict(a[0])
		if !ok {
			return NotImplemented, nil
		}
		if inst, isInst := a[0].(*Instance); !isInst || !inst.Class.IsSubtype(CounterType) {
			eq, err := vm.ctDictEqual(d, o)
			return Bool(eq), err
		}
		eq, err := vm.counterEqual(d, o)
		return Bool(eq), err
	})
	m("__ne__", func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
		if len(a) != 1 {
			return nil, vm.NewError(TypeErrorType, "expected 1 argument, got %d", len(a))
		}
		o, ok := asDict(a[0])
		if !ok {
			return NotImplemented, nil
		}
		if inst, isInst := a[0].(*Instance); !isInst || !inst.Class.IsSubtype(CounterType) {
			eq, err := vm.ctDictEqual(d, o)
			return Bool(!eq), err
		}
		eq, err := vm.counterEqual(d, o)
		return Bool(!eq), err
	})
	// <= and >= compare every count; < and > also need a difference.
	for name, op := range map[string]bytecode.CompareOp{"__le__": bytecode.CmpLe, "__lt__": bytecode.CmpLe, "__ge__": bytecode.CmpGe, "__gt__": bytecode.CmpGe} {
		strict := name == "__lt__" || name == "__gt__"
		m(name, func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
			o, isCounter, err := counterOperand(vm, name, a)
			if !isCounter || err != nil {
				return NotImplemented, err
			}
			ok, err := vm.counterAll(d, o, op)
			if err == nil && ok && strict {
				ok, err = vm.counterEqual(d, o)
				ok = !ok
			}
			return Bool(ok), err
		})
	}
	binop := func(name string, fn func(vm *VM, a, b *Dict) (*Dict, error)) {
		m(name, func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
			o, isCounter, err := counterOperand(vm, name, a)
			if !isCounter || err != nil {
				return NotImplemented, err
			}
			r, err := fn(vm, d, o)
			if err != nil {
				return nil, err
			}
			return newNativeInstance(CounterType, r), nil
		})
		m("__i"+name[2:], func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
			o, isCounter, err := counterOperand(vm, name, a)
			if !isCounter || err != nil {
				return NotImplemented, err
			}
			r, err := fn(vm, d, o)
			if err != nil {
				return nil, err
			}
			d.Clear()
			for _, e := range r.entries {
				if e.Key != nil {
					d.insertNew(e.Key, e.Value, e.Hash)
				}
			}
			return self, nil
		})
	}
	binop("__add__", func(vm *VM, a, b *Dict) (*Dict, error) {
		return vm.counterCombine(a, b, func(x, y Value) (Value, error) { return vm.BinaryOp(bytecode.OpAdd, x, y) }, true)
	})
	binop("__sub__", func(vm *VM, a, b *Dict) (*Dict, error) {
		return vm.counterCombine(a, b, func(x, y Value) (Value, error) { return vm.BinaryOp(bytecode.OpSub, x, y) }, false)
	})
	binop("__or__", func(vm *VM, a, b *Dict) (*Dict, error) {
		return vm.counterCombine(a, b, func(x, y Value) (Value, error) {
			lt, err := vm.Compare(x, y, bytecode.CmpLt)
			if err != nil {
				return nil, err
			}
			if t, _ := vm.Truthy(lt); t {
				return y, nil
			}
			return x, nil
		}, true)
	})
	binop("__and__", func(vm *VM, a, b *Dict) (*Dict, error) {
		r := NewDict(0)
		for _, e := range a.entries {
			if e.Key == nil {
				continue
			}
			i, _, err := vm.dictLookup(b, e.Key, e.Hash)
			if err != nil {
				return nil, err
			}
			if i < 0 {
				continue
			}
			other := b.entries[i].Value
			v := e.Value
			lt, err := vm.Compare(e.Value, other, bytecode.CmpLt)
			if err != nil {
				return nil, err
			}
			if t, _ := vm.Truthy(lt); !t {
				v = other
			}
			if pos, err := vm.positive(v); err != nil {
				return nil, err
			} else if pos {
				r.insertNew(e.Key, v, e.Hash)
			}
		}
		return r, nil
	})
	unary := func(name string, neg bool) {
		m(name, func(vm *VM, self Value, d *Dict, a []Value, kw []string) (Value, error) {
			r := NewDict(0)
			for _, e := range d.entries {
				if e.Key == nil {
					continue
				}
				v := e.Value
				if neg {
					var err error
					if v, err = vm.BinaryOp(bytecode.OpSub, Int(0), v); err != nil {
						return nil, err
					}
				}
				if pos, err := vm.positive(v); err != nil {
					return nil, err
				} else if pos {
					r.insertNew(e.Key, v, e.Hash)
				}
			}
			return newNativeInstance(CounterType, r), nil
		})
	}
	unary("__pos__", false)
	unary("__neg__", true)
	addClassMethod(t, "fromkeys", func(vm *VM, args []Value, kw []string) (Value, error) {
		return nil, vm.NewError(NotImplementedErrorType, "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")
	})
}

// positive is v > 0.
func (vm *VM) positive(v Value) (bool, error) {
	if i, ok := v.(Int); ok {
		return i > 0, nil
	}
	r, err := vm.Compare(v, Int(0), bytecode.CmpGt)
	if err != nil {
		return false, err
	}
	return vm.Truthy(r)
}

// counterCombine builds a Counter from a's keys then b's new keys with
// fn(count_a, count_b) (missing counts are 0), keeping positive results.
func (vm *VM) counterCombine(a, b *Dict, fn func(x, y Value) (Value, error), bKeys bool) (*Dict, error) {
	r := NewDict(0)
	for _, e := range a.entries {
		if e.Key == nil {
			continue
		}
		var other Value = Int(0)
		if i, _, err := vm.dictLookup(b, e.Key, e.Hash); err != nil {
			return nil, err
		} else if i >= 0 {
			other = b.entries[i].Value
		}
		v, err := fn(e.Value, other)
		if err != nil {
			return nil, err
		}
		if pos, err := vm.positive(v); err != nil {
			return nil, err
		} else if pos {
			r.insertNew(e.Key, v, e.Hash)
		}
	}
	for _, e := range b.entries {
		if e.Key == nil {
			continue
		}
		i, _, err := vm.dictLookup(a, e.Key, e.Hash)
		if err != nil {
			return nil, err
		}
		if i >= 0 {
			continue
		}
		v := e.Value
		if !bKeys {
			if v, err = vm.BinaryOp(bytecode.OpSub, Int(0), v); err != nil {
				return nil, err
			}
		}
		if pos, err := vm.positive(v); err != nil {
			return nil, err
		} else if pos {
			r.insertNew(e.Key, v, e.Hash)
		}
	}
	return r, nil
}

// counterEqual is Counter == Counter: missing elements count as zero.
func (vm *VM) counterEqual(a, b *Dict) (bool, error) {
	return vm.counterAll(a, b, bytecode.CmpEq)
}

// counterAll is Counter's comparison: a[e] op b[e] holds for every
// element e of either counter, a missing count being 0.
func (vm *VM) counterAll(a, b *Dict, op bytecode.CompareOp) (bool, error) {
	get := func(d *Dict, e dictEntry) (Value, error) {
		i, _, err := vm.dictLookup(d, e.Key, e.Hash)
		if err != nil || i < 0 {
			return Int(0), err
		}
		return d.entries[i].Value, nil
	}
	for _, d := range []*Dict{a, b} {
		for _, e := range d.entries {
			if e.Key == nil {
				continue
			}
			x, err := get(a, e)
			if err != nil {
				return false, err
			}
			y, err := get(b, e)
			if err != nil {
				return false, err
			}
			r, err := vm.Compare(x, y, op)
			if err != nil {
				return false, err
			}
			if ok, err := vm.Truthy(r); err != nil || !ok {
				return false, err
			}
		}
	}
	return true, nil
}

// counterUpdate adds (sign 1) or subtracts (sign -1) counts from an
// iterable of elements or a mapping, then keyword counts.
func (vm *VM) counterUpdate(d *Dict, args []Value, kw []string, sign int) error {
	npos := len(args) - len(kw)
	name := "update"
	if sign < 0 {
		name = "subtract"
	}
	if err := vm.checkArgs(name, npos, 0, 1); err != nil {
		return err
	}
	op := bytecode.OpAdd
	if sign < 0 {
		op = bytecode.OpSub
	}
	// add adds (or subtracts) the count n of k. CPython adds an element
	// of an iterable as self.get(elem, 0) + 1 but a count from a mapping
	// as count + self.get(elem, 0): countFirst says which.
	add := func(k, n Value, countFirst bool) error {
		// One hash and one probe per element: the count is updated in
		// the entry found, unless Weft code (a user __add__) changed the
		// dict in between.
		h, err := vm.Hash(k)
		if err != nil {
			return err
		}
		i, _, err := vm.dictLookup(d, k, h)
		if err != nil {
			return err
		}
		var cur Value = Int(0)
		if i >= 0 {
			cur = d.entries[i].Value
		}
		ver := d.version
		var v Value
		c, curInt := cur.(Int)
		if m, ok := n.(Int); ok && curInt && m < 1<<40 && m > -(1<<40) && c < 1<<60 && c > -(1<<60) {
			if sign < 0 {
				m = -m
			}
			v = c + m
		} else if sign > 0 && countFirst {
			if v, err = vm.BinaryOp(op, n, cur); err != nil {
				return err
			}
		} else if v, err = vm.BinaryOp(op, cur, n); err != nil {
			return err
		}
		if i >= 0 && d.version == ver && d.entries[i].Key != nil {
			d.entries[i].Value = v
			return nil
		}
		return vm.dictSetHashed(d, k, v, h)
	}
	if npos == 1 && args[0] != None {
		src := args[0]
		if m, ok := asDict(src); ok {
			if d.Len() == 0 && sign > 0 {
				// dict.update fast path, as CPython for an empty Counter
				// (from a Counter too: the counts are copied as they are).
				for _, e := range m.entries {
					if e.Key != nil {
						if err := vm.dictSetHashed(d, e.Key, e.Value, e.Hash); err != nil {
							return err
						}
					}
				}
				goto kwargs
			}
			for _, e := range m.entries {
				if e.Key != nil {
					if err := add(e.Key, e.Value, true); err != nil {
						return err
					}
				}
			}
		} else if _, isView := src.(*DictView); !isView && hasAttr(vm, src, "keys") {
			tmp := NewDict(0)
			if err := vm.dictUpdate(tmp, src); err != nil {
				return err
			}
			for _, e := range tmp.entries {
				if e.Key != nil {
					if err := add(e.Key, e.Value, true); err != nil {
						return err
					}
				}
			}
		} else {
			it, err := vm.Iter(src)
			if err != nil {
				return err
			}
			for {
				x, ok, err := vm.Next(it)
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				if err := add(x, Int(1), false); err != nil {
					return err
				}
			}
		}
	}
kwargs:
	// CPython updates with the keywords as with a dict, so an empty
	// Counter takes them as they are (Counter(a='x') is no error).
	fast := d.Len() == 0 && sign > 0
	for i, k := range kw {
		if fast {
			d.SetStr(k, args[npos+i])
		} else if err := add(NewStr(k), args[npos+i], true); err != nil {
			return err
		}
	}
	return nil
}

// counterMostCommon lists (elem, count) pairs by descending count,
// ties in insertion order.
func (vm *VM) counterMostCommon(d *Dict) ([]Value, error) {
	var items, keys []Value
	for _, e := range d.entries {
		if e.Key != nil {
			items = append(items, tupleOf(e.Key, e.Value))
			keys = append(keys, e.Value)
		}
	}
	s := &sorter{vm: vm, keys: keys, vals: items}
	s.reverse(0, len(items))
	err := s.sort()
	s.reverse(0, len(items))
	return items, err
}

// --- namedtuple ---

var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true,
	"finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true,
	"not": true, "or": true, "pass": true, "raise": true, "return": true,
	"try": true, "while": true, "with": true, "yield": true,
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) {
			continue
		}
		if i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)) {
			continue
		}
		return false
	}
	return true
}

type namedTupleInfo struct {
	fields   []string
	defaults []Value // for the last len(defaults) fields
}

func builtinNamedTuple(vm *VM, args []Value, kw []string) (Value, error) {
	a, err := vm.parseArgs("namedtuple", args, kw, []string{"typename", "field_names", "rename", "defaults", "module"}, 2, 0)
	if err != nil {
		return nil, err
	}
	tn, ok := a[0].(*Str)
	if !ok {
		return nil, vm.NewError(TypeErrorType, "namedtuple() argument 'typename' must be str, not %s", TypeOf(a[0]).Name)
	}
	var fields []string
	if s, ok := a[1].(*Str); ok {
		fields = strings.Fields(strings.ReplaceAll(s.S, ",", " "))
	} else {
		items, err := vm.Collect(a[1])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			s, err := vm.StrOf(it)
			if err != nil {
				return nil, err
			}
			fields = append(fields, s)
		}
	}
	rename := false
	if a[2] != nil {
		if rename, err = vm.Truthy(a[2]); err != nil {
			return nil, err
		}
	}
	if rename {
		seen := map[string]bool{}
		for i, f := range fields {
			if !isIdentifier(f) || pyKeywords[f] || strings.HasPrefix(f, "_") || seen[f] {
				fields[i] = "_" + strconv.Itoa(i)
			}
			seen[fields[i]] = true
		}
	}
	for _, n := range append([]string{tn.S}, fields...) {
		if !isIdentifier(n) {
			return nil, vm.NewError(ValueErrorType, "Type names and field names must be valid identifiers: %s", quoteRepr(n))
		}
		if pyKeywords[n] {
			return nil, vm.NewError(ValueErrorType, "Type names and field names cannot be a keyword: %s", quoteRepr(n))
		}
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if strings.HasPrefix(f, "_") && !rename {
			return nil, vm.NewError(ValueErrorType, "Field names cannot start with an underscore: %s", quoteRepr(f))
		}
		if seen[f] {
			return nil, vm.NewError(ValueErrorType, "Encountered duplicate field name: %s", quoteRepr(f))
		}
		seen[f] = true
	}
	info := &namedTupleInfo{fields: fields}
	fieldDefaults := NewDict(0)
	if a[3] != nil && a[3] != None {
		defs, err := vm.Collect(a[3])
		if err != nil {
			return nil, err
		}
		if len(defs) > len(fields) {
			return nil, vm.NewError(TypeErrorType, "Got more default values than field names")
		}
		info.defaults = defs
		for i, d := range defs {
			fieldDefaults.SetStr(fields[len(fields)-len(defs)+i], d)
		}
	}
	module := "__main__"
	if a[4] != nil && a[4] != None {
		if s, ok := a[4].(*Str); ok {
			module = s.S
		}
	}
	ns := NewDict(0)
	fieldVals := make([]Value, len(fields))
	for i, f := range fields {
		fieldVals[i] = NewStr(f)
	}
	ns.SetStr("__module__", NewStr(module))
	ns.SetStr("__doc__", NewStr(tn.S+"("+strings.Join(fields, ", ")+")"))
	ns.SetStr("__slots__", &Tuple{})
	ns.SetStr("_fields", &Tuple{Items: fieldVals})
	ns.SetStr("_field_defaults", fieldDefaults)
	t := &Type{Name: tn.S, QualName: tn.S, Module: module, dict: ns, Bases: []*Type{TupleType}}
	t.MRO = []*Type{t, TupleType, ObjectType}
	t.Layout = TupleType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		return vm.namedTupleNew(cls, info, args, kw)
	}
	vm.addSubclass(TupleType, t)
	typeName := tn.S
	newFn := &Builtin{Name: "__new__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "%s.__new__(): not enough arguments", typeName)
		}
		cls, ok := args[0].(*Type)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "%s.__new__(X): X is not a type object", typeName)
		}
		return vm.namedTupleNew(cls, info, args[1:], kw)
	}}
	ns.SetStr("__new__", &StaticMethod{Fn: newFn})
	for i, f := range fields {
		i, f := i, f
		get := &Builtin{Name: f, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			tp, ok := asTuple(args[0])
			if !ok || i >= len(tp.Items) {
				return nil, vm.NewError(TypeErrorType, "descriptor for '%s' doesn't apply", f)
			}
			return tp.Items[i], nil
		}}
		ns.SetStr(f, &Property{Get: get, Set: None, Del: None, Doc: NewStr("Alias for field number " + strconv.Itoa(i)), tupleField: true})
	}
	method := func(name string, fn BuiltinFunc) {
		b := &Builtin{Name: name, Fn: fn}
		ns.SetStr(name, b)
	}
	method("__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		tp, ok := asTuple(args[0])
		if !ok {
			return nil, vm.descrError("__repr__", t, args[0])
		}
		name := TypeOf(args[0]).Name
		if !vm.reprEnter(args[0]) {
			return NewStr("..."), nil
		}
		defer vm.reprLeave(args[0])
		var b strings.Builder
		b.WriteString(name)
		b.WriteByte('(')
		for i, v := range tp.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if i < len(fields) {
				b.WriteString(fields[i])
				b.WriteByte('=')
			}
			s, err := vm.Repr(v)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
		}
		b.WriteByte(')')
		return NewStr(b.String()), nil
	})
	method("_asdict", func(vm *VM, args []Value, kw []string) (Value, error) {
		tp, ok := asTuple(args[0])
		if !ok {
			return nil, vm.descrError("_asdict", t, args[0])
		}
		d := NewDict(len(fields))
		for i, f := range fields {
			if i < len(tp.Items) {
				d.SetStr(f, tp.Items[i])
			}
		}
		return d, nil
	})
	method("_replace", func(vm *VM, args []Value, kw []string) (Value, error) {
		tp, ok := asTuple(args[0])
		if !ok {
			return nil, vm.descrError("_replace", t, args[0])
		}
		if len(args)-len(kw) > 1 {
			return nil, vm.NewError(TypeErrorType, "%s._replace() takes 1 positional argument but %d were given", typeName, len(args)-len(kw))
		}
		items := append([]Value(nil), tp.Items...)
		npos := len(args) - len(kw)
		var unknown []string
		for j, k := range kw {
			idx := -1
			for i, f := range fields {
				if f == k {
					idx = i
				}
			}
			if idx < 0 {
				unknown = append(unknown, quoteRepr(k))
				continue
			}
			items[idx] = args[npos+j]
		}
		if len(unknown) > 0 {
			return nil, vm.NewError(ValueErrorType, "Got unexpected field names: [%s]", strings.Join(unknown, ", "))
		}
		return newNativeInstance(TypeOf(args[0]), &Tuple{Items: items}), nil
	})
	method("__getnewargs__", func(vm *VM, args []Value, kw []string) (Value, error) {
		tp, _ := asTuple(args[0])
		return &Tuple{Items: append([]Value(nil), tp.Items...)}, nil
	})
	mk := &Builtin{Name: "_make", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) != 2 {
			return nil, vm.NewError(TypeErrorType, "_make() takes 2 positional arguments but %d were given", len(args))
		}
		cls := args[0].(*Type)
		items, err := vm.Collect(args[1])
		if err != nil {
			return nil, err
		}
		if len(items) != len(fields) {
			return nil, vm.NewError(TypeErrorType, "Expected %d arguments, got %d", len(fields), len(items))
		}
		return newNativeInstance(cls, &Tuple{Items: items}), nil
	}}
	ns.SetStr("_make", &ClassMethod{Fn: mk})
	return t, nil
}

// namedTupleNew binds the constructor arguments of a namedtuple class.
func (vm *VM) namedTupleNew(cls *Type, info *namedTupleInfo, args []Value, kw []string) (Value, error) {
	fields := info.fields
	npos := len(args) - len(kw)
	fname := cls.Name + ".__new__"
	for _, c := range cls.MRO {
		if _, ok := c.Dict().GetStr("_fields"); ok {
			fname = c.Name + ".__new__"
			break
		}
	}
	if npos > len(fields) {
		return nil, vm.NewError(TypeErrorType, "%s() takes %d positional arguments but %d were given", fname, len(fields)+1, npos+1)
	}
	items := make([]Value, len(fields))
	copy(items, args[:npos])
	for i, k := range kw {
		idx := -1
		for j, f := range fields {
			if f == k {
				idx = j
				break
			}
		}
		if idx < 0 {
			return nil, vm.NewError(TypeErrorType, "%s() got an unexpected keyword argument '%s'", fname, k)
		}
		if items[idx] != nil {
			return nil, vm.NewError(TypeErrorType, "%s() got multiple values for argument '%s'", fname, k)
		}
		items[idx] = args[npos+i]
	}
	var missing []string
	nd := len(info.defaults)
	for i := range items {
		if items[i] == nil {
			if d := i - (len(fields) - nd); d >= 0 {
				items[i] = info.defaults[d]
				continue
			}
			missing = append(missing, "'"+fields[i]+"'")
		}
	}
	if len(missing) > 0 {
		var list string
		switch len(missing) {
		case 1:
			list = missing[0]
		case 2:
			list = missing[0] + " and " + missing[1]
		default:
			list = strings.Join(missing[:len(missing)-1], ", ") + ", and " + missing[len(missing)-1]
		}
		return nil, vm.NewError(TypeErrorType, "%s() missing %d required positional argument%s: %s", fname, len(missing), plural1(len(missing)), list)
	}
	return newNativeInstance(cls, &Tuple{Items: items}), nil
}

// quoteRepr is repr() of a Go string as Python prints it (single quotes
// unless the text contains one and no double quote).
func quoteRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hexDigits(uint32(r), 2))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

var _ = sort.Strings
