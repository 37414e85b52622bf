package bytecode

import "math/big"

// Const is a constant of a code object: NoneConst, EllipsisConst, bool,
// int64, *big.Int, float64, string, Tuple (nested constants) or *Code.
type Const any

// NoneConst is the constant None.
type NoneConst struct{}

// EllipsisConst is the constant "...".
type EllipsisConst struct{}

// Tuple is a constant tuple (used for keyword-name tuples and folded
// literals).
type Tuple []Const

// BigInt is an alias kept for readers of constants.
type BigInt = big.Int

// Code flags.
const (
	FlagVarArgs       = 1 << iota // has *args
	FlagVarKw                     // has **kwargs
	FlagGenerator                 // body contains yield
	FlagNested                    // defined inside a function
	FlagClassBody                 // a class body (runs with a namespace dict)
	FlagModule                    // a module body
	FlagLambda                    // a lambda
	FlagComprehension             // a comprehension or generator expression body
)

// Span32 is a compact source span (byte offsets).
type Span32 struct {
	Start, End int32
}

// ExceptEntry maps the instructions [Start, End) to Handler: on an
// exception the stack is cut to Depth, the exception pushed, and control
// goes to Handler.
type ExceptEntry struct {
	Start, End, Handler int32
	Depth               int32
}

// Code is a compiled code object.
type Code struct {
	Name      string
	QualName  string
	Filename  string
	FirstLine int
	Doc       string // docstring, "" if none
	HasDoc    bool

	Instrs []Instr
	Consts []Const
	Names  []string // attribute, global and name-lookup names

	// Argument layout: Locals[0:ArgCount] are positional parameters (the
	// first PosOnlyCount positional-only), then KwOnlyCount keyword-only
	// parameters, then *args (FlagVarArgs) and **kwargs (FlagVarKw).
	ArgCount     int
	PosOnlyCount int
	KwOnlyCount  int
	Flags        int

	Locals []string // fast local slots
	Cells  []string // cell variables created by this frame
	Frees  []string // free variables received through the closure
	// CellParams[i] is the local slot of the parameter that cell i is
	// initialised from on entry, or -1.
	CellParams []int

	// MaxStack is the exact operand-stack need; Depths[i] is the stack
	// depth before instruction i (the compiler's analysis), so the VM can
	// check its behaviour against it.
	MaxStack int
	Depths   []int32

	ExceptTable []ExceptEntry
	Positions   []Span32 // source span of each instruction
	Lines       []int32  // 1-based line of each instruction

	Children []*Code

	// VMCache is owned by the VM (converted constants, inline caches); the
	// compiler leaves it nil.
	VMCache any
}

// NumLocals is the number of fast local slots.
func (c *Code) NumLocals() int { return len(c.Locals) }

// Line returns the source line of instruction pc.
func (c *Code) Line(pc int) int {
	if pc >= 0 && pc < len(c.Lines) {
		return int(c.Lines[pc])
	}
	return c.FirstLine
}

// Handler returns the exception-table entry covering pc, or nil.
func (c *Code) Handler(pc int) *ExceptEntry {
	for i := range c.ExceptTable {
		e := &c.ExceptTable[i]
		if int32(pc) >= e.Start && int32(pc) < e.End {
			return e
		}
	}
	return nil
}

// Walk calls fn for c and every nested code object, depth first.
func (c *Code) Walk(fn func(*Code)) {
	fn(c)
	for _, ch := range c.Children {
		ch.Walk(fn)
	}
}
