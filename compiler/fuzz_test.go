package compiler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

var fuzzSeeds = []string{
	"",
	"x = 1\n",
	"def f(a, *b, c=1, **d):\n    return [x for x in b if x]\n",
	"while True:\n    try:\n        break\n    finally:\n        continue\n",
	"for x in y:\n    with a as b, c:\n        try:\n            return\n        except E as e:\n            break\n",
	"class C(B, metaclass=M):\n    def f(self):\n        return super().f(__class__)\n",
	"def g():\n    x = yield\n    yield from (lambda: (yield x))()\n",
	"a, *b, c = d = e[1:2, ::3] = f\"{g!r:{h}}\"\n",
	"try:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
	"def f():\n    try:\n        return 1\n    finally:\n        return 2\n",
	"x[i] += 1; x.a **= 2; del x[0], x.a, y\n",
	"assert a < b < c, (yield)\n",
	"import a.b.c as d\nfrom . import x as y\n",
	"def f():\n    nonlocal x\n",
	"break\n",
	"f(**a, b=1, *c)\n",
}

// FuzzCompile parses, resolves and compiles arbitrary input: any input
// must give diagnostics or code objects that pass Verify, never a panic or
// an internal error.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, pattern := range []string{"../testdata/dis/*.weft", "../testdata/conformance/*.weft"} {
		files, _ := filepath.Glob(pattern)
		for _, path := range files {
			if text, err := os.ReadFile(path); err == nil {
				f.Add(string(text))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, opts := range []Options{{}, {ReturnLastExpr: true}} {
			_, code, diags := CompileFile(source.NewFile("fuzz.weft", []byte(src)), opts)
			for _, d := range diags {
				if d.Code == InternalCode {
					t.Fatalf("internal error: %s\ninput:\n%s", d, src)
				}
			}
			if code == nil {
				if !diags.HasErrors() {
					t.Fatalf("no code and no error for:\n%s", src)
				}
				continue
			}
			code.Walk(func(c *bytecode.Code) {
				if err := Verify(c); err != nil {
					t.Fatalf("Verify: %v\ninput:\n%s", err, src)
				}
			})
		}
	})
}
