package vm

import (
	"math"
	"math/rand"
	"testing"
)

// TestFixedPointFastPath: floatFormatShort's 'f' without flags (strconv)
// lays out the digits as the general path (CPython's layout of dtoa's
// digits) does, over magnitudes from tiny to huge, both signs and zeros,
// precisions 0 to 20, and halfway cases.
func TestFixedPointFastPath(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	xs := []float64{0, math.Copysign(0, -1), 0.5, 1.5, 2.5, -0.5, 0.125, 0.375, 1e300, -1e300,
		5e-324, 0.001, -0.001, 0.005, 0.015, 0.025, 1.005, 123456789.125, 1e22, 1e23}
	for i := 0; i < 20000; i++ {
		x := math.Exp(r.Float64()*80-40) * float64(1-2*r.Intn(2))
		if i%4 == 0 {
			x = math.Round(x*1000) / 1000 // decimal-looking values: ties at some precisions
		}
		xs = append(xs, x)
	}
	for _, x := range xs {
		for p := 0; p <= 20; p++ {
			if got, want := floatFormatShort(x, 'f', p, 0), floatFormatLaidOut(x, 'f', p, 0); got != want {
				t.Fatalf("%v with .%df: fast %q, general %q", x, p, got, want)
			}
		}
	}
}
