package resolve

import "github.com/weft-lang/weft/compiler/syntax"

// Lookup finds where a name read in scope s is bound: the symbol and the
// scope that hold the binding. It follows Python's rules: a function sees
// the locals of enclosing functions but not of enclosing class bodies, a
// global declaration sends the name to the module, and a class body sees
// its own names first. name is the name as written; it is mangled inside
// classes. Lookup returns nil, nil for builtins and undefined names. It
// works for names that s never mentions, as if s read them.
func Lookup(s *syntax.Scope, name string) (*syntax.Symbol, *syntax.Scope) {
	if s == nil {
		return nil, nil
	}
	name = Mangle(s.Private, name)
	first := true
	for p := s; p != nil; p = p.Parent {
		if p.Kind == syntax.ModuleScope {
			return moduleSymbol(p, name)
		}
		if p.Kind == syntax.ClassScope && !first {
			// Inner scopes do not see class bodies, except the implicit
			// __class__ cell, which has no symbol of its own.
			continue
		}
		first = false
		sym := p.Symbols[name]
		if sym == nil {
			continue
		}
		switch sym.Binding {
		case syntax.BindLocal, syntax.BindCell:
			return sym, p
		case syntax.BindGlobalExplicit, syntax.BindGlobalImplicit:
			return moduleSymbol(root(p), name)
		}
		// Free (or passed through): keep looking outwards.
	}
	return nil, nil
}

func root(s *syntax.Scope) *syntax.Scope {
	for s.Parent != nil {
		s = s.Parent
	}
	return s
}

func moduleSymbol(m *syntax.Scope, name string) (*syntax.Symbol, *syntax.Scope) {
	if sym := m.Symbols[name]; sym != nil && sym.Flags&syntax.SymBound != 0 {
		return sym, m
	}
	return nil, nil
}

// StoreRef returns the Ref to store into name (as written, mangled here)
// in scope s, for bindings that have no Ref field of their own (import
// aliases). A name that s does not mention gets the default for the scope
// kind.
func StoreRef(s *syntax.Scope, name string) syntax.Ref {
	if s == nil {
		return syntax.Ref{}
	}
	return looseRef(s, Mangle(s.Private, name))
}

// DerefIndex returns the index of name (exactly as in Cells or Frees,
// already mangled) in s.Cells ++ s.Frees, or -1. The compiler uses it to
// find, in the enclosing scope, each free variable of a closure it builds.
func DerefIndex(s *syntax.Scope, name string) int {
	if s == nil {
		return -1
	}
	for i, n := range s.Cells {
		if n == name {
			return i
		}
	}
	for i, n := range s.Frees {
		if n == name {
			return len(s.Cells) + i
		}
	}
	return -1
}
