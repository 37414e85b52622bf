// Package bytecode defines Weft's instruction set and code objects.
//
// Design: a stack machine close to CPython 3.11's, chosen so that the
// compiler can compute the exact operand-stack need of every code object.
// Every opcode has a stack picture in its comment ("before OP after", top of
// stack rightmost) and a stack effect per outgoing edge (fall-through and
// jump); StackEffect returns both. Exception handling uses an exception
// table (ExceptEntry), not a run-time block stack: an instruction inside a
// protected range that raises truncates the stack to the entry's Depth,
// pushes the exception and jumps to the handler, so the handler edge's
// depth is Depth+1. The compiler emits the pseudo-ops SETUP_HANDLER and
// POP_HANDLER while building its control-flow graph and replaces them by
// table entries when it linearises; they never reach the VM.
//
// Constants are Go values (see Const) so that this package does not depend
// on the VM; the VM converts them once per code object.
package bytecode

// Opcode is one instruction kind.
type Opcode uint8

// Instr is one instruction: an opcode and its argument.
type Instr struct {
	Op  Opcode
	Arg int32
}

const (
	NOP Opcode = iota

	// Stack manipulation.
	POP_TOP // x POP_TOP
	COPY    // ... x_n ... x_1 COPY(n) ... x_n ... x_1 x_n  (n >= 1)
	SWAP    // x_n ... x_1 SWAP(n) x_1 ... x_n  (n >= 2)

	// Loads and stores. Arg indexes Consts, Locals, Cells++Frees or Names.
	LOAD_CONST      // LOAD_CONST(i) c
	LOAD_FAST       // LOAD_FAST(i) v           (UnboundLocalError if unset)
	STORE_FAST      // v STORE_FAST(i)
	DELETE_FAST     // DELETE_FAST(i)
	LOAD_DEREF      // LOAD_DEREF(i) v          (cell contents)
	STORE_DEREF     // v STORE_DEREF(i)
	DELETE_DEREF    // DELETE_DEREF(i)
	LOAD_CLASSDEREF // LOAD_CLASSDEREF(i) v     (class namespace by the name of cell i, then cell i)
	LOAD_CLOSURE    // LOAD_CLOSURE(i) cell     (the cell object itself)
	LOAD_GLOBAL     // LOAD_GLOBAL(i) v         (globals, then builtins)
	STORE_GLOBAL    // v STORE_GLOBAL(i)
	DELETE_GLOBAL   // DELETE_GLOBAL(i)
	LOAD_NAME       // LOAD_NAME(i) v           (namespace, globals, builtins)
	STORE_NAME      // v STORE_NAME(i)
	DELETE_NAME     // DELETE_NAME(i)

	// Attributes and subscripts.
	LOAD_ATTR     // obj LOAD_ATTR(i) v
	STORE_ATTR    // v obj STORE_ATTR(i)
	DELETE_ATTR   // obj DELETE_ATTR(i)
	LOAD_METHOD   // obj LOAD_METHOD(i) f self  (self is the null marker when f is already bound)
	BINARY_SUBSCR // x k BINARY_SUBSCR v
	STORE_SUBSCR  // v x k STORE_SUBSCR
	DELETE_SUBSCR // x k DELETE_SUBSCR

	// Operators. BINARY_OP's Arg is a BinaryOp (in-place forms included).
	BINARY_OP       // x y BINARY_OP(op) z
	UNARY_NEGATIVE  // x UNARY_NEGATIVE y
	UNARY_POSITIVE  // x UNARY_POSITIVE y
	UNARY_INVERT    // x UNARY_INVERT y
	UNARY_NOT       // x UNARY_NOT b
	COMPARE_OP      // x y COMPARE_OP(cmp) b   (Arg is a CompareOp)
	IS_OP           // x y IS_OP(invert) b
	CONTAINS_OP     // x container CONTAINS_OP(invert) b
	CHECK_EXC_MATCH // exc type CHECK_EXC_MATCH exc b
	FORMAT_VALUE    // value [spec] FORMAT_VALUE(flags) s   (flags: FormatConv* | FormatHasSpec)
	BUILD_STRING    // s_1 ... s_n BUILD_STRING(n) s

	// Containers.
	BUILD_TUPLE     // x_1 ... x_n BUILD_TUPLE(n) t
	BUILD_LIST      // x_1 ... x_n BUILD_LIST(n) l
	BUILD_SET       // x_1 ... x_n BUILD_SET(n) s
	BUILD_MAP       // k_1 v_1 ... k_n v_n BUILD_MAP(n) d
	BUILD_SLICE     // lo hi BUILD_SLICE(2) s  |  lo hi step BUILD_SLICE(3) s
	LIST_APPEND     // l ... x_(n-1) v LIST_APPEND(n) l ... x_(n-1)  (list n-th from top after pop)
	SET_ADD         // s ... v SET_ADD(n) s ...
	MAP_ADD         // d ... k v MAP_ADD(n) d ...
	LIST_EXTEND     // l ... it LIST_EXTEND(n) l ...
	SET_UPDATE      // s ... it SET_UPDATE(n) s ...
	DICT_UPDATE     // d ... m DICT_UPDATE(n) d ...   (display {**m})
	DICT_MERGE      // d ... m DICT_MERGE(n) d ...    (call f(**m): duplicate keys are a TypeError)
	LIST_TO_TUPLE   // l LIST_TO_TUPLE t
	UNPACK_SEQUENCE // seq UNPACK_SEQUENCE(n) x_n ... x_1
	UNPACK_EX       // seq UNPACK_EX(before | after<<8) x_last ... rest ... x_1

	// Control flow. Jump Args are instruction indices.
	JUMP                 // JUMP(t)
	POP_JUMP_IF_FALSE    // x POP_JUMP_IF_FALSE(t)
	POP_JUMP_IF_TRUE     // x POP_JUMP_IF_TRUE(t)
	JUMP_IF_FALSE_OR_POP // x JUMP_IF_FALSE_OR_POP(t)   jump: x   fall: (popped)
	JUMP_IF_TRUE_OR_POP  // x JUMP_IF_TRUE_OR_POP(t)    jump: x   fall: (popped)
	GET_ITER             // x GET_ITER it
	FOR_ITER             // it FOR_ITER(t) it v    jump (exhausted): (it popped)

	// Calls and functions.
	CALL                // f a_1 ... a_n CALL(n) r
	CALL_METHOD         // f self a_1 ... a_n CALL_METHOD(n) r   (after LOAD_METHOD)
	CALL_KW             // f a_1 ... a_n names CALL_KW(n) r      (names: const tuple of the last len(names) args' keywords)
	CALL_EX             // f args [kwargs] CALL_EX(hasKw) r      (args a tuple, kwargs a dict)
	MAKE_FUNCTION       // [defaults] [kwdefaults] [closure] code MAKE_FUNCTION(flags) fn
	LOAD_BUILD_CLASS    // LOAD_BUILD_CLASS bc   (then: bc body name bases... CALL/CALL_KW)
	RETURN_VALUE        // v RETURN_VALUE
	YIELD_VALUE         // v YIELD_VALUE sent
	GET_YIELD_FROM_ITER // x GET_YIELD_FROM_ITER it
	YIELD_FROM          // it v YIELD_FROM r   (delegates until the sub-iterator returns r; it popped)

	// Imports.
	IMPORT_NAME // IMPORT_NAME(i) module
	IMPORT_FROM // module IMPORT_FROM(i) module v

	// Exceptions and with.
	RAISE_VARARGS     // [exc [cause]] RAISE_VARARGS(n)   (n=0 re-raises the handled exception)
	RERAISE           // exc RERAISE
	PUSH_EXC_INFO     // exc PUSH_EXC_INFO prev exc   (exc becomes the handled exception)
	POP_EXCEPT        // prev POP_EXCEPT                (restores the handled exception)
	BEFORE_WITH       // mgr BEFORE_WITH exit self v   (exit self: mgr.__exit__ as LOAD_METHOD leaves it; v = mgr.__enter__())
	WITH_EXCEPT_START // exit self prev exc WITH_EXCEPT_START exit self prev exc r  (r = exit(type(exc), exc, tb))
	SETUP_ANNOTATIONS // SETUP_ANNOTATIONS (no-op kept for clarity; annotations are not evaluated)
	// POP_ITER drops a for-loop's iterator when break or return leaves the
	// loop; with Arg 1 (the loop's iterable was a call, so the loop held
	// the only reference) a generator is closed there, as CPython's
	// reference counting would finalize it at once.
	POP_ITER // it POP_ITER(closeGen)

	// Pseudo-ops: only inside the compiler, never in a finished Code.
	SETUP_HANDLER // SETUP_HANDLER(t)   handler edge: depth+1 at t
	POP_HANDLER   // POP_HANDLER

	NumOpcodes
)

// BinaryOp is BINARY_OP's argument.
type BinaryOp int32

const (
	OpAdd BinaryOp = iota
	OpSub
	OpMul
	OpTrueDiv
	OpFloorDiv
	OpMod
	OpPow
	OpLShift
	OpRShift
	OpOr
	OpXor
	OpAnd
	numBinary
	// In-place forms: OpInplace + op.
	OpInplace BinaryOp = 16
)

var binaryNames = [...]string{"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "|", "^", "&"}

func (b BinaryOp) String() string {
	if b >= OpInplace && b-OpInplace < numBinary {
		return binaryNames[b-OpInplace] + "="
	}
	if b >= 0 && b < numBinary {
		return binaryNames[b]
	}
	return "?"
}

// CompareOp is COMPARE_OP's argument.
type CompareOp int32

const (
	CmpLt CompareOp = iota
	CmpLe
	CmpEq
	CmpNe
	CmpGt
	CmpGe
)

var compareNames = [...]string{"<", "<=", "==", "!=", ">", ">="}

func (c CompareOp) String() string {
	if c >= 0 && int(c) < len(compareNames) {
		return compareNames[c]
	}
	return "?"
}

// FORMAT_VALUE flags.
const (
	FormatConvNone  = 0
	FormatConvStr   = 1
	FormatConvRepr  = 2
	FormatConvASCII = 3
	FormatConvMask  = 3
	FormatHasSpec   = 4
)

// MAKE_FUNCTION flags say which optional operands are on the stack.
const (
	MakeDefaults   = 1
	MakeKwDefaults = 2
	MakeClosure    = 8
)
