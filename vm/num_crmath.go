package vm

// num_crmath.go: correctly rounded pow, exp and log. CPython calls the C
// library (glibc's are correctly rounded in practice); Go's math.Pow can be
// off by an ulp or more (1.1**10, 3**-2.5), which shows in repr. These
// compute in big.Float with ample precision and round once.

import (
	"math"
	"math/big"
	"sync"
)

const crPrec = 192

var (
	crLn2Once sync.Once
	crLn2Val  *big.Float
)

func crNew() *big.Float { return new(big.Float).SetPrec(crPrec) }

// crAtanhSeries is atanh(z) for small |z| (z = (m-1)/(m+1)).
func crAtanhSeries(z *big.Float) *big.Float {
	sum := crNew().Set(z)
	z2 := crNew().Mul(z, z)
	term := crNew().Set(z)
	tmp := crNew()
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -crPrec-8)
	for k := int64(3); ; k += 2 {
		term.Mul(term, z2)
		tmp.Quo(term, crNew().SetInt64(k))
		sum.Add(sum, tmp)
		if new(big.Float).Abs(tmp).Cmp(eps) < 0 {
			break
		}
	}
	return sum
}

func crLn2() *big.Float {
	crLn2Once.Do(func() {
		third := crNew().Quo(crNew().SetInt64(1), crNew().SetInt64(3))
		v := crAtanhSeries(third)
		crLn2Val = v.Mul(v, crNew().SetInt64(2))
	})
	return crLn2Val
}

// crLogBig is ln(x) for x > 0 (finite).
func crLogBig(x *big.Float) *big.Float {
	m := crNew()
	e := x.MantExp(m) // x = m * 2**e, 0.5 <= m < 1
	if m.Cmp(big.NewFloat(math.Sqrt2/2)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	one := crNew().SetInt64(1)
	num := crNew().Sub(m, one)
	den := crNew().Add(m, one)
	z := crNew().Quo(num, den)
	r := crAtanhSeries(z)
	r.Mul(r, crNew().SetInt64(2))
	if e != 0 {
		t := crNew().Mul(crLn2(), crNew().SetInt64(int64(e)))
		r.Add(r, t)
	}
	return r
}

// crExpBig is e**t; ok is false when |t| is far outside the float range.
func crExpBig(t *big.Float) (*big.Float, bool) {
	tf, _ := t.Float64()
	if tf > 1000 || tf < -1000 {
		return nil, false
	}
	k := math.Round(tf / math.Ln2)
	r := crNew().Sub(t, crNew().Mul(crLn2(), crNew().SetInt64(int64(k))))
	const halvings = 12
	r.SetMantExp(r, -halvings)
	// Taylor series of e**r for tiny r.
	sum := crNew().SetInt64(1)
	term := crNew().SetInt64(1)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -crPrec-8)
	for n := int64(1); ; n++ {
		term.Mul(term, r)
		term.Quo(term, crNew().SetInt64(n))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for i := 0; i < halvings; i++ {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(k)), true
}

// crFloat rounds a big.Float to the nearest float64 (denormals included).
func crFloat(x *big.Float) float64 {
	f, _ := x.Float64()
	return f
}

// crPow is x**y for finite x > 0, x != 1, finite y != 0, correctly
// rounded (overflow gives +Inf, underflow 0).
func crPow(x, y float64) float64 {
	switch y {
	case 1:
		return x
	case 2:
		return x * x
	case -1:
		return 1 / x
	case 0.5:
		return math.Sqrt(x)
	}
	if r, ok := fastPowHalf(x, y); ok { // perf_pow.go
		return r
	}
	bx := new(big.Float).SetFloat64(x)
	if y == math.Trunc(y) && math.Abs(y) <= 2048 {
		n := int(math.Abs(y))
		// x**n exactly (53*n bits), then one rounding.
		prec := uint(53*n + 64)
		r := new(big.Float).SetPrec(prec).SetInt64(1)
		b := new(big.Float).SetPrec(prec).Set(bx)
		for n > 0 {
			if n&1 == 1 {
				r.Mul(r, b)
			}
			n >>= 1
			if n > 0 {
				b.Mul(b, b)
			}
		}
		if y < 0 {
			q := crNew().Quo(crNew().SetInt64(1), r)
			return crFloat(q)
		}
		return crFloat(r)
	}
	t := crLogBig(bx)
	t.Mul(t, new(big.Float).SetFloat64(y))
	e, ok := crExpBig(t)
	if !ok {
		if t.Sign() > 0 {
			return math.Inf(1)
		}
		return 0
	}
	return crFloat(e)
}

// CRExp is a correctly rounded math.exp for the math module (NaN and
// infinities as C's exp; overflow gives +Inf for the caller to report).
func CRExp(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return 0
	case x == 0:
		return 1
	}
	e, ok := crExpBig(new(big.Float).SetFloat64(x))
	if !ok {
		if x > 0 {
			return math.Inf(1)
		}
		return 0
	}
	return crFloat(e)
}

// CRLog is a correctly rounded natural log for x > 0 finite (the caller
// handles domain errors); other inputs as math.Log.
func CRLog(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		return math.Log(x)
	}
	if x == 1 {
		return 0
	}
	return crFloat(crLogBig(new(big.Float).SetFloat64(x)))
}

// CRPow is a correctly rounded C pow for finite positive x and finite y
// (the math module's math.pow can use it after its special cases).
func CRPow(x, y float64) float64 {
	if x > 0 && !math.IsInf(x, 0) && !math.IsInf(y, 0) && !math.IsNaN(y) && x != 1 && y != 0 {
		return crPow(x, y)
	}
	return math.Pow(x, y)
}
