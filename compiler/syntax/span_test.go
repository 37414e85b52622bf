package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// spanTests lists, per snippet, nodes as "Type: covered text". Each listed
// node must exist: some node of that type whose span covers exactly that
// text.
var spanTests = []struct {
	src   string
	nodes []string
}{
	{"x = 1\n", []string{"Module: x = 1\n", "Assign: x = 1", "Name: x", "Int: 1"}},
	{"x = None, True, False, ...\n", []string{"Constant: None", "Constant: True", "Constant: False", "Constant: ...", "Tuple: None, True, False, ..."}},
	{"x = 1.5e3\n", []string{"Float: 1.5e3"}},
	{"x = 'a' \"b\"\n", []string{"Str: 'a' \"b\""}},
	{"x = f'a{b!r:>{w}}c' 'd'\n", []string{
		"JoinedStr: f'a{b!r:>{w}}c' 'd'", "Str: a", "FormattedValue: {b!r:>{w}}",
		"Name: b", "JoinedStr: >{w}", "Str: >", "FormattedValue: {w}", "Name: w", "Str: c' 'd'"}},
	{"x = f'''\n{\n  y + 1\n}'''\n", []string{"BinOp: y + 1", "Name: y"}},
	{"x = f'{x=}'\n", []string{"FormattedValue: {x=}"}},
	{"x = a + b * c\n", []string{"BinOp: a + b * c", "BinOp: b * c"}},
	{"x = -a ** 2\n", []string{"UnaryOp: -a ** 2", "BinOp: a ** 2"}},
	{"x = not a\n", []string{"UnaryOp: not a"}},
	{"x = a and b or c\n", []string{"BoolOp: a and b or c", "BoolOp: a and b"}},
	{"x = a < b not in c is not d\n", []string{"Compare: a < b not in c is not d"}},
	{"f(a, *b, k=1, **m)\n", []string{"Call: f(a, *b, k=1, **m)", "Starred: *b", "Keyword: k=1", "Keyword: **m", "Ident: k", "ExprStmt: f(a, *b, k=1, **m)"}},
	{"f(x)(y)\n", []string{"Call: f(x)(y)", "Call: f(x)"}},
	{"a.b.c\n", []string{"Attribute: a.b.c", "Attribute: a.b", "Ident: c"}},
	{"a[1:2, ::3]\n", []string{"Subscript: a[1:2, ::3]", "Tuple: 1:2, ::3", "Slice: 1:2", "Slice: ::3"}},
	{"a[:]\n", []string{"Slice: :"}},
	{"a[i]\n", []string{"Subscript: a[i]", "Name: i"}},
	{"x = (1, 2)\n", []string{"Tuple: (1, 2)"}},
	{"x = 1, 2,\n", []string{"Tuple: 1, 2,"}},
	{"x = ()\n", []string{"Tuple: ()"}},
	{"x = ((a))\n", []string{"Name: a", "Assign: x = ((a))"}},
	{"x = [1, *y]\n", []string{"List: [1, *y]", "Starred: *y"}},
	{"x = {1, 2}\n", []string{"Set: {1, 2}"}},
	{"x = {1: 2, **m}\n", []string{"Dict: {1: 2, **m}"}},
	{"x = [a for a in b if a]\n", []string{"ListComp: [a for a in b if a]", "Comprehension: for a in b if a"}},
	{"x = {a for a in b}\n", []string{"SetComp: {a for a in b}"}},
	{"x = {k: v for k, v in b}\n", []string{"DictComp: {k: v for k, v in b}", "Tuple: k, v"}},
	{"x = (a for a in b)\n", []string{"GeneratorExp: (a for a in b)"}},
	{"f(a for a in b)\n", []string{"GeneratorExp: (a for a in b)"}},
	{"x = lambda a, *b, c=1, **d: a\n", []string{"Lambda: lambda a, *b, c=1, **d: a", "Arguments: a, *b, c=1, **d", "Arg: b", "Arg: d"}},
	{"x = lambda: 0\n", []string{"Lambda: lambda: 0"}},
	{"x = a if b else c\n", []string{"IfExp: a if b else c"}},
	{"x = (y := 1)\n", []string{"NamedExpr: y := 1"}},
	{"def g():\n    x = yield 1\n    y = yield from z\n    yield\n", []string{"Yield: yield 1", "YieldFrom: yield from z", "Yield: yield"}},
	{"x = (\n", []string{"Assign: x = ("}},
	{"x = 1 +\n", []string{"BadExpr: "}},
	{"def f(a: int = 1, /, b=2, *c: str, d, e=3, **g: dict) -> None:\n    pass\n", []string{
		"FunctionDef: def f(a: int = 1, /, b=2, *c: str, d, e=3, **g: dict) -> None:\n    pass",
		"Arguments: a: int = 1, /, b=2, *c: str, d, e=3, **g: dict",
		"Arg: a: int", "Arg: c: str", "Arg: g: dict", "Ident: f", "Pass: pass"}},
	{"@dec\nclass C(B, metaclass=M):\n    x: int = 1\n", []string{
		"ClassDef: class C(B, metaclass=M):\n    x: int = 1", "Name: dec", "Keyword: metaclass=M",
		"AnnAssign: x: int = 1"}},
	{"x += 1\n", []string{"AugAssign: x += 1"}},
	{"del a, b[0]\n", []string{"Delete: del a, b[0]"}},
	{"while x:\n    break\nelse:\n    continue\n", []string{"While: while x:\n    break\nelse:\n    continue", "Break: break", "Continue: continue"}},
	{"for i in x: pass; pass;\n", []string{"For: for i in x: pass; pass;"}},
	{"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n", []string{
		"If: if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
		"If: elif b:\n    pass\nelse:\n    pass"}},
	{"def f():\n    return 1\n", []string{"Return: return 1"}},
	{"raise E from c\n", []string{"Raise: raise E from c"}},
	{"def f():\n    global a, b\n    nonlocal c\n", []string{"Global: global a, b", "Nonlocal: nonlocal c"}},
	{"assert x, 'm'\n", []string{"Assert: assert x, 'm'"}},
	{"import a.b as c, d\n", []string{"Import: import a.b as c, d", "Alias: a.b as c", "Ident: a.b", "Alias: d"}},
	{"from a.b import (c as d,\n    e)\n", []string{"ImportFrom: from a.b import (c as d,\n    e)", "Alias: c as d", "Ident: a.b"}},
	{"try:\n    pass\nexcept E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass\n", []string{
		"Try: try:\n    pass\nexcept E as e:\n    pass\nelse:\n    pass\nfinally:\n    pass",
		"ExceptHandler: except E as e:\n    pass"}},
	{"with a as b, c:\n    pass\n", []string{"With: with a as b, c:\n    pass", "WithItem: a as b", "WithItem: c"}},
	{"(x) + 1\n", []string{"ExprStmt: (x) + 1"}},
	{"(x)\n", []string{"ExprStmt: (x)", "Name: x"}},
	{"else\n", []string{"BadStmt: else"}},
	{"x = 1  # note\n", []string{"Comment: # note"}},
}

func nodeTypeName(n Node) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", n), "*syntax.")
}

func TestSpans(t *testing.T) {
	covered := make(map[string]bool)
	for _, tt := range spanTests {
		f, m, _ := parseString(tt.src)
		have := make(map[string]bool)
		add := func(n Node) {
			sp := n.Span()
			if sp.Start < 0 || int(sp.End) > len(f.Text) || sp.Start > sp.End {
				t.Errorf("%q: %T has span %v", tt.src, n, sp)
				return
			}
			name := nodeTypeName(n)
			have[name+": "+string(f.Text[sp.Start:sp.End])] = true
			covered[name] = true
		}
		Inspect(m, func(n Node) bool {
			add(n)
			return true
		})
		for _, c := range m.Comments {
			add(c)
		}
		for _, want := range tt.nodes {
			if !have[want] {
				var got []string
				for h := range have {
					if strings.HasPrefix(h, strings.SplitN(want, ":", 2)[0]+":") {
						got = append(got, h)
					}
				}
				t.Errorf("%q: no node %q; nodes of that type: %q", tt.src, want, got)
			}
		}
		checkSpans(t, f, m)
	}
	// Every node kind of the AST is covered.
	for _, n := range allNodes {
		if name := nodeTypeName(n); !covered[name] {
			t.Errorf("no span test covers %s", name)
		}
	}
}

var allNodes = []Node{
	&Ident{}, &Name{}, &Constant{}, &Int{}, &Float{}, &Str{}, &JoinedStr{},
	&FormattedValue{}, &BinOp{}, &UnaryOp{}, &BoolOp{}, &Compare{}, &Keyword{},
	&Call{}, &Attribute{}, &Subscript{}, &Slice{}, &Starred{}, &Tuple{},
	&List{}, &Set{}, &Dict{}, &Comprehension{}, &ListComp{}, &SetComp{},
	&DictComp{}, &GeneratorExp{}, &Lambda{}, &IfExp{}, &NamedExpr{}, &Yield{},
	&YieldFrom{}, &BadExpr{}, &Arg{}, &Arguments{}, &ExprStmt{}, &Assign{},
	&AugAssign{}, &AnnAssign{}, &Delete{}, &Pass{}, &Break{}, &Continue{},
	&Return{}, &Raise{}, &Global{}, &Nonlocal{}, &Assert{}, &Alias{},
	&Import{}, &ImportFrom{}, &If{}, &While{}, &For{}, &ExceptHandler{},
	&Try{}, &WithItem{}, &With{}, &FunctionDef{}, &ClassDef{}, &BadStmt{},
	&Comment{}, &Module{},
}

// TestContexts checks Load/Store/Del on targets.
func TestContexts(t *testing.T) {
	tests := []struct {
		src  string
		want string // "name:ctx ..." for every Name, Attribute, Subscript, Starred, Tuple, List in order
	}{
		{"a, *b = c\n", "Tuple:S a:S Starred:S b:S c:L"},
		{"[a.x, b[0]] = c\n", "List:S Attribute:S a:L Subscript:S b:L c:L"},
		{"del a, b.c, (d, e)\n", "a:D Attribute:D b:L Tuple:D d:D e:D"},
		{"for (i, j) in k: pass\n", "Tuple:S i:S j:S k:L"},
		{"with a as (b, c): pass\n", "a:L Tuple:S b:S c:S"},
		{"x += y\n", "x:S y:L"},
		{"x: T = y\n", "x:S T:L y:L"},
		{"[a for b in c]\n", "List:L a:L b:S c:L"},
		{"(n := 1)\n", "n:S"},
		{"a = b = c\n", "a:S b:S c:L"},
	}
	ctx := map[ExprContext]string{Load: "L", Store: "S", Del: "D"}
	for _, tt := range tests {
		_, m, ds := parseString(tt.src)
		if len(ds) > 0 {
			t.Errorf("%q: %q", tt.src, diagStrings(ds))
		}
		var got []string
		Inspect(m, func(n Node) bool {
			switch x := n.(type) {
			case *Name:
				got = append(got, x.Id+":"+ctx[x.Ctx])
			case *Attribute:
				got = append(got, "Attribute:"+ctx[x.Ctx])
			case *Subscript:
				got = append(got, "Subscript:"+ctx[x.Ctx])
			case *Starred:
				got = append(got, "Starred:"+ctx[x.Ctx])
			case *Tuple:
				got = append(got, "Tuple:"+ctx[x.Ctx])
			case *List:
				got = append(got, "List:"+ctx[x.Ctx])
			case *ListComp:
				got = append(got, "List:L")
			}
			return true
		})
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, s, tt.want)
		}
	}
}

// TestValues checks literal values.
func TestValues(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"0", "0"}, {"9223372036854775807", "9223372036854775807"},
		{"9223372036854775808", "big 9223372036854775808"},
		{"0xff", "255"}, {"0o17", "15"}, {"0b101", "5"}, {"1_000", "1000"},
		{"0x_ffff_ffff_ffff_ffff_ff", "big 4722366482869645213695"},
		{"1.5", "1.5"}, {"1e3", "1000"}, {".5", "0.5"}, {"1_0.5", "10.5"}, {"1e400", "+Inf"},
		{`'a\tb'`, `"a\tb"`}, {`'\x41\u00e9\U0001F600\101\0'`, `"Aé😀A\x00"`},
		{`'\d'`, `"\\d"`}, {`r'\n'`, `"\\n"`}, {"'a\\\nb'", `"ab"`},
		{"'''a\r\nb'''", `"a\nb"`}, {"'a' 'b' r'\\c'", `"ab\\c"`},
		{`'\ud800'`, "\"\uFFFD\""}, {"''", `""`},
	}
	for _, tt := range tests {
		f := newTestFile(tt.src)
		x, ds := ParseExpr(f)
		if len(ds) > 0 {
			t.Errorf("%s: %q", tt.src, diagStrings(ds))
			continue
		}
		var got string
		switch v := x.(type) {
		case *Int:
			got = fmt.Sprint(v.Small)
			if v.IsBig {
				got = "big " + v.Big.String()
			}
		case *Float:
			got = fmt.Sprint(v.Value)
		case *Str:
			got = fmt.Sprintf("%q", v.Value)
		default:
			got = fmt.Sprintf("%T", x)
		}
		if got != tt.want {
			t.Errorf("%s = %s, want %s", tt.src, got, tt.want)
		}
	}
}

// TestFStringParts checks the structure of f-strings.
func TestFStringParts(t *testing.T) {
	tests := []struct{ src, want string }{
		{`f'a{b}c'`, `"a" {b} "c"`},
		{`f'{b!r}'`, `{b!r}`},
		{`f'{b=}'`, `{b!r debug="b="}`},
		{`f'{ b = }'`, `{b!r debug=" b = "}`},
		{`f'{b=:>4}'`, `{b debug="b=" spec[">4"]}`},
		{`f'{b=!s}'`, `{b!s debug="b="}`},
		{`f'{b:{w}.{p}f}'`, `{b spec[{w} "." {p} "f"]}`},
		{`f'{{}}{{{b}}}'`, `"{}{" {b} "}"`},
		{`'x' f'{b}' 'y' f'z'`, `"x" {b} "yz"`},
		{`f''`, ``},
		{`f'\n{b}\x41'`, `"\n" {b} "A"`},
		{`rf'\n{b}'`, `"\\n" {b}`},
		{`f'{b}' f'{c}'`, `{b} {c}`},
	}
	for _, tt := range tests {
		x, ds := ParseExpr(newTestFile(tt.src))
		if len(ds) > 0 {
			t.Errorf("%s: %q", tt.src, diagStrings(ds))
			continue
		}
		j, ok := x.(*JoinedStr)
		if !ok {
			t.Errorf("%s: %T", tt.src, x)
			continue
		}
		if got := fmtParts(j.Parts); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func fmtParts(parts []Expr) string {
	var out []string
	for _, p := range parts {
		switch v := p.(type) {
		case *Str:
			out = append(out, fmt.Sprintf("%q", v.Value))
		case *FormattedValue:
			s := "{"
			if n, ok := v.Value.(*Name); ok {
				s += n.Id
			} else {
				s += fmt.Sprintf("%T", v.Value)
			}
			if v.Conversion != 0 {
				s += "!" + string(v.Conversion)
			}
			if v.DebugText != "" {
				s += fmt.Sprintf(" debug=%q", v.DebugText)
			}
			if v.Spec != nil {
				s += " spec[" + fmtParts(v.Spec.Parts) + "]"
			}
			out = append(out, s+"}")
		default:
			out = append(out, fmt.Sprintf("%T", p))
		}
	}
	return strings.Join(out, " ")
}
