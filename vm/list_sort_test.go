package vm

import (
	"math"
	"math/rand"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// TestSortLessAgreesWithCompare: whenever sortLess answers on its own, it
// answers what the general comparison does, for ints, floats (-0.0 and
// NaN included), strs (not ASCII included), bools and tuples of them,
// nested and of different lengths.
func TestSortLessAgreesWithCompare(t *testing.T) {
	vm := New(Options{})
	r := rand.New(rand.NewSource(4))
	scalars := []Value{Int(0), Int(1), Int(-3), Int(1 << 40), Float(0), Float(math.Copysign(0, -1)),
		Float(1), Float(0.5), Float(math.NaN()), Float(math.Inf(1)), NewStr(""), NewStr("a"),
		NewStr("é"), NewStr("e"), NewStr("𝔘"), NewStr("ab"), Bool(true), Bool(false)}
	var value func(depth int) Value
	value = func(depth int) Value {
		if depth > 0 && r.Intn(3) == 0 {
			items := make([]Value, r.Intn(4))
			for i := range items {
				items[i] = value(depth - 1)
			}
			return tupleOf(items...)
		}
		return scalars[r.Intn(len(scalars))]
	}
	repr := func(v Value) string { s, _ := vm.Repr(v); return s }
	answered := 0
	for i := 0; i < 20000; i++ {
		a, b := value(2), value(2)
		less, ok := sortLess(a, b)
		if !ok {
			continue
		}
		answered++
		want, err := vm.Compare(a, b, bytecode.CmpLt)
		if err != nil {
			t.Fatalf("%s < %s: sortLess answered %v, Compare raised %v", repr(a), repr(b), less, err)
		}
		if Bool(less) != want {
			t.Fatalf("%s < %s: sortLess %v, Compare %v", repr(a), repr(b), less, want)
		}
	}
	if answered < 2000 {
		t.Fatalf("sortLess answered only %d of 20000 pairs", answered)
	}
}
