package vm

// builtins_repr.go: repr() of containers and of the other builtin objects
// (functions, classes, modules, instances, iterators ...), exactly as
// CPython prints them except for addresses. Recursive containers print
// "[...]", "{...}" as in CPython (Py_ReprEnter).

import (
	"fmt"
	"strings"
	"sync"
)

// reprActive tracks, per VM, the containers whose repr is being built.
var reprActive = struct {
	sync.Mutex
	m map[*VM][]Value
}{m: map[*VM][]Value{}}

// reprEnter marks v as being repr'd; it returns false when v already is
// (a recursive reference).
func (vm *VM) reprEnter(v Value) bool {
	reprActive.Lock()
	defer reprActive.Unlock()
	for _, a := range reprActive.m[vm] {
		if a == v {
			return false
		}
	}
	reprActive.m[vm] = append(reprActive.m[vm], v)
	return true
}

func (vm *VM) reprLeave(v Value) {
	reprActive.Lock()
	defer reprActive.Unlock()
	s := reprActive.m[vm]
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == v {
			s = append(s[:i], s[i+1:]...)
			break
		}
	}
	if len(s) == 0 {
		delete(reprActive.m, vm)
	} else {
		reprActive.m[vm] = s
	}
}

// The builtin types whose repr containerRepr renders get a __repr__ of
// their own, so object.__repr__ stays the plain "<T object at 0x...>".
func init() {
	types := []*Type{FunctionType, BuiltinFuncType, MethodType, TypeType, ModuleType,
		PropertyType, StaticMethodType, ClassMethodType, GeneratorType, SuperType, CellType,
		EllipsisTypeType, NotImplTypeType}
	types = append(types, iterTypes...)
	for _, t := range types {
		t.Later(registerDefaultRepr)
	}
}

// registerDefaultRepr gives t a __repr__ if the registrations before it
// gave none (see Type.Later).
func registerDefaultRepr(t *Type) {
	if _, ok := t.dict.GetStr("__repr__"); ok {
		return
	}
	addMethod(t, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		s, ok, err := vm.containerRepr(args[0])
		if !ok && err == nil {
			s, err = vm.objectReprOf(args[0])
		}
		return NewStr(s), err
	})
}

func addr(v Value) string { return fmt.Sprintf("0x%x", idOf(v)) }

// reprDepthLimit bounds the nesting of containers being repr'd (each
// level recurses on the Go stack).
const reprDepthLimit = 20000

// reprTooDeep reports RecursionError for absurdly nested containers.
func (vm *VM) reprTooDeep() error {
	reprActive.Lock()
	n := len(reprActive.m[vm])
	reprActive.Unlock()
	if n > reprDepthLimit || n > vm.recursionLimit {
		return vm.NewError(RecursionErrorType, "maximum recursion depth exceeded while getting the repr of an object")
	}
	return nil
}

// reprItems joins the reprs of items with ", ".
func (vm *VM) reprItems(b *strings.Builder, items []Value) error {
	if err := vm.reprTooDeep(); err != nil {
		return err
	}
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		s, err := vm.Repr(it)
		if err != nil {
			return err
		}
		b.WriteString(s)
	}
	return nil
}

// containerRepr renders builtin containers and the other builtin objects
// without a __repr__ of their own; ok is false for values it does not
// know (scalars, which fastRepr handles). The lead's defaultRepr calls it.
func (vm *VM) containerRepr(v Value) (string, bool, error) {
	switch x := v.(type) {
	case *List:
		if x.Len() == 0 {
			return "[]", true, nil
		}
		if !vm.reprEnter(x) {
			return "[...]", true, nil
		}
		defer vm.reprLeave(x)
		var b strings.Builder
		b.WriteByte('[')
		if err := vm.reprItems(&b, x.values()); err != nil {
			return "", true, err
		}
		b.WriteByte(']')
		return b.String(), true, nil
	case *Tuple:
		switch len(x.Items) {
		case 0:
			return "()", true, nil
		}
		if !vm.reprEnter(x) {
			return "(...)", true, nil
		}
		defer vm.reprLeave(x)
		var b strings.Builder
		b.WriteByte('(')
		if err := vm.reprItems(&b, x.Items); err != nil {
			return "", true, err
		}
		if len(x.Items) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
		return b.String(), true, nil
	case *Dict:
		s, err := vm.dictRepr(x)
		return s, true, err
	case *Set:
		s, err := vm.setRepr(x, "")
		return s, true, err
	case *Range, *BigRange:
		r, _ := bigRangeOf(x)
		s, err := vm.rangeRepr(r)
		return s, true, err
	case *Slice:
		var b strings.Builder
		b.WriteString("slice(")
		if err := vm.reprItems(&b, []Value{x.Start, x.Stop, x.Step}); err != nil {
			return "", true, err
		}
		b.WriteByte(')')
		return b.String(), true, nil
	case *DictView:
		name := TypeOf(x).Name
		if !vm.reprEnter(x) {
			return "...", true, nil
		}
		defer vm.reprLeave(x)
		items, err := vm.Collect(x)
		if err != nil {
			return "", true, err
		}
		var b strings.Builder
		b.WriteString(name)
		b.WriteString("([")
		if err := vm.reprItems(&b, items); err != nil {
			return "", true, err
		}
		b.WriteString("])")
		return b.String(), true, nil
	case EllipsisType:
		return "Ellipsis", true, nil
	case NotImplementedType:
		return "NotImplemented", true, nil
	case *Function:
		return fmt.Sprintf("<function %s at %s>", x.QualName, addr(x)), true, nil
	case *Builtin:
		if owner := x.owner; owner != nil && x.Self == nil {
			if strings.HasPrefix(x.Name, "__") && strings.HasSuffix(x.Name, "__") {
				return fmt.Sprintf("<slot wrapper '%s' of '%s' objects>", x.Name, owner.Name), true, nil
			}
			return fmt.Sprintf("<method '%s' of '%s' objects>", x.Name, owner.Name), true, nil
		}
		if x.Self != nil {
			return fmt.Sprintf("<built-in method %s of %s object at %s>", x.Name, TypeOf(x.Self).Name, addr(x.Self)), true, nil
		}
		return fmt.Sprintf("<built-in function %s>", x.Name), true, nil
	case *BoundMethod:
		switch fn := x.Fn.(type) {
		case *Builtin:
			if fn.owner != nil && strings.HasPrefix(fn.Name, "__") && strings.HasSuffix(fn.Name, "__") {
				return fmt.Sprintf("<method-wrapper '%s' of %s object at %s>", fn.Name, TypeOf(x.Self).Name, addr(x.Self)), true, nil
			}
			return fmt.Sprintf("<built-in method %s of %s object at %s>", fn.Name, TypeOf(x.Self).Name, addr(x.Self)), true, nil
		}
		name := "?"
		if q, err := vm.GetAttr(x.Fn, NewStr("__qualname__")); err == nil {
			if s, ok := q.(*Str); ok {
				name = s.S
			}
		}
		self, err := vm.Repr(x.Self)
		if err != nil {
			return "", true, err
		}
		return fmt.Sprintf("<bound method %s of %s>", name, self), true, nil
	case *Type:
		if x.Module == "builtins" || x.Module == "" {
			return fmt.Sprintf("<class '%s'>", x.QualName), true, nil
		}
		return fmt.Sprintf("<class '%s.%s'>", x.Module, x.QualName), true, nil
	case *Module:
		if f, ok := x.Dict.GetStr("__file__"); ok {
			if fs, ok := f.(*Str); ok {
				return fmt.Sprintf("<module '%s' from '%s'>", x.Name, fs.S), true, nil
			}
		}
		return fmt.Sprintf("<module '%s' (built-in)>", x.Name), true, nil
	case *Property:
		return fmt.Sprintf("<property object at %s>", addr(x)), true, nil
	case *StaticMethod:
		s, err := vm.Repr(x.Fn)
		return "<staticmethod(" + s + ")>", true, err
	case *ClassMethod:
		s, err := vm.Repr(x.Fn)
		return "<classmethod(" + s + ")>", true, err
	case *Generator:
		return fmt.Sprintf("<generator object %s at %s>", x.Qual, addr(x)), true, nil
	case *Super:
		return fmt.Sprintf("<super: <class '%s'>, <%s object>>", x.Class.Name, x.Obj.Name), true, nil
	case *Cell:
		if x.V == nil {
			return fmt.Sprintf("<cell at %s: empty>", addr(x)), true, nil
		}
		return fmt.Sprintf("<cell at %s: %s object at %s>", addr(x), TypeOf(x.V).Name, addr(x.V)), true, nil
	case Iterator:
		return fmt.Sprintf("<%s object at %s>", x.iterType().Name, addr(x)), true, nil
	case *Instance:
		return vm.instanceRepr(x)
	}
	return "", false, nil
}

func (vm *VM) dictRepr(d *Dict) (string, error) {
	if d.Len() == 0 {
		return "{}", nil
	}
	if !vm.reprEnter(d) {
		return "{...}", nil
	}
	defer vm.reprLeave(d)
	if err := vm.reprTooDeep(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for i := 0; i < len(d.entries); i++ {
		e := d.entries[i]
		if e.Key == nil {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		k, err := vm.Repr(e.Key)
		if err != nil {
			return "", err
		}
		val, err := vm.Repr(e.Value)
		if err != nil {
			return "", err
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(val)
	}
	b.WriteByte('}')
	return b.String(), nil
}

// setRepr renders a set; name overrides the class name (subclasses).
func (vm *VM) setRepr(s *Set, name string) (string, error) {
	if name == "" && s.Frozen {
		name = "frozenset"
	}
	if s.D.Len() == 0 {
		if name == "" {
			return "set()", nil
		}
		return name + "()", nil
	}
	if !vm.reprEnter(s) {
		return name + "(...)", nil
	}
	defer vm.reprLeave(s)
	var b strings.Builder
	if name != "" {
		b.WriteString(name)
		b.WriteByte('(')
	}
	b.WriteByte('{')
	if err := vm.reprItems(&b, s.D.Keys()); err != nil {
		return "", err
	}
	b.WriteByte('}')
	if name != "" {
		b.WriteByte(')')
	}
	return b.String(), nil
}

// instanceRepr is object.__repr__ for instances (and the repr of
// builtin-derived instances that inherit a container's repr).
func (vm *VM) instanceRepr(x *Instance) (string, bool, error) {
	switch n := x.Native().(type) {
	case *List:
		s, _, err := vm.containerRepr(n)
		return s, true, err
	case *Tuple:
		s, _, err := vm.containerRepr(n)
		return s, true, err
	case *Dict:
		s, err := vm.dictRepr(n)
		return s, true, err
	case *Set:
		s, err := vm.setRepr(n, x.Class.Name)
		return s, true, err
	}
	if x.Exc() != nil {
		var b strings.Builder
		b.WriteString(x.Class.Name)
		b.WriteByte('(')
		if err := vm.reprItems(&b, x.Exc().Args); err != nil {
			return "", true, err
		}
		b.WriteByte(')')
		return b.String(), true, nil
	}
	return fmt.Sprintf("<%s object at %s>", qualifiedName(x.Class), addr(x)), true, nil
}

// qualifiedName is "module.QualName", or just the name for builtins.
func qualifiedName(t *Type) string {
	if t.Module == "builtins" || t.Module == "" {
		return t.QualName
	}
	return t.Module + "." + t.QualName
}
