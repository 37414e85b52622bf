package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

// TestAnalyzeWithReusesAcrossErrors: a version with a syntax error passes
// the code of the version before it on, and the version after the error
// reuses it and gets exactly a fresh compile's code.
func TestAnalyzeWithReusesAcrossErrors(t *testing.T) {
	v1 := "def f(a):\n    return a + 1\n\nclass C:\n    def m(self):\n        return f(2)\n\nx = f(1)\n"
	v2 := strings.Replace(v1, "x = f(1)", "x = f(1", 1)
	v3 := "\n" + strings.Replace(v1, "x = f(1)", "y = f(3)", 1)
	r1, _ := AnalyzeWith(source.NewFile("m.weft", []byte(v1)), Options{})
	if r1.Code == nil || len(r1.tops) != 2 {
		t.Fatalf("v1: code %v, %d top-level code objects", r1.Code != nil, len(r1.tops))
	}
	r2, _ := AnalyzeWith(source.NewFile("m.weft", []byte(v2)), Options{Previous: r1})
	if r2.Code != nil || len(r2.tops) != 2 || r2.topsFile != r1.File {
		t.Fatalf("v2 (syntax error) did not pass v1's code on")
	}
	reused := 0
	f3 := source.NewFile("m.weft", []byte(v3))
	reuse := compiler.Reuser(r2.topsFile, r2.tops, f3)
	r3, _ := AnalyzeWith(f3, Options{Previous: r2})
	for _, tc := range r3.tops {
		if reuse(tc.Stmt) != nil {
			reused++
		}
	}
	if reused != 2 {
		t.Errorf("v3: %d of 2 definitions reusable", reused)
	}
	_, want, _ := compiler.CompileFile(source.NewFile("m.weft", []byte(v3)), compiler.Options{})
	if !reflect.DeepEqual(r3.Code, want) {
		t.Errorf("v3: code differs from a fresh compile")
	}
}
