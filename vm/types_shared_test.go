package vm

import (
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

// TestSharedTypesKeepNoVMState: a Shared type (collections.Counter, a
// Python class in CPython) is one object for every VM in the process, as
// a builtin one is, so running code that makes, subclasses and calls it
// writes none of its caches or lists: another VM could be reading them
// (the language server runs evaluations at once; .ci/run's race detector
// once caught the attribute memo written by one and read by another).
func TestSharedTypesKeepNoVMState(t *testing.T) {
	src := `import collections
class C(collections.Counter):
    pass
for i in range(400):
    c = collections.Counter("abcab")
    c.update("xy")
    d = C("ab")
    d.most_common(1)
`
	_, code, diags := compiler.CompileFile(source.NewFile("<test>", []byte(src)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	subclasses := len(CounterType.subclasses)
	m := New(Options{MaxInstructions: 50_000_000})
	if res := m.RunModule(code, "__main__"); res.Exception != nil {
		t.Fatal(m.ExcStr(res.Exception))
	}
	if CounterType.memo != nil {
		t.Errorf("Counter's attribute memo was written (%d entries)", len(CounterType.memo))
	}
	if CounterType.ctor.filled {
		t.Errorf("Counter's constructor cache was written")
	}
	if len(CounterType.subclasses) != subclasses {
		t.Errorf("a user class was recorded on Counter itself")
	}
}
