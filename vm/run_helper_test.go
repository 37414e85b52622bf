package vm_test

import (
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

// runPrinting runs src as __main__ in a fresh VM made with opts (its
// Stdout replaced), waits for its threads, and returns what it printed;
// an uncaught exception fails the test.
func runPrinting(t *testing.T, src string, opts vm.Options) string {
	t.Helper()
	_, code, diags := compiler.CompileFile(source.NewFile("snippet.weft", []byte(src)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var out strings.Builder
	opts.Stdout = &out
	m := vm.New(opts)
	if res := m.RunModule(code, "__main__"); res.Exception != nil {
		t.Fatal(m.FormatTraceback(res.Exception))
	}
	if err := m.Finish(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
