package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

func TestFrameBytes(t *testing.T) {
	c := &bytecode.Code{Locals: []string{"a", "b"}, MaxStack: 3, Cells: []string{"x"}, Frees: []string{"y", "z"}}
	if got, want := FrameBytes(c), 96+16*5+48+8*3; got != want {
		t.Errorf("FrameBytes = %d, want %d", got, want)
	}
	plain := &bytecode.Code{Locals: []string{"a"}, MaxStack: 2}
	if got, want := FrameBytes(plain), 96+16*3; got != want {
		t.Errorf("FrameBytes without cells = %d, want %d", got, want)
	}
	if FrameBytes(nil) != 0 {
		t.Error("FrameBytes(nil) != 0")
	}
}

const stackSrc = `
def leaf(x):
    return [x, x, x]


def mid(x):
    return leaf(x)


def top(x):
    return mid(x) + leaf(x) + [y for y in x]


def rec(n):
    return other(n)


def other(n):
    return rec(n - 1) if n else mid(n)


def caller(n):
    return rec(n)


class K:
    def __init__(self):
        self.v = self.get()

    def get(self):
        return leaf(1)


f = lambda: K()
`

func TestStackReport(t *testing.T) {
	r := Analyze(source.NewFile("s.weft", []byte(stackSrc)), nil, nil)
	rep := r.Stack()
	if rep == nil {
		t.Fatalf("no report: %v", r.Diagnostics)
	}
	get := func(q string) *FunctionStack {
		fs := rep.Lookup(q)
		if fs == nil {
			t.Fatalf("no entry for %s", q)
		}
		return fs
	}
	leaf, mid, top := get("leaf"), get("mid"), get("top")
	if leaf.FrameBytes != FrameBytes(leaf.Func.Code) || leaf.MaxStack != leaf.Func.Code.MaxStack || leaf.Locals != 1 {
		t.Errorf("leaf: %+v", leaf)
	}
	if mid.ChainBytes != mid.FrameBytes+leaf.FrameBytes || mid.ChainString() != "mid → leaf" {
		t.Errorf("mid chain %d %q", mid.ChainBytes, mid.ChainString())
	}
	comp := get("top.<locals>.<listcomp>")
	wantTop := top.FrameBytes + max(mid.ChainBytes, leaf.ChainBytes, comp.ChainBytes)
	if top.ChainBytes != wantTop || top.Cycle != nil {
		t.Errorf("top chain %d (%s), want %d", top.ChainBytes, top.ChainString(), wantTop)
	}
	if c := get("rec"); !c.Recursive || c.CycleString() != "rec → other → rec" {
		t.Errorf("rec: recursive %v cycle %q", c.Recursive, c.CycleString())
	}
	if c := get("other"); c.ChainBytes != c.FrameBytes+mid.ChainBytes {
		t.Errorf("other: the recursive edge must not count: %d", c.ChainBytes)
	}
	if c := get("caller"); c.Recursive || c.CycleString() != "rec → other → rec" || !c.Unbounded() {
		t.Errorf("caller: %+v", c)
	}
	if c := get("<lambda>"); c.ChainString() != "<lambda> → K.__init__ → K.get → leaf" {
		t.Errorf("lambda chain %q", c.ChainString())
	}
	if !strings.Contains(get("caller").Summary(), "unbounded: recursive via rec → other → rec") {
		t.Errorf("summary %q", get("caller").Summary())
	}
	var sb strings.Builder
	if err := rep.WriteTable(&sb, "s.weft"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"s.weft:", "function", "K.get", "unbounded: recursive via rec → other → rec", " B via top → "} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, sb.String())
		}
	}
}

// TestStackReportEveryCode checks that every code object of the test
// programs is matched to its scope.
func TestStackReportEveryCode(t *testing.T) {
	files, _ := filepath.Glob("../testdata/lint/*.weft")
	for _, p := range files {
		text, _ := os.ReadFile(p)
		r := Analyze(source.NewFile(p, text), nil, nil)
		rep := r.Stack()
		if rep == nil {
			continue
		}
		n := 0
		r.Code.Walk(func(*bytecode.Code) { n++ })
		matched := 0
		for _, fs := range rep.Functions {
			if fs.Func.Code != nil {
				matched++
			}
		}
		if matched != n || len(rep.Functions) != n {
			t.Errorf("%s: %d code objects, %d blocks, %d matched", p, n, len(rep.Functions), matched)
		}
	}
}

func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob("../testdata/lint/*.weft")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		r := Analyze(source.NewFile("f.weft", []byte(src)), nil, nil)
		for _, d := range r.Diagnostics {
			if d.Code == "E902" {
				t.Fatalf("analyzer panic: %s", d.Message)
			}
		}
		r.Stack()
	})
}

func TestFunctionAt(t *testing.T) {
	r := Analyze(source.NewFile("s.weft", []byte(stackSrc)), nil, nil)
	for _, tc := range []struct{ needle, want string }{
		{"[x, x, x]", "leaf"},
		{"y for y in x", "top.<locals>.<listcomp>"},
		{"self.get()", "K.__init__"},
		{"K()", "<lambda>"},
		{"f = lambda", "<module>"},
	} {
		pos := source.Pos(strings.Index(stackSrc, tc.needle))
		if fn := r.FunctionAt(pos); fn == nil || fn.QualName != tc.want {
			t.Errorf("FunctionAt(%q) = %v, want %s", tc.needle, fn, tc.want)
		}
	}
	if bad := Analyze(source.NewFile("b.weft", []byte("x = (\n")), nil, nil); bad.FunctionAt(0) != nil || bad.Stack() != nil {
		t.Error("a file with syntax errors has no functions")
	}
}
