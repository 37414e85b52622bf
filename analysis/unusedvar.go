package analysis

import (
	"strings"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// UnusedVariable reports function locals that are assigned and never read.
var UnusedVariable = register(&Analyzer{
	Name:     "unused-variable",
	Code:     "W201",
	Severity: source.Warning,
	Doc: `A local variable of a function is assigned but never read.

As in pyflakes, only plain assignments (x = ..., x: T = ..., x := ...,
with ... as x, except ... as x) count: names bound by tuple unpacking,
for loops and comprehensions, names starting with "_", parameters,
globals, nonlocals and variables captured by inner functions are never
reported. An augmented assignment (x += 1) reads the variable.`,
	Run: runUnusedVariable,
})

func runUnusedVariable(p *Pass) {
	for _, fn := range p.ix.funcs {
		if fn.Kind != KindFunction && fn.Kind != KindMethod && fn.Kind != KindLambda {
			continue
		}
		s := fn.Scope
		for _, name := range s.Order {
			sym := s.Symbols[name]
			if sym.Binding != syntax.BindLocal || sym.Flags&syntax.SymAssigned == 0 ||
				sym.Flags&(syntax.SymParam|syntax.SymGlobal|syntax.SymNonlocal|syntax.SymImported|syntax.SymCell) != 0 ||
				strings.HasPrefix(name, "_") || len(p.ix.readers[sym]) > 0 {
				continue
			}
			var report syntax.Node
			skip := false
			for _, d := range sym.Defs {
				switch p.ix.bind[d] {
				case bindAug, bindUnpack, bindLoop, bindDef, bindClass:
					skip = true
				case bindAssign, bindWalrus, bindWith, bindExcept, bindAnnot:
					if report == nil {
						report = d
					}
				}
			}
			if skip {
				continue
			}
			if report != nil {
				p.Reportf(report.Span(), "local variable '%s' is assigned to but never used", name)
			}
		}
	}
}
