package bytecode

import "fmt"

var opNames = [...]string{
	NOP: "NOP", POP_TOP: "POP_TOP", COPY: "COPY", SWAP: "SWAP",
	LOAD_CONST: "LOAD_CONST", LOAD_FAST: "LOAD_FAST", STORE_FAST: "STORE_FAST",
	DELETE_FAST: "DELETE_FAST", LOAD_DEREF: "LOAD_DEREF", STORE_DEREF: "STORE_DEREF",
	DELETE_DEREF: "DELETE_DEREF", LOAD_CLASSDEREF: "LOAD_CLASSDEREF",
	LOAD_CLOSURE: "LOAD_CLOSURE", LOAD_GLOBAL: "LOAD_GLOBAL", STORE_GLOBAL: "STORE_GLOBAL",
	DELETE_GLOBAL: "DELETE_GLOBAL", LOAD_NAME: "LOAD_NAME", STORE_NAME: "STORE_NAME",
	DELETE_NAME: "DELETE_NAME", LOAD_ATTR: "LOAD_ATTR", STORE_ATTR: "STORE_ATTR",
	DELETE_ATTR: "DELETE_ATTR", LOAD_METHOD: "LOAD_METHOD", BINARY_SUBSCR: "BINARY_SUBSCR",
	STORE_SUBSCR: "STORE_SUBSCR", DELETE_SUBSCR: "DELETE_SUBSCR", BINARY_OP: "BINARY_OP",
	UNARY_NEGATIVE: "UNARY_NEGATIVE", UNARY_POSITIVE: "UNARY_POSITIVE",
	UNARY_INVERT: "UNARY_INVERT", UNARY_NOT: "UNARY_NOT", COMPARE_OP: "COMPARE_OP",
	IS_OP: "IS_OP", CONTAINS_OP: "CONTAINS_OP", CHECK_EXC_MATCH: "CHECK_EXC_MATCH",
	FORMAT_VALUE: "FORMAT_VALUE", BUILD_STRING: "BUILD_STRING", BUILD_TUPLE: "BUILD_TUPLE",
	BUILD_LIST: "BUILD_LIST", BUILD_SET: "BUILD_SET", BUILD_MAP: "BUILD_MAP",
	BUILD_SLICE: "BUILD_SLICE", LIST_APPEND: "LIST_APPEND", SET_ADD: "SET_ADD",
	MAP_ADD: "MAP_ADD", LIST_EXTEND: "LIST_EXTEND", SET_UPDATE: "SET_UPDATE",
	DICT_UPDATE: "DICT_UPDATE", DICT_MERGE: "DICT_MERGE", LIST_TO_TUPLE: "LIST_TO_TUPLE",
	UNPACK_SEQUENCE: "UNPACK_SEQUENCE", UNPACK_EX: "UNPACK_EX", JUMP: "JUMP",
	POP_JUMP_IF_FALSE: "POP_JUMP_IF_FALSE", POP_JUMP_IF_TRUE: "POP_JUMP_IF_TRUE",
	JUMP_IF_FALSE_OR_POP: "JUMP_IF_FALSE_OR_POP", JUMP_IF_TRUE_OR_POP: "JUMP_IF_TRUE_OR_POP",
	GET_ITER: "GET_ITER", FOR_ITER: "FOR_ITER", CALL: "CALL", CALL_METHOD: "CALL_METHOD",
	CALL_KW: "CALL_KW", CALL_EX: "CALL_EX", MAKE_FUNCTION: "MAKE_FUNCTION",
	LOAD_BUILD_CLASS: "LOAD_BUILD_CLASS", RETURN_VALUE: "RETURN_VALUE",
	YIELD_VALUE: "YIELD_VALUE", GET_YIELD_FROM_ITER: "GET_YIELD_FROM_ITER",
	YIELD_FROM: "YIELD_FROM", IMPORT_NAME: "IMPORT_NAME", IMPORT_FROM: "IMPORT_FROM",
	RAISE_VARARGS: "RAISE_VARARGS", RERAISE: "RERAISE", PUSH_EXC_INFO: "PUSH_EXC_INFO",
	POP_EXCEPT: "POP_EXCEPT", BEFORE_WITH: "BEFORE_WITH",
	WITH_EXCEPT_START: "WITH_EXCEPT_START", SETUP_ANNOTATIONS: "SETUP_ANNOTATIONS", POP_ITER: "POP_ITER",
	SETUP_HANDLER: "SETUP_HANDLER", POP_HANDLER: "POP_HANDLER",
}

func (op Opcode) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return fmt.Sprintf("OP_%d", op)
}

// IsJump reports whether op's argument is an instruction index.
func (op Opcode) IsJump() bool {
	switch op {
	case JUMP, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP,
		JUMP_IF_TRUE_OR_POP, FOR_ITER, SETUP_HANDLER:
		return true
	}
	return false
}

// IsTerminator reports whether control never falls through op.
func (op Opcode) IsTerminator() bool {
	switch op {
	case JUMP, RETURN_VALUE, RAISE_VARARGS, RERAISE:
		return true
	}
	return false
}

// StackEffect returns the net change in stack depth when op with argument
// arg executes: fall is the effect on the fall-through edge, jump the
// effect on the jump edge (for jumps; for SETUP_HANDLER the handler edge,
// which also gets the pushed exception). ok is false for an unknown opcode.
func StackEffect(op Opcode, arg int32) (fall, jump int, ok bool) {
	n := int(arg)
	switch op {
	case NOP, SWAP, SETUP_ANNOTATIONS, POP_HANDLER:
		return 0, 0, true
	case SETUP_HANDLER:
		// Entering the protected range changes nothing; the handler edge
		// starts with the exception pushed on the entry depth.
		return 0, 1, true
	case POP_TOP, POP_ITER, STORE_FAST, STORE_DEREF, STORE_GLOBAL, STORE_NAME,
		DELETE_ATTR, POP_EXCEPT, RERAISE:
		return -1, 0, true
	case COPY, LOAD_CONST, LOAD_FAST, LOAD_DEREF, LOAD_CLASSDEREF,
		LOAD_CLOSURE, LOAD_GLOBAL, LOAD_NAME, LOAD_BUILD_CLASS, IMPORT_NAME,
		IMPORT_FROM:
		return 1, 0, true
	case DELETE_FAST, DELETE_DEREF, DELETE_GLOBAL, DELETE_NAME:
		return 0, 0, true
	case LOAD_ATTR, UNARY_NEGATIVE, UNARY_POSITIVE, UNARY_INVERT, UNARY_NOT,
		GET_ITER, LIST_TO_TUPLE, GET_YIELD_FROM_ITER, YIELD_VALUE:
		return 0, 0, true
	case STORE_ATTR:
		return -2, 0, true
	case LOAD_METHOD:
		return 1, 0, true
	case BINARY_SUBSCR, BINARY_OP, COMPARE_OP, IS_OP, CONTAINS_OP,
		DELETE_SUBSCR:
		if op == DELETE_SUBSCR {
			return -2, 0, true
		}
		return -1, 0, true
	case STORE_SUBSCR:
		return -3, 0, true
	case CHECK_EXC_MATCH:
		return 0, 0, true
	case FORMAT_VALUE:
		if arg&FormatHasSpec != 0 {
			return -1, 0, true
		}
		return 0, 0, true
	case BUILD_STRING, BUILD_TUPLE, BUILD_LIST, BUILD_SET:
		return 1 - n, 0, true
	case BUILD_MAP:
		return 1 - 2*n, 0, true
	case BUILD_SLICE:
		return 1 - n, 0, true
	case LIST_APPEND, SET_ADD, LIST_EXTEND, SET_UPDATE, DICT_UPDATE, DICT_MERGE:
		return -1, 0, true
	case MAP_ADD:
		return -2, 0, true
	case UNPACK_SEQUENCE:
		return n - 1, 0, true
	case UNPACK_EX:
		return (n & 0xff) + (n >> 8), 0, true
	case JUMP:
		return 0, 0, true
	case POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE:
		return -1, -1, true
	case JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP:
		return -1, 0, true
	case FOR_ITER:
		return 1, -1, true
	case CALL:
		return -n, 0, true
	case CALL_METHOD:
		return -n - 1, 0, true
	case CALL_KW:
		return -n - 1, 0, true
	case CALL_EX:
		if arg&1 != 0 {
			return -2, 0, true
		}
		return -1, 0, true
	case MAKE_FUNCTION:
		eff := 0
		for _, bit := range []int32{MakeDefaults, MakeKwDefaults, MakeClosure} {
			if arg&bit != 0 {
				eff--
			}
		}
		return eff, 0, true
	case RETURN_VALUE:
		return -1, 0, true
	case YIELD_FROM:
		return -1, 0, true
	case RAISE_VARARGS:
		return -n, 0, true
	case PUSH_EXC_INFO:
		return 1, 0, true
	case BEFORE_WITH:
		return 2, 0, true
	case WITH_EXCEPT_START:
		return 1, 0, true
	}
	return 0, 0, false
}
