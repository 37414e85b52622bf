package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// benchProgram is a 500-line module with classes, closures,
// comprehensions, recursion, tasklets and channels.
func benchProgram() []byte {
	var b strings.Builder
	b.WriteString("import stackless\nimport math\n\nLIMIT = 10\n")
	for k := 0; strings.Count(b.String(), "\n") < 500; k++ {
		fmt.Fprintf(&b, `

class Shape%[1]d:
    sides = %[1]d

    def __init__(self, w, h=2, *, scale=1.0):
        self.w = w * scale
        self.h = h

    def area(self):
        total = 0
        for i in range(self.sides):
            if i %% 2 == 0:
                total += self.w * self.h
        return total


def process%[1]d(items, key=None):
    out = {k: v for k, v in items}
    evens = [x * 2 for x in out.values() if x %% 2 == 0]
    try:
        value = sum(evens) / len(evens)
    except ZeroDivisionError as exc:
        print("failed", exc)
        value = 0
    return value, sorted(out, key=lambda k: out[k]), math.sqrt(abs(value))


def walk%[1]d(node, depth=0):
    if node is None or depth > LIMIT:
        return 0
    return 1 + walk%[1]d(node.get("left"), depth + 1)


def pipeline%[1]d(values):
    ch = stackless.channel()

    def producer():
        for v in values:
            ch.send(v)
        ch.send(None)

    stackless.tasklet(producer)()
    results = []
    while True:
        v = ch.receive()
        if v is None:
            break
        results.append(Shape%[1]d(v).area())
    return results
`, k)
	}
	b.WriteString("\nif __name__ == \"__main__\":\n    print(pipeline0([1, 2]), process0([(1, 2)]))\n")
	return []byte(b.String())
}

// BenchmarkPhases times each step of Analyze on one 500-line file, and
// each analyzer on its own.
func BenchmarkPhases(b *testing.B) {
	src := benchProgram()
	f := source.NewFile("bench.weft", src)
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			syntax.Parse(f)
		}
	})
	b.Run("resolve", func(b *testing.B) {
		for b.Loop() {
			m, _ := syntax.Parse(f)
			resolve.Resolve(m)
		}
	})
	m, _ := syntax.Parse(f)
	resolve.Resolve(m)
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			compiler.Compile(m, compiler.Options{})
		}
	})
	code, _ := compiler.Compile(m, compiler.Options{})
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			newIndex(f, m, code)
		}
	})
	cfg := DefaultConfig()
	cfg.MaxFrameBytes = 1 << 20
	for _, a := range Analyzers() {
		b.Run(a.Code, func(b *testing.B) {
			for b.Loop() {
				ix := newIndex(f, m, code)
				p := &Pass{Analyzer: a, File: f, Module: m, Code: code, Config: cfg, ix: ix, report: func(source.Diagnostic) {}}
				a.Run(p)
			}
		})
	}
	b.Run("Analyze", func(b *testing.B) {
		for b.Loop() {
			Analyze(f, nil, nil)
		}
	})
}
