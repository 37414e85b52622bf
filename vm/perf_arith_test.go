package vm

import (
	"math"
	"math/big"
	"testing"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// TestIntOpShifts: the fast path's << and >> agree with exact big-integer
// arithmetic (Python's: >> floors, << never overflows) wherever they
// answer, answer every right shift by a count >= 0 and every left shift
// whose result fits, and leave negative counts (a ValueError) to the
// slow path.
func TestIntOpShifts(t *testing.T) {
	values := []Int{0, 1, -1, 2, -2, 3, -3, 7, -7, 0xD008, 1 << 40, -1 << 40, math.MaxInt64, math.MinInt64, math.MaxInt64 >> 1, -(math.MaxInt64 >> 1)}
	counts := []Int{-1, 0, 1, 2, 31, 32, 62, 63, 64, 65, 1000}
	for _, a := range values {
		for _, b := range counts {
			for _, op := range []bc.BinaryOp{bc.OpRShift, bc.OpLShift, bc.OpRShift | bc.OpInplace} {
				got, ok := intOp(op, a, b)
				if b < 0 {
					if ok {
						t.Errorf("%d %v %d answered %d; a negative count is an error", a, op, b, got)
					}
					continue
				}
				want := new(big.Int).SetInt64(int64(a))
				if op&^bc.OpInplace == bc.OpRShift {
					want.Rsh(want, uint(b))
				} else {
					want.Lsh(want, uint(b))
				}
				fits := want.IsInt64()
				if ok && (!fits || want.Int64() != int64(got)) {
					t.Errorf("%d %v %d = %d, want %s", a, op, b, got, want)
				}
				if !ok && fits && (op&^bc.OpInplace == bc.OpRShift || b < 63) {
					t.Errorf("%d %v %d: no answer, though %s fits", a, op, b, want)
				}
			}
		}
	}
}
