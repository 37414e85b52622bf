package resolve

import (
	"slices"

	"github.com/weft-lang/weft/compiler/syntax"
)

// This file is the second step: classify every symbol (CPython's
// analyze_name), propagate free variables bottom-up and create cells
// (analyze_block, analyze_cells, drop_class_free, update_symbols), then lay
// out Locals/Cells/Frees and set every Ref.

// analyze classifies the symbols of si and its descendants and returns the
// free variables of si that its parent must provide: its own free names
// plus those of its children it does not bind itself.
func (r *resolver) analyze(si *scopeInfo) []string {
	r.analyzeNames(si)
	var newfree []string
	for _, c := range si.children {
		for _, n := range r.analyze(c) {
			newfree = addUnique(newfree, n)
		}
	}
	if len(newfree) == 0 {
		return si.free
	}
	s := si.s
	fn := isFunctionLike(s.Kind)
	keep := newfree[:0]
	for _, n := range newfree {
		if fn {
			if sym := si.lookup(n); sym != nil && sym.Binding == syntax.BindLocal {
				sym.Binding = syntax.BindCell
				continue
			}
		} else if s.Kind == syntax.ClassScope && n == "__class__" {
			s.NeedsClassCell = true
			continue
		}
		keep = append(keep, n)
	}
	newfree = keep
	for _, n := range newfree {
		if sym := si.lookup(n); sym != nil {
			if s.Kind == syntax.ClassScope && sym.Flags&(boundFlags|syntax.SymGlobal) != 0 {
				sym.Flags |= syntax.SymFreeClass
			}
			continue
		}
		if s.Kind == syntax.ModuleScope {
			continue // cannot happen: module children have nothing bound above
		}
		// Pass the free variable through this scope.
		sym := r.newSymbol(si, n)
		sym.Binding = syntax.BindFree
	}
	out := si.free
	for _, n := range newfree {
		out = addUnique(out, n)
	}
	return out
}

func addUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// analyzeNames is CPython's analyze_name for every symbol of si. Parents are
// analyzed before their children, so inBound can consult their results.
func (r *resolver) analyzeNames(si *scopeInfo) {
	module := si.s.Kind == syntax.ModuleScope
	for _, sym := range si.syms {
		f := sym.Flags
		switch {
		case f&syntax.SymGlobal != 0:
			if f&syntax.SymNonlocal != 0 {
				r.errorAtDirective(si, sym.Name, "name '"+sym.Name+"' is nonlocal and global")
			}
			sym.Binding = syntax.BindGlobalExplicit
		case f&syntax.SymNonlocal != 0:
			switch {
			case module:
				r.errorAtDirective(si, sym.Name, "nonlocal declaration not allowed at module level")
				sym.Binding = syntax.BindLocal
			case !r.inBound(si, sym.Name):
				r.errorAtDirective(si, sym.Name, "no binding for nonlocal '"+sym.Name+"' found")
				sym.Binding = syntax.BindGlobalImplicit
			default:
				sym.Binding = syntax.BindFree
				si.free = push(&r.strs, si.free, sym.Name, 2)
			}
		case f&boundFlags != 0:
			sym.Binding = syntax.BindLocal
		case !module && r.inBound(si, sym.Name):
			sym.Binding = syntax.BindFree
			si.free = push(&r.strs, si.free, sym.Name, 2)
		default:
			sym.Binding = syntax.BindGlobalImplicit
		}
	}
}

// inBound reports whether name is bound in an enclosing function scope of
// si and visible from si: CPython's "bound" set passed down to si. Class
// scopes are transparent (their names are invisible to inner scopes) but
// provide __class__; a global declaration hides outer bindings.
func (r *resolver) inBound(si *scopeInfo, name string) bool {
	for p := si.parent; p != nil; p = p.parent {
		switch p.s.Kind {
		case syntax.ModuleScope:
			return false
		case syntax.ClassScope:
			if name == "__class__" {
				return true
			}
		default:
			sym := p.lookup(name)
			if sym == nil {
				continue
			}
			if sym.Flags&syntax.SymGlobal != 0 {
				return false
			}
			if sym.Binding == syntax.BindLocal || sym.Binding == syntax.BindCell {
				return true
			}
		}
	}
	return false
}

func (r *resolver) errorAtDirective(si *scopeInfo, name, msg string) {
	for _, d := range si.directives {
		if d.name == name {
			r.errorf(d.node, "%s", msg)
			return
		}
	}
	r.errorf(si.s.Node, "%s", msg)
}

// finish lays out every scope and sets the Refs, parents before children
// (a walrus target inside a comprehension is listed in the Defs of both the
// comprehension and the binding scope; the comprehension's Ref wins).
func (r *resolver) finish() {
	for _, si := range r.scopes {
		r.qualName(si)
		r.layout(si)
	}
	for _, st := range r.sites {
		ref := storeRef(st.sym.Ref)
		switch n := st.node.(type) {
		case *syntax.FunctionDef:
			n.NameRef = ref
		case *syntax.ClassDef:
			n.NameRef = ref
		case *syntax.ExceptHandler:
			n.NameRef = ref
		}
	}
	for _, l := range r.loose {
		l.n.Ref = looseRef(l.si.s, Mangle(l.si.s.Private, l.n.Id))
	}
}

func (r *resolver) qualName(si *scopeInfo) {
	s := si.s
	p := si.parent
	switch {
	case p == nil:
		s.QualName = s.Name
	case p.parent == nil:
		s.QualName = s.Name
	case (s.Kind == syntax.FunctionScope || s.Kind == syntax.ClassScope) &&
		si.defSym != nil && si.defSym.Binding == syntax.BindGlobalExplicit:
		s.QualName = s.Name
	case p.s.Kind == syntax.FunctionScope || p.s.Kind == syntax.LambdaScope:
		s.QualName = p.s.QualName + ".<locals>." + s.Name
	default:
		s.QualName = p.s.QualName + "." + s.Name
	}
}

// layout fills Locals, Cells, Frees, the symbols' exported flags and Refs,
// and the Refs of the scope's names.
func (r *resolver) layout(si *scopeInfo) {
	s := si.s
	if s.Symbols == nil && len(si.syms) > 0 {
		si.buildMap(len(si.syms))
	}
	s.Order = r.strings(len(si.syms))
	for _, sym := range si.syms {
		s.Order = append(s.Order, sym.Name)
	}
	switch s.Kind {
	case syntax.ModuleScope:
		for _, sym := range si.syms {
			sym.Ref = syntax.Ref{Kind: syntax.RefName}
		}
	case syntax.ClassScope:
		if s.NeedsClassCell {
			s.Cells = append(r.strings(1), "__class__")
		}
		for _, sym := range si.syms {
			if sym.Binding == syntax.BindFree || sym.Flags&syntax.SymFreeClass != 0 {
				s.Frees = push(&r.strs, s.Frees, sym.Name, 2)
			}
		}
		slices.Sort(s.Frees)
		for _, sym := range si.syms {
			switch sym.Binding {
			case syntax.BindFree:
				sym.Ref = syntax.Ref{Kind: syntax.RefClassDeref, Index: len(s.Cells) + slices.Index(s.Frees, sym.Name)}
			case syntax.BindGlobalExplicit:
				sym.Ref = syntax.Ref{Kind: syntax.RefGlobal}
			default:
				sym.Ref = syntax.Ref{Kind: syntax.RefName}
			}
		}
	default:
		r.layoutFunction(si)
	}
	for _, sym := range si.syms {
		switch sym.Binding {
		case syntax.BindFree:
			sym.Flags |= syntax.SymFree
		case syntax.BindCell:
			sym.Flags |= syntax.SymCell
		}
		load := sym.Ref
		for _, u := range sym.Uses {
			u.Ref = load
		}
		store := storeRef(load)
		for _, d := range sym.Defs {
			if n, ok := d.(*syntax.Name); ok {
				n.Ref = store
			}
		}
	}
}

// storeRef turns the Ref used to read a name into the one used to store
// or delete it: class bodies read free variables with RefClassDeref but
// store them with RefDeref.
func storeRef(ref syntax.Ref) syntax.Ref {
	if ref.Kind == syntax.RefClassDeref {
		ref.Kind = syntax.RefDeref
	}
	return ref
}

func (r *resolver) layoutFunction(si *scopeInfo) {
	s := si.s
	ncells, nfrees := 0, 0
	for _, sym := range si.syms {
		switch sym.Binding {
		case syntax.BindCell:
			ncells++
		case syntax.BindFree:
			nfrees++
		}
	}
	// Parameters first, in call order; each keeps its slot even if it is a
	// cell (the argument arrives there and is copied into the cell).
	locals := r.strings(len(si.params) + len(si.bound))
	for _, sym := range si.params {
		if sym.Ref.Kind == syntax.RefFast {
			continue // duplicate parameter (reported)
		}
		sym.Ref = syntax.Ref{Kind: syntax.RefFast, Index: len(locals)}
		locals = append(locals, sym.Name)
	}
	for _, sym := range si.bound {
		if sym.Binding == syntax.BindLocal && sym.Ref.Kind != syntax.RefFast {
			sym.Ref = syntax.Ref{Kind: syntax.RefFast, Index: len(locals)}
			locals = append(locals, sym.Name)
		}
	}
	s.Locals = locals
	if ncells+nfrees > 0 {
		if ncells > 0 {
			s.Cells = r.strings(ncells)
		}
		if nfrees > 0 {
			s.Frees = r.strings(nfrees)
		}
		for _, sym := range si.syms {
			switch sym.Binding {
			case syntax.BindCell:
				s.Cells = append(s.Cells, sym.Name)
			case syntax.BindFree:
				s.Frees = push(&r.strs, s.Frees, sym.Name, 2)
			}
		}
		slices.Sort(s.Cells)
		slices.Sort(s.Frees)
		for i, n := range s.Cells {
			s.Symbols[n].Ref = syntax.Ref{Kind: syntax.RefDeref, Index: i}
		}
		for i, n := range s.Frees {
			s.Symbols[n].Ref = syntax.Ref{Kind: syntax.RefDeref, Index: ncells + i}
		}
	}
	for _, sym := range si.syms {
		switch sym.Binding {
		case syntax.BindGlobalExplicit, syntax.BindGlobalImplicit:
			sym.Ref = syntax.Ref{Kind: syntax.RefGlobal}
		}
	}
}

// looseRef is the Ref of a name that has no symbol in s.
func looseRef(s *syntax.Scope, name string) syntax.Ref {
	if sym := s.Symbols[name]; sym != nil {
		return storeRef(sym.Ref)
	}
	if isFunctionLike(s.Kind) {
		return syntax.Ref{Kind: syntax.RefGlobal}
	}
	return syntax.Ref{Kind: syntax.RefName}
}
