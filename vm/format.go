package vm

// format.go: f-string formatting (FORMAT_VALUE, BUILD_STRING) and
// format(). The mini-language is in fmt_spec.go, str.format in
// fmt_strformat.go and %-formatting in fmt_percent.go.

import (
	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// formatValue implements FORMAT_VALUE: the !s, !r or !a conversion, then
// format(value, spec).
// formatOperand runs FORMAT_VALUE (flags arg) on the stack s[:sp]: the
// spec operand, if any, is popped and the value below it is formatted in
// place. It returns the new sp, also when it fails.
func (vm *VM) formatOperand(s []Value, sp int, arg int32) (int, error) {
	var spec Value
	if arg&bc.FormatHasSpec != 0 {
		sp--
		spec = s[sp]
		s[sp] = nil
	}
	v, err := vm.formatValue(s[sp-1], int(arg&bc.FormatConvMask), spec)
	if err != nil {
		return sp, err
	}
	s[sp-1] = v
	return sp, nil
}

func (vm *VM) formatValue(v Value, conv int, spec Value) (Value, error) {
	switch conv {
	case bc.FormatConvStr:
		if s, ok := v.(*Str); ok {
			v = s
			break
		}
		s, err := vm.StrOf(v)
		if err != nil {
			return nil, err
		}
		v = newStrCopy(s)
	case bc.FormatConvRepr:
		s, err := vm.Repr(v)
		if err != nil {
			return nil, err
		}
		v = NewStr(s)
	case bc.FormatConvASCII:
		s, err := vm.ASCIIRepr(v)
		if err != nil {
			return nil, err
		}
		v = NewStr(s)
	}
	specStr := ""
	if spec != nil {
		sp, ok := spec.(*Str)
		if !ok {
			return nil, vm.badArgument("format() argument 2", "str", spec)
		}
		specStr = sp.S
	}
	if specStr == "" {
		switch x := v.(type) {
		case *Str:
			return x, nil
		case Int: // f"{i}", the commonest part after a str
			return intStr(int64(x)), nil
		}
	}
	s, err := vm.Format(v, specStr)
	if err != nil {
		return nil, err
	}
	return newStrCopy(s), nil
}

// Format is format(v, spec): the builtin types' mini-language, a user
// __format__, or object.__format__ (str(v) for an empty spec, TypeError
// otherwise).
func (vm *VM) Format(v Value, spec string) (string, error) {
	switch x := v.(type) {
	case *Str:
		return vm.formatStrSpec(x, spec)
	case Int, *BigInt:
		if spec == "" {
			return vm.IntString(x)
		}
		return vm.formatIntSpec(x, spec)
	case Bool:
		if spec == "" {
			if x {
				return "True", nil
			}
			return "False", nil
		}
		return vm.formatIntSpec(x, spec)
	case Float:
		return vm.formatFloatSpec(float64(x), spec)
	case *Instance:
		m, owner := x.Class.Lookup("__format__")
		if spec == "" && (owner == IntType || owner == FloatType || owner == StrType) {
			// int's, float's and str's __format__ with no spec is
			// str(self), which a subclass may override.
			return vm.StrOf(v)
		}
		if m != nil && owner != ObjectType {
			if b, isBuiltin := m.(*Builtin); !isBuiltin || b.Fn != nil {
				r, err := vm.callBound(m, v, []Value{NewStr(spec)})
				if err != nil {
					return "", err
				}
				s, ok := r.(*Str)
				if !ok {
					return "", vm.NewError(TypeErrorType, "__format__ must return a str, not %s", TypeOf(r).Name)
				}
				return s.S, nil
			}
		}
		if n := numUnwrap(v); n != v {
			return vm.Format(n, spec)
		}
	}
	if spec != "" {
		return "", vm.NewError(TypeErrorType, "unsupported format string passed to %s.__format__", TypeOf(v).Name)
	}
	return vm.StrOf(v)
}

// buildString concatenates the strings of BUILD_STRING.
func (vm *VM) buildString(parts []Value) (Value, error) {
	n := 0
	for _, p := range parts {
		n += len(p.(*Str).S)
	}
	if err := vm.numCheckAlloc(int64(n)); err != nil {
		return nil, err
	}
	r, buf := newStrBuf(n)
	at := 0
	for _, p := range parts {
		at += copy(buf[at:], p.(*Str).S)
	}
	return r, nil
}
