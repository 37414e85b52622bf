package lsp

import (
	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/resolve"
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
	if code == nil {
		if m != nil && m.Scope == nil {
			// Parse errors stopped CompileFile before resolution; resolve
			// the recovered tree anyway so navigation and hovers work.
			resolve.Resolve(m)
		}
		sn.code = compileValidParts(f, diags)
	}
	if sn.code != nil {
		sn.code.Walk(func(c *bytecode.Code) {
			sn.codes[codeKey{c.QualName, c.FirstLine}] = c
		})
	}
	d.snap = sn
	return sn
}

// compileValidParts compiles the top-level statements that contain no
// error, so hovers and lenses keep their stack sizes while another part of
// the file is being edited.
func compileValidParts(f *source.File, diags source.Diagnostics) *bytecode.Code {
	m, _ := syntax.Parse(f)
	if m == nil {
		return nil
	}
	var keep []syntax.Stmt
	for _, st := range m.Body {
		if _, bad := st.(*syntax.BadStmt); bad {
			continue
		}
		sp := st.Span()
		broken := false
		for _, d := range diags {
			if d.Severity == source.Error && d.Span.Start >= sp.Start && d.Span.Start <= sp.End {
				broken = true
				break
			}
		}
		if !broken {
			keep = append(keep, st)
		}
	}
	m.Body = keep
	if rd := resolve.Resolve(m); rd.HasErrors() {
		return nil
	}
	code, cd := compiler.Compile(m, compiler.Options{})
	if cd.HasErrors() {
		return nil
	}
	return code
}
