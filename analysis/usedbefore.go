package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// UsedBeforeAssignment reports reads that certainly happen before the
// variable has a value.
var UsedBeforeAssignment = register(&Analyzer{
	Name:     "used-before-assignment",
	Code:     "E202",
	Severity: source.Error,
	Doc: `A variable is read before any assignment to it can have run.

Only certain cases are reported: the read is in the straight-line code of
a function (or module) body — not inside an if, loop or except clause, nor
a branch of "and", "or" or a conditional expression — and no statement
before it, on any path, assigns the name. In a function this is
UnboundLocalError; at module level (for a name that is not also a builtin)
NameError. Variables shared with inner functions are not checked.`,
	Run: runUsedBefore,
})

// ubChecker walks straight-line code keeping the names that may have been
// assigned so far.
type ubChecker struct {
	p      *Pass
	scope  *syntax.Scope
	module bool
	maybe  map[string]bool
	// root is the expression whose children exprWalk is visiting.
	root syntax.Node
}

func runUsedBefore(p *Pass) {
	c := &ubChecker{p: p, maybe: map[string]bool{}}
	for _, fn := range p.ix.funcs {
		var body []syntax.Stmt
		switch fn.Kind {
		case KindModule:
			body = p.Module.Body
		case KindFunction, KindMethod:
			body = fn.funcDef().Body
		default:
			continue
		}
		if len(c.maybe) > 64 {
			// Clearing a map costs its capacity: after the module body
			// (which binds every top-level name) start a small one.
			c.maybe = map[string]bool{}
		} else {
			clear(c.maybe)
		}
		c.scope, c.module = fn.Scope, fn.Kind == KindModule
		c.stmts(body)
	}
}

// candidate reports whether a read of name may be reported: a local of
// the function (not a parameter, global, nonlocal or cell), or a module
// name that is not also a builtin.
func (c *ubChecker) candidate(name string) bool {
	sym := c.scope.Symbols[name]
	if sym == nil || sym.Flags&syntax.SymBound == 0 {
		return false
	}
	if c.module {
		return !builtinNames[name] && !moduleGlobals[name] && !c.p.ix.globalAssigned[name]
	}
	return sym.Binding == syntax.BindLocal &&
		sym.Flags&(syntax.SymParam|syntax.SymGlobal|syntax.SymNonlocal|syntax.SymCell) == 0
}

// stmts checks a straight-line list; it stops at a statement that never
// completes.
func (c *ubChecker) stmts(list []syntax.Stmt) {
	for _, st := range list {
		c.stmt(st)
		if neverCompletes(st) != "" {
			return
		}
	}
}

func (c *ubChecker) stmt(st syntax.Stmt) {
	switch s := st.(type) {
	case *syntax.ExprStmt:
		c.expr(s.X)
	case *syntax.Assign:
		c.expr(s.Value)
		for _, t := range s.Targets {
			c.target(t)
		}
	case *syntax.AugAssign:
		if n, ok := s.Target.(*syntax.Name); ok {
			c.read(n)
		} else {
			c.target(s.Target)
		}
		c.expr(s.Value)
	case *syntax.AnnAssign:
		if s.Value != nil {
			c.expr(s.Value)
			c.target(s.Target)
		}
	case *syntax.Return:
		c.expr(s.Value)
	case *syntax.Raise:
		c.expr(s.Exc)
		c.expr(s.Cause)
	case *syntax.Assert:
		c.expr(s.Test)
	case *syntax.Delete:
		c.bindAll(s)
	case *syntax.Import, *syntax.ImportFrom:
		c.bindAll(s)
	case *syntax.If:
		if isMainGuard(s.Test) && len(s.OrElse) == 0 {
			c.stmts(s.Body)
			return
		}
		c.expr(s.Test)
		c.bindAll(s)
	case *syntax.While:
		c.expr(s.Test)
		c.bindAll(s)
	case *syntax.For:
		c.expr(s.Iter)
		c.bindAll(s)
	case *syntax.With:
		for _, it := range s.Items {
			if it == nil {
				continue
			}
			c.expr(it.Context)
			c.target(it.Vars)
		}
		c.stmts(s.Body)
		c.bindAll(s)
	case *syntax.Try:
		c.stmts(s.Body)
		c.bindAll(s)
	case *syntax.FunctionDef:
		for _, d := range s.Decorators {
			c.expr(d)
		}
		c.args(s.Args)
		c.bindName(s.Name)
	case *syntax.ClassDef:
		for _, d := range s.Decorators {
			c.expr(d)
		}
		for _, b := range s.Bases {
			c.expr(b)
		}
		c.bindName(s.Name)
	default:
		c.bindAll(st)
	}
}

func (c *ubChecker) args(a *syntax.Arguments) {
	if a == nil {
		return
	}
	for _, d := range a.Defaults {
		c.expr(d)
	}
	for _, d := range a.KwDefaults {
		c.expr(d)
	}
}

func (c *ubChecker) bindName(id *syntax.Ident) {
	if id != nil {
		c.maybe[id.Name] = true
	}
}

// target evaluates the parts of an assignment target that are read
// (a.b = ..., a[i] = ...) and records the names it binds.
func (c *ubChecker) target(e syntax.Expr) {
	switch t := e.(type) {
	case nil:
	case *syntax.Name:
		c.maybe[t.Id] = true
	case *syntax.Tuple:
		for _, x := range t.Elts {
			c.target(x)
		}
	case *syntax.List:
		for _, x := range t.Elts {
			c.target(x)
		}
	case *syntax.Starred:
		c.target(t.X)
	case *syntax.Attribute:
		c.expr(t.X)
	case *syntax.Subscript:
		c.expr(t.X)
		c.expr(t.Index)
	}
}

// bindAll records every name that n may bind in this scope, without
// checking the reads inside it (they are not straight-line code).
func (c *ubChecker) bindAll(n syntax.Node) {
	syntax.Inspect(n, func(x syntax.Node) bool {
		switch v := x.(type) {
		case *syntax.Name:
			if v.Ctx != syntax.Load {
				c.maybe[v.Id] = true
			}
		case *syntax.FunctionDef:
			c.bindName(v.Name)
			return false
		case *syntax.ClassDef:
			c.bindName(v.Name)
			return false
		case *syntax.Lambda:
			return false
		case *syntax.ExceptHandler:
			c.bindName(v.Name)
		case *syntax.Alias:
			if v.AsName != nil {
				c.bindName(v.AsName)
			} else if v.Name != nil {
				c.maybe[firstComponent(v.Name.Name)] = true
				c.maybe[v.Name.Name] = true
			}
		}
		return true
	})
}

func firstComponent(dotted string) string {
	for i := 0; i < len(dotted); i++ {
		if dotted[i] == '.' {
			return dotted[:i]
		}
	}
	return dotted
}

// expr checks the reads of an expression that certainly run, in
// evaluation order.
func (c *ubChecker) expr(e syntax.Expr) {
	if e == nil {
		return
	}
	switch x := e.(type) {
	case *syntax.Name:
		if x.Ctx == syntax.Load {
			c.read(x)
		}
		return
	case *syntax.Lambda:
		c.args(x.Args)
		return
	case *syntax.IfExp:
		c.expr(x.Test)
		c.bindAll(x)
		return
	case *syntax.BoolOp:
		if len(x.Values) > 0 {
			c.expr(x.Values[0])
		}
		c.bindAll(x)
		return
	case *syntax.NamedExpr:
		c.expr(x.Value)
		if x.Target != nil {
			c.maybe[x.Target.Id] = true
		}
		return
	case *syntax.ListComp:
		c.compIter(x.Generators, x)
		return
	case *syntax.SetComp:
		c.compIter(x.Generators, x)
		return
	case *syntax.DictComp:
		c.compIter(x.Generators, x)
		return
	case *syntax.GeneratorExp:
		c.compIter(x.Generators, x)
		return
	}
	saved := c.root
	c.root = e
	syntax.Walk(c, e)
	c.root = saved
}

// Visit makes ubChecker the syntax.Visitor of expr: it hands every
// sub-expression of the current root to expr and descends through the
// parts that are not expressions (keyword arguments, identifiers).
func (c *ubChecker) Visit(n syntax.Node) syntax.Visitor {
	if n == nil {
		return nil
	}
	if n == c.root {
		return c
	}
	if sub, ok := n.(syntax.Expr); ok {
		c.expr(sub)
		return nil
	}
	return c
}

// compIter checks the first iterable of a comprehension (evaluated in
// this scope) and records walrus targets inside it.
func (c *ubChecker) compIter(gens []*syntax.Comprehension, n syntax.Node) {
	if len(gens) > 0 && gens[0] != nil {
		c.expr(gens[0].Iter)
	}
	syntax.Inspect(n, func(x syntax.Node) bool {
		if w, ok := x.(*syntax.NamedExpr); ok && w.Target != nil {
			c.maybe[w.Target.Id] = true
		}
		return true
	})
}

func (c *ubChecker) read(n *syntax.Name) {
	if c.maybe[n.Id] || !c.candidate(n.Id) {
		return
	}
	c.maybe[n.Id] = true // report each name once
	if c.module {
		c.p.Reportf(n.Span(), "name '%s' is used before it is assigned", n.Id)
	} else {
		c.p.Reportf(n.Span(), "local variable '%s' is read before it is assigned", n.Id)
	}
}

// isMainGuard recognises `__name__ == "__main__"`.
func isMainGuard(e syntax.Expr) bool {
	c, ok := e.(*syntax.Compare)
	if !ok || len(c.Ops) != 1 || c.Ops[0] != syntax.Eq || len(c.Comparators) != 1 {
		return false
	}
	n, ok1 := c.Left.(*syntax.Name)
	s, ok2 := c.Comparators[0].(*syntax.Str)
	return ok1 && ok2 && n.Id == "__name__" && s.Value == "__main__"
}
