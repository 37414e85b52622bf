package syntax

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/weft-lang/weft/compiler/source"
)

// Scanner turns source text into tokens. It produces NEWLINE at the end of
// every logical line, INDENT and DEDENT from an indentation stack, joins
// lines inside brackets and after a backslash, and records every comment.
// A Scanner never fails: malformed input is reported once and skipped.
type Scanner struct {
	src   []byte
	file  *source.File
	limit int
	sink  *sink
	names map[string]nameEntry
	// sub is set when scanning the expression of an f-string field: the
	// text is implicitly parenthesised (no NEWLINE, INDENT or DEDENT).
	sub bool
	// fstr is set for f-string fields, whose brackets were already checked.
	fstr   bool
	prefix string // prepended to messages ("f-string: ")
	st     scanState
}

type nameEntry struct {
	kind Kind
	s    string
}

type paren struct {
	ch  byte
	pos source.Pos
}

type indent struct {
	col, alt int
	phantom  bool // pushed only to recover from a bad unindent; emits no DEDENT
}

// scanState is everything that changes while scanning, so that the parser
// can save it, scan ahead, and restore it.
type scanState struct {
	off      int
	atBOL    bool
	lineToks bool // a real token was emitted on the current logical line
	parens   []paren
	indents  []indent
	dedents  int  // DEDENT tokens still to emit
	indentOK bool // an INDENT token still to emit
	pendPos  source.Pos
}

// NewScanner returns a scanner over the whole file. A UTF-8 byte order mark
// at the start is skipped.
func NewScanner(f *source.File) *Scanner {
	s := newScanner(f, newSink(f), newNameTable(), 0, len(f.Text), false)
	if len(f.Text) >= 3 && f.Text[0] == 0xEF && f.Text[1] == 0xBB && f.Text[2] == 0xBF {
		s.st.off = 3
	}
	return s
}

func newNameTable() map[string]nameEntry {
	m := make(map[string]nameEntry, 256)
	for w, k := range keywords {
		m[w] = nameEntry{k, w}
	}
	return m
}

func newScanner(f *source.File, sk *sink, names map[string]nameEntry, start, end int, sub bool) *Scanner {
	s := &Scanner{src: f.Text, file: f, limit: end, sink: sk, names: names, sub: sub}
	s.st.off = start
	s.st.atBOL = !sub
	if !sub {
		s.st.indents = make([]indent, 1, 8)
	}
	return s
}

// Next returns the next token. After the end of input it returns EOF
// forever.
func (s *Scanner) Next() Token {
	var t Token
	s.next(&t)
	return t
}

// Diagnostics returns what the scanner reported so far.
func (s *Scanner) Diagnostics() source.Diagnostics { return s.sink.diagnostics() }

// Comments returns the comments scanned so far, in source order.
func (s *Scanner) Comments() []*Comment { return s.sink.comments }

func (s *Scanner) save() scanState {
	st := s.st
	st.parens = append([]paren(nil), s.st.parens...)
	st.indents = append([]indent(nil), s.st.indents...)
	return st
}

func (s *Scanner) restore(st scanState) { s.st = st }

func (s *Scanner) errorf(start, end int, code, name, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	s.sink.report(source.Span{Start: source.Pos(start), End: source.Pos(end)}, code, name, s.prefix+msg, false)
}

func (s *Scanner) syntaxError(start, end int, format string, args ...any) {
	s.errorf(start, end, CodeSyntax, nameSyntax, format, args...)
}

func (s *Scanner) lineOf(off int) int { return s.file.Position(source.Pos(off)).Line }

func (s *Scanner) next(t *Token) {
	st := &s.st
	t.Bad = false
	t.Lit = ""
top:
	if st.dedents > 0 {
		st.dedents--
		t.Kind, t.Pos, t.End = DEDENT, st.pendPos, st.pendPos
		return
	}
	if st.indentOK {
		st.indentOK = false
		t.Kind, t.Pos, t.End = INDENT, st.pendPos, st.pendPos
		return
	}
	if st.atBOL {
		st.atBOL = false
		s.indentation()
		goto top
	}
again:
	src := s.src
	for st.off < s.limit {
		c := src[st.off]
		if c == ' ' || c == '\t' || c == '\f' {
			st.off++
			continue
		}
		if c == '\\' {
			i := st.off + 1
			if i < s.limit && src[i] == '\n' {
				st.off = i + 1
				continue
			}
			if i < s.limit && src[i] == '\r' {
				st.off = i + 1
				if st.off < s.limit && src[st.off] == '\n' {
					st.off++
				}
				continue
			}
			if i >= s.limit {
				s.syntaxError(st.off, i, "unexpected EOF while parsing")
			} else {
				s.syntaxError(st.off, i, "unexpected character after line continuation character")
			}
			st.off++
			continue
		}
		break
	}
	if st.off >= s.limit {
		s.eof(t)
		return
	}
	start := st.off
	c := src[start]
	switch {
	case c == '\n' || c == '\r':
		end := start + 1
		if c == '\r' && end < s.limit && src[end] == '\n' {
			end++
		}
		st.off = end
		if s.sub {
			goto again
		}
		if len(st.parens) > 0 {
			if s.recoverUnclosed(start, end) {
				t.Kind, t.Pos, t.End = NEWLINE, source.Pos(start), source.Pos(end)
				return
			}
			goto again
		}
		st.atBOL = true
		if !st.lineToks {
			goto top
		}
		st.lineToks = false
		t.Kind, t.Pos, t.End = NEWLINE, source.Pos(start), source.Pos(end)
		return
	case c == '#':
		s.comment()
		goto again
	case c < utf8.RuneSelf && (isLetterASCII(c) || c == '_'):
		s.ident(t, start)
	case c >= '0' && c <= '9':
		s.number(t, start)
	case c == '.' && start+1 < s.limit && src[start+1] >= '0' && src[start+1] <= '9':
		s.number(t, start)
	case c == '"' || c == '\'':
		s.str(t, start, start)
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRune(src[start:s.limit])
		if r == utf8.RuneError && size <= 1 {
			s.syntaxError(start, start+1, "invalid UTF-8 in source")
			st.off++
			goto again
		}
		if isIDStart(r) {
			s.ident(t, start)
			break
		}
		if unicode.IsPrint(r) {
			s.syntaxError(start, start+size, "invalid character '%c' (U+%04X)", r, r)
		} else {
			s.syntaxError(start, start+size, "invalid non-printable character U+%04X", r)
		}
		st.off += size
		goto again
	case c == 0:
		s.syntaxError(start, start+1, "source code cannot contain null bytes")
		st.off++
		goto again
	default:
		if !s.operator(t, start) {
			goto again
		}
	}
	st.lineToks = true
}

// indentation runs at the start of a line outside brackets: it skips blank
// and comment-only lines and compares the indentation of the next real line
// with the stack, scheduling INDENT or DEDENT tokens.
func (s *Scanner) indentation() {
	st := &s.st
	src := s.src
	for {
		col, alt := 0, 0
		i := st.off
	measure:
		for i < s.limit {
			switch src[i] {
			case ' ':
				col++
				alt++
			case '\t':
				col = (col/8 + 1) * 8
				alt++
			case '\f':
				col, alt = 0, 0
			default:
				break measure
			}
			i++
		}
		st.off = i
		if i >= s.limit {
			return
		}
		c := src[i]
		if c == '#' {
			s.comment()
			i = st.off
			if i >= s.limit {
				return
			}
			c = src[i]
		}
		if c == '\n' || c == '\r' {
			i++
			if c == '\r' && i < s.limit && src[i] == '\n' {
				i++
			}
			st.off = i
			continue
		}
		pos := source.Pos(i)
		st.pendPos = pos
		top := st.indents[len(st.indents)-1]
		switch {
		case col == top.col:
			if alt != top.alt {
				s.tabError(i)
			}
		case col > top.col:
			if alt <= top.alt {
				s.tabError(i)
			}
			if len(st.indents) > maxIndents {
				s.errorf(i, i, CodeIndent, nameIndent, "too many levels of indentation")
				s.fatal(i)
				return
			}
			st.indents = append(st.indents, indent{col: col, alt: alt})
			st.indentOK = true
		default:
			for len(st.indents) > 1 && col < top.col {
				st.indents = st.indents[:len(st.indents)-1]
				if !top.phantom {
					st.dedents++
				}
				top = st.indents[len(st.indents)-1]
			}
			if col != top.col {
				s.errorf(i, i+1, CodeIndent, nameIndent, "unindent does not match any outer indentation level")
				st.indents = append(st.indents, indent{col: col, alt: alt, phantom: true})
			} else if alt != top.alt {
				s.tabError(i)
			}
		}
		return
	}
}

func (s *Scanner) tabError(i int) {
	s.errorf(i, i, CodeIndent, nameIndent, "inconsistent use of tabs and spaces in indentation")
}

// fatal stops scanning after a limit error: everything up to the end of the
// text is skipped and parser diagnostics after pos are suppressed.
func (s *Scanner) fatal(pos int) {
	s.sink.addSuppress(source.Span{Start: source.Pos(pos), End: source.Pos(s.limit)})
	if !s.sink.muted {
		s.sink.fatal = true
	}
	s.st.off = s.limit
	s.st.parens = s.st.parens[:0]
}

func (s *Scanner) eof(t *Token) {
	st := &s.st
	end := source.Pos(s.limit)
	if len(st.parens) > 0 && !s.fstr {
		p := st.parens[len(st.parens)-1]
		s.syntaxError(int(p.pos), int(p.pos)+1, "'%c' was never closed", p.ch)
		s.sink.addSuppress(source.Span{Start: st.parens[0].pos, End: end})
		st.parens = st.parens[:0]
	}
	if !s.sub {
		if st.lineToks {
			st.lineToks = false
			t.Kind, t.Pos, t.End = NEWLINE, end, end
			return
		}
		n := 0
		for len(st.indents) > 1 {
			if !st.indents[len(st.indents)-1].phantom {
				n++
			}
			st.indents = st.indents[:len(st.indents)-1]
		}
		if n > 0 {
			st.dedents = n - 1
			st.pendPos = end
			t.Kind, t.Pos, t.End = DEDENT, end, end
			return
		}
	}
	t.Kind, t.Pos, t.End = EOF, end, end
}

// recoverUnclosed is called at a line break inside brackets. When the next
// line starts with a keyword that can only begin a statement, the bracket
// was surely never closed: report it, forget the open brackets and end the
// logical line here so that the parser resynchronises.
func (s *Scanner) recoverUnclosed(nlStart, nlEnd int) bool {
	i := nlEnd
	for i < s.limit && (s.src[i] == ' ' || s.src[i] == '\t' || s.src[i] == '\f') {
		i++
	}
	j := i
	for j < s.limit && j-i < 9 && isLetterASCII(s.src[j]) {
		j++
	}
	if j == i || (j < s.limit && isIdentByte(s.src[j])) {
		return false
	}
	switch string(s.src[i:j]) {
	case "def", "class", "return", "import", "while", "pass", "break",
		"continue", "raise", "global", "nonlocal", "del", "assert", "try",
		"with", "except", "finally", "elif":
	default:
		return false
	}
	st := &s.st
	p := st.parens[len(st.parens)-1]
	s.syntaxError(int(p.pos), int(p.pos)+1, "'%c' was never closed", p.ch)
	s.sink.addSuppress(source.Span{Start: st.parens[0].pos, End: source.Pos(nlEnd)})
	st.parens = st.parens[:0]
	st.atBOL = true
	st.lineToks = false
	return true
}

func (s *Scanner) comment() {
	st := &s.st
	start := st.off
	i := start
	for i < s.limit {
		c := s.src[i]
		if c == '\n' || c == '\r' {
			break
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s.src[i:s.limit])
			if r == utf8.RuneError && size <= 1 {
				s.syntaxError(i, i+1, "invalid UTF-8 in source")
			}
			i += size
			continue
		}
		if c == 0 {
			s.syntaxError(i, i+1, "source code cannot contain null bytes")
		}
		i++
	}
	st.off = i
	if !s.sink.muted && !s.sub {
		c := &Comment{Text: string(s.src[start:i])}
		c.Sp = source.Span{Start: source.Pos(start), End: source.Pos(i)}
		s.sink.comments = append(s.sink.comments, c)
	}
}

func isLetterASCII(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isIdentByte(c byte) bool {
	return isLetterASCII(c) || c == '_' || (c >= '0' && c <= '9') || c >= utf8.RuneSelf
}

func isIDStart(r rune) bool {
	if r < utf8.RuneSelf {
		return isLetterASCII(byte(r)) || r == '_'
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start)
}

func isIDContinue(r rune) bool {
	if r < utf8.RuneSelf {
		return isLetterASCII(byte(r)) || r == '_' || (r >= '0' && r <= '9')
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start,
		unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

// ident scans an identifier or keyword, or a string literal with a prefix.
func (s *Scanner) ident(t *Token, start int) {
	src := s.src
	i := start
	for i < s.limit {
		c := src[i]
		if c < utf8.RuneSelf {
			if isLetterASCII(c) || c == '_' || (c >= '0' && c <= '9') {
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRune(src[i:s.limit])
		if r == utf8.RuneError && size <= 1 || !isIDContinue(r) {
			break
		}
		i += size
	}
	if i < s.limit && (src[i] == '"' || src[i] == '\'') && i-start <= 2 && isStringPrefix(src[start:i]) {
		s.str(t, start, i)
		return
	}
	s.st.off = i
	t.Pos, t.End = source.Pos(start), source.Pos(i)
	if e, ok := s.names[string(src[start:i])]; ok {
		t.Kind, t.Lit = e.kind, e.s
		return
	}
	name := string(src[start:i])
	s.names[name] = nameEntry{NAME, name}
	t.Kind, t.Lit = NAME, name
}

func isStringPrefix(p []byte) bool {
	switch len(p) {
	case 1:
		switch p[0] | 0x20 {
		case 'r', 'u', 'f', 'b':
			return true
		}
	case 2:
		a, b := p[0]|0x20, p[1]|0x20
		return (a == 'r' && (b == 'f' || b == 'b')) || (b == 'r' && (a == 'f' || a == 'b'))
	}
	return false
}

// str scans a string literal whose prefix starts at start and whose opening
// quote is at q. The token covers prefix and quotes; decoding is the
// parser's job.
func (s *Scanner) str(t *Token, start, q int) {
	src := s.src
	quote := src[q]
	triple := q+2 < s.limit && src[q+1] == quote && src[q+2] == quote
	i := q + 1
	if triple {
		i = q + 3
	}
	t.Kind, t.Pos = STRING, source.Pos(start)
	for {
		if i >= s.limit {
			last := s.limit - 1
			if last < 0 {
				last = 0
			}
			if triple {
				s.syntaxError(start, start+3, "unterminated triple-quoted string literal (detected at line %d)", s.lineOf(last))
			} else {
				s.syntaxError(start, start+1, "unterminated string literal (detected at line %d)", s.lineOf(last))
			}
			t.Bad = true
			break
		}
		c := src[i]
		if c == quote {
			if !triple {
				i++
				break
			}
			if i+2 < s.limit && src[i+1] == quote && src[i+2] == quote {
				i += 3
				break
			}
			i++
			continue
		}
		switch {
		case c == '\\':
			i++
			if i < s.limit {
				c2 := src[i]
				if c2 == '\r' && i+1 < s.limit && src[i+1] == '\n' {
					i += 2
				} else if c2 >= utf8.RuneSelf {
					// Let the next iteration look at the character itself.
				} else {
					if c2 == 0 {
						s.syntaxError(i, i+1, "source code cannot contain null bytes")
					}
					i++
				}
			}
			continue
		case (c == '\n' || c == '\r') && !triple:
			s.syntaxError(start, start+1, "unterminated string literal (detected at line %d)", s.lineOf(i))
			t.Bad = true
			goto done
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(src[i:s.limit])
			if r == utf8.RuneError && size <= 1 {
				s.syntaxError(i, i+1, "invalid UTF-8 in source")
			}
			i += size
			continue
		case c == 0:
			s.syntaxError(i, i+1, "source code cannot contain null bytes")
		}
		i++
	}
done:
	s.st.off = i
	t.End = source.Pos(i)
}

// number scans an int or float literal and validates it the way CPython's
// tokenizer does.
func (s *Scanner) number(t *Token, start int) {
	src := s.src
	n := s.limit
	i := start
	t.Kind, t.Pos = INT, source.Pos(start)
	bad := ""
	what := "decimal"
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	// digits scans a run of digits with single underscores between them;
	// it returns false on a misplaced underscore.
	digits := func(valid func(byte) bool) bool {
		for i < n {
			c := src[i]
			if valid(c) {
				i++
				continue
			}
			if c == '_' {
				if i+1 < n && valid(src[i+1]) {
					i += 2
					continue
				}
				i++
				return false
			}
			break
		}
		return true
	}
	if src[i] == '0' && i+1 < n && (src[i+1]|0x20 == 'x' || src[i+1]|0x20 == 'o' || src[i+1]|0x20 == 'b') {
		var valid func(byte) bool
		switch src[i+1] | 0x20 {
		case 'x':
			what = "hexadecimal"
			valid = func(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
		case 'o':
			what = "octal"
			valid = func(c byte) bool { return c >= '0' && c <= '7' }
		default:
			what = "binary"
			valid = func(c byte) bool { return c == '0' || c == '1' }
		}
		i += 2
		if i < n && src[i] == '_' {
			i++
		}
		d0 := i
		ok := digits(valid)
		switch {
		case !ok:
			bad = "invalid " + what + " literal"
		case i < n && isDigit(src[i]):
			bad = fmt.Sprintf("invalid digit '%c' in %s literal", src[i], what)
			i++
		case i == d0:
			bad = "invalid " + what + " literal"
		}
	} else {
		isFloat := false
		if src[i] != '.' {
			d0 := i
			if !digits(isDigit) {
				bad = "invalid decimal literal"
			}
			if bad == "" && src[d0] == '0' {
				// Only zeros allowed unless it turns out to be a float.
				nonzero := false
				for _, c := range src[d0:i] {
					if c != '0' && c != '_' {
						nonzero = true
						break
					}
				}
				if nonzero && !(i < n && (src[i] == '.' || src[i]|0x20 == 'e' || src[i]|0x20 == 'j')) {
					bad = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
				}
			}
		}
		if bad == "" && i < n && src[i] == '.' {
			isFloat = true
			i++
			if i < n && isDigit(src[i]) {
				if !digits(isDigit) {
					bad = "invalid decimal literal"
				}
			}
		}
		if bad == "" && i < n && src[i]|0x20 == 'e' {
			e := i
			i++
			if i < n && (src[i] == '+' || src[i] == '-') {
				i++
			}
			if i < n && isDigit(src[i]) {
				isFloat = true
				if !digits(isDigit) {
					bad = "invalid decimal literal"
				}
			} else if i == e+1 && hasKeywordPrefix(src[e:n]) {
				i = e // "1else": the number ends before the keyword
			} else {
				bad = "invalid decimal literal"
			}
		}
		if isFloat {
			t.Kind = FLOAT
		}
		if bad == "" && i < n && src[i]|0x20 == 'j' {
			i++
			s.st.off = i
			s.errorf(start, i, CodeUnsupported, nameUnsupported, "complex numbers are not supported in Weft")
			t.Bad = true
			bad = "-"
		}
	}
	// The literal must not run into an identifier ("1abc").
	if i < n && isIdentByte(src[i]) && !(bad == "" && hasKeywordPrefix(src[i:n])) {
		if src[i] >= utf8.RuneSelf {
			r, _ := utf8.DecodeRune(src[i:n])
			if !isIDContinue(r) {
				goto end
			}
		}
		if bad == "" {
			bad = "invalid " + what + " literal"
		}
		for i < n && isIdentByte(src[i]) {
			i++
		}
	}
end:
	if bad != "" && bad != "-" {
		s.syntaxError(start, i, "%s", bad)
		t.Bad = true
	}
	s.st.off = i
	t.End = source.Pos(i)
}

func hasKeywordPrefix(b []byte) bool {
	for _, kw := range [...]string{"and", "else", "for", "if", "in", "is", "not", "or"} {
		if len(b) >= len(kw) && string(b[:len(kw)]) == kw {
			return true
		}
	}
	return false
}

// operator scans an operator or delimiter. It returns false when the
// character was skipped (after reporting a bracket error that produced no
// token).
func (s *Scanner) operator(t *Token, start int) bool {
	src := s.src
	st := &s.st
	c := src[start]
	var c1, c2 byte
	if start+1 < s.limit {
		c1 = src[start+1]
	}
	if start+2 < s.limit {
		c2 = src[start+2]
	}
	k, n := ILLEGAL, 1
	switch c {
	case '(', '[', '{':
		k = LPAREN
		if c == '[' {
			k = LBRACK
		} else if c == '{' {
			k = LBRACE
		}
		if len(st.parens) >= maxParens && !s.fstr {
			s.syntaxError(start, start+1, "too many nested parentheses")
			s.fatal(start)
			return false
		}
		st.parens = append(st.parens, paren{c, source.Pos(start)})
	case ')', ']', '}':
		k = RPAREN
		if c == ']' {
			k = RBRACK
		} else if c == '}' {
			k = RBRACE
		}
		if len(st.parens) == 0 {
			if !s.fstr {
				s.syntaxError(start, start+1, "unmatched '%c'", c)
			}
		} else {
			open := st.parens[len(st.parens)-1]
			st.parens = st.parens[:len(st.parens)-1]
			if closerOf(open.ch) != c {
				if l := s.lineOf(int(open.pos)); l != s.lineOf(start) {
					s.syntaxError(start, start+1, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c, open.ch, l)
				} else {
					s.syntaxError(start, start+1, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open.ch)
				}
			}
		}
	case ':':
		k = COLON
		if c1 == '=' {
			k, n = WALRUS, 2
		}
	case ',':
		k = COMMA
	case ';':
		k = SEMI
	case '.':
		k = DOT
		if c1 == '.' && c2 == '.' {
			k, n = ELLIPSIS, 3
		}
	case '+':
		k = PLUS
		if c1 == '=' {
			k, n = PLUSEQ, 2
		}
	case '-':
		k = MINUS
		if c1 == '=' {
			k, n = MINUSEQ, 2
		} else if c1 == '>' {
			k, n = ARROW, 2
		}
	case '*':
		k = STAR
		if c1 == '*' {
			k, n = DSTAR, 2
			if c2 == '=' {
				k, n = DSTAREQ, 3
			}
		} else if c1 == '=' {
			k, n = STAREQ, 2
		}
	case '/':
		k = SLASH
		if c1 == '/' {
			k, n = DSLASH, 2
			if c2 == '=' {
				k, n = DSLASHEQ, 3
			}
		} else if c1 == '=' {
			k, n = SLASHEQ, 2
		}
	case '%':
		k = PERCENT
		if c1 == '=' {
			k, n = PERCENTEQ, 2
		}
	case '@':
		k = AT
		if c1 == '=' {
			k, n = ATEQ, 2
		}
	case '<':
		k = LT
		if c1 == '<' {
			k, n = LSHIFT, 2
			if c2 == '=' {
				k, n = LSHIFTEQ, 3
			}
		} else if c1 == '=' {
			k, n = LE, 2
		}
	case '>':
		k = GT
		if c1 == '>' {
			k, n = RSHIFT, 2
			if c2 == '=' {
				k, n = RSHIFTEQ, 3
			}
		} else if c1 == '=' {
			k, n = GE, 2
		}
	case '=':
		k = ASSIGN
		if c1 == '=' {
			k, n = EQ, 2
		}
	case '!':
		k = EXCLAIM
		if c1 == '=' {
			k, n = NE, 2
		}
	case '&':
		k = AMP
		if c1 == '=' {
			k, n = AMPEQ, 2
		}
	case '|':
		k = PIPE
		if c1 == '=' {
			k, n = PIPEEQ, 2
		}
	case '^':
		k = CARET
		if c1 == '=' {
			k, n = CARETEQ, 2
		}
	case '~':
		k = TILDE
	}
	st.off = start + n
	t.Kind, t.Pos, t.End = k, source.Pos(start), source.Pos(start+n)
	return true
}

func closerOf(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}
