package vm

// class.go: class creation (__build_class__, C3 MRO), instantiation and
// super().

// classBuild is the pending state of a class statement while its body
// runs.
type classBuild struct {
	name  string
	bases []*Type
	// The class keywords but metaclass, for the base's __init_subclass__.
	kwargs  []Value
	kwnames []string
}

var buildClassBuiltin = &Builtin{Name: "__build_class__", Special: specialBuildClass}

// startClass runs the class body function in a new namespace; the frame's
// return builds the class (retClass).
func (vm *VM) startClass(f *Frame, args []Value, kwnames []string) (Value, *Frame, error) {
	npos := len(args) - len(kwnames)
	if npos < 2 {
		return nil, nil, vm.NewError(TypeErrorType, "__build_class__: not enough arguments")
	}
	body, ok := args[0].(*Function)
	if !ok {
		return nil, nil, vm.NewError(TypeErrorType, "__build_class__: func must be a function")
	}
	name, ok := args[1].(*Str)
	if !ok {
		return nil, nil, vm.NewError(TypeErrorType, "__build_class__: name is not a string")
	}
	info := &classBuild{name: name.S}
	for _, b := range args[2:npos] {
		t, ok := b.(*Type)
		if !ok {
			return nil, nil, vm.NewError(TypeErrorType, "bases must be types")
		}
		info.bases = append(info.bases, t)
	}
	for i, k := range kwnames {
		if k != "metaclass" {
			info.kwargs = append(info.kwargs, args[npos+i])
			info.kwnames = append(info.kwnames, k)
			continue
		}
		// Metaclasses are outside the subset: only type itself, which
		// changes nothing, is accepted, so that no program silently
		// runs without the metaclass it names.
		if m := args[npos+i]; m != Value(TypeType) {
			mname := TypeOf(m).Name
			if t, ok := m.(*Type); ok {
				mname = t.Name
			}
			return nil, nil, vm.NewError(TypeErrorType, "class %s: metaclass=%s is not supported (Weft classes have no metaclass but type)", name.S, mname)
		}
	}
	nf := vm.newFrame(body.Code, body.Globals)
	nf.Fn = body
	nf.auxOf().locals = NewDict(0)
	nf.setExtra(info)
	nf.ret = retClass
	vm.initCells(nf, body)
	if err := vm.pushDepth(); err != nil {
		return nil, nil, err
	}
	nf.Back = f
	return nil, nf, nil
}

// finishClass creates the class object from the executed body.
func (vm *VM) finishClass(info *classBuild, ns *Dict) (*Type, error) {
	bases := info.bases
	if len(bases) == 0 {
		bases = []*Type{ObjectType}
	}
	for _, b := range bases {
		if b.Builtin && !b.isExc && b != ObjectType && b.New == nil {
			return nil, vm.NewError(TypeErrorType, "type '%s' is not an acceptable base type", b.Name)
		}
	}
	t := &Type{Name: info.name, QualName: info.name, Module: "__main__", Bases: bases, dict: ns}
	if q, ok := ns.GetStr("__qualname__"); ok {
		if qs, ok := q.(*Str); ok {
			t.QualName = qs.S
		}
		ns.DeleteStr("__qualname__")
	}
	if m, ok := ns.GetStr("__module__"); ok {
		if ms, ok := m.(*Str); ok {
			t.Module = ms.S
		}
	}
	if _, ok := ns.GetStr("__doc__"); !ok {
		ns.SetStr("__doc__", None)
	}
	if err := vm.checkLayouts(bases); err != nil {
		return nil, err
	}
	mro, err := vm.c3(t, bases)
	if err != nil {
		return nil, err
	}
	t.MRO = mro
	t.Layout = ObjectType
	for _, c := range mro[1:] {
		if c.Builtin && c != ObjectType {
			t.Layout = c.Layout
			if c.isExc {
				t.isExc = true
			}
			if c.New != nil && t.New == nil {
				t.New = c.New
			}
			break
		}
	}
	for _, b := range bases {
		vm.addSubclass(b, t)
	}
	// Wrap plain functions that Python makes implicit class/static methods.
	if f, ok := ns.GetStr("__init_subclass__"); ok {
		if fn, ok := f.(*Function); ok {
			ns.SetStr("__init_subclass__", &ClassMethod{Fn: fn})
		}
	}
	if f, ok := ns.GetStr("__new__"); ok {
		if fn, ok := f.(*Function); ok {
			ns.SetStr("__new__", &StaticMethod{Fn: fn})
		}
	}
	// property.__set_name__: the errors of a property name it.
	ns.Items(func(k, v Value) bool {
		if p, ok := v.(*Property); ok {
			if name, ok := k.(*Str); ok {
				p.Name = name.S
			}
		}
		return true
	})
	if c, ok := ns.GetStr("__classcell__"); ok {
		if cell, ok := c.(*Cell); ok {
			cell.V = t
		}
		ns.DeleteStr("__classcell__")
	}
	// __eq__ without __hash__ makes instances unhashable, as in Python.
	if _, hasEq := ns.GetStr("__eq__"); hasEq {
		if _, hasHash := ns.GetStr("__hash__"); !hasHash {
			ns.SetStr("__hash__", None)
		}
	}
	// __init_subclass__ of a base, with the class keywords.
	if m, _ := lookupAfter(t, t, dunderInitSubclass); m != nil {
		if cm, ok := m.(*ClassMethod); ok {
			if _, err := vm.Call(cm.Fn, append([]Value{t}, info.kwargs...), info.kwnames); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// c3 computes the C3 linearisation of t with the given bases.
func (vm *VM) c3(t *Type, bases []*Type) ([]*Type, error) {
	for i, b := range bases {
		for _, c := range bases[:i] {
			if b == c { // CPython checks this before the merge
				return nil, vm.NewError(TypeErrorType, "duplicate base class %s", b.Name)
			}
		}
	}
	seqs := make([][]*Type, 0, len(bases)+1)
	for _, b := range bases {
		seqs = append(seqs, append([]*Type(nil), b.MRO...))
	}
	seqs = append(seqs, append([]*Type(nil), bases...))
	out := []*Type{t}
	for {
		nonEmpty := false
		for _, s := range seqs {
			if len(s) > 0 {
				nonEmpty = true
				break
			}
		}
		if !nonEmpty {
			return out, nil
		}
		var cand *Type
		for _, s := range seqs {
			if len(s) == 0 {
				continue
			}
			c := s[0]
			inTail := false
			for _, s2 := range seqs {
				for _, x := range s2[min(1, len(s2)):] {
					if x == c {
						inTail = true
					}
				}
			}
			if !inTail {
				cand = c
				break
			}
		}
		if cand == nil {
			// CPython names the heads that could not be merged.
			names := ""
			seen := map[*Type]bool{}
			for _, s := range seqs {
				if len(s) == 0 || seen[s[0]] {
					continue
				}
				seen[s[0]] = true
				if names != "" {
					names += ", "
				}
				names += s[0].Name
			}
			return nil, vm.NewError(TypeErrorType, "Cannot create a consistent method resolution\norder (MRO) for bases %s", names)
		}
		out = append(out, cand)
		for i, s := range seqs {
			if len(s) > 0 && s[0] == cand {
				seqs[i] = s[1:]
			}
		}
	}
}

// lookupAfter finds name in the MRO of obj's type after class start.
func lookupAfter(objType, start *Type, name *Str) (Value, *Type) {
	mro := objType.MRO
	i := 0
	for i < len(mro) && mro[i] != start {
		i++
	}
	for i++; i < len(mro); i++ {
		if v, ok := mro[i].Dict().GetStrKey(name); ok {
			return v, mro[i]
		}
	}
	return nil, nil
}

// callType instantiates a class (or calls a builtin type such as int).
func (vm *VM) callType(f *Frame, t *Type, args []Value, kwnames []string) (Value, *Frame, error) {
	if t == TypeType && len(args) == 1 && len(kwnames) == 0 {
		return TypeOf(args[0]), nil, nil
	}
	if t.Builtin {
		if t.New == nil {
			return nil, nil, vm.NewError(TypeErrorType, "cannot create '%s' instances", t.Name)
		}
		r, err := t.New(vm, t, args, kwnames)
		return r, nil, err
	}
	inst, err := vm.newInstance(t, args, kwnames)
	if err != nil {
		return nil, nil, err
	}
	obj, isInst := inst.(*Instance)
	if !isInst || !obj.Class.IsSubtype(t) {
		return inst, nil, nil
	}
	init := t.lookupMemo(dunderInit).attr // a class's memo: no MRO walk
	if init == nil {
		return obj, nil, nil
	}
	var r Value
	var nf *Frame
	if fn, ok := init.(*Function); ok {
		r, nf, err = vm.callFunction(f, fn, obj, args, kwnames)
	} else {
		r, nf, err = vm.callFromLoop(f, init, append([]Value{obj}, args...), kwnames)
	}
	if err != nil {
		return nil, nil, err
	}
	if nf != nil {
		nf.ret = retInit
		nf.setExtra(obj)
		return nil, nf, nil
	}
	// Done without a frame: a builtin, or a generator function (whose
	// call returns its generator at once).
	if r != None {
		return nil, nil, vm.NewError(TypeErrorType, "__init__() should return None, not '%s'", TypeOf(r).Name)
	}
	return obj, nil, nil
}

// newInstance runs __new__ (a user one, or the layout's).
func (vm *VM) newInstance(t *Type, args []Value, kwnames []string) (Value, error) {
	if m := t.lookupMemo(dunderNew); m.attr != nil && !m.owner.Builtin {
		fn := m.attr
		if sm, ok := fn.(*StaticMethod); ok {
			fn = sm.Fn
		}
		return vm.Call(fn, append([]Value{t}, args...), kwnames)
	}
	if t.New != nil {
		return t.New(vm, t, args, kwnames)
	}
	inst := newObjectInstance(t)
	if t.isExc {
		inst.setExc(&ExcData{Args: append([]Value(nil), args[:len(args)-len(kwnames)]...)})
	}
	if t.Layout == ObjectType {
		if _, hasInit := t.Lookup("__init__"); hasInit == nil || t.MRO[0] == ObjectType {
			if len(args) > 0 {
				if initM, owner := t.Lookup("__init__"); initM == nil || owner == ObjectType {
					return nil, vm.NewError(TypeErrorType, "%s() takes no arguments", t.Name)
				}
			}
		}
	}
	return inst, nil
}

// makeSuper implements super() and super(cls, obj).
func (vm *VM) makeSuper(f *Frame, args []Value) (Value, error) {
	if len(args) == 2 {
		cls, ok := args[0].(*Type)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "super() argument 1 must be a type, not %s", TypeOf(args[0]).Name)
		}
		return vm.newSuper(cls, args[1])
	}
	if len(args) != 0 || f == nil {
		return nil, vm.NewError(RuntimeErrorType, "super(): no arguments")
	}
	// CPython 3.11's checks, in its order: a first positional parameter
	// (not *args), its value, then the __class__ cell.
	code := f.code()
	if code.ArgCount == 0 {
		return nil, vm.NewError(RuntimeErrorType, "super(): no arguments")
	}
	self := superFirstArg(f)
	if self == nil {
		return nil, vm.NewError(RuntimeErrorType, "super(): arg[0] deleted")
	}
	cls, hasCell := superClassCell(f)
	if !hasCell {
		return nil, vm.NewError(RuntimeErrorType, "super(): __class__ cell not found")
	}
	if cls == nil {
		return nil, vm.NewError(RuntimeErrorType, "super(): empty __class__ cell")
	}
	return vm.newSuper(cls, self)
}

// superFirstArg is the value of f's first parameter, which may have been
// moved into a cell, or nil once deleted.
func superFirstArg(f *Frame) Value {
	self := f.slots[0]
	for i, p := range f.code().CellParams {
		if p == 0 && f.aux.cells[i] != nil {
			self = f.aux.cells[i].V
		}
	}
	return self
}

// superClassCell is the class in f's __class__ cell (nil when the cell
// holds no class), and whether f's code has that cell at all.
func superClassCell(f *Frame) (cls *Type, hasCell bool) {
	code := f.code()
	idx := -1
	for i, n := range code.Frees {
		if n == "__class__" {
			idx = len(code.Cells) + i
		}
	}
	if idx < 0 {
		return nil, false
	}
	cls, _ = f.aux.cells[idx].V.(*Type)
	return cls, true
}

func (vm *VM) newSuper(cls *Type, self Value) (Value, error) {
	var objType *Type
	if t, ok := self.(*Type); ok && t.IsSubtype(cls) {
		objType = t
	} else {
		objType = TypeOf(self)
		if !objType.IsSubtype(cls) {
			return nil, vm.NewError(TypeErrorType, "super(type, obj): obj must be an instance or subtype of type")
		}
	}
	return &Super{Class: cls, Self: self, Obj: objType}, nil
}

// addSubclass records t as a subclass of base: on base itself for a class
// of this VM, in the VM for a builtin class (shared by all VMs; recording
// there kept every user class of every run alive and raced between VMs).
// Builtin classes cannot be changed, so they never need to reach their
// user subclasses (Type.touch).
func (vm *VM) addSubclass(base, t *Type) {
	if !base.processWide() {
		base.subclasses = append(base.subclasses, t)
		return
	}
	if vm.userSubclasses == nil {
		vm.userSubclasses = map[*Type][]*Type{}
	}
	vm.userSubclasses[base] = append(vm.userSubclasses[base], t)
}

// subclassesOf lists the classes recorded as subclasses of t, builtin and
// of this VM.
func (vm *VM) subclassesOf(t *Type) []*Type {
	if t.processWide() {
		return append(t.subclasses[:len(t.subclasses):len(t.subclasses)], vm.userSubclasses[t]...)
	}
	return t.subclasses
}

// checkLayouts refuses bases whose instance layouts conflict, as CPython
// does: the builtin layouts among them (Type.Layout: exceptions, int, str,
// deque, ...) must be one line of subtypes. An instance carries one kind
// of builtin state (instExt), so `class E(Exception, dict)` cannot be
// made, in CPython for the same reason.
func (vm *VM) checkLayouts(bases []*Type) error {
	var solid *Type
	for _, b := range bases {
		l := b.Layout
		switch {
		case l == nil || l == ObjectType:
		case solid == nil || l.IsSubtype(solid):
			solid = l
		case !solid.IsSubtype(l):
			return vm.NewError(TypeErrorType, "multiple bases have instance lay-out conflict")
		}
	}
	return nil
}
