package vm

// num_unary.go: the unary operators -x, +x and ~x.

import (
	"math"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

var unaryDunders = map[bc.Opcode][2]string{
	bc.UNARY_NEGATIVE: {"__neg__", "-"},
	bc.UNARY_POSITIVE: {"__pos__", "+"},
	bc.UNARY_INVERT:   {"__invert__", "~"},
}

// UnaryOp applies -x, +x or ~x: builtin numbers directly (bools give ints:
// -True == -1), user classes through __neg__, __pos__ and __invert__.
func (vm *VM) UnaryOp(op bc.Opcode, x Value) (Value, error) {
	switch v := x.(type) {
	case Int:
		switch op {
		case bc.UNARY_NEGATIVE:
			if v == math.MinInt64 {
				return numNeg(v), nil
			}
			return -v, nil
		case bc.UNARY_POSITIVE:
			return v, nil
		case bc.UNARY_INVERT:
			return ^v, nil
		}
	case Bool, *BigInt:
		switch op {
		case bc.UNARY_NEGATIVE:
			return numNeg(v), nil
		case bc.UNARY_POSITIVE:
			return numIntValue(v), nil
		case bc.UNARY_INVERT:
			return numInvert(v), nil
		}
	case Float:
		switch op {
		case bc.UNARY_NEGATIVE:
			return -v, nil
		case bc.UNARY_POSITIVE:
			return v, nil
		}
	case *Instance:
		n := unaryDunders[op]
		if r, ok, err := vm.callSpecial(x, n[0]); ok {
			return r, err
		}
	}
	n := unaryDunders[op]
	return nil, vm.NewError(TypeErrorType, "bad operand type for unary %s: '%s'", n[1], TypeOf(x).tpName())
}
