package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// ShadowedBuiltin reports bindings that hide a builtin.
var ShadowedBuiltin = register(&Analyzer{
	Name:     "shadowed-builtin",
	Code:     "W205",
	Severity: source.Warning,
	Doc: `A variable, parameter, function, class or import hides a builtin of the same name.

Code in the scope (and in nested functions) that means the builtin gets
the new value instead. Class attributes and methods are not reported:
they live in the class namespace (a method named "format" or "id" is
fine).`,
	Run: runShadowedBuiltin,
})

func runShadowedBuiltin(p *Pass) {
	for _, fn := range p.ix.funcs {
		s := fn.Scope
		if s.Kind == syntax.ClassScope {
			continue
		}
		for _, name := range s.Order {
			sym := s.Symbols[name]
			if !builtinNames[name] || sym.Flags&syntax.SymBound == 0 || len(sym.Defs) == 0 {
				continue
			}
			if sym.Flags&(syntax.SymNonlocal) != 0 || s.Kind == syntax.ComprehensionScope && sym.Flags&syntax.SymCompIter == 0 {
				continue
			}
			what := "variable"
			switch p.ix.bind[sym.Defs[0]] {
			case bindParam:
				what = "parameter"
			case bindDef:
				what = "function"
			case bindClass:
				what = "class"
			case bindImport:
				what = "import"
			}
			p.Reportf(sym.Defs[0].Span(), "%s '%s' shadows a builtin", what, name)
		}
	}
}
