package syntax

// Visitor is called by Walk for each node. Visit(n) returns the visitor for
// n's children (nil to skip them); after the children Walk calls
// w.Visit(nil), as go/ast does.
type Visitor interface {
	Visit(n Node) (w Visitor)
}

type inspector func(Node) bool

func (f inspector) Visit(n Node) Visitor {
	if n != nil && f(n) {
		return f
	}
	return nil
}

// Inspect walks the tree rooted at n in source order: it calls f(n) and,
// when f returns true, inspects each child of n. Unlike go/ast.Inspect, f
// is never called with nil. Comments are not visited (see Module.Comments).
func Inspect(n Node, f func(Node) bool) {
	Walk(inspector(f), n)
}

// Walk visits n and its descendants in source order.
func Walk(v Visitor, n Node) {
	if n == nil || isNilNode(n) {
		return
	}
	if v = v.Visit(n); v == nil {
		return
	}
	walkChildren(v, n)
	v.Visit(nil)
}

func isNilNode(n Node) bool {
	switch x := n.(type) {
	case *Ident:
		return x == nil
	case *Arg:
		return x == nil
	case *Arguments:
		return x == nil
	case *JoinedStr:
		return x == nil
	case *Keyword:
		return x == nil
	case *Comprehension:
		return x == nil
	case *Alias:
		return x == nil
	case *ExceptHandler:
		return x == nil
	case *WithItem:
		return x == nil
	case *Name:
		return x == nil
	case *Module:
		return x == nil
	}
	return false
}

func walkExprs(v Visitor, list []Expr) {
	for _, x := range list {
		if x != nil {
			Walk(v, x)
		}
	}
}

func walkStmts(v Visitor, list []Stmt) {
	for _, s := range list {
		if s != nil {
			Walk(v, s)
		}
	}
}

func walkExpr(v Visitor, x Expr) {
	if x != nil {
		Walk(v, x)
	}
}

// walkArgsKeywords visits call arguments and keywords merged in source
// order (keywords may precede starred arguments: f(a=1, *b)).
func walkArgsKeywords(v Visitor, args []Expr, kws []*Keyword) {
	i, j := 0, 0
	for i < len(args) || j < len(kws) {
		if j >= len(kws) || (i < len(args) && args[i].Span().Start < kws[j].Sp.Start) {
			walkExpr(v, args[i])
			i++
		} else {
			Walk(v, kws[j])
			j++
		}
	}
}

func walkChildren(v Visitor, n Node) {
	switch x := n.(type) {
	case *Module:
		walkStmts(v, x.Body)
	case *Ident, *Name, *Constant, *Int, *Float, *Str, *BadExpr,
		*Pass, *Break, *Continue, *BadStmt, *Comment:
	case *JoinedStr:
		walkExprs(v, x.Parts)
	case *FormattedValue:
		walkExpr(v, x.Value)
		if x.Spec != nil {
			Walk(v, x.Spec)
		}
	case *BinOp:
		walkExpr(v, x.X)
		walkExpr(v, x.Y)
	case *UnaryOp:
		walkExpr(v, x.X)
	case *BoolOp:
		walkExprs(v, x.Values)
	case *Compare:
		walkExpr(v, x.Left)
		walkExprs(v, x.Comparators)
	case *Keyword:
		Walk(v, x.Arg)
		walkExpr(v, x.Value)
	case *Call:
		walkExpr(v, x.Func)
		walkArgsKeywords(v, x.Args, x.Keywords)
	case *Attribute:
		walkExpr(v, x.X)
		Walk(v, x.Attr)
	case *Subscript:
		walkExpr(v, x.X)
		walkExpr(v, x.Index)
	case *Slice:
		walkExpr(v, x.Lo)
		walkExpr(v, x.Hi)
		walkExpr(v, x.Step)
	case *Starred:
		walkExpr(v, x.X)
	case *Tuple:
		walkExprs(v, x.Elts)
	case *List:
		walkExprs(v, x.Elts)
	case *Set:
		walkExprs(v, x.Elts)
	case *Dict:
		for i := range x.Values {
			if i < len(x.Keys) {
				walkExpr(v, x.Keys[i])
			}
			walkExpr(v, x.Values[i])
		}
	case *Comprehension:
		walkExpr(v, x.Target)
		walkExpr(v, x.Iter)
		walkExprs(v, x.Ifs)
	case *ListComp:
		walkExpr(v, x.Elt)
		for _, g := range x.Generators {
			Walk(v, g)
		}
	case *SetComp:
		walkExpr(v, x.Elt)
		for _, g := range x.Generators {
			Walk(v, g)
		}
	case *GeneratorExp:
		walkExpr(v, x.Elt)
		for _, g := range x.Generators {
			Walk(v, g)
		}
	case *DictComp:
		walkExpr(v, x.Key)
		walkExpr(v, x.Value)
		for _, g := range x.Generators {
			Walk(v, g)
		}
	case *Lambda:
		Walk(v, x.Args)
		walkExpr(v, x.Body)
	case *IfExp:
		walkExpr(v, x.Body)
		walkExpr(v, x.Test)
		walkExpr(v, x.OrElse)
	case *NamedExpr:
		Walk(v, x.Target)
		walkExpr(v, x.Value)
	case *Yield:
		walkExpr(v, x.Value)
	case *YieldFrom:
		walkExpr(v, x.Value)
	case *Arg:
		Walk(v, x.Name)
		walkExpr(v, x.Annotation)
	case *Arguments:
		npos := len(x.PosOnly) + len(x.Args)
		first := npos - len(x.Defaults)
		k := 0
		for _, list := range [2][]*Arg{x.PosOnly, x.Args} {
			for _, a := range list {
				Walk(v, a)
				if k >= first && k-first < len(x.Defaults) {
					walkExpr(v, x.Defaults[k-first])
				}
				k++
			}
		}
		Walk(v, x.Vararg)
		for i, a := range x.KwOnly {
			Walk(v, a)
			if i < len(x.KwDefaults) {
				walkExpr(v, x.KwDefaults[i])
			}
		}
		Walk(v, x.Kwarg)
	case *ExprStmt:
		walkExpr(v, x.X)
	case *Assign:
		walkExprs(v, x.Targets)
		walkExpr(v, x.Value)
	case *AugAssign:
		walkExpr(v, x.Target)
		walkExpr(v, x.Value)
	case *AnnAssign:
		walkExpr(v, x.Target)
		walkExpr(v, x.Annotation)
		walkExpr(v, x.Value)
	case *Delete:
		walkExprs(v, x.Targets)
	case *Return:
		walkExpr(v, x.Value)
	case *Raise:
		walkExpr(v, x.Exc)
		walkExpr(v, x.Cause)
	case *Global:
		for _, id := range x.Names {
			Walk(v, id)
		}
	case *Nonlocal:
		for _, id := range x.Names {
			Walk(v, id)
		}
	case *Assert:
		walkExpr(v, x.Test)
		walkExpr(v, x.Msg)
	case *Alias:
		Walk(v, x.Name)
		Walk(v, x.AsName)
	case *Import:
		for _, a := range x.Names {
			Walk(v, a)
		}
	case *ImportFrom:
		Walk(v, x.Module)
		for _, a := range x.Names {
			Walk(v, a)
		}
	case *If:
		walkExpr(v, x.Test)
		walkStmts(v, x.Body)
		walkStmts(v, x.OrElse)
	case *While:
		walkExpr(v, x.Test)
		walkStmts(v, x.Body)
		walkStmts(v, x.OrElse)
	case *For:
		walkExpr(v, x.Target)
		walkExpr(v, x.Iter)
		walkStmts(v, x.Body)
		walkStmts(v, x.OrElse)
	case *ExceptHandler:
		walkExpr(v, x.Type)
		Walk(v, x.Name)
		walkStmts(v, x.Body)
	case *Try:
		walkStmts(v, x.Body)
		for _, h := range x.Handlers {
			Walk(v, h)
		}
		walkStmts(v, x.OrElse)
		walkStmts(v, x.FinalBody)
	case *WithItem:
		walkExpr(v, x.Context)
		walkExpr(v, x.Vars)
	case *With:
		for _, it := range x.Items {
			Walk(v, it)
		}
		walkStmts(v, x.Body)
	case *FunctionDef:
		walkExprs(v, x.Decorators)
		Walk(v, x.Name)
		Walk(v, x.Args)
		walkExpr(v, x.Returns)
		walkStmts(v, x.Body)
	case *ClassDef:
		walkExprs(v, x.Decorators)
		Walk(v, x.Name)
		walkArgsKeywords(v, x.Bases, x.Keywords)
		walkStmts(v, x.Body)
	}
}
