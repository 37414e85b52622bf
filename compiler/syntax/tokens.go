package syntax

import "github.com/weft-lang/weft/compiler/source"

// Kind is the kind of a token.
type Kind uint8

// Token kinds. Operators and keywords have one kind each so that the parser
// can switch on them without looking at the text.
const (
	ILLEGAL Kind = iota // a character that cannot start a token ($, ?, !, `)
	EOF
	NEWLINE
	INDENT
	DEDENT
	NAME
	INT
	FLOAT
	STRING // any string literal, f-strings included; the parser decodes it

	// Operators and delimiters.
	LPAREN    // (
	RPAREN    // )
	LBRACK    // [
	RBRACK    // ]
	LBRACE    // {
	RBRACE    // }
	COLON     // :
	COMMA     // ,
	SEMI      // ;
	DOT       // .
	ELLIPSIS  // ...
	ARROW     // ->
	ASSIGN    // =
	WALRUS    // :=
	PLUS      // +
	MINUS     // -
	STAR      // *
	SLASH     // /
	DSLASH    // //
	PERCENT   // %
	DSTAR     // **
	AT        // @
	LSHIFT    // <<
	RSHIFT    // >>
	AMP       // &
	PIPE      // |
	CARET     // ^
	TILDE     // ~
	LT        // <
	GT        // >
	LE        // <=
	GE        // >=
	EQ        // ==
	NE        // !=
	PLUSEQ    // +=
	MINUSEQ   // -=
	STAREQ    // *=
	SLASHEQ   // /=
	DSLASHEQ  // //=
	PERCENTEQ // %=
	DSTAREQ   // **=
	ATEQ      // @=
	LSHIFTEQ  // <<=
	RSHIFTEQ  // >>=
	AMPEQ     // &=
	PIPEEQ    // |=
	CARETEQ   // ^=
	EXCLAIM   // ! (only meaningful inside f-string fields)
	operatorEnd

	// Keywords.
	FALSE
	NONE
	TRUE
	AND
	AS
	ASSERT
	ASYNC
	AWAIT
	BREAK
	CLASS
	CONTINUE
	DEF
	DEL
	ELIF
	ELSE
	EXCEPT
	FINALLY
	FOR
	FROM
	GLOBAL
	IF
	IMPORT
	IN
	IS
	LAMBDA
	NONLOCAL
	NOT
	OR
	PASS
	RAISE
	RETURN
	TRY
	WHILE
	WITH
	YIELD
	kindEnd
)

var kindStrings = [...]string{
	ILLEGAL: "ILLEGAL", EOF: "EOF", NEWLINE: "NEWLINE", INDENT: "INDENT",
	DEDENT: "DEDENT", NAME: "NAME", INT: "INT", FLOAT: "FLOAT", STRING: "STRING",
	LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]", LBRACE: "{", RBRACE: "}",
	COLON: ":", COMMA: ",", SEMI: ";", DOT: ".", ELLIPSIS: "...", ARROW: "->",
	ASSIGN: "=", WALRUS: ":=", PLUS: "+", MINUS: "-", STAR: "*", SLASH: "/",
	DSLASH: "//", PERCENT: "%", DSTAR: "**", AT: "@", LSHIFT: "<<",
	RSHIFT: ">>", AMP: "&", PIPE: "|", CARET: "^", TILDE: "~", LT: "<", GT: ">",
	LE: "<=", GE: ">=", EQ: "==", NE: "!=", PLUSEQ: "+=", MINUSEQ: "-=",
	STAREQ: "*=", SLASHEQ: "/=", DSLASHEQ: "//=", PERCENTEQ: "%=",
	DSTAREQ: "**=", ATEQ: "@=", LSHIFTEQ: "<<=", RSHIFTEQ: ">>=", AMPEQ: "&=",
	PIPEEQ: "|=", CARETEQ: "^=", EXCLAIM: "!", operatorEnd: "?",
	FALSE: "False", NONE: "None", TRUE: "True", AND: "and", AS: "as",
	ASSERT: "assert", ASYNC: "async", AWAIT: "await", BREAK: "break",
	CLASS: "class", CONTINUE: "continue", DEF: "def", DEL: "del", ELIF: "elif",
	ELSE: "else", EXCEPT: "except", FINALLY: "finally", FOR: "for",
	FROM: "from", GLOBAL: "global", IF: "if", IMPORT: "import", IN: "in",
	IS: "is", LAMBDA: "lambda", NONLOCAL: "nonlocal", NOT: "not", OR: "or",
	PASS: "pass", RAISE: "raise", RETURN: "return", TRY: "try",
	WHILE: "while", WITH: "with", YIELD: "yield", kindEnd: "?",
}

// String returns the token's spelling for operators and keywords and an
// upper-case name for the other kinds.
func (k Kind) String() string {
	if int(k) < len(kindStrings) && kindStrings[k] != "" {
		return kindStrings[k]
	}
	return "?"
}

// IsKeyword reports whether k is a (hard) keyword.
func (k Kind) IsKeyword() bool { return k > operatorEnd && k < kindEnd }

// IsOperator reports whether k is an operator or delimiter.
func (k Kind) IsOperator() bool { return k >= LPAREN && k < operatorEnd }

// Token is one lexical token. Lit is the identifier for NAME tokens and the
// spelling for keywords (interned: equal names share one string) and empty
// otherwise; the text of any token is File.Text[Pos:End].
type Token struct {
	Kind Kind
	// Bad is set on a literal whose malformation the scanner already
	// reported (the parser turns it into a BadExpr without a second message).
	Bad bool
	Pos source.Pos
	End source.Pos
	Lit string
}

// Span returns the token's byte range.
func (t Token) Span() source.Span { return source.Span{Start: t.Pos, End: t.End} }

// keywords maps each keyword spelling to its kind; the scanner seeds its
// identifier intern table with these so that one map lookup classifies and
// interns a word.
var keywords = map[string]Kind{
	"False": FALSE, "None": NONE, "True": TRUE, "and": AND, "as": AS,
	"assert": ASSERT, "async": ASYNC, "await": AWAIT, "break": BREAK,
	"class": CLASS, "continue": CONTINUE, "def": DEF, "del": DEL,
	"elif": ELIF, "else": ELSE, "except": EXCEPT, "finally": FINALLY,
	"for": FOR, "from": FROM, "global": GLOBAL, "if": IF, "import": IMPORT,
	"in": IN, "is": IS, "lambda": LAMBDA, "nonlocal": NONLOCAL, "not": NOT,
	"or": OR, "pass": PASS, "raise": RAISE, "return": RETURN, "try": TRY,
	"while": WHILE, "with": WITH, "yield": YIELD,
}

// Lookup returns the keyword kind of word, or NAME.
func Lookup(word string) Kind {
	if k, ok := keywords[word]; ok {
		return k
	}
	return NAME
}
