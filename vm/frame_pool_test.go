package vm_test

import (
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

// TestRecursionReusesPooledFrames: a recursive function that goes 100
// calls deep (memoised recursions, tree walks) gets its frames back from
// its pool on the next dive instead of allocating most of them anew.
func TestRecursionReusesPooledFrames(t *testing.T) {
	src := "def down(n):\n    if n == 0:\n        return 0\n    return down(n - 1) + 1\n"
	_, code, diags := compiler.CompileFile(source.NewFile("pool.weft", []byte(src)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	m := vm.New(vm.Options{})
	res := m.RunModule(code, "__main__")
	if res.Exception != nil {
		t.Fatal(m.FormatTraceback(res.Exception))
	}
	down, _ := res.Globals.GetStr("down")
	args := []vm.Value{vm.Int(100)}
	if _, err := m.Call(down, args, nil); err != nil { // fills the pool
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if r, err := m.Call(down, args, nil); err != nil || r != vm.Value(vm.Int(100)) {
			t.Fatalf("down(100) = %v, %v", r, err)
		}
	})
	if allocs > 10 {
		t.Fatalf("a 100-deep recursion allocated %v times per call (frames not pooled)", allocs)
	}
}
