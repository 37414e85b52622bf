package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// benchSource generates a realistic program of at least n lines: classes
// with methods, functions with loops, calls, comprehensions, f-strings,
// comments and docstrings.
func benchSource(n int) []byte {
	var b strings.Builder
	lines := 0
	for i := 0; lines < n; i++ {
		chunk := fmt.Sprintf(`# Section %[1]d: an account type and its helpers.
class Account%[1]d(Base, metaclass=Registry):
    """A bank account with a running balance."""

    rate: float = 0.0%[1]d

    def __init__(self, owner, balance=0, *, limit=None):
        self.owner = owner
        self.balance = balance
        self.history = []
        self.limit = limit if limit is not None else 1000

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError(f"bad amount {amount!r} for {self.owner}")
        self.balance += amount
        self.history.append(("deposit", amount))
        return self.balance

    @property
    def report(self):
        lines = [f"{kind:>10}: {value:8.2f}" for kind, value in self.history]
        return "\n".join(lines)


def process_%[1]d(accounts, threshold=100, **options):
    total = 0
    for i, acct in enumerate(accounts):
        if acct.balance > threshold and not acct.frozen:
            total += acct.balance * (1 + acct.rate) ** 2
        elif acct.balance < 0:
            print(f"overdrawn: {acct.owner} ({acct.balance})", file=options.get("log"))
        else:
            continue
    while total > 1_000_000:
        total //= 2
    try:
        result = {k: v for k, v in options.items() if k.startswith("x")}
    except (KeyError, TypeError) as err:
        result = None
    finally:
        total = max(total, 0)
    squares = [x * x for x in range(10) if x %% 2 == 0]
    pairs = list(zip(squares, squares[1:]))
    return total, result, pairs[-1][0], lambda y: y + total

`, i)
		b.WriteString(chunk)
		lines += strings.Count(chunk, "\n")
	}
	return []byte(b.String())
}

// BenchmarkParse parses a generated 100,000-line program and reports lines
// per second. Run: go test -run '^$' -bench BenchmarkParse ./compiler/syntax/
func BenchmarkParse(b *testing.B) {
	src := benchSource(100000)
	nlines := strings.Count(string(src), "\n")
	f := source.NewFile("bench.weft", src)
	if _, ds := Parse(f); len(ds) > 0 {
		b.Fatalf("benchmark source has diagnostics: %v", ds[0])
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		Parse(f)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(nlines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	if cpu > 0 {
		// Lines per second of process CPU time (GC included): the figure
		// to compare on a loaded machine.
		b.ReportMetric(float64(nlines)*float64(b.N)/cpu.Seconds(), "lines/cpu-s")
	}
}

// BenchmarkScan measures the scanner alone on the same program.
func BenchmarkScan(b *testing.B) {
	src := benchSource(100000)
	nlines := strings.Count(string(src), "\n")
	f := source.NewFile("bench.weft", src)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := NewScanner(f)
		for s.Next().Kind != EOF {
		}
	}
	b.ReportMetric(float64(nlines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
