package vm

// attr.go: attribute access with Python's rules: data descriptors on the
// type, then the instance dict, then non-data descriptors and plain class
// attributes, then __getattr__.

// bindAttr turns a class attribute found for obj into what attribute
// access returns.
func (vm *VM) bindAttr(attr Value, obj Value, objType *Type) (Value, error) {
	switch a := attr.(type) {
	case *Function:
		if obj == nil {
			return a, nil
		}
		return &BoundMethod{Self: obj, Fn: a}, nil
	case *Builtin:
		if obj == nil || a.Func {
			return a, nil
		}
		return &BoundMethod{Self: obj, Fn: a}, nil
	case *StaticMethod:
		return a.Fn, nil
	case *ClassMethod:
		return &BoundMethod{Self: objType, Fn: a.Fn}, nil
	case *Property:
		if obj == nil {
			return a, nil
		}
		if a.Get == nil || a.Get == None {
			return nil, vm.propertyLacks(a, objType, "getter")
		}
		return vm.Call(a.Get, []Value{obj}, nil)
	}
	return attr, nil
}

// GetAttr is getattr(obj, name).
func (vm *VM) GetAttr(obj Value, name *Str) (Value, error) {
	switch o := obj.(type) {
	case *Instance:
		return vm.instanceGetAttr(o, name)
	case *Type:
		return vm.typeGetAttr(o, name)
	case *Module:
		if o.Dynamic != nil {
			if v, ok := o.Dynamic(name.S); ok {
				return v, nil
			}
		}
		// findStr: name's hash is cached in it (GetStr would rehash).
		if i := o.Dict.findStr(name); i >= 0 {
			return o.Dict.entries[i].Value, nil
		}
		if name.S == "__dict__" {
			return o.Dict, nil
		}
		return nil, lookupFailed(vm.NewError(AttributeErrorType, "module '%s' has no attribute '%s'", o.Name, name.S), o, name)
	case *Super:
		return vm.superGetAttr(o, name)
	case *Function:
		if v, ok := vm.functionAttr(o, name.S); ok {
			return v, nil
		}
	case *BoundMethod:
		switch name.S {
		case "__self__":
			return o.Self, nil
		case "__func__":
			if _, ok := o.Fn.(*Builtin); !ok { // [].append has none
				return o.Fn, nil
			}
		}
		// As CPython's method_getattro: the method type's own attributes
		// (__class__, __eq__, __hash__, __repr__, ...: the lookup after
		// this switch) first, then the function's.
		if attr, _ := TypeOf(obj).Lookup(name.S); attr == nil && name.S != "__class__" {
			return vm.GetAttr(o.Fn, name)
		}
	case *Builtin:
		switch name.S {
		case "__name__":
			return NewStr(o.Name), nil
		case "__qualname__":
			if t := methodClass(o); t != nil && !o.Func { // list.append
				return NewStr(t.QualName + "." + o.Name), nil
			}
			return NewStr(o.Name), nil
		case "__doc__":
			return NewStr(o.Doc), nil
		}
	}
	t := TypeOf(obj)
	if name.S == "__class__" {
		return t, nil
	}
	if attr, _ := t.Lookup(name.S); attr != nil {
		return vm.bindAttr(attr, obj, t)
	}
	return nil, lookupFailed(vm.noAttr(obj, name.S), obj, name)
}

func (vm *VM) noAttr(obj Value, name string) *Instance {
	e := vm.NewError(AttributeErrorType, "'%s' object has no attribute '%s'", TypeOf(obj).Name, name)
	return e
}

// lookupFailed marks err, when it is an AttributeError from looking name
// up on obj (raised by Weft or by a __getattr__) that names nothing yet,
// with both (e.name, e.obj), as CPython's getattr does; failed stores and
// deletes leave them None.
func lookupFailed(err error, obj Value, name *Str) error {
	if e, ok := err.(*Instance); ok && e.Exc() != nil && e.Class.IsSubtype(AttributeErrorType) && e.Exc().Name == nil && e.Exc().Obj == nil {
		e.Exc().Name, e.Exc().Obj = name, obj
	}
	return err
}

// nameError is the NameError of an undefined name, which CPython's
// e.name gives.
func (vm *VM) nameError(name *Str) error {
	e := vm.NewError(NameErrorType, "name '%s' is not defined", name.S)
	e.Exc().Name = name
	return e
}

func (vm *VM) instanceGetAttr(o *Instance, name *Str) (Value, error) {
	t := o.Class
	attr, _ := t.Lookup(name.S)
	if p, ok := attr.(*Property); ok {
		v, err := vm.bindAttr(p, o, t)
		if err != nil && isExcOf(err, AttributeErrorType) {
			// As CPython: an AttributeError from the getter falls back
			// to __getattr__.
			if ga, _ := t.Lookup("__getattr__"); ga != nil {
				return vm.callBound(ga, o, []Value{name})
			}
		}
		return v, err
	}
	if v, ok := o.ownAttr(name); ok {
		return v, nil
	}
	if attr != nil {
		return vm.bindAttr(attr, o, t)
	}
	switch name.S {
	case "__class__":
		return t, nil
	case "__dict__":
		return o.attrsOrNew(), nil
	}
	if o.Exc() != nil {
		if v, ok := vm.excAttr(o, name.S); ok {
			return v, nil
		}
	}
	if ga, _ := t.Lookup("__getattr__"); ga != nil {
		v, err := vm.callBound(ga, o, []Value{name})
		return v, lookupFailed(err, o, name)
	}
	return nil, lookupFailed(vm.noAttr(o, name.S), o, name)
}

func (vm *VM) excAttr(o *Instance, name string) (Value, bool) {
	x := o.Exc()
	orNone := func(v Value) Value {
		if v == nil {
			return None
		}
		return v
	}
	switch name {
	case "args":
		return &Tuple{Items: x.Args}, true
	case "name", "path":
		if o.Class.IsSubtype(ImportErrorType) {
			return None, true // unless set (the module not found)
		}
		if name == "name" && (o.Class.IsSubtype(NameErrorType) || o.Class.IsSubtype(AttributeErrorType)) {
			return orNone(x.Name), true
		}
	case "obj":
		if o.Class.IsSubtype(AttributeErrorType) {
			return orNone(x.Obj), true
		}
	case "__cause__":
		return orNone(x.Cause), true
	case "__context__":
		return orNone(x.Context), true
	case "__suppress_context__":
		return Bool(x.SuppressContext), true
	case "__traceback__":
		return tracebackOf(o), true
	case "value":
		if o.Class.IsSubtype(StopIterationType) {
			return stopValue(o), true
		}
	case "code":
		if o.Class.IsSubtype(SystemExitType) {
			return exitCode(x.Args), true
		}
	}
	return nil, false
}

func (vm *VM) typeGetAttr(t *Type, name *Str) (Value, error) {
	// type's own data descriptors take precedence over the class dict.
	switch name.S {
	case "__name__", "__qualname__", "__mro__", "__bases__", "__base__", "__dict__", "__class__":
		return vm.typeSpecialAttr(t, name)
	}
	if attr, _ := t.Lookup(name.S); attr != nil {
		switch a := attr.(type) {
		case *ClassMethod:
			return &BoundMethod{Self: t, Fn: a.Fn}, nil
		case *StaticMethod:
			return a.Fn, nil
		}
		return attr, nil
	}
	if name.S == "__module__" {
		return NewStr(t.Module), nil
	}
	if name.S == "__doc__" {
		return None, nil
	}
	if attr, _ := TypeType.Lookup(name.S); attr != nil {
		return vm.bindAttr(attr, t, TypeType)
	}
	return nil, lookupFailed(vm.NewError(AttributeErrorType, "type object '%s' has no attribute '%s'", t.Name, name.S), t, name)
}

func (vm *VM) typeSpecialAttr(t *Type, name *Str) (Value, error) {
	switch name.S {
	case "__name__":
		return NewStr(t.Name), nil
	case "__qualname__":
		return NewStr(t.QualName), nil
	case "__module__":
		return NewStr(t.Module), nil
	case "__mro__":
		items := make([]Value, len(t.MRO))
		for i, m := range t.MRO {
			items[i] = m
		}
		return &Tuple{Items: items}, nil
	case "__bases__":
		items := make([]Value, len(t.Bases))
		for i, m := range t.Bases {
			items[i] = m
		}
		return &Tuple{Items: items}, nil
	case "__base__":
		if len(t.Bases) == 0 {
			return None, nil
		}
		return t.Bases[0], nil
	case "__dict__":
		return t.Dict(), nil
	case "__class__":
		return TypeType, nil
	case "__doc__":
		return None, nil
	}
	if attr, _ := TypeType.Lookup(name.S); attr != nil {
		return vm.bindAttr(attr, t, TypeType)
	}
	return nil, lookupFailed(vm.NewError(AttributeErrorType, "type object '%s' has no attribute '%s'", t.Name, name.S), t, name)
}

func (vm *VM) functionAttr(f *Function, name string) (Value, bool) {
	switch name {
	case "__name__":
		return NewStr(f.Name), true
	case "__qualname__":
		return NewStr(f.QualName), true
	case "__doc__":
		return f.Doc, true
	case "__module__":
		if f.Module == nil {
			return None, true
		}
		return f.Module, true
	case "__defaults__":
		if f.Defaults == nil {
			return None, true
		}
		return &Tuple{Items: f.Defaults}, true
	case "__kwdefaults__":
		if f.KwDefaults == nil {
			return None, true
		}
		return f.KwDefaults, true
	case "__dict__":
		if f.Dict == nil {
			f.Dict = NewDict(0)
		}
		return f.Dict, true
	case "__globals__":
		return f.Globals, true
	}
	if f.Dict != nil {
		if v, ok := f.Dict.GetStr(name); ok {
			return v, true
		}
	}
	return nil, false
}

func (vm *VM) superGetAttr(s *Super, name *Str) (Value, error) {
	if name.S == "__class__" {
		return SuperType, nil
	}
	attr, _ := lookupAfter(s.Obj, s.Class, name)
	if attr == nil {
		return nil, lookupFailed(vm.NewError(AttributeErrorType, "'super' object has no attribute '%s'", name.S), s, name)
	}
	self := s.Self
	if t, ok := self.(*Type); ok && s.Obj == t {
		// super() in a classmethod: functions stay unbound.
		switch a := attr.(type) {
		case *ClassMethod:
			return &BoundMethod{Self: t, Fn: a.Fn}, nil
		case *StaticMethod:
			return a.Fn, nil
		}
		return attr, nil
	}
	return vm.bindAttr(attr, self, s.Obj)
}

// loadMethod implements LOAD_METHOD: for a plain method it returns the
// function and self without allocating a bound method.
func (vm *VM) loadMethod(obj Value, name *Str) (Value, Value, error) {
	switch o := obj.(type) {
	case *Instance:
		attr, _ := o.Class.Lookup(name.S)
		if fn, ok := attr.(*Function); ok {
			if _, shadowed := o.ownAttr(name); !shadowed {
				return fn, o, nil
			}
		}
	case *Type, *Module, *Super, *Function, *BoundMethod:
	default:
		t := TypeOf(obj)
		if attr, _ := t.Lookup(name.S); attr != nil {
			if b, ok := attr.(*Builtin); ok {
				return b, obj, nil
			}
		}
	}
	v, err := vm.GetAttr(obj, name)
	return v, nullMarker, err
}

// specialAttr fetches a special method bound to obj (type lookup only),
// with the AttributeError Python raises for with-statements.
func (vm *VM) specialAttr(obj Value, name string) (Value, error) {
	m := lookupSpecial(obj, name)
	if m == nil {
		if inst, ok := obj.(*Instance); ok && inst.Native() != nil {
			if v, err := vm.GetAttr(obj, NewStr(name)); err == nil {
				return v, nil
			}
		}
		missed := ""
		if name == "__exit__" && lookupSpecial(obj, "__enter__") != nil {
			missed = " (missed __exit__ method)" // CPython looks __enter__ up first
		}
		return nil, vm.NewError(TypeErrorType, "'%s' object does not support the context manager protocol%s", TypeOf(obj).Name, missed)
	}
	return vm.bindAttr(m, obj, TypeOf(obj))
}

// withExit returns mgr.__exit__ as LOAD_METHOD leaves a method: a plain
// function or builtin method with mgr as self, anything else bound with
// the null marker.
func (vm *VM) withExit(mgr Value) (exit, self Value, err error) {
	switch m := lookupSpecialStr(mgr, dunderExit); m := m.(type) {
	case *Function:
		return m, mgr, nil
	case *Builtin:
		if !m.Func {
			return m, mgr, nil
		}
	}
	exit, err = vm.specialAttr(mgr, "__exit__")
	return exit, nullMarker, err
}

// SetAttr is setattr(obj, name, v).
func (vm *VM) SetAttr(obj Value, name *Str, v Value) error {
	switch o := obj.(type) {
	case *Instance:
		// A user __setattr__ sees every store, a property's too: the
		// property is object.__setattr__'s business (genericSetAttr).
		if sa, owner := o.Class.Lookup("__setattr__"); sa != nil && !owner.Builtin {
			_, err := vm.callBound(sa, o, []Value{name, v})
			return err
		}
		attr, _ := o.Class.Lookup(name.S)
		if p, ok := attr.(*Property); ok {
			if p.Set == nil || p.Set == None {
				return vm.propertyLacks(p, o.Class, "setter")
			}
			_, err := vm.Call(p.Set, []Value{o, v}, nil)
			return err
		}
		if o.Exc() != nil {
			switch name.S {
			case "__cause__":
				o.Exc().Cause = noneToNil(v)
				o.Exc().SuppressContext = true
				return nil
			case "__context__":
				o.Exc().Context = noneToNil(v)
				return nil
			case "args":
				items, err := vm.Collect(v)
				if err != nil {
					return err
				}
				o.Exc().Args = items
				return nil
			}
		}
		if o.Class == ObjectType {
			return vm.noAttr(o, name.S)
		}
		return vm.setInstanceAttr(o, name, v)
	case *Type:
		if o.Builtin || o.Shared {
			return vm.immutableType(o, name)
		}
		o.Dict().SetStrKey(name, v)
		o.touch()
		return nil
	case *Function:
		switch name.S {
		case "__doc__":
			o.Doc = v
			return nil
		case "__name__", "__qualname__":
			s, ok := numUnwrap(v).(*Str) // str subclasses too
			if !ok {
				return vm.NewError(TypeErrorType, "%s must be set to a string object", name.S)
			}
			if name.S == "__name__" {
				o.Name = s.S
			} else {
				o.QualName = s.S
			}
			return nil
		}
		if o.Dict == nil {
			o.Dict = NewDict(0)
		}
		o.Dict.SetStrKey(name, v)
		return nil
	case *Module:
		o.Dict.SetStrKey(name, v)
		return nil
	}
	t := TypeOf(obj)
	if attr, _ := t.Lookup(name.S); attr != nil {
		if p, ok := attr.(*Property); ok && p.Set != nil && p.Set != None {
			_, err := vm.Call(p.Set, []Value{obj, v}, nil)
			return err
		}
		return vm.NewError(AttributeErrorType, "'%s' object attribute '%s' is read-only", t.Name, name.S)
	}
	return vm.noAttr(obj, name.S)
}

func noneToNil(v Value) Value {
	if v == None {
		return nil
	}
	return v
}

// immutableType is the error for setting or deleting an attribute of a
// builtin type (CPython words both the same way).
func (vm *VM) immutableType(t *Type, name *Str) error {
	return vm.NewError(TypeErrorType, "cannot set '%s' attribute of immutable type '%s'", name.S, qualifiedName(t))
}

// DelAttr is delattr(obj, name).
func (vm *VM) DelAttr(obj Value, name *Str) error {
	switch o := obj.(type) {
	case *Instance:
		attr, _ := o.Class.Lookup(name.S)
		if p, ok := attr.(*Property); ok {
			if p.Del == nil || p.Del == None {
				return vm.propertyLacks(p, o.Class, "deleter")
			}
			_, err := vm.Call(p.Del, []Value{o}, nil)
			return err
		}
		if name.S == "__dict__" && o.Class != ObjectType {
			o.setAttrs(nil) // as CPython 3.11: the next store starts a new one
			return nil
		}
		if o.delOwnAttr(name) {
			return nil
		}
		return vm.noAttr(o, name.S)
	case *Type:
		if o.Builtin || o.Shared {
			return vm.immutableType(o, name)
		}
		if o.Dict().DeleteStr(name.S) {
			o.touch()
			return nil
		}
		return vm.NewError(AttributeErrorType, "type object '%s' has no attribute '%s'", o.Name, name.S)
	case *Module:
		if o.Dict.DeleteStr(name.S) {
			return nil
		}
	case *Function:
		if name.S == "__name__" || name.S == "__qualname__" {
			return vm.NewError(TypeErrorType, "%s must be set to a string object", name.S)
		}
		if o.Dict != nil && o.Dict.DeleteStr(name.S) {
			return nil
		}
	}
	return vm.noAttr(obj, name.S)
}

// propertyLacks is the AttributeError for using property p of an
// instance of t without its accessor (getter, setter or deleter), worded
// as CPython words it: with the property's name when a class statement
// gave it one.
func (vm *VM) propertyLacks(p *Property, t *Type, accessor string) error {
	if p.tupleField {
		verb := "set"
		if accessor == "deleter" {
			verb = "delete"
		}
		return vm.NewError(AttributeErrorType, "can't %s attribute", verb)
	}
	if p.Name == "" {
		return vm.NewError(AttributeErrorType, "property of '%s' object has no %s", t.Name, accessor)
	}
	return vm.NewError(AttributeErrorType, "property '%s' of '%s' object has no %s", p.Name, t.Name, accessor)
}
