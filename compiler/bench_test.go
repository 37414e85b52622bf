package compiler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// BenchmarkCompile measures code generation and stack analysis alone
// (parsing and resolving happen once, outside the timer) over the
// conformance corpus.
func BenchmarkCompile(b *testing.B) {
	files, _ := filepath.Glob("../testdata/conformance/*.weft")
	var mods []*syntax.Module
	size := 0
	for _, path := range files {
		text, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		m, diags := syntax.Parse(source.NewFile(path, text))
		if diags.HasErrors() {
			continue
		}
		if resolve.Resolve(m).HasErrors() {
			continue
		}
		mods = append(mods, m)
		size += len(text)
	}
	if len(mods) == 0 {
		b.Skip("no programs")
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, m := range mods {
			if _, diags := Compile(m, Options{}); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	}
}
