package vm_test

// bench_test.go: micro-benchmarks of the interpreter's hot paths, for
// profiling with pprof (go test ./vm -run '^$' -bench . -cpuprofile
// cpu.out). Each benchmark compiles a module defining bench(n), which
// performs the operation n times in a for-range loop, and calls it with
// b.N; BenchmarkLoop is that loop alone, to subtract. Allocation counts
// are per operation.

import (
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

func runBench(b *testing.B, src string) {
	b.Helper()
	_, code, diags := compiler.CompileFile(source.NewFile("bench.weft", []byte(src)), compiler.Options{})
	if diags.HasErrors() || code == nil {
		b.Fatalf("compile: %v", diags)
	}
	machine := vm.New(vm.Options{})
	res := machine.RunModule(code, "__main__")
	if res.Exception != nil {
		b.Fatalf("module: %s", machine.FormatTraceback(res.Exception))
	}
	fn, ok := res.Globals.GetStr("bench")
	if !ok {
		b.Fatal("no bench function")
	}
	// Warm up caches (frame pools, inline caches) outside the timer.
	if _, err := machine.Call(fn, []vm.Value{vm.Int(100)}, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := machine.Call(fn, []vm.Value{vm.Int(b.N)}, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoop is the empty for-range loop every other benchmark uses.
func BenchmarkLoop(b *testing.B) {
	runBench(b, `
def bench(n):
    for i in range(n):
        pass
`)
}

// BenchmarkCall is a call of a one-argument Weft function and its return.
func BenchmarkCall(b *testing.B) {
	runBench(b, `
def f(x):
    return x

def bench(n):
    for i in range(n):
        f(i)
`)
}

// BenchmarkMethodCall is o.m(x) on an instance of a user class.
func BenchmarkMethodCall(b *testing.B) {
	runBench(b, `
class C:
    def m(self, x):
        return x

def bench(n):
    o = C()
    for i in range(n):
        o.m(i)
`)
}

// BenchmarkAttrLoad is an instance attribute read.
func BenchmarkAttrLoad(b *testing.B) {
	runBench(b, `
class C:
    def __init__(self):
        self.x = 1

def bench(n):
    o = C()
    for i in range(n):
        o.x
`)
}

// BenchmarkAttrStore is an instance attribute write.
func BenchmarkAttrStore(b *testing.B) {
	runBench(b, `
class C:
    def __init__(self):
        self.x = 1

def bench(n):
    o = C()
    for i in range(n):
        o.x = i
`)
}

// BenchmarkGlobalLoad is a module global read from a function.
func BenchmarkGlobalLoad(b *testing.B) {
	runBench(b, `
G = 5

def bench(n):
    for i in range(n):
        G
`)
}

// BenchmarkBuiltinLoad is a builtin name read (globals miss, then builtins).
func BenchmarkBuiltinLoad(b *testing.B) {
	runBench(b, `
def bench(n):
    for i in range(n):
        len
`)
}

// BenchmarkIntArith is three int operations and a store on locals.
func BenchmarkIntArith(b *testing.B) {
	runBench(b, `
def bench(n):
    x = 0
    for i in range(n):
        x = (x + i * 3) % 1000003
`)
}

// BenchmarkIntCompare is an int comparison feeding a branch.
func BenchmarkIntCompare(b *testing.B) {
	runBench(b, `
def bench(n):
    k = 0
    for i in range(n):
        if i < 500:
            k = i
`)
}

// BenchmarkFloatArith is float multiply-add on locals.
func BenchmarkFloatArith(b *testing.B) {
	runBench(b, `
def bench(n):
    x = 0.0
    y = 1.5
    for i in range(n):
        x = x * 0.5 + y
`)
}

// BenchmarkArithExpr is spectralnorm's expression of int and float
// locals, which runs as one unboxed step (perf_expr.go).
func BenchmarkArithExpr(b *testing.B) {
	runBench(b, `
def bench(n):
    j = 3
    s = 0.0
    for i in range(n):
        s += 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
`)
}

// BenchmarkItemAugStore is nbody's v[k] -= d * m on a list of floats,
// one step too.
func BenchmarkItemAugStore(b *testing.B) {
	runBench(b, `
def bench(n):
    v = [0.0, 0.0, 0.0]
    d = 0.5
    m = 1e-9
    for i in range(n):
        v[1] -= d * m
`)
}

// BenchmarkListIndex is a list element read.
func BenchmarkListIndex(b *testing.B) {
	runBench(b, `
def bench(n):
    l = list(range(1024))
    for i in range(n):
        l[i & 1023]
`)
}

// BenchmarkListStore is a list element write.
func BenchmarkListStore(b *testing.B) {
	runBench(b, `
def bench(n):
    l = [0] * 1024
    for i in range(n):
        l[i & 1023] = i
`)
}

// BenchmarkDictStrCount is d[k] += 1 with a string key.
func BenchmarkDictStrCount(b *testing.B) {
	runBench(b, `
def bench(n):
    d = {"a": 0}
    for i in range(n):
        d["a"] += 1
`)
}

// BenchmarkNewInstance is creating a small instance through __init__.
func BenchmarkNewInstance(b *testing.B) {
	runBench(b, `
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

def bench(n):
    for i in range(n):
        P(i, i)
`)
}

// BenchmarkBoundBuiltinCall is a call through a stored bound builtin
// method (push = items.append): self goes into the slot the call pops,
// so the call itself allocates nothing.
func BenchmarkBoundBuiltinCall(b *testing.B) {
	runBench(b, `
def bench(n):
    items = []
    push = items.append
    pop = items.pop
    for i in range(n):
        push(None)
        pop()
`)
}

// BenchmarkWithLock is one `with lock:` block on an uncontended
// threading.Lock (__enter__ called unbound; the bound __exit__ that the
// with-statement keeps on the stack is the one allocation).
func BenchmarkWithLock(b *testing.B) {
	runBench(b, `
import threading
lock = threading.Lock()

def bench(n):
    for i in range(n):
        with lock:
            pass
`)
}

// BenchmarkBuiltinMethodCall is a builtin method called on its object
// (LOAD_METHOD; CALL_METHOD): items.append(None) and items.pop().
func BenchmarkBuiltinMethodCall(b *testing.B) {
	runBench(b, `
def bench(n):
    items = []
    for i in range(n):
        items.append(None)
        items.pop()
`)
}
