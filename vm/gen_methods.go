package vm

// gen_methods.go: the generator type's methods and the traceback objects
// passed to __exit__ and exposed as __traceback__.

import "fmt"

func init() {
	GeneratorType.Later(registerGeneratorMethods)
	TracebackType.Later(registerTracebackAttrs)
}

// registerGeneratorMethods registers generator's methods (see Type.Later).
func registerGeneratorMethods(t *Type) {
	for name, kind := range map[string]specialKind{"send": specialGenSend, "throw": specialGenThrow, "close": specialGenClose} {
		t.setMethod(name, &Builtin{Name: "generator." + name, Special: kind})
	}
	t.setMethod("__iter__", &Builtin{Name: "__iter__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return args[0], nil
	}})
	t.setMethod("__next__", &Builtin{Name: "__next__", Special: specialNext})
	t.setMethod("__repr__", &Builtin{Name: "__repr__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		g, ok := args[0].(*Generator)
		if !ok {
			return nil, vm.descrError("__repr__", GeneratorType, args[0])
		}
		return NewStr(fmt.Sprintf("<generator object %s at %#x>", g.Qual, idOf(g))), nil
	}})
	gp := func(name string, get func(g *Generator) Value) {
		t.setMethod(name, &Property{Doc: None, Get: &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			g, ok := args[0].(*Generator)
			if !ok {
				return nil, vm.descrError(name, GeneratorType, args[0])
			}
			return get(g), nil
		}}})
	}
	gp("__name__", func(g *Generator) Value { return NewStr(g.Name) })
	gp("__qualname__", func(g *Generator) Value { return NewStr(g.Qual) })
	gp("gi_running", func(g *Generator) Value { return Bool(g.running) })
}

// registerTracebackAttrs registers a traceback's attributes.
func registerTracebackAttrs(t *Type) {
	t.setMethod("tb_lineno", &Property{Doc: None, Get: &Builtin{Name: "tb_lineno", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		tb := args[0].(*Traceback)
		return Int(tb.entry.Code.Line(tb.entry.PC)), nil
	}}})
	t.setMethod("tb_next", &Property{Doc: None, Get: &Builtin{Name: "tb_next", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return None, nil
	}}})
}

// genCloseBuiltin is generator.close, used by POP_ITER.
var genCloseBuiltin = &Builtin{Name: "generator.close", Special: specialGenClose}

// TracebackType is the type of traceback objects.
var TracebackType = newBuiltinType("traceback", ObjectType)

// Traceback is a (read-only, single-entry) traceback object.
type Traceback struct{ entry TraceEntry }

func (*Traceback) weftType() *Type { return TracebackType }

// tracebackOf returns exc's traceback object, or None.
func tracebackOf(exc *Instance) Value {
	if exc.Exc() == nil || len(exc.Exc().Traceback) == 0 {
		return None
	}
	return &Traceback{entry: exc.Exc().Traceback[len(exc.Exc().Traceback)-1]}
}
