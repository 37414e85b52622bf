package syntax

import (
	"math/big"

	"github.com/weft-lang/weft/compiler/source"
)

// Node is any AST node. Every node knows its exact source span.
type Node interface {
	Span() source.Span
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// Base carries a node's span; every node embeds it.
type Base struct {
	Sp source.Span
}

// Span returns the node's half-open byte range.
func (b *Base) Span() source.Span { return b.Sp }

// Ident is an identifier occurrence that is not itself an expression: a
// def/class name, an attribute name, a parameter, a keyword argument name.
type Ident struct {
	Base
	Name string
}

// Op is an operator of a binary, unary, boolean or comparison expression.
type Op uint8

const (
	BadOp Op = iota
	// Binary (also augmented assignment).
	Add
	Sub
	Mult
	MatMult // parsed so it can be reported as unsupported
	Div
	FloorDiv
	Mod
	Pow
	LShift
	RShift
	BitOr
	BitXor
	BitAnd
	// Unary.
	UAdd
	USub
	Invert
	Not
	// Boolean.
	And
	Or
	// Comparison.
	Eq
	NotEq
	Lt
	LtE
	Gt
	GtE
	Is
	IsNot
	In
	NotIn
)

var opStrings = [...]string{
	BadOp: "?", Add: "+", Sub: "-", Mult: "*", MatMult: "@", Div: "/",
	FloorDiv: "//", Mod: "%", Pow: "**", LShift: "<<", RShift: ">>",
	BitOr: "|", BitXor: "^", BitAnd: "&", UAdd: "+", USub: "-", Invert: "~",
	Not: "not", And: "and", Or: "or", Eq: "==", NotEq: "!=", Lt: "<",
	LtE: "<=", Gt: ">", GtE: ">=", Is: "is", IsNot: "is not", In: "in",
	NotIn: "not in",
}

func (o Op) String() string {
	if int(o) < len(opStrings) {
		return opStrings[o]
	}
	return "?"
}

// ExprContext says whether a Name, Attribute, Subscript, Tuple, List or
// Starred is read, assigned or deleted.
type ExprContext uint8

const (
	Load ExprContext = iota
	Store
	Del
)

// ---------------------------------------------------------------------------
// Expressions

// Name is a variable reference. Ref is filled in by the resolver.
type Name struct {
	Base
	Id  string
	Ctx ExprContext
	Ref Ref
}

// ConstKind distinguishes the keyword constants.
type ConstKind uint8

const (
	ConstNone ConstKind = iota
	ConstTrue
	ConstFalse
	ConstEllipsis
)

// Constant is None, True, False or "...".
type Constant struct {
	Base
	Kind ConstKind
}

// Int is an integer literal; Small holds it when it fits in int64 (IsBig
// false), otherwise Big does.
type Int struct {
	Base
	Small int64
	Big   *big.Int
	IsBig bool
}

// Float is a float literal.
type Float struct {
	Base
	Value float64
}

// Str is a string literal (adjacent literals already concatenated when no
// part is an f-string).
type Str struct {
	Base
	Value string
}

// JoinedStr is an f-string (possibly concatenated with plain literals):
// Parts are *Str and *FormattedValue in order.
type JoinedStr struct {
	Base
	Parts []Expr
}

// FormattedValue is one "{expr!c:spec}" field of an f-string. Conversion is
// 0, 'r', 's' or 'a'; Spec is nil or the (possibly nested) format spec.
type FormattedValue struct {
	Base
	Value      Expr
	Conversion rune
	Spec       *JoinedStr
	// DebugText is set for "{x=}": the literal text "x=" to print first.
	DebugText string
}

// BinOp is "X Op Y".
type BinOp struct {
	Base
	X  Expr
	Op Op
	Y  Expr
}

// UnaryOp is "Op X".
type UnaryOp struct {
	Base
	Op Op
	X  Expr
}

// BoolOp is "a and b and c" or "a or b" (Values has at least two entries).
type BoolOp struct {
	Base
	Op     Op
	Values []Expr
}

// Compare is "Left Ops[0] Comparators[0] Ops[1] Comparators[1] ...".
type Compare struct {
	Base
	Left        Expr
	Ops         []Op
	Comparators []Expr
}

// Keyword is "name=value" in a call, or "**value" when Arg is nil.
type Keyword struct {
	Base
	Arg   *Ident
	Value Expr
}

// Call is "Func(Args..., Keywords...)". Args may contain *Starred.
type Call struct {
	Base
	Func     Expr
	Args     []Expr
	Keywords []*Keyword
}

// Attribute is "X.Attr".
type Attribute struct {
	Base
	X    Expr
	Attr *Ident
	Ctx  ExprContext
}

// Subscript is "X[Index]"; Index may be a *Slice or a *Tuple of them.
type Subscript struct {
	Base
	X     Expr
	Index Expr
	Ctx   ExprContext
}

// Slice is "Lo:Hi:Step" inside a subscript; any part may be nil.
type Slice struct {
	Base
	Lo, Hi, Step Expr
}

// Starred is "*X" in a call, display or assignment target.
type Starred struct {
	Base
	X   Expr
	Ctx ExprContext
}

// Tuple is "a, b" or "(a, b)".
type Tuple struct {
	Base
	Elts []Expr
	Ctx  ExprContext
}

// List is "[a, b]".
type List struct {
	Base
	Elts []Expr
	Ctx  ExprContext
}

// Set is "{a, b}".
type Set struct {
	Base
	Elts []Expr
}

// Dict is "{k: v, **m}"; a nil key marks "**Values[i]".
type Dict struct {
	Base
	Keys   []Expr
	Values []Expr
}

// Comprehension is one "for Target in Iter if Ifs..." clause.
type Comprehension struct {
	Base
	Target Expr
	Iter   Expr
	Ifs    []Expr
}

// ListComp is "[Elt for ...]".
type ListComp struct {
	Base
	Elt        Expr
	Generators []*Comprehension
	Scope      *Scope
}

// SetComp is "{Elt for ...}".
type SetComp struct {
	Base
	Elt        Expr
	Generators []*Comprehension
	Scope      *Scope
}

// DictComp is "{Key: Value for ...}".
type DictComp struct {
	Base
	Key, Value Expr
	Generators []*Comprehension
	Scope      *Scope
}

// GeneratorExp is "(Elt for ...)".
type GeneratorExp struct {
	Base
	Elt        Expr
	Generators []*Comprehension
	Scope      *Scope
}

// Lambda is "lambda Args: Body".
type Lambda struct {
	Base
	Args  *Arguments
	Body  Expr
	Scope *Scope
}

// IfExp is "Body if Test else OrElse".
type IfExp struct {
	Base
	Test, Body, OrElse Expr
}

// NamedExpr is "Target := Value".
type NamedExpr struct {
	Base
	Target *Name
	Value  Expr
}

// Yield is "yield Value" (Value may be nil).
type Yield struct {
	Base
	Value Expr
}

// YieldFrom is "yield from Value".
type YieldFrom struct {
	Base
	Value Expr
}

// BadExpr stands where an expression could not be parsed.
type BadExpr struct {
	Base
}

func (*Name) exprNode()           {}
func (*Constant) exprNode()       {}
func (*Int) exprNode()            {}
func (*Float) exprNode()          {}
func (*Str) exprNode()            {}
func (*JoinedStr) exprNode()      {}
func (*FormattedValue) exprNode() {}
func (*BinOp) exprNode()          {}
func (*UnaryOp) exprNode()        {}
func (*BoolOp) exprNode()         {}
func (*Compare) exprNode()        {}
func (*Call) exprNode()           {}
func (*Attribute) exprNode()      {}
func (*Subscript) exprNode()      {}
func (*Slice) exprNode()          {}
func (*Starred) exprNode()        {}
func (*Tuple) exprNode()          {}
func (*List) exprNode()           {}
func (*Set) exprNode()            {}
func (*Dict) exprNode()           {}
func (*ListComp) exprNode()       {}
func (*SetComp) exprNode()        {}
func (*DictComp) exprNode()       {}
func (*GeneratorExp) exprNode()   {}
func (*Lambda) exprNode()         {}
func (*IfExp) exprNode()          {}
func (*NamedExpr) exprNode()      {}
func (*Yield) exprNode()          {}
func (*YieldFrom) exprNode()      {}
func (*BadExpr) exprNode()        {}

// ---------------------------------------------------------------------------
// Function parameters

// Arg is one parameter: its name and optional annotation.
type Arg struct {
	Base
	Name       *Ident
	Annotation Expr
}

// Arguments is a parameter list:
// "PosOnly..., /, Args..., *Vararg, KwOnly..., **Kwarg".
// Defaults align with the tail of PosOnly+Args; KwDefaults has one entry
// (possibly nil) per KwOnly parameter.
type Arguments struct {
	Base
	PosOnly    []*Arg
	Args       []*Arg
	Vararg     *Arg
	KwOnly     []*Arg
	KwDefaults []Expr
	Kwarg      *Arg
	Defaults   []Expr
}

// ---------------------------------------------------------------------------
// Statements

// ExprStmt is an expression used as a statement.
type ExprStmt struct {
	Base
	X Expr
}

// Assign is "Targets[0] = Targets[1] = ... = Value".
type Assign struct {
	Base
	Targets []Expr
	Value   Expr
}

// AugAssign is "Target Op= Value".
type AugAssign struct {
	Base
	Target Expr
	Op     Op
	Value  Expr
}

// AnnAssign is "Target: Annotation = Value" (Value may be nil). Simple is
// true when Target is a plain name not in parentheses.
type AnnAssign struct {
	Base
	Target     Expr
	Annotation Expr
	Value      Expr
	Simple     bool
}

// Delete is "del Targets...".
type Delete struct {
	Base
	Targets []Expr
}

// Pass is "pass".
type Pass struct{ Base }

// Break is "break".
type Break struct{ Base }

// Continue is "continue".
type Continue struct{ Base }

// Return is "return Value" (Value may be nil).
type Return struct {
	Base
	Value Expr
}

// Raise is "raise Exc from Cause"; both may be nil.
type Raise struct {
	Base
	Exc, Cause Expr
}

// Global is "global Names...".
type Global struct {
	Base
	Names []*Ident
}

// Nonlocal is "nonlocal Names...".
type Nonlocal struct {
	Base
	Names []*Ident
}

// Assert is "assert Test, Msg" (Msg may be nil).
type Assert struct {
	Base
	Test, Msg Expr
}

// Alias is "Name as AsName" in an import; Name may be dotted.
type Alias struct {
	Base
	Name   *Ident
	AsName *Ident
}

// Import is "import a, b as c".
type Import struct {
	Base
	Names []*Alias
}

// ImportFrom is "from Module import Names..." (Level counts leading dots).
type ImportFrom struct {
	Base
	Module *Ident
	Names  []*Alias
	Level  int
}

// If is "if Test: Body else: OrElse" (elif is a nested If in OrElse).
type If struct {
	Base
	Test   Expr
	Body   []Stmt
	OrElse []Stmt
}

// While is "while Test: Body else: OrElse".
type While struct {
	Base
	Test   Expr
	Body   []Stmt
	OrElse []Stmt
}

// For is "for Target in Iter: Body else: OrElse".
type For struct {
	Base
	Target Expr
	Iter   Expr
	Body   []Stmt
	OrElse []Stmt
}

// ExceptHandler is "except Type as Name: Body" (Type and Name may be nil).
type ExceptHandler struct {
	Base
	Type Expr
	Name *Ident
	Body []Stmt
	// NameRef is where the resolver bound Name.
	NameRef Ref
}

// Try is "try: Body except...: else: OrElse finally: FinalBody".
type Try struct {
	Base
	Body      []Stmt
	Handlers  []*ExceptHandler
	OrElse    []Stmt
	FinalBody []Stmt
}

// WithItem is "Context as Vars" (Vars may be nil).
type WithItem struct {
	Base
	Context Expr
	Vars    Expr
}

// With is "with Items...: Body".
type With struct {
	Base
	Items []*WithItem
	Body  []Stmt
}

// FunctionDef is "@Decorators def Name(Args) -> Returns: Body".
type FunctionDef struct {
	Base
	Name       *Ident
	Args       *Arguments
	Body       []Stmt
	Decorators []Expr
	Returns    Expr
	Scope      *Scope
	// NameRef is where the resolver bound Name in the enclosing scope.
	NameRef Ref
}

// ClassDef is "@Decorators class Name(Bases, Keywords): Body".
type ClassDef struct {
	Base
	Name       *Ident
	Bases      []Expr
	Keywords   []*Keyword
	Body       []Stmt
	Decorators []Expr
	Scope      *Scope
	NameRef    Ref
}

// BadStmt stands where a statement could not be parsed.
type BadStmt struct{ Base }

func (*ExprStmt) stmtNode()    {}
func (*Assign) stmtNode()      {}
func (*AugAssign) stmtNode()   {}
func (*AnnAssign) stmtNode()   {}
func (*Delete) stmtNode()      {}
func (*Pass) stmtNode()        {}
func (*Break) stmtNode()       {}
func (*Continue) stmtNode()    {}
func (*Return) stmtNode()      {}
func (*Raise) stmtNode()       {}
func (*Global) stmtNode()      {}
func (*Nonlocal) stmtNode()    {}
func (*Assert) stmtNode()      {}
func (*Import) stmtNode()      {}
func (*ImportFrom) stmtNode()  {}
func (*If) stmtNode()          {}
func (*While) stmtNode()       {}
func (*For) stmtNode()         {}
func (*Try) stmtNode()         {}
func (*With) stmtNode()        {}
func (*FunctionDef) stmtNode() {}
func (*ClassDef) stmtNode()    {}
func (*BadStmt) stmtNode()     {}

// Comment is a "#" comment; Text includes the "#".
type Comment struct {
	Base
	Text string
}

// Module is a whole file.
type Module struct {
	Base
	File     *source.File
	Body     []Stmt
	Comments []*Comment
	Scope    *Scope
}
