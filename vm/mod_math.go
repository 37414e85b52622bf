package vm

// mod_math.go: the math module with CPython's results and error messages
// ("math domain error", "math range error", ...).

import (
	"math"
	"math/big"

	"github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	builtinModules["math"] = mathModule
}

func mathModule(vm *VM) *Module {
	// float1 holds the functions of one float, for Builtin.Float1.
	float1 := map[string]func(float64) (float64, bool){}
	f1 := func(name string, fn func(float64) float64, check func(x, r float64) string) BuiltinFunc {
		qual := "math." + name // for messages; built once, not per call
		if check == nil {
			check = func(x, r float64) string { return mathCheck(x, r, true) }
		}
		float1[name] = func(x float64) (float64, bool) {
			r := fn(x)
			return r, check(x, r) == ""
		}
		return func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.oneArg(qual, args, kw); err != nil {
				return nil, err
			}
			x, err := vm.FloatArg(args[0])
			if err != nil {
				return nil, err
			}
			r := fn(x)
			if msg := check(x, r); msg != "" {
				return nil, vm.mathError(msg)
			}
			return Float(r), nil
		}
	}
	f2 := func(name string, fn func(x, y float64) (float64, string)) BuiltinFunc {
		qual := "math." + name // for messages; built once, not per call
		return func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.noKwargs(qual, kw); err != nil {
				return nil, err
			}
			if err := vm.checkArgs(name, len(args), 2, 2); err != nil {
				return nil, err
			}
			x, err := vm.FloatArg(args[0])
			if err != nil {
				return nil, err
			}
			y, err := vm.FloatArg(args[1])
			if err != nil {
				return nil, err
			}
			r, msg := fn(x, y)
			if msg != "" {
				return nil, vm.mathError(msg)
			}
			return Float(r), nil
		}
	}
	domainIf := func(cond func(x float64) bool) func(x, r float64) string {
		return func(x, r float64) string {
			if cond(x) {
				return "math domain error"
			}
			return mathCheck(x, r, true)
		}
	}
	funcs := map[string]BuiltinFunc{
		"sqrt":    f1("sqrt", math.Sqrt, domainIf(func(x float64) bool { return x < 0 })),
		"exp":     f1("exp", crExp, nil),
		"expm1":   f1("expm1", math.Expm1, nil),
		"log2":    vm.mathLogFunc("log2", 2),
		"log10":   vm.mathLogFunc("log10", 10),
		"log1p":   f1("log1p", math.Log1p, domainIf(func(x float64) bool { return x <= -1 })),
		"sin":     f1("sin", crSin, domainIf(func(x float64) bool { return math.IsInf(x, 0) })),
		"cos":     f1("cos", crCos, domainIf(func(x float64) bool { return math.IsInf(x, 0) })),
		"tan":     f1("tan", crTan, domainIf(func(x float64) bool { return math.IsInf(x, 0) })),
		"asin":    f1("asin", crAsin, domainIf(func(x float64) bool { return x < -1 || x > 1 })),
		"acos":    f1("acos", crAcos, domainIf(func(x float64) bool { return x < -1 || x > 1 })),
		"atan":    f1("atan", crAtan, nil),
		"sinh":    f1("sinh", crSinh, nil),
		"cosh":    f1("cosh", crCosh, nil),
		"tanh":    f1("tanh", crTanh, nil),
		"asinh":   f1("asinh", crAsinh, nil),
		"acosh":   f1("acosh", crAcosh, domainIf(func(x float64) bool { return x < 1 })),
		"atanh":   f1("atanh", crAtanh, domainIf(func(x float64) bool { return x <= -1 || x >= 1 })),
		"erf":     f1("erf", math.Erf, nil),
		"erfc":    f1("erfc", math.Erfc, nil),
		"fabs":    f1("fabs", math.Abs, nil),
		"degrees": f1("degrees", func(x float64) float64 { return x * (180.0 / math.Pi) }, nil),
		"radians": f1("radians", func(x float64) float64 { return x * (math.Pi / 180.0) }, nil),
		"gamma": f1("gamma", math.Gamma, func(x, r float64) string {
			if x <= 0 && x == math.Floor(x) || math.IsInf(x, -1) {
				return "math domain error"
			}
			return mathCheck(x, r, true)
		}),
		"lgamma": f1("lgamma", func(x float64) float64 { r, _ := math.Lgamma(x); return r }, func(x, r float64) string {
			if x <= 0 && x == math.Floor(x) {
				return "math domain error"
			}
			return mathCheck(x, r, true)
		}),
		"atan2": f2("atan2", func(y, x float64) (float64, string) { return crAtan2(y, x), "" }),
		"exp2":  f1("exp2", crExp2, nil),
		"cbrt":  f1("cbrt", crCbrt, nil),
		"copysign": f2("copysign", func(x, y float64) (float64, string) {
			return math.Copysign(x, y), ""
		}),
		"fmod": f2("fmod", func(x, y float64) (float64, string) {
			if math.IsNaN(x) || math.IsNaN(y) {
				return math.NaN(), ""
			}
			if math.IsInf(x, 0) || y == 0 {
				return 0, "math domain error"
			}
			return math.Mod(x, y), ""
		}),
		"pow":       f2("pow", mathPow),
		"remainder": f2("remainder", func(x, y float64) (float64, string) { return math.Remainder(x, y), "" }),
		"hypot":     mathHypot,
		"isnan":     mathPred("isnan", math.IsNaN),
		"isinf":     mathPred("isinf", func(x float64) bool { return math.IsInf(x, 0) }),
		"isfinite":  mathPred("isfinite", func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }),
		"floor":     mathRound("floor", "__floor__", math.Floor),
		"ceil":      mathRound("ceil", "__ceil__", math.Ceil),
		"trunc":     mathTrunc,
		"log":       mathLog,
		"factorial": mathFactorial,
		"isqrt":     mathIsqrt,
		"gcd":       mathGcdLcm("gcd", false),
		"lcm":       mathGcdLcm("lcm", true),
		"comb":      mathCombPerm("comb"),
		"perm":      mathCombPerm("perm"),
		"prod":      mathProd,
		"fsum":      mathFsum,
		"isclose":   mathIsClose,
		"modf":      mathModf,
		"frexp":     mathFrexp,
		"ldexp":     mathLdexp,
		"dist":      mathDist,
	}
	m := newModule("math", funcs)
	for name, fn := range float1 {
		v, _ := m.Dict.GetStr(name)
		b := v.(*Builtin)
		b.Float1, b.IntArgs = fn, true
	}
	m.Dict.SetStr("pi", Float(math.Pi))
	m.Dict.SetStr("e", Float(math.E))
	m.Dict.SetStr("tau", Float(2*math.Pi))
	m.Dict.SetStr("inf", Float(math.Inf(1)))
	m.Dict.SetStr("nan", Float(math.NaN()))
	return m
}

func (vm *VM) mathError(msg string) error {
	if msg == "math range error" {
		return vm.NewError(OverflowErrorType, "%s", msg)
	}
	return vm.NewError(ValueErrorType, "%s", msg)
}

// mathCheck is CPython's is_error for math_1: a NaN from a non-NaN
// argument is a domain error, an infinity from a finite one a range error.
func mathCheck(x, r float64, canOverflow bool) string {
	if math.IsNaN(r) && !math.IsNaN(x) {
		return "math domain error"
	}
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsNaN(x) {
		if canOverflow {
			return "math range error"
		}
		return "math domain error"
	}
	return ""
}

func mathPow(x, y float64) (float64, string) {
	if math.IsNaN(x) || math.IsNaN(y) {
		if y == 0 || x == 1 {
			return 1, ""
		}
		return math.NaN(), ""
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.Pow(x, y), ""
	}
	if x == 0 && y < 0 {
		return 0, "math domain error"
	}
	if x < 0 && y != math.Floor(y) {
		return 0, "math domain error"
	}
	if r, ok := FastPow(x, y); ok {
		return r, ""
	}
	r := CRPow(x, y)
	if math.IsInf(r, 0) {
		return 0, "math range error"
	}
	return r, ""
}

func mathPred(name string, fn func(float64) bool) BuiltinFunc {
	qual := "math." + name // for messages; built once, not per call
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg(qual, args, kw); err != nil {
			return nil, err
		}
		x, err := vm.FloatArg(args[0])
		if err != nil {
			return nil, err
		}
		return Bool(fn(x)), nil
	}
}

// mathRound is floor/ceil: ints unchanged, __floor__/__ceil__, floats
// rounded to an int.
func mathRound(name, dunder string, fn func(float64) float64) BuiltinFunc {
	qual := "math." + name // for messages; built once, not per call
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg(qual, args, kw); err != nil {
			return nil, err
		}
		switch x := args[0].(type) {
		case Int, *BigInt:
			return x, nil
		case Bool:
			if x {
				return Int(1), nil
			}
			return Int(0), nil
		case *Instance:
			if r, ok, err := vm.callSpecial(x, dunder); ok {
				return r, err
			}
		}
		f, err := vm.FloatArg(args[0])
		if err != nil {
			return nil, err
		}
		return vm.ToInt(Float(fn(f)))
	}
}

func mathTrunc(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.oneArg("math.trunc", args, kw); err != nil {
		return nil, err
	}
	switch x := args[0].(type) {
	case Int, *BigInt:
		return x, nil
	case Bool:
		return vm.ToInt(x)
	case Float:
		return vm.ToInt(x)
	}
	if r, ok, err := vm.callSpecial(args[0], "__trunc__"); ok {
		return r, err
	}
	return nil, vm.NewError(TypeErrorType, "type %s doesn't define __trunc__ method", TypeOf(args[0]).Name)
}

// mathLogOf is the logarithm of x in base 0 (e), 2 or 10, exact for huge
// ints.
func (vm *VM) mathLogOf(x Value, base int) (float64, error) {
	var b *big.Int
	switch v := x.(type) {
	case *BigInt:
		b = &v.V
	case *Instance:
		if r, err := vm.IndexValue(v); err == nil {
			if bi, ok := r.(*BigInt); ok {
				b = &bi.V
			}
		}
	}
	if b != nil {
		if b.Sign() <= 0 {
			return 0, vm.mathError("math domain error")
		}
		// As CPython's loghelper: the int as the nearest float when it
		// has one, else x = m * 2**e with m its 53-bit mantissa in
		// [0.5, 1), and log(x) = log(m) + log(2) * e.
		m := new(big.Float).SetPrec(53).SetMode(big.ToNearestEven).SetInt(b)
		if f, _ := m.Float64(); !math.IsInf(f, 0) {
			return crLogBase(f, base), nil
		}
		e := m.MantExp(m)
		mf, _ := m.Float64()
		return crLogBase(mf, base) + crLogBase(2, base)*float64(e), nil
	}
	f, err := vm.FloatArg(x)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) {
		return f, nil
	}
	if f <= 0 {
		return 0, vm.mathError("math domain error")
	}
	return crLogBase(f, base), nil
}

func (vm *VM) mathLogFunc(name string, base int) BuiltinFunc {
	qual := "math." + name // for messages; built once, not per call
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.oneArg(qual, args, kw); err != nil {
			return nil, err
		}
		r, err := vm.mathLogOf(args[0], base)
		if err != nil {
			return nil, err
		}
		return Float(r), nil
	}
}

func mathLog(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.noKwargs("log", kw); err != nil {
		return nil, err
	}
	if err := vm.checkArgs("log", len(args), 1, 2); err != nil {
		return nil, err
	}
	num, err := vm.mathLogOf(args[0], 0)
	if err != nil {
		return nil, err
	}
	if len(args) == 1 {
		return Float(num), nil
	}
	den, err := vm.mathLogOf(args[1], 0)
	if err != nil {
		return nil, err
	}
	if den == 0 {
		return nil, vm.NewError(ZeroDivisionErrorType, "float division by zero")
	}
	return Float(num / den), nil
}

func mathHypot(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.noKwargs("math.hypot", kw); err != nil {
		return nil, err
	}
	vals := make([]float64, len(args))
	for i, a := range args {
		f, err := vm.FloatArg(a)
		if err != nil {
			return nil, err
		}
		vals[i] = f
	}
	return Float(vectorNorm(vals)), nil
}

// vectorNorm is CPython's vector_norm: an accurately rounded Euclidean
// norm (lossless scaling and squaring, compensated summation and one
// correction step), used by hypot and dist.
func vectorNorm(vec []float64) float64 {
	max, nan := 0.0, false
	for i, x := range vec {
		x = math.Abs(x)
		vec[i] = x
		if math.IsNaN(x) {
			nan = true
		}
		if x > max {
			max = x
		}
	}
	if math.IsInf(max, 1) {
		return max
	}
	if nan {
		return math.NaN()
	}
	return vectorNormScaled(vec, max)
}

func vectorNormScaled(vec []float64, max float64) float64 {
	n := len(vec)
	if max == 0 || n <= 1 {
		return max
	}
	_, maxE := math.Frexp(max)
	if maxE < -1023 {
		const dblMin = 2.2250738585072014e-308
		for i := range vec {
			vec[i] /= dblMin
		}
		return dblMin * vectorNormScaled(vec, max/dblMin)
	}
	scale := math.Ldexp(1.0, -maxE)
	csum, frac1, frac2 := 1.0, 0.0, 0.0
	for _, x := range vec {
		x *= scale
		prHi := x * x
		prLo := math.FMA(x, x, -prHi)
		smHi := csum + prHi
		smLo := (csum - smHi) + prHi
		csum = smHi
		frac1 += prLo
		frac2 += smLo
	}
	h := math.Sqrt(csum - 1.0 + (frac1 + frac2))
	prHi := -h * h
	prLo := math.FMA(-h, h, -prHi)
	smHi := csum + prHi
	smLo := (csum - smHi) + prHi
	csum = smHi
	frac1 += prLo
	frac2 += smLo
	x := csum - 1.0 + (frac1 + frac2)
	h += x / (2.0 * h)
	return h / scale
}

func mathFactorial(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.oneArg("math.factorial", args, kw); err != nil {
		return nil, err
	}
	if _, isF := args[0].(Float); isF {
		return nil, vm.NewError(TypeErrorType, "'float' object cannot be interpreted as an integer")
	}
	v, err := vm.IndexValue(args[0])
	if err != nil {
		return nil, err
	}
	n, ok := v.(Int)
	if !ok {
		if v.(*BigInt).V.Sign() < 0 {
			return nil, vm.NewError(ValueErrorType, "factorial() not defined for negative values")
		}
		return nil, vm.NewError(OverflowErrorType, "factorial() argument should not exceed %d", int64(math.MaxInt64))
	}
	if n < 0 {
		return nil, vm.NewError(ValueErrorType, "factorial() not defined for negative values")
	}
	if n <= 20 {
		r := int64(1)
		for i := int64(2); i <= int64(n); i++ {
			r *= i
		}
		return Int(r), nil
	}
	lg, _ := math.Lgamma(float64(n) + 1)
	if err := vm.numCheckBits(lg / math.Ln2); err != nil {
		return nil, err
	}
	r := new(big.Int).MulRange(1, int64(n))
	return numNorm(&BigInt{V: *r}), nil
}

func mathIsqrt(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.oneArg("math.isqrt", args, kw); err != nil {
		return nil, err
	}
	v, err := vm.IndexValue(args[0])
	if err != nil {
		return nil, err
	}
	b := numToBig(v)
	if b.Sign() < 0 {
		return nil, vm.NewError(ValueErrorType, "isqrt() argument must be nonnegative")
	}
	r := new(big.Int).Sqrt(b)
	return numNorm(&BigInt{V: *r}), nil
}

func mathGcdLcm(name string, lcm bool) BuiltinFunc {
	qual := "math." + name // for messages; built once, not per call
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs(qual, kw); err != nil {
			return nil, err
		}
		acc := big.NewInt(0)
		if lcm {
			acc.SetInt64(1)
		}
		for _, a := range args {
			v, err := vm.IndexValue(a)
			if err != nil {
				return nil, err
			}
			b := new(big.Int).Abs(numToBig(v))
			if lcm {
				if acc.Sign() == 0 || b.Sign() == 0 {
					acc.SetInt64(0)
					continue
				}
				g := new(big.Int).GCD(nil, nil, acc, b)
				acc.Mul(acc, new(big.Int).Quo(b, g))
				if err := vm.numCheckBits(float64(acc.BitLen())); err != nil {
					return nil, err
				}
			} else {
				acc.GCD(nil, nil, acc, b)
			}
		}
		return numNorm(&BigInt{V: *acc}), nil
	}
}

func mathCombPerm(name string) BuiltinFunc {
	qual := "math." + name // for messages; built once, not per call
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs(qual, kw); err != nil {
			return nil, err
		}
		min := 2
		if name == "perm" {
			min = 1
		}
		if err := vm.checkArgs(name, len(args), min, 2); err != nil {
			return nil, err
		}
		nv, err := vm.IndexValue(args[0])
		if err != nil {
			return nil, err
		}
		n := numToBig(nv)
		var k *big.Int
		if len(args) == 2 && args[1] != None {
			kv, err := vm.IndexValue(args[1])
			if err != nil {
				return nil, err
			}
			k = numToBig(kv)
		} else {
			k = new(big.Int).Set(n)
		}
		if n.Sign() < 0 {
			return nil, vm.NewError(ValueErrorType, "n must be a non-negative integer")
		}
		if k.Sign() < 0 {
			return nil, vm.NewError(ValueErrorType, "k must be a non-negative integer")
		}
		if k.Cmp(n) > 0 {
			return Int(0), nil
		}
		if !n.IsInt64() {
			return nil, vm.NewError(OverflowErrorType, "n must not exceed %d", int64(math.MaxInt64))
		}
		ni, ki := n.Int64(), k.Int64()
		// Refuse a result certainly past the size cap before computing it:
		// comb(10**6, 5*10**5) has 300,000 digits and took minutes.
		if est := combPermBits(name == "comb", ni, ki); est > maxIntBits*1.01+64 {
			return nil, vm.numCheckBits(est)
		}
		var r *big.Int
		if name == "comb" {
			if ki > ni-ki {
				ki = ni - ki
			}
			r = new(big.Int).Binomial(ni, ki)
		} else {
			if ki == 0 {
				return Int(1), nil
			}
			r = new(big.Int).MulRange(ni-ki+1, ni)
		}
		if err := vm.numCheckBits(float64(r.BitLen())); err != nil {
			return nil, err
		}
		return numNorm(&BigInt{V: *r}), nil
	}
}

// combPermBits estimates the bit length of comb(n, k) or perm(n, k)
// (0 <= k <= n) from the log-gamma function; float rounding makes it
// approximate, so callers leave a margin.
func combPermBits(comb bool, n, k int64) float64 {
	lg := func(x int64) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	nats := lg(n) - lg(n-k)
	if comb {
		nats -= lg(k)
	}
	return nats / math.Ln2
}

func mathProd(vm *VM, args []Value, kw []string) (Value, error) {
	a, err := vm.parseArgs("prod", args, kw, []string{"iterable", "start"}, 1, 1)
	if err != nil {
		return nil, err
	}
	acc := a[1]
	if acc == nil {
		acc = Int(1)
	}
	items, err := vm.Collect(a[0])
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if acc, err = vm.BinaryOp(bytecode.OpMul, acc, it); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// mathFsum is an exactly rounded sum (Shewchuk's algorithm, as CPython).
func mathFsum(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.oneArg("math.fsum", args, kw); err != nil {
		return nil, err
	}
	items, err := vm.Collect(args[0])
	if err != nil {
		return nil, err
	}
	var partials []float64
	special := 0.0
	infSum := 0.0
	for _, it := range items {
		x, err := vm.FloatArg(it)
		if err != nil {
			return nil, err
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			special += x
			infSum += x
			continue
		}
		i := 0
		for _, y := range partials {
			if math.Abs(x) < math.Abs(y) {
				x, y = y, x
			}
			hi := x + y
			lo := y - (hi - x)
			if lo != 0 {
				partials[i] = lo
				i++
			}
			x = hi
		}
		partials = append(partials[:i], x)
	}
	if special != 0 || math.IsNaN(special) {
		if math.IsNaN(infSum) {
			return nil, vm.NewError(ValueErrorType, "-inf + inf in fsum")
		}
		return Float(special), nil
	}
	hi := 0.0
	n := len(partials)
	if n > 0 {
		n--
		hi = partials[n]
		lo := 0.0
		for n > 0 {
			x := hi
			n--
			y := partials[n]
			hi = x + y
			yr := hi - x
			lo = y - yr
			if lo != 0 {
				break
			}
		}
		if n > 0 && ((lo < 0 && partials[n-1] < 0) || (lo > 0 && partials[n-1] > 0)) {
			y := lo * 2
			x := hi + y
			yr := x - hi
			if y == yr {
				hi = x
			}
		}
	}
	return Float(hi), nil
}

func mathIsClose(vm *VM, args []Value, kw []string) (Value, error) {
	a, err := vm.parseArgs("isclose", args, kw, []string{"a", "b", "rel_tol", "abs_tol"}, 2, 2)
	if err != nil {
		return nil, err
	}
	x, err := vm.FloatArg(a[0])
	if err != nil {
		return nil, err
	}
	y, err := vm.FloatArg(a[1])
	if err != nil {
		return nil, err
	}
	rel, abs := 1e-9, 0.0
	if a[2] != nil {
		if rel, err = vm.FloatArg(a[2]); err != nil {
			return nil, err
		}
	}
	if a[3] != nil {
		if abs, err = vm.FloatArg(a[3]); err != nil {
			return nil, err
		}
	}
	if rel < 0 || abs < 0 {
		return nil, vm.NewError(ValueErrorType, "tolerances must be non-negative")
	}
	if x == y {
		return Bool(true), nil
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return Bool(false), nil
	}
	d := math.Abs(y - x)
	return Bool(d <= math.Abs(rel*y) || d <= math.Abs(rel*x) || d <= abs), nil
}

func mathModf(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.oneArg("math.modf", args, kw); err != nil {
		return nil, err
	}
	x, err := vm.FloatArg(args[0])
	if err != nil {
		return nil, err
	}
	if math.IsInf(x, 0) {
		return tupleOf(Float(math.Copysign(0, x)), Float(x)), nil
	}
	i, f := math.Modf(x)
	return tupleOf(Float(f), Float(i)), nil
}

func mathFrexp(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.oneArg("math.frexp", args, kw); err != nil {
		return nil, err
	}
	x, err := vm.FloatArg(args[0])
	if err != nil {
		return nil, err
	}
	m, e := math.Frexp(x)
	return tupleOf(Float(m), Int(e)), nil
}

func mathLdexp(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.noKwargs("math.ldexp", kw); err != nil {
		return nil, err
	}
	if err := vm.checkArgs("ldexp", len(args), 2, 2); err != nil {
		return nil, err
	}
	x, err := vm.FloatArg(args[0])
	if err != nil {
		return nil, err
	}
	if _, isF := args[1].(Float); isF {
		return nil, vm.NewError(TypeErrorType, "Expected an int as second argument to ldexp.")
	}
	e, err := vm.numIndexClamped(args[1])
	if err != nil {
		return nil, err
	}
	if e > 1<<20 {
		e = 1 << 20
	} else if e < -(1 << 20) {
		e = -(1 << 20)
	}
	r := math.Ldexp(x, int(e))
	if math.IsInf(r, 0) && !math.IsInf(x, 0) {
		return nil, vm.mathError("math range error")
	}
	return Float(r), nil
}

func mathDist(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.noKwargs("math.dist", kw); err != nil {
		return nil, err
	}
	if err := vm.checkArgs("dist", len(args), 2, 2); err != nil {
		return nil, err
	}
	p, err := vm.Collect(args[0])
	if err != nil {
		return nil, err
	}
	q, err := vm.Collect(args[1])
	if err != nil {
		return nil, err
	}
	if len(p) != len(q) {
		return nil, vm.NewError(ValueErrorType, "both points must have the same number of dimensions")
	}
	diffs := make([]float64, len(p))
	for i := range p {
		x, err := vm.FloatArg(p[i])
		if err != nil {
			return nil, err
		}
		y, err := vm.FloatArg(q[i])
		if err != nil {
			return nil, err
		}
		diffs[i] = x - y
	}
	return Float(vectorNorm(diffs)), nil
}
