package vm_test

import (
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

// TestOperationsThatDoNotAllocate keeps common operations free of heap
// allocations: each once allocated per call for no reason (a bound method,
// an argument slice, a qualified name for an error message that was never
// raised). Each snippet runs 1,000 times in a loop whose counter stays in
// the static small-int table; the average must stay under 0.05
// allocations per iteration.
func TestOperationsThatDoNotAllocate(t *testing.T) {
	cases := []struct{ setup, op string }{
		{"x = [1, 2, 3]", "len(x)"},
		{"d = {'a': 1}", "d.get('a')"},
		{"a = 3; b = 4", "min(a, b)"},
		{"a = 3; b = 4", "max(a, b, 2)"},
		{"s = 'hello'", "s.find('l', 1, 4)"},
		{"x = [1]", "x.append(2); x.pop()"},
		{"x = [1]\npush = x.append\npop = x.pop", "push(2); pop()"},
		{"d = {}\nput = d.setdefault", "put('k', 1)"},
		{"import threading\nlock = threading.Lock()", "lock.acquire(); lock.release()"},
		{"class C:\n    def m(self, v):\n        return v\nc = C()", "c.m(1)"},
		{"def f(a, b=2):\n    return a", "f(1)"},
		{"def f(a, b):\n    return a", "f(1, b=2)"},
		// __exit__ waits on the stack as method and self, not bound.
		{"import threading\nlock = threading.Lock()", "with lock:\n            pass"},
		{"class M:\n    def __enter__(self):\n        return self\n    def __exit__(self, t, e, tb):\n        return False\nm = M()", "with m:\n            pass"},
	}
	for _, c := range cases {
		src := c.setup + "\ndef bench(n):\n    for i in range(n):\n        " + c.op + "\n"
		_, code, diags := compiler.CompileFile(source.NewFile("alloc.weft", []byte(src)), compiler.Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.op, diags)
		}
		machine := vm.New(vm.Options{})
		res := machine.RunModule(code, "__main__")
		if res.Exception != nil {
			t.Fatalf("%s: %s", c.op, machine.FormatTraceback(res.Exception))
		}
		fn, _ := res.Globals.GetStr("bench")
		call := func() {
			if _, err := machine.Call(fn, []vm.Value{vm.Int(1000)}, nil); err != nil {
				t.Fatalf("%s: %v", c.op, err)
			}
		}
		call() // fill caches and pools
		if perOp := testing.AllocsPerRun(5, call) / 1000; perOp >= 0.05 {
			t.Errorf("%s: %.2f allocations per iteration", c.op, perOp)
		}
	}
}
