package compiler

import (
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

func TestConstantsDistinct(t *testing.T) {
	src := "a = 1\nb = 1.0\nc = True\nd = 0.0\ne = -0.0\nf = 1\ng = 1.0\nh = False\ni = 0\nj = ''\nk = None\nl = 2**70\nm = 1180591620717411303424\n"
	code := compileSource(t, src, Options{})
	var got []string
	for _, c := range code.Consts {
		got = append(got, bytecode.ConstRepr(c))
	}
	want := "1 1.0 True 0.0 -0.0 False 0 '' None 2 70 1180591620717411303424"
	if strings.Join(got, " ") != want {
		t.Errorf("consts %q, want %q", strings.Join(got, " "), want)
	}
	if _, ok := code.Consts[len(code.Consts)-1].(*big.Int); !ok {
		t.Errorf("big literal is %T", code.Consts[len(code.Consts)-1])
	}
}

func TestReturnLastExpr(t *testing.T) {
	code := compileSource(t, "x = 2\nx * 3\n", Options{ReturnLastExpr: true})
	n := len(code.Instrs)
	if code.Instrs[n-1].Op != bytecode.RETURN_VALUE || code.Instrs[n-2].Op != bytecode.BINARY_OP {
		t.Errorf("module does not return the last expression:\n%s", disText(code))
	}
	code = compileSource(t, "x = 2\nx * 3\n", Options{})
	n = len(code.Instrs)
	if code.Instrs[n-2].Op != bytecode.LOAD_CONST || code.Consts[code.Instrs[n-2].Arg] != (bytecode.NoneConst{}) {
		t.Errorf("module should return None:\n%s", disText(code))
	}
	code = compileSource(t, "'doc'\n", Options{ReturnLastExpr: true})
	if !code.HasDoc || code.Instrs[len(code.Instrs)-2].Op != bytecode.LOAD_CONST {
		t.Errorf("docstring-only module:\n%s", disText(code))
	}
}

func TestLocalsLayout(t *testing.T) {
	src := "def f(p, /, a, b=1, *args, k, m=2, **kw):\n    x = 1\n    def g():\n        return a + x\n    return g\n"
	code := compileSource(t, src, Options{})
	f := findCode(code, "f")
	if want := []string{"p", "a", "b", "k", "m", "args", "kw", "g"}; !reflect.DeepEqual(f.Locals[:len(want)], want) {
		t.Errorf("locals %v, want prefix %v", f.Locals, want)
	}
	if f.ArgCount != 3 || f.PosOnlyCount != 1 || f.KwOnlyCount != 2 {
		t.Errorf("counts %d %d %d", f.ArgCount, f.PosOnlyCount, f.KwOnlyCount)
	}
	if f.Flags&(bytecode.FlagVarArgs|bytecode.FlagVarKw) != bytecode.FlagVarArgs|bytecode.FlagVarKw {
		t.Errorf("flags %b", f.Flags)
	}
	if !reflect.DeepEqual(f.Cells, []string{"a", "x"}) || !reflect.DeepEqual(f.CellParams, []int{1, -1}) {
		t.Errorf("cells %v params %v", f.Cells, f.CellParams)
	}
	g := findCode(code, "f.<locals>.g")
	if g.Flags&bytecode.FlagNested == 0 || !reflect.DeepEqual(g.Frees, []string{"a", "x"}) {
		t.Errorf("g flags %b frees %v", g.Flags, g.Frees)
	}
}

func TestDocAndFirstLine(t *testing.T) {
	src := "\n@dec\n\n@dec2\ndef f():\n    'the doc'\n    return 1\nclass C:\n    'class doc'\n"
	code := compileSource(t, src, Options{})
	f := findCode(code, "f")
	if f.FirstLine != 2 || !f.HasDoc || f.Doc != "the doc" {
		t.Errorf("f: line %d doc %q %v", f.FirstLine, f.Doc, f.HasDoc)
	}
	for _, c := range f.Consts {
		if c == "the doc" {
			t.Errorf("function docstring is executed:\n%s", disText(f))
		}
	}
	c := findCode(code, "C")
	if !c.HasDoc || c.Doc != "class doc" || c.Flags&bytecode.FlagClassBody == 0 {
		t.Errorf("C: doc %q flags %b", c.Doc, c.Flags)
	}
	if code.Flags&bytecode.FlagModule == 0 {
		t.Errorf("module flags %b", code.Flags)
	}
}

// TestDepthTable checks the properties the VM's --check-stack mode relies
// on: every instruction has a known depth, a handler starts at its
// entry's depth plus the exception, and lines and positions are filled.
func TestDepthTable(t *testing.T) {
	src := "def f(xs):\n    for x in xs:\n        try:\n            with x as y:\n                return y\n        except E as e:\n            continue\n        finally:\n            g()\n"
	code := compileSource(t, src, Options{})
	code.Walk(func(c *bytecode.Code) {
		for pc, d := range c.Depths {
			if d < 0 || int(d) > c.MaxStack {
				t.Errorf("%s: Depths[%d] = %d", c.QualName, pc, d)
			}
			if c.Lines[pc] < 1 {
				t.Errorf("%s: no line at %d", c.QualName, pc)
			}
		}
		for _, e := range c.ExceptTable {
			if c.Depths[e.Handler] != e.Depth+1 {
				t.Errorf("%s: handler %d depth %d, entry depth %d", c.QualName, e.Handler, c.Depths[e.Handler], e.Depth)
			}
		}
	})
}

// TestInternalError builds a graph whose joins disagree and checks that the
// analysis reports E901 with the function and offset instead of panicking.
func TestInternalError(t *testing.T) {
	c := &compiler{file: source.NewFile("x.weft", []byte("x\n"))}
	u := c.enter(&syntax.Scope{Kind: syntax.FunctionScope, Name: "bad", QualName: "bad"}, "bad", 1, 0, source.Span{})
	join := u.newBlock()
	u.loadConst(true)
	u.emitJump(bytecode.POP_JUMP_IF_FALSE, join)
	u.loadConst(int64(1)) // falls into join with one more value
	u.use(join)
	u.loadConst(bytecode.NoneConst{})
	u.emit(bytecode.RETURN_VALUE, 0)
	c.leave()
	if len(c.diags) != 1 {
		t.Fatalf("diagnostics %v", c.diags)
	}
	d := c.diags[0]
	if d.Code != InternalCode || !strings.Contains(d.Message, "bad") || !strings.Contains(d.Message, "offset") || !strings.Contains(d.Message, "mismatch") {
		t.Errorf("diagnostic %s", d)
	}

	c = &compiler{}
	u = c.enter(nil, "under", 1, 0, source.Span{})
	u.emit(bytecode.POP_TOP, 0)
	c.leave()
	if len(c.diags) != 1 || !strings.Contains(c.diags[0].Message, "underflow") {
		t.Errorf("underflow not reported: %v", c.diags)
	}
}

func TestVerifyRejects(t *testing.T) {
	good := func() *bytecode.Code {
		code := compileSource(t, "def f(a):\n    try:\n        return g(a)\n    except E:\n        return 0\n", Options{})
		return findCode(code, "f")
	}
	if err := Verify(good()); err != nil {
		t.Fatal(err)
	}
	breaks := map[string]func(c *bytecode.Code){
		"maxstack":   func(c *bytecode.Code) { c.MaxStack++ },
		"depths":     func(c *bytecode.Code) { c.Depths[1]++ },
		"jump":       func(c *bytecode.Code) { c.Instrs = append(c.Instrs, bytecode.Instr{Op: bytecode.JUMP, Arg: 999}) },
		"underflow":  func(c *bytecode.Code) { c.Instrs[0] = bytecode.Instr{Op: bytecode.POP_TOP} },
		"const":      func(c *bytecode.Code) { c.Instrs[0] = bytecode.Instr{Op: bytecode.LOAD_CONST, Arg: 99} },
		"pseudo":     func(c *bytecode.Code) { c.Instrs[0] = bytecode.Instr{Op: bytecode.SETUP_HANDLER} },
		"handler":    func(c *bytecode.Code) { c.ExceptTable[0].Handler = 999 },
		"overlap":    func(c *bytecode.Code) { c.ExceptTable = append(c.ExceptTable, c.ExceptTable[0]) },
		"deep entry": func(c *bytecode.Code) { c.ExceptTable[0].Depth = 5 },
		"fall off":   func(c *bytecode.Code) { c.Instrs[len(c.Instrs)-1] = bytecode.Instr{Op: bytecode.NOP} },
	}
	for name, br := range breaks {
		c := good()
		br(c)
		n := len(c.Instrs)
		for len(c.Depths) < n {
			c.Depths = append(c.Depths, 0)
			c.Lines = append(c.Lines, 1)
			c.Positions = append(c.Positions, bytecode.Span32{})
		}
		if err := Verify(c); err == nil {
			t.Errorf("%s: Verify accepted broken code", name)
		}
	}
}

// TestCompileErrors covers the syntax errors CPython finds in its compiler.
func TestCompileErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"f(a=1, b=2, a=3)\n", "1:13: E101 keyword argument repeated: a"},
		{"class C(x=1, x=2): pass\n", "1:14: E101 keyword argument repeated: x"},
	}
	for _, tt := range tests {
		_, _, diags := CompileFile(source.NewFile("t.weft", []byte(tt.src)), Options{})
		var got []string
		for _, d := range diags {
			got = append(got, d.String())
		}
		if len(got) != 1 || !strings.HasSuffix(got[0], tt.want) {
			t.Errorf("%q: got %v, want %q", tt.src, got, tt.want)
		}
	}
}
