package resolve

import "github.com/weft-lang/weft/compiler/syntax"

// This file is the first step: one walk over the tree that creates the
// scopes and records each name's bindings, uses and declarations, in the
// order CPython's symtable visits them. Every case tolerates nil children
// and typed nil nodes.

var compNames = [...]string{
	listComp: "<listcomp>",
	setComp:  "<setcomp>",
	dictComp: "<dictcomp>",
	genExp:   "<genexpr>",
}

var yieldInComp = [...]string{
	listComp: "'yield' inside list comprehension",
	setComp:  "'yield' inside set comprehension",
	dictComp: "'yield' inside dict comprehension",
	genExp:   "'yield' inside generator expression",
}

func (r *resolver) stmts(list []syntax.Stmt) {
	for _, s := range list {
		r.stmt(s)
	}
}

func (r *resolver) exprs(list []syntax.Expr) {
	for _, e := range list {
		r.expr(e)
	}
}

// bindName records n (a Name in Store or Del position) as a binding in the
// current scope.
func (r *resolver) bindName(n *syntax.Name, flags syntax.SymbolFlags) *syntax.Symbol {
	sym := r.addDef(r.cur, n.Id, flags|syntax.SymAssigned, n)
	r.def(sym, n)
	return sym
}

// useName records a read of n in the current scope.
func (r *resolver) useName(n *syntax.Name) {
	sym := r.addDef(r.cur, n.Id, syntax.SymUsed, n)
	r.use(sym, n)
	// super() needs the __class__ cell: any function-like scope that reads
	// the name "super" uses __class__ (CPython does the same).
	if n.Id == "super" && isFunctionLike(r.cur.s.Kind) {
		r.addDef(r.cur, "__class__", syntax.SymUsed, n)
	}
}

// bindIdent records a binding by an identifier that is not a Name (def,
// class, except-as, import alias).
func (r *resolver) bindIdent(id *syntax.Ident, name string, flags syntax.SymbolFlags) *syntax.Symbol {
	r.checkDebug(id, name, false)
	sym := r.addDef(r.cur, name, flags, id)
	r.def(sym, id)
	return sym
}

// checkDebug rejects binding or deleting __debug__, a constant that
// CPython's compiler refuses to store.
func (r *resolver) checkDebug(n syntax.Node, name string, del bool) {
	switch {
	case name != "__debug__":
	case del:
		r.errorf(n, "cannot delete __debug__")
	default:
		r.errorf(n, "cannot assign to __debug__")
	}
}

// target visits an assignment, for, with, del or comprehension target.
func (r *resolver) target(e syntax.Expr) {
	switch t := e.(type) {
	case *syntax.Name:
		if t != nil {
			r.checkDebug(t, t.Id, t.Ctx == syntax.Del)
			r.bindName(t, 0)
		}
	case *syntax.Tuple:
		if t != nil {
			for _, x := range t.Elts {
				r.target(x)
			}
		}
	case *syntax.List:
		if t != nil {
			for _, x := range t.Elts {
				r.target(x)
			}
		}
	case *syntax.Starred:
		if t != nil {
			r.target(t.X)
		}
	default:
		// Attribute and subscript targets read their parts; anything else
		// is an invalid target the parser reported: resolve it as a read.
		r.expr(e)
	}
}

func (r *resolver) stmt(st syntax.Stmt) {
	switch s := st.(type) {
	case *syntax.ExprStmt:
		if s != nil {
			r.expr(s.X)
		}
	case *syntax.Assign:
		if s != nil {
			for _, t := range s.Targets {
				r.target(t)
			}
			r.expr(s.Value)
		}
	case *syntax.AugAssign:
		if s != nil {
			r.target(s.Target)
			r.expr(s.Value)
		}
	case *syntax.AnnAssign:
		if s != nil {
			r.annAssign(s)
		}
	case *syntax.Delete:
		if s != nil {
			for _, t := range s.Targets {
				r.target(t)
			}
		}
	case *syntax.Return:
		if s != nil {
			if !isFunctionLike(r.cur.s.Kind) {
				r.errorf(s, "'return' outside function")
			}
			r.expr(s.Value)
		}
	case *syntax.Raise:
		if s != nil {
			r.expr(s.Exc)
			r.expr(s.Cause)
		}
	case *syntax.Break:
		if s != nil && r.loop == 0 {
			r.errorf(s, "'break' outside loop")
		}
	case *syntax.Continue:
		if s != nil && r.loop == 0 {
			r.errorf(s, "'continue' not properly in loop")
		}
	case *syntax.Global:
		if s != nil {
			for _, id := range s.Names {
				r.declare(id, syntax.SymGlobal)
			}
		}
	case *syntax.Nonlocal:
		if s != nil {
			for _, id := range s.Names {
				r.declare(id, syntax.SymNonlocal)
			}
		}
	case *syntax.Assert:
		if s != nil {
			r.expr(s.Test)
			r.expr(s.Msg)
		}
	case *syntax.Import:
		if s != nil {
			r.aliases(s.Names, true)
		}
	case *syntax.ImportFrom:
		if s != nil {
			r.aliases(s.Names, false)
		}
	case *syntax.If:
		if s != nil {
			r.expr(s.Test)
			r.stmts(s.Body)
			r.stmts(s.OrElse)
		}
	case *syntax.While:
		if s != nil {
			r.expr(s.Test)
			r.loop++
			r.stmts(s.Body)
			r.loop--
			r.stmts(s.OrElse)
		}
	case *syntax.For:
		if s != nil {
			r.target(s.Target)
			r.expr(s.Iter)
			r.loop++
			r.stmts(s.Body)
			r.loop--
			r.stmts(s.OrElse)
		}
	case *syntax.Try:
		if s != nil {
			r.stmts(s.Body)
			r.stmts(s.OrElse)
			for _, h := range s.Handlers {
				if h == nil {
					continue
				}
				r.expr(h.Type)
				if h.Name != nil {
					sym := r.bindIdent(h.Name, h.Name.Name, syntax.SymAssigned)
					r.sites = append(r.sites, site{h, sym})
				}
				r.stmts(h.Body)
			}
			r.stmts(s.FinalBody)
		}
	case *syntax.With:
		if s != nil {
			for _, it := range s.Items {
				if it == nil {
					continue
				}
				r.expr(it.Context)
				if it.Vars != nil {
					r.target(it.Vars)
				}
			}
			r.stmts(s.Body)
		}
	case *syntax.FunctionDef:
		if s != nil {
			r.functionDef(s)
		}
	case *syntax.ClassDef:
		if s != nil {
			r.classDef(s)
		}
	}
	// Pass, BadStmt and nil: nothing to resolve.
}

// declare handles one name of a global or nonlocal statement, with
// CPython's checks against earlier uses in the same scope.
func (r *resolver) declare(id *syntax.Ident, flag syntax.SymbolFlags) {
	if id == nil {
		return
	}
	mangled := Mangle(r.private, id.Name)
	if sym := r.cur.lookup(mangled); sym != nil {
		f := sym.Flags
		if f&(syntax.SymParam|syntax.SymAssigned|syntax.SymUsed|syntax.SymAnnotated) != 0 {
			what := "global"
			if flag == syntax.SymNonlocal {
				what = "nonlocal"
			}
			switch {
			case f&syntax.SymParam != 0:
				r.errorf(id, "name '%s' is parameter and %s", id.Name, what)
			case f&syntax.SymUsed != 0:
				r.errorf(id, "name '%s' is used prior to %s declaration", id.Name, what)
			case f&syntax.SymAnnotated != 0:
				r.errorf(id, "annotated name '%s' can't be %s", id.Name, what)
			default:
				r.errorf(id, "name '%s' is assigned to before %s declaration", id.Name, what)
			}
			// CPython stops here; ignoring the declaration avoids a
			// cascade of follow-on errors.
			return
		}
	}
	r.addDef(r.cur, id.Name, flag, id)
	r.cur.directives = push(&r.dirs, r.cur.directives, directive{mangled, id}, 2)
}

func (r *resolver) annAssign(s *syntax.AnnAssign) {
	if n, ok := s.Target.(*syntax.Name); ok && n != nil {
		if sym := r.cur.lookup(Mangle(r.private, n.Id)); sym != nil && s.Simple &&
			sym.Flags&(syntax.SymGlobal|syntax.SymNonlocal) != 0 && r.cur.s.Kind != syntax.ModuleScope {
			if sym.Flags&syntax.SymGlobal != 0 {
				r.errorf(n, "annotated name '%s' can't be global", n.Id)
			} else {
				r.errorf(n, "annotated name '%s' can't be nonlocal", n.Id)
			}
		}
		switch {
		case s.Simple:
			r.bindName(n, syntax.SymAnnotated)
		case s.Value != nil:
			r.bindName(n, 0)
		default:
			// "(x): T" binds nothing.
			r.loose = append(r.loose, looseName{n, r.cur})
		}
	} else {
		r.target(s.Target)
	}
	r.expr(s.Annotation)
	r.expr(s.Value)
}

func (r *resolver) aliases(list []*syntax.Alias, plainImport bool) {
	for _, a := range list {
		if a == nil {
			continue
		}
		id := a.AsName
		var name string
		if id != nil {
			name = id.Name
		} else {
			id = a.Name
			if id == nil {
				continue
			}
			name = id.Name
			if plainImport {
				// "import a.b" binds "a".
				for i := 0; i < len(name); i++ {
					if name[i] == '.' {
						name = name[:i]
						break
					}
				}
			}
		}
		if name == "" || name == "*" {
			continue
		}
		r.bindIdent(id, name, syntax.SymImported)
	}
}

func (r *resolver) functionDef(s *syntax.FunctionDef) {
	var sym *syntax.Symbol
	name := ""
	if s.Name != nil {
		name = s.Name.Name
		sym = r.bindIdent(s.Name, name, syntax.SymAssigned|syntax.SymDef)
		r.sites = append(r.sites, site{s, sym})
	}
	if a := s.Args; a != nil {
		r.exprs(a.Defaults)
		r.exprs(a.KwDefaults)
		r.annotations(a)
	}
	r.expr(s.Returns)
	r.exprs(s.Decorators)
	si := r.enter(syntax.FunctionScope, name, s)
	s.Scope = si.s
	si.defSym = sym
	saved := r.loop
	r.loop = 0
	r.params(si, s.Args)
	r.stmts(s.Body)
	r.loop = saved
	r.exit()
}

// annotations visits parameter annotations in the enclosing scope, in
// CPython's order.
func (r *resolver) annotations(a *syntax.Arguments) {
	ann := func(list []*syntax.Arg) {
		for _, p := range list {
			if p != nil {
				r.expr(p.Annotation)
			}
		}
	}
	ann(a.PosOnly)
	ann(a.Args)
	if a.Vararg != nil {
		r.expr(a.Vararg.Annotation)
	}
	if a.Kwarg != nil {
		r.expr(a.Kwarg.Annotation)
	}
	ann(a.KwOnly)
}

// params binds the parameters in CPython's symtable order (positional-only,
// positional, keyword-only, *args, **kwargs: this decides where a duplicate
// is reported) and stores them in call order in si.params.
func (r *resolver) params(si *scopeInfo, a *syntax.Arguments) {
	if a == nil {
		return
	}
	param := func(p *syntax.Arg) *syntax.Symbol {
		if p == nil || p.Name == nil {
			return nil
		}
		r.checkDebug(p.Name, p.Name.Name, false)
		sym := r.addDef(si, p.Name.Name, syntax.SymParam, p)
		r.def(sym, p.Name)
		return sym
	}
	for _, p := range a.PosOnly {
		if sym := param(p); sym != nil {
			si.params = push(&r.symPtrs, si.params, sym, 4)
		}
	}
	for _, p := range a.Args {
		if sym := param(p); sym != nil {
			si.params = push(&r.symPtrs, si.params, sym, 4)
		}
	}
	npos := len(si.params)
	for _, p := range a.KwOnly {
		if sym := param(p); sym != nil {
			si.params = push(&r.symPtrs, si.params, sym, 4)
		}
	}
	vararg := param(a.Vararg)
	kwarg := param(a.Kwarg)
	if vararg != nil {
		// Call order: *args goes between positional and keyword-only.
		si.params = push(&r.symPtrs, si.params, nil, 4)
		copy(si.params[npos+1:], si.params[npos:])
		si.params[npos] = vararg
	}
	if kwarg != nil {
		si.params = push(&r.symPtrs, si.params, kwarg, 4)
	}
}

func (r *resolver) classDef(s *syntax.ClassDef) {
	var sym *syntax.Symbol
	name := ""
	if s.Name != nil {
		name = s.Name.Name
		sym = r.bindIdent(s.Name, name, syntax.SymAssigned|syntax.SymDef)
		r.sites = append(r.sites, site{s, sym})
	}
	r.exprs(s.Bases)
	for _, k := range s.Keywords {
		if k != nil {
			r.expr(k.Value)
		}
	}
	r.exprs(s.Decorators)
	savedPrivate := r.private
	r.private = name
	si := r.enter(syntax.ClassScope, name, s)
	s.Scope = si.s
	si.defSym = sym
	saved := r.loop
	r.loop = 0
	r.stmts(s.Body)
	r.loop = saved
	r.private = savedPrivate
	r.exit()
}

func (r *resolver) expr(ex syntax.Expr) {
	switch e := ex.(type) {
	case *syntax.Name:
		if e != nil {
			r.useName(e)
		}
	case *syntax.Attribute:
		if e != nil {
			r.expr(e.X)
		}
	case *syntax.Call:
		if e != nil {
			r.expr(e.Func)
			r.exprs(e.Args)
			for _, k := range e.Keywords {
				if k != nil {
					r.expr(k.Value)
				}
			}
		}
	case *syntax.BinOp:
		if e != nil {
			r.expr(e.X)
			r.expr(e.Y)
		}
	case *syntax.Compare:
		if e != nil {
			r.expr(e.Left)
			r.exprs(e.Comparators)
		}
	case *syntax.BoolOp:
		if e != nil {
			r.exprs(e.Values)
		}
	case *syntax.UnaryOp:
		if e != nil {
			r.expr(e.X)
		}
	case *syntax.Subscript:
		if e != nil {
			r.expr(e.X)
			r.expr(e.Index)
		}
	case *syntax.Slice:
		if e != nil {
			r.expr(e.Lo)
			r.expr(e.Hi)
			r.expr(e.Step)
		}
	case *syntax.Tuple:
		if e != nil {
			r.exprs(e.Elts)
		}
	case *syntax.List:
		if e != nil {
			r.exprs(e.Elts)
		}
	case *syntax.Set:
		if e != nil {
			r.exprs(e.Elts)
		}
	case *syntax.Dict:
		if e != nil {
			r.exprs(e.Keys)
			r.exprs(e.Values)
		}
	case *syntax.Starred:
		if e != nil {
			r.expr(e.X)
		}
	case *syntax.IfExp:
		if e != nil {
			r.expr(e.Test)
			r.expr(e.Body)
			r.expr(e.OrElse)
		}
	case *syntax.JoinedStr:
		if e != nil {
			r.exprs(e.Parts)
		}
	case *syntax.FormattedValue:
		if e != nil {
			r.expr(e.Value)
			if e.Spec != nil {
				r.exprs(e.Spec.Parts)
			}
		}
	case *syntax.NamedExpr:
		if e != nil {
			r.namedExpr(e)
		}
	case *syntax.Lambda:
		if e != nil {
			r.lambda(e)
		}
	case *syntax.ListComp:
		if e != nil {
			e.Scope = r.comprehension(e, listComp, e.Generators, e.Elt, nil)
		}
	case *syntax.SetComp:
		if e != nil {
			e.Scope = r.comprehension(e, setComp, e.Generators, e.Elt, nil)
		}
	case *syntax.DictComp:
		if e != nil {
			e.Scope = r.comprehension(e, dictComp, e.Generators, e.Key, e.Value)
		}
	case *syntax.GeneratorExp:
		if e != nil {
			e.Scope = r.comprehension(e, genExp, e.Generators, e.Elt, nil)
		}
	case *syntax.Yield:
		if e != nil {
			r.expr(e.Value)
			r.yield(e)
		}
	case *syntax.YieldFrom:
		if e != nil {
			r.expr(e.Value)
			r.yield(e)
		}
	}
	// Constants, literals, BadExpr and nil: nothing to resolve.
}

func (r *resolver) yield(e syntax.Node) {
	si := r.cur
	switch {
	case si.comp != notComp:
		r.errorf(e, "%s", yieldInComp[si.comp])
	case !isFunctionLike(si.s.Kind):
		r.errorf(e, "'yield' outside function")
	default:
		si.s.IsGenerator = true
	}
}

func (r *resolver) lambda(e *syntax.Lambda) {
	if a := e.Args; a != nil {
		r.exprs(a.Defaults)
		r.exprs(a.KwDefaults)
	}
	si := r.enter(syntax.LambdaScope, "<lambda>", e)
	e.Scope = si.s
	r.params(si, e.Args)
	r.expr(e.Body)
	r.exit()
}

// comprehension is CPython's symtable_handle_comprehension: the outermost
// iterable is resolved in the enclosing scope, the rest in a new function
// scope whose only parameter is ".0". For a dict comprehension elt is the
// key and value the value (visited first, as CPython does).
func (r *resolver) comprehension(node syntax.Expr, kind compKind, gens []*syntax.Comprehension, elt, value syntax.Expr) *syntax.Scope {
	var first *syntax.Comprehension
	if len(gens) > 0 {
		first = gens[0]
	}
	if first != nil {
		r.compIterExpr++
		r.expr(first.Iter)
		r.compIterExpr--
	}
	si := r.enter(syntax.ComprehensionScope, compNames[kind], node)
	si.comp = kind
	si.params = push(&r.symPtrs, si.params, r.addDef(si, ".0", syntax.SymParam, node), 4)
	if first != nil {
		si.compIterTarget = true
		r.target(first.Target)
		si.compIterTarget = false
		r.exprs(first.Ifs)
	}
	for i := 1; i < len(gens); i++ {
		g := gens[i]
		if g == nil {
			continue
		}
		si.compIterTarget = true
		r.target(g.Target)
		si.compIterTarget = false
		r.compIterExpr++
		r.expr(g.Iter)
		r.compIterExpr--
		r.exprs(g.Ifs)
	}
	r.expr(value)
	r.expr(elt)
	if kind == genExp {
		si.s.IsGenerator = true
	}
	r.exit()
	return si.s
}

func (r *resolver) namedExpr(e *syntax.NamedExpr) {
	if r.compIterExpr > 0 {
		r.errorf(e, "assignment expression cannot be used in a comprehension iterable expression")
	}
	if e.Target != nil && r.cur.comp != notComp {
		r.extendNamedExprScope(e.Target)
	}
	r.expr(e.Value)
	if e.Target != nil {
		r.checkDebug(e.Target, e.Target.Id, false)
		r.bindName(e.Target, 0)
	}
}

// extendNamedExprScope binds a walrus target inside a comprehension in the
// nearest enclosing function or module scope (CPython's
// symtable_extend_namedexpr_scope). The comprehension itself treats the
// name as nonlocal (global at module level).
func (r *resolver) extendNamedExprScope(n *syntax.Name) {
	mangled := Mangle(r.private, n.Id)
	for si := r.cur; si != nil; si = si.parent {
		if si.comp != notComp {
			if sym := si.lookup(mangled); sym != nil && sym.Flags&syntax.SymCompIter != 0 {
				r.errorf(n, "assignment expression cannot rebind comprehension iteration variable '%s'", n.Id)
				return
			}
			continue
		}
		switch si.s.Kind {
		case syntax.FunctionScope, syntax.LambdaScope:
			if sym := si.lookup(mangled); sym != nil && sym.Flags&syntax.SymGlobal != 0 {
				r.addDef(r.cur, n.Id, syntax.SymGlobal, n)
			} else {
				r.addDef(r.cur, n.Id, syntax.SymNonlocal, n)
			}
			r.cur.directives = push(&r.dirs, r.cur.directives, directive{mangled, n}, 2)
			sym := r.addDef(si, n.Id, syntax.SymAssigned, n)
			r.def(sym, n)
		case syntax.ModuleScope:
			r.addDef(r.cur, n.Id, syntax.SymGlobal, n)
			r.cur.directives = push(&r.dirs, r.cur.directives, directive{mangled, n}, 2)
			sym := r.addDef(si, n.Id, syntax.SymGlobal|syntax.SymBound, n)
			r.def(sym, n)
		case syntax.ClassScope:
			r.errorf(n, "assignment expression within a comprehension cannot be used in a class body")
		}
		return
	}
}
