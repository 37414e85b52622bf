package analysis

import (
	"sort"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// This file builds the facts that several analyzers share, once per file:
// a flat list of every node with the scope its code runs in, one Function
// per scope (matched to its code object), what each binding site is, which
// imports bind which symbols, and who reads each symbol.

// FuncKind says what kind of code block a Function is.
type FuncKind uint8

// Kinds of Function.
const (
	KindModule FuncKind = iota
	KindFunction
	KindMethod
	KindLambda
	KindClass
	KindComprehension
)

func (k FuncKind) String() string {
	return [...]string{"module", "function", "method", "lambda", "class", "comprehension"}[k]
}

// Function is one code block of a file (module body, def, method, lambda,
// class body or comprehension) with its scope, its code object and its
// place in the call graph.
type Function struct {
	Kind     FuncKind
	Name     string
	QualName string
	Scope    *syntax.Scope
	// Node is the *Module, *FunctionDef, *Lambda, *ClassDef or
	// comprehension node.
	Node syntax.Node
	// NameSpan is where diagnostics about the function point: the name of
	// a def or class, the "lambda" keyword, the comprehension.
	NameSpan source.Span
	// Code is the compiled code object, nil when compilation did not run
	// or failed.
	Code *bytecode.Code
	// Parent is the enclosing block (nil for the module); Class is the
	// enclosing class body of a method.
	Parent *Function
	Class  *Function
	// Calls are the resolved calls this block makes, in source order.
	Calls []Edge

	index int // position in index.funcs
}

// Edge is a resolved call: Site calls Callee. Site is the *syntax.Call, or
// the comprehension node for the implicit call of a comprehension body.
type Edge struct {
	Callee *Function
	Site   syntax.Node
}

// bindKind classifies a binding site (a Def of a syntax.Symbol).
type bindKind uint8

const (
	bindOther  bindKind = iota
	bindAssign          // x = ..., x: T = v
	bindUnpack          // a, b = ... / for / with targets inside a tuple or list
	bindAug             // x += ...
	bindAnnot           // x: T (no value)
	bindLoop            // for x in ..., comprehension targets
	bindWith            // with ... as x
	bindWalrus          // (x := ...)
	bindDel             // del x
	bindDef             // def x
	bindClass           // class x
	bindParam           // parameter
	bindImport          // import x / from m import x
	bindExcept          // except E as x
)

// importRef says what an import binding refers to: module Module, or the
// attribute Name of module Module for "from Module import Name".
type importRef struct {
	Module string
	Name   string
	Level  int
	Alias  *syntax.Alias
	Stmt   syntax.Stmt
}

// nameUse is a read of a name in scope s.
type nameUse struct {
	n *syntax.Name
	s *syntax.Scope
}

// scopedNode is a node and the scope in which it is evaluated.
type scopedNode struct {
	n syntax.Node
	s *syntax.Scope
}

type index struct {
	file *source.File
	mod  *syntax.Module

	nodes   []scopedNode
	funcs   []*Function
	fnMem   []Function // Functions are carved from chunks
	byScope map[*syntax.Scope]*Function
	byNode  map[syntax.Node]*Function

	bind     map[syntax.Node]bindKind      // binding site -> kind
	value    map[*syntax.Name]syntax.Expr  // name = value: the value
	identDef map[*syntax.Ident]syntax.Node // def/class name -> *FunctionDef / *ClassDef
	imports  map[syntax.Node]importRef     // alias ident -> import

	// readers maps a symbol to every Name (in any scope) that reads it.
	readers map[*syntax.Symbol][]nameUse
	// unbound lists the reads that resolve to no binding of the file
	// (builtins, module globals and undefined names).
	unbound []nameUse
	// globalAssigned holds names that some function assigns after a
	// "global" declaration: they are module names even if the module body
	// never binds them.
	globalAssigned map[string]bool

	graphBuilt bool
	methods    map[string][]*Function
	comp       []int  // strongly connected component of each function
	recursive  []bool // function is in a call cycle
	stack      *StackReport
	callsIn    map[*syntax.Scope][]*syntax.Call
	flow       *flow
}

// calls returns the calls evaluated in scope s, in source order.
func (ix *index) calls(s *syntax.Scope) []*syntax.Call {
	if ix.callsIn == nil {
		ix.callsIn = map[*syntax.Scope][]*syntax.Call{}
		for _, e := range ix.nodes {
			if c, ok := e.n.(*syntax.Call); ok {
				ix.callsIn[e.s] = append(ix.callsIn[e.s], c)
			}
		}
	}
	return ix.callsIn[s]
}

func newIndex(f *source.File, m *syntax.Module, code *bytecode.Code) *index {
	// Size the maps from the text so that they rarely grow: about one
	// binding per 24 bytes, one scope per 400.
	n := len(f.Text)
	ix := &index{
		file:           f,
		mod:            m,
		byScope:        make(map[*syntax.Scope]*Function, n/400),
		byNode:         make(map[syntax.Node]*Function, n/400),
		bind:           make(map[syntax.Node]bindKind, n/24),
		value:          make(map[*syntax.Name]syntax.Expr, n/48),
		identDef:       make(map[*syntax.Ident]syntax.Node, n/400),
		imports:        map[syntax.Node]importRef{},
		readers:        make(map[*syntax.Symbol][]nameUse, n/48),
		globalAssigned: map[string]bool{},
	}
	ix.nodes = make([]scopedNode, 0, len(f.Text)/4)
	ix.visit(m, m.Scope)
	ix.buildFuncs(m.Scope, nil)
	ix.buildReaders()
	ix.matchCode(code)
	return ix
}

// visit records every node under n with the scope it runs in, descending
// into nested scopes with their own scope. The parts of a def, lambda,
// class or comprehension that run in the enclosing scope (decorators,
// defaults, annotations, bases, the first iterable) keep the outer scope.
func (ix *index) visit(n syntax.Node, s *syntax.Scope) {
	syntax.Inspect(n, func(c syntax.Node) bool {
		ix.nodes = append(ix.nodes, scopedNode{c, s})
		switch x := c.(type) {
		case *syntax.FunctionDef:
			if x.Name != nil {
				ix.identDef[x.Name] = x
				ix.bind[x.Name] = bindDef
			}
			for _, d := range x.Decorators {
				ix.visit(d, s)
			}
			ix.params(x.Args, s)
			if x.Returns != nil {
				ix.visit(x.Returns, s)
			}
			inner := orScope(x.Scope, s)
			ix.stmts(x.Body, inner)
			return false
		case *syntax.Lambda:
			ix.params(x.Args, s)
			if x.Body != nil {
				ix.visit(x.Body, orScope(x.Scope, s))
			}
			return false
		case *syntax.ClassDef:
			if x.Name != nil {
				ix.identDef[x.Name] = x
				ix.bind[x.Name] = bindClass
			}
			for _, d := range x.Decorators {
				ix.visit(d, s)
			}
			for _, b := range x.Bases {
				ix.visit(b, s)
			}
			for _, k := range x.Keywords {
				ix.visit(k, s)
			}
			ix.stmts(x.Body, orScope(x.Scope, s))
			return false
		case *syntax.ListComp:
			ix.visitComp(x.Scope, s, x.Generators, x.Elt)
			return false
		case *syntax.SetComp:
			ix.visitComp(x.Scope, s, x.Generators, x.Elt)
			return false
		case *syntax.GeneratorExp:
			ix.visitComp(x.Scope, s, x.Generators, x.Elt)
			return false
		case *syntax.DictComp:
			ix.visitComp(x.Scope, s, x.Generators, x.Key, x.Value)
			return false
		case syntax.Stmt:
			ix.stmtBindings(x, s)
		case *syntax.NamedExpr:
			if x.Target != nil {
				ix.bind[x.Target] = bindWalrus
			}
		case *syntax.ExceptHandler:
			if x.Name != nil {
				ix.bind[x.Name] = bindExcept
			}
		}
		return true
	})
}

func (ix *index) stmts(list []syntax.Stmt, s *syntax.Scope) {
	for _, st := range list {
		if st != nil {
			ix.visit(st, s)
		}
	}
}

func (ix *index) params(a *syntax.Arguments, outer *syntax.Scope) {
	if a == nil {
		return
	}
	ix.visit(a, outer)
	for _, list := range [][]*syntax.Arg{a.PosOnly, a.Args, a.KwOnly, {a.Vararg, a.Kwarg}} {
		for _, p := range list {
			if p != nil && p.Name != nil {
				ix.bind[p.Name] = bindParam
			}
		}
	}
}

func (ix *index) visitComp(inner, outer *syntax.Scope, gens []*syntax.Comprehension, elts ...syntax.Expr) {
	in := orScope(inner, outer)
	for i, g := range gens {
		if g == nil {
			continue
		}
		ix.nodes = append(ix.nodes, scopedNode{g, in})
		ix.target(g.Target, bindLoop)
		if g.Target != nil {
			ix.visit(g.Target, in)
		}
		if g.Iter != nil {
			if i == 0 {
				ix.visit(g.Iter, outer)
			} else {
				ix.visit(g.Iter, in)
			}
		}
		for _, c := range g.Ifs {
			ix.visit(c, in)
		}
	}
	for _, e := range elts {
		if e != nil {
			ix.visit(e, in)
		}
	}
}

// stmtBindings classifies the binding sites of one statement.
func (ix *index) stmtBindings(st syntax.Stmt, s *syntax.Scope) {
	switch x := st.(type) {
	case *syntax.Assign:
		for _, t := range x.Targets {
			ix.target(t, bindAssign)
			if n, ok := t.(*syntax.Name); ok {
				ix.value[n] = x.Value
			}
		}
	case *syntax.AnnAssign:
		if n, ok := x.Target.(*syntax.Name); ok {
			if x.Value != nil {
				ix.bind[n] = bindAssign
			} else {
				ix.bind[n] = bindAnnot
			}
		}
	case *syntax.AugAssign:
		if n, ok := x.Target.(*syntax.Name); ok {
			ix.bind[n] = bindAug
		}
	case *syntax.For:
		ix.target(x.Target, bindLoop)
	case *syntax.With:
		for _, it := range x.Items {
			if it != nil {
				ix.target(it.Vars, bindWith)
			}
		}
	case *syntax.Delete:
		for _, t := range x.Targets {
			ix.target(t, bindDel)
		}
	case *syntax.Import:
		for _, a := range x.Names {
			if a == nil || a.Name == nil {
				continue
			}
			id, mod := a.AsName, a.Name.Name
			if id == nil {
				id = a.Name
				for i := 0; i < len(mod); i++ {
					if mod[i] == '.' {
						mod = mod[:i]
						break
					}
				}
			}
			ix.bind[id] = bindImport
			ix.imports[id] = importRef{Module: mod, Alias: a, Stmt: x}
		}
	case *syntax.ImportFrom:
		mod := ""
		if x.Module != nil {
			mod = x.Module.Name
		}
		for _, a := range x.Names {
			if a == nil || a.Name == nil {
				continue
			}
			id := a.AsName
			if id == nil {
				id = a.Name
			}
			ix.bind[id] = bindImport
			ix.imports[id] = importRef{Module: mod, Name: a.Name.Name, Level: x.Level, Alias: a, Stmt: x}
		}
	}
}

// target records the names of an assignment target; names inside a tuple
// or list are unpacking targets.
func (ix *index) target(e syntax.Expr, kind bindKind) {
	switch t := e.(type) {
	case *syntax.Name:
		if t != nil {
			ix.bind[t] = kind
		}
	case *syntax.Tuple:
		for _, x := range t.Elts {
			ix.target(x, unpackKind(kind))
		}
	case *syntax.List:
		for _, x := range t.Elts {
			ix.target(x, unpackKind(kind))
		}
	case *syntax.Starred:
		ix.target(t.X, unpackKind(kind))
	}
}

func unpackKind(k bindKind) bindKind {
	if k == bindDel || k == bindLoop {
		return k
	}
	return bindUnpack
}

func orScope(s, outer *syntax.Scope) *syntax.Scope {
	if s != nil {
		return s
	}
	return outer
}

// buildFuncs creates one Function per scope, parents before children.
func (ix *index) buildFuncs(s *syntax.Scope, parent *Function) {
	if s == nil {
		return
	}
	if len(ix.fnMem) == 0 {
		ix.fnMem = make([]Function, 64)
	}
	fn := &ix.fnMem[0]
	ix.fnMem = ix.fnMem[1:]
	*fn = Function{Scope: s, Node: s.Node, Name: s.Name, QualName: s.QualName, Parent: parent, index: len(ix.funcs)}
	switch n := s.Node.(type) {
	case *syntax.Module:
		fn.Kind = KindModule
		fn.NameSpan = source.Span{Start: 0, End: 0}
	case *syntax.FunctionDef:
		fn.Kind = KindFunction
		if parent != nil && parent.Kind == KindClass {
			fn.Kind = KindMethod
			fn.Class = parent
		}
		fn.NameSpan = identSpan(n.Name, n)
	case *syntax.ClassDef:
		fn.Kind = KindClass
		fn.NameSpan = identSpan(n.Name, n)
	case *syntax.Lambda:
		fn.Kind = KindLambda
		sp := n.Span()
		if sp.End > sp.Start+6 {
			sp.End = sp.Start + 6
		}
		fn.NameSpan = sp
	default:
		fn.Kind = KindComprehension
		if s.Node != nil {
			fn.NameSpan = s.Node.Span()
		}
	}
	if fn.QualName == "" {
		fn.QualName = fn.Name
	}
	ix.funcs = append(ix.funcs, fn)
	ix.byScope[s] = fn
	if s.Node != nil {
		ix.byNode[s.Node] = fn
	}
	for _, c := range s.Children {
		ix.buildFuncs(c, fn)
	}
}

func identSpan(id *syntax.Ident, n syntax.Node) source.Span {
	if id != nil {
		return id.Span()
	}
	return n.Span()
}

// firstLine is the line the compiler records as a code object's first
// line: the first decorator's line for decorated defs and classes.
func (ix *index) firstLine(fn *Function) int {
	if fn.Node == nil {
		return 0
	}
	start := fn.Node.Span().Start
	var decs []syntax.Expr
	switch n := fn.Node.(type) {
	case *syntax.FunctionDef:
		decs = n.Decorators
	case *syntax.ClassDef:
		decs = n.Decorators
	}
	if len(decs) > 0 && decs[0].Span().Start < start {
		start = decs[0].Span().Start
	}
	return ix.file.Position(start).Line
}

// matchCode attaches code objects to Functions. The compiler emits the
// code objects of a block's children in the order the resolver created
// their scopes, with the scopes' qualified names, so the two trees are
// first walked in parallel. Where they disagree, the objects of that
// subtree pair up by qualified name and (first line, order of appearance).
func (ix *index) matchCode(root *bytecode.Code) {
	if root == nil || len(ix.funcs) == 0 {
		return
	}
	ix.matchTree(ix.funcs[0], root)
}

func (ix *index) matchTree(fn *Function, c *bytecode.Code) {
	fn.Code = c
	kids := fn.Scope.Children
	if len(kids) == len(c.Children) {
		same := true
		for i, k := range kids {
			kf, kc := ix.byScope[k], c.Children[i]
			if kf == nil || k.QualName != kc.QualName || ix.firstLine(kf) != kc.FirstLine {
				same = false
				break
			}
		}
		if same {
			for i, k := range kids {
				ix.matchTree(ix.byScope[k], c.Children[i])
			}
			return
		}
	}
	byQual := map[string][]*bytecode.Code{}
	for _, ch := range c.Children {
		ch.Walk(func(c *bytecode.Code) { byQual[c.QualName] = append(byQual[c.QualName], c) })
	}
	fnQual := map[string][]*Function{}
	var collect func(s *syntax.Scope)
	collect = func(s *syntax.Scope) {
		for _, k := range s.Children {
			if kf := ix.byScope[k]; kf != nil {
				fnQual[kf.QualName] = append(fnQual[kf.QualName], kf)
			}
			collect(k)
		}
	}
	collect(fn.Scope)
	for q, fns := range fnQual {
		codes := byQual[q]
		if len(codes) != len(fns) {
			continue
		}
		if len(fns) > 1 {
			sort.SliceStable(codes, func(i, j int) bool { return codes[i].FirstLine < codes[j].FirstLine })
			sort.SliceStable(fns, func(i, j int) bool { return ix.firstLine(fns[i]) < ix.firstLine(fns[j]) })
		}
		for i, f := range fns {
			f.Code = codes[i]
		}
	}
}

// buildReaders resolves every read of every scope to the symbol it reads.
func (ix *index) buildReaders() {
	for _, fn := range ix.funcs {
		s := fn.Scope
		for _, name := range s.Order {
			sym := s.Symbols[name]
			if sym.Flags&syntax.SymGlobal != 0 && sym.Flags&syntax.SymAssigned != 0 {
				ix.globalAssigned[name] = true
			}
			if len(sym.Uses) == 0 {
				continue
			}
			target := sym
			if sym.Binding != syntax.BindLocal && sym.Binding != syntax.BindCell || s.Kind == syntax.ClassScope && sym.Flags&syntax.SymBound == 0 {
				target, _ = resolve.Lookup(s, sym.Uses[0].Id)
			}
			if target == nil {
				for _, u := range sym.Uses {
					ix.unbound = append(ix.unbound, nameUse{u, s})
				}
				continue
			}
			list := ix.readers[target]
			for _, u := range sym.Uses {
				list = append(list, nameUse{u, s})
			}
			ix.readers[target] = list
		}
	}
}

// lookup resolves name as read in scope s (see resolve.Lookup).
func (ix *index) lookup(s *syntax.Scope, name string) (*syntax.Symbol, *syntax.Scope) {
	return resolve.Lookup(s, name)
}

// singleDef returns the only binding site of sym, or nil when the name is
// bound more than once (or not at all) or is also assigned by a function
// through a global declaration.
func (ix *index) singleDef(sym *syntax.Symbol, s *syntax.Scope) syntax.Node {
	if sym == nil || len(sym.Defs) != 1 {
		return nil
	}
	if s != nil && s.Kind == syntax.ModuleScope && ix.globalAssigned[sym.Name] {
		return nil
	}
	return sym.Defs[0]
}

// importOf returns what sym was imported as, if it is bound only by one
// import.
func (ix *index) importOf(sym *syntax.Symbol, s *syntax.Scope) (importRef, bool) {
	d := ix.singleDef(sym, s)
	if d == nil {
		return importRef{}, false
	}
	r, ok := ix.imports[d]
	return r, ok
}
