package vm

// mod_math_dd.go: fast paths of the correctly rounded math functions.
// They evaluate in double-double arithmetic (about 104 bits) and return
// the rounded result when the error bound proves the rounding right
// (Ziv's strategy); otherwise (about once in 2**40 calls, and in edge
// ranges) the big.Float versions in mod_math_cr.go decide. A call costs
// well under a microsecond instead of tens.

import (
	"math"
	"math/big"
	"sync"
)

type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func fastTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func ddAdd(a, b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = fastTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return fastTwoSum(s.hi, s.lo)
}

func ddNeg(a dd) dd { return dd{-a.hi, -a.lo} }

func ddSub(a, b dd) dd { return ddAdd(a, ddNeg(b)) }

func ddMul(a, b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += a.hi*b.lo + a.lo*b.hi
	return fastTwoSum(p.hi, p.lo)
}

func ddMulF(a dd, b float64) dd {
	p := twoProd(a.hi, b)
	p.lo += a.lo * b
	return fastTwoSum(p.hi, p.lo)
}

func ddDiv(a, b dd) dd {
	q1 := a.hi / b.hi
	r := ddSub(a, ddMulF(b, q1))
	q2 := r.hi / b.hi
	r = ddSub(r, ddMulF(b, q2))
	q3 := r.hi / b.hi
	return ddAdd(fastTwoSum(q1, q2), dd{q3, 0})
}

// ddFromBig splits a big.Float into a double-double.
func ddFromBig(b *big.Float) dd {
	hi, _ := b.Float64()
	rest := new(big.Float).SetPrec(b.Prec()).Sub(b, new(big.Float).SetFloat64(hi))
	lo, _ := rest.Float64()
	return dd{hi, lo}
}

// splitBig returns n float64 pieces of b whose leading ones have at most
// bits significant bits (so that small multiples are exact).
func splitBig(b *big.Float, n int, bits uint) []float64 {
	out := make([]float64, n)
	rest := new(big.Float).SetPrec(2000).Set(b)
	for i := 0; i < n; i++ {
		p := new(big.Float).SetPrec(bits).Set(rest)
		if i == n-1 {
			p.SetPrec(53)
		}
		out[i], _ = p.Float64()
		rest.Sub(rest, new(big.Float).SetFloat64(out[i]))
	}
	return out
}

var (
	ddOnce     sync.Once
	ddLn2      dd
	ddLn2Parts []float64 // ln2 in three pieces, the first two of 32 bits
	ddInvLn2   dd
	ddExpTab   [129]dd // exp(j/64) for j in [-64, 64]
	ddInvFact  [20]dd  // 1/n!
	ddPio2     []float64
	ddSinTab   [33]dd // sin(j/32), j in [0, 32]
	ddCosTab   [33]dd
	ddInvOdd   [22]dd // 1/n
)

func ddInit() {
	ddOnce.Do(func() {
		mcrConsts()
		ddLn2 = ddFromBig(mcrLn2)
		ddLn2Parts = splitBig(mcrLn2, 3, 32)
		ddInvLn2 = ddFromBig(mcrNew().Quo(mcrInt(1), mcrLn2))
		for j := -64; j <= 64; j++ {
			e, _ := mcrExp(mcrNew().Quo(mcrInt(int64(j)), mcrInt(64)))
			ddExpTab[j+64] = ddFromBig(e)
		}
		f := mcrInt(1)
		for n := 0; n < len(ddInvFact); n++ {
			if n > 0 {
				f.Mul(f, mcrInt(int64(n)))
			}
			ddInvFact[n] = ddFromBig(mcrNew().Quo(mcrInt(1), f))
		}
		halfPi := new(big.Float).SetPrec(mcrPiPrec).SetMantExp(mcrPiBig, -1)
		ddPio2 = splitBig(halfPi, 4, 33)
		for n := 1; n < len(ddInvOdd); n++ {
			ddInvOdd[n] = ddFromBig(mcrNew().Quo(mcrInt(1), mcrInt(int64(n))))
		}
		for j := 0; j <= 32; j++ {
			s, c := mcrSinCosSeries(mcrNew().Quo(mcrInt(int64(j)), mcrInt(32)))
			ddSinTab[j] = ddFromBig(s)
			ddCosTab[j] = ddFromBig(c)
		}
	})
}

// ddRound returns the float64 nearest to v when every value within eps
// (absolute) of v rounds to it; ok is false otherwise.
func ddRound(v dd, eps float64) (float64, bool) {
	v = fastTwoSum(v.hi, v.lo)
	lo := v.hi + (v.lo - eps)
	hi := v.hi + (v.lo + eps)
	if lo != hi || math.IsInf(v.hi, 0) || math.IsNaN(v.hi) {
		return 0, false
	}
	return lo, true
}

// ddExpCore is exp(x) for |x| < 709.7 as a double-double scaled by
// 2**k (the caller applies the scale); relative error about 2**-100.
func ddExpCore(x dd) (dd, int) {
	ddInit()
	k := math.Round(x.hi * ddInvLn2.hi)
	// r = x - k ln2, with k*ln2 in exact pieces.
	r := ddAdd(x, dd{-k * ddLn2Parts[0], 0})
	r = ddSub(r, dd{k * ddLn2Parts[1], 0})
	r = ddSub(r, twoProd(k, ddLn2Parts[2]))
	j := math.Round(r.hi * 64)
	s := ddAdd(r, dd{-j / 64, 0})
	// exp(s), |s| <= 1/128: Taylor to s^12/12!.
	p := ddInvFact[12]
	for n := 11; n >= 0; n-- {
		p = ddAdd(ddMul(p, s), ddInvFact[n])
	}
	return ddMul(ddExpTab[int(j)+64], p), int(k)
}

// fastExp is a correctly rounded exp(x); ok false defers to the slow path.
func fastExp(x float64) (float64, bool) {
	if !(x > -700 && x < 709) {
		return 0, false
	}
	v, k := ddExpCore(dd{x, 0})
	r, ok := ddRound(v, math.Abs(v.hi)*0x1p-95)
	if !ok {
		return 0, false
	}
	return math.Ldexp(r, k), true
}

// ddLog is log(x) for a normal positive x as a double-double (absolute
// error about 2**-100 times max(1, |log x|)); ok false near x = 1 where
// the relative error would be too large.
func ddLog(x float64) (dd, bool) {
	ddInit()
	if u := x - 1; math.Abs(u) < 1.0/16 {
		if u == 0 {
			return dd{}, true
		}
		// log(1+u) = 2 atanh(u / (2 + u)); u is exact.
		z := ddDiv(dd{u, 0}, twoSum(2, u))
		z2 := ddMul(z, z)
		sum := dd{}
		for n := 21; n >= 1; n -= 2 {
			sum = ddAdd(ddMul(sum, z2), ddInvOdd[n])
		}
		r := ddMul(sum, z)
		return dd{2 * r.hi, 2 * r.lo}, true
	}
	y0 := math.Log(x)
	e, k := ddExpCore(dd{-y0, 0})
	e = dd{math.Ldexp(e.hi, k), math.Ldexp(e.lo, k)}
	t := ddAdd(ddMulF(e, x), dd{-1, 0})
	// log(1+t) = t - t^2/2 for |t| ~ 2**-52.
	t = ddSub(t, dd{t.hi * t.hi / 2, 0})
	return ddAdd(dd{y0, 0}, t), true
}

func fastLog(x float64, base int) (float64, bool) {
	if !(x > 0x1p-1000 && x < 0x1p1000) {
		return 0, false
	}
	v, ok := ddLog(x)
	if !ok {
		return 0, false
	}
	switch base {
	case 2:
		v = ddMul(v, ddInvLn2)
	case 10:
		return 0, false
	}
	return ddRound(v, math.Max(math.Abs(v.hi)*0x1p-95, 0x1p-150))
}

// ddSinCos returns sin and cos of x (|x| < 2**20) as double-doubles with
// absolute error about 2**-100.
func ddSinCos(x float64) (dd, dd, bool) {
	return ddSinCosWith(x, ddSinCosSeries)
}

// ddTrigArg is x reduced for the trig functions: x = k pi/2 + r, and
// |r| = j/32 + s with |s| <= 1/64 (exactly to about 2**-100); neg is set
// when r < 0. ok is false for |x| >= 2**20.
type ddTrigArg struct {
	s   dd
	k   int64
	j   int
	neg bool
}

func ddTrigReduce(x float64) (a ddTrigArg, ok bool) {
	ddInit()
	if !(math.Abs(x) < 0x1p20) {
		return a, false
	}
	k := math.Round(x * (2 / math.Pi))
	r := ddAdd(dd{x, 0}, dd{-k * ddPio2[0], 0})
	r = ddSub(r, dd{k * ddPio2[1], 0})
	r = ddSub(r, dd{k * ddPio2[2], 0})
	r = ddSub(r, twoProd(k, ddPio2[3]))
	a.neg = r.hi < 0
	if a.neg {
		r = ddNeg(r)
	}
	j := math.Round(r.hi * 32)
	if j > 32 {
		return a, false
	}
	a.s, a.k, a.j = ddAdd(r, dd{-j / 32, 0}), int64(k), int(j)
	return a, true
}

// sinAbsR and cosAbsR are sin |r| and cos |r| from sin s and cos s and
// the tables.
func (a ddTrigArg) sinAbsR(sinS, cosS dd) dd {
	return ddAdd(ddMul(ddSinTab[a.j], cosS), ddMul(ddCosTab[a.j], sinS))
}

func (a ddTrigArg) cosAbsR(sinS, cosS dd) dd {
	return ddSub(ddMul(ddCosTab[a.j], cosS), ddMul(ddSinTab[a.j], sinS))
}

// ddSinCosWith is sin x and cos x, with sin s and cos s of the reduced
// argument from series: the result's absolute error is the series'.
func ddSinCosWith(x float64, series func(s dd) (dd, dd)) (dd, dd, bool) {
	a, ok := ddTrigReduce(x)
	if !ok {
		return dd{}, dd{}, false
	}
	sinS, cosS := series(a.s)
	sinR, cosR := a.sinAbsR(sinS, cosS), a.cosAbsR(sinS, cosS)
	if a.neg {
		sinR = ddNeg(sinR)
	}
	switch a.k & 3 {
	case 1:
		sinR, cosR = cosR, ddNeg(sinR)
	case 2:
		sinR, cosR = ddNeg(sinR), ddNeg(cosR)
	case 3:
		sinR, cosR = ddNeg(cosR), sinR
	}
	return sinR, cosR, true
}

// ddSinOrCosShort is sin x (wantCos false) or cos x by the short series,
// combining with the tables only the one of sin |r| and cos |r| that the
// quadrant asks for (cos x = sin(x + pi/2): the quadrant moves by one).
func ddSinOrCosShort(x float64, wantCos bool) (dd, bool) {
	a, ok := ddTrigReduce(x)
	if !ok {
		return dd{}, false
	}
	sinS, cosS := ddSinCosShort(a.s)
	q := a.k & 3
	if wantCos {
		q++
	}
	var v dd
	if q&1 == 0 {
		if v = a.sinAbsR(sinS, cosS); a.neg {
			v = ddNeg(v)
		}
	} else {
		v = a.cosAbsR(sinS, cosS)
	}
	if q&2 != 0 {
		v = ddNeg(v)
	}
	return v, true
}

// ddSinCosSeries is sin s and cos s for |s| <= 1/64 by their Taylor
// series in double-double: sin(s) = s sum (-s^2)^m / (2m+1)!,
// cos(s) = sum (-s^2)^m / (2m)!.
func ddSinCosSeries(s dd) (dd, dd) {
	t := ddNeg(ddMul(s, s))
	ps := ddInvFact[15]
	for n := 13; n >= 1; n -= 2 {
		ps = ddAdd(ddMul(ps, t), ddInvFact[n])
	}
	cosS := ddInvFact[16]
	for n := 14; n >= 0; n -= 2 {
		cosS = ddAdd(ddMul(cosS, t), ddInvFact[n])
	}
	return ddMul(ps, s), cosS
}

// ddTrigEps bounds the absolute error of ddSinCos's results.
const ddTrigEps = 0x1p-96

// ddTrigShortEps bounds the absolute error of ddSinCosShort's results,
// and so of ddSinCosWith's with it, with a factor of 4 to spare:
//   - sin s = s + s^3 P(s^2). The tail's magnitude is at most 2**-20.5,
//     and evaluated in float64 it is off by at most 8 rounding errors of
//     2**-53 relative: 2**-70.5. The terms left out are below 2**-90.
//   - cos s = 1 - s^2/2 + s^4 Q(s^2). s^2/2 is exact as a double-double;
//     the float64 tail is at most 2**-28.5, so off by at most 2**-78.5.
//   - Combining with the tables (|sin|, |cos| <= 1) adds their errors
//     and double-double roundings near 2**-104.
const ddTrigShortEps = 0x1p-68

// ddSinCosShort is ddSinCosSeries with only the leading terms in
// double-double: four times cheaper, absolute error under 2**-70.
func ddSinCosShort(s dd) (dd, dd) {
	sq := twoProd(s.hi, s.hi)
	sq.lo += 2 * s.hi * s.lo
	t := sq.hi
	// The coefficients are 1/n! rounded to float64 (ddInvFact[n].hi).
	p := -ddInvFact[11].hi
	p = p*t + ddInvFact[9].hi
	p = p*t - ddInvFact[7].hi
	p = p*t + ddInvFact[5].hi
	p = p*t - ddInvFact[3].hi
	sinS := ddAdd(s, dd{s.hi * t * p, 0})
	q := -ddInvFact[10].hi
	q = q*t + ddInvFact[8].hi
	q = q*t - ddInvFact[6].hi
	q = q*t + ddInvFact[4].hi
	cosS := ddAdd(dd{1, 0}, ddAdd(dd{-sq.hi / 2, -sq.lo / 2}, dd{t * t * q, 0}))
	return sinS, cosS
}

// fastSin and fastCos try the short series first: its result is
// accepted when its error bound still decides the rounding.
func fastSin(x float64) (float64, bool) {
	if s, ok := ddSinOrCosShort(x, false); ok {
		if r, ok := ddRound(s, ddTrigShortEps); ok {
			return r, true
		}
	}
	s, _, ok := ddSinCos(x)
	if !ok {
		return 0, false
	}
	return ddRound(s, ddTrigEps)
}

func fastCos(x float64) (float64, bool) {
	if c, ok := ddSinOrCosShort(x, true); ok {
		if r, ok := ddRound(c, ddTrigShortEps); ok {
			return r, true
		}
	}
	_, c, ok := ddSinCos(x)
	if !ok {
		return 0, false
	}
	return ddRound(c, ddTrigEps)
}

func fastTan(x float64) (float64, bool) {
	s, c, ok := ddSinCos(x)
	if !ok || math.Abs(c.hi) < 0x1p-20 {
		return 0, false
	}
	t := ddDiv(s, c)
	return ddRound(t, ddTrigEps/math.Abs(c.hi)*math.Max(1, math.Abs(t.hi))*4)
}

// fastAtan refines Go's atan by one Newton step on tan(y) = x.
func fastAtan(x float64) (float64, bool) {
	if !(math.Abs(x) < 0x1p30) || x == 0 {
		return 0, false
	}
	y0 := math.Atan(x)
	s, c, ok := ddSinCos(y0)
	if !ok {
		return 0, false
	}
	// y1 = y0 + cos(y0) * (x cos(y0) - sin(y0)).
	res := ddSub(ddMulF(c, x), s)
	y := ddAdd(dd{y0, 0}, ddMul(c, res))
	return ddRound(y, ddTrigEps*math.Max(1, math.Abs(x))*4)
}

func fastAsin(x float64) (float64, bool) {
	if !(math.Abs(x) < 0.999) || x == 0 {
		return 0, false
	}
	y0 := math.Asin(x)
	s, c, ok := ddSinCos(y0)
	if !ok {
		return 0, false
	}
	y := ddSub(dd{y0, 0}, ddDiv(ddAdd(s, dd{-x, 0}), c))
	return ddRound(y, ddTrigEps*64)
}

func fastAcos(x float64) (float64, bool) {
	if !(math.Abs(x) < 0.999) {
		return 0, false
	}
	y0 := math.Acos(x)
	s, c, ok := ddSinCos(y0)
	if !ok {
		return 0, false
	}
	y := ddAdd(dd{y0, 0}, ddDiv(ddAdd(c, dd{-x, 0}), s))
	return ddRound(y, ddTrigEps*64)
}

func fastAtan2(y, x float64) (float64, bool) {
	if x == 0 || y == 0 || math.IsInf(x, 0) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsNaN(y) {
		return 0, false
	}
	ax, ay := math.Abs(x), math.Abs(y)
	if ay > ax*0x1p30 || ax > ay*0x1p30 || ax < 0x1p-500 || ay < 0x1p-500 || ax > 0x1p500 || ay > 0x1p500 {
		return 0, false
	}
	t0 := math.Atan2(y, x)
	s, c, ok := ddSinCos(t0)
	if !ok {
		return 0, false
	}
	// g = x sin t - y cos t; g' = x cos t + y sin t.
	g := ddSub(ddMulF(s, x), ddMulF(c, y))
	gp := ddAdd(ddMulF(c, x), ddMulF(s, y))
	t := ddSub(dd{t0, 0}, ddDiv(g, gp))
	return ddRound(t, ddTrigEps*64)
}

func fastExp2(x float64) (float64, bool) {
	if !(x > -1000 && x < 1023) {
		return 0, false
	}
	ddInit()
	v, k := ddExpCore(ddMulF(ddLn2, x))
	r, ok := ddRound(v, math.Abs(v.hi)*0x1p-94)
	if !ok {
		return 0, false
	}
	return math.Ldexp(r, k), true
}

// FastPow is a correctly rounded x**y for finite x > 0 and finite y
// whose result is a normal float, computed as exp(y log x) in
// double-double; ok is false when it cannot prove the rounding (or for
// other arguments), and the caller falls back to an exact method.
func FastPow(x, y float64) (float64, bool) {
	if !(x > 0x1p-1000 && x < 0x1p1000) || math.IsInf(y, 0) || math.IsNaN(y) || y == 0 || x == 1 {
		return 0, false
	}
	l, ok := ddLog(x)
	if !ok {
		return 0, false
	}
	w := ddMulF(l, y)
	if !(w.hi > -700 && w.hi < 709) {
		return 0, false
	}
	v, k := ddExpCore(w)
	r, ok := ddRound(v, math.Abs(v.hi)*0x1p-88)
	if !ok {
		return 0, false
	}
	return math.Ldexp(r, k), true
}
