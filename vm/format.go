package vm

// format.go: f-string formatting, format(), str.format and %-formatting.
// (Owner: values engineer.)

import (
	"strings"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// formatValue implements FORMAT_VALUE.
func (vm *VM) formatValue(v Value, conv int, spec Value) (Value, error) {
	switch conv {
	case bc.FormatConvStr:
		s, err := vm.StrOf(v)
		if err != nil {
			return nil, err
		}
		v = NewStr(s)
	case bc.FormatConvRepr, bc.FormatConvASCII:
		s, err := vm.Repr(v)
		if err != nil {
			return nil, err
		}
		v = NewStr(s)
	}
	specStr := ""
	if spec != nil {
		specStr = spec.(*Str).S
	}
	s, err := vm.Format(v, specStr)
	if err != nil {
		return nil, err
	}
	return NewStr(s), nil
}

// Format is format(v, spec).
func (vm *VM) Format(v Value, spec string) (string, error) {
	if spec == "" {
		return vm.StrOf(v)
	}
	if r, ok, err := vm.callSpecial(v, "__format__", NewStr(spec)); ok && !TypeOf(v).Builtin {
		if err != nil {
			return "", err
		}
		if s, ok := r.(*Str); ok {
			return s.S, nil
		}
	}
	return vm.StrOf(v)
}

// buildString concatenates the strings of BUILD_STRING.
func (vm *VM) buildString(parts []Value) (Value, error) {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.(*Str).S)
	}
	return NewStr(b.String()), nil
}

// UnaryOp applies -x, +x or ~x.
func (vm *VM) UnaryOp(op bc.Opcode, x Value) (Value, error) {
	switch v := x.(type) {
	case Int:
		switch op {
		case bc.UNARY_NEGATIVE:
			return -v, nil
		case bc.UNARY_POSITIVE:
			return v, nil
		case bc.UNARY_INVERT:
			return ^v, nil
		}
	case Float:
		switch op {
		case bc.UNARY_NEGATIVE:
			return -v, nil
		case bc.UNARY_POSITIVE:
			return v, nil
		}
	}
	names := map[bc.Opcode][2]string{
		bc.UNARY_NEGATIVE: {"__neg__", "-"}, bc.UNARY_POSITIVE: {"__pos__", "+"}, bc.UNARY_INVERT: {"__invert__", "~"},
	}
	n := names[op]
	if r, ok, err := vm.callSpecial(x, n[0]); ok {
		return r, err
	}
	return nil, vm.NewError(TypeErrorType, "bad operand type for unary %s: '%s'", n[1], TypeOf(x).Name)
}
