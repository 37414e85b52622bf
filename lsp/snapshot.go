package lsp

import (
	"context"
	"sync"

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
	gen     uint64 // the server's lint generation the analysis used
	*analysisData
}

// analysisData is the analysis of a text. The diagnostics are computed
// first (they are what the editor
// waits for after each keystroke); the code of a file with errors, the
// stack report and the lookup tables of hovers and lenses are computed on
// first use.
type analysisData struct {
	file   *source.File
	module *syntax.Module
	diags  source.Diagnostics
	// res is the analysis result, given to the next version's analysis
	// to reuse the code of unchanged top-level defs and classes.
	res *analysis.Result

	extrasOnce sync.Once
	code       *bytecode.Code // nil when nothing compiles
	// stack is the analysis package's stack report (nil when the file
	// does not compile as a whole).
	stack *analysis.StackReport
	// byQual lists the code objects of each qualified name in walk order;
	// byCode is the stack report entry of each code object.
	byQual map[string][]*bytecode.Code
	byCode map[*bytecode.Code]*analysis.FunctionStack
}

// extras computes (once) what hovers, lenses and stack reports need
// beyond the diagnostics.
func (sn *analysisData) extras() {
	sn.extrasOnce.Do(func() {
		if sn.res != nil && sn.res.Code != nil {
			sn.code = sn.res.Code
			sn.stack = sn.res.Stack()
		} else if sn.module != nil {
			sn.code = compileValidParts(sn.file, sn.diags)
		}
		sn.byQual = map[string][]*bytecode.Code{}
		if sn.code != nil {
			sn.code.Walk(func(c *bytecode.Code) {
				sn.byQual[c.QualName] = append(sn.byQual[c.QualName], c)
			})
		}
		sn.byCode = map[*bytecode.Code]*analysis.FunctionStack{}
		if sn.stack != nil {
			for _, fs := range sn.stack.Functions {
				if fs.Func == nil || fs.Func.Code == nil {
					continue
				}
				if _, dup := sn.byCode[fs.Func.Code]; !dup {
					sn.byCode[fs.Func.Code] = fs
				}
			}
		}
	})
}

// compiled returns the snapshot's code (see extras).
func (sn *analysisData) compiled() *bytecode.Code {
	sn.extras()
	return sn.code
}

// analyze computes the snapshot of one version of d, reusing the compiled
// code of prev (the newest earlier snapshot, when the configuration has
// not changed since) for the unchanged top-level defs and classes. The
// analyzers always run again: the findings about imported modules can
// change while the text does not. It returns nil when ctx is cancelled.
func (d *Document) analyze(ctx context.Context, version int32, text []byte, prev *snapshot) *snapshot {
	gen := d.server.lintGen()
	f := source.NewFile(d.Path, text)
	cfg := d.server.lintConfig(d.Path)
	opts := analysis.Options{Config: cfg, Imports: d.server.modules(), Context: ctx}
	if prev != nil && prev.gen == gen {
		opts.Previous = prev.res
	}
	res, err := analysis.AnalyzeWith(f, opts)
	if err != nil {
		return nil
	}
	sn := &snapshot{version: version, gen: gen, analysisData: &analysisData{file: f, module: res.Module, diags: res.Diagnostics, res: res}}
	for i := range sn.diags {
		if sn.diags[i].File == nil {
			sn.diags[i].File = f
		}
	}
	if res.Code == nil && sn.module != nil && sn.module.Scope == nil {
		// Parse errors stopped the analysis before resolution; resolve
		// the recovered tree anyway so navigation and hovers work.
		resolve.Resolve(sn.module)
	}
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
