package vm

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// refPowHalf is x**(n/2) computed in big.Float with far more precision
// than needed, rounded once.
func refPowHalf(x float64, n int) float64 {
	const prec = 2000
	k := n
	if k < 0 {
		k = -k
	}
	r := new(big.Float).SetPrec(prec).SetInt64(1)
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	for i := 0; i < k/2; i++ {
		r.Mul(r, bx)
	}
	if k&1 == 1 {
		r.Mul(r, new(big.Float).SetPrec(prec).Sqrt(bx))
	}
	if n < 0 {
		r.Quo(new(big.Float).SetPrec(prec).SetInt64(1), r)
	}
	f, _ := r.Float64()
	return f
}

func TestFastPowHalf(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	decided := 0
	for i := 0; i < 20000; i++ {
		x := math.Exp(rng.NormFloat64() * 5)
		if i%3 == 0 {
			x = float64(rng.Intn(1000)+1) / 8
		}
		n := rng.Intn(21) - 10
		if n == 0 {
			continue
		}
		got, ok := fastPowHalf(x, float64(n)/2)
		if !ok {
			continue
		}
		decided++
		if want := refPowHalf(x, n); got != want {
			t.Fatalf("%v ** %v = %v, want %v", x, float64(n)/2, got, want)
		}
	}
	if decided < 15000 {
		t.Errorf("fast path decided only %d cases", decided)
	}
}
