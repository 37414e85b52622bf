package vm_test

import (
	"strings"
	"testing"

	"github.com/weft-lang/weft/vm"
)

// TestDeepNestingRaisesRecursionError: comparing containers nested deeper
// than the recursion limit, and hashing tuples nested millions deep,
// recurse on the Go stack; they must raise RecursionError, not overflow
// the stack (a fatal error that takes the whole process, language server
// included).
func TestDeepNestingRaisesRecursionError(t *testing.T) {
	src := `x = []
y = []
t = ()
f = frozenset()
for i in range(200000):
    x = [x]
    y = [y]
for i in range(2000000):
    t = (t,)
for i in range(100000):
    f = frozenset([f])
print(len(f), hash(f) == hash(f), f in {f})
for op in (lambda: x == y, lambda: x < y, lambda: hash(t), lambda: {t: 1}, lambda: t in {t}):
    try:
        op()
        print('no error')
    except RecursionError as e:
        print(e)
`
	lines := strings.Split(strings.TrimSpace(runPrinting(t, src, vm.Options{})), "\n")
	// Frozensets hash their members from the hashes they store: building
	// and hashing a deep one neither recurses nor fails.
	if lines[0] != "1 True True" {
		t.Errorf("deep frozenset: %q", lines[0])
	}
	for i, line := range lines[1:] {
		if !strings.HasPrefix(line, "maximum recursion depth exceeded") {
			t.Errorf("operation %d: %q", i, line)
		}
	}
}

// TestDeepStaticMethod: calling staticmethod(staticmethod(...(len)))
// nested millions deep unwrapped recursively on the Go stack and
// overflowed it (a fatal error); it unwraps in a loop now.
func TestDeepStaticMethod(t *testing.T) {
	src := "f = len\nfor i in range(3000000):\n    f = staticmethod(f)\nprint(f([1, 2]))\n"
	if out := runPrinting(t, src, vm.Options{}); out != "2\n" {
		t.Errorf("printed %q", out)
	}
}
