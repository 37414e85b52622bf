package vm

// num_types.go: the int, bool and float types: constructors (int(x,
// base), float(x), bool(x)), their methods and properties, and the special
// methods (__add__, __eq__, __hash__, ...) so that int.__add__(1, 2),
// super().__add__ and user subclasses of int and float work.

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// intNew is int(x=0, /, base=10).
func intNew(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	npos := len(args) - len(kwnames)
	if len(args) > 2 {
		return nil, vm.NewError(TypeErrorType, "int() takes at most 2 arguments (%d given)", len(args))
	}
	var x, base Value
	if npos > 0 {
		x = args[0]
	}
	if npos > 1 {
		base = args[1]
	}
	for i, k := range kwnames {
		if k != "base" {
			return nil, vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for int()", k)
		}
		if base != nil {
			return nil, vm.NewError(TypeErrorType, "argument for int() given by name ('base') and position (2)")
		}
		base = args[npos+i]
	}
	var r Value
	var err error
	switch {
	case x == nil && base == nil:
		r = Int(0)
	case x == nil:
		return nil, vm.NewError(TypeErrorType, "int() missing string argument")
	case base == nil:
		r, err = vm.ToInt(x)
	default:
		b, err := vm.IndexValue(base)
		if err != nil {
			return nil, err
		}
		bn, ok := b.(Int)
		if !ok || (bn != 0 && (bn < 2 || bn > 36)) {
			return nil, vm.NewError(ValueErrorType, "int() base must be >= 2 and <= 36, or 0")
		}
		s, isStr := numUnwrap(x).(*Str)
		if !isStr {
			return nil, vm.NewError(TypeErrorType, "int() can't convert non-string with explicit base")
		}
		r, err = vm.IntFromString(s.S, int(bn))
		if err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	if cls != IntType && cls != nil {
		return newNativeInstance(cls, r), nil
	}
	return r, nil
}

// floatNew is float(x=0.0, /).
func floatNew(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	if len(kwnames) > 0 {
		return nil, vm.NewError(TypeErrorType, "float() takes no keyword arguments")
	}
	if len(args) > 1 {
		return nil, vm.NewError(TypeErrorType, "float expected at most 1 argument, got %d", len(args))
	}
	var r Value = Float(0)
	if len(args) == 1 {
		v, err := vm.ToFloat(args[0])
		if err != nil {
			return nil, err
		}
		r = v
	}
	if cls != FloatType && cls != nil {
		return newNativeInstance(cls, r), nil
	}
	return r, nil
}

// boolNew is bool(x=False, /).
func boolNew(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	if cls != BoolType && cls != nil {
		return nil, vm.NewError(TypeErrorType, "type 'bool' is not an acceptable base type")
	}
	if len(kwnames) > 0 {
		return nil, vm.NewError(TypeErrorType, "bool() takes no keyword arguments")
	}
	if len(args) > 1 {
		return nil, vm.NewError(TypeErrorType, "bool expected at most 1 argument, got %d", len(args))
	}
	if len(args) == 0 {
		return Bool(false), nil
	}
	t, err := vm.Truthy(args[0])
	return Bool(t), err
}

// numSelfInt extracts an int self (int, bool or an int subclass instance).
func (vm *VM) numSelfInt(name string, args []Value) (Value, error) {
	if len(args) > 0 {
		if v := numUnwrap(args[0]); numIsInt(v) {
			return v, nil
		}
		return nil, vm.descrError(name, IntType, args[0])
	}
	return nil, vm.NewError(TypeErrorType, "unbound method int.%s() needs an argument", name)
}

// numSelfFloat extracts a float self.
func (vm *VM) numSelfFloat(name string, args []Value) (float64, error) {
	if len(args) > 0 {
		if v, ok := numUnwrap(args[0]).(Float); ok {
			return float64(v), nil
		}
		return 0, vm.descrError(name, FloatType, args[0])
	}
	return 0, vm.NewError(TypeErrorType, "unbound method float.%s() needs an argument", name)
}

var numBinaryNames = []struct {
	op   bc.BinaryOp
	name string
}{
	{bc.OpAdd, "add"}, {bc.OpSub, "sub"}, {bc.OpMul, "mul"}, {bc.OpTrueDiv, "truediv"},
	{bc.OpFloorDiv, "floordiv"}, {bc.OpMod, "mod"}, {bc.OpPow, "pow"}, {bc.OpLShift, "lshift"},
	{bc.OpRShift, "rshift"}, {bc.OpAnd, "and"}, {bc.OpOr, "or"}, {bc.OpXor, "xor"},
}

var numCompareNames = []struct {
	op   bc.CompareOp
	name string
}{
	{bc.CmpLt, "__lt__"}, {bc.CmpLe, "__le__"}, {bc.CmpEq, "__eq__"},
	{bc.CmpNe, "__ne__"}, {bc.CmpGt, "__gt__"}, {bc.CmpGe, "__ge__"},
}

// numRegisterDunders registers the special methods of int (isFloat false)
// or float on t. An int method answers NotImplemented for a float
// operand, as CPython's do.
func numRegisterDunders(t *Type, isFloat bool) {
	tname := "int"
	if isFloat {
		tname = "float"
	}
	accept := func(v Value) bool {
		if numIsInt(v) {
			return true
		}
		_, f := v.(Float)
		return f && isFloat
	}
	self := func(vm *VM, name string, args []Value) (Value, error) {
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "unbound method %s.%s() needs an argument", tname, name)
		}
		v := numUnwrap(args[0])
		_, f := v.(Float)
		if (isFloat && !f) || (!isFloat && !numIsInt(v)) {
			return nil, vm.descrError(name, t, args[0])
		}
		return v, nil
	}
	arity := func(vm *VM, name string, args []Value, kw []string, n int) error {
		if len(kw) > 0 {
			return vm.NewError(TypeErrorType, "%s.%s() takes no keyword arguments", tname, name)
		}
		if len(args)-1 != n {
			return vm.NewError(TypeErrorType, "expected %d argument%s, got %d", n, strPlural(n), len(args)-1)
		}
		return nil
	}
	for _, bn := range numBinaryNames {
		op := bn.op
		for _, refl := range []bool{false, true} {
			name := "__" + bn.name + "__"
			if refl {
				name = "__r" + bn.name + "__"
			}
			if isFloat && (op >= bc.OpLShift) {
				continue
			}
			refl := refl
			strRegMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
				a, err := self(vm, name, args)
				if err != nil {
					return nil, err
				}
				if op == bc.OpPow && !refl && len(args) == 3 && len(kw) == 0 {
					b := numUnwrap(args[1])
					if !accept(b) {
						return NotImplemented, nil
					}
					return vm.Pow3(a, b, numUnwrap(args[2]))
				}
				if err := arity(vm, name, args, kw, 1); err != nil {
					return nil, err
				}
				b := numUnwrap(args[1])
				if !accept(b) {
					return NotImplemented, nil
				}
				if refl {
					a, b = b, a
				}
				if !isFloat { // int.__or__(True, True) is 1, not bool's True
					a = numIntValue(a)
				}
				r, ok, err := vm.numBinary(op, a, b)
				if !ok && err == nil {
					return NotImplemented, nil
				}
				return r, err
			})
		}
	}
	for _, cn := range numCompareNames {
		op := cn.op
		name := cn.name
		strRegMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			a, err := self(vm, name, args)
			if err != nil {
				return nil, err
			}
			if err := arity(vm, name, args, kw, 1); err != nil {
				return nil, err
			}
			b := numUnwrap(args[1])
			if !accept(b) {
				return NotImplemented, nil
			}
			r, _ := numCompare(a, b, op)
			return Bool(r), nil
		})
	}
	for _, name := range []string{"__divmod__", "__rdivmod__"} {
		name := name
		strRegMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			a, err := self(vm, name, args)
			if err != nil {
				return nil, err
			}
			if err := arity(vm, name, args, kw, 1); err != nil {
				return nil, err
			}
			b := numUnwrap(args[1])
			if !accept(b) {
				return NotImplemented, nil
			}
			if name == "__rdivmod__" {
				a, b = b, a
			}
			return vm.Divmod(a, b)
		})
	}
	unary := func(name string, fn func(vm *VM, v Value) (Value, error)) {
		strRegMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			v, err := self(vm, name, args)
			if err != nil {
				return nil, err
			}
			if err := arity(vm, name, args, kw, 0); err != nil {
				return nil, err
			}
			return fn(vm, v)
		})
	}
	unary("__neg__", func(vm *VM, v Value) (Value, error) { return vm.UnaryOp(bc.UNARY_NEGATIVE, v) })
	unary("__pos__", func(vm *VM, v Value) (Value, error) { return vm.UnaryOp(bc.UNARY_POSITIVE, v) })
	unary("__abs__", func(vm *VM, v Value) (Value, error) { return vm.Abs(v) })
	unary("__bool__", func(vm *VM, v Value) (Value, error) { b, err := vm.Truthy(v); return Bool(b), err })
	unary("__int__", func(vm *VM, v Value) (Value, error) { return vm.ToInt(v) })
	unary("__float__", func(vm *VM, v Value) (Value, error) { return vm.ToFloat(v) })
	unary("__trunc__", func(vm *VM, v Value) (Value, error) { return vm.ToInt(v) })
	unary("__hash__", func(vm *VM, v Value) (Value, error) { h, err := vm.Hash(v); return Int(h), err })
	// No __str__: int and float inherit object's, which is repr, as in
	// CPython (so a subclass's __repr__ shows in str()).
	unary("__repr__", func(vm *VM, v Value) (Value, error) { s, err := vm.numStr(v); return NewStr(s), err })
	unary("conjugate", func(vm *VM, v Value) (Value, error) { return numIntValue(v), nil })
	strRegMethod(t, "__format__", func(vm *VM, args []Value, kw []string) (Value, error) {
		v, err := self(vm, "__format__", args)
		if err != nil {
			return nil, err
		}
		if err := arity(vm, "__format__", args, kw, 1); err != nil {
			return nil, err
		}
		spec, ok := args[1].(*Str)
		if !ok {
			return nil, vm.badArgument("__format__() argument", "str", args[1])
		}
		s, err := vm.Format(v, spec.S)
		return NewStr(s), err
	})
	strRegMethod(t, "__round__", func(vm *VM, args []Value, kw []string) (Value, error) {
		v, err := self(vm, "__round__", args)
		if err != nil {
			return nil, err
		}
		if len(kw) > 0 || len(args) > 2 {
			return nil, vm.NewError(TypeErrorType, "__round__ expected at most 1 argument, got %d", len(args)-1)
		}
		var nd Value
		if len(args) == 2 {
			nd = args[1]
		}
		return vm.Round(v, nd)
	})
	for _, name := range []string{"__floor__", "__ceil__"} {
		name := name
		unary(name, func(vm *VM, v Value) (Value, error) {
			if f, ok := v.(Float); ok {
				if name == "__floor__" {
					return vm.numFloatToInt(math.Floor(float64(f)))
				}
				return vm.numFloatToInt(math.Ceil(float64(f)))
			}
			return numIntValue(v), nil
		})
	}
	prop := func(name string, fn func(vm *VM, v Value) (Value, error)) {
		t.setMethod(name, &Property{Get: &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			v, err := self(vm, name, args)
			if err != nil {
				return nil, err
			}
			return fn(vm, v)
		}}, Doc: None})
	}
	prop("real", func(vm *VM, v Value) (Value, error) { return numIntValue(v), nil })
	prop("imag", func(vm *VM, v Value) (Value, error) {
		if isFloat {
			return Float(0), nil
		}
		return Int(0), nil
	})
	if !isFloat {
		prop("numerator", func(vm *VM, v Value) (Value, error) { return numIntValue(v), nil })
		prop("denominator", func(vm *VM, v Value) (Value, error) { return Int(1), nil })
		unary("__index__", func(vm *VM, v Value) (Value, error) { return numIntValue(v), nil })
		unary("__invert__", func(vm *VM, v Value) (Value, error) { return numInvert(v), nil })
		unary("bit_length", func(vm *VM, v Value) (Value, error) { return Int(numBitLen(v)), nil })
		unary("bit_count", func(vm *VM, v Value) (Value, error) {
			if n, ok := numSmall(v); ok {
				if n < 0 {
					return Int(bits.OnesCount64(uint64(-n))), nil
				}
				return Int(bits.OnesCount64(uint64(n))), nil
			}
			c := 0
			for _, w := range new(big.Int).Abs(&v.(*BigInt).V).Bits() {
				c += bits.OnesCount(uint(w))
			}
			return Int(c), nil
		})
		unary("as_integer_ratio", func(vm *VM, v Value) (Value, error) {
			return tupleOf(numIntValue(v), Int(1)), nil
		})
	} else {
		unary("is_integer", func(vm *VM, v Value) (Value, error) {
			f := float64(v.(Float))
			return Bool(!math.IsInf(f, 0) && f == math.Trunc(f)), nil
		})
		unary("as_integer_ratio", func(vm *VM, v Value) (Value, error) {
			f := float64(v.(Float))
			if math.IsInf(f, 0) {
				return nil, vm.NewError(OverflowErrorType, "cannot convert Infinity to integer ratio")
			}
			if math.IsNaN(f) {
				return nil, vm.NewError(ValueErrorType, "cannot convert NaN to integer ratio")
			}
			r := new(big.Rat).SetFloat64(f)
			return tupleOf(numNorm(&BigInt{V: *r.Num()}), numNorm(&BigInt{V: *r.Denom()})), nil
		})
		unary("hex", func(vm *VM, v Value) (Value, error) { return NewStr(floatHex(float64(v.(Float)))), nil })
		t.setMethod("fromhex", &ClassMethod{Fn: &Builtin{Name: "fromhex", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			if len(args) != 2 || len(kw) > 0 {
				return nil, vm.NewError(TypeErrorType, "float.fromhex() takes exactly one argument (%d given)", len(args)-1)
			}
			s, ok := args[1].(*Str)
			if !ok {
				return nil, vm.NewError(TypeErrorType, "must be str, not %s", TypeOf(args[1]).Name)
			}
			f, ok, overflow := floatFromHex(s.S)
			if !ok {
				return nil, vm.NewError(ValueErrorType, "invalid hexadecimal floating-point string")
			}
			if overflow {
				return nil, vm.NewError(OverflowErrorType, "hexadecimal value too large to represent as a float")
			}
			if cls, isType := args[0].(*Type); isType && cls != FloatType {
				return vm.Call(cls, []Value{Float(f)}, nil)
			}
			return Float(f), nil
		}}})
	}
}

// numStr is int's or float's repr of a number (the int digit limit
// applies); int.__repr__(True) is '1'.
func (vm *VM) numStr(v Value) (string, error) {
	if x, ok := v.(Float); ok {
		return floatRepr(float64(x)), nil
	}
	return vm.IntString(numIntValue(v))
}

// floatHex is float.hex().
func floatHex(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	sign := ""
	if math.Signbit(x) {
		sign = "-"
		x = -x
	}
	if x == 0 {
		return sign + "0x0.0p+0"
	}
	m, e := math.Frexp(x) // x = m * 2**e, 0.5 <= m < 1
	shift := 1 - max(-1021-e, 0)
	m = math.Ldexp(m, shift)
	e -= shift
	lead := int(m)
	m -= float64(lead)
	var b strings.Builder
	b.WriteString(sign)
	b.WriteString("0x")
	b.WriteString(strconv.Itoa(lead))
	b.WriteByte('.')
	for i := 0; i < 13; i++ {
		m *= 16
		d := int(m)
		m -= float64(d)
		b.WriteByte("0123456789abcdef"[d])
	}
	b.WriteByte('p')
	if e >= 0 {
		b.WriteByte('+')
	}
	b.WriteString(strconv.Itoa(e))
	return b.String()
}

// floatFromHex is float.fromhex(s); ok is false for an invalid text, and
// overflow set for a value past the float range (a value below it rounds
// to zero or a subnormal, as CPython).
func floatFromHex(s string) (f float64, ok, overflow bool) {
	neg, t := numCutSign(strings.TrimFunc(s, strIsSpace))
	switch strings.ToLower(t) {
	case "inf", "infinity":
		if neg {
			return math.Inf(-1), true, false
		}
		return math.Inf(1), true, false
	case "nan":
		return math.NaN(), true, false
	}
	if len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		t = t[2:]
	}
	if t == "" || strings.ContainsAny(t, "_+- ") && !strings.ContainsAny(t, "pP") {
		return 0, false, false
	}
	if !strings.ContainsAny(t, "pP") {
		t += "p0"
	}
	if t[0] == '.' {
		t = "0" + t
	}
	if strings.ContainsRune(t, '_') {
		return 0, false, false
	}
	f, err := strconv.ParseFloat("0x"+t, 64)
	if err != nil {
		if ne, isNum := err.(*strconv.NumError); !isNum || ne.Err != strconv.ErrRange {
			return 0, false, false
		}
		overflow = math.IsInf(f, 0) // else it underflowed: rounded
	}
	if neg {
		f = -f
	}
	return f, true, overflow
}

func init() {
	IntType.New = intNew
	BoolType.New = boolNew
	FloatType.New = floatNew
	IntType.Later(func(t *Type) {
		addTypeNew(t, false)
		numRegisterDunders(t, false)
	})
	FloatType.Later(func(t *Type) {
		addTypeNew(t, false)
		numRegisterDunders(t, true)
	})
	BoolType.Later(registerBoolMethods)
}

// registerBoolMethods registers bool's own methods (the rest are int's).
func registerBoolMethods(t *Type) {
	addTypeNew(t, false)
	strRegMethod(t, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) == 1 {
			if b, ok := args[0].(Bool); ok {
				if b {
					return NewStr("True"), nil
				}
				return NewStr("False"), nil
			}
		}
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "descriptor '__repr__' of 'bool' object needs an argument")
		}
		return nil, vm.descrError("__repr__", BoolType, args[0])
	})
	for _, op := range []struct {
		name string
		op   bc.BinaryOp
	}{{"__and__", bc.OpAnd}, {"__rand__", bc.OpAnd}, {"__or__", bc.OpOr}, {"__ror__", bc.OpOr}, {"__xor__", bc.OpXor}, {"__rxor__", bc.OpXor}} {
		op := op
		strRegMethod(t, op.name, func(vm *VM, args []Value, kw []string) (Value, error) {
			if len(args) != 2 || len(kw) > 0 {
				return nil, vm.NewError(TypeErrorType, "expected 1 argument, got %d", len(args)-1)
			}
			if _, ok := args[0].(Bool); !ok { // bool.__and__(1, 1)
				return nil, vm.descrError(op.name, BoolType, args[0])
			}
			if !numIsInt(args[1]) {
				return NotImplemented, nil
			}
			return vm.numIntBinary(op.op, args[0], args[1])
		})
	}
}
