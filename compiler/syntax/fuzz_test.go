package syntax

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

var fuzzSeeds = []string{
	"", "\n", "x", "x = 1\n", "if x:\n  pass\n", "if x:\n\tpass\n        y\n",
	"(", ")", "[}", "f(a b)", "'", "'''", "f'{", "f'{x!r:{y}}'", "f'{x=}'",
	"f'{f\"{x}\"}'", "rb'x'", "1__0", "0x", "1e", "1j", ".5", "1.e5", "0b2",
	"\\", "x \\\n= 1", "\x00", "\xff\xfe", "\ufeffx", "€", "\u00a0",
	"def f(a, /, b=1, *c, d, **e) -> int: return a",
	"class A(B, metaclass=M):\n  @property\n  def x(self): ...\n",
	"lambda *, k: k", "x = yield", "async def f(): await x",
	"match x:\n  case 1: pass\n", "match = case = 1",
	"try:\n  pass\nexcept* E:\n  pass\n", "with (a as b, c):\n  pass\n",
	"from . import x", "from m import *", "a @ b", "x = 'a' \\\n 'b'",
	"if x:\r\n  y\r\n", "if x:\r  y\r", "\f x", "  x\n", "x\n  y\n z\n",
	"((((((((((1))))))))))", "-" + "-" + "-x", "not not x", "[*a, *b] = c",
	"{**a, 'b': 1}", "[x for x in y if z for w in x]", "a[1:2:3, ...]",
	"print 'x'", "if x = 1: pass", "f(**a, *b)", "del *a",
	"x = f'''\n{\n  a +\n}'''", "'\\N{DASH}'", "'\\x4'", "'\\U00110000'",
	"'\\N{EM DASH}\\N{hangul syllable GA}'", "f'\\N{x' '\\N{}'", "f'{x:\\N{BULLET}}\\N}'",
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, pattern := range []string{"syntax", "conformance"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", pattern, "*.weft"))
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err == nil {
				f.Add(data)
			}
		}
	}
}

func checkDiagSpans(t *testing.T, src []byte, ds source.Diagnostics) {
	n := source.Pos(len(src))
	for _, d := range ds {
		if d.Span.Start < 0 || d.Span.End > n || d.Span.Start > d.Span.End {
			t.Fatalf("diagnostic span %v outside file of %d bytes: %s", d.Span, n, d.Message)
		}
		if d.Code == "" || d.Name == "" || d.Message == "" {
			t.Fatalf("diagnostic without code, name or message: %+v", d)
		}
	}
}

func FuzzScan(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file := source.NewFile("fuzz.weft", src)
		s := NewScanner(file)
		limit := 4*len(src) + 16
		prev := source.Pos(0)
		for i := 0; ; i++ {
			tok := s.Next()
			if tok.Pos < prev || tok.End < tok.Pos || int(tok.End) > len(src) {
				t.Fatalf("token %v has span %v after %v", tok.Kind, tok.Span(), prev)
			}
			prev = tok.Pos
			if tok.Kind == EOF {
				break
			}
			if i > limit {
				t.Fatalf("more than %d tokens for %d bytes", limit, len(src))
			}
		}
		if tok := s.Next(); tok.Kind != EOF {
			t.Fatalf("token %v after EOF", tok.Kind)
		}
		checkDiagSpans(t, src, s.Diagnostics())
		for _, c := range s.Comments() {
			if c.Sp.Start < 0 || int(c.Sp.End) > len(src) || string(src[c.Sp.Start:c.Sp.End]) != c.Text {
				t.Fatalf("comment %q has span %v", c.Text, c.Sp)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file := source.NewFile("fuzz.weft", src)
		m, ds := Parse(file)
		checkDiagSpans(t, src, ds)
		lines := make(map[int]bool)
		for _, d := range ds {
			line := file.Position(d.Span.Start).Line
			if lines[line] {
				t.Fatalf("two diagnostics on line %d", line)
			}
			lines[line] = true
		}
		n := source.Pos(len(src))
		Inspect(m, func(node Node) bool {
			sp := node.Span()
			if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
				t.Fatalf("%T has span %v in a file of %d bytes", node, sp, n)
			}
			return true
		})
		if len(ds) == 0 {
			// A clean parse has properly nested spans.
			checkSpans(t, file, m)
		}
		x, ds := ParseExpr(file)
		if x == nil {
			t.Fatal("ParseExpr returned nil")
		}
		checkDiagSpans(t, src, ds)
	})
}
