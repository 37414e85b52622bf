package lsp

import (
	"github.com/weft-lang/weft/analysis"
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
	// stack is the analysis package's stack report (nil when the file
	// does not compile as a whole).
	stack *analysis.StackReport
}

type codeKey struct {
	qual string
	line int
}

// snapshot returns (computing once per version) the analysis of d: the
// same analysis.Analyze that `weft lint` runs, with the weft.toml that
// applies to the file.
func (d *Document) snapshot() *snapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.snap != nil && d.snap.version == d.Version {
		return d.snap
	}
	f := source.NewFile(d.Path, d.Text)
	cfg := d.server.lintConfig(d.Path)
	res := analysis.Analyze(f, cfg, d.server.modules())
	sn := &snapshot{version: d.Version, file: f, module: res.Module, code: res.Code, diags: res.Diagnostics,
		codes: map[codeKey]*bytecode.Code{}}
	for i := range sn.diags {
		if sn.diags[i].File == nil {
			sn.diags[i].File = f
		}
	}
	if res.Code != nil {
		sn.stack = res.Stack()
	} else {
		if sn.module != nil && sn.module.Scope == nil {
			// Parse errors stopped the analysis before resolution; resolve
			// the recovered tree anyway so navigation and hovers work.
			resolve.Resolve(sn.module)
		}
		sn.code = compileValidParts(f, sn.diags)
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
