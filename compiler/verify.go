package compiler

import (
	"fmt"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// stackInputs is the number of operands op reads from the stack (the depth
// it needs before it runs). It complements bytecode.StackEffect, which only
// gives the net change, so that underflow is detected exactly.
func stackInputs(op bytecode.Opcode, arg int32) int {
	n := int(arg)
	switch op {
	case bytecode.COPY, bytecode.SWAP:
		return n
	case bytecode.POP_TOP, bytecode.POP_ITER, bytecode.STORE_FAST, bytecode.STORE_DEREF,
		bytecode.STORE_GLOBAL, bytecode.STORE_NAME, bytecode.LOAD_ATTR,
		bytecode.DELETE_ATTR, bytecode.LOAD_METHOD, bytecode.UNARY_NEGATIVE,
		bytecode.UNARY_POSITIVE, bytecode.UNARY_INVERT, bytecode.UNARY_NOT,
		bytecode.LIST_TO_TUPLE, bytecode.UNPACK_SEQUENCE, bytecode.UNPACK_EX,
		bytecode.POP_JUMP_IF_FALSE, bytecode.POP_JUMP_IF_TRUE,
		bytecode.JUMP_IF_FALSE_OR_POP, bytecode.JUMP_IF_TRUE_OR_POP,
		bytecode.GET_ITER, bytecode.FOR_ITER, bytecode.RETURN_VALUE,
		bytecode.YIELD_VALUE, bytecode.GET_YIELD_FROM_ITER,
		bytecode.IMPORT_FROM, bytecode.RERAISE, bytecode.PUSH_EXC_INFO,
		bytecode.POP_EXCEPT, bytecode.BEFORE_WITH:
		return 1
	case bytecode.STORE_ATTR, bytecode.BINARY_SUBSCR, bytecode.DELETE_SUBSCR,
		bytecode.BINARY_OP, bytecode.COMPARE_OP, bytecode.IS_OP,
		bytecode.CONTAINS_OP, bytecode.CHECK_EXC_MATCH, bytecode.YIELD_FROM:
		return 2
	case bytecode.STORE_SUBSCR:
		return 3
	case bytecode.WITH_EXCEPT_START:
		return 4
	case bytecode.FORMAT_VALUE:
		if arg&bytecode.FormatHasSpec != 0 {
			return 2
		}
		return 1
	case bytecode.BUILD_STRING, bytecode.BUILD_TUPLE, bytecode.BUILD_LIST,
		bytecode.BUILD_SET, bytecode.BUILD_SLICE, bytecode.RAISE_VARARGS:
		return n
	case bytecode.BUILD_MAP:
		return 2 * n
	case bytecode.LIST_APPEND, bytecode.SET_ADD, bytecode.LIST_EXTEND,
		bytecode.SET_UPDATE, bytecode.DICT_UPDATE, bytecode.DICT_MERGE:
		return n + 1
	case bytecode.MAP_ADD:
		return n + 2
	case bytecode.CALL:
		return n + 1
	case bytecode.CALL_METHOD, bytecode.CALL_KW:
		return n + 2
	case bytecode.CALL_EX:
		if arg&1 != 0 {
			return 3
		}
		return 2
	case bytecode.MAKE_FUNCTION:
		need := 1
		for _, bit := range []int32{bytecode.MakeDefaults, bytecode.MakeKwDefaults, bytecode.MakeClosure} {
			if arg&bit != 0 {
				need++
			}
		}
		return need
	}
	return 0
}

// argError checks that an instruction's argument is in range for its
// opcode in c, returning a description of the problem or "".
func argError(c *bytecode.Code, in bytecode.Instr) string {
	n := int(in.Arg)
	bad := func(what string, limit int) string {
		if n < 0 || n >= limit {
			return fmt.Sprintf("%s index %d out of range [0,%d)", what, n, limit)
		}
		return ""
	}
	switch in.Op {
	case bytecode.LOAD_CONST:
		return bad("constant", len(c.Consts))
	case bytecode.LOAD_FAST, bytecode.STORE_FAST, bytecode.DELETE_FAST:
		return bad("local", len(c.Locals))
	case bytecode.LOAD_DEREF, bytecode.STORE_DEREF, bytecode.DELETE_DEREF,
		bytecode.LOAD_CLASSDEREF, bytecode.LOAD_CLOSURE:
		return bad("cell", len(c.Cells)+len(c.Frees))
	case bytecode.LOAD_GLOBAL, bytecode.STORE_GLOBAL, bytecode.DELETE_GLOBAL,
		bytecode.LOAD_NAME, bytecode.STORE_NAME, bytecode.DELETE_NAME,
		bytecode.LOAD_ATTR, bytecode.STORE_ATTR, bytecode.DELETE_ATTR,
		bytecode.LOAD_METHOD, bytecode.IMPORT_NAME, bytecode.IMPORT_FROM:
		return bad("name", len(c.Names))
	case bytecode.COPY:
		if n < 1 {
			return "COPY needs n >= 1"
		}
	case bytecode.SWAP:
		if n < 2 {
			return "SWAP needs n >= 2"
		}
	case bytecode.LIST_APPEND, bytecode.SET_ADD, bytecode.MAP_ADD,
		bytecode.LIST_EXTEND, bytecode.SET_UPDATE, bytecode.DICT_UPDATE,
		bytecode.DICT_MERGE:
		if n < 1 {
			return fmt.Sprintf("%s needs n >= 1", in.Op)
		}
	case bytecode.BUILD_SLICE:
		if n != 2 && n != 3 {
			return "BUILD_SLICE needs 2 or 3"
		}
	case bytecode.RAISE_VARARGS:
		if n < 0 || n > 2 {
			return "RAISE_VARARGS needs 0, 1 or 2"
		}
	case bytecode.BUILD_STRING, bytecode.BUILD_TUPLE, bytecode.BUILD_LIST,
		bytecode.BUILD_SET, bytecode.BUILD_MAP, bytecode.UNPACK_SEQUENCE,
		bytecode.CALL, bytecode.CALL_METHOD, bytecode.CALL_KW, bytecode.UNPACK_EX:
		if n < 0 {
			return fmt.Sprintf("%s with negative count", in.Op)
		}
	}
	return ""
}

// Verify checks a finished code object (not its children) independently
// of the compiler's graph: arguments in range, jump and handler targets in
// range, non-overlapping exception-table ranges, and a fresh stack-depth
// analysis over the linear code (fall-through, jump and handler edges)
// that must find consistent depths at every join, no underflow, no covered
// instruction below its handler's depth, no fall off the end, MaxStack
// equal to the maximum depth reached, and Depths equal to the depth before
// each reachable instruction (-1 for unreachable ones).
func Verify(c *bytecode.Code) error {
	if c == nil {
		return fmt.Errorf("nil code")
	}
	name := c.QualName
	errf := func(pc int, format string, args ...any) error {
		return fmt.Errorf("%s: offset %d: %s", name, pc, fmt.Sprintf(format, args...))
	}
	n := len(c.Instrs)
	if n == 0 {
		return fmt.Errorf("%s: no instructions", name)
	}
	if len(c.Depths) != n || len(c.Lines) != n || len(c.Positions) != n {
		return fmt.Errorf("%s: %d instructions but %d depths, %d lines, %d positions",
			name, n, len(c.Depths), len(c.Lines), len(c.Positions))
	}
	for pc, in := range c.Instrs {
		if in.Op >= bytecode.NumOpcodes {
			return errf(pc, "unknown opcode %d", in.Op)
		}
		if isPseudo(in.Op) {
			return errf(pc, "pseudo-op %s in finished code", in.Op)
		}
		if in.Op.IsJump() && (in.Arg < 0 || int(in.Arg) >= n) {
			return errf(pc, "%s target %d out of range", in.Op, in.Arg)
		}
		if msg := argError(c, in); msg != "" {
			return errf(pc, "%s: %s", in.Op, msg)
		}
	}
	cover := make([]int, n)
	for i := range cover {
		cover[i] = -1
	}
	prevEnd := int32(0)
	for i, e := range c.ExceptTable {
		if e.Start < prevEnd || e.Start >= e.End || int(e.End) > n {
			return fmt.Errorf("%s: exception entry %d [%d,%d) is empty, out of order or out of range", name, i, e.Start, e.End)
		}
		if e.Handler < 0 || int(e.Handler) >= n {
			return fmt.Errorf("%s: exception entry %d: handler %d out of range", name, i, e.Handler)
		}
		if e.Depth < 0 {
			return fmt.Errorf("%s: exception entry %d: negative depth", name, i)
		}
		prevEnd = e.End
		for pc := e.Start; pc < e.End; pc++ {
			cover[pc] = i
		}
	}

	depth := make([]int, n)
	for i := range depth {
		depth[i] = -1
	}
	maxDepth := 0
	var work []int
	var err error
	reach := func(from, pc, d int) {
		if err != nil {
			return
		}
		if d > maxDepth {
			maxDepth = d
		}
		if depth[pc] < 0 {
			depth[pc] = d
			work = append(work, pc)
		} else if depth[pc] != d {
			err = errf(from, "edge to %d with depth %d, but %d is reached with depth %d", pc, d, pc, depth[pc])
		}
	}
	reach(0, 0, 0)
	for len(work) > 0 && err == nil {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		in := c.Instrs[pc]
		d := depth[pc]
		if need := stackInputs(in.Op, in.Arg); d < need {
			return errf(pc, "stack underflow: %s needs %d operands at depth %d", in.Op, need, d)
		}
		if i := cover[pc]; i >= 0 {
			e := c.ExceptTable[i]
			if d < int(e.Depth) {
				return errf(pc, "depth %d below handler depth %d", d, e.Depth)
			}
			reach(pc, int(e.Handler), int(e.Depth)+1)
		}
		fall, jump, ok := bytecode.StackEffect(in.Op, in.Arg)
		if !ok {
			return errf(pc, "no stack effect for %s", in.Op)
		}
		if in.Op.IsJump() {
			reach(pc, int(in.Arg), d+jump)
		}
		if !in.Op.IsTerminator() {
			if pc+1 >= n {
				return errf(pc, "control falls off the end")
			}
			reach(pc, pc+1, d+fall)
		}
	}
	if err != nil {
		return err
	}
	if maxDepth != c.MaxStack {
		return fmt.Errorf("%s: MaxStack is %d, recomputed %d", name, c.MaxStack, maxDepth)
	}
	for pc := range depth {
		if int(c.Depths[pc]) != depth[pc] {
			return errf(pc, "Depths says %d, recomputed %d", c.Depths[pc], depth[pc])
		}
	}
	for i, v := range c.CellParams {
		if v < -1 || v >= len(c.Locals) || (v >= 0 && i < len(c.Cells) && c.Locals[v] != c.Cells[i]) {
			return fmt.Errorf("%s: CellParams[%d] = %d is not a parameter slot of that cell", name, i, v)
		}
	}
	return nil
}
