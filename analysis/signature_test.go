package analysis

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// arityCases pair a definition with calls; python3 (the oracle) says which
// calls fail and with what message.
var arityCases = []struct {
	def   string
	calls []string
}{
	{"def f(a, b=2): pass", []string{"f()", "f(1)", "f(1, 2, 3)", "f(1, c=3)", "f(1, a=1)", "f(b=1)", "f(a=1, b=2)"}},
	{"def f(a, /, b, *, c, d=1): pass", []string{"f(1, 2)", "f(1, 2, c=3)", "f(a=1, b=2, c=3)", "f(1, 2, 3)", "f(1, 2, 3, c=4)", "f(1, b=2, c=3, d=4)", "f()"}},
	{"def f(*args, k): pass", []string{"f(1, 2)", "f(k=1)", "f(1, k=2, j=3)"}},
	{"def f(a, **kw): pass", []string{"f(1, z=2)", "f(z=2)", "f(1, 2)", "f(1, a=2)"}},
	{"def f(): pass", []string{"f(1)", "f(x=1)", "f()"}},
	{"def f(a, b, c): pass", []string{"f(1)", "f()", "f(1, 2, 3, 4, 5)"}},
	{"def f(a, /, **kw): pass", []string{"f(1, a=2)", "f(a=1)"}},
	{"class C:\n    def __init__(self, x, y=0): pass", []string{"C()", "C(1, 2, 3)", "C(1, z=3)", "C(1)"}},
	{"class C:\n    pass", []string{"C(1)", "C()", "C(x=1)"}},
	{"class B:\n    def __init__(self, n): pass\nclass C(B):\n    pass", []string{"C()", "C(1, 2)", "C(1)"}},
	{"class C:\n    def m(self, a): pass\n    @staticmethod\n    def s(a): pass\n    @classmethod\n    def k(cls, a): pass", []string{"C.s()", "C.s(1, 2)", "C.k()", "C.k(1, 2)", "C.m(1)"}},
}

func TestSignatureMessagesMatchCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	cfg := DefaultConfig()
	cfg.Select = []string{"A301"}
	// One python3 run for every case: each definition, then its calls.
	var prog strings.Builder
	for _, tc := range arityCases {
		prog.WriteString(tc.def + "\n")
		for _, c := range tc.calls {
			fmt.Fprintf(&prog, "try:\n    %s\n    print('ok')\nexcept TypeError as e:\n    print(e)\n", c)
		}
	}
	out, err := exec.Command(py, "-c", prog.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := strings.Split(strings.TrimSpace(string(out)), "\n")
	k := 0
	for _, tc := range arityCases {
		for _, c := range tc.calls {
			src := tc.def + "\n" + c + "\n"
			f := source.NewFile("t.weft", []byte(src))
			got := "ok"
			for _, d := range Check(f, cfg, nil) {
				if d.Code == "A301" {
					got = d.Message
				} else {
					t.Errorf("%q: unexpected %s", src, d)
				}
			}
			if k >= len(want) || got != want[k] {
				t.Fatalf("%s\n%s\n  weft:    %s\n  python3: %s", tc.def, c, got, want[min(k, len(want)-1)])
			}
			k++
		}
	}
}
