package lsp

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// pathAt returns the nodes whose spans contain off, outermost first.
func pathAt(m *syntax.Module, off source.Pos) []syntax.Node {
	var path []syntax.Node
	if m == nil {
		return nil
	}
	syntax.Inspect(m, func(n syntax.Node) bool {
		if n == nil {
			return false
		}
		sp := n.Span()
		if off < sp.Start || off > sp.End {
			return false
		}
		path = append(path, n)
		return true
	})
	return path
}

// identAt finds the innermost name-like node at off: a *syntax.Name or a
// *syntax.Ident, plus the path to it.
func identAt(m *syntax.Module, off source.Pos) (syntax.Node, []syntax.Node) {
	path := pathAt(m, off)
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i].(type) {
		case *syntax.Name, *syntax.Ident:
			return path[i], path[:i+1]
		}
	}
	return nil, path
}

// scopeAt returns the innermost scope containing off.
func scopeAt(m *syntax.Module, path []syntax.Node) *syntax.Scope {
	sc := m.Scope
	for _, n := range path {
		switch x := n.(type) {
		case *syntax.FunctionDef:
			if x.Scope != nil && inBody(x, path) {
				sc = x.Scope
			}
		case *syntax.Lambda:
			if x.Scope != nil {
				sc = x.Scope
			}
		case *syntax.ClassDef:
			if x.Scope != nil && inBody(x, path) {
				sc = x.Scope
			}
		case *syntax.ListComp:
			if x.Scope != nil {
				sc = x.Scope
			}
		case *syntax.SetComp:
			if x.Scope != nil {
				sc = x.Scope
			}
		case *syntax.DictComp:
			if x.Scope != nil {
				sc = x.Scope
			}
		case *syntax.GeneratorExp:
			if x.Scope != nil {
				sc = x.Scope
			}
		}
	}
	return sc
}

// inBody reports whether the path goes into the def/class body (or its
// parameters) rather than its name, decorators or bases.
func inBody(def syntax.Node, path []syntax.Node) bool {
	for i, n := range path {
		if n != def || i+1 >= len(path) {
			continue
		}
		child := path[i+1]
		switch d := def.(type) {
		case *syntax.FunctionDef:
			if child == d.Name {
				return false
			}
			for _, dec := range d.Decorators {
				if dec == child {
					return false
				}
			}
			return true
		case *syntax.ClassDef:
			if child == d.Name {
				return false
			}
			for _, b := range d.Bases {
				if b == child {
					return false
				}
			}
			for _, dec := range d.Decorators {
				if dec == child {
					return false
				}
			}
			return true
		}
	}
	return false
}

// definitionOf finds the node that binds name as seen from scope sc: the
// Ident of a def/class/param or the first Name/Ident in the binding scope.
func definitionOf(sc *syntax.Scope, name string) (syntax.Node, *syntax.Scope) {
	for s := sc; s != nil; s = s.Parent {
		if s != sc && s.Kind == syntax.ClassScope {
			continue
		}
		sym, ok := s.Symbols[name]
		if !ok || sym.Flags&syntax.SymBound == 0 || sym.Flags&(syntax.SymGlobal|syntax.SymNonlocal|syntax.SymFree) != 0 {
			if ok && sym.Flags&syntax.SymGlobal != 0 {
				for top := s; top != nil; top = top.Parent {
					if top.Kind == syntax.ModuleScope {
						return definitionOf(top, name)
					}
				}
			}
			continue
		}
		if len(sym.Defs) > 0 {
			return sym.Defs[0], s
		}
	}
	return nil, nil
}

// defNodeFor returns the FunctionDef/ClassDef whose name Ident is n.
func defNodeFor(m *syntax.Module, n syntax.Node) syntax.Node {
	var found syntax.Node
	syntax.Inspect(m, func(x syntax.Node) bool {
		if found != nil || x == nil {
			return false
		}
		switch d := x.(type) {
		case *syntax.FunctionDef:
			if d.Name == n {
				found = d
			}
		case *syntax.ClassDef:
			if d.Name == n {
				found = d
			}
		}
		return true
	})
	return found
}
