package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// RedefinedUnused reports a def, class or import rebound by another def,
// class or import before anything used it.
var RedefinedUnused = register(&Analyzer{
	Name:     "redefined-unused",
	Code:     "W203",
	Severity: source.Warning,
	Doc: `A function, class or import is redefined before it is used.

The first definition is dead: nothing between the two definitions read the
name. Only definitions in the same block count (a try/except ImportError
fallback or an if/else choice is fine), and reads by code that runs at
once (the same scope, class bodies, comprehensions, decorators such as
@x.setter) count as uses; reads inside function bodies run later and do
not.`,
	Run: runRedefined,
})

func runRedefined(p *Pass) {
	// Which block each def, class and import statement belongs to.
	block := map[syntax.Stmt]*syntax.Stmt{}
	forEachBlock(p.Module, func(list []syntax.Stmt) {
		for _, st := range list {
			switch st.(type) {
			case *syntax.FunctionDef, *syntax.ClassDef, *syntax.Import, *syntax.ImportFrom:
				block[st] = &list[0]
			}
		}
	})
	stmtOf := func(d syntax.Node) syntax.Stmt {
		if id, ok := d.(*syntax.Ident); ok {
			if n := p.ix.identDef[id]; n != nil {
				return n.(syntax.Stmt)
			}
			if r, ok := p.ix.imports[id]; ok {
				return r.Stmt
			}
		}
		return nil
	}
	for _, fn := range p.ix.funcs {
		s := fn.Scope
		for _, name := range s.Order {
			sym := s.Symbols[name]
			if len(sym.Defs) < 2 || sym.Flags&(syntax.SymDef|syntax.SymImported) == 0 {
				continue
			}
			uses := p.ix.readers[sym]
			for i := 0; i+1 < len(sym.Defs); i++ {
				d1, d2 := sym.Defs[i], sym.Defs[i+1]
				s1, s2 := stmtOf(d1), stmtOf(d2)
				if s1 == nil || s2 == nil || block[s1] == nil || block[s1] != block[s2] {
					continue
				}
				if usedBetween(uses, s, s1.Span().Start, d2.Span().Start) {
					continue
				}
				if _, isImport := s2.(*syntax.Import); isImport {
					if _, wasImport := s1.(*syntax.Import); wasImport && sameImport(p, d1, d2) {
						// "import a.b" then "import a.c" both bind a.
						continue
					}
				}
				line := p.File.Position(d1.Span().Start).Line
				p.Reportf(d2.Span(), "redefinition of unused '%s' from line %d", name, line)
			}
		}
	}
}

// usedBetween reports whether a read that runs immediately lies in
// [from, to): a read in scope s itself, a class body or a comprehension.
func usedBetween(uses []nameUse, s *syntax.Scope, from, to source.Pos) bool {
	for _, u := range uses {
		at := u.n.Span().Start
		if at < from || at >= to {
			continue
		}
		if u.s == s || u.s.Kind == syntax.ClassScope || u.s.Kind == syntax.ComprehensionScope {
			return true
		}
	}
	return false
}

// sameImport reports whether two plain imports bind the same top-level
// package through different dotted names ("import a.b", "import a.c").
func sameImport(p *Pass, d1, d2 syntax.Node) bool {
	r1, r2 := p.ix.imports[d1], p.ix.imports[d2]
	return r1.Alias != nil && r2.Alias != nil && r1.Alias.AsName == nil && r2.Alias.AsName == nil &&
		r1.Alias.Name.Name != r2.Alias.Name.Name
}
