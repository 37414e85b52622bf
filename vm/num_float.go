package vm

// num_float.go: float arithmetic with CPython's semantics (floatobject.c):
// floor division and modulo follow the sign of the divisor, ** has C99's
// special cases plus Python's errors, and each ZeroDivisionError carries
// CPython's message.

import (
	"math"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// numFloatBinary applies op to two floats. ok is false for operators floats do
// not define (shifts and bitwise operators).
func (vm *VM) numFloatBinary(op bc.BinaryOp, x, y float64) (Value, bool, error) {
	switch op {
	case bc.OpAdd:
		return Float(x + y), true, nil
	case bc.OpSub:
		return Float(x - y), true, nil
	case bc.OpMul:
		return Float(x * y), true, nil
	case bc.OpTrueDiv:
		if y == 0 {
			return nil, true, vm.NewError(ZeroDivisionErrorType, "float division by zero")
		}
		return Float(x / y), true, nil
	case bc.OpFloorDiv:
		if y == 0 {
			return nil, true, vm.NewError(ZeroDivisionErrorType, "float floor division by zero")
		}
		q, _ := numFloatDivMod(x, y)
		return Float(q), true, nil
	case bc.OpMod:
		if y == 0 {
			return nil, true, vm.NewError(ZeroDivisionErrorType, "float modulo")
		}
		return Float(numFloatMod(x, y)), true, nil
	case bc.OpPow:
		r, err := vm.numFloatPow(x, y)
		return r, true, err
	}
	return nil, false, nil
}

// numFloatMod is CPython's float_rem (y != 0).
func numFloatMod(x, y float64) float64 {
	mod := math.Mod(x, y)
	if mod != 0 {
		if (y < 0) != (mod < 0) {
			mod += y
		}
	} else {
		mod = math.Copysign(0, y)
	}
	return mod
}

// numFloatDivMod is CPython's _float_div_mod (y != 0).
func numFloatDivMod(x, y float64) (float64, float64) {
	mod := math.Mod(x, y)
	div := (x - mod) / y
	if mod != 0 {
		if (y < 0) != (mod < 0) {
			mod += y
			div -= 1.0
		}
	} else {
		mod = math.Copysign(0, y)
	}
	var floordiv float64
	if div != 0 {
		floordiv = math.Floor(div)
		if div-floordiv > 0.5 {
			floordiv += 1.0
		}
	} else {
		floordiv = math.Copysign(0, x/y)
	}
	return floordiv, mod
}

// numIsOddFloat reports whether f is an odd integer.
func numIsOddFloat(f float64) bool {
	return math.Abs(math.Mod(f, 2)) == 1
}

// numFloatPow is CPython's float_pow (complex results become ValueError:
// Weft has no complex numbers).
func (vm *VM) numFloatPow(iv, iw float64) (Value, error) {
	if iw == 0 {
		return Float(1), nil
	}
	if math.IsNaN(iv) {
		return Float(iv), nil
	}
	if math.IsNaN(iw) {
		if iv == 1 {
			return Float(1), nil
		}
		return Float(iw), nil
	}
	if math.IsInf(iw, 0) {
		av := math.Abs(iv)
		if av == 1 {
			return Float(1), nil
		}
		if (iw > 0) == (av > 1) {
			return Float(math.Inf(1)), nil
		}
		return Float(0), nil
	}
	if math.IsInf(iv, 0) {
		odd := numIsOddFloat(iw)
		if iw > 0 {
			if odd {
				return Float(iv), nil
			}
			return Float(math.Abs(iv)), nil
		}
		if odd {
			return Float(math.Copysign(0, iv)), nil
		}
		return Float(0), nil
	}
	if iv == 0 {
		odd := numIsOddFloat(iw)
		if iw < 0 {
			return nil, vm.NewError(ZeroDivisionErrorType, "0.0 cannot be raised to a negative power")
		}
		if odd {
			return Float(iv), nil
		}
		return Float(0), nil
	}
	negate := false
	if iv < 0 {
		if iw != math.Floor(iw) {
			return nil, vm.NewError(ValueErrorType, "negative number cannot be raised to a fractional power")
		}
		iv = -iv
		negate = numIsOddFloat(iw)
	}
	if iv == 1 {
		if negate {
			return Float(-1), nil
		}
		return Float(1), nil
	}
	r := crPow(iv, iw)
	if math.IsInf(r, 0) {
		return nil, NewException(OverflowErrorType, Int(34), NewStr("Numerical result out of range"))
	}
	if negate {
		r = -r
	}
	return Float(r), nil
}

// numFloatOf converts an int or float operand to float64 for mixed
// arithmetic; ok is false for other types.
func (vm *VM) numFloatOf(v Value) (float64, bool, error) {
	switch x := v.(type) {
	case Float:
		return float64(x), true, nil
	case Int:
		return float64(x), true, nil
	case Bool:
		if x {
			return 1, true, nil
		}
		return 0, true, nil
	case *BigInt:
		f, err := vm.numIntToFloat(x)
		return f, true, err
	}
	return 0, false, nil
}

// numBinary applies op to two builtin numbers (int, bool, float); ok is
// false when the pair is not numeric or op is undefined for it.
func (vm *VM) numBinary(op bc.BinaryOp, a, b Value) (Value, bool, error) {
	_, af := a.(Float)
	_, bf := b.(Float)
	// A float takes an int subclass as the int it is (CPython's float
	// ops accept any int).
	if af {
		b = intSubValue(b)
	}
	if bf {
		a = intSubValue(a)
	}
	if !af && !bf {
		if !numIsInt(a) || !numIsInt(b) {
			return nil, false, nil
		}
		r, err := vm.numIntBinary(op, a, b)
		if r == nil && err == nil {
			return nil, false, nil
		}
		return r, true, err
	}
	if (!af && !numIsInt(a)) || (!bf && !numIsInt(b)) {
		return nil, false, nil
	}
	switch op {
	case bc.OpLShift, bc.OpRShift, bc.OpAnd, bc.OpOr, bc.OpXor:
		return nil, false, nil
	}
	x, _, err := vm.numFloatOf(a)
	if err != nil {
		return nil, true, err
	}
	y, _, err := vm.numFloatOf(b)
	if err != nil {
		return nil, true, err
	}
	return vm.numFloatBinary(op, x, y)
}
