package lsp

import (
	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// snapshot is the analysis of one version of a document; every feature
// reads the same snapshot.
type snapshot struct {
	version int32
	file    *source.File
	module  *syntax.Module
	code    *bytecode.Code // nil when the file has errors
	diags   source.Diagnostics
	// codes maps a function's qualname+first line to its code object.
	codes map[codeKey]*bytecode.Code
}

type codeKey struct {
	qual string
	line int
}

// analyzeHook is how diagnostics are computed; the analysis package's
// checks plug in here (lint.go).
var analyzeHook = func(f *source.File, m *syntax.Module, code *bytecode.Code, diags source.Diagnostics) source.Diagnostics {
	return diags
}

// snapshot returns (computing once per version) the analysis of d.
func (d *Document) snapshot() *snapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.snap != nil && d.snap.version == d.Version {
		return d.snap
	}
	f := source.NewFile(d.Path, d.Text)
	m, code, diags := compiler.CompileFile(f, compiler.Options{})
	for i := range diags {
		if diags[i].File == nil {
			diags[i].File = f
		}
	}
	sn := &snapshot{version: d.Version, file: f, module: m, code: code, codes: map[codeKey]*bytecode.Code{}}
	sn.diags = analyzeHook(f, m, code, diags)
	if code != nil {
		code.Walk(func(c *bytecode.Code) {
			sn.codes[codeKey{c.QualName, c.FirstLine}] = c
		})
	}
	d.snap = sn
	return sn
}
