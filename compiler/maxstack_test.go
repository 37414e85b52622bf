package compiler

import (
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// compileSource compiles src (dedented by the caller) and fails the test on
// any error diagnostic.
func compileSource(t *testing.T, src string, opts Options) *bytecode.Code {
	t.Helper()
	_, code, diags := CompileFile(source.NewFile("t.weft", []byte(src)), opts)
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	if code == nil {
		t.Fatalf("no code for:\n%s", src)
	}
	code.Walk(func(c *bytecode.Code) {
		if err := Verify(c); err != nil {
			t.Errorf("Verify: %v\n%s", err, disText(code))
		}
	})
	return code
}

func disText(c *bytecode.Code) string {
	var sb strings.Builder
	bytecode.Disassemble(&sb, c)
	return sb.String()
}

func findCode(root *bytecode.Code, qualname string) *bytecode.Code {
	var found *bytecode.Code
	root.Walk(func(c *bytecode.Code) {
		if c.QualName == qualname && found == nil {
			found = c
		}
	})
	return found
}

// TestMaxStack checks MaxStack against maxima worked out by hand from the
// stack pictures in bytecode/opcodes.go. Each comment shows the deepest
// point.
var maxStackTests = []struct {
	name, src, fn string
	want          int
}{
	{"add", "def f(a, b):\n    return a + b\n", "f", 2},                // a b
	{"call3", "def f():\n    g(x, y, z)\n", "f", 4},                    // g x y z
	{"nested calls", "def f():\n    return g(h(x), y)\n", "f", 3},      // g h x
	{"deep nesting", "def f():\n    return g(h(i(j(x))))\n", "f", 5},   // g h i j x
	{"method call", "def f(o, a, b):\n    return o.m(a, b)\n", "f", 4}, // m self a b
	{"keywords", "def f():\n    g(1, k=2)\n", "f", 4},                  // g 1 2 ('k',)
	{"star call", "def f(a, k):\n    g(*a, **k)\n", "f", 4},            // g args {} k
	{"star mixed", "def f(a):\n    g(1, *a, 2)\n", "f", 3},             // g [1] a
	{"kw after **", "def f(m):\n    g(**m, a=1)\n", "f", 5},            // g () {} 'a' 1
	{"attr chain", "def f(x):\n    return x.a.b.c\n", "f", 1},
	{"chained compare", "def f(a, b, c):\n    return a < b < c\n", "f", 3}, // b a b
	{"chained compare if", "def f(a, b, c):\n    if a < b < c:\n        g()\n", "f", 3},
	{"unpack", "def f(t):\n    a, b, c = t\n", "f", 3},
	{"unpack star", "def f(t):\n    a, *b, c, d = t\n", "f", 4},
	{"chained assign", "def f():\n    a = b = c = 0\n", "f", 2},
	{"augassign subscript", "def f(x, i, v):\n    x[i] += v\n", "f", 4}, // x i x[i] v
	{"augassign attr", "def f(o):\n    o.a += 1\n", "f", 3},             // o o.a 1
	{"slice", "def f(a):\n    return a[1:2:3]\n", "f", 4},               // a 1 2 3
	{"slice store", "def f(a, v):\n    a[1:2] = v\n", "f", 4},           // v a 1 2
	{"fstring spec", "def f(x, y):\n    return f\"{x}-{y:>{w}}\"\n", "f", 5},
	{"fstring debug", "def f(x):\n    return f\"{x=}\"\n", "f", 2},
	{"bool ops", "def f(a, b, c):\n    return a and b or c\n", "f", 1},
	{"conditional", "def f(a, b, c):\n    return g(a if b else c)\n", "f", 2},
	{"dict display", "def f(a, b, c, d):\n    return {a: b, c: d}\n", "f", 4},
	{"dict unpack", "def f(a, m):\n    return {a: 1, **m}\n", "f", 2}, // a 1, then {a: 1} m
	{"set display", "def f(a, b):\n    return {a, b, *a}\n", "f", 2},  // a b, then {a, b} a
	{"const list", "def f():\n    return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", "f", 2},
	{"listcomp outer", "def f(y):\n    return [x for x in y]\n", "f", 2},
	{"listcomp body", "def f(y):\n    return [x for x in y]\n", "f.<locals>.<listcomp>", 3},
	{"nested comp body", "def f(y):\n    return [(a, b) for a in y for b in a if b]\n", "f.<locals>.<listcomp>", 5},
	{"dictcomp body", "def f(y):\n    return {k: v for k, v in y}\n", "f.<locals>.<dictcomp>", 4}, // {} it k v
	{"genexp body", "def f(y):\n    return sum(x * 2 for x in y)\n", "f.<locals>.<genexpr>", 3},
	{"genexp outer", "def f(y):\n    return sum(x * 2 for x in y)\n", "f", 3},
	{"for loop", "def f(xs):\n    for x in xs:\n        g(x)\n", "f", 3},
	{"while", "def f(n):\n    while n > 0:\n        n -= 1\n", "f", 2},
	{"yield", "def f():\n    yield 1\n", "f", 1},
	{"yield from", "def f(x):\n    yield from x\n", "f", 2},
	{"closure", "def f():\n    x = 1\n    def g():\n        return x\n    return g\n", "f", 2},
	{"lambda defaults", "f = lambda a=1, *, b=2: a\n", "<module>", 3},
	{"decorated def", "@d1\n@d2(x)\ndef f():\n    pass\n", "<module>", 3}, // d1 d2 x
	{"class", "class C(B):\n    pass\n", "<module>", 4},                   // bc body 'C' B
	{"class keywords", "class C(B, metaclass=M):\n    pass\n", "<module>", 6},
	{"class body", "class C:\n    x = 1\n", "C", 1},
	{"try finally return", "def f():\n    try:\n        return g()\n    finally:\n        h()\n", "f", 3},
	// Nothing in the try body can raise: the handler is unreachable.
	{"try finally return const", "def f():\n    try:\n        return 1\n    finally:\n        h()\n", "f", 1},
	{"try finally call return const", "def f():\n    try:\n        g()\n        return 1\n    finally:\n        h()\n", "f", 3}, // prev exc h
	{"try except named", "def f():\n    try:\n        g()\n    except E as e:\n        h(e)\n", "f", 3},
	{"try except bare", "def f():\n    try:\n        g()\n    except:\n        pass\n", "f", 2},
	{"finally break", "def f(xs):\n    for x in xs:\n        try:\n            break\n        finally:\n            g()\n", "f", 2},
	{"finally call break", "def f(xs):\n    for x in xs:\n        try:\n            g()\n            break\n        finally:\n            g()\n", "f", 4}, // it prev exc g
	// [exit self prev exc r] while __exit__ handles an exception
	{"with", "def f():\n    with m as x:\n        g()\n", "f", 5},
	{"with two items", "def f():\n    with a as x, b as y:\n        g()\n", "f", 7},
	{"with return from for", "def f(xs):\n    with m:\n        for x in xs:\n            return x\n", "f", 6},
	{"raise from", "def f():\n    raise E(1) from c\n", "f", 2},
	{"assert msg", "def f(x):\n    assert x, \"bad\"\n", "f", 2},
	{"import", "import a.b as c\n", "<module>", 2},
	{"from import", "from m import a, b as c\n", "<module>", 2},
	{"walrus", "def f(y):\n    if (n := len(y)) > 3:\n        return n\n", "f", 2},
	{"many args", "def f():\n    g(" + strings.Repeat("x, ", 40) + ")\n", "f", 3},
	{"big list", "def f(x):\n    return [" + strings.Repeat("x, ", 40) + "]\n", "f", 2},
}

func TestMaxStack(t *testing.T) {
	for _, tt := range maxStackTests {
		t.Run(tt.name, func(t *testing.T) {
			code := compileSource(t, tt.src, Options{})
			c := findCode(code, tt.fn)
			if c == nil {
				t.Fatalf("no code object %q", tt.fn)
			}
			if c.MaxStack != tt.want {
				t.Errorf("MaxStack of %s = %d, want %d\n%s", tt.fn, c.MaxStack, tt.want, disText(code))
			}
		})
	}
}
