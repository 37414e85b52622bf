package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// UndefinedName reports reads of names that no scope binds and that are
// not builtins: a NameError waiting to happen.
var UndefinedName = register(&Analyzer{
	Name:     "undefined-name",
	Code:     "E201",
	Severity: source.Error,
	Doc: `A name is read that is bound nowhere in its scope or an enclosing one and is not a builtin.

The name is resolved with Python's scoping rules (function locals, enclosing
functions, module globals, builtins; class bodies are not visible from
their methods). Names that a function assigns after a "global" declaration
count as module globals. Running the line raises NameError.`,
	Run: runUndefinedName,
})

func runUndefinedName(p *Pass) {
	for _, u := range p.ix.unbound {
		id := u.n.Id
		if builtinNames[id] || moduleGlobals[id] || p.ix.globalAssigned[id] {
			continue
		}
		if u.s.Kind == syntax.ClassScope && classBodyNames[id] {
			continue
		}
		if id == "__class__" && u.s.Kind != syntax.ModuleScope {
			continue
		}
		p.Reportf(u.n.Span(), "undefined name '%s'", id)
	}
}
