// Package driver is the glue between the compiler and the VM that the
// command line and the language server share: it finds and compiles
// modules for import, runs a file or a snippet under budgets, and turns
// the outcome into plain data.
//
// Design: the VM never imports the compiler (DESIGN.md); it receives a
// vm.Loader. This package provides that loader (search the importing
// file's folder, then each folder of WEFTPATH) and the run entry points, so
// the CLI's `weft run` and the server's evaluation behave identically.
package driver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

// SearchPath returns the folders listed in WEFTPATH.
func SearchPath() []string {
	p := os.Getenv("WEFTPATH")
	if p == "" {
		return nil
	}
	return filepath.SplitList(p)
}

// FindModule returns the path of NAME.weft in dir or the search path.
func FindModule(name, dir string, path []string) (string, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return "", false
	}
	rel := strings.ReplaceAll(name, ".", string(filepath.Separator)) + ".weft"
	for _, d := range append([]string{dir}, path...) {
		p := filepath.Join(d, rel)
		// Regular files only: reading a FIFO would block the import.
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// CompileError is returned by the loader when an imported module has
// syntax or scope errors.
type CompileError struct {
	Diags source.Diagnostics
}

func (e *CompileError) Error() string {
	var b strings.Builder
	for i, d := range e.Diags {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// NewLoader returns a vm.Loader over the file system with the given
// search path. Overlay, when not nil, supplies unsaved editor buffers by
// path.
func NewLoader(path []string, overlay func(path string) ([]byte, bool)) vm.Loader {
	return func(name, fromDir string) (*bytecode.Code, []byte, bool, error) {
		p, ok := FindModule(name, fromDir, path)
		if !ok {
			return nil, nil, false, nil
		}
		var text []byte
		fromOverlay := false
		if overlay != nil {
			text, fromOverlay = overlay(p)
		}
		if !fromOverlay {
			var err error
			text, err = os.ReadFile(p)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil, nil, false, nil
				}
				return nil, nil, false, err
			}
		}
		f := source.NewFile(p, text)
		_, code, diags := compiler.CompileFile(f, compiler.Options{})
		if diags.HasErrors() || code == nil {
			return nil, nil, false, vm.NewException(vm.ImportErrorType, vm.NewStr((&CompileError{Diags: diags}).Error()))
		}
		return code, text, true, nil
	}
}
