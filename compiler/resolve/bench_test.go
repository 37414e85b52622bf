package resolve

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// benchSource generates a program of about n lines that exercises every
// kind of scope: module code, classes with methods (super), nested
// closures, lambdas, comprehensions, globals and nonlocals.
func benchSource(n int) []byte {
	var b strings.Builder
	b.WriteString("import math\nfrom collections import deque as dq\nTOTAL = 0\n")
	lines := 3
	for i := 0; lines < n; i++ {
		chunk := fmt.Sprintf(`
class Shape%[1]d(Base):
    sides = %[1]d
    names = [str(k) for k in range(sides)]

    def __init__(self, w, h=2, *args, scale=1.0, **kw):
        super().__init__(*args, **kw)
        self.w = w * scale
        self.h = h

    def area(self):
        total = 0
        for i in range(self.sides):
            if i %% 2 == 0:
                total += self.w * self.h
            else:
                continue
        return total

def make_counter%[1]d(start, step=1):
    count = start
    history = []
    def inc(by=step):
        nonlocal count
        count += by
        history.append(count)
        return count
    def reset():
        nonlocal count
        count = start
    return inc, reset, lambda: len(history)

def process%[1]d(items, key=None):
    global TOTAL
    seen = set()
    out = {k: v for k, v in items if k not in seen}
    evens = [x * 2 for x in out.values() if (y := x) %% 2 == 0]
    try:
        TOTAL += sum(e for e in evens if e > y)
    except (ValueError, TypeError) as exc:
        print(f"failed: {exc!r} at {key}")
    with open_thing(key) as (a, b):
        del a
    while TOTAL > 100:
        TOTAL -= math.floor(TOTAL / 2)
        if TOTAL < 0:
            break
    return sorted(out, key=lambda k: (out[k], k))

`, i)
		lines += strings.Count(chunk, "\n")
		b.WriteString(chunk)
	}
	return []byte(b.String())
}

// BenchmarkResolve resolves a generated 100,000-line file and reports
// lines/s for resolve alone and for parse+resolve (the target is at least
// 500,000 lines/s together).
func BenchmarkResolve(b *testing.B) {
	src := benchSource(100_000)
	lines := float64(strings.Count(string(src), "\n"))
	f := source.NewFile("bench.weft", src)
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			syntax.Parse(f)
		}
		b.ReportMetric(lines*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("resolve", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			m, _ := syntax.Parse(f)
			runtime.GC() // do not charge the parser's garbage to the resolver
			b.StartTimer()
			if ds := Resolve(m); len(ds) > 0 {
				b.Fatal(ds[0])
			}
		}
		b.ReportMetric(lines*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("parse+resolve", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m, _ := syntax.Parse(f)
			if ds := Resolve(m); len(ds) > 0 {
				b.Fatal(ds[0])
			}
		}
		b.ReportMetric(lines*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
}
