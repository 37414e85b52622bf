package driver

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/vm"
)

// TestImports runs testdata/imports/app/main.weft, which imports a module
// from its own folder and one from WEFTPATH, and compares its output with
// python3's (testdata/imports/generate.sh). Each module runs once.
func TestImports(t *testing.T) {
	lib, _ := filepath.Abs(filepath.Join("..", "testdata", "imports", "lib"))
	t.Setenv("WEFTPATH", lib)
	main := filepath.Join("..", "testdata", "imports", "app", "main.weft")
	want, err := os.ReadFile(filepath.Join("..", "testdata", "imports", "app", "main.out"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := RunFile(context.Background(), main, nil, Budgets{MaxInstructions: 1e7}, vm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Traceback != "" || len(out.Diagnostics) > 0 {
		t.Fatalf("unexpected failure:\n%s%v", out.Traceback, out.Diagnostics)
	}
	if !bytes.Equal(out.Stdout, want) {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.Stdout, want)
	}
}
