package compiler

import (
	"fmt"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// instr is one instruction of the control-flow graph.
type instr struct {
	op     bytecode.Opcode
	arg    int32
	target *block // jumps and SETUP_HANDLER
	span   source.Span

	// Filled by the analysis.
	depth   int      // stack depth before the instruction
	handler *handler // innermost active handler (real instructions)
}

// block is a basic block. Control enters at the top; it leaves through a
// jump, a terminator or by falling through to next.
type block struct {
	instrs []instr
	next   *block // fall-through successor, nil after a terminator

	placed bool // in the layout

	// Analysis state.
	seen  bool
	depth int
	hs    *handler
	start int // index of the block's first instruction in the linear code
}

// handler is one entry of the stack of active exception handlers (a
// persistent linked list: SETUP_HANDLER pushes, POP_HANDLER pops).
type handler struct {
	target *block
	depth  int // stack depth at SETUP_HANDLER
	up     *handler
}

func sameHandlers(a, b *handler) bool {
	for a != nil && b != nil {
		if a.target != b.target || a.depth != b.depth {
			return false
		}
		a, b = a.up, b.up
	}
	return a == nil && b == nil
}

func (b *block) last() *instr {
	if len(b.instrs) == 0 {
		return nil
	}
	return &b.instrs[len(b.instrs)-1]
}

// terminated reports whether control cannot fall through the end of b.
func (b *block) terminated() bool {
	l := b.last()
	return l != nil && l.op.IsTerminator()
}

// newBlock allocates a block that is not placed yet.
func (u *unit) newBlock() *block { return &block{} }

// use places b after the current block in the layout and makes it current.
// The current block falls through to b unless it ends in a terminator.
func (u *unit) use(b *block) {
	if b.placed {
		u.c.internalError(u.span, "block placed twice in %s", u.code.QualName)
		b = u.newBlock()
	}
	b.placed = true
	if u.cur != nil && !u.cur.terminated() {
		u.cur.next = b
	}
	u.layout = append(u.layout, b)
	u.cur = b
}

// emit appends an instruction to the current block. After a jump or a
// terminator a fresh block is started, so every block ends at its first
// control transfer.
func (u *unit) emit(op bytecode.Opcode, arg int32) {
	u.emitTo(op, arg, nil)
}

func (u *unit) emitJump(op bytecode.Opcode, target *block) {
	u.emitTo(op, 0, target)
}

func (u *unit) emitTo(op bytecode.Opcode, arg int32, target *block) {
	u.cur.instrs = append(u.cur.instrs, instr{op: op, arg: arg, target: target, span: u.span})
	if op.IsTerminator() || (op.IsJump() && op != bytecode.SETUP_HANDLER) {
		u.use(u.newBlock())
	}
}

// analysisError is a failed stack check, reported once the final offsets
// are known.
type analysisError struct {
	b   *block
	i   int // instruction index in b (len(b.instrs) for "end of block")
	msg string
}

// assemble runs the stack analysis over the unit's graph, drops unreachable
// blocks and fills the instructions, depths, positions and exception table
// of u.code. Failures become E901 diagnostics.
func (u *unit) assemble() {
	var errs []analysisError
	fail := func(b *block, i int, format string, args ...any) {
		errs = append(errs, analysisError{b, i, fmt.Sprintf(format, args...)})
	}
	maxDepth := 0
	note := func(d int) {
		if d > maxDepth {
			maxDepth = d
		}
	}
	var work []*block
	// reach records the entry state of b, or checks it against the state
	// already recorded.
	reach := func(from *block, i int, b *block, d int, hs *handler, what string) {
		if b == nil {
			fail(from, i, "%s to a missing block", what)
			return
		}
		if !b.seen {
			b.seen, b.depth, b.hs = true, d, hs
			note(d)
			work = append(work, b)
			return
		}
		if b.depth != d {
			fail(from, i, "stack depth mismatch at join (%s): %d vs %d", what, d, b.depth)
		} else if !sameHandlers(b.hs, hs) {
			fail(from, i, "exception handler mismatch at join (%s)", what)
		}
	}
	if len(u.layout) == 0 {
		u.use(u.newBlock())
	}
	entry := u.layout[0]
	reach(nil, 0, entry, 0, nil, "entry")
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		d, hs := b.depth, b.hs
		terminated := false
		for i := range b.instrs {
			in := &b.instrs[i]
			in.depth = d
			switch in.op {
			case bytecode.SETUP_HANDLER:
				hs = &handler{target: in.target, depth: d, up: hs}
				continue
			case bytecode.POP_HANDLER:
				if hs == nil {
					fail(b, i, "POP_HANDLER without an active handler")
				} else {
					hs = hs.up
				}
				continue
			}
			in.handler = hs
			if need := stackInputs(in.op, in.arg); d < need {
				fail(b, i, "stack underflow: %s needs %d operands, depth is %d", in.op, need, d)
			}
			if hs != nil {
				if d < hs.depth {
					fail(b, i, "depth %d below the handler's depth %d", d, hs.depth)
				}
				reach(b, i, hs.target, hs.depth+1, hs.up, "handler")
			}
			fall, jump, ok := bytecode.StackEffect(in.op, in.arg)
			if !ok {
				fail(b, i, "unknown opcode %d", in.op)
			}
			if in.op.IsJump() {
				note(d + jump)
				reach(b, i, in.target, d+jump, hs, "jump")
			}
			if in.op.IsTerminator() {
				terminated = true
				break
			}
			d += fall
			if d < 0 { // already reported as an underflow above
				d = 0
			}
			note(d)
		}
		if !terminated {
			if b.next == nil {
				fail(b, len(b.instrs), "control falls off the end of the code")
			} else {
				reach(b, len(b.instrs), b.next, d, hs, "fall-through")
			}
		}
	}

	// Linearise the reachable blocks in layout order.
	code := u.code
	var reachable []*block
	n := 0
	for _, b := range u.layout {
		if !b.seen {
			continue
		}
		reachable = append(reachable, b)
		b.start = n
		for i := range b.instrs {
			if !isPseudo(b.instrs[i].op) {
				n++
			}
		}
	}
	code.Instrs = make([]bytecode.Instr, 0, n)
	code.Depths = make([]int32, 0, n)
	code.Positions = make([]bytecode.Span32, 0, n)
	code.Lines = make([]int32, 0, n)
	code.ExceptTable = nil
	var cur *bytecode.ExceptEntry
	for _, b := range reachable {
		for i := range b.instrs {
			in := &b.instrs[i]
			if isPseudo(in.op) {
				continue
			}
			pc := len(code.Instrs)
			arg := in.arg
			if in.op.IsJump() {
				if in.target != nil {
					arg = int32(in.target.start)
				}
			}
			code.Instrs = append(code.Instrs, bytecode.Instr{Op: in.op, Arg: arg})
			code.Depths = append(code.Depths, int32(in.depth))
			code.Positions = append(code.Positions, bytecode.Span32{Start: int32(in.span.Start), End: int32(in.span.End)})
			code.Lines = append(code.Lines, int32(u.line(in.span.Start)))
			// Exception table: extend the current range or open a new one.
			h := in.handler
			if cur != nil && (h == nil || int(cur.Handler) != h.target.start || int(cur.Depth) != h.depth || int(cur.End) != pc) {
				code.ExceptTable = append(code.ExceptTable, *cur)
				cur = nil
			}
			if h != nil {
				if cur == nil {
					cur = &bytecode.ExceptEntry{Start: int32(pc), Handler: int32(h.target.start), Depth: int32(h.depth)}
				}
				cur.End = int32(pc + 1)
			}
		}
	}
	if cur != nil {
		code.ExceptTable = append(code.ExceptTable, *cur)
	}
	code.MaxStack = maxDepth

	for _, e := range errs {
		off := -1
		var sp source.Span
		if e.b != nil {
			off = e.b.start
			for i := 0; i < e.i && i < len(e.b.instrs); i++ {
				if !isPseudo(e.b.instrs[i].op) {
					off++
				}
			}
			if e.i < len(e.b.instrs) {
				sp = e.b.instrs[e.i].span
			} else if l := e.b.last(); l != nil {
				sp = l.span
			}
		}
		u.c.internalError(sp, "stack analysis of %s failed at offset %d: %s", code.QualName, off, e.msg)
	}
}

func isPseudo(op bytecode.Opcode) bool {
	return op == bytecode.SETUP_HANDLER || op == bytecode.POP_HANDLER
}
