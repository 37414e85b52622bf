package vm

// perf_pow.go: a fast path for correctly rounded x**y when 2*y is a small
// integer (x**2, x**-1.5, x**3, ...). crPow computes in big.Float, which
// costs tens of microseconds; here the power is computed in double-double
// arithmetic (about 100 correct bits) and rounded once. When the
// double-double value lies too close to a rounding boundary to decide the
// correctly rounded result, ok is false and the caller falls back to
// big.Float, so the answer is always the correctly rounded one.

import "math"

// powDD is an unevaluated sum hi+lo with |lo| <= ulp(hi)/2.
type powDD struct{ hi, lo float64 }

func powTwoSum(a, b float64) powDD {
	s := a + b
	bb := s - a
	e := (a - (s - bb)) + (b - bb)
	return powDD{s, e}
}

func powFastTwoSum(a, b float64) powDD {
	s := a + b
	return powDD{s, b - (s - a)}
}

func powMul(a, b powDD) powDD {
	p := a.hi * b.hi
	e := math.FMA(a.hi, b.hi, -p)
	e += a.hi*b.lo + a.lo*b.hi
	return powFastTwoSum(p, e)
}

// powRecip is 1/a.
func powRecip(a powDD) powDD {
	q1 := 1 / a.hi
	// r = 1 - q1*a, computed exactly enough with FMA.
	r := math.FMA(-q1, a.hi, 1) - q1*a.lo
	q2 := r / a.hi
	return powFastTwoSum(q1, q2)
}

// powSqrt is sqrt(a) for a > 0.
func powSqrt(a powDD) powDD {
	s := math.Sqrt(a.hi)
	r := math.FMA(-s, s, a.hi) + a.lo
	return powFastTwoSum(s, r/(2*s))
}

// fastPowHalf returns x**y for finite x > 0 and y = n/2 with 1 <= |n| <=
// 128, correctly rounded, or ok=false when it cannot decide.
func fastPowHalf(x, y float64) (float64, bool) {
	n2 := y * 2
	if n2 != math.Trunc(n2) || n2 == 0 || math.Abs(n2) > 128 || !(x > 0) || math.IsInf(x, 0) {
		return 0, false
	}
	n := int(math.Abs(n2))
	half := n&1 == 1
	k := n / 2 // x**k, then times sqrt(x) when half
	r := powDD{1, 0}
	b := powDD{x, 0}
	const big, small = 0x1p900, 0x1p-900
	for first := true; k > 0; {
		if k&1 == 1 {
			if first {
				r, first = b, false // 1*b, exactly, without the product
			} else {
				r = powMul(r, b)
			}
		}
		k >>= 1
		if k > 0 {
			b = powMul(b, b)
			if b.hi > big || b.hi < small {
				return 0, false
			}
		}
		if r.hi > big || r.hi < small {
			return 0, false
		}
	}
	if half {
		r = powMul(r, powSqrt(powDD{x, 0}))
		if r.hi > big || r.hi < small {
			return 0, false
		}
	}
	if n2 < 0 {
		r = powRecip(r)
	}
	hi, lo := r.hi, r.lo
	if !(hi > 0x1p-1000 && hi < 0x1p1000) {
		return 0, false
	}
	// The true value is within about 2^-98 relative of hi+lo (each of the
	// at most 16 double-double operations loses a few units in 2^-106).
	// hi is the correctly rounded result when hi+lo stays farther than
	// that from the midpoints between hi and its neighbours.
	// hi is positive and normal, so its neighbours are a unit of its
	// bits away (math.Nextafter's general cases cost a call).
	margin := hi * 0x1p-90
	bits := math.Float64bits(hi)
	if lo >= 0 {
		up := math.Float64frombits(bits+1) - hi
		if up/2-lo > margin {
			return hi, true
		}
	} else {
		down := hi - math.Float64frombits(bits-1)
		if down/2+lo > margin {
			return hi, true
		}
	}
	return 0, false
}
