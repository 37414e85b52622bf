package vm

// builtins.go: the builtins module: the builtin functions of SPEC.md with
// CPython's argument handling and messages. The lazy iterators (map,
// filter, zip, enumerate, reversed) are in builtins_iter.go, object,
// property, staticmethod and classmethod in builtins_object.go.
// (Owner: containers/builtins engineer.)

import (
	"math"
	"sort"
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// builtinFuncs are the stateless builtin functions shared by every VM.
var builtinFuncs = map[string]*Builtin{}

func regBuiltin(name string, fn BuiltinFunc) {
	builtinFuncs[name] = &Builtin{Name: name, Fn: fn, Func: true}
}

func (vm *VM) makeBuiltins() *Dict {
	d := NewDict(0)
	names := make([]string, 0, len(builtinFuncs))
	for n := range builtinFuncs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		d.SetStr(n, builtinFuncs[n])
	}
	d.SetStr("__build_class__", buildClassBuiltin)
	d.SetStr("super", &Builtin{Name: "super", Special: specialSuper, Func: true})
	d.SetStr("next", &Builtin{Name: "next", Special: specialNext, Func: true})
	for _, t := range []*Type{ObjectType, TypeType, IntType, BoolType, FloatType, StrType, ListType,
		TupleType, DictType, SetType, FrozenSetType, RangeType, SliceType, PropertyType,
		StaticMethodType, ClassMethodType, EnumerateType, ZipType, MapType,
		FilterType, ReversedType} {
		d.SetStr(t.Name, t)
	}
	for _, t := range ExceptionTypes {
		d.SetStr(t.Name, t)
	}
	d.SetStr("None", None)
	d.SetStr("True", Bool(true))
	d.SetStr("False", Bool(false))
	d.SetStr("Ellipsis", EllipsisType{})
	d.SetStr("NotImplemented", NotImplemented)
	d.SetStr("__debug__", Bool(true)) // python3 without -O
	d.SetStr("__name__", NewStr("builtins"))
	d.SetStr("__doc__", None)
	return d
}

func init() {
	regBuiltin("print", builtinPrint)
	regBuiltin("len", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("len", args, kw); err != nil {
			return nil, err
		}
		n, err := vm.Len(args[0])
		return Int(n), err
	})
	regBuiltin("repr", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("repr", args, kw); err != nil {
			return nil, err
		}
		s, err := vm.Repr(args[0])
		return NewStr(s), err
	})
	regBuiltin("ascii", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("ascii", args, kw); err != nil {
			return nil, err
		}
		s, err := vm.ASCIIRepr(args[0])
		return NewStr(s), err
	})
	regBuiltin("hash", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("hash", args, kw); err != nil {
			return nil, err
		}
		h, err := vm.Hash(args[0])
		return Int(h), err
	})
	regBuiltin("id", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("id", args, kw); err != nil {
			return nil, err
		}
		return Int(int64(idOf(args[0]))), nil
	})
	regBuiltin("callable", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("callable", args, kw); err != nil {
			return nil, err
		}
		return Bool(isCallable(args[0])), nil
	})
	regBuiltin("abs", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("abs", args, kw); err != nil {
			return nil, err
		}
		return vm.Abs(args[0])
	})
	builtinFuncs["abs"].Float1 = func(x float64) (float64, bool) { return math.Abs(x), true }
	for _, name := range []string{"hex", "oct", "bin"} {
		name := name
		regBuiltin(name, func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.oneArg(name, args, kw); err != nil {
				return nil, err
			}
			var s string
			var err error
			switch name {
			case "hex":
				s, err = vm.Hex(args[0])
			case "oct":
				s, err = vm.Oct(args[0])
			default:
				s, err = vm.Bin(args[0])
			}
			if err != nil {
				return nil, err
			}
			return NewStr(s), nil
		})
	}
	regBuiltin("chr", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("chr", args, kw); err != nil {
			return nil, err
		}
		return vm.Chr(args[0])
	})
	regBuiltin("ord", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg("ord", args, kw); err != nil {
			return nil, err
		}
		return vm.Ord(args[0])
	})
	regBuiltin("round", func(vm *VM, args []Value, kw []string) (Value, error) {
		a, err := vm.parseArgs("round", args, kw, []string{"number", "ndigits"}, 1, 0)
		if err != nil {
			return nil, err
		}
		return vm.Round(a[0], a[1])
	})
	regBuiltin("divmod", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("divmod", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("divmod", len(args), 2, 2); err != nil {
			return nil, err
		}
		return vm.Divmod(args[0], args[1])
	})
	regBuiltin("pow", func(vm *VM, args []Value, kw []string) (Value, error) {
		a, err := vm.parseArgs("pow", args, kw, []string{"base", "exp", "mod"}, 2, 0)
		if err != nil {
			return nil, err
		}
		return vm.Pow3(a[0], a[1], a[2])
	})
	regBuiltin("format", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("format", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("format", len(args), 1, 2); err != nil {
			return nil, err
		}
		spec := ""
		if len(args) == 2 {
			s, ok := args[1].(*Str)
			if !ok {
				return nil, vm.badArgument("format() argument 2", "str", args[1])
			}
			spec = s.S
		}
		s, err := vm.Format(args[0], spec)
		return NewStr(s), err
	})
	regBuiltin("any", func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.anyAll("any", args, kw, true)
	})
	regBuiltin("all", func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.anyAll("all", args, kw, false)
	})
	regBuiltin("sum", builtinSum)
	regBuiltin("min", func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.minMax("min", args, kw, bytecode.CmpLt)
	})
	regBuiltin("max", func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.minMax("max", args, kw, bytecode.CmpGt)
	})
	regBuiltin("sorted", func(vm *VM, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		if err := vm.checkArgs("sorted", npos, 1, 1); err != nil {
			return nil, err
		}
		items, err := vm.Collect(args[0])
		if err != nil {
			return nil, err
		}
		l := &List{items: items}
		if err := vm.listSort(l, args[1:], kw); err != nil {
			return nil, err
		}
		return l, nil
	})
	regBuiltin("isinstance", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("isinstance", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("isinstance", len(args), 2, 2); err != nil {
			return nil, err
		}
		r, err := vm.IsInstance(args[0], args[1])
		return Bool(r), err
	})
	regBuiltin("issubclass", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("issubclass", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("issubclass", len(args), 2, 2); err != nil {
			return nil, err
		}
		r, err := vm.IsSubclass(args[0], args[1])
		return Bool(r), err
	})
	regBuiltin("iter", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("iter", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("iter", len(args), 1, 2); err != nil {
			return nil, err
		}
		if len(args) == 2 {
			if !isCallable(args[0]) {
				return nil, vm.NewError(TypeErrorType, "iter(v, w): v must be callable")
			}
			return &callIter{fn: args[0], sentinel: args[1]}, nil
		}
		return vm.Iter(args[0])
	})
	regBuiltin("getattr", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("getattr", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("getattr", len(args), 2, 3); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		v, err := vm.GetAttr(args[0], name)
		if err != nil && len(args) == 3 && isExcOf(err, AttributeErrorType) {
			return args[2], nil
		}
		return v, err
	})
	regBuiltin("setattr", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("setattr", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("setattr", len(args), 3, 3); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		return None, vm.SetAttr(args[0], name, args[2])
	})
	regBuiltin("delattr", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("delattr", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("delattr", len(args), 2, 2); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		return None, vm.DelAttr(args[0], name)
	})
	regBuiltin("hasattr", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("hasattr", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("hasattr", len(args), 2, 2); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		_, err = vm.GetAttr(args[0], name)
		if err != nil {
			if isExcOf(err, AttributeErrorType) {
				return Bool(false), nil
			}
			return nil, err
		}
		return Bool(true), nil
	})
	regBuiltin("vars", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("vars", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("vars", len(args), 0, 1); err != nil {
			return nil, err
		}
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "vars() without arguments is not supported")
		}
		switch o := args[0].(type) {
		case *Instance:
			if o.Native() != nil && o.attrs() == nil && o.Class.Builtin {
				break
			}
			return o.attrsOrNew(), nil
		case *Module:
			return o.Dict, nil
		case *Type:
			return o.Dict(), nil
		case *Function:
			if o.Dict == nil {
				o.Dict = NewDict(0)
			}
			return o.Dict, nil
		}
		return nil, vm.NewError(TypeErrorType, "vars() argument must have __dict__ attribute")
	})
	regBuiltin("dir", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("dir", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("dir", len(args), 0, 1); err != nil {
			return nil, err
		}
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "dir() without arguments is not supported")
		}
		return vm.Dir(args[0])
	})
}

// oneArg checks a function of exactly one positional argument.
func (vm *VM) oneArg(name string, args []Value, kw []string) error {
	if err := vm.noKwargs(name, kw); err != nil {
		return err
	}
	return vm.exactlyOne(name, len(args))
}

// isExcOf reports whether err is a Weft exception of class t (or a
// subclass).
func isExcOf(err error, t *Type) bool {
	e, ok := err.(*Instance)
	return ok && e.Class.IsSubtype(t)
}

func (vm *VM) attrName(v Value) (*Str, error) {
	s, ok := v.(*Str)
	if !ok {
		return nil, vm.NewError(TypeErrorType, "attribute name must be string, not '%s'", TypeOf(v).Name)
	}
	return s, nil
}

// isCallable is callable(v).
func isCallable(v Value) bool {
	switch v.(type) {
	case *Function, *Builtin, *BoundMethod, *Type, *StaticMethod:
		return true
	case *Instance:
		return lookupSpecial(v, "__call__") != nil
	}
	return false
}

// IsInstance is isinstance(obj, cls) with cls a class or a (nested) tuple
// of classes.
func (vm *VM) IsInstance(obj, cls Value) (bool, error) {
	// CPython asks the class's metaclass (__instancecheck__ on type(cls));
	// Weft classes have no metaclass but type, so a method of that name
	// in a class body is an ordinary method and the answer is the MRO's.
	switch c := cls.(type) {
	case *Type:
		return c == ObjectType || TypeOf(obj).IsSubtype(c), nil
	case *Tuple:
		if r, flat := isInstanceOfTypes(TypeOf(obj), c); flat {
			return r, nil
		}
		// Nested tuples recurse, bounded as CPython bounds them.
		if err := vm.nestEnter(vm.compareNestLimit(), " in __instancecheck__"); err != nil {
			return false, err
		}
		defer func() { vm.nesting-- }()
		for _, it := range c.Items {
			r, err := vm.IsInstance(obj, it)
			if err != nil || r {
				return r, err
			}
		}
		return false, nil
	}
	return false, vm.NewError(TypeErrorType, "isinstance() arg 2 must be a type, a tuple of types, or a union")
}

// isInstanceOfTypes answers isinstance for a tuple of types alone (flat);
// a tuple with anything else is not flat and needs the general walk.
func isInstanceOfTypes(t *Type, types *Tuple) (r, flat bool) {
	for _, it := range types.Items {
		c, ok := it.(*Type)
		if !ok {
			return false, false
		}
		if c == ObjectType || t.IsSubtype(c) {
			r = true
		}
	}
	return r, true
}

// IsSubclass is issubclass(c, cls).
func (vm *VM) IsSubclass(sub, cls Value) (bool, error) {
	s, ok := sub.(*Type)
	if !ok {
		return false, vm.NewError(TypeErrorType, "issubclass() arg 1 must be a class")
	}
	switch c := cls.(type) {
	case *Type:
		return c == ObjectType || s.IsSubtype(c), nil
	case *Tuple:
		if err := vm.nestEnter(vm.compareNestLimit(), " in __subclasscheck__"); err != nil {
			return false, err
		}
		defer func() { vm.nesting-- }()
		for _, it := range c.Items {
			r, err := vm.IsSubclass(s, it)
			if err != nil || r {
				return r, err
			}
		}
		return false, nil
	}
	return false, vm.NewError(TypeErrorType, "issubclass() arg 2 must be a class, a tuple of classes, or a union")
}

func hexDigits(v uint32, n int) string {
	const digits = "0123456789abcdef"
	out := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = digits[v&15]
		v >>= 4
	}
	return string(out)
}

func (vm *VM) anyAll(name string, args []Value, kw []string, wantAny bool) (Value, error) {
	if err := vm.oneArg(name, args, kw); err != nil {
		return nil, err
	}
	it, err := vm.Iter(args[0])
	if err != nil {
		return nil, err
	}
	for {
		v, ok, err := vm.Next(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			return Bool(!wantAny), nil
		}
		t, err := vm.Truthy(v)
		if err != nil {
			return nil, err
		}
		if t == wantAny {
			return Bool(wantAny), nil
		}
	}
}

// builtinSum is sum(iterable, /, start=0): a left fold with +.
func builtinSum(vm *VM, args []Value, kw []string) (Value, error) {
	var a [2]Value
	if err := vm.parseArgsInto(a[:], "sum", args, kw, []string{"iterable", "start"}, 1, 1); err != nil {
		return nil, err
	}
	acc := a[1]
	if acc == nil {
		acc = Int(0)
	}
	switch acc.(type) {
	case *Str:
		return nil, vm.NewError(TypeErrorType, "sum() can't sum strings [use ''.join(seq) instead]")
	}
	it, err := vm.Iter(a[0])
	if err != nil {
		return nil, err
	}
	// As CPython: while the total and the items are ints (or floats) it
	// is kept unboxed, and boxed once when the kind changes or at the end.
	var iacc int64
	var facc float64
	inInt, inFloat := false, false
	switch x := acc.(type) {
	case Int:
		iacc, inInt = int64(x), true
	case Float:
		facc, inFloat = float64(x), true
	}
	for {
		v, ok, err := vm.Next(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if inInt {
			if y, ok := v.(Int); ok {
				if s := iacc + int64(y); (s > iacc) == (y > 0) {
					iacc = s
					continue
				}
			}
			acc, inInt = boxInt(Int(iacc)), false
		}
		if inFloat {
			if y, ok := v.(Float); ok {
				facc += float64(y)
				continue
			}
			acc, inFloat = Float(facc), false
		}
		if acc, err = vm.BinaryOp(bytecode.OpAdd, acc, v); err != nil {
			return nil, err
		}
		switch x := acc.(type) {
		case Int:
			iacc, inInt = int64(x), true
		case Float:
			facc, inFloat = float64(x), true
		}
	}
	if inInt {
		return boxInt(Int(iacc)), nil
	}
	if inFloat {
		return Float(facc), nil
	}
	return acc, nil
}

// minMax is min() and max(): one iterable or several arguments, key= and
// default=.
func (vm *VM) minMax(name string, args []Value, kw []string, op bytecode.CompareOp) (Value, error) {
	npos := len(args) - len(kw)
	var key, def Value
	for i, k := range kw {
		switch k {
		case "key":
			key = args[npos+i]
		case "default":
			def = args[npos+i]
		default:
			return nil, vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for %s()", k, name)
		}
	}
	if key == None {
		key = nil
	}
	if npos == 0 {
		return nil, vm.NewError(TypeErrorType, "%s expected at least 1 argument, got 0", name)
	}
	// min(a, b, ...) walks its arguments; min(iterable) an iterator.
	var it Value
	var items []Value
	if npos == 1 {
		var err error
		if it, err = vm.Iter(args[0]); err != nil {
			return nil, err
		}
	} else {
		if def != nil {
			return nil, vm.NewError(TypeErrorType, "Cannot specify a default for %s() with multiple positional arguments", name)
		}
		items = args[:npos]
	}
	var best, bestKey Value
	for i := 0; ; i++ {
		var v Value
		if it == nil {
			if i == len(items) {
				break
			}
			v = items[i]
		} else {
			var ok bool
			var err error
			if v, ok, err = vm.Next(it); err != nil {
				return nil, err
			} else if !ok {
				break
			}
		}
		var err error
		k := v
		if key != nil {
			if k, err = vm.Call(key, []Value{v}, nil); err != nil {
				return nil, err
			}
		}
		if best == nil {
			best, bestKey = v, k
			continue
		}
		better := false
		if x, ok := k.(Int); ok {
			if y, ok := bestKey.(Int); ok {
				better = cmpOrdered(x, y, op)
				goto decided
			}
		}
		{
			r, err := vm.Compare(k, bestKey, op)
			if err != nil {
				return nil, err
			}
			if better, err = vm.Truthy(r); err != nil {
				return nil, err
			}
		}
	decided:
		if better {
			best, bestKey = v, k
		}
	}
	if best == nil {
		if def != nil {
			return def, nil
		}
		return nil, vm.NewError(ValueErrorType, "%s() arg is an empty sequence", name)
	}
	return best, nil
}

// Dir is dir(obj): the sorted attribute names.
func (vm *VM) Dir(obj Value) (Value, error) {
	if m := lookupSpecial(obj, "__dir__"); m != nil {
		if _, builtin := m.(*Builtin); !builtin {
			r, err := vm.callBound(m, obj, nil)
			if err != nil {
				return nil, err
			}
			items, err := vm.Collect(r)
			if err != nil {
				return nil, err
			}
			l := &List{items: items}
			return l, vm.listSort(l, nil, nil)
		}
	}
	names := map[string]bool{}
	addDict := func(d *Dict) {
		d.Items(func(k, _ Value) bool {
			if s, ok := k.(*Str); ok {
				names[s.S] = true
			}
			return true
		})
	}
	addType := func(t *Type) {
		for _, c := range t.MRO {
			addDict(c.Dict())
		}
		if !t.Builtin {
			for _, n := range []string{"__dict__", "__module__", "__doc__", "__weakref__"} {
				names[n] = true
			}
		}
	}
	switch o := obj.(type) {
	case *Module:
		addDict(o.Dict)
	case *Type:
		addType(o)
		addDict(ObjectType.Dict())
		for _, n := range []string{"__class__", "__doc__"} {
			names[n] = true
		}
	default:
		if inst, ok := obj.(*Instance); ok && inst.attrs() != nil {
			addDict(inst.attrs())
		}
		if f, ok := obj.(*Function); ok && f.Dict != nil {
			addDict(f.Dict)
		}
		addType(TypeOf(obj))
		names["__class__"] = true
		names["__doc__"] = true
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	items := make([]Value, len(out))
	for i, n := range out {
		items[i] = NewStr(n)
	}
	return &List{items: items}, nil
}

func builtinPrint(vm *VM, args []Value, kwnames []string) (Value, error) {
	npos := len(args) - len(kwnames)
	sep, end := " ", "\n"
	var file Value
	for i, k := range kwnames {
		v := args[npos+i]
		switch k {
		case "sep", "end":
			s := ""
			switch x := v.(type) {
			case NoneType:
				if k == "sep" {
					s = " "
				} else {
					s = "\n"
				}
			case *Str:
				s = x.S
			default:
				return nil, vm.NewError(TypeErrorType, "%s must be None or a string, not %s", k, TypeOf(v).Name)
			}
			if k == "sep" {
				sep = s
			} else {
				end = s
			}
		case "file":
			file = v
		case "flush":
		default:
			return nil, vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for print()", k)
		}
	}
	// CPython writes the pieces one at a time: a file object's write sees
	// each, and what precedes an argument whose str() fails stays written.
	// sys.stdout and sys.stderr get them in one write.
	perPiece := false
	if inst, ok := file.(*Instance); ok {
		_, std := inst.Native().(*textWriter)
		perPiece = !std
	}
	var b strings.Builder
	piece := func(s string) error {
		b.WriteString(s)
		if !perPiece {
			return nil
		}
		err := vm.printTo(file, b.String())
		b.Reset()
		return err
	}
	for i, a := range args[:npos] {
		if i > 0 {
			if err := piece(sep); err != nil {
				return nil, err
			}
		}
		s, err := vm.StrOf(a)
		if err != nil {
			if b.Len() > 0 {
				if werr := vm.printTo(file, b.String()); werr != nil {
					return nil, werr
				}
			}
			return nil, err
		}
		if err := piece(s); err != nil {
			return nil, err
		}
	}
	if err := piece(end); err != nil || perPiece {
		return None, err
	}
	return None, vm.printTo(file, b.String())
}

// printTo writes print's output to file: stdout for None or sys.stdout,
// stderr for sys.stderr, else file.write(s).
func (vm *VM) printTo(file Value, s string) error {
	if file == nil || file == None {
		return vm.write(s)
	}
	if inst, ok := file.(*Instance); ok {
		if w, ok := inst.Native().(*textWriter); ok {
			if w.stderr {
				if _, err := vm.opts.Stderr.Write([]byte(s)); err != nil {
					return vm.NewError(OSErrorType, "%s", err.Error())
				}
				return nil
			}
			return vm.write(s)
		}
	}
	w, err := vm.GetAttr(file, NewStr("write"))
	if err != nil {
		if isExcOf(err, AttributeErrorType) {
			return vm.NewError(AttributeErrorType, "'%s' object has no attribute 'write'", TypeOf(file).Name)
		}
		return err
	}
	_, err = vm.Call(w, []Value{NewStr(s)}, nil)
	return err
}

// write sends program output to stdout, honouring the output budget.
func (vm *VM) write(s string) error {
	if max := vm.opts.MaxOutput; max > 0 {
		if vm.outputBytes >= max {
			vm.OutputTruncated = true
			return nil
		}
		if vm.outputBytes+int64(len(s)) > max {
			s = s[:max-vm.outputBytes]
			vm.OutputTruncated = true
		}
	}
	vm.outputBytes += int64(len(s))
	_, err := vm.opts.Stdout.Write([]byte(s))
	if err != nil {
		return vm.NewError(OSErrorType, "%s", err.Error())
	}
	return nil
}

func (vm *VM) builtinsModule() *Module {
	return &Module{Name: "builtins", Dict: vm.Builtins}
}

// builtinModule returns a module implemented in Go, or nil.
func (vm *VM) builtinModule(name string) *Module {
	if mk, ok := builtinModules[name]; ok {
		return mk(vm)
	}
	return nil
}

// builtinModules maps module names to their constructors; module files
// register themselves in init functions.
var builtinModules = map[string]func(vm *VM) *Module{}

// newModule makes a builtin module with the given functions.
func newModule(name string, funcs map[string]BuiltinFunc) *Module {
	m := &Module{Name: name, Dict: NewDict(0)}
	m.Dict.SetStr("__name__", NewStr(name))
	m.Dict.SetStr("__doc__", None)
	names := make([]string, 0, len(funcs))
	for n := range funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m.Dict.SetStr(n, &Builtin{Name: n, Fn: funcs[n], Func: true})
	}
	return m
}
