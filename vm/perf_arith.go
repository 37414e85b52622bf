package vm

// perf_arith.go: arithmetic fast paths for the interpreter: int and float
// operands with results that need no error, overflow or special-case
// handling. Anything else returns ok=false and goes through BinaryOp.

import bc "github.com/weft-lang/weft/compiler/bytecode"

// arithFast computes x op y for Int and Float operands when it cannot
// fail and needs nothing beyond the plain machine operation.
func arithFast(op bc.BinaryOp, x, y Value) (Value, bool) {
	switch a := x.(type) {
	case Int:
		switch b := y.(type) {
		case Int:
			return intFast(op, a, b)
		case Float:
			if a > -(1<<53) && a < 1<<53 {
				return floatFast(op, float64(a), float64(b))
			}
		}
	case Float:
		switch b := y.(type) {
		case Float:
			return floatFast(op, float64(a), float64(b))
		case Int:
			if b > -(1<<53) && b < 1<<53 {
				return floatFast(op, float64(a), float64(b))
			}
		}
	}
	return nil, false
}

func floatFast(op bc.BinaryOp, a, b float64) (Value, bool) {
	switch op &^ bc.OpInplace {
	case bc.OpAdd:
		return Float(a + b), true
	case bc.OpSub:
		return Float(a - b), true
	case bc.OpMul:
		return Float(a * b), true
	case bc.OpTrueDiv:
		if b != 0 {
			return Float(a / b), true
		}
	}
	return nil, false
}
