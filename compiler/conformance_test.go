package compiler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// compileAndVerify compiles a file and checks every code object with
// Verify.
func compileAndVerify(t *testing.T, path string, text []byte) *bytecode.Code {
	t.Helper()
	_, code, diags := CompileFile(source.NewFile(path, text), Options{})
	for _, d := range diags {
		if d.Code == InternalCode {
			t.Errorf("%s", d)
		}
	}
	if code == nil {
		return nil
	}
	code.Walk(func(c *bytecode.Code) {
		if err := Verify(c); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	})
	return code
}

// TestConformanceVerify compiles every conformance program and verifies
// every code object it produces.
func TestConformanceVerify(t *testing.T) {
	files, err := filepath.Glob("../testdata/conformance/*.weft")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no conformance programs")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, _, diags := CompileFile(source.NewFile(path, text), Options{})
			if diags.HasErrors() {
				for _, d := range diags {
					t.Logf("%s", d)
				}
				t.Skip("front end reports errors")
			}
			compileAndVerify(t, path, text)
		})
	}
}
