package syntax

import (
	"bytes"
	"unicode/utf8"

	"github.com/weft-lang/weft/compiler/source"
)

// This file decodes string literals: prefixes, escapes, adjacent literal
// concatenation and f-strings. The scanner only finds where a literal ends;
// f-string fields are parsed here, each embedded expression by a
// sub-parser over the same file text so that spans are real offsets.

type strPrefix struct {
	raw, f, bytes bool
	n             int // length of the prefix
}

func readPrefix(text []byte) strPrefix {
	var pr strPrefix
	for pr.n < len(text) && text[pr.n] != '"' && text[pr.n] != '\'' {
		switch text[pr.n] | 0x20 {
		case 'r':
			pr.raw = true
		case 'f':
			pr.f = true
		case 'b':
			pr.bytes = true
		}
		pr.n++
	}
	return pr
}

// body returns the offsets of a string token's contents (between the
// quotes). An unterminated token (Bad) has no closing quotes.
func (p *parser) body(t Token) (pr strPrefix, a, b int) {
	text := p.src[t.Pos:t.End]
	pr = readPrefix(text)
	q := 1
	if pr.n+2 < len(text) && text[pr.n+1] == text[pr.n] && text[pr.n+2] == text[pr.n] {
		q = 3
	}
	a = int(t.Pos) + pr.n + q
	b = int(t.End)
	if !t.Bad {
		b -= q
	}
	if b < a {
		b = a
	}
	return pr, a, b
}

// strBuilder accumulates the parts of a concatenation of literals.
type strBuilder struct {
	parts    []Expr
	lit      []byte
	litStart source.Pos
	litEnd   source.Pos
	hasLit   bool
}

func (sb *strBuilder) addLit(start, end source.Pos) {
	if !sb.hasLit {
		sb.hasLit = true
		sb.litStart = start
	}
	sb.litEnd = end
}

func (sb *strBuilder) flush() {
	if sb.hasLit && len(sb.lit) > 0 {
		s := &Str{Value: string(sb.lit)}
		s.Sp = source.Span{Start: sb.litStart, End: sb.litEnd}
		sb.parts = append(sb.parts, s)
	}
	sb.lit = sb.lit[:0]
	sb.hasLit = false
}

func (sb *strBuilder) addField(fv Expr) {
	sb.flush()
	sb.parts = append(sb.parts, fv)
}

// parseStrings parses one or more adjacent string literals.
func (p *parser) parseStrings() Expr {
	start := p.tok.Pos
	first := p.tok
	p.next()
	if p.tok.Kind != STRING && !first.Bad {
		// The common case: one literal.
		pr, a, b := p.body(first)
		if !pr.f && !pr.bytes {
			s := p.alloc.strs.alloc()
			s.Sp = first.Span()
			body := p.src[a:b]
			if (pr.raw || bytes.IndexByte(body, '\\') < 0) && bytes.IndexByte(body, '\r') < 0 {
				s.Value = string(body)
			} else {
				s.Value = string(p.decode(nil, a, b, pr.raw))
			}
			return s
		}
	}
	var sb strBuilder
	isF, bad, reportedBytes := false, false, false
	t := first
	for {
		pr, a, b := p.body(t)
		if t.Bad {
			bad = true
		}
		if pr.bytes && !reportedBytes {
			reportedBytes = true
			p.unsupported(t.Span(), "bytes literals are not supported in Weft")
			bad = true
		}
		if pr.f && !t.Bad {
			isF = true
			p.fstring(&sb, a, b, pr.raw, 0, false)
		} else if !pr.bytes {
			// A bytes literal, reported above, has no value to decode,
			// and str's escape errors do not apply to it: \N, \u and \U
			// are plain text in bytes.
			sb.lit = p.decode(sb.lit, a, b, pr.raw)
			sb.addLit(t.Pos, t.End)
		}
		if p.tok.Kind != STRING {
			break
		}
		t = p.tok
		p.next()
	}
	sp := p.span(start)
	if bad {
		b := &BadExpr{}
		b.Sp = sp
		return b
	}
	if !isF {
		s := &Str{Value: string(sb.lit)}
		s.Sp = sp
		return s
	}
	sb.flush()
	j := &JoinedStr{Parts: sb.parts}
	j.Sp = sp
	return j
}

// decode appends the value of the literal text src[a:b] to buf, processing
// escapes unless raw and normalising line endings to "\n".
func (p *parser) decode(buf []byte, a, b int, raw bool) []byte {
	src := p.src
	i := a
	for i < b {
		c := src[i]
		if c == '\r' {
			buf = append(buf, '\n')
			i++
			if i < b && src[i] == '\n' {
				i++
			}
			continue
		}
		if c != '\\' || raw {
			j := i + 1
			for j < b && src[j] != '\r' && (raw || src[j] != '\\') {
				j++
			}
			buf = append(buf, src[i:j]...)
			i = j
			continue
		}
		if i+1 >= b {
			buf = append(buf, '\\')
			i++
			continue
		}
		e := src[i+1]
		switch e {
		case '\n':
			i += 2
		case '\r':
			i += 2
			if i < b && src[i] == '\n' {
				i++
			}
		case '\\', '\'', '"':
			buf = append(buf, e)
			i += 2
		case 'a':
			buf = append(buf, 7)
			i += 2
		case 'b':
			buf = append(buf, 8)
			i += 2
		case 'f':
			buf = append(buf, 12)
			i += 2
		case 'n':
			buf = append(buf, '\n')
			i += 2
		case 'r':
			buf = append(buf, '\r')
			i += 2
		case 't':
			buf = append(buf, '\t')
			i += 2
		case 'v':
			buf = append(buf, 11)
			i += 2
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := rune(0)
			j := i + 1
			for j < b && j < i+4 && src[j] >= '0' && src[j] <= '7' {
				v = v*8 + rune(src[j]-'0')
				j++
			}
			buf = utf8.AppendRune(buf, v)
			i = j
		case 'x', 'u', 'U':
			n := 2
			what := `\xXX`
			if e == 'u' {
				n, what = 4, `\uXXXX`
			} else if e == 'U' {
				n, what = 8, `\UXXXXXXXX`
			}
			v := rune(0)
			j := i + 2
			for j < b && j < i+2+n && isHex(src[j]) {
				v = v*16 + rune(hexVal(src[j]))
				j++
			}
			if j-(i+2) < n {
				p.escapeError(a, i, j, "truncated "+what+" escape")
				i = j
				continue
			}
			if v > utf8.MaxRune {
				p.escapeError(a, i, j, "illegal Unicode character")
				i = j
				continue
			}
			buf = utf8.AppendRune(buf, v)
			i = j
		case 'N':
			// \N{name}; the name ends at the first "}". As in CPython, a
			// missing or empty name is malformed up to where the name
			// would end, and an unknown one is reported with its "}".
			msg := "malformed \\N character escape"
			j := i + 2
			if j < b && src[j] == '{' {
				k := bytes.IndexByte(src[j+1:b], '}')
				switch {
				case k < 0:
					j = b
				case k == 0:
					j++
				default:
					name := src[j+1 : j+1+k]
					j += k + 2
					if r, ok := lookupRuneName(name); ok {
						buf = utf8.AppendRune(buf, r)
						i = j
						continue
					}
					msg = "unknown Unicode character name"
				}
			}
			p.escapeError(a, i, j, msg)
			i = j
		default:
			// Unknown escapes keep their backslash, as in Python.
			buf = append(buf, '\\')
			i++
		}
	}
	return buf
}

// escapeError reports the bad escape src[i:j] of the literal text that
// starts at src[a] with CPython's message. CPython decodes the text after
// rewriting each non-ASCII character as a \UXXXXXXXX escape (and a
// backslash before one as \u005c), and after its tokenizer turned line
// breaks into "\n"; the positions it reports count those bytes.
func (p *parser) escapeError(a, i, j int, msg string) {
	p.errorAt(source.Span{Start: source.Pos(i), End: source.Pos(j)},
		"(unicode error) 'unicodeescape' codec can't decode bytes in position %d-%d: %s",
		p.escapeOffset(a, i), p.escapeOffset(a, j)-1, msg)
}

// escapeOffset returns the offset of src[i] in the text CPython decodes
// for the literal text that starts at src[a] (see escapeError).
func (p *parser) escapeOffset(a, i int) int {
	src := p.src
	n := 0
	for k := a; k < i; {
		switch c := src[k]; {
		case c == '\r':
			n++
			k++
			if k < i && src[k] == '\n' {
				k++
			}
		case c == '\\':
			n++
			k++
			if k < i && src[k] >= utf8.RuneSelf {
				n += len(`u005c`)
			} else if k < i && src[k] != '\r' {
				// The escaped character is copied as it is, so a
				// second backslash does not start an escape.
				n++
				k++
			}
		case c < utf8.RuneSelf:
			n++
			k++
		default:
			_, size := utf8.DecodeRune(src[k:i])
			n += len(`\U000000e9`)
			k += size
		}
	}
	return n
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

func hexVal(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// maxFStringNest bounds f-strings nested inside f-string fields.
const maxFStringNest = 10

// fstring parses the f-string text src[a:b] into sb. In a format spec
// (spec true) a "}" ends the text and is not consumed; the returned offset
// is where parsing stopped.
func (p *parser) fstring(sb *strBuilder, a, b int, raw bool, nest int, spec bool) int {
	src := p.src
	i, seg := a, a
	lit := func(end, spanEnd int) {
		if end > seg || spanEnd > seg {
			sb.lit = p.decode(sb.lit, seg, end, raw)
			sb.addLit(source.Pos(seg), source.Pos(spanEnd))
		}
	}
	for i < b {
		switch src[i] {
		case '\\':
			if raw {
				i++
				continue
			}
			if i+2 < b && src[i+1] == 'N' {
				// As in CPython, \N takes the next character along and,
				// when that is a "{", the text through the next "}" (or
				// to the end): those braces never delimit a field, and
				// decode reports a bad \N escape.
				i += 3
				if src[i-1] == '{' {
					if k := bytes.IndexByte(src[i:b], '}'); k >= 0 {
						i += k + 1
					} else {
						i = b
					}
				}
				continue
			}
			if i+1 < b && (src[i+1] == '{' || src[i+1] == '}') {
				i++
				continue
			}
			i += 2
			if i > b {
				i = b
			}
			continue
		case '{':
			if !spec && i+1 < b && src[i+1] == '{' {
				lit(i+1, i+2)
				i += 2
				seg = i
				continue
			}
			lit(i, i)
			fv, j := p.fstringField(i, b, raw, nest)
			sb.addField(fv)
			i, seg = j, j
			continue
		case '}':
			if spec {
				lit(i, i)
				return i
			}
			if i+1 < b && src[i+1] == '}' {
				lit(i+1, i+2)
				i += 2
				seg = i
				continue
			}
			lit(i, i)
			p.errorAt(source.Span{Start: source.Pos(i), End: source.Pos(i + 1)}, "f-string: single '}' is not allowed")
			i++
			seg = i
			continue
		}
		i++
	}
	lit(b, b)
	return b
}

const backslashInField = "f-string expression part cannot include a backslash"

// fstringField parses the field starting with "{" at src[i] and returns it
// with the offset after its "}".
func (p *parser) fstringField(i, b int, raw bool, nest int) (Expr, int) {
	src := p.src
	start := i
	fail := func(j int, at, atEnd int, msg string) (Expr, int) {
		p.errorAt(source.Span{Start: source.Pos(at), End: source.Pos(atEnd)}, "%s", msg)
		bad := &BadExpr{}
		bad.Sp = source.Span{Start: source.Pos(start), End: source.Pos(j)}
		return bad, j
	}
	if nest >= 2 {
		return fail(p.skipField(i, b), i, i+1, "f-string: expressions nested too deeply")
	}
	i++
	exprStart := i
	var stack []byte
	debug := false
scan:
	for i < b {
		c := src[i]
		switch c {
		case '\\':
			return fail(p.skipField(i, b), i, i+1, backslashInField)
		case '#':
			return fail(p.skipField(i, b), i, i+1, "f-string expression part cannot include '#'")
		case '\'', '"':
			q := 1
			if i+2 < b && src[i+1] == c && src[i+2] == c {
				q = 3
			}
			j := i + q
			// Python 3.11 rejects a backslash anywhere in the expression
			// part, inside its string literals too (3.12 lifted that);
			// recovery resumes after the literal, whose braces (as in
			// "\N{...}") are not the field's.
			backslash := -1
			for {
				if j >= b {
					if backslash >= 0 {
						return fail(b, backslash, backslash+1, backslashInField)
					}
					return fail(b, i, i+1, "f-string: unterminated string")
				}
				if src[j] == '\\' && backslash < 0 {
					backslash = j
				}
				if src[j] == c && (q == 1 || (j+2 < b && src[j+1] == c && src[j+2] == c)) {
					j += q
					break
				}
				j++
			}
			if backslash >= 0 {
				return fail(p.skipField(j, b), backslash, backslash+1, backslashInField)
			}
			i = j
			continue
		case '(', '[', '{':
			if len(stack) >= maxParens {
				return fail(p.skipField(i, b), i, i+1, "f-string: too many nested parenthesis")
			}
			stack = append(stack, c)
		case ')', ']', '}':
			if len(stack) == 0 {
				if c == '}' {
					break scan
				}
				return fail(p.skipField(i, b), i, i+1, "f-string: unmatched '"+string(c)+"'")
			}
			open := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if closerOf(open) != c {
				return fail(p.skipField(i, b), i, i+1, "f-string: closing parenthesis '"+string(c)+"' does not match opening parenthesis '"+string(open)+"'")
			}
		case '!':
			if len(stack) == 0 && !(i+1 < b && src[i+1] == '=') {
				break scan
			}
			if i+1 < b && src[i+1] == '=' {
				i++
			}
		case ':':
			if len(stack) == 0 {
				break scan
			}
		case '=':
			if i+1 < b && src[i+1] == '=' {
				i++
			} else if len(stack) == 0 {
				debug = true
				break scan
			}
		case '<', '>':
			if i+1 < b && src[i+1] == '=' {
				i++
			}
		}
		i++
	}
	if i >= b {
		if len(stack) > 0 {
			open := stack[len(stack)-1]
			return fail(b, start, start+1, "f-string: unmatched '"+string(open)+"'")
		}
		return fail(b, start, start+1, "f-string: expecting '}'")
	}
	exprEnd := i
	if isBlank(src[exprStart:exprEnd]) {
		msg := "f-string: empty expression not allowed"
		if c := src[exprEnd]; c == '!' || c == ':' || c == '=' {
			// CPython 3.11 names the delimiter that came too early.
			msg = "f-string: expression required before '" + string(c) + "'"
		}
		return fail(p.skipField(i, b), exprStart, exprEnd+1, msg)
	}
	fv := &FormattedValue{}
	if debug {
		i++
		for i < b && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r' || src[i] == '\f') {
			i++
		}
		fv.DebugText = string(src[exprStart:i])
	}
	fv.Value = p.parseFStringExpr(exprStart, exprEnd)
	if i < b && src[i] == '!' {
		i++
		if i >= b {
			return fail(b, start, start+1, "f-string: expecting '}'")
		}
		switch src[i] {
		case 's', 'r', 'a':
			fv.Conversion = rune(src[i])
			i++
		default:
			return fail(p.skipField(i, b), i, i+1, "f-string: invalid conversion character: expected 's', 'r', or 'a'")
		}
		if i < b && src[i] != ':' && src[i] != '}' {
			return fail(p.skipField(i, b), i, i+1, "f-string: expecting '}'")
		}
	}
	if i < b && src[i] == ':' {
		i++
		var sb strBuilder
		specStart := i
		i = p.fstring(&sb, i, b, raw, nest+1, true)
		sb.flush()
		fv.Spec = &JoinedStr{Parts: sb.parts}
		fv.Spec.Sp = source.Span{Start: source.Pos(specStart), End: source.Pos(i)}
	}
	if i >= b || src[i] != '}' {
		return fail(b, start, start+1, "f-string: expecting '}'")
	}
	i++
	if fv.DebugText != "" && fv.Conversion == 0 && fv.Spec == nil {
		fv.Conversion = 'r'
	}
	fv.Sp = source.Span{Start: source.Pos(start), End: source.Pos(i)}
	return fv, i
}

// skipField finds the end of a malformed field for recovery: after the next
// "}" or at b.
func (p *parser) skipField(i, b int) int {
	if k := bytes.IndexByte(p.src[i:b], '}'); k >= 0 {
		return i + k + 1
	}
	return b
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

// parseFStringExpr parses the expression of an f-string field, src[a:b],
// with a sub-parser that shares this parser's diagnostics and names.
func (p *parser) parseFStringExpr(a, b int) Expr {
	if p.fdepth >= maxFStringNest {
		p.errorAt(source.Span{Start: source.Pos(a), End: source.Pos(b)}, "f-string: expressions nested too deeply")
		bad := &BadExpr{}
		bad.Sp = source.Span{Start: source.Pos(a), End: source.Pos(b)}
		return bad
	}
	// The sub-parser and its scanner are reused from field to field.
	sp := p.fsub
	if sp == nil {
		sp = &parser{sc: &Scanner{}}
		p.fsub = sp
	}
	sc := sp.sc
	*sc = Scanner{src: p.src, file: p.file, limit: b, sink: p.sink, names: p.names,
		sub: true, fstr: true, prefix: "f-string: "}
	sc.st.off = a
	*sp = parser{
		file: p.file, src: p.src, sc: sc, sink: p.sink, names: p.names, alloc: p.alloc,
		fsub: sp.fsub, stmts: sp.stmts[:0], exprs: sp.exprs[:0], kws: sp.kws[:0], prefix: "f-string: ", depth: p.depth, fdepth: p.fdepth + 1, brackets: 1,
	}
	sp.next()
	x := sp.parseExprOrYield()
	if (sp.tok.Kind == FOR || sp.tok.Kind == ASYNC) && !isYield(x) {
		// CPython 3.11 parses a field as "(expr)", so a bare generator
		// expression is allowed, its span the field's braces.
		if _, ok := x.(*Starred); ok {
			sp.errorAt(x.Span(), "iterable unpacking cannot be used in comprehension")
		}
		g := &GeneratorExp{Elt: x}
		g.Generators = sp.parseGenerators()
		g.Sp = source.Span{Start: source.Pos(a - 1), End: source.Pos(b + 1)}
		x = g
	}
	sp.checkNoStar(x)
	if sp.tok.Kind != EOF {
		sp.unexpected(x)
	}
	if sp.bailing {
		p.bailing = true
	}
	return x
}

// isYield reports a yield expression, which a generator expression's
// element cannot be without parentheses.
func isYield(x Expr) bool {
	switch x.(type) {
	case *Yield, *YieldFrom:
		return true
	}
	return false
}
