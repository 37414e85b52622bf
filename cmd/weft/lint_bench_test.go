package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// genLintTree writes files .weft files of about lines lines each under
// dir, in nested folders, with the code shapes real programs have:
// classes with methods, closures, comprehensions, loops, try/except,
// recursion, tasklets and channels, imports between the files.
func genLintTree(tb testing.TB, dir string, files, lines int) (total int) {
	tb.Helper()
	for i := range files {
		sub := filepath.Join(dir, fmt.Sprintf("pkg%02d", i%20))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		src := genLintFile(i, lines)
		total += strings.Count(src, "\n")
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("mod%04d.weft", i)), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return total
}

func genLintFile(seed, lines int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# generated module %d\nimport stackless\nimport math\nfrom collections import deque\n\nLIMIT = %d\n", seed, seed%50+10)
	n := 6
	for k := 0; n < lines; k++ {
		chunk := fmt.Sprintf(`

class Shape%[1]d:
    """A shape with %[1]d sides."""

    sides = %[1]d

    def __init__(self, w, h=2, *, scale=1.0):
        self.w = w * scale
        self.h = h
        self.history = deque()

    def area(self):
        total = 0
        for i in range(self.sides):
            if i %% 2 == 0:
                total += self.w * self.h
            elif i > LIMIT:
                break
            else:
                continue
        return total

    def describe(self):
        return f"Shape%[1]d({self.w}, {self.h}) area={self.area():.2f}"

    def __repr__(self):
        return self.describe()


def make_counter%[1]d(start, step=1):
    count = start

    def inc(by=step):
        nonlocal count
        count += by
        return count
    return inc


def process%[1]d(items, key=None):
    seen = set()
    out = {k: v for k, v in items if k not in seen}
    evens = [x * 2 for x in out.values() if x %% 2 == 0]
    try:
        value = sum(e for e in evens if e > 1) / len(evens)
    except (ValueError, ZeroDivisionError) as exc:
        print("failed", exc)
        value = 0
    ordered = sorted(out, key=lambda k: (out[k], k))
    return value, ordered, math.sqrt(abs(value))


def walk%[1]d(node, depth=0):
    if node is None or depth > LIMIT:
        return 0
    return 1 + walk%[1]d(node.get("left"), depth + 1) + walk%[1]d(node.get("right"), depth + 1)


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
`, seed*1000+k)
		b.WriteString(chunk)
		n += strings.Count(chunk, "\n")
	}
	fmt.Fprintf(&b, "\nif __name__ == \"__main__\":\n    print(pipeline%d([1, 2, 3]), process%d([(1, 2)]))\n", seed*1000, seed*1000)
	return b.String()
}

// BenchmarkLintTree lints a generated tree of 1,000 files and about
// 500,000 lines with every default analyzer, the way `weft lint DIR`
// does (parallel on all cores, JSON output discarded). Run it with
//
//	go test ./cmd/weft -run '^$' -bench LintTree -benchtime 3x
func BenchmarkLintTree(b *testing.B) {
	dir := b.TempDir()
	lines := genLintTree(b, dir, 1000, 500)
	for b.Loop() {
		if st := lintCmd([]string{"--format", "json", dir}, io.Discard, io.Discard); st != 0 && st != 1 {
			b.Fatalf("status %d", st)
		}
	}
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
