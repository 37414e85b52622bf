package syntax

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/weft-lang/weft/compiler/source"
)

// startsExpr marks the tokens that can begin an expression (star_expression).
var startsExpr = [kindEnd]bool{
	NAME: true, INT: true, FLOAT: true, STRING: true, LPAREN: true,
	LBRACK: true, LBRACE: true, MINUS: true, PLUS: true, TILDE: true,
	NOT: true, LAMBDA: true, NONE: true, TRUE: true, FALSE: true,
	ELLIPSIS: true, AWAIT: true, STAR: true,
}

// startsOperand marks tokens that, right after a complete expression inside
// brackets, suggest a missing comma.
var startsOperand = [kindEnd]bool{
	NAME: true, INT: true, FLOAT: true, STRING: true, LBRACE: true,
	TILDE: true, NOT: true, LAMBDA: true, NONE: true, TRUE: true,
	FALSE: true, ELLIPSIS: true,
}

// collectExprs pops the expressions above mark off p.exprs into a new
// slice (lists are built on a stack so that each is allocated once).
func (p *parser) collectExprs(mark int) []Expr {
	n := len(p.exprs) - mark
	if n <= 0 {
		return nil
	}
	out := make([]Expr, n)
	copy(out, p.exprs[mark:])
	clear(p.exprs[mark:])
	p.exprs = p.exprs[:mark]
	return out
}

func (p *parser) canStartExpr() bool { return startsExpr[p.tok.Kind] }

// enter counts one level of expression nesting; past maxDepth it reports
// once, skips the rest of the logical line and returns false.
func (p *parser) enter() bool {
	p.depth++
	if p.depth <= maxDepth {
		return true
	}
	p.depth--
	p.tooDeep()
	return false
}

func (p *parser) tooDeep() {
	if !p.bailing {
		p.errorHere("too deeply nested expression")
	}
	p.bailing = true
	p.skipLine()
}

// unexpected reports the current token as unexpected after elem (which may
// be nil), with CPython's hints for "=" and a missing comma.
func (p *parser) unexpected(elem Expr) {
	if p.bailing {
		return
	}
	switch {
	case p.tok.Kind == ASSIGN && elem != nil:
		p.assignInExpr(elem)
	case elem != nil && p.brackets > 0 && startsOperand[p.tok.Kind] && !isBadExpr(elem):
		if _, isName := elem.(*Name); isName && p.tok.Kind == STRING {
			p.errorHere("invalid syntax")
			return
		}
		p.errorAt(source.Span{Start: elem.Span().Start, End: p.tok.End}, "invalid syntax. Perhaps you forgot a comma?")
	default:
		p.errorHere("invalid syntax")
	}
}

func isBadExpr(e Expr) bool {
	_, ok := e.(*BadExpr)
	return ok
}

// assignInExpr reports "x = y" where an expression was expected.
func (p *parser) assignInExpr(elem Expr) {
	if n, ok := elem.(*Name); ok && p.prevEnd == n.Sp.End {
		p.errorAt(n.Sp, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
		return
	}
	p.errorAt(elem.Span(), "cannot assign to %s here. Maybe you meant '==' instead of '='?", exprName(elem))
}

// exprName is CPython's name for an expression kind in error messages.
func exprName(e Expr) string {
	switch x := e.(type) {
	case *Attribute:
		return "attribute"
	case *Subscript:
		return "subscript"
	case *Starred:
		return "starred"
	case *Name:
		return "name"
	case *List:
		return "list"
	case *Tuple:
		return "tuple"
	case *Lambda:
		return "lambda"
	case *Call:
		return "function call"
	case *BoolOp, *BinOp, *UnaryOp:
		return "expression"
	case *GeneratorExp:
		return "generator expression"
	case *Yield, *YieldFrom:
		return "yield expression"
	case *ListComp:
		return "list comprehension"
	case *SetComp:
		return "set comprehension"
	case *DictComp:
		return "dict comprehension"
	case *Dict:
		return "dict literal"
	case *Set:
		return "set display"
	case *JoinedStr, *FormattedValue:
		return "f-string expression"
	case *Constant:
		switch x.Kind {
		case ConstNone:
			return "None"
		case ConstTrue:
			return "True"
		case ConstFalse:
			return "False"
		}
		return "ellipsis"
	case *Int, *Float, *Str:
		return "literal"
	case *Compare:
		return "comparison"
	case *IfExp:
		return "conditional expression"
	case *NamedExpr:
		return "named expression"
	}
	return "expression"
}

// parenthesized reports whether the source text around e is "(" ... ")"
// (for error messages only).
func (p *parser) parenthesized(e Expr) bool {
	sp := e.Span()
	i, j := int(sp.Start)-1, int(sp.End)
	for i >= 0 && isSpaceByte(p.src[i]) {
		i--
	}
	for j < len(p.src) && isSpaceByte(p.src[j]) {
		j++
	}
	return i >= 0 && p.src[i] == '(' && j < len(p.src) && p.src[j] == ')'
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// checkNoStar reports a lone starred expression where only a tuple element
// may be starred.
func (p *parser) checkNoStar(x Expr) {
	if s, ok := x.(*Starred); ok {
		if p.fdepth > 0 {
			// CPython compiles an f-string field as "(expr)".
			p.errorAt(s.Sp, "cannot use starred expression here")
			return
		}
		p.errorAt(s.Sp, "can't use starred expression here")
	}
}

// checkAssignTarget validates one target of "=" and sets Store context.
// single is true for a lone "=", which gets CPython's "Maybe you meant
// '=='" hint.
func (p *parser) checkAssignTarget(t Expr, single bool) {
	if s, ok := t.(*Starred); ok {
		p.errorAt(s.Sp, "starred assignment target must be in a list or tuple")
		return
	}
	p.checkTarget(t, Store, single)
}

// checkTarget validates an assignment or deletion target and sets its
// context (recursively through tuples, lists and starred targets).
func (p *parser) checkTarget(e Expr, ctx ExprContext, here bool) {
	switch x := e.(type) {
	case *Name:
		x.Ctx = ctx
	case *Attribute:
		x.Ctx = ctx
	case *Subscript:
		x.Ctx = ctx
	case *Starred:
		if ctx == Del {
			p.errorAt(x.Sp, "cannot delete starred")
			return
		}
		x.Ctx = ctx
		p.checkTarget(x.X, ctx, here)
	case *Tuple:
		x.Ctx = ctx
		p.checkElts(x.Elts, ctx, here)
	case *List:
		x.Ctx = ctx
		p.checkElts(x.Elts, ctx, here)
	case *BadExpr:
	default:
		p.targetError(e, ctx, here)
	}
}

func (p *parser) checkElts(elts []Expr, ctx ExprContext, here bool) {
	stars := 0
	for _, e := range elts {
		if _, ok := e.(*Starred); ok {
			stars++
			if stars == 2 && ctx == Store {
				p.errorAt(e.Span(), "multiple starred expressions in assignment")
			}
		}
		p.checkTarget(e, ctx, here)
	}
}

func (p *parser) targetError(e Expr, ctx ExprContext, here bool) {
	name := exprName(e)
	switch e.(type) {
	case *Yield, *YieldFrom:
		if ctx != Del {
			p.errorAt(e.Span(), "assignment to yield expression not possible")
			return
		}
	case *Constant:
		if name != "ellipsis" {
			here = false
		}
	case *Compare, *BoolOp, *IfExp, *Lambda:
		// Above bitwise-or level CPython gives no "==" hint, unless the
		// expression is parenthesized.
		here = here && p.parenthesized(e)
	case *UnaryOp:
		if e.(*UnaryOp).Op == Not {
			here = here && p.parenthesized(e)
		}
	}
	switch {
	case ctx == Del:
		p.errorAt(e.Span(), "cannot delete %s", name)
	case here:
		p.errorAt(e.Span(), "cannot assign to %s here. Maybe you meant '==' instead of '='?", name)
	default:
		p.errorAt(e.Span(), "cannot assign to %s", name)
	}
}

// ---------------------------------------------------------------------------
// Expression lists and targets

// parseStarExpressions parses star_expressions: a tuple when there is a
// comma (a trailing comma included), otherwise the single expression.
func (p *parser) parseStarExpressions() Expr {
	start := p.tok.Pos
	x := p.parseStarExpr()
	if p.tok.Kind != COMMA {
		return x
	}
	mark := len(p.exprs)
	p.exprs = append(p.exprs, x)
	for p.tok.Kind == COMMA {
		p.next()
		if !p.canStartExpr() {
			break
		}
		e := p.parseStarExpr()
		p.exprs = append(p.exprs, e)
	}
	t := &Tuple{Elts: p.collectExprs(mark)}
	t.Sp = p.span(start)
	return t
}

func (p *parser) parseStarExpr() Expr {
	if p.tok.Kind == STAR {
		start := p.tok.Pos
		p.next()
		s := &Starred{X: p.parseBitOr()}
		s.Sp = p.span(start)
		return s
	}
	return p.parseExpression()
}

// parseStarNamedExpr parses one element of a display: "*x" or a named
// expression.
func (p *parser) parseStarNamedExpr() Expr {
	if p.tok.Kind == STAR {
		start := p.tok.Pos
		p.next()
		s := &Starred{X: p.parseBitOr()}
		s.Sp = p.span(start)
		return s
	}
	return p.parseNamedExpr()
}

// parseTargetList parses star_targets (for loops and comprehensions): the
// elements are parsed at bitwise-or level so that "in" ends them.
func (p *parser) parseTargetList() Expr {
	start := p.tok.Pos
	x := p.parseTarget()
	if p.tok.Kind != COMMA {
		return x
	}
	mark := len(p.exprs)
	p.exprs = append(p.exprs, x)
	for p.tok.Kind == COMMA {
		p.next()
		if !p.canStartExpr() {
			break
		}
		e := p.parseTarget()
		p.exprs = append(p.exprs, e)
	}
	t := &Tuple{Elts: p.collectExprs(mark)}
	t.Sp = p.span(start)
	return t
}

func (p *parser) parseTarget() Expr {
	if p.tok.Kind == STAR {
		start := p.tok.Pos
		p.next()
		s := &Starred{X: p.parseBitOr()}
		s.Sp = p.span(start)
		return s
	}
	return p.parseBitOr()
}

// ---------------------------------------------------------------------------
// Expressions, from lowest to highest precedence

// parseExpression parses CPython's "expression": a conditional expression,
// a lambda, or a disjunction.
func (p *parser) parseExpression() Expr {
	if !p.enter() {
		return p.bad(p.tok.Pos)
	}
	x := p.parseExpressionInner()
	p.depth--
	return x
}

func (p *parser) parseExpressionInner() Expr {
	if p.tok.Kind == LAMBDA {
		return p.parseLambda()
	}
	start := p.tok.Pos
	x := p.parseDisjunction()
	if p.tok.Kind != IF {
		return x
	}
	p.next()
	e := &IfExp{Body: x}
	e.Test = p.parseDisjunction()
	if p.tok.Kind != ELSE {
		if !p.bailing {
			p.errorAt(source.Span{Start: start, End: p.prevEnd}, "expected 'else' after 'if' expression")
		}
		e.OrElse = p.bad(p.tok.Pos)
	} else {
		p.next()
		e.OrElse = p.parseExpression()
	}
	e.Sp = p.span(start)
	return e
}

// parseNamedExpr parses "NAME := expression" or an expression.
func (p *parser) parseNamedExpr() Expr {
	start := p.tok.Pos
	x := p.parseExpression()
	if p.tok.Kind != WALRUS {
		return x
	}
	n, ok := x.(*Name)
	if !ok || p.prevEnd != n.Sp.End {
		p.errorAt(x.Span(), "cannot use assignment expressions with %s", exprName(x))
		ok = false
	}
	p.next()
	v := p.parseExpression()
	if !ok {
		return p.bad(start)
	}
	n.Ctx = Store
	e := &NamedExpr{Target: n, Value: v}
	e.Sp = p.span(start)
	return e
}

func (p *parser) parseLambda() Expr {
	start := p.tok.Pos
	p.next()
	e := &Lambda{}
	e.Args = p.parseParams(true, COLON)
	if !p.bailing && !p.got(COLON) {
		p.unexpected(nil)
	}
	if p.bailing {
		e.Body = p.bad(p.tok.Pos)
	} else {
		e.Body = p.parseExpression()
	}
	e.Sp = p.span(start)
	return e
}

func (p *parser) parseDisjunction() Expr {
	start := p.tok.Pos
	x := p.parseConjunction()
	if p.tok.Kind != OR {
		return x
	}
	vals := []Expr{x}
	for p.got(OR) {
		vals = append(vals, p.parseConjunction())
	}
	e := &BoolOp{Op: Or, Values: vals}
	e.Sp = p.span(start)
	return e
}

func (p *parser) parseConjunction() Expr {
	start := p.tok.Pos
	x := p.parseInversion()
	if p.tok.Kind != AND {
		return x
	}
	vals := []Expr{x}
	for p.got(AND) {
		vals = append(vals, p.parseInversion())
	}
	e := &BoolOp{Op: And, Values: vals}
	e.Sp = p.span(start)
	return e
}

func (p *parser) parseInversion() Expr {
	if p.tok.Kind != NOT {
		return p.parseComparison()
	}
	start := p.tok.Pos
	p.next()
	if !p.enter() {
		return p.bad(start)
	}
	x := p.parseInversion()
	p.depth--
	e := &UnaryOp{Op: Not, X: x}
	e.Sp = p.span(start)
	return e
}

var compOps = [kindEnd]Op{
	EQ: Eq, NE: NotEq, LT: Lt, LE: LtE, GT: Gt, GE: GtE, IN: In, IS: Is, NOT: NotIn,
}

func (p *parser) parseComparison() Expr {
	start := p.tok.Pos
	x := p.parseBitOr()
	if compOps[p.tok.Kind] == BadOp {
		return x
	}
	e := &Compare{Left: x}
	for {
		op := compOps[p.tok.Kind]
		if op == BadOp {
			break
		}
		switch p.tok.Kind {
		case NOT:
			p.next()
			if p.tok.Kind != IN {
				p.errorHere("invalid syntax")
				e.Ops = append(e.Ops, op)
				e.Comparators = append(e.Comparators, p.bad(p.tok.Pos))
				e.Sp = p.span(start)
				return e
			}
		case IS:
			p.next()
			if p.tok.Kind == NOT {
				op = IsNot
			} else {
				e.Ops = append(e.Ops, op)
				e.Comparators = append(e.Comparators, p.parseBitOr())
				continue
			}
		}
		p.next()
		e.Ops = append(e.Ops, op)
		e.Comparators = append(e.Comparators, p.parseBitOr())
	}
	e.Sp = p.span(start)
	return e
}

var binPrec = [kindEnd]int8{
	PIPE: 1, CARET: 2, AMP: 3, LSHIFT: 4, RSHIFT: 4, PLUS: 5, MINUS: 5,
	STAR: 6, SLASH: 6, DSLASH: 6, PERCENT: 6, AT: 6,
}

var binOps = [kindEnd]Op{
	PIPE: BitOr, CARET: BitXor, AMP: BitAnd, LSHIFT: LShift, RSHIFT: RShift,
	PLUS: Add, MINUS: Sub, STAR: Mult, SLASH: Div, DSLASH: FloorDiv,
	PERCENT: Mod, AT: MatMult,
}

func (p *parser) parseBitOr() Expr { return p.parseBinary(1) }

// parseBinary is precedence climbing over the binary operators from "|"
// (1) to the multiplicative ones (6). Left-associative chains are built
// iteratively; their length counts towards the depth limit because the
// resulting tree is that deep.
func (p *parser) parseBinary(prec1 int8) Expr {
	start := p.tok.Pos
	x := p.parseFactor()
	chain := 0
	for {
		k := p.tok.Kind
		prec := binPrec[k]
		if prec == 0 || prec < prec1 {
			return x
		}
		if k == AT {
			p.unsupported(p.tok.Span(), "the '@' operator is not supported in Weft")
		}
		p.next()
		chain++
		if p.depth+chain > maxDepth {
			p.tooDeep()
			return x
		}
		y := p.parseBinary(prec + 1)
		b := &BinOp{X: x, Op: binOps[k], Y: y}
		b.Sp = p.span(start)
		x = b
	}
}

func (p *parser) parseFactor() Expr {
	var op Op
	switch p.tok.Kind {
	case PLUS:
		op = UAdd
	case MINUS:
		op = USub
	case TILDE:
		op = Invert
	default:
		return p.parsePower()
	}
	start := p.tok.Pos
	p.next()
	if !p.enter() {
		return p.bad(start)
	}
	x := p.parseFactor()
	p.depth--
	e := &UnaryOp{Op: op, X: x}
	e.Sp = p.span(start)
	return e
}

func (p *parser) parsePower() Expr {
	start := p.tok.Pos
	if p.tok.Kind == AWAIT {
		p.unsupported(p.tok.Span(), "'await' is not supported in Weft")
		p.next()
		if !p.enter() {
			return p.bad(start)
		}
		p.parsePower()
		p.depth--
		return p.bad(start)
	}
	x := p.parsePrimary()
	if p.tok.Kind != DSTAR {
		return x
	}
	p.next()
	if !p.enter() {
		return x
	}
	y := p.parseFactor()
	p.depth--
	e := &BinOp{X: x, Op: Pow, Y: y}
	e.Sp = p.span(start)
	return e
}

// parsePrimary parses an atom followed by attribute, call and subscript
// trailers.
func (p *parser) parsePrimary() Expr {
	start := p.tok.Pos
	x := p.parseAtom()
	chain := 0
	for {
		switch p.tok.Kind {
		case DOT:
			p.next()
			if p.tok.Kind != NAME {
				p.errorHere("invalid syntax")
				return x
			}
			a := p.alloc.attrs.alloc()
			a.X, a.Attr = x, p.ident()
			a.Sp = p.span(start)
			x = a
		case LPAREN:
			lp := p.tok.Pos
			p.next()
			c := p.alloc.calls.alloc()
			c.Func = x
			c.Args, c.Keywords = p.parseCallArgs(lp)
			c.Sp = p.span(start)
			x = c
		case LBRACK:
			p.next()
			p.brackets++
			s := &Subscript{X: x}
			if p.tok.Kind == RBRACK {
				p.errorHere("invalid syntax")
				s.Index = p.bad(p.tok.Pos)
			} else {
				s.Index = p.parseSlices()
			}
			p.closeBracket(RBRACK, s.Index)
			p.brackets--
			s.Sp = p.span(start)
			x = s
		default:
			return x
		}
		chain++
		if p.depth+chain > maxDepth {
			p.tooDeep()
			return x
		}
	}
}

// closeBracket consumes the closing bracket k or reports what is there.
func (p *parser) closeBracket(k Kind, last Expr) {
	if p.bailing {
		return
	}
	if !p.got(k) {
		p.unexpected(last)
	}
}

// parseCallArgs parses call arguments after "(" (at lparen) through ")".
func (p *parser) parseCallArgs(lparen source.Pos) (args []Expr, kws []*Keyword) {
	mark, kmark := len(p.exprs), len(p.kws)
	p.brackets++
	seenKw, seenDstar := false, false
	var last Expr
	for p.tok.Kind != RPAREN && !p.bailing {
		argStart := p.tok.Pos
		switch p.tok.Kind {
		case STAR:
			p.next()
			st := &Starred{X: p.parseExpression()}
			st.Sp = p.span(argStart)
			if seenDstar {
				p.errorAt(st.Sp, "iterable argument unpacking follows keyword argument unpacking")
			}
			p.exprs = append(p.exprs, st)
			last = st
		case DSTAR:
			p.next()
			kw := &Keyword{Value: p.parseExpression()}
			kw.Sp = p.span(argStart)
			p.kws = append(p.kws, kw)
			seenDstar = true
			last = kw.Value
		default:
			x := p.parseNamedExpr()
			last = x
			if p.tok.Kind == ASSIGN {
				n, ok := x.(*Name)
				if !ok || p.prevEnd != n.Sp.End {
					if c, isConst := x.(*Constant); isConst && c.Kind != ConstEllipsis {
						p.errorAt(x.Span(), "cannot assign to %s", exprName(x))
					} else {
						p.errorAt(x.Span(), `expression cannot contain assignment, perhaps you meant "=="?`)
					}
					break
				}
				p.next()
				id := &Ident{Name: n.Id}
				id.Sp = n.Sp
				kw := &Keyword{Arg: id, Value: p.parseExpression()}
				kw.Sp = p.span(argStart)
				p.kws = append(p.kws, kw)
				seenKw = true
				last = kw.Value
				break
			}
			if p.tok.Kind == FOR || p.tok.Kind == ASYNC {
				g := &GeneratorExp{Elt: x}
				g.Generators = p.parseGenerators()
				g.Sp = p.span(argStart)
				if len(p.exprs) == mark && len(p.kws) == kmark && p.tok.Kind == RPAREN {
					g.Sp = source.Span{Start: lparen, End: p.tok.End}
				} else {
					p.errorAt(g.Sp, "Generator expression must be parenthesized")
				}
				x = g
				last = g
			}
			if seenDstar {
				p.errorAt(x.Span(), "positional argument follows keyword argument unpacking")
			} else if seenKw {
				p.errorAt(x.Span(), "positional argument follows keyword argument")
			}
			p.exprs = append(p.exprs, x)
		}
		if p.tok.Kind != COMMA {
			break
		}
		p.next()
	}
	p.closeBracket(RPAREN, last)
	p.brackets--
	args = p.collectExprs(mark)
	if n := len(p.kws) - kmark; n > 0 {
		kws = make([]*Keyword, n)
		copy(kws, p.kws[kmark:])
		clear(p.kws[kmark:])
		p.kws = p.kws[:kmark]
	}
	return args, kws
}

// parseSlices parses the index of a subscript: one slice or expression, or
// a tuple of them.
func (p *parser) parseSlices() Expr {
	start := p.tok.Pos
	x := p.parseSliceItem()
	if p.tok.Kind != COMMA {
		return x
	}
	mark := len(p.exprs)
	p.exprs = append(p.exprs, x)
	for p.tok.Kind == COMMA {
		p.next()
		if p.tok.Kind != COLON && !p.canStartExpr() {
			break
		}
		e := p.parseSliceItem()
		p.exprs = append(p.exprs, e)
	}
	t := &Tuple{Elts: p.collectExprs(mark)}
	t.Sp = p.span(start)
	return t
}

func (p *parser) parseSliceItem() Expr {
	start := p.tok.Pos
	var lo Expr
	if p.tok.Kind != COLON {
		if p.tok.Kind == STAR {
			return p.parseStarNamedExpr()
		}
		lo = p.parseNamedExpr()
		if p.tok.Kind != COLON {
			return lo
		}
	}
	p.next()
	s := &Slice{Lo: lo}
	if p.canStartExpr() && p.tok.Kind != STAR {
		s.Hi = p.parseExpression()
	}
	if p.got(COLON) {
		if p.canStartExpr() && p.tok.Kind != STAR {
			s.Step = p.parseExpression()
		}
	}
	s.Sp = p.span(start)
	return s
}

func (p *parser) parseYield() Expr {
	start := p.tok.Pos
	p.next()
	if p.got(FROM) {
		e := &YieldFrom{Value: p.parseExpression()}
		e.Sp = p.span(start)
		return e
	}
	e := &Yield{}
	if p.canStartExpr() {
		e.Value = p.parseStarExpressions()
		p.checkNoStar(e.Value)
	}
	e.Sp = p.span(start)
	return e
}

// ---------------------------------------------------------------------------
// Atoms

func (p *parser) parseAtom() Expr {
	t := p.tok
	switch t.Kind {
	case NAME:
		p.next()
		n := p.alloc.names.alloc()
		n.Id = t.Lit
		n.Sp = t.Span()
		return n
	case NONE, TRUE, FALSE, ELLIPSIS:
		p.next()
		c := &Constant{}
		switch t.Kind {
		case NONE:
			c.Kind = ConstNone
		case TRUE:
			c.Kind = ConstTrue
		case FALSE:
			c.Kind = ConstFalse
		default:
			c.Kind = ConstEllipsis
		}
		c.Sp = t.Span()
		return c
	case INT:
		p.next()
		return p.intLit(t)
	case FLOAT:
		p.next()
		return p.floatLit(t)
	case STRING:
		return p.parseStrings()
	case LPAREN:
		return p.parseParenAtom()
	case LBRACK:
		return p.parseListAtom()
	case LBRACE:
		return p.parseBraceAtom()
	}
	p.errorHere("invalid syntax")
	return p.bad(t.Pos)
}

// maxDecimalDigits is CPython's limit on the length of a decimal int
// literal (sys.get_int_max_str_digits()), which keeps conversion linear.
const maxDecimalDigits = 4300

func (p *parser) intLit(t Token) Expr {
	if t.Bad {
		b := &BadExpr{}
		b.Sp = t.Span()
		return b
	}
	text := p.src[t.Pos:t.End]
	n := p.alloc.ints.alloc()
	n.Sp = t.Span()
	if len(text) <= 18 {
		v := int64(0)
		ok := true
		for _, c := range text {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			v = v*10 + int64(c-'0')
		}
		if ok {
			n.Small = v
			return n
		}
	}
	s := string(text)
	if v, err := strconv.ParseInt(s, 0, 64); err == nil {
		n.Small = v
		return n
	}
	if len(s) < 2 || s[0] != '0' || s[1]|0x20 < 'a' {
		digits := len(s) - strings.Count(s, "_")
		if digits > maxDecimalDigits {
			p.errorAt(t.Span(), "Exceeds the limit (%d digits) for integer string conversion: value has %d digits - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", maxDecimalDigits, digits)
			b := &BadExpr{}
			b.Sp = t.Span()
			return b
		}
	}
	b, ok := new(big.Int).SetString(s, 0)
	if !ok {
		p.errorAt(t.Span(), "invalid decimal literal")
		bad := &BadExpr{}
		bad.Sp = t.Span()
		return bad
	}
	n.Big, n.IsBig = b, true
	return n
}

func (p *parser) floatLit(t Token) Expr {
	if t.Bad {
		b := &BadExpr{}
		b.Sp = t.Span()
		return b
	}
	s := string(p.src[t.Pos:t.End])
	if strings.IndexByte(s, '_') >= 0 {
		s = strings.ReplaceAll(s, "_", "")
	}
	v, _ := strconv.ParseFloat(s, 64) // out of range gives ±Inf or 0, as in Python
	f := &Float{Value: v}
	f.Sp = t.Span()
	return f
}

func (p *parser) parseParenAtom() Expr {
	lp := p.tok.Pos
	p.next()
	p.brackets++
	defer func() { p.brackets-- }()
	switch p.tok.Kind {
	case RPAREN:
		p.next()
		t := &Tuple{}
		t.Sp = p.span(lp)
		return t
	case YIELD:
		y := p.parseYield()
		p.closeBracket(RPAREN, y)
		return y
	}
	first := p.parseStarNamedExpr()
	switch p.tok.Kind {
	case FOR, ASYNC:
		if _, ok := first.(*Starred); ok {
			p.errorAt(first.Span(), "iterable unpacking cannot be used in comprehension")
		}
		g := &GeneratorExp{Elt: first}
		g.Generators = p.parseGenerators()
		p.closeBracket(RPAREN, nil)
		g.Sp = p.span(lp)
		return g
	case COMMA:
		mark := len(p.exprs)
		p.exprs = append(p.exprs, first)
		last := first
		for p.tok.Kind == COMMA {
			p.next()
			if p.tok.Kind == RPAREN {
				break
			}
			last = p.parseStarNamedExpr()
			p.exprs = append(p.exprs, last)
			if p.bailing {
				break
			}
		}
		p.closeBracket(RPAREN, last)
		t := &Tuple{Elts: p.collectExprs(mark)}
		t.Sp = p.span(lp)
		return t
	case RPAREN:
		p.next()
		if s, ok := first.(*Starred); ok {
			p.errorAt(s.Sp, "cannot use starred expression here")
		}
		return first
	}
	p.closeBracket(RPAREN, first)
	return first
}

func (p *parser) parseListAtom() Expr {
	lb := p.tok.Pos
	p.next()
	p.brackets++
	if p.tok.Kind == RBRACK {
		p.brackets--
		p.next()
		l := &List{}
		l.Sp = p.span(lb)
		return l
	}
	first := p.parseStarNamedExpr()
	if p.tok.Kind == FOR || p.tok.Kind == ASYNC {
		if _, ok := first.(*Starred); ok {
			p.errorAt(first.Span(), "iterable unpacking cannot be used in comprehension")
		}
		c := &ListComp{Elt: first}
		c.Generators = p.parseGenerators()
		p.closeBracket(RBRACK, nil)
		p.brackets--
		c.Sp = p.span(lb)
		return c
	}
	mark := len(p.exprs)
	p.exprs = append(p.exprs, first)
	last := first
	for p.tok.Kind == COMMA {
		p.next()
		if p.tok.Kind == RBRACK {
			break
		}
		last = p.parseStarNamedExpr()
		p.exprs = append(p.exprs, last)
		if p.bailing {
			break
		}
	}
	p.closeBracket(RBRACK, last)
	p.brackets--
	l := &List{Elts: p.collectExprs(mark)}
	l.Sp = p.span(lb)
	return l
}

func (p *parser) parseBraceAtom() Expr {
	lb := p.tok.Pos
	p.next()
	p.brackets++
	defer func() { p.brackets-- }()
	if p.tok.Kind == RBRACE {
		p.next()
		d := &Dict{}
		d.Sp = p.span(lb)
		return d
	}
	var key, value Expr
	if p.tok.Kind == DSTAR {
		p.next()
		value = p.parseBitOr()
		if p.tok.Kind == FOR || p.tok.Kind == ASYNC {
			p.errorAt(source.Span{Start: lb, End: p.tok.End}, "dict unpacking cannot be used in dict comprehension")
			return p.bad(lb)
		}
	} else {
		first := p.parseStarNamedExpr()
		switch p.tok.Kind {
		case COLON:
			if _, ok := first.(*Starred); ok {
				p.errorAt(first.Span(), "cannot use a starred expression in a dictionary value")
			}
			key = first
			p.next()
			if p.tok.Kind == RBRACE || p.tok.Kind == COMMA {
				p.errorAt(source.Span{Start: p.prevEnd - 1, End: p.prevEnd}, "expression expected after dictionary key and ':'")
			}
			value = p.parseExpression()
			if p.tok.Kind == FOR || p.tok.Kind == ASYNC {
				c := &DictComp{Key: key, Value: value}
				c.Generators = p.parseGenerators()
				p.closeBracket(RBRACE, nil)
				c.Sp = p.span(lb)
				return c
			}
		case FOR, ASYNC:
			if _, ok := first.(*Starred); ok {
				p.errorAt(first.Span(), "iterable unpacking cannot be used in comprehension")
			}
			c := &SetComp{Elt: first}
			c.Generators = p.parseGenerators()
			p.closeBracket(RBRACE, nil)
			c.Sp = p.span(lb)
			return c
		default:
			// A set display.
			mark := len(p.exprs)
			p.exprs = append(p.exprs, first)
			last := first
			for p.tok.Kind == COMMA {
				p.next()
				if p.tok.Kind == RBRACE {
					break
				}
				last = p.parseStarNamedExpr()
				p.exprs = append(p.exprs, last)
				if p.bailing {
					break
				}
			}
			p.closeBracket(RBRACE, last)
			s := &Set{Elts: p.collectExprs(mark)}
			s.Sp = p.span(lb)
			return s
		}
	}
	d := &Dict{Keys: []Expr{key}, Values: []Expr{value}}
	last := value
	for p.tok.Kind == COMMA && !p.bailing {
		p.next()
		if p.tok.Kind == RBRACE {
			break
		}
		if p.tok.Kind == DSTAR {
			p.next()
			last = p.parseBitOr()
			d.Keys = append(d.Keys, nil)
			d.Values = append(d.Values, last)
			continue
		}
		k := p.parseExpression()
		if p.tok.Kind != COLON {
			if !p.bailing {
				if p.tok.Kind == COMMA || p.tok.Kind == RBRACE {
					p.errorAt(k.Span(), "':' expected after dictionary key")
				} else {
					p.unexpected(k)
				}
			}
			break
		}
		p.next()
		if p.tok.Kind == RBRACE || p.tok.Kind == COMMA {
			p.errorAt(source.Span{Start: p.prevEnd - 1, End: p.prevEnd}, "expression expected after dictionary key and ':'")
		}
		last = p.parseExpression()
		d.Keys = append(d.Keys, k)
		d.Values = append(d.Values, last)
	}
	p.closeBracket(RBRACE, last)
	d.Sp = p.span(lb)
	return d
}

// parseGenerators parses the "for ... in ... if ..." clauses of a
// comprehension.
func (p *parser) parseGenerators() []*Comprehension {
	var gens []*Comprehension
	for (p.tok.Kind == FOR || p.tok.Kind == ASYNC) && !p.bailing {
		start := p.tok.Pos
		if p.tok.Kind == ASYNC {
			p.unsupported(p.tok.Span(), "'async' is not supported in Weft")
			p.next()
			if p.tok.Kind != FOR {
				p.errorHere("invalid syntax")
				break
			}
		}
		p.next()
		c := &Comprehension{}
		c.Target = p.parseTargetList()
		p.checkTarget(c.Target, Store, false)
		if !p.bailing && p.got(IN) {
			c.Iter = p.parseDisjunction()
		} else {
			p.unexpected(c.Target)
			c.Iter = p.bad(p.tok.Pos)
		}
		for p.tok.Kind == IF && !p.bailing {
			p.next()
			c.Ifs = append(c.Ifs, p.parseDisjunction())
		}
		c.Sp = p.span(start)
		gens = append(gens, c)
	}
	return gens
}
