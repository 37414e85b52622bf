package resolve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// FuzzResolve parses and resolves arbitrary input: whatever the parser
// makes of it (Bad nodes included), Resolve must not panic and must leave
// a consistent scope tree.
func FuzzResolve(f *testing.F) {
	for _, tc := range resolveCases {
		f.Add(tc.src)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "resolve", "*.weft"))
	for _, path := range files {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"", "def", "def f(:\n  nonlocal\n", "class C(:\n  def m(self): return super(\n",
		"[x for x in (y := ", "lambda *, **: (yield)", "def f(a, a, *a, **a): global a",
		"for in : break\nelse: continue", "x = [y for y in z if (w := y) for w in q]",
		"class __:\n def __f(self, __x): nonlocal __x\n", "@d\ndef f[T](x): pass",
		"try:\n pass\nexcept E as :\n pass", "import a.b.c as\nfrom . import (x,", "f'{x!r:{y}}' + f'{",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		m, _ := syntax.Parse(source.NewFile("fuzz.weft", []byte(src)))
		if m == nil {
			return
		}
		for _, d := range Resolve(m) {
			if d.Code != Code || d.Message == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		if m.Scope == nil || m.Scope.Kind != syntax.ModuleScope {
			t.Fatal("no module scope")
		}
		scopes, _ := allScopes(m.Scope)
		for _, s := range scopes {
			for i, n := range s.Locals {
				if s.Symbols[n] == nil {
					t.Fatalf("%s: local %d %q has no symbol", s.QualName, i, n)
				}
			}
			for _, c := range s.Children {
				if c.Parent != s {
					t.Fatalf("%s: broken parent link", s.QualName)
				}
			}
		}
	})
}
