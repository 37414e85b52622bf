package vm

import (
	"io"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	bc "github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// runPrinting compiles and runs src as the module __main__, checks that it
// printed want, and returns its code for the caller to inspect the
// quickened instructions.
func runPrinting(t *testing.T, name, src, want string) *bc.Code {
	t.Helper()
	_, code, diags := compiler.CompileFile(source.NewFile(name, []byte(src)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var out strings.Builder
	m := New(Options{Stdout: &out, Stderr: io.Discard})
	if res := m.RunModule(code, "__main__"); res.Exception != nil {
		t.Fatal(m.FormatTraceback(res.Exception))
	}
	if got := out.String(); got != want {
		t.Fatalf("printed %q, want %q", got, want)
	}
	return code
}

// TestColdBackEdges checks the hot tier's entry heuristic: a loop whose
// hot runs soon stop at an instruction left to exec (here a channel
// operation, which exec fuses with the tasklet switch) has its back-edge
// marked opJumpCold after two runs, and a loop the tier runs whole keeps
// its JUMP, also when a run that left the loop was short (a
// comprehension of one item, whose caller soon meets MAKE_FUNCTION) or
// its first run stopped at a cache the first iteration left stale (a
// module-level loop that assigns new names). The loops still compute the
// same as in exec.
func TestColdBackEdges(t *testing.T) {
	src := `import stackless
c = stackless.channel()
c.preference = 1

def sender(n):
    for i in range(n):
        c.send(i)

def summer(n):
    t = 0
    i = 0
    while i < n:
        t += i * i
        i += 1
    return t

def receiver(n):
    t = 0
    for i in range(n):
        t += c.receive()
    print(t)

def comp(n):
    d = {i: c for i in range(n)}
    return len(d) + (lambda: 0)()

stackless.tasklet(sender)(1000)
stackless.tasklet(receiver)(1000)
stackless.run()
print(summer(100000))
print(comp(1) + comp(3000))
for j in range(3000):
    kk = j % 10
print(kk)
`
	code := runPrinting(t, "edges.weft", src, "499500\n333328333350000\n3001\n9\n")
	jumps := map[string]bc.Opcode{}
	code.Walk(func(c *bc.Code) {
		cc, ok := c.VMCache.(*codeCache)
		if !ok {
			return
		}
		for pc, in := range c.Instrs {
			if in.Op == bc.JUMP && int(in.Arg) < pc {
				jumps[c.QualName] = cc.instrs[pc].Op
			}
		}
	})
	for name, want := range map[string]bc.Opcode{"sender": opJumpCold, "receiver": opJumpCold, "summer": bc.JUMP, "comp.<locals>.<dictcomp>": bc.JUMP, "<module>": bc.JUMP} {
		if got, ok := jumps[name]; !ok || got != want {
			t.Errorf("%s: back-edge is %v, want %v", name, got, want)
		}
	}
}

// TestCompareJumpQuickening checks that comparisons and identity tests
// followed by a conditional jump are quickened into fused instructions
// (which the hot tier runs in one dispatch): two locals or a local and a
// constant compared, a value compared with or tested against a constant,
// an identity test; a constant stored at a[k]; and that a pair not followed by a comparison keeps
// its plain fusion.
func TestCompareJumpQuickening(t *testing.T) {
	src := `def f(n, m):
    t = 0
    a = [0, 0]
    k = 1
    while n < m:
        a[k] = 5
        if n == 3:
            t += 1
        if t is not None and t + n > 12:
            t += 1
        n += 1
    return t + n

print(f(0, 10))
`
	code := runPrinting(t, "cmp.weft", src, "11\n")
	seen := map[bc.Opcode]int{}
	code.Walk(func(c *bc.Code) {
		if cc, ok := c.VMCache.(*codeCache); ok && c.QualName == "f" {
			for _, in := range cc.instrs {
				seen[in.Op]++
			}
		}
	})
	want := map[bc.Opcode]int{
		opLoadFast2Cmp: 1, opLoadFastConstCmp: 1, opLoadFast2Op: 2,
		opConstIsJump: 1, opIsJump: 1, opConstCmpJump: 2,
		opConstStoreFast2: 1,
	}
	for op, want := range want {
		if seen[op] != want {
			t.Errorf("op %d appears %d times in f, want %d (all: %v)", op, seen[op], want, seen)
		}
	}
}

// TestAttrAugQuickening: `o.a op= constant` becomes opCopyAttrAug, and
// nothing else does: another constant's store, a different attribute, a
// non-augmented operator.
func TestAttrAugQuickening(t *testing.T) {
	src := `class C:
    pass

def f(o):
    for _ in range(20):
        o.n += 1
        o.n -= 2
        o.m = o.n + 1
        o.m = o.n * 3
    return o.n + o.m

c = C()
c.n = 0
print(f(c))
`
	code := runPrinting(t, "aug.weft", src, "-80\n")
	seen := 0
	code.Walk(func(c *bc.Code) {
		if cc, ok := c.VMCache.(*codeCache); ok && c.QualName == "f" {
			for _, in := range cc.instrs {
				if in.Op == opCopyAttrAug {
					seen++
				}
			}
		}
	})
	if seen != 2 {
		t.Errorf("opCopyAttrAug appears %d times in f, want 2", seen)
	}
}
