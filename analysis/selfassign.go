package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// SelfAssignment reports x = x.
var SelfAssignment = register(&Analyzer{
	Name:     "self-assignment",
	Code:     "W208",
	Severity: source.Warning,
	Doc: `A variable is assigned to itself (x = x, or a, b = a, b).

The statement does nothing (or, for a function local not yet assigned,
raises UnboundLocalError); usually another name was meant. Class bodies
are exempt: there "x = x" copies a global into the class namespace.`,
	Run: runSelfAssignment,
})

func runSelfAssignment(p *Pass) {
	for _, e := range p.ix.nodes {
		a, ok := e.n.(*syntax.Assign)
		if !ok || e.s.Kind == syntax.ClassScope {
			continue
		}
		for _, t := range a.Targets {
			selfAssigned(p, t, a.Value)
		}
	}
}

func selfAssigned(p *Pass, target, value syntax.Expr) {
	switch t := target.(type) {
	case *syntax.Name:
		if v, ok := value.(*syntax.Name); ok && v.Id == t.Id {
			p.Reportf(t.Span().Join(v.Span()), "'%s' is assigned to itself", t.Id)
		}
	case *syntax.Tuple:
		if v, ok := value.(*syntax.Tuple); ok && len(v.Elts) == len(t.Elts) {
			for i := range t.Elts {
				selfAssigned(p, t.Elts[i], v.Elts[i])
			}
		}
	case *syntax.List:
		if v, ok := value.(*syntax.List); ok && len(v.Elts) == len(t.Elts) {
			for i := range t.Elts {
				selfAssigned(p, t.Elts[i], v.Elts[i])
			}
		}
	}
}
