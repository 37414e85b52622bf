package vm

// builtins.go: the builtins module. (Owner: containers/builtins engineer;
// this first version holds what the interpreter itself needs.)

import (
	"strings"
)

func (vm *VM) makeBuiltins() *Dict {
	d := NewDict(0)
	reg := func(name string, fn BuiltinFunc) {
		d.SetStr(name, &Builtin{Name: name, Fn: fn})
	}
	reg("print", builtinPrint)
	reg("len", func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) != 1 {
			return nil, vm.NewError(TypeErrorType, "len() takes exactly one argument (%d given)", len(args))
		}
		n, err := vm.Len(args[0])
		return Int(n), err
	})
	reg("repr", func(vm *VM, args []Value, kw []string) (Value, error) {
		s, err := vm.Repr(args[0])
		return NewStr(s), err
	})
	d.SetStr("__build_class__", buildClassBuiltin)
	d.SetStr("super", &Builtin{Name: "super", Special: specialSuper})
	d.SetStr("next", &Builtin{Name: "next", Special: specialNext})
	for _, t := range []*Type{ObjectType, TypeType, IntType, BoolType, FloatType, StrType, ListType,
		TupleType, DictType, SetType, FrozenSetType, RangeType, SliceType, PropertyType,
		StaticMethodType, ClassMethodType, SuperType} {
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
	d.SetStr("__name__", NewStr("builtins"))
	return d
}

func builtinPrint(vm *VM, args []Value, kwnames []string) (Value, error) {
	npos := len(args) - len(kwnames)
	sep, end := " ", "\n"
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
		case "flush", "file":
		default:
			return nil, vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for print()", k)
		}
	}
	var b strings.Builder
	for i, a := range args[:npos] {
		if i > 0 {
			b.WriteString(sep)
		}
		s, err := vm.StrOf(a)
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
	}
	b.WriteString(end)
	return None, vm.write(b.String())
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
