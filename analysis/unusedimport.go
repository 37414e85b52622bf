package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// UnusedImport reports imports whose name is never read.
var UnusedImport = register(&Analyzer{
	Name:     "unused-import",
	Code:     "W202",
	Severity: source.Warning,
	Doc: `An imported name is never used.

Reads from any scope count, as do the strings of a module-level __all__.
A redundant alias ("import m as m", "from m import x as x") marks an
intentional re-export and is not reported.`,
	Run: runUnusedImport,
})

func runUnusedImport(p *Pass) {
	exported := dunderAll(p.Module)
	for _, fn := range p.ix.funcs {
		s := fn.Scope
		for _, name := range s.Order {
			sym := s.Symbols[name]
			if sym.Flags&syntax.SymImported == 0 || len(p.ix.readers[sym]) > 0 {
				continue
			}
			if s.Kind == syntax.ModuleScope && exported[name] {
				continue
			}
			for _, d := range sym.Defs {
				r, ok := p.ix.imports[d]
				if !ok || r.Alias == nil {
					continue
				}
				a := r.Alias
				if a.AsName != nil && a.Name != nil && a.AsName.Name == lastComponent(a.Name.Name) {
					continue
				}
				what := a.Name.Name
				if r.Name != "" {
					what = r.Module + "." + r.Name
					if r.Level > 0 {
						what = dots(r.Level) + what
					}
				}
				if a.AsName != nil {
					what += " as " + a.AsName.Name
				}
				p.Reportf(a.Span(), "'%s' imported but unused", what)
			}
		}
	}
}

func lastComponent(dotted string) string {
	for i := len(dotted) - 1; i >= 0; i-- {
		if dotted[i] == '.' {
			return dotted[i+1:]
		}
	}
	return dotted
}

func dots(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '.'
	}
	return string(b)
}

// dunderAll returns the names listed in module-level __all__ assignments.
func dunderAll(m *syntax.Module) map[string]bool {
	var out map[string]bool
	add := func(e syntax.Expr) {
		var elts []syntax.Expr
		switch x := e.(type) {
		case *syntax.List:
			elts = x.Elts
		case *syntax.Tuple:
			elts = x.Elts
		}
		for _, el := range elts {
			if s, ok := el.(*syntax.Str); ok {
				if out == nil {
					out = map[string]bool{}
				}
				out[s.Value] = true
			}
		}
	}
	for _, st := range m.Body {
		switch a := st.(type) {
		case *syntax.Assign:
			for _, t := range a.Targets {
				if n, ok := t.(*syntax.Name); ok && n.Id == "__all__" {
					add(a.Value)
				}
			}
		case *syntax.AugAssign:
			if n, ok := a.Target.(*syntax.Name); ok && n.Id == "__all__" {
				add(a.Value)
			}
		case *syntax.AnnAssign:
			if n, ok := a.Target.(*syntax.Name); ok && n.Id == "__all__" && a.Value != nil {
				add(a.Value)
			}
		}
	}
	return out
}
