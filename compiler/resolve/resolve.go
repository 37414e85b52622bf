// Package resolve binds every identifier of a parsed Weft module to its
// scope, with exactly the rules of CPython 3.11's symtable.
//
// # Design
//
// Resolve is a separate pass over the tree the parser built. It runs in
// two steps, as CPython's symtable.c does:
//
//  1. One walk over the tree (walk.go) creates a syntax.Scope for the
//     module and for every function, lambda, class body and comprehension,
//     and records in each scope's Symbols what the scope does with each
//     name: binds it (assignment, del, for, with, except, import, def,
//     class, parameter, walrus, comprehension target), reads it, or
//     declares it global or nonlocal. The walk visits nodes in the order
//     CPython's symtable does, so the order-dependent errors ("used prior
//     to global declaration") match. The same walk reports the errors that
//     CPython's compiler finds from context ('return' outside function,
//     'break' outside loop, ...).
//  2. analyze.go classifies every symbol top-down (local, free, global
//     explicit, global implicit, like analyze_name) and then, bottom-up
//     like analyze_block, collects the free variables of inner scopes,
//     turns the captured locals of function scopes into cells, passes free
//     variables through intermediate scopes, and handles the implicit
//     __class__ cell of classes whose methods use super() or __class__.
//     A final pre-order pass fills Locals, Cells, Frees, QualName and the
//     Ref of every Symbol, Name, FunctionDef.NameRef, ClassDef.NameRef and
//     ExceptHandler.NameRef.
//
// CPython passes sets of "bound" and "global" names down the scope tree;
// the resolver gets the same answer by walking up the (already classified)
// parent chain when a name is not bound locally, so no per-scope sets are
// built. Small scopes are searched linearly while resolving and get their
// Symbols map at the end; symbols, scopes and every small list come from
// arenas (arena.go), so the cost is a few large allocations per file plus
// one map per scope.
//
// # The Ref contract (what the compiler reads)
//
//   - Module scope: every name is RefName.
//   - Class body: names are RefName, except names declared global
//     (RefGlobal) and free names (read but not bound in the class body
//     while an enclosing function binds them, or declared nonlocal): those
//     are RefClassDeref when read and RefDeref when stored or deleted, Index
//     into Cells ++ Frees. (An augmented assignment to such a name carries
//     the store Ref; its load is a RefClassDeref with the same Index.)
//   - Function, lambda and comprehension scopes: locals are RefFast with
//     Index into Scope.Locals; captured locals (cells) and free variables are
//     RefDeref with Index into Cells ++ Frees; everything else is RefGlobal.
//     Locals lists the parameters first in call order (positional-only,
//     positional, *args, keyword-only, **kwargs), then the other locals in
//     order of first binding. A parameter that is a cell stays in Locals (its
//     RefFast slot receives the argument) and is also in Cells; all its
//     occurrences in the body are RefDeref. A comprehension has one
//     parameter, ".0", the iterator of its outermost iterable (which is
//     evaluated in the enclosing scope).
//   - Cells and Frees are sorted by name, as CPython's co_cellvars and
//     co_freevars. A class that needs the __class__ cell (NeedsClassCell)
//     has Cells == ["__class__"]. A class's Frees may contain names that
//     the class body itself binds (flag SymFreeClass): the class passes an
//     enclosing function's cell through to its methods.
//   - To build a closure for an inner scope, look up each name of the inner
//     scope's Frees in the outer scope's Cells ++ Frees (DerefIndex).
//   - An augmented assignment target is a binding (Defs, Ref of a store).
//   - Names are mangled as CPython does inside classes: "__x" in class C
//     is the symbol "_C__x" (Scope.Private holds the class name; Mangle
//     does the transformation). Symbols, Locals, Cells and Frees hold
//     mangled names; Name.Id stays as written, so the compiler must use
//     Mangle(scope.Private, id) for RefName and RefGlobal lookups and for
//     attribute names.
//   - Import aliases have no Ref field: use StoreRef(scope, storedName).
//
// Scope errors are reported as E103 scope-error diagnostics with CPython
// 3.11's messages. Resolve never panics, whatever the tree holds (Bad*
// nodes, nil children); names inside unreachable parts of a broken tree may
// stay RefUnresolved.
package resolve

import (
	"fmt"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// Diagnostic code and name of every resolver error.
const (
	Code = "E103"
	Name = "scope-error"
)

// compKind says which comprehension a scope is (0: not one).
type compKind uint8

const (
	notComp compKind = iota
	listComp
	setComp
	dictComp
	genExp
)

// scopeInfo is the resolver's working state for one scope.
type scopeInfo struct {
	s        *syntax.Scope
	parent   *scopeInfo
	children []*scopeInfo
	// syms lists the symbols in first-seen order (s.Order is filled from
	// it at the end).
	syms []*syntax.Symbol
	// params in CPython's symtable order (posonly, args, kwonly, *args,
	// **kwargs); reordered into call order when Locals is built.
	params []*syntax.Symbol
	// bound lists symbols in order of their first binding.
	bound []*syntax.Symbol
	// directives are global/nonlocal declarations, for error positions.
	directives []directive
	// defSym is the symbol the def/class name of this scope is bound to in
	// the parent scope (for QualName).
	defSym *syntax.Symbol
	// free are the names this scope itself resolved as free.
	free []string

	comp           compKind
	compIterTarget bool
}

type site struct {
	node syntax.Node // *FunctionDef, *ClassDef or *ExceptHandler
	sym  *syntax.Symbol
}

type directive struct {
	name string
	node syntax.Node
}

type resolver struct {
	file  *source.File
	diags source.Diagnostics

	mod *scopeInfo
	cur *scopeInfo

	private      string // class name for mangling
	loop         int    // loop depth in the current def/class body
	compIterExpr int    // >0 while inside a comprehension's iterable
	loose        []looseName

	// scopes lists the scopes in creation order: every parent before its
	// children. sites are the def/class/except nodes whose NameRef must be
	// set.
	scopes []*scopeInfo
	sites  []site

	symbols  arena[syntax.Symbol]
	scopeMem arena[syntax.Scope]
	infos    arena[scopeInfo]
	children arena[*syntax.Scope]
	infoPtr  arena[*scopeInfo]
	symPtrs  arena[*syntax.Symbol]
	strs     arena[string]
	names    arena[*syntax.Name]
	nodes    arena[syntax.Node]
	dirs     arena[directive]
}

// strings returns a zero-length string slice with capacity n.
func (r *resolver) strings(n int) []string {
	if n == 0 {
		return nil
	}
	return r.strs.take(n)
}

func (r *resolver) use(sym *syntax.Symbol, n *syntax.Name) {
	sym.Uses = push(&r.names, sym.Uses, n, 2)
}

func (r *resolver) def(sym *syntax.Symbol, n syntax.Node) {
	sym.Defs = push(&r.nodes, sym.Defs, n, 1)
}

// looseName is a Name that neither binds nor reads (the target of a
// non-simple annotation without value); its Ref is set from its scope.
type looseName struct {
	n  *syntax.Name
	si *scopeInfo
}

// Resolve builds the scopes of m, fills every Symbol and sets the Ref of
// every Name and the NameRef of every def, class and except handler. It
// returns the scope errors (E103). A nil module yields no diagnostics.
func Resolve(m *syntax.Module) source.Diagnostics {
	if m == nil {
		return nil
	}
	r := &resolver{file: m.File}
	if m.File != nil {
		// Typical code has a def, class or except-as per 100 bytes.
		r.sites = make([]site, 0, len(m.File.Text)/80)
	}
	r.mod = r.enter(syntax.ModuleScope, "<module>", m)
	m.Scope = r.mod.s
	r.stmts(m.Body)
	r.cur = nil
	r.analyze(r.mod)
	r.finish()
	r.diags.Sort()
	return r.diags
}

func (r *resolver) errorf(n syntax.Node, format string, args ...any) {
	var sp source.Span
	if n != nil {
		sp = n.Span()
	}
	r.errorAt(sp, fmt.Sprintf(format, args...))
}

func (r *resolver) errorAt(sp source.Span, msg string) {
	r.diags = append(r.diags, source.Diagnostic{
		File:     r.file,
		Span:     sp,
		Severity: source.Error,
		Code:     Code,
		Name:     Name,
		Message:  msg,
	})
}

// enter creates a scope as a child of the current one and makes it current.
func (r *resolver) enter(kind syntax.ScopeKind, name string, node syntax.Node) *scopeInfo {
	s := r.scopeMem.one()
	si := r.infos.one()
	s.Kind = kind
	s.Name = name
	s.Node = node
	s.Private = r.private
	si.s = s
	if p := r.cur; p != nil {
		si.parent = p
		s.Parent = p.s
		p.s.Children = push(&r.children, p.s.Children, s, 2)
		p.children = push(&r.infoPtr, p.children, si, 2)
	}
	r.scopes = append(r.scopes, si)
	r.cur = si
	return si
}

func (r *resolver) exit() {
	r.cur = r.cur.parent
}

func isFunctionLike(k syntax.ScopeKind) bool {
	return k == syntax.FunctionScope || k == syntax.LambdaScope || k == syntax.ComprehensionScope
}

// Mangle applies CPython's private name mangling: inside class private
// (the class name), a name "__x" that does not end in "__" and has no dot
// becomes "_private__x" with the class name's leading underscores
// stripped. Other names, and every name when private is empty or all
// underscores, are returned unchanged.
func Mangle(private, name string) string {
	if private == "" || len(name) < 2 || name[0] != '_' || name[1] != '_' {
		return name
	}
	if n := len(name); name[n-1] == '_' && name[n-2] == '_' {
		return name
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			return name
		}
	}
	i := 0
	for i < len(private) && private[i] == '_' {
		i++
	}
	if i == len(private) {
		return name
	}
	return "_" + private[i:] + name
}

// smallScope is the number of symbols up to which a scope is searched
// linearly while the resolver runs; larger scopes get their Symbols map at
// once, the others only at the end.
const smallScope = 8

// lookup returns the symbol for (already mangled) name in si, or nil.
func (si *scopeInfo) lookup(name string) *syntax.Symbol {
	if m := si.s.Symbols; m != nil {
		return m[name]
	}
	for _, sym := range si.syms {
		if sym.Name == name {
			return sym
		}
	}
	return nil
}

// symbol returns the symbol for (already mangled) name in si, creating it.
func (r *resolver) symbol(si *scopeInfo, name string) *syntax.Symbol {
	if sym := si.lookup(name); sym != nil {
		return sym
	}
	return r.newSymbol(si, name)
}

// buildMap fills si.s.Symbols from si.syms.
func (si *scopeInfo) buildMap(hint int) {
	m := make(map[string]*syntax.Symbol, hint)
	for _, sym := range si.syms {
		m[sym.Name] = sym
	}
	si.s.Symbols = m
}

func (r *resolver) newSymbol(si *scopeInfo, name string) *syntax.Symbol {
	sym := r.symbols.one()
	sym.Name = name
	si.syms = push(&r.symPtrs, si.syms, sym, 4)
	if m := si.s.Symbols; m != nil {
		m[name] = sym
	} else if len(si.syms) > smallScope {
		si.buildMap(4 * smallScope)
	}
	return sym
}

const boundFlags = syntax.SymAssigned | syntax.SymParam | syntax.SymImported

// addDef is CPython's symtable_add_def_helper: it records flags for name
// (mangled here) in scope si. node locates a duplicate-argument error.
func (r *resolver) addDef(si *scopeInfo, name string, flags syntax.SymbolFlags, node syntax.Node) *syntax.Symbol {
	sym := r.symbol(si, Mangle(r.private, name))
	if flags&syntax.SymParam != 0 && sym.Flags&syntax.SymParam != 0 {
		r.errorf(node, "duplicate argument '%s' in function definition", name)
	}
	if si.compIterTarget {
		if sym.Flags&(syntax.SymGlobal|syntax.SymNonlocal) != 0 {
			r.errorf(node, "comprehension inner loop cannot rebind assignment expression target '%s'", name)
		}
		flags |= syntax.SymCompIter
	}
	if flags&(boundFlags|syntax.SymBound) != 0 {
		if sym.Flags&syntax.SymBound == 0 {
			si.bound = push(&r.symPtrs, si.bound, sym, 4)
		}
		flags |= syntax.SymBound
	}
	sym.Flags |= flags
	if flags&syntax.SymGlobal != 0 && si != r.mod {
		// CPython records every global declaration in the module's table
		// too (st_global), which decides "nonlocal and global" there.
		r.symbol(r.mod, sym.Name).Flags |= syntax.SymGlobal
	}
	return sym
}
