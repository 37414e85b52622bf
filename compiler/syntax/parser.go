package syntax

import (
	"fmt"
	"strings"

	"github.com/weft-lang/weft/compiler/source"
)

// Parse parses a whole file. It always returns a module (with Bad* nodes
// where parsing failed) and every diagnostic, sorted by position, at most
// one per line. It never panics and runs in time linear in the input.
func Parse(f *source.File) (*Module, source.Diagnostics) {
	p := newParser(f)
	m := p.parseFile()
	m.Comments = p.sink.comments
	return m, p.sink.diagnostics()
}

// ParseExpr parses the whole file as one expression (a tuple when it has
// top-level commas). Line breaks inside the text are allowed, as inside
// brackets. It always returns an expression (BadExpr on failure).
func ParseExpr(f *source.File) (Expr, source.Diagnostics) {
	sk := newSink(f)
	start := 0
	if len(f.Text) >= 3 && f.Text[0] == 0xEF && f.Text[1] == 0xBB && f.Text[2] == 0xBF {
		start = 3
	}
	p := &parser{file: f, src: f.Text, sink: sk, names: newNameTable(), alloc: new(nodeAlloc)}
	p.sc = newScanner(f, sk, p.names, start, len(f.Text), true)
	p.brackets = 1
	p.next()
	var x Expr
	if p.tok.Kind == EOF {
		p.errorHere("expected an expression")
		x = p.bad(p.tok.Pos)
	} else {
		x = p.parseExprOrYield()
		p.checkNoStar(x)
		if p.tok.Kind != EOF {
			p.unexpected(x)
		}
	}
	return x, sk.diagnostics()
}

type parser struct {
	file  *source.File
	src   []byte
	sc    *Scanner
	sink  *sink
	names map[string]nameEntry
	alloc *nodeAlloc
	fsub  *parser    // reused sub-parser for f-string fields
	stmts []Stmt     // statements of the blocks being parsed (see collect)
	exprs []Expr     // elements of the lists being parsed (see collectExprs)
	kws   []*Keyword // keywords of the calls being parsed

	tok     Token
	prevEnd source.Pos // end of the last consumed token
	ntok    int        // tokens consumed, to detect lack of progress

	depth    int // current expression nesting
	brackets int // open brackets around the current expression
	// bailing is set after a syntax error: further errors are suppressed
	// until the parser resynchronises at the next statement.
	bailing    bool
	justSynced bool // the last statement was skipped after an error
	// lineEnd is the end of the last token before the NEWLINE of the last
	// simple-statement line; a compound statement ends there (CPython
	// includes a trailing ";").
	lineEnd source.Pos
	// lastBad is the position of the last empty placeholder node, created
	// when lastBadN tokens had been consumed.
	lastBad  source.Pos
	lastBadN int
	prefix   string
	fdepth   int // f-string nesting
}

func newParser(f *source.File) *parser {
	sk := newSink(f)
	p := &parser{file: f, src: f.Text, sink: sk, names: newNameTable(), alloc: new(nodeAlloc)}
	p.sc = NewScanner(f)
	p.sc.sink = sk
	p.sc.names = p.names
	p.next()
	return p
}

// ---------------------------------------------------------------------------
// Tokens and errors

func (p *parser) next() {
	p.prevEnd = p.tok.End
	p.ntok++
	p.sc.next(&p.tok)
}

func (p *parser) got(k Kind) bool {
	if p.tok.Kind == k {
		p.next()
		return true
	}
	return false
}

func (p *parser) line(pos source.Pos) int { return p.file.Position(pos).Line }

func (p *parser) report(sp source.Span, code, name, msg string) {
	if !strings.HasPrefix(msg, "f-string") {
		msg = p.prefix + msg
	}
	p.sink.report(sp, code, name, msg, true)
}

// errorAt reports a syntax error unless one was already reported for the
// current statement, and starts bailing out of it.
func (p *parser) errorAt(sp source.Span, format string, args ...any) {
	if p.bailing {
		return
	}
	p.bailing = true
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	p.report(sp, CodeSyntax, nameSyntax, format)
}

func (p *parser) errorHere(format string, args ...any) {
	p.errorAt(p.tok.Span(), format, args...)
}

// unsupported reports valid Python that Weft does not accept. Parsing goes
// on normally.
func (p *parser) unsupported(sp source.Span, format string, args ...any) {
	if p.bailing {
		return
	}
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	p.report(sp, CodeUnsupported, nameUnsupported, format)
}

func (p *parser) indentError(pos source.Pos, msg string) {
	if p.bailing {
		return
	}
	p.report(source.Span{Start: pos, End: pos}, CodeIndent, nameIndent, msg)
}

// bad returns a BadExpr from start to the last consumed token, or an empty
// one (see emptyPos) when nothing was consumed since start.
func (p *parser) bad(start source.Pos) *BadExpr {
	b := &BadExpr{}
	if p.prevEnd <= start {
		pos := p.emptyPos()
		b.Sp = source.Span{Start: pos, End: pos}
	} else {
		b.Sp = source.Span{Start: start, End: p.prevEnd}
	}
	return b
}

// emptyPos is where a placeholder for something missing goes: at the
// current token, or right after the previous one when the line has ended.
// Until the next token is consumed, spans built by span() include it.
func (p *parser) emptyPos() source.Pos {
	pos := p.tok.Pos
	switch p.tok.Kind {
	case NEWLINE, EOF, INDENT, DEDENT:
		pos = p.prevEnd
	}
	if pos < p.prevEnd {
		pos = p.prevEnd
	}
	p.lastBad, p.lastBadN = pos, p.ntok
	return pos
}

// curEnd is the end of what has been parsed: the last consumed token, or an
// empty placeholder just created after it.
func (p *parser) curEnd() source.Pos {
	if p.lastBadN == p.ntok && p.lastBad > p.prevEnd {
		return p.lastBad
	}
	return p.prevEnd
}

// skipLine advances to the NEWLINE (or EOF) ending the current logical
// line without consuming it.
func (p *parser) skipLine() {
	for p.tok.Kind != NEWLINE && p.tok.Kind != EOF {
		p.next()
	}
}

// sync ends a simple statement: after an error it skips the rest of the
// logical line; it consumes the NEWLINE.
func (p *parser) sync() {
	if p.bailing {
		if p.tok.Kind != INDENT && p.tok.Kind != DEDENT {
			p.skipLine()
		}
		p.bailing = false
		p.justSynced = true
	}
	if p.tok.Kind == NEWLINE {
		p.lineEnd = p.prevEnd
		p.next()
	}
}

// ---------------------------------------------------------------------------
// Statements

func (p *parser) parseFile() *Module {
	m := &Module{File: p.file}
	m.Sp = source.Span{Start: 0, End: source.Pos(len(p.src))}
	for p.tok.Kind != EOF {
		p.stmtListItem()
	}
	m.Body = p.collect(0)
	return m
}

// Statements are parsed onto a stack (p.stmts) and a block takes its own
// off the top when it is complete, so every body is allocated once at its
// final size.

func (p *parser) push(s Stmt) { p.stmts = append(p.stmts, s) }

// collect pops the statements above mark into a new slice.
func (p *parser) collect(mark int) []Stmt {
	n := len(p.stmts) - mark
	if n <= 0 {
		return nil
	}
	out := make([]Stmt, n)
	copy(out, p.stmts[mark:])
	clear(p.stmts[mark:])
	p.stmts = p.stmts[:mark]
	return out
}

// stmtListItem parses one statement of a statement list (or handles a stray
// INDENT or DEDENT) and guarantees progress.
func (p *parser) stmtListItem() {
	n := p.ntok
	switch p.tok.Kind {
	case INDENT:
		if !p.justSynced {
			p.indentError(p.tok.Pos, "unexpected indent")
		}
		p.next()
		p.blockBody()
	case DEDENT:
		p.next()
	default:
		p.parseStmt()
	}
	if p.ntok == n && p.tok.Kind != EOF {
		p.next()
	}
}

// blockBody parses statements up to and including the DEDENT that closes
// the current block.
func (p *parser) blockBody() {
	for p.tok.Kind != DEDENT && p.tok.Kind != EOF {
		p.stmtListItem()
	}
	p.got(DEDENT)
}

func (p *parser) parseStmt() {
	p.justSynced = false
	var s Stmt
	switch p.tok.Kind {
	case IF:
		s = p.parseIf()
	case WHILE:
		s = p.parseWhile()
	case FOR:
		s = p.parseFor()
	case TRY:
		s = p.parseTry()
	case WITH:
		s = p.parseWith()
	case DEF:
		s = p.parseDef(nil, p.tok.Pos)
	case CLASS:
		s = p.parseClass(nil)
	case AT:
		s = p.parseDecorated()
	case ASYNC:
		p.unsupported(p.tok.Span(), "'async' is not supported in Weft")
		p.next()
		switch p.tok.Kind {
		case DEF, FOR, WITH:
			p.parseStmt()
			return
		}
		p.errorHere("invalid syntax")
		p.sync()
		return
	case NAME:
		if p.tok.Lit == "match" && p.isMatchStmt() {
			p.push(p.skipMatch())
			return
		}
		p.parseSimpleStmts()
		return
	default:
		p.parseSimpleStmts()
		return
	}
	p.push(s)
}

func (p *parser) parseSimpleStmts() {
	for {
		p.push(p.parseSimpleStmt())
		if p.bailing || p.tok.Kind != SEMI {
			break
		}
		p.next()
		if p.tok.Kind == NEWLINE || p.tok.Kind == EOF {
			break
		}
	}
	if !p.bailing && p.tok.Kind != NEWLINE && p.tok.Kind != EOF {
		p.errorHere("invalid syntax")
	}
	p.sync()
}

func (p *parser) parseSimpleStmt() Stmt {
	start := p.tok.Pos
	switch p.tok.Kind {
	case PASS:
		s := &Pass{}
		s.Sp = p.tok.Span()
		p.next()
		return s
	case BREAK:
		s := &Break{}
		s.Sp = p.tok.Span()
		p.next()
		return s
	case CONTINUE:
		s := &Continue{}
		s.Sp = p.tok.Span()
		p.next()
		return s
	case RETURN:
		p.next()
		s := &Return{}
		if p.canStartExpr() {
			s.Value = p.parseStarExpressions()
			p.checkNoStar(s.Value)
		}
		s.Sp = p.span(start)
		return s
	case RAISE:
		p.next()
		s := &Raise{}
		if p.canStartExpr() {
			s.Exc = p.parseExpression()
			if p.got(FROM) {
				s.Cause = p.parseExpression()
			}
		}
		s.Sp = p.span(start)
		return s
	case GLOBAL, NONLOCAL:
		kind := p.tok.Kind
		p.next()
		names := p.parseNameList()
		if kind == GLOBAL {
			s := &Global{Names: names}
			s.Sp = p.span(start)
			return s
		}
		s := &Nonlocal{Names: names}
		s.Sp = p.span(start)
		return s
	case DEL:
		p.next()
		s := &Delete{}
		if !p.canStartExpr() {
			p.errorHere("invalid syntax")
		}
		for !p.bailing {
			t := p.parseTarget()
			p.checkTarget(t, Del, false)
			s.Targets = append(s.Targets, t)
			if !p.got(COMMA) || !p.canStartExpr() {
				break
			}
		}
		s.Sp = p.span(start)
		return s
	case ASSERT:
		p.next()
		s := &Assert{}
		s.Test = p.parseExpression()
		if p.got(COMMA) {
			s.Msg = p.parseExpression()
		}
		s.Sp = p.span(start)
		return s
	case IMPORT:
		return p.parseImport()
	case FROM:
		return p.parseFromImport()
	case ELSE, ELIF, EXCEPT, FINALLY, IN, IS, AND, OR, AS, RPAREN, RBRACK, RBRACE,
		CLASS, DEF, IF, WHILE, FOR, TRY, WITH, ILLEGAL:
		p.errorHere("invalid syntax")
		b := &BadStmt{}
		b.Sp = p.tok.Span()
		return b
	case NEWLINE, SEMI, EOF:
		p.errorHere("invalid syntax")
		b := &BadStmt{}
		b.Sp = source.Span{Start: start, End: start}
		return b
	}
	return p.parseExprStmt()
}

func (p *parser) span(start source.Pos) source.Span {
	end := p.curEnd()
	if end < start {
		end = start
	}
	return source.Span{Start: start, End: end}
}

func (p *parser) parseNameList() []*Ident {
	var names []*Ident
	for {
		if p.tok.Kind != NAME {
			p.errorHere("invalid syntax")
			break
		}
		names = append(names, p.ident())
		if !p.got(COMMA) {
			break
		}
	}
	return names
}

func (p *parser) ident() *Ident {
	id := p.alloc.idents.alloc()
	id.Name = p.tok.Lit
	id.Sp = p.tok.Span()
	p.next()
	return id
}

// expectIdent parses a NAME or reports an error and returns a placeholder
// Ident with an empty name.
func (p *parser) expectIdent() *Ident {
	if p.tok.Kind == NAME {
		return p.ident()
	}
	p.errorHere("invalid syntax")
	id := &Ident{}
	pos := p.emptyPos()
	id.Sp = source.Span{Start: pos, End: pos}
	return id
}

func (p *parser) parseExprStmt() Stmt {
	start := p.tok.Pos
	x := p.parseExprOrYield()
	switch k := p.tok.Kind; {
	case k == ASSIGN:
		targets := []Expr{x}
		var value Expr
		for p.tok.Kind == ASSIGN {
			p.next()
			value = p.parseExprOrYield()
			if p.tok.Kind == ASSIGN {
				targets = append(targets, value)
			}
		}
		single := len(targets) == 1
		for _, t := range targets {
			p.checkAssignTarget(t, single)
		}
		p.checkNoStar(value)
		s := &Assign{Targets: targets, Value: value}
		s.Sp = p.span(start)
		return s
	case k == COLON:
		p.next()
		s := &AnnAssign{Target: x}
		switch t := x.(type) {
		case *Name:
			s.Simple = t.Sp.Start == start
			t.Ctx = Store
		case *Attribute:
			t.Ctx = Store
		case *Subscript:
			t.Ctx = Store
		case *Tuple:
			p.errorAt(x.Span(), "only single target (not tuple) can be annotated")
		case *List:
			p.errorAt(x.Span(), "only single target (not list) can be annotated")
		case *BadExpr:
		default:
			p.errorAt(x.Span(), "illegal target for annotation")
		}
		s.Annotation = p.parseExpression()
		if p.got(ASSIGN) {
			s.Value = p.parseExprOrYield()
			p.checkNoStar(s.Value)
		}
		s.Sp = p.span(start)
		return s
	case k == WALRUS:
		if n, ok := x.(*Name); !ok || p.prevEnd != n.Sp.End {
			p.errorAt(x.Span(), "cannot use assignment expressions with %s", exprName(x))
		} else {
			p.errorHere("invalid syntax")
		}
	case augOps[k] != BadOp:
		op := augOps[k]
		if op == MatMult {
			p.unsupported(p.tok.Span(), "the '@' operator is not supported in Weft")
		}
		p.next()
		switch t := x.(type) {
		case *Name:
			t.Ctx = Store
		case *Attribute:
			t.Ctx = Store
		case *Subscript:
			t.Ctx = Store
		case *BadExpr:
		default:
			p.errorAt(x.Span(), "'%s' is an illegal expression for augmented assignment", exprName(x))
		}
		value := p.parseExprOrYield()
		p.checkNoStar(value)
		s := &AugAssign{Target: x, Op: op, Value: value}
		s.Sp = p.span(start)
		return s
	}
	p.checkNoStar(x)
	if n, ok := x.(*Name); ok && (n.Id == "print" || n.Id == "exec") && p.canStartExpr() && !p.bailing {
		p.errorAt(n.Sp, "Missing parentheses in call to '%s'. Did you mean %s(...)?", n.Id, n.Id)
	}
	s := &ExprStmt{X: x}
	s.Sp = p.span(start)
	return s
}

var augOps = [kindEnd]Op{
	PLUSEQ: Add, MINUSEQ: Sub, STAREQ: Mult, SLASHEQ: Div, DSLASHEQ: FloorDiv,
	PERCENTEQ: Mod, DSTAREQ: Pow, ATEQ: MatMult, LSHIFTEQ: LShift,
	RSHIFTEQ: RShift, AMPEQ: BitAnd, PIPEEQ: BitOr, CARETEQ: BitXor,
}

// parseExprOrYield parses a yield expression or star_expressions.
func (p *parser) parseExprOrYield() Expr {
	if p.tok.Kind == YIELD {
		return p.parseYield()
	}
	return p.parseStarExpressions()
}

func (p *parser) parseImport() Stmt {
	start := p.tok.Pos
	p.next()
	s := &Import{}
	for {
		a := &Alias{}
		a.Name = p.parseDottedName()
		if p.got(AS) {
			a.AsName = p.expectIdent()
		}
		a.Sp = p.span(a.Name.Sp.Start)
		s.Names = append(s.Names, a)
		if p.bailing || !p.got(COMMA) {
			break
		}
	}
	s.Sp = p.span(start)
	return s
}

func (p *parser) parseDottedName() *Ident {
	if p.tok.Kind != NAME {
		return p.expectIdent()
	}
	first := p.ident()
	if p.tok.Kind != DOT {
		return first
	}
	buf := []byte(first.Name)
	for p.tok.Kind == DOT {
		p.next()
		if p.tok.Kind != NAME {
			p.errorHere("invalid syntax")
			break
		}
		buf = append(buf, '.')
		buf = append(buf, p.tok.Lit...)
		p.next()
	}
	first.Name = string(buf)
	first.Sp.End = p.prevEnd
	return first
}

func (p *parser) parseFromImport() Stmt {
	start := p.tok.Pos
	p.next()
	s := &ImportFrom{}
	dotStart := p.tok.Pos
	for p.tok.Kind == DOT || p.tok.Kind == ELLIPSIS {
		if p.tok.Kind == DOT {
			s.Level++
		} else {
			s.Level += 3
		}
		p.next()
	}
	if s.Level > 0 {
		p.unsupported(source.Span{Start: dotStart, End: p.prevEnd}, "relative imports are not supported in Weft")
	}
	if p.tok.Kind != IMPORT || s.Level == 0 {
		s.Module = p.parseDottedName()
	}
	if !p.got(IMPORT) {
		p.errorHere("invalid syntax")
		s.Sp = p.span(start)
		return s
	}
	switch p.tok.Kind {
	case STAR:
		p.unsupported(p.tok.Span(), "'import *' is not supported in Weft")
		a := &Alias{Name: &Ident{Name: "*"}}
		a.Sp = p.tok.Span()
		a.Name.Sp = a.Sp
		p.next()
		s.Names = []*Alias{a}
	case LPAREN:
		p.next()
		p.brackets++
		s.Names = p.parseImportAsNames(true)
		p.brackets--
		if !p.got(RPAREN) {
			p.errorHere("invalid syntax")
		}
	default:
		s.Names = p.parseImportAsNames(false)
	}
	s.Sp = p.span(start)
	return s
}

func (p *parser) parseImportAsNames(paren bool) []*Alias {
	var names []*Alias
	for {
		a := &Alias{}
		a.Name = p.expectIdent()
		if p.got(AS) {
			a.AsName = p.expectIdent()
		}
		a.Sp = p.span(a.Name.Sp.Start)
		names = append(names, a)
		if p.bailing || p.tok.Kind != COMMA {
			break
		}
		comma := p.tok.Span()
		p.next()
		if p.tok.Kind != NAME {
			if !paren {
				p.errorAt(comma, "trailing comma not allowed without surrounding parentheses")
			}
			break
		}
	}
	return names
}

// suite parses ":" and the block after a compound statement header. what
// names the statement for "expected an indented block after ..." and line
// is the header's line.
func (p *parser) suite(what string, line int, header Expr) []Stmt {
	mark := len(p.stmts)
	if !p.bailing {
		switch p.tok.Kind {
		case COLON:
			p.next()
		case NEWLINE:
			p.errorAt(source.Span{Start: p.prevEnd, End: p.prevEnd}, "expected ':'")
		default:
			switch what {
			case "'else' statement", "'try' statement", "'finally' statement", "function definition":
				// CPython's grammar requires the ':' right here (&&':').
				if p.tok.Kind != ASSIGN {
					p.errorHere("expected ':'")
					break
				}
				fallthrough
			default:
				p.unexpected(header)
			}
		}
	}
	if p.bailing {
		// The header is broken: drop the rest of it, but still parse the
		// block that follows as the body.
		p.skipLine()
		p.bailing = false
		if p.tok.Kind == NEWLINE {
			p.next()
			if p.tok.Kind == INDENT {
				p.next()
				p.blockBody()
				return p.collect(mark)
			}
		}
		p.justSynced = true
		return nil
	}
	if p.tok.Kind == NEWLINE {
		p.next()
		if p.tok.Kind != INDENT {
			p.indentError(p.tok.Pos, fmt.Sprintf("expected an indented block after %s on line %d", what, line))
			// Take the next line as the body when it is a simple
			// statement, so that what follows (an except clause, say)
			// still fits. Never a compound statement: a run of headers
			// without bodies must not recurse.
			switch p.tok.Kind {
			case DEDENT, EOF, ELSE, ELIF, EXCEPT, FINALLY, IF, WHILE, FOR,
				TRY, WITH, DEF, CLASS, AT, ASYNC, INDENT:
				return nil
			}
			p.parseSimpleStmts()
			return p.collect(mark)
		}
		p.next()
		p.blockBody()
		return p.collect(mark)
	}
	if p.tok.Kind == EOF {
		p.indentError(p.tok.Pos, fmt.Sprintf("expected an indented block after %s on line %d", what, line))
		return nil
	}
	p.parseSimpleStmts()
	return p.collect(mark)
}

// endOf returns where a compound statement ends: after the last token of
// its last non-empty body, or at fallback.
func (p *parser) endOf(fallback source.Pos, bodies ...[]Stmt) source.Pos {
	end := fallback
	for _, b := range bodies {
		if len(b) > 0 {
			if e := b[len(b)-1].Span().End; e > end {
				end = e
			}
			if p.lineEnd > end {
				end = p.lineEnd
			}
		}
	}
	return end
}

func (p *parser) parseIf() Stmt {
	root := &If{}
	cur := root
	chain := []*If{root}
	kw := "if"
	for {
		start := p.tok.Pos
		line := p.line(start)
		p.next()
		cur.Sp.Start = start
		cur.Test = p.parseNamedExpr()
		hdrEnd := p.curEnd()
		cur.Body = p.suite("'"+kw+"' statement", line, cur.Test)
		cur.Sp.End = p.endOf(hdrEnd, cur.Body)
		if p.tok.Kind == ELIF {
			n := &If{}
			cur.OrElse = []Stmt{n}
			cur = n
			chain = append(chain, n)
			kw = "elif"
			continue
		}
		if p.tok.Kind == ELSE {
			line := p.line(p.tok.Pos)
			p.next()
			cur.OrElse = p.suite("'else' statement", line, nil)
			cur.Sp.End = p.endOf(cur.Sp.End, cur.OrElse)
		}
		break
	}
	end := cur.Sp.End
	for _, n := range chain {
		n.Sp.End = end
	}
	return root
}

func (p *parser) parseWhile() Stmt {
	s := &While{}
	start := p.tok.Pos
	line := p.line(start)
	p.next()
	s.Test = p.parseNamedExpr()
	hdrEnd := p.curEnd()
	s.Body = p.suite("'while' statement", line, s.Test)
	if p.tok.Kind == ELSE {
		line := p.line(p.tok.Pos)
		p.next()
		s.OrElse = p.suite("'else' statement", line, nil)
	}
	s.Sp = source.Span{Start: start, End: p.endOf(hdrEnd, s.Body, s.OrElse)}
	return s
}

func (p *parser) parseFor() Stmt {
	s := &For{}
	start := p.tok.Pos
	line := p.line(start)
	p.next()
	s.Target = p.parseTargetList()
	p.checkTarget(s.Target, Store, false)
	if !p.bailing && !p.got(IN) {
		p.unexpected(s.Target)
	}
	if !p.bailing {
		s.Iter = p.parseStarExpressions()
		p.checkNoStar(s.Iter)
	} else {
		s.Iter = p.bad(p.tok.Pos)
	}
	hdrEnd := p.curEnd()
	s.Body = p.suite("'for' statement", line, s.Iter)
	if p.tok.Kind == ELSE {
		line := p.line(p.tok.Pos)
		p.next()
		s.OrElse = p.suite("'else' statement", line, nil)
	}
	s.Sp = source.Span{Start: start, End: p.endOf(hdrEnd, s.Body, s.OrElse)}
	return s
}

func (p *parser) parseTry() Stmt {
	s := &Try{}
	start := p.tok.Pos
	line := p.line(start)
	p.next()
	s.Body = p.suite("'try' statement", line, nil)
	end := p.endOf(p.prevEnd, s.Body)
	var bare *ExceptHandler
	for p.tok.Kind == EXCEPT {
		h := &ExceptHandler{}
		hstart := p.tok.Pos
		hline := p.line(hstart)
		p.next()
		if p.tok.Kind == STAR {
			p.unsupported(source.Span{Start: hstart, End: p.tok.End}, "'except*' is not supported in Weft")
			p.next()
		}
		if bare != nil {
			p.errorAt(bare.Sp, "default 'except:' must be last")
			p.bailing = false
		}
		var hdr Expr
		if p.tok.Kind != COLON && p.tok.Kind != NEWLINE {
			h.Type = p.parseExpression()
			hdr = h.Type
			if p.tok.Kind == COMMA {
				p.errorAt(h.Type.Span(), "multiple exception types must be parenthesized")
			} else if p.got(AS) {
				h.Name = p.expectIdent()
				hdr = nil
			}
		}
		hdrEnd := p.curEnd()
		h.Body = p.suite("'except' statement", hline, hdr)
		h.Sp = source.Span{Start: hstart, End: p.endOf(hdrEnd, h.Body)}
		if h.Type == nil {
			bare = h
		}
		end = h.Sp.End
		s.Handlers = append(s.Handlers, h)
	}
	if p.tok.Kind == ELSE {
		if len(s.Handlers) == 0 {
			p.errorHere("expected 'except' or 'finally' block")
			p.bailing = false
		}
		eline := p.line(p.tok.Pos)
		p.next()
		s.OrElse = p.suite("'else' statement", eline, nil)
		end = p.endOf(end, s.OrElse)
	}
	if p.tok.Kind == FINALLY {
		fline := p.line(p.tok.Pos)
		p.next()
		s.FinalBody = p.suite("'finally' statement", fline, nil)
		end = p.endOf(end, s.FinalBody)
	} else if len(s.Handlers) == 0 && s.OrElse == nil {
		p.errorHere("expected 'except' or 'finally' block")
		p.bailing = false
	}
	s.Sp = source.Span{Start: start, End: end}
	return s
}

func (p *parser) parseWith() Stmt {
	s := &With{}
	start := p.tok.Pos
	line := p.line(start)
	p.next()
	if p.tok.Kind == LPAREN && p.parenthesizedWithItems() {
		p.next()
		p.brackets++
		for p.tok.Kind != RPAREN && !p.bailing {
			s.Items = append(s.Items, p.parseWithItem())
			if !p.got(COMMA) {
				break
			}
		}
		p.brackets--
		if !p.bailing && !p.got(RPAREN) {
			p.unexpected(nil)
		}
	} else {
		for {
			s.Items = append(s.Items, p.parseWithItem())
			if p.bailing || !p.got(COMMA) {
				break
			}
		}
	}
	var hdr Expr
	if n := len(s.Items); n > 0 && s.Items[n-1].Vars == nil {
		hdr = s.Items[n-1].Context
	}
	hdrEnd := p.curEnd()
	s.Body = p.suite("'with' statement", line, hdr)
	s.Sp = source.Span{Start: start, End: p.endOf(hdrEnd, s.Body)}
	return s
}

func (p *parser) parseWithItem() *WithItem {
	it := &WithItem{}
	start := p.tok.Pos
	it.Context = p.parseExpression()
	if p.got(AS) {
		it.Vars = p.parseTarget()
		p.checkTarget(it.Vars, Store, false)
	}
	it.Sp = p.span(start)
	return it
}

// parenthesizedWithItems looks ahead from "with (" to decide whether the
// parentheses enclose the with items ("with (a as b, c):") or start an
// expression ("with (a).b as c:"): the former when ":" follows the matching
// ")".
func (p *parser) parenthesizedWithItems() bool {
	save := p.save()
	depth := 0
	ok := false
loop:
	for {
		switch p.tok.Kind {
		case LPAREN, LBRACK, LBRACE:
			depth++
		case RPAREN, RBRACK, RBRACE:
			depth--
			if depth == 0 {
				p.next()
				ok = p.tok.Kind == COLON
				break loop
			}
		case NEWLINE, EOF:
			break loop
		}
		p.next()
	}
	p.restore(save)
	return ok
}

type parserState struct {
	sc      scanState
	tok     Token
	prevEnd source.Pos
	ntok    int
	muted   bool
}

// save snapshots the token position and mutes diagnostics so that the
// parser can scan ahead; restore goes back.
func (p *parser) save() parserState {
	st := parserState{sc: p.sc.save(), tok: p.tok, prevEnd: p.prevEnd, ntok: p.ntok, muted: p.sink.muted}
	p.sink.muted = true
	return st
}

func (p *parser) restore(st parserState) {
	p.sc.restore(st.sc)
	p.tok, p.prevEnd, p.ntok = st.tok, st.prevEnd, st.ntok
	p.sink.muted = st.muted
}

// isMatchStmt decides whether "match" at the start of a statement begins a
// match statement: it is followed by something that can start an
// expression and the logical line ends with ":".
func (p *parser) isMatchStmt() bool {
	save := p.save()
	p.next()
	ok := false
	if p.canStartExpr() || p.tok.Kind == STAR {
		last := ILLEGAL
		for p.tok.Kind != NEWLINE && p.tok.Kind != EOF {
			last = p.tok.Kind
			p.next()
		}
		ok = last == COLON
	}
	p.restore(save)
	return ok
}

// skipMatch reports a match statement as unsupported and skips it with its
// case blocks.
func (p *parser) skipMatch() Stmt {
	start := p.tok.Pos
	p.unsupported(p.tok.Span(), "'match' statement is not supported in Weft")
	p.skipLine()
	end := p.prevEnd
	p.got(NEWLINE)
	if p.tok.Kind == INDENT {
		depth := 0
		for p.tok.Kind != EOF {
			if p.tok.Kind == INDENT {
				depth++
			} else if p.tok.Kind == DEDENT {
				depth--
				if depth == 0 {
					end = p.prevEnd
					p.next()
					break
				}
			}
			p.next()
		}
	}
	b := &BadStmt{}
	b.Sp = source.Span{Start: start, End: end}
	p.lineEnd = end
	return b
}

func (p *parser) parseDecorated() Stmt {
	var decos []Expr
	for p.tok.Kind == AT {
		p.next()
		d := p.parseNamedExpr()
		decos = append(decos, d)
		if !p.bailing && p.tok.Kind != NEWLINE {
			p.unexpected(d)
		}
		p.sync()
	}
	if p.tok.Kind == ASYNC {
		p.unsupported(p.tok.Span(), "'async' is not supported in Weft")
		p.next()
	}
	switch p.tok.Kind {
	case DEF:
		return p.parseDef(decos, p.tok.Pos)
	case CLASS:
		return p.parseClass(decos)
	}
	p.errorHere("invalid syntax")
	b := &BadStmt{}
	b.Sp = p.tok.Span()
	p.sync()
	return b
}

func (p *parser) parseDef(decos []Expr, start source.Pos) Stmt {
	s := &FunctionDef{Decorators: decos}
	line := p.line(start)
	p.next()
	s.Name = p.expectIdent()
	if !p.bailing {
		if p.tok.Kind != LPAREN {
			p.errorHere("expected '('")
		} else {
			p.next()
			p.brackets++
			s.Args = p.parseParams(false, RPAREN)
			p.brackets--
			if !p.bailing && !p.got(RPAREN) {
				p.unexpected(nil)
			}
		}
	}
	if s.Args == nil {
		s.Args = &Arguments{}
		s.Args.Sp = source.Span{Start: p.prevEnd, End: p.prevEnd}
	}
	if !p.bailing && p.got(ARROW) {
		s.Returns = p.parseExpression()
	}
	hdrEnd := p.curEnd()
	s.Body = p.suite("function definition", line, s.Returns)
	s.Sp = source.Span{Start: start, End: p.endOf(hdrEnd, s.Body)}
	return s
}

func (p *parser) parseClass(decos []Expr) Stmt {
	s := &ClassDef{Decorators: decos}
	start := p.tok.Pos
	line := p.line(start)
	p.next()
	s.Name = p.expectIdent()
	if !p.bailing && p.tok.Kind == LPAREN {
		lp := p.tok.Pos
		p.next()
		s.Bases, s.Keywords = p.parseCallArgs(lp)
	}
	hdrEnd := p.curEnd()
	s.Body = p.suite("class definition", line, nil)
	s.Sp = source.Span{Start: start, End: p.endOf(hdrEnd, s.Body)}
	return s
}

// parseParams parses a def (lambda=false) or lambda parameter list up to,
// not including, closer.
func (p *parser) parseParams(lambda bool, closer Kind) *Arguments {
	a := &Arguments{}
	start := p.tok.Pos
	seenDefault, seenSlash, seenKwarg := false, false, false
	seenStar := false
	bareStar := source.NoPos
	for p.tok.Kind != closer && !p.bailing {
		if seenKwarg && (p.tok.Kind == NAME || p.tok.Kind == STAR || p.tok.Kind == SLASH) {
			p.errorHere("arguments cannot follow var-keyword argument")
			break
		}
		switch p.tok.Kind {
		case SLASH:
			switch {
			case seenSlash:
				p.errorHere("/ may appear only once")
			case seenStar:
				p.errorHere("/ must be ahead of *")
			case len(a.Args) == 0:
				p.errorHere("at least one argument must precede /")
			}
			p.next()
			a.PosOnly, a.Args = a.Args, nil
			seenSlash = true
		case STAR:
			if seenStar {
				p.errorHere("* argument may appear only once")
			}
			starPos := p.tok.Pos
			p.next()
			seenStar = true
			if p.tok.Kind == COMMA || p.tok.Kind == closer {
				bareStar = starPos
				break
			}
			a.Vararg = p.parseParam(lambda, true)
			if p.tok.Kind == ASSIGN {
				p.errorHere("var-positional argument cannot have default value")
			}
		case DSTAR:
			p.next()
			a.Kwarg = p.parseParam(lambda, false)
			seenKwarg = true
			if p.tok.Kind == ASSIGN {
				p.errorHere("var-keyword argument cannot have default value")
			}
		case NAME:
			arg := p.parseParam(lambda, false)
			var def Expr
			if p.got(ASSIGN) {
				def = p.parseExpression()
			}
			if seenStar {
				a.KwOnly = append(a.KwOnly, arg)
				a.KwDefaults = append(a.KwDefaults, def)
			} else {
				a.Args = append(a.Args, arg)
				if def != nil {
					a.Defaults = append(a.Defaults, def)
					seenDefault = true
				} else if seenDefault {
					p.errorAt(arg.Sp, "non-default argument follows default argument")
				}
			}
		default:
			p.unexpected(nil)
		}
		if p.bailing || !p.got(COMMA) {
			break
		}
	}
	if bareStar != source.NoPos && len(a.KwOnly) == 0 && !p.bailing {
		p.errorAt(source.Span{Start: bareStar, End: bareStar + 1}, "named arguments must follow bare *")
	}
	a.Sp = p.span(start)
	return a
}

func (p *parser) parseParam(lambda, star bool) *Arg {
	arg := &Arg{}
	start := p.tok.Pos
	arg.Name = p.expectIdent()
	if !lambda && p.got(COLON) {
		if star && p.tok.Kind == STAR {
			arg.Annotation = p.parseStarExpr() // *args: *Ts
		} else {
			arg.Annotation = p.parseExpression()
		}
	}
	arg.Sp = p.span(start)
	return arg
}
