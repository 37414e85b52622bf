package driver

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/vm"
)

// FuzzRun compiles and runs arbitrary source under small budgets. Any
// outcome is fine — output, a Weft exception, compile diagnostics — except
// a Go panic inside the VM (reported as an internal SystemError) or a run
// that ignores its budgets.
func FuzzRun(f *testing.F) {
	seeds := []string{
		"print(1)",
		"while True: pass",
		"def f(n): return f(n+1)\nf(0)",
		"x = [0] * 10**12",
		"x = 'a' * 10**12",
		"x = 10**10**10",
		"import stackless\nc = stackless.channel()\nc.receive()",
		"def g():\n    yield from g()\nlist(g())",
		"class A:\n    def __eq__(s, o): return s == o\nA() == A()",
		"try:\n    raise ValueError\nfinally:\n    print(2)",
		"a = [3, 1, 2]\nfor k in range(3):\n    a[:k + 1] = a[k::-1]\nprint(a)",
		"def f(v, x, n):\n    for k in range(n):\n        v[k % 3] -= x * k + 0.5\n        x = (x * 3 + k) // 2 - v[1]\n    return v, x\nprint(f([1.0, 2, 3], 7, 40))",
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.weft"))
	for i, p := range files {
		if i%10 != 0 {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		out, err := RunFile(ctx, "fuzz.weft", []byte(src), fuzzBudgets, vm.Options{Loader: noImports})
		if err != nil {
			return
		}
		if out.Exception != nil && strings.Contains(vm.AsException(out.Exception).Error(), vm.InternalErrorPrefix) {
			t.Fatalf("VM panic on %q:\n%s", src, out.Traceback)
		}
		if d := time.Since(start); d > 8*time.Second {
			t.Fatalf("run took %v despite a 2s budget: %q", d, src)
		}
		checkTiersAgree(t, src, out)
	})
}

// fuzzBudgets bound every FuzzRun run; checkTiersAgree's second run must
// have the same, or its instruction count would differ.
var fuzzBudgets = Budgets{
	MaxInstructions: 200_000, Timeout: 2 * time.Second, MaxOutput: 1 << 16,
	MaxAlloc: 1 << 20, RecursionLimit: 2000,
}

// noImports is a module loader that finds nothing: fuzz inputs import
// only builtin modules.
func noImports(string, string) (*bytecode.Code, []byte, bool, error) { return nil, nil, false, nil }

// checkTiersAgree runs src again with the stack check on, which keeps the
// interpreter in exec (no hot tier, vm/perf_hot.go), and fails if the two
// runs differ in output, exception or instructions executed. Programs
// whose output may legitimately differ between runs (clocks, random
// numbers, ids and hashes) and runs stopped by the clock are not compared,
// and the addresses in default reprs are masked.
func checkTiersAgree(t *testing.T, src string, hot *Outcome) {
	checkTiersAgreeUnder(t, src, hot, fuzzBudgets)
}

// checkTiersAgreeUnder is checkTiersAgree for a hot run under budgets b.
func checkTiersAgreeUnder(t *testing.T, src string, hot *Outcome, b Budgets) {
	for _, word := range []string{"time", "random", "id(", "hash(", "sleep"} {
		if strings.Contains(src, word) {
			return
		}
	}
	if strings.Contains(hot.ExcLine, "time budget") {
		return
	}
	out, err := RunFile(context.Background(), "fuzz.weft", []byte(src), b, vm.Options{CheckStack: true, Loader: noImports})
	if err != nil || strings.Contains(out.ExcLine, "time budget") || out.VM == nil || hot.VM == nil {
		return
	}
	if maskAddresses(out.Stdout) != maskAddresses(hot.Stdout) || maskAddresses([]byte(out.ExcLine)) != maskAddresses([]byte(hot.ExcLine)) ||
		out.VM.Instructions() != hot.VM.Instructions() {
		t.Fatalf("the hot tier and exec disagree on %q:\nhot:  %d instructions, %q, %q\nexec: %d instructions, %q, %q",
			src, hot.VM.Instructions(), hot.Stdout, hot.ExcLine, out.VM.Instructions(), out.Stdout, out.ExcLine)
	}
}

var hexAddress = regexp.MustCompile(`0x[0-9a-f]+`)

// maskAddresses replaces hexadecimal numbers (the addresses in default
// reprs such as <C object at 0x...>) by 0x.
func maskAddresses(b []byte) string { return string(hexAddress.ReplaceAll(b, []byte("0x"))) }
