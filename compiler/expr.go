package compiler

import (
	"math/big"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// stackUseGuideline bounds the operands a display or call pushes at once
// (CPython's STACK_USE_GUIDELINE): longer ones are built incrementally.
const stackUseGuideline = 30

func binaryOp(op syntax.Op) (bytecode.BinaryOp, bool) {
	switch op {
	case syntax.Add:
		return bytecode.OpAdd, true
	case syntax.Sub:
		return bytecode.OpSub, true
	case syntax.Mult:
		return bytecode.OpMul, true
	case syntax.Div:
		return bytecode.OpTrueDiv, true
	case syntax.FloorDiv:
		return bytecode.OpFloorDiv, true
	case syntax.Mod:
		return bytecode.OpMod, true
	case syntax.Pow:
		return bytecode.OpPow, true
	case syntax.LShift:
		return bytecode.OpLShift, true
	case syntax.RShift:
		return bytecode.OpRShift, true
	case syntax.BitOr:
		return bytecode.OpOr, true
	case syntax.BitXor:
		return bytecode.OpXor, true
	case syntax.BitAnd:
		return bytecode.OpAnd, true
	}
	return 0, false
}

// constValue folds literal expressions: keyword constants, numbers,
// strings, a unary minus applied to a number, and tuples of constants.
func constValue(e syntax.Expr) (bytecode.Const, bool) {
	switch e := e.(type) {
	case *syntax.Constant:
		switch e.Kind {
		case syntax.ConstNone:
			return bytecode.NoneConst{}, true
		case syntax.ConstTrue:
			return true, true
		case syntax.ConstFalse:
			return false, true
		case syntax.ConstEllipsis:
			return bytecode.EllipsisConst{}, true
		}
	case *syntax.Int:
		if e.IsBig && e.Big != nil {
			return normInt(new(big.Int).Set(e.Big)), true
		}
		return e.Small, true
	case *syntax.Float:
		return e.Value, true
	case *syntax.Str:
		return e.Value, true
	case *syntax.UnaryOp:
		if e.Op != syntax.USub {
			return nil, false
		}
		switch x := e.X.(type) {
		case *syntax.Int:
			if x.IsBig && x.Big != nil {
				return normInt(new(big.Int).Neg(x.Big)), true
			}
			if x.Small == -x.Small && x.Small != 0 { // MinInt64
				return normInt(new(big.Int).Neg(big.NewInt(x.Small))), true
			}
			return -x.Small, true
		case *syntax.Float:
			return -x.Value, true
		}
	case *syntax.Tuple:
		if e.Ctx != syntax.Load {
			return nil, false
		}
		t := make(bytecode.Tuple, len(e.Elts))
		for i, x := range e.Elts {
			v, ok := constValue(x)
			if !ok {
				return nil, false
			}
			t[i] = v
		}
		return t, true
	}
	return nil, false
}

func normInt(b *big.Int) bytecode.Const {
	if b.IsInt64() {
		return b.Int64()
	}
	return b
}

func isConstExpr(e syntax.Expr) bool {
	_, ok := constValue(e)
	return ok
}

// isTrueConst reports whether e is a constant whose truth value is true
// (the test of "while True:").
func isTrueConst(e syntax.Expr) bool {
	v, ok := constValue(e)
	if !ok {
		return false
	}
	switch v := v.(type) {
	case bool:
		return v
	case int64:
		return v != 0
	case *big.Int:
		return v.Sign() != 0
	case float64:
		return v != 0
	case string:
		return v != ""
	case bytecode.Tuple:
		return len(v) > 0
	case bytecode.EllipsisConst:
		return true
	}
	return false
}

func (c *compiler) expr(e syntax.Expr) {
	u := c.u
	saved := u.span
	u.span = e.Span()
	defer func() { u.span = saved }()
	if v, ok := constValue(e); ok {
		u.loadConst(v)
		return
	}
	switch e := e.(type) {
	case *syntax.Name:
		c.nameOp(e.Id, e.Ref, syntax.Load, e.Span())
	case *syntax.JoinedStr:
		c.joinedStr(e)
	case *syntax.FormattedValue:
		n := c.formattedValue(e)
		if n != 1 {
			u.emit(bytecode.BUILD_STRING, int32(n))
		}
	case *syntax.BinOp:
		c.expr(e.X)
		c.expr(e.Y)
		u.span = e.Span()
		op, ok := binaryOp(e.Op)
		if !ok {
			c.syntaxError(e.Span(), "the %s operator is not supported", e.Op)
		}
		u.emit(bytecode.BINARY_OP, int32(op))
	case *syntax.UnaryOp:
		if e.Op == syntax.Not {
			c.expr(e.X)
			u.emit(bytecode.UNARY_NOT, 0)
			return
		}
		c.expr(e.X)
		switch e.Op {
		case syntax.USub:
			u.emit(bytecode.UNARY_NEGATIVE, 0)
		case syntax.UAdd:
			u.emit(bytecode.UNARY_POSITIVE, 0)
		case syntax.Invert:
			u.emit(bytecode.UNARY_INVERT, 0)
		default:
			c.internalError(e.Span(), "unknown unary operator %s", e.Op)
		}
	case *syntax.BoolOp:
		end := u.newBlock()
		jump := bytecode.JUMP_IF_FALSE_OR_POP
		if e.Op == syntax.Or {
			jump = bytecode.JUMP_IF_TRUE_OR_POP
		}
		for i, v := range e.Values {
			c.expr(v)
			if i < len(e.Values)-1 {
				u.span = e.Span()
				u.emitJump(jump, end)
			}
		}
		u.use(end)
	case *syntax.Compare:
		c.compare(e)
	case *syntax.Call:
		c.call(e)
	case *syntax.Attribute:
		c.expr(e.X)
		u.span = attrSpan(e)
		u.emit(bytecode.LOAD_ATTR, u.nameIndex(e.Attr.Name))
	case *syntax.Subscript:
		c.expr(e.X)
		c.index(e.Index)
		u.span = e.Span()
		u.emit(bytecode.BINARY_SUBSCR, 0)
	case *syntax.Slice:
		c.slice(e)
	case *syntax.Starred:
		c.syntaxError(e.Span(), "can't use starred expression here")
		c.expr(e.X)
	case *syntax.Tuple:
		c.starUnpack(0, e.Elts, kindTuple)
	case *syntax.List:
		c.starUnpack(0, e.Elts, kindList)
	case *syntax.Set:
		c.starUnpack(0, e.Elts, kindSet)
	case *syntax.Dict:
		c.dict(e)
	case *syntax.ListComp:
		c.comprehension(e, e.Scope, "<listcomp>", e.Generators, e.Elt, nil, compList)
	case *syntax.SetComp:
		c.comprehension(e, e.Scope, "<setcomp>", e.Generators, e.Elt, nil, compSet)
	case *syntax.DictComp:
		c.comprehension(e, e.Scope, "<dictcomp>", e.Generators, e.Key, e.Value, compDict)
	case *syntax.GeneratorExp:
		c.comprehension(e, e.Scope, "<genexpr>", e.Generators, e.Elt, nil, compGen)
	case *syntax.Lambda:
		c.lambda(e)
	case *syntax.IfExp:
		next, end := u.newBlock(), u.newBlock()
		c.jumpIf(e.Test, next, false)
		c.expr(e.Body)
		u.span = e.Span()
		u.emitJump(bytecode.JUMP, end)
		u.use(next)
		c.expr(e.OrElse)
		u.use(end)
	case *syntax.NamedExpr:
		c.expr(e.Value)
		u.span = e.Span()
		u.emit(bytecode.COPY, 1)
		c.store(e.Target)
	case *syntax.Yield:
		if e.Value != nil {
			c.expr(e.Value)
		} else {
			u.loadConst(bytecode.NoneConst{})
		}
		u.span = e.Span()
		u.emit(bytecode.YIELD_VALUE, 0)
	case *syntax.YieldFrom:
		c.expr(e.Value)
		u.span = e.Span()
		u.emit(bytecode.GET_YIELD_FROM_ITER, 0)
		u.loadConst(bytecode.NoneConst{})
		u.emit(bytecode.YIELD_FROM, 0)
	case *syntax.BadExpr:
		// The parser reports the error for a Bad node; say it again in
		// case a tree reaches the compiler without that report.
		c.syntaxError(e.Span(), "invalid syntax")
		u.loadConst(bytecode.NoneConst{})
	default:
		c.internalError(e.Span(), "unknown expression %T", e)
		u.loadConst(bytecode.NoneConst{})
	}
}

// attrSpan is the position of an attribute access: CPython 3.11 reports
// a multi-line chain "a\n.b" at the attribute's line.
func attrSpan(e *syntax.Attribute) (sp source.Span) {
	sp = e.Span()
	if e.Attr != nil {
		sp.Start = e.Attr.Span().Start
	}
	return sp
}

// index compiles a subscript's index (a slice becomes BUILD_SLICE).
func (c *compiler) index(e syntax.Expr) {
	if s, ok := e.(*syntax.Slice); ok {
		saved := c.u.span
		c.u.span = s.Span()
		c.slice(s)
		c.u.span = saved
		return
	}
	c.expr(e)
}

func (c *compiler) slice(s *syntax.Slice) {
	u := c.u
	n := int32(2)
	for i, p := range []syntax.Expr{s.Lo, s.Hi, s.Step} {
		if i == 2 && p == nil {
			break
		}
		if p == nil {
			u.loadConst(bytecode.NoneConst{})
		} else {
			c.expr(p)
		}
		if i == 2 {
			n = 3
		}
	}
	u.span = s.Span()
	u.emit(bytecode.BUILD_SLICE, n)
}

// compareOp emits the instruction for one comparison operator.
func (c *compiler) compareOp(op syntax.Op) {
	u := c.u
	switch op {
	case syntax.Eq:
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpEq))
	case syntax.NotEq:
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpNe))
	case syntax.Lt:
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpLt))
	case syntax.LtE:
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpLe))
	case syntax.Gt:
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpGt))
	case syntax.GtE:
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpGe))
	case syntax.Is:
		u.emit(bytecode.IS_OP, 0)
	case syntax.IsNot:
		u.emit(bytecode.IS_OP, 1)
	case syntax.In:
		u.emit(bytecode.CONTAINS_OP, 0)
	case syntax.NotIn:
		u.emit(bytecode.CONTAINS_OP, 1)
	default:
		c.internalError(u.span, "unknown comparison %s", op)
		u.emit(bytecode.COMPARE_OP, int32(bytecode.CmpEq))
	}
}

// compare compiles a comparison as a value (CPython 3.11's
// compiler_compare): a chain keeps the middle operand with SWAP/COPY and
// short-circuits with JUMP_IF_FALSE_OR_POP into a cleanup that drops it.
func (c *compiler) compare(e *syntax.Compare) {
	u := c.u
	n := len(e.Ops)
	if n == 0 || len(e.Comparators) != n {
		c.syntaxError(e.Span(), "invalid syntax")
		u.loadConst(bytecode.NoneConst{})
		return
	}
	c.expr(e.Left)
	if n == 1 {
		c.expr(e.Comparators[0])
		u.span = e.Span()
		c.compareOp(e.Ops[0])
		return
	}
	cleanup, end := u.newBlock(), u.newBlock()
	for i := 0; i < n-1; i++ {
		c.expr(e.Comparators[i])
		u.span = e.Span()
		u.emit(bytecode.SWAP, 2)
		u.emit(bytecode.COPY, 2)
		c.compareOp(e.Ops[i])
		u.emitJump(bytecode.JUMP_IF_FALSE_OR_POP, cleanup)
	}
	c.expr(e.Comparators[n-1])
	u.span = e.Span()
	c.compareOp(e.Ops[n-1])
	u.emitJump(bytecode.JUMP, end)
	u.use(cleanup)
	u.emit(bytecode.SWAP, 2)
	u.emit(bytecode.POP_TOP, 0)
	u.use(end)
}

// jumpIf compiles e as a condition: jump to target when its truth value
// equals cond, fall through otherwise (CPython's compiler_jump_if).
func (c *compiler) jumpIf(e syntax.Expr, target *block, cond bool) {
	u := c.u
	saved := u.span
	u.span = e.Span()
	defer func() { u.span = saved }()
	switch e := e.(type) {
	case *syntax.UnaryOp:
		if e.Op == syntax.Not {
			c.jumpIf(e.X, target, !cond)
			return
		}
	case *syntax.BoolOp:
		isOr := e.Op == syntax.Or
		next := target
		if isOr != cond {
			next = u.newBlock()
		}
		for _, v := range e.Values[:len(e.Values)-1] {
			c.jumpIf(v, next, isOr)
		}
		c.jumpIf(e.Values[len(e.Values)-1], target, cond)
		if next != target {
			u.use(next)
		}
		return
	case *syntax.IfExp:
		end, next := u.newBlock(), u.newBlock()
		c.jumpIf(e.Test, next, false)
		c.jumpIf(e.Body, target, cond)
		u.emitJump(bytecode.JUMP, end)
		u.use(next)
		c.jumpIf(e.OrElse, target, cond)
		u.use(end)
		return
	case *syntax.Compare:
		n := len(e.Ops)
		if n > 1 && len(e.Comparators) == n {
			cleanup, end := u.newBlock(), u.newBlock()
			c.expr(e.Left)
			for i := 0; i < n-1; i++ {
				c.expr(e.Comparators[i])
				u.span = e.Span()
				u.emit(bytecode.SWAP, 2)
				u.emit(bytecode.COPY, 2)
				c.compareOp(e.Ops[i])
				u.emitJump(bytecode.POP_JUMP_IF_FALSE, cleanup)
			}
			c.expr(e.Comparators[n-1])
			u.span = e.Span()
			c.compareOp(e.Ops[n-1])
			if cond {
				u.emitJump(bytecode.POP_JUMP_IF_TRUE, target)
			} else {
				u.emitJump(bytecode.POP_JUMP_IF_FALSE, target)
			}
			u.emitJump(bytecode.JUMP, end)
			u.use(cleanup)
			u.emit(bytecode.POP_TOP, 0)
			if !cond {
				u.emitJump(bytecode.JUMP, target)
			}
			u.use(end)
			return
		}
	}
	c.expr(e)
	u.span = e.Span()
	if cond {
		u.emitJump(bytecode.POP_JUMP_IF_TRUE, target)
	} else {
		u.emitJump(bytecode.POP_JUMP_IF_FALSE, target)
	}
}

// ---------------------------------------------------------------------------
// f-strings

func (c *compiler) joinedStr(e *syntax.JoinedStr) {
	u := c.u
	n := 0
	for _, p := range e.Parts {
		switch p := p.(type) {
		case *syntax.Str:
			u.loadConst(p.Value)
			n++
		case *syntax.FormattedValue:
			n += c.formattedValue(p)
		default:
			c.expr(p)
			n++
		}
	}
	if n != 1 {
		u.span = e.Span()
		u.emit(bytecode.BUILD_STRING, int32(n))
	}
}

// formattedValue pushes one f-string field (and its debug text) and
// returns the number of strings pushed.
func (c *compiler) formattedValue(p *syntax.FormattedValue) int {
	u := c.u
	n := 1
	if p.DebugText != "" {
		u.loadConst(p.DebugText)
		n++
	}
	c.expr(p.Value)
	conv := p.Conversion
	if p.DebugText != "" && conv == 0 && p.Spec == nil {
		conv = 'r'
	}
	var flags int32
	switch conv {
	case 's':
		flags = bytecode.FormatConvStr
	case 'r':
		flags = bytecode.FormatConvRepr
	case 'a':
		flags = bytecode.FormatConvASCII
	}
	if p.Spec != nil {
		c.joinedStr(p.Spec)
		flags |= bytecode.FormatHasSpec
	}
	u.span = p.Span()
	u.emit(bytecode.FORMAT_VALUE, flags)
	return n
}

// ---------------------------------------------------------------------------
// Displays

type seqKind uint8

const (
	kindTuple seqKind = iota
	kindList
	kindSet
)

// starUnpack builds a tuple, list or set from elts, some of which may be
// starred, on top of pushed values already on the stack that belong to
// the sequence (CPython's starunpack_helper).
func (c *compiler) starUnpack(pushed int, elts []syntax.Expr, kind seqKind) {
	u := c.u
	span := u.span
	build, add, extend := bytecode.BUILD_LIST, bytecode.LIST_APPEND, bytecode.LIST_EXTEND
	if kind == kindSet {
		build, add, extend = bytecode.BUILD_SET, bytecode.SET_ADD, bytecode.SET_UPDATE
	}
	n := len(elts)
	if kind != kindTuple && pushed == 0 && n > 2 {
		if t, ok := constValue(&syntax.Tuple{Elts: elts}); ok {
			u.emit(build, 0)
			u.loadConst(t)
			u.emit(extend, 1)
			return
		}
	}
	seenStar := false
	for _, e := range elts {
		if _, ok := e.(*syntax.Starred); ok {
			seenStar = true
			break
		}
	}
	big := n+pushed > stackUseGuideline
	if !seenStar && !big {
		for _, e := range elts {
			c.expr(e)
		}
		u.span = span
		switch kind {
		case kindTuple:
			u.emit(bytecode.BUILD_TUPLE, int32(n+pushed))
		default:
			u.emit(build, int32(n+pushed))
		}
		return
	}
	built := false
	if big {
		u.emit(build, int32(pushed))
		built = true
	}
	for i, e := range elts {
		if s, ok := e.(*syntax.Starred); ok {
			if !built {
				u.span = span
				u.emit(build, int32(i+pushed))
				built = true
			}
			c.expr(s.X)
			u.span = span
			u.emit(extend, 1)
		} else {
			c.expr(e)
			if built {
				u.span = span
				u.emit(add, 1)
			}
		}
	}
	u.span = span
	if kind == kindTuple {
		u.emit(bytecode.LIST_TO_TUPLE, 0)
	}
}

// dict compiles a dict display: runs of key: value pairs become BUILD_MAP
// (at most stackUseGuideline operands each), "**m" entries DICT_UPDATE.
func (c *compiler) dict(e *syntax.Dict) {
	u := c.u
	span := u.span
	haveDict := false
	elements := 0
	flush := func(from, to int) {
		c.subdict(e, from, to)
		if haveDict {
			u.span = span
			u.emit(bytecode.DICT_UPDATE, 1)
		}
		haveDict = true
		elements = 0
	}
	for i := range e.Values {
		var key syntax.Expr
		if i < len(e.Keys) {
			key = e.Keys[i]
		}
		if key == nil {
			if elements > 0 {
				flush(i-elements, i)
			}
			if !haveDict {
				u.emit(bytecode.BUILD_MAP, 0)
				haveDict = true
			}
			c.expr(e.Values[i])
			u.span = span
			u.emit(bytecode.DICT_UPDATE, 1)
			continue
		}
		if elements*2 > stackUseGuideline {
			flush(i-elements, i+1)
		} else {
			elements++
		}
	}
	if elements > 0 {
		flush(len(e.Values)-elements, len(e.Values))
	}
	if !haveDict {
		u.emit(bytecode.BUILD_MAP, 0)
	}
}

func (c *compiler) subdict(e *syntax.Dict, from, to int) {
	u := c.u
	span := u.span
	for i := from; i < to; i++ {
		c.expr(e.Keys[i])
		c.expr(e.Values[i])
	}
	u.span = span
	u.emit(bytecode.BUILD_MAP, int32(to-from))
}

// ---------------------------------------------------------------------------
// Calls

func (c *compiler) call(e *syntax.Call) {
	u := c.u
	if c.isMethodCall(e) {
		attr := e.Func.(*syntax.Attribute)
		c.expr(attr.X)
		// CPython 3.11 places a method call split over lines at the
		// method name's line.
		sp := e.Span()
		if as := attrSpan(attr); c.lineOf(as.Start) != c.lineOf(sp.Start) {
			sp.Start = as.Start
		}
		u.span = attrSpan(attr)
		u.emit(bytecode.LOAD_METHOD, u.nameIndex(attr.Attr.Name))
		for _, a := range e.Args {
			c.expr(a)
		}
		u.span = sp
		u.emit(bytecode.CALL_METHOD, int32(len(e.Args)))
		return
	}
	c.expr(e.Func)
	u.span = e.Span()
	c.callHelper(0, e.Args, e.Keywords)
}

func (c *compiler) isMethodCall(e *syntax.Call) bool {
	attr, ok := e.Func.(*syntax.Attribute)
	if !ok || attr.Ctx != syntax.Load || len(e.Keywords) > 0 || len(e.Args) >= stackUseGuideline {
		return false
	}
	for _, a := range e.Args {
		if _, ok := a.(*syntax.Starred); ok {
			return false
		}
	}
	return true
}

// callHelper compiles the arguments and the call of a callable already on
// the stack, followed by pushed positional arguments already pushed too.
func (c *compiler) callHelper(pushed int, args []syntax.Expr, kws []*syntax.Keyword) {
	u := c.u
	span := u.span
	c.checkKeywords(kws)
	ex := pushed+len(args)+2*len(kws) > stackUseGuideline
	for _, a := range args {
		if _, ok := a.(*syntax.Starred); ok {
			ex = true
		}
	}
	for _, k := range kws {
		if k.Arg == nil {
			ex = true
		}
	}
	if !ex {
		for _, a := range args {
			c.expr(a)
		}
		if len(kws) == 0 {
			u.span = span
			u.emit(bytecode.CALL, int32(pushed+len(args)))
			return
		}
		names := make(bytecode.Tuple, len(kws))
		for i, k := range kws {
			c.expr(k.Value)
			names[i] = k.Arg.Name
		}
		u.span = span
		u.loadConst(names)
		u.emit(bytecode.CALL_KW, int32(pushed+len(args)+len(kws)))
		return
	}
	// General form: a positional tuple and a keyword dict.
	c.starUnpack(pushed, args, kindTuple)
	if len(kws) > 0 {
		haveDict := false
		seen := 0
		for i, k := range kws {
			if k.Arg != nil {
				seen++
				continue
			}
			if seen > 0 {
				c.subkwargs(kws[i-seen : i])
				if haveDict {
					u.emit(bytecode.DICT_MERGE, 1)
				}
				haveDict = true
				seen = 0
			}
			if !haveDict {
				u.emit(bytecode.BUILD_MAP, 0)
				haveDict = true
			}
			c.expr(k.Value)
			u.span = span
			u.emit(bytecode.DICT_MERGE, 1)
		}
		if seen > 0 {
			c.subkwargs(kws[len(kws)-seen:])
			if haveDict {
				u.emit(bytecode.DICT_MERGE, 1)
			}
		}
		u.span = span
		u.emit(bytecode.CALL_EX, 1)
		return
	}
	u.span = span
	u.emit(bytecode.CALL_EX, 0)
}

// checkKeywords reports a keyword given twice, which CPython's compiler
// rejects ("keyword argument repeated").
func (c *compiler) checkKeywords(kws []*syntax.Keyword) {
	for i, k := range kws {
		if k.Arg == nil {
			continue
		}
		for _, prev := range kws[:i] {
			if prev.Arg != nil && prev.Arg.Name == k.Arg.Name {
				c.syntaxError(k.Span(), "keyword argument repeated: %s", k.Arg.Name)
				break
			}
		}
	}
}

// subkwargs builds a dict of named keyword arguments: BUILD_MAP of
// constant keys, or BUILD_MAP 0 and MAP_ADD when there are many.
func (c *compiler) subkwargs(kws []*syntax.Keyword) {
	u := c.u
	span := u.span
	if 2*len(kws) > stackUseGuideline {
		u.emit(bytecode.BUILD_MAP, 0)
		for _, k := range kws {
			u.loadConst(k.Arg.Name)
			c.expr(k.Value)
			u.span = span
			u.emit(bytecode.MAP_ADD, 1)
		}
		return
	}
	for _, k := range kws {
		u.loadConst(k.Arg.Name)
		c.expr(k.Value)
	}
	u.span = span
	u.emit(bytecode.BUILD_MAP, int32(len(kws)))
}

// ---------------------------------------------------------------------------
// Comprehensions

type compKind uint8

const (
	compList compKind = iota
	compSet
	compDict
	compGen
)

// comprehension compiles the code object of a comprehension and its call:
// MAKE_FUNCTION, the outermost iterable (evaluated here), GET_ITER, CALL 1.
func (c *compiler) comprehension(e syntax.Expr, scope *syntax.Scope, name string, gens []*syntax.Comprehension, elt, val syntax.Expr, kind compKind) {
	u := c.u
	if len(gens) == 0 {
		c.syntaxError(e.Span(), "invalid syntax")
		u.loadConst(bytecode.NoneConst{})
		return
	}
	if scope == nil {
		c.internalError(e.Span(), "comprehension has no scope")
	}
	flags := bytecode.FlagComprehension
	if kind == compGen {
		flags |= bytecode.FlagGenerator
	}
	cu := c.enter(scope, name, c.lineOf(e.Span().Start), flags, e.Span())
	cu.setParams(nil, []string{".0"})
	cu.code.ArgCount = 1
	switch kind {
	case compList:
		cu.emit(bytecode.BUILD_LIST, 0)
	case compSet:
		cu.emit(bytecode.BUILD_SET, 0)
	case compDict:
		cu.emit(bytecode.BUILD_MAP, 0)
	}
	c.compGenerator(gens, 0, 0, elt, val, kind)
	cu.span = e.Span()
	if kind != compGen {
		cu.emit(bytecode.RETURN_VALUE, 0)
	}
	code := c.leave()
	u.span = e.Span()
	c.makeClosure(code, 0, e.Span())
	c.expr(gens[0].Iter)
	u.span = e.Span()
	u.emit(bytecode.GET_ITER, 0)
	u.emit(bytecode.CALL, 1)
}

func (c *compiler) compGenerator(gens []*syntax.Comprehension, i, depth int, elt, val syntax.Expr, kind compKind) {
	u := c.u
	gen := gens[i]
	start, anchor := u.newBlock(), u.newBlock()
	u.span = gen.Span()
	if i == 0 {
		u.emit(bytecode.LOAD_FAST, 0)
	} else {
		c.expr(gen.Iter)
		u.span = gen.Span()
		u.emit(bytecode.GET_ITER, 0)
	}
	depth++
	u.use(start)
	u.emitJump(bytecode.FOR_ITER, anchor)
	c.store(gen.Target)
	for _, cond := range gen.Ifs {
		c.jumpIf(cond, start, false)
	}
	if i+1 < len(gens) {
		c.compGenerator(gens, i+1, depth, elt, val, kind)
	} else {
		switch kind {
		case compGen:
			c.expr(elt)
			u.span = elt.Span()
			u.emit(bytecode.YIELD_VALUE, 0)
			u.emit(bytecode.POP_TOP, 0)
		case compList:
			c.expr(elt)
			u.span = elt.Span()
			u.emit(bytecode.LIST_APPEND, int32(depth+1))
		case compSet:
			c.expr(elt)
			u.span = elt.Span()
			u.emit(bytecode.SET_ADD, int32(depth+1))
		case compDict:
			c.expr(elt)
			c.expr(val)
			u.span = elt.Span().Join(val.Span())
			u.emit(bytecode.MAP_ADD, int32(depth+1))
		}
	}
	u.span = gen.Span()
	u.emitJump(bytecode.JUMP, start)
	u.use(anchor)
}
