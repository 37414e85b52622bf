package vm

// builtins_object.go: the methods of object (the root of every class:
// __init__, __new__, __repr__, __str__, __eq__, __ne__, __hash__,
// __setattr__, ...), type(name, bases, dict), and the descriptor types
// property, staticmethod and classmethod.

import (
	"fmt"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// objectInit, objectNew, objectStr and objectRepr are object's own
// methods, so the protocol layer can tell them from overrides.
var objectInit, objectNew, objectStr, objectRepr *Builtin

func init() {
	o := ObjectType
	o.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if len(args) > 0 {
			return nil, vm.NewError(TypeErrorType, "%s() takes no arguments", cls.Name)
		}
		return &Instance{Class: cls}, nil
	}
	objectNew = &Builtin{Name: "__new__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "object.__new__(): not enough arguments")
		}
		cls, ok := args[0].(*Type)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "object.__new__(X): X is not a type object (%s)", TypeOf(args[0]).Name)
		}
		// A builtin type, or a subclass of one with its own __new__ (int,
		// str, ...: the instance needs its value), must use its base's
		// __new__. Types such as Thread are Python classes in CPython, so
		// their subclasses may use object's.
		if base := cls.Layout; base != ObjectType && !cls.isExc {
			if _, own := base.Dict().GetStr("__new__"); own || cls.Builtin {
				return nil, vm.NewError(TypeErrorType, "object.__new__(%s) is not safe, use %s.__new__()", cls.Name, base.Name)
			}
		}
		if len(args) > 1 {
			if nw, _ := cls.Lookup("__new__"); nw != nil && !isObjectNew(nw) {
				return nil, vm.NewError(TypeErrorType, "object.__new__() takes exactly one argument (the type to instantiate)")
			}
			if in, _ := cls.Lookup("__init__"); in == nil || in == objectInit {
				return nil, vm.NewError(TypeErrorType, "%s() takes no arguments", cls.Name)
			}
		}
		inst := newObjectInstance(cls)
		if cls.isExc {
			inst.setExc(&ExcData{Args: append([]Value(nil), args[1:len(args)-len(kw)]...)})
		}
		return inst, nil
	}}
	objectNew.owner = o
	o.Dict().SetStr("__new__", &StaticMethod{Fn: objectNew})
	objectInit = addMethod(o, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) > 1 {
			t := TypeOf(args[0])
			if in, _ := t.Lookup("__init__"); in != objectInit {
				return nil, vm.NewError(TypeErrorType, "object.__init__() takes exactly one argument (the instance to initialize)")
			}
			if nw, _ := t.Lookup("__new__"); (nw == nil || isObjectNew(nw)) && t.New == nil {
				return nil, vm.NewError(TypeErrorType, "%s() takes no arguments", t.Name)
			}
		}
		return None, nil
	})
	objectRepr = addMethod(o, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs("object.__repr__", len(args)-1); err != nil {
			return nil, err
		}
		s, err := vm.objectReprOf(args[0])
		return NewStr(s), err
	})
	objectStr = addMethod(o, "__str__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs("object.__str__", len(args)-1); err != nil {
			return nil, err
		}
		s, err := vm.Repr(args[0])
		return NewStr(s), err
	})
	addMethod(o, "__eq__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("object.__eq__", len(args)-1); err != nil {
			return nil, err
		}
		if identical(args[0], args[1]) {
			return Bool(true), nil
		}
		return NotImplemented, nil
	})
	addMethod(o, "__ne__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("object.__ne__", len(args)-1); err != nil {
			return nil, err
		}
		var r Value
		var err error
		if _, isInst := args[0].(*Instance); isInst {
			var ok bool
			r, ok, err = vm.callSpecial(args[0], "__eq__", args[1])
			if !ok {
				r = NotImplemented
			}
		} else {
			r, _, err = vm.compareBuiltin(args[0], args[1], bytecode.CmpEq)
			if r == nil && err == nil {
				if identical(args[0], args[1]) {
					r = Bool(true)
				} else {
					r = NotImplemented
				}
			}
		}
		if err != nil || r == NotImplemented {
			return r, err
		}
		t, err := vm.Truthy(r)
		return Bool(!t), err
	})
	for _, op := range []bytecode.CompareOp{bytecode.CmpLt, bytecode.CmpLe, bytecode.CmpGt, bytecode.CmpGe} {
		name := cmpDunder[op]
		qual := "object." + name // for messages; built once, not per call
		addMethod(o, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.exactlyOne(qual, len(args)-1); err != nil {
				return nil, err
			}
			return NotImplemented, nil
		})
	}
	addMethod(o, "__hash__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs("object.__hash__", len(args)-1); err != nil {
			return nil, err
		}
		// CPython's object.__hash__ hashes the identity, even of a list;
		// builtin values whose type inherits it hash as vm.Hash does.
		_, isInst := args[0].(*Instance)
		if h, _ := TypeOf(args[0]).Lookup("__hash__"); isInst || h == None {
			return Int(identityHash(args[0])), nil
		}
		h, err := vm.Hash(args[0])
		return Int(h), err
	})
	addMethod(o, "__format__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("object.__format__", len(args)-1); err != nil {
			return nil, err
		}
		spec, ok := args[1].(*Str)
		if !ok {
			return nil, vm.badArgument("__format__() argument", "str", args[1])
		}
		if spec.S != "" {
			return nil, vm.NewError(TypeErrorType, "unsupported format string passed to %s.__format__", TypeOf(args[0]).Name)
		}
		s, err := vm.StrOf(args[0])
		return NewStr(s), err
	})
	addMethod(o, "__setattr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.checkArgs("__setattr__", len(args)-1, 2, 2); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		return None, vm.genericSetAttr(args[0], name, args[2])
	})
	addMethod(o, "__delattr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("object.__delattr__", len(args)-1); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		return None, vm.DelAttr(args[0], name)
	})
	addMethod(o, "__getattribute__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("object.__getattribute__", len(args)-1); err != nil {
			return nil, err
		}
		name, err := vm.attrName(args[1])
		if err != nil {
			return nil, err
		}
		return vm.genericGetAttr(args[0], name)
	})
	addMethod(o, "__dir__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs("object.__dir__", len(args)-1); err != nil {
			return nil, err
		}
		return vm.Dir(args[0])
	})
	addMethod(o, "__sizeof__", func(vm *VM, args []Value, kw []string) (Value, error) {
		return Int(16), nil
	})
	for _, name := range []string{"__reduce__", "__reduce_ex__", "__getstate__"} {
		name := name
		addMethod(o, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			return nil, vm.NewError(TypeErrorType, "cannot pickle '%s' object", TypeOf(args[0]).Name)
		})
	}
	addClassMethod(o, "__init_subclass__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) > 1 {
			return nil, vm.NewError(TypeErrorType, "%s.__init_subclass__() takes no keyword arguments", args[0].(*Type).Name)
		}
		return None, nil
	})
	addClassMethod(o, "__subclasshook__", func(vm *VM, args []Value, kw []string) (Value, error) {
		return NotImplemented, nil
	})

	// Exception classes are instantiated like any class: the builtin ones
	// through New (args recorded), subclasses then run __init__.
	for _, t := range append(ExceptionTypes, BudgetExceededType, SystemErrorType) {
		if t.New == nil {
			t.New = newExceptionInstance
		}
	}

	// type
	TypeType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		npos := len(args) - len(kw)
		if npos == 1 && len(kw) == 0 {
			return TypeOf(args[0]), nil
		}
		if npos != 3 {
			return nil, vm.NewError(TypeErrorType, "type() takes 1 or 3 arguments")
		}
		name, ok := args[0].(*Str)
		if !ok {
			return nil, vm.badArgument("type.__new__() argument 1", "str", args[0])
		}
		bt, ok := args[1].(*Tuple)
		if !ok {
			return nil, vm.badArgument("type.__new__() argument 2", "tuple", args[1])
		}
		ns, ok := args[2].(*Dict)
		if !ok {
			return nil, vm.badArgument("type.__new__() argument 3", "dict", args[2])
		}
		info := &classBuild{name: name.S}
		for _, b := range bt.Items {
			t, ok := b.(*Type)
			if !ok {
				return nil, vm.NewError(TypeErrorType, "bases must be types")
			}
			info.bases = append(info.bases, t)
		}
		return vm.finishClass(info, ns.Copy())
	}
	addMethod(TypeType, "mro", func(vm *VM, args []Value, kw []string) (Value, error) {
		t, ok := args[0].(*Type)
		if !ok {
			return nil, vm.descrError("mro", TypeType, args[0])
		}
		items := make([]Value, len(t.MRO))
		for i, m := range t.MRO {
			items[i] = m
		}
		return &List{items: items}, nil
	})
	addMethod(TypeType, "__subclasses__", func(vm *VM, args []Value, kw []string) (Value, error) {
		t, ok := args[0].(*Type)
		if !ok {
			return nil, vm.descrError("__subclasses__", TypeType, args[0])
		}
		var items []Value
		for _, s := range vm.subclassesOf(t) {
			for _, b := range s.Bases {
				if b == t {
					items = append(items, s)
					break
				}
			}
		}
		return &List{items: items}, nil
	})

	// property
	p := PropertyType
	p.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		a, err := vm.parseArgs("property", args, kw, []string{"fget", "fset", "fdel", "doc"}, 0, 0)
		if err != nil {
			return nil, err
		}
		prop := &Property{Get: orNone(a[0]), Set: orNone(a[1]), Del: orNone(a[2]), Doc: orNone(a[3])}
		if prop.Doc == None && prop.Get != None {
			prop.Doc = vm.docOf(prop.Get)
		}
		return prop, nil
	}
	propAttr := func(name string, get func(p *Property) Value) {
		addGetter(p, name, func(vm *VM, self Value) (Value, error) {
			pr, ok := self.(*Property)
			if !ok {
				return nil, vm.descrError(name, PropertyType, self)
			}
			return get(pr), nil
		})
	}
	propAttr("fget", func(p *Property) Value { return p.Get })
	propAttr("fset", func(p *Property) Value { return p.Set })
	propAttr("fdel", func(p *Property) Value { return p.Del })
	propAttr("__doc__", func(p *Property) Value { return p.Doc })
	propCopy := func(name string, set func(n *Property, fn Value)) {
		qual := "property." + name // for messages; built once, not per call
		addMethod(p, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			pr, ok := args[0].(*Property)
			if !ok {
				return nil, vm.descrError(name, PropertyType, args[0])
			}
			if err := vm.noKwargs(qual, kw); err != nil {
				return nil, err
			}
			if err := vm.exactlyOne(qual, len(args)-1); err != nil {
				return nil, err
			}
			n := *pr
			set(&n, args[1])
			if name == "getter" && pr.Doc == vm.docOf(pr.Get) {
				n.Doc = vm.docOf(args[1])
			}
			return &n, nil
		})
	}
	propCopy("getter", func(n *Property, fn Value) { n.Get = fn })
	propCopy("setter", func(n *Property, fn Value) { n.Set = fn })
	propCopy("deleter", func(n *Property, fn Value) { n.Del = fn })
	addMethod(p, "__get__", func(vm *VM, args []Value, kw []string) (Value, error) {
		pr, ok := args[0].(*Property)
		if !ok || len(args) < 2 {
			return nil, vm.NewError(TypeErrorType, "descriptor '__get__' needs an argument")
		}
		if args[1] == None {
			return pr, nil
		}
		return vm.bindAttr(pr, args[1], TypeOf(args[1]))
	})
	addMethod(p, "__set__", func(vm *VM, args []Value, kw []string) (Value, error) {
		pr, ok := args[0].(*Property)
		if !ok || len(args) != 3 {
			return nil, vm.NewError(TypeErrorType, "expected 2 arguments")
		}
		if pr.Set == None || pr.Set == nil {
			return nil, vm.NewError(AttributeErrorType, "can't set attribute")
		}
		return vm.Call(pr.Set, []Value{args[1], args[2]}, nil)
	})

	// staticmethod and classmethod
	StaticMethodType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("staticmethod", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("staticmethod", len(args), 1, 1); err != nil {
			return nil, err
		}
		return &StaticMethod{Fn: args[0]}, nil
	}
	ClassMethodType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("classmethod", kw); err != nil {
			return nil, err
		}
		if err := vm.checkArgs("classmethod", len(args), 1, 1); err != nil {
			return nil, err
		}
		return &ClassMethod{Fn: args[0]}, nil
	}
	addGetter(StaticMethodType, "__func__", func(vm *VM, self Value) (Value, error) {
		if s, ok := self.(*StaticMethod); ok {
			return s.Fn, nil
		}
		return nil, vm.descrError("__func__", StaticMethodType, self)
	})
	addGetter(ClassMethodType, "__func__", func(vm *VM, self Value) (Value, error) {
		if s, ok := self.(*ClassMethod); ok {
			return s.Fn, nil
		}
		return nil, vm.descrError("__func__", ClassMethodType, self)
	})
}

// newExceptionInstance is BaseException.__new__: the instance records
// every positional argument as args.
func newExceptionInstance(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
	// The instance, its state and up to one argument (raise E(x), the
	// common case) in one allocation: they were three, and a loop that
	// raises and catches spent most of its time allocating them.
	var inst *Instance
	switch n := len(args) - len(kw); n {
	case 1:
		x := &excWith1{}
		x.args[0] = args[0]
		x.exc.Args = x.args[:]
		x.ext.state = &x.exc
		x.inst.Class, x.inst.ext = cls, &x.ext
		inst = &x.inst
	default: // no argument: Args stays nil
		inst = newExcInstance(cls, append([]Value(nil), args[:n]...))
	}
	// A builtin class gets no __init__ call: its keywords are taken here.
	if cls.Builtin && len(kw) > 0 {
		if err := vm.excKeywords(inst, args, kw); err != nil {
			return nil, err
		}
	}
	return inst, nil
}

// excKeywords applies an exception constructor's keyword arguments:
// AttributeError takes name and obj, NameError name, ImportError name and
// path; anything else is CPython's TypeError.
func (vm *VM) excKeywords(e *Instance, args []Value, kwnames []string) error {
	npos := len(args) - len(kwnames)
	attrErr, nameErr, importErr := e.Class.IsSubtype(AttributeErrorType), e.Class.IsSubtype(NameErrorType), e.Class.IsSubtype(ImportErrorType)
	for i, k := range kwnames {
		v := args[npos+i]
		switch {
		case k == "name" && (attrErr || nameErr):
			e.Exc().Name = v
		case k == "obj" && attrErr:
			e.Exc().Obj = v
		case (k == "name" || k == "path") && importErr:
			e.attrsOrNew().SetStr(k, v)
		case attrErr || nameErr || importErr:
			return vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for %s()", k, e.Class.Name)
		default:
			return vm.NewError(TypeErrorType, "%s() takes no keyword arguments", e.Class.Name)
		}
	}
	return nil
}

// excWith0 and excWith1 are an exception instance allocated with its
// state and its argument, if any.
type (
	excWith0 struct {
		inst Instance
		ext  instExt
		exc  ExcData
	}
	excWith1 struct {
		inst Instance
		ext  instExt
		exc  ExcData
		args [1]Value
	}
)

func isObjectNew(v Value) bool {
	if s, ok := v.(*StaticMethod); ok {
		return s.Fn == objectNew
	}
	return v == objectNew
}

func orNone(v Value) Value {
	if v == nil {
		return None
	}
	return v
}

// docOf returns fn.__doc__ (None when absent).
func (vm *VM) docOf(fn Value) Value {
	switch f := fn.(type) {
	case *Function:
		if f.Doc == nil {
			return None
		}
		return f.Doc
	case NoneType:
		return None
	}
	d, err := vm.GetAttr(fn, NewStr("__doc__"))
	if err != nil {
		return None
	}
	return d
}

// objectReprOf is object.__repr__(v).
func (vm *VM) objectReprOf(v Value) (string, error) {
	return fmt.Sprintf("<%s object at %s>", qualifiedName(TypeOf(v)), addr(v)), nil
}

// genericGetAttr is object.__getattribute__: the type's descriptors and
// the instance dict, without __getattr__.
func (vm *VM) genericGetAttr(obj Value, name *Str) (Value, error) {
	inst, ok := obj.(*Instance)
	if !ok {
		return vm.GetAttr(obj, name)
	}
	t := inst.Class
	attr, _ := t.Lookup(name.S)
	if p, ok := attr.(*Property); ok {
		return vm.bindAttr(p, inst, t)
	}
	if v, ok := inst.ownAttr(name); ok {
		return v, nil
	}
	if attr != nil {
		return vm.bindAttr(attr, inst, t)
	}
	switch name.S {
	case "__class__":
		return t, nil
	case "__dict__":
		return inst.attrsOrNew(), nil
	}
	if inst.Exc() != nil {
		if v, ok := vm.excAttr(inst, name.S); ok {
			return v, nil
		}
	}
	return nil, lookupFailed(vm.noAttr(inst, name.S), inst, name)
}

// genericSetAttr is object.__setattr__: properties, then the instance
// dict, bypassing a user __setattr__.
func (vm *VM) genericSetAttr(obj Value, name *Str, v Value) error {
	inst, ok := obj.(*Instance)
	if !ok {
		return vm.SetAttr(obj, name, v)
	}
	attr, _ := inst.Class.Lookup(name.S)
	if p, ok := attr.(*Property); ok {
		if p.Set == nil || p.Set == None {
			return vm.propertyLacks(p, inst.Class, "setter")
		}
		_, err := vm.Call(p.Set, []Value{inst, v}, nil)
		return err
	}
	if inst.Class == ObjectType {
		return vm.noAttr(inst, name.S)
	}
	return vm.setInstanceAttr(inst, name, v)
}

// Method objects compare with their own __eq__ and __ne__ (CPython's
// method_richcompare): bound to the same self and to equal functions,
// which compareBuiltin decides; a plain builtin function equals itself.
func init() {
	for _, t := range []*Type{MethodType, BuiltinFuncType} {
		for _, op := range []bytecode.CompareOp{bytecode.CmpEq, bytecode.CmpNe} {
			t, op, qual := t, op, t.Name+"."+cmpDunder[op]
			addMethod(t, cmpDunder[op], func(vm *VM, args []Value, kw []string) (Value, error) {
				if err := vm.exactlyOne(qual, len(args)-1); err != nil {
					return nil, err
				}
				if TypeOf(args[0]) != t {
					return nil, vm.descrError(cmpDunder[op], t, args[0])
				}
				if TypeOf(args[1]) != t {
					return NotImplemented, nil
				}
				if r, ok, err := vm.compareBuiltin(args[0], args[1], op); ok || err != nil {
					return r, err
				}
				return Bool(identical(args[0], args[1]) == (op == bytecode.CmpEq)), nil
			})
		}
	}
}

// Functions, methods, builtins and types have CPython's __call__ slot
// wrapper, so f.__call__(x) and hasattr(f, "__call__") work.
func init() {
	for _, t := range []*Type{FunctionType, MethodType, BuiltinFuncType, TypeType} {
		t := t
		addMethod(t, "__call__", func(vm *VM, args []Value, kw []string) (Value, error) {
			if len(args) == 0 {
				return nil, vm.NewError(TypeErrorType, "descriptor '__call__' of '%s' object needs an argument", t.Name)
			}
			if !TypeOf(args[0]).IsSubtype(t) {
				return nil, vm.descrError("__call__", t, args[0])
			}
			return vm.Call(args[0], args[1:], kw)
		})
	}
}
