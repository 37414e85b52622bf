package vm

// num_methods.go: the conversions and numeric builtins other parts of the
// VM call (IndexOf, ToInt, ToFloat, FloatArg, Round, Divmod, Pow3, Abs,
// Hex/Oct/Bin, Chr, Ord) and the int/bool/float constructors.

import (
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// numUnwrap returns the builtin value inside an instance of a user
// subclass of int, float or str (stored in Instance.Native()), or v itself.
func numUnwrap(v Value) Value {
	if inst, ok := v.(*Instance); ok && inst.Native() != nil {
		switch n := inst.Native().(type) {
		case Int, *BigInt, Float, Bool, *Str:
			return n
		}
	}
	return v
}

// intSubValue is the int value of an instance of an int subclass (bool
// excluded: it is not subclassable), else v.
func intSubValue(v Value) Value {
	if n, ok := intSubOf(v); ok {
		return n
	}
	return v
}

// intSubOf is the int value of v when v is an instance of an int subclass.
func intSubOf(v Value) (Value, bool) {
	if inst, ok := v.(*Instance); ok && inst.Native() != nil {
		switch n := inst.Native().(type) {
		case Int, *BigInt:
			return n, true
		}
	}
	return nil, false
}

// IndexValue is operator.index(v): an Int or *BigInt (bools become Int),
// calling __index__ for user objects.
func (vm *VM) IndexValue(v Value) (Value, error) {
	switch x := v.(type) {
	case Int, *BigInt:
		return x, nil
	case Bool:
		return numIntValue(x), nil
	case *Instance:
		if n := numUnwrap(v); n != v {
			if numIsInt(n) {
				return numIntValue(n), nil
			}
		}
		if m := lookupSpecial(v, "__index__"); m != nil {
			r, err := vm.callBound(m, v, nil)
			if err != nil {
				return nil, err
			}
			if !numIsInt(r) {
				return nil, vm.NewError(TypeErrorType, "__index__ returned non-int (type %s)", TypeOf(r).Name)
			}
			return numIntValue(r), nil
		}
	}
	return nil, vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name)
}

// IndexOf is operator.index(v) as an int64: OverflowError when it does not
// fit ("cannot fit 'int' into an index-sized integer"), TypeError for
// non-integers ("'float' object cannot be interpreted as an integer").
func (vm *VM) IndexOf(v Value) (int64, error) {
	if n, ok := v.(Int); ok {
		return int64(n), nil
	}
	r, err := vm.IndexValue(v)
	if err != nil {
		return 0, err
	}
	if n, ok := r.(Int); ok {
		return int64(n), nil
	}
	return 0, vm.NewError(OverflowErrorType, "cannot fit 'int' into an index-sized integer")
}

// numIndexClamped is PyNumber_AsSsize_t(v, NULL): huge values saturate.
func (vm *VM) numIndexClamped(v Value) (int64, error) {
	r, err := vm.IndexValue(v)
	if err != nil {
		return 0, err
	}
	if n, ok := r.(Int); ok {
		return int64(n), nil
	}
	if r.(*BigInt).V.Sign() < 0 {
		return math.MinInt64, nil
	}
	return math.MaxInt64, nil
}

// ToInt is int(v) with one argument: ints as they are (bools become Int),
// floats truncated, strings parsed in base 10, user objects through
// __int__, __index__ or __trunc__.
func (vm *VM) ToInt(v Value) (Value, error) {
	switch x := v.(type) {
	case Int, *BigInt:
		return x, nil
	case Bool:
		return numIntValue(x), nil
	case Float:
		return vm.numFloatToInt(float64(x))
	case *Str:
		return vm.IntFromString(x.S, 10)
	case *Instance:
		for _, name := range []string{"__int__", "__index__"} {
			if m := lookupSpecial(v, name); m != nil {
				r, err := vm.callBound(m, v, nil)
				if err != nil {
					return nil, err
				}
				if !numIsInt(r) {
					return nil, vm.NewError(TypeErrorType, "%s returned non-int (type %s)", name, TypeOf(r).Name)
				}
				return numIntValue(r), nil
			}
		}
		if m := lookupSpecial(v, "__trunc__"); m != nil {
			r, err := vm.callBound(m, v, nil)
			if err != nil {
				return nil, err
			}
			if !numIsInt(r) {
				return vm.IndexValue(r)
			}
			return numIntValue(r), nil
		}
		if n := numUnwrap(v); n != v {
			return vm.ToInt(n)
		}
	}
	return nil, vm.NewError(TypeErrorType, "int() argument must be a string, a bytes-like object or a real number, not '%s'", TypeOf(v).Name)
}

// ToFloat is float(v): floats as they are, ints converted (OverflowError
// when too large), strings parsed, user objects through __float__ or
// __index__.
func (vm *VM) ToFloat(v Value) (Value, error) {
	switch x := v.(type) {
	case Float:
		return x, nil
	case *Str:
		f, err := vm.FloatFromString(x.S)
		if err != nil {
			return nil, err
		}
		return Float(f), nil
	case Int, Bool, *BigInt:
		f, err := vm.numIntToFloat(x)
		if err != nil {
			return nil, err
		}
		return Float(f), nil
	case *Instance:
		if m := lookupSpecial(v, "__float__"); m != nil {
			r, err := vm.callBound(m, v, nil)
			if err != nil {
				return nil, err
			}
			if _, ok := r.(Float); !ok {
				return nil, vm.NewError(TypeErrorType, "%s.__float__ returned non-float (type %s)", x.Class.Name, TypeOf(r).Name)
			}
			return r, nil
		}
		if lookupSpecial(v, "__index__") != nil {
			r, err := vm.IndexValue(v)
			if err != nil {
				return nil, err
			}
			return vm.ToFloat(r)
		}
		if n := numUnwrap(v); n != v {
			return vm.ToFloat(n)
		}
	}
	return nil, vm.NewError(TypeErrorType, "float() argument must be a string or a real number, not '%s'", TypeOf(v).Name)
}

// FloatArg converts the argument of a math function to float64 as
// PyFloat_AsDouble does: floats, ints, __float__, __index__; strings are
// rejected ("must be real number, not str").
func (vm *VM) FloatArg(v Value) (float64, error) {
	switch x := v.(type) {
	case Float:
		return float64(x), nil
	case Int:
		return float64(x), nil
	case Bool, *BigInt:
		return vm.numIntToFloat(x)
	case *Instance:
		if lookupSpecial(v, "__float__") != nil || lookupSpecial(v, "__index__") != nil || numUnwrap(v) != v {
			r, err := vm.ToFloat(v)
			if err != nil {
				return 0, err
			}
			return float64(r.(Float)), nil
		}
	}
	return 0, vm.NewError(TypeErrorType, "must be real number, not %s", TypeOf(v).Name)
}

// Abs is abs(x).
func (vm *VM) Abs(x Value) (Value, error) {
	switch v := x.(type) {
	case Int, Bool, *BigInt:
		return numAbs(v), nil
	case Float:
		return Float(math.Abs(float64(v))), nil
	case *Instance:
		if r, ok, err := vm.callSpecial(x, "__abs__"); ok {
			return r, err
		}
		if n := numUnwrap(x); n != x {
			return vm.Abs(n)
		}
	}
	return nil, vm.NewError(TypeErrorType, "bad operand type for abs(): '%s'", TypeOf(x).Name)
}

// Divmod is divmod(a, b).
func (vm *VM) Divmod(a, b Value) (Value, error) {
	if numIsInt(a) && numIsInt(b) {
		if x, ok := numSmall(a); ok {
			if y, ok := numSmall(b); ok && y != 0 {
				if q, ok := numFloorDiv64(x, y); ok {
					return tupleOf(Int(q), Int(numFloorMod64(x, y))), nil
				}
			}
		}
		y := numToBig(b)
		if y.Sign() == 0 {
			return nil, vm.NewError(ZeroDivisionErrorType, "integer division or modulo by zero")
		}
		q, m := numBigFloorDivMod(numToBig(a), y)
		return tupleOf(numNorm(&BigInt{V: *q}), numNorm(&BigInt{V: *m})), nil
	}
	_, af := a.(Float)
	_, bf := b.(Float)
	if (af || numIsInt(a)) && (bf || numIsInt(b)) {
		x, _, err := vm.numFloatOf(a)
		if err != nil {
			return nil, err
		}
		y, _, err := vm.numFloatOf(b)
		if err != nil {
			return nil, err
		}
		if y == 0 {
			return nil, vm.NewError(ZeroDivisionErrorType, "float divmod()")
		}
		q, m := numFloatDivMod(x, y)
		return tupleOf(Float(q), Float(m)), nil
	}
	ta, tb := TypeOf(a), TypeOf(b)
	reflectedFirst := ta != tb && !tb.Builtin && tb.IsSubtype(ta)
	if reflectedFirst {
		if r, ok, err := vm.callSpecial(b, "__rdivmod__", a); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	if !ta.Builtin {
		if r, ok, err := vm.callSpecial(a, "__divmod__", b); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	if ta != tb && !reflectedFirst && !tb.Builtin {
		if r, ok, err := vm.callSpecial(b, "__rdivmod__", a); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	// Instances of int/float subclasses: retry with their values (each
	// retry removes an Instance, so this terminates).
	ua, ub := numUnwrap(a), numUnwrap(b)
	_, aInst := a.(*Instance)
	_, bInst := b.(*Instance)
	_, uaInst := ua.(*Instance)
	_, ubInst := ub.(*Instance)
	if (aInst && !uaInst) || (bInst && !ubInst) {
		return vm.Divmod(ua, ub)
	}
	return nil, vm.NewError(TypeErrorType, "unsupported operand type(s) for divmod(): '%s' and '%s'", ta.Name, tb.Name)
}

// Pow3 is pow(a, b, m); m None (or nil) is a ** b.
func (vm *VM) Pow3(a, b, m Value) (Value, error) {
	if m == nil || m == None {
		return vm.BinaryOp(bc.OpPow, a, b)
	}
	if numIsInt(a) && numIsInt(b) && numIsInt(m) {
		mod := numToBig(m)
		if mod.Sign() == 0 {
			return nil, vm.NewError(ValueErrorType, "pow() 3rd argument cannot be 0")
		}
		am := new(big.Int).Abs(mod)
		if am.Cmp(big.NewInt(1)) == 0 {
			return Int(0), nil
		}
		base := new(big.Int).Mod(numToBig(a), am)
		exp := numToBig(b)
		if exp.Sign() < 0 {
			inv := new(big.Int).ModInverse(base, am)
			if inv == nil {
				return nil, vm.NewError(ValueErrorType, "base is not invertible for the given modulus")
			}
			base = inv
			exp = new(big.Int).Neg(exp)
		}
		r := &BigInt{}
		r.V.Exp(base, exp, am)
		if mod.Sign() < 0 && r.V.Sign() != 0 {
			r.V.Add(&r.V, mod)
		}
		return numNorm(r), nil
	}
	if _, ok := a.(*Instance); ok {
		if r, ok, err := vm.callSpecial(a, "__pow__", b, m); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	isNum := func(v Value) bool {
		_, f := v.(Float)
		return f || numIsInt(v)
	}
	if isNum(a) && isNum(b) && isNum(m) {
		return nil, vm.NewError(TypeErrorType, "pow() 3rd argument not allowed unless all arguments are integers")
	}
	return nil, vm.NewError(TypeErrorType, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'", TypeOf(a).Name, TypeOf(b).Name, TypeOf(m).Name)
}

// Round is round(x) (ndigits nil or None) or round(x, ndigits), with
// round-half-to-even exactly as CPython.
func (vm *VM) Round(x Value, ndigits Value) (Value, error) {
	if ndigits == None {
		ndigits = nil
	}
	switch v := x.(type) {
	case Float:
		f := float64(v)
		if ndigits == nil {
			return vm.numFloatToInt(math.RoundToEven(f))
		}
		n, err := vm.numIndexClamped(ndigits)
		if err != nil {
			return nil, err
		}
		r, err := vm.numRoundFloat(f, n)
		if err != nil {
			return nil, err
		}
		return Float(r), nil
	case Int, Bool, *BigInt:
		if ndigits == nil {
			return numIntValue(v), nil
		}
		nv, err := vm.IndexValue(ndigits)
		if err != nil {
			return nil, err
		}
		if numSign(nv) >= 0 {
			return numIntValue(v), nil
		}
		return vm.numRoundInt(v, nv)
	case *Instance:
		var args []Value
		if ndigits != nil {
			args = []Value{ndigits}
		}
		if r, ok, err := vm.callSpecial(x, "__round__", args...); ok {
			return r, err
		}
		if n := numUnwrap(x); n != x {
			return vm.Round(n, ndigits)
		}
	}
	return nil, vm.NewError(TypeErrorType, "type %s doesn't define __round__ method", TypeOf(x).Name)
}

// numRoundInt rounds an integer to a negative number of digits nd.
func (vm *VM) numRoundInt(v Value, nd Value) (Value, error) {
	negNd := numNeg(nd)
	k, isSmall := negNd.(Int)
	// 10**k exceeds |v| by far: the result is 0.
	if !isSmall || float64(k) > float64(numBitLen(v))*log10of2+2 {
		return Int(0), nil
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
	q, r := numBigFloorDivMod(numToBig(v), p)
	r2 := new(big.Int).Lsh(r, 1)
	if c := r2.Cmp(p); c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	res := &BigInt{}
	res.V.Mul(q, p)
	return numNorm(res), nil
}

// numRoundFloat is CPython's double_round: correctly rounded decimal
// rounding, half to even on the exact binary value.
func (vm *VM) numRoundFloat(x float64, n int64) (float64, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x, nil
	}
	if n > 323 {
		return x, nil
	}
	if n < -308 {
		return 0 * x, nil
	}
	if n >= 0 {
		s := strconv.FormatFloat(x, 'f', int(n), 64)
		r, _ := strconv.ParseFloat(s, 64)
		if math.IsInf(r, 0) {
			return 0, vm.NewError(OverflowErrorType, "rounded value too large to represent")
		}
		return r, nil
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(-n), nil)
	exact := new(big.Rat).SetFloat64(x)
	q := new(big.Rat).Quo(exact, new(big.Rat).SetInt(p))
	num, den := q.Num(), q.Denom()
	iq, ir := new(big.Int).QuoRem(num, den, new(big.Int))
	// Round half to even (iq truncated toward zero).
	ir.Abs(ir)
	ir.Lsh(ir, 1)
	if c := ir.Cmp(den); c > 0 || (c == 0 && iq.Bit(0) == 1) {
		if num.Sign() < 0 {
			iq.Sub(iq, big.NewInt(1))
		} else {
			iq.Add(iq, big.NewInt(1))
		}
	}
	iq.Mul(iq, p)
	r, _ := new(big.Float).SetInt(iq).Float64()
	if math.IsInf(r, 0) {
		return 0, vm.NewError(OverflowErrorType, "rounded value too large to represent")
	}
	if r == 0 {
		r = math.Copysign(0, x)
	}
	return r, nil
}

// numIntText renders an integer in base 2, 8, 10 or 16 with Python's prefix
// (0b, 0o, 0x; none for 10) after the sign.
func numIntText(v Value, base int, prefix string) string {
	var s string
	if n, ok := numSmall(v); ok {
		s = strconv.FormatInt(n, base)
	} else {
		s = v.(*BigInt).V.Text(base)
	}
	if s[0] == '-' {
		return "-" + prefix + s[1:]
	}
	return prefix + s
}

// Hex is hex(v).
func (vm *VM) Hex(v Value) (string, error) {
	n, err := vm.IndexValue(v)
	if err != nil {
		return "", err
	}
	return numIntText(n, 16, "0x"), nil
}

// Oct is oct(v).
func (vm *VM) Oct(v Value) (string, error) {
	n, err := vm.IndexValue(v)
	if err != nil {
		return "", err
	}
	return numIntText(n, 8, "0o"), nil
}

// Bin is bin(v).
func (vm *VM) Bin(v Value) (string, error) {
	n, err := vm.IndexValue(v)
	if err != nil {
		return "", err
	}
	return numIntText(n, 2, "0b"), nil
}

// Chr is chr(i).
func (vm *VM) Chr(i Value) (Value, error) {
	c, err := vm.cInt(i)
	if err != nil {
		return nil, err
	}
	if c < 0 || c > utf8.MaxRune {
		return nil, vm.NewError(ValueErrorType, "chr() arg not in range(0x110000)")
	}
	return strFromRune(rune(c)), nil
}

// Ord is ord(s).
func (vm *VM) Ord(s Value) (Value, error) {
	str, ok := numUnwrap(s).(*Str)
	if !ok {
		return nil, vm.NewError(TypeErrorType, "ord() expected string of length 1, but %s found", TypeOf(s).Name)
	}
	if str.Len() != 1 {
		return nil, vm.NewError(TypeErrorType, "ord() expected a character, but string of length %d found", str.Len())
	}
	r, _ := utf8.DecodeRuneInString(str.S)
	return Int(r), nil
}
