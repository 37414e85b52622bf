package vm

// num_int.go: integer arithmetic on Int (int64) and *BigInt with Python
// semantics: results that fit in int64 are always Int, overflow promotes to
// *BigInt, division and modulo round toward -inf, and the size of a result
// is estimated before it is computed so that 10**10**10 fails fast with
// OverflowError (SPEC.md: more than 100000 decimal digits) instead of
// running for minutes.

import (
	"math"
	"math/big"
	"math/bits"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// maxIntDigits is the SPEC's cap on the decimal digits of an integer result.
const maxIntDigits = 100000

// maxIntBits is the bit length above which a result certainly has more than
// maxIntDigits decimal digits (100000 / log10(2) = 332192.8).
const maxIntBits = 332193

// log10of2 converts a bit count into a decimal digit count.
const log10of2 = 0.30102999566398120

// numCheckBits reports OverflowError (or MemoryError past the VM's
// allocation cap) when an integer of about nbits bits would be built.
func (vm *VM) numCheckBits(nbits float64) error {
	if nbits > maxIntBits {
		return vm.NewError(OverflowErrorType, "integer result too large (more than %d decimal digits)", maxIntDigits)
	}
	if vm.maxAlloc > 0 && nbits*log10of2 > float64(vm.maxAlloc) {
		return vm.NewError(MemoryErrorType, "integer result too large")
	}
	return nil
}

// numNorm returns r as an Int when it fits, else r itself.
func numNorm(r *BigInt) Value {
	if r.V.IsInt64() {
		return Int(r.V.Int64())
	}
	return r
}

// numBig64 makes a big.Int (fresh) from n.
func numBig64(n int64) *big.Int { return new(big.Int).SetInt64(n) }

// numToBig returns the big.Int value of an integer (Int, Bool or *BigInt). The
// result must not be modified: for *BigInt it is the value's own storage.
func numToBig(v Value) *big.Int {
	switch x := v.(type) {
	case Int:
		return numBig64(int64(x))
	case Bool:
		if x {
			return big.NewInt(1)
		}
		return new(big.Int)
	case *BigInt:
		return &x.V
	}
	return nil
}

// numIsInt reports whether v is an int (Int, Bool or *BigInt).
func numIsInt(v Value) bool {
	switch v.(type) {
	case Int, Bool, *BigInt:
		return true
	}
	return false
}

// numSmall returns the int64 of an Int or Bool.
func numSmall(v Value) (int64, bool) {
	switch x := v.(type) {
	case Int:
		return int64(x), true
	case Bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// numBitLen is the bit length of |v| for an integer value.
func numBitLen(v Value) int {
	if n, ok := numSmall(v); ok {
		if n < 0 {
			return bits.Len64(uint64(-n))
		}
		return bits.Len64(uint64(n))
	}
	return v.(*BigInt).V.BitLen()
}

// numSign is -1, 0 or 1.
func numSign(v Value) int {
	if n, ok := numSmall(v); ok {
		switch {
		case n < 0:
			return -1
		case n > 0:
			return 1
		}
		return 0
	}
	return v.(*BigInt).V.Sign()
}

// numMul64 multiplies with an overflow check.
func numMul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return int64(-lo), true
	}
	if lo >= 1<<63 {
		return 0, false
	}
	return int64(lo), true
}

// numFloorDiv64 is Python's a // b for b != 0 (ok false on overflow).
func numFloorDiv64(a, b int64) (int64, bool) {
	if a == math.MinInt64 && b == -1 {
		return 0, false
	}
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q, true
}

// numFloorMod64 is Python's a % b for b != 0.
func numFloorMod64(a, b int64) int64 {
	if b == -1 {
		return 0
	}
	r := a % b
	if r != 0 && (r < 0) != (b < 0) {
		r += b
	}
	return r
}

// numIntBinary applies op to two integers (Int, Bool or *BigInt). ok is false
// for operators ints do not define.
func (vm *VM) numIntBinary(op bc.BinaryOp, a, b Value) (Value, error) {
	x, xs := numSmall(a)
	y, ys := numSmall(b)
	if xs && ys {
		switch op {
		case bc.OpAdd:
			r := x + y
			if (x^r)&(y^r) >= 0 {
				return Int(r), nil
			}
		case bc.OpSub:
			r := x - y
			if (x^y)&(x^r) >= 0 {
				return Int(r), nil
			}
		case bc.OpMul:
			if r, ok := numMul64(x, y); ok {
				return Int(r), nil
			}
		case bc.OpTrueDiv:
			if y == 0 {
				return nil, vm.NewError(ZeroDivisionErrorType, "division by zero")
			}
			if x >= -(1<<53) && x <= 1<<53 && y >= -(1<<53) && y <= 1<<53 {
				return Float(float64(x) / float64(y)), nil
			}
		case bc.OpFloorDiv:
			if y == 0 {
				return nil, vm.NewError(ZeroDivisionErrorType, "integer division or modulo by zero")
			}
			if q, ok := numFloorDiv64(x, y); ok {
				return Int(q), nil
			}
		case bc.OpMod:
			if y == 0 {
				return nil, vm.NewError(ZeroDivisionErrorType, "integer modulo by zero")
			}
			return Int(numFloorMod64(x, y)), nil
		case bc.OpPow:
			if y >= 0 {
				if r, ok := numPow64(x, y); ok {
					return Int(r), nil
				}
			}
		case bc.OpLShift:
			if y < 0 {
				return nil, vm.NewError(ValueErrorType, "negative shift count")
			}
			if x == 0 {
				return Int(0), nil
			}
			if y < 63 {
				r := x << uint(y)
				if r>>uint(y) == x {
					return Int(r), nil
				}
			}
		case bc.OpRShift:
			if y < 0 {
				return nil, vm.NewError(ValueErrorType, "negative shift count")
			}
			if y > 63 {
				y = 63
			}
			return Int(x >> uint(y)), nil
		case bc.OpAnd:
			if ba, ok := a.(Bool); ok {
				if bb, ok := b.(Bool); ok {
					return ba && bb, nil
				}
			}
			return Int(x & y), nil
		case bc.OpOr:
			if ba, ok := a.(Bool); ok {
				if bb, ok := b.(Bool); ok {
					return ba || bb, nil
				}
			}
			return Int(x | y), nil
		case bc.OpXor:
			if ba, ok := a.(Bool); ok {
				if bb, ok := b.(Bool); ok {
					return Bool(ba != bb), nil
				}
			}
			return Int(x ^ y), nil
		}
	}
	return vm.numBigBinary(op, a, b)
}

// numBigBinary is numIntBinary on big.Int.
func (vm *VM) numBigBinary(op bc.BinaryOp, a, b Value) (Value, error) {
	x, y := numToBig(a), numToBig(b)
	r := &BigInt{}
	switch op {
	case bc.OpAdd:
		r.V.Add(x, y)
	case bc.OpSub:
		r.V.Sub(x, y)
	case bc.OpMul:
		if x.Sign() == 0 || y.Sign() == 0 {
			return Int(0), nil
		}
		if err := vm.numCheckBits(float64(x.BitLen() + y.BitLen() - 1)); err != nil {
			return nil, err
		}
		r.V.Mul(x, y)
	case bc.OpTrueDiv:
		f, err := vm.numBigTrueDiv(x, y)
		if err != nil {
			return nil, err
		}
		return Float(f), nil
	case bc.OpFloorDiv, bc.OpMod:
		if y.Sign() == 0 {
			if op == bc.OpMod {
				return nil, vm.NewError(ZeroDivisionErrorType, "integer modulo by zero")
			}
			return nil, vm.NewError(ZeroDivisionErrorType, "integer division or modulo by zero")
		}
		q, m := numBigFloorDivMod(x, y)
		if op == bc.OpMod {
			return numNorm(&BigInt{V: *m}), nil
		}
		return numNorm(&BigInt{V: *q}), nil
	case bc.OpPow:
		return vm.numIntPow(a, b)
	case bc.OpLShift:
		if y.Sign() < 0 {
			return nil, vm.NewError(ValueErrorType, "negative shift count")
		}
		if x.Sign() == 0 {
			return Int(0), nil
		}
		if !y.IsInt64() {
			return nil, vm.numCheckBits(math.Inf(1))
		}
		n := y.Int64()
		if err := vm.numCheckBits(float64(x.BitLen()) + float64(n)); err != nil {
			return nil, err
		}
		r.V.Lsh(x, uint(n))
	case bc.OpRShift:
		if y.Sign() < 0 {
			return nil, vm.NewError(ValueErrorType, "negative shift count")
		}
		if !y.IsInt64() || y.Int64() > int64(x.BitLen()) {
			if x.Sign() < 0 {
				return Int(-1), nil
			}
			return Int(0), nil
		}
		r.V.Rsh(x, uint(y.Int64()))
	case bc.OpAnd:
		r.V.And(x, y)
	case bc.OpOr:
		r.V.Or(x, y)
	case bc.OpXor:
		r.V.Xor(x, y)
	default:
		return nil, nil
	}
	return numNorm(r), nil
}

// numBigFloorDivMod is Python's divmod on big ints (y != 0); both results are
// fresh.
func numBigFloorDivMod(x, y *big.Int) (*big.Int, *big.Int) {
	q, m := new(big.Int).QuoRem(x, y, new(big.Int))
	if m.Sign() != 0 && m.Sign() != y.Sign() {
		q.Sub(q, big.NewInt(1))
		m.Add(m, y)
	}
	return q, m
}

// numPow64 computes a**b (b >= 0) in int64; ok is false on overflow.
func numPow64(a, b int64) (int64, bool) {
	switch a {
	case 0:
		if b == 0 {
			return 1, true
		}
		return 0, true
	case 1:
		return 1, true
	case -1:
		if b&1 == 1 {
			return -1, true
		}
		return 1, true
	}
	if b >= 64 {
		return 0, false
	}
	result := int64(1)
	base := a
	ok := true
	for {
		if b&1 == 1 {
			if result, ok = numMul64(result, base); !ok {
				return 0, false
			}
		}
		b >>= 1
		if b == 0 {
			return result, true
		}
		if base, ok = numMul64(base, base); !ok {
			return 0, false
		}
	}
}

// numIntPow is a ** b for integers; a negative b gives a float.
func (vm *VM) numIntPow(a, b Value) (Value, error) {
	if numSign(b) < 0 {
		if numSign(a) == 0 {
			return nil, vm.NewError(ZeroDivisionErrorType, "0.0 cannot be raised to a negative power")
		}
		fa, err := vm.numIntToFloat(a)
		if err != nil {
			return nil, err
		}
		fb, err := vm.numIntToFloat(b)
		if err != nil {
			return nil, err
		}
		return vm.numFloatPow(fa, fb)
	}
	if x, ok := numSmall(a); ok {
		if y, ok := numSmall(b); ok {
			if r, ok := numPow64(x, y); ok {
				return Int(r), nil
			}
		}
		switch x {
		case 0, 1:
			return Int(x), nil
		case -1:
			if numToBig(b).Bit(0) == 1 {
				return Int(-1), nil
			}
			return Int(1), nil
		}
	}
	yb := numToBig(b)
	if !yb.IsInt64() {
		return nil, vm.numCheckBits(math.Inf(1))
	}
	n := yb.Int64()
	xb := numToBig(a)
	// |a|**n has about n*log2|a| bits.
	est := float64(n) * numLog2(xb)
	if err := vm.numCheckBits(est); err != nil {
		return nil, err
	}
	r := &BigInt{}
	r.V.Exp(xb, yb, nil)
	return numNorm(r), nil
}

// numLog2 approximates log2|x| for x != 0 (a slight overestimate is fine).
func numLog2(x *big.Int) float64 {
	n := x.BitLen()
	if n <= 53 {
		f, _ := new(big.Float).SetInt(x).Float64()
		return math.Log2(math.Abs(f))
	}
	// Top 53 bits give the mantissa.
	top := new(big.Int).Rsh(new(big.Int).Abs(x), uint(n-53))
	return math.Log2(float64(top.Uint64())) + float64(n-53)
}

// numIntToFloat converts an integer to float64 (round half to even), with
// OverflowError when it is too large.
func (vm *VM) numIntToFloat(v Value) (float64, error) {
	if n, ok := numSmall(v); ok {
		return float64(n), nil
	}
	f, _ := new(big.Float).SetInt(&v.(*BigInt).V).Float64()
	if math.IsInf(f, 0) {
		return 0, vm.NewError(OverflowErrorType, "int too large to convert to float")
	}
	return f, nil
}

// numBigTrueDiv is x / y for integers, correctly rounded as CPython does.
func (vm *VM) numBigTrueDiv(x, y *big.Int) (float64, error) {
	if y.Sign() == 0 {
		return 0, vm.NewError(ZeroDivisionErrorType, "division by zero")
	}
	neg := (x.Sign() < 0) != (y.Sign() < 0)
	if x.Sign() == 0 {
		if neg {
			return math.Copysign(0, -1), nil
		}
		return 0, nil
	}
	ax := new(big.Int).Abs(x)
	ay := new(big.Int).Abs(y)
	diff := ax.BitLen() - ay.BitLen()
	var f float64
	switch {
	case diff > 1025:
		return 0, vm.NewError(OverflowErrorType, "integer division result too large for a float")
	case diff < -1080:
		f = 0
	case diff < -1000:
		// Near the subnormal range: let big.Rat round exactly once.
		f, _ = new(big.Rat).SetFrac(ax, ay).Float64()
	default:
		// Scale so the quotient has 55 or 56 bits, fold the remainder
		// into a sticky bit, and let the float conversion round once.
		shift := 55 - diff
		if shift >= 0 {
			ax.Lsh(ax, uint(shift))
		} else {
			ay.Lsh(ay, uint(-shift))
		}
		q, r := ax.QuoRem(ax, ay, new(big.Int))
		u := q.Uint64()
		if r.Sign() != 0 {
			u |= 1
		}
		f = math.Ldexp(float64(u), -shift)
	}
	if math.IsInf(f, 0) {
		return 0, vm.NewError(OverflowErrorType, "integer division result too large for a float")
	}
	if neg {
		f = -f
	}
	return f, nil
}

// numNeg is -v for an integer value.
func numNeg(v Value) Value {
	if n, ok := numSmall(v); ok {
		if n == math.MinInt64 {
			r := &BigInt{}
			r.V.Neg(numBig64(n))
			return r
		}
		return Int(-n)
	}
	r := &BigInt{}
	r.V.Neg(&v.(*BigInt).V)
	return numNorm(r)
}

// numAbs is abs(v) for an integer value.
func numAbs(v Value) Value {
	if numSign(v) < 0 {
		return numNeg(v)
	}
	if b, ok := v.(Bool); ok {
		if b {
			return Int(1)
		}
		return Int(0)
	}
	return v
}

// numInvert is ~v for an integer value.
func numInvert(v Value) Value {
	if n, ok := numSmall(v); ok {
		return Int(^n)
	}
	r := &BigInt{}
	r.V.Not(&v.(*BigInt).V)
	return numNorm(r)
}

// numIntValue normalises Bool to Int (int(True) is 1).
func numIntValue(v Value) Value {
	if b, ok := v.(Bool); ok {
		if b {
			return Int(1)
		}
		return Int(0)
	}
	return v
}
