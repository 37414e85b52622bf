package compiler

import (
	"fmt"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// instr is one instruction of the control-flow graph.
type instr struct {
	op  bytecode.Opcode
	arg int32
	// depth is the stack depth before the instruction (filled by the
	// analysis).
	depth  int32
	span   source.Span
	target *block // jumps and SETUP_HANDLER

	// Filled by the analysis.
	handler *handler // innermost active handler (real instructions)
}

// block is a basic block. Control enters at the top; it leaves through a
// jump, a terminator or by falling through to next.
type block struct {
	// instrs is the block's part of its unit's instruction buffer (the
	// compiler only ever appends to the current block, so a unit's blocks
	// are consecutive in the buffer, in layout order).
	instrs []instr
	first  int    // index of instrs[0] in the unit's buffer
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
func (u *unit) newBlock() *block { return u.c.blocks.alloc() }

// blockArena hands out the blocks of the units being compiled from
// chunks. Units nest, so the blocks of a finished unit are the last ones
// handed out and go back with release: a compilation reuses a few chunks
// instead of allocating every block.
type blockArena struct {
	chunks [][]block
	n      int // blocks in use
}

const blockChunk = 32

func (a *blockArena) alloc() *block {
	ci := a.n / blockChunk
	if ci == len(a.chunks) {
		a.chunks = append(a.chunks, make([]block, blockChunk))
	}
	b := &a.chunks[ci][a.n%blockChunk]
	a.n++
	return b
}

// release zeroes and takes back the blocks handed out since mark.
func (a *blockArena) release(mark int) {
	for i := mark; i < a.n; i++ {
		a.chunks[i/blockChunk][i%blockChunk] = block{}
	}
	a.n = mark
}

// slab hands out values of one type from chunks (fewer, larger
// allocations for values that live as long as each other).
type slab[T any] struct {
	buf   []T
	chunk int
}

func (s *slab[T]) alloc() *T {
	if len(s.buf) == 0 {
		s.chunk = min(max(2*s.chunk, 4), 64)
		s.buf = make([]T, s.chunk)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// carver cuts exact-size slices out of shared chunks for the slices of
// the code objects.
// Chunks start small and double (up to 4096 values), so that compiling a
// small file allocates little.
type carver[T any] struct {
	buf   []T
	chunk int
}

// make returns a zeroed slice of length n (never nil).
func (c *carver[T]) make(n int) []T {
	if n > len(c.buf) {
		c.chunk = min(max(2*c.chunk, 64), 4096)
		if n > c.chunk/4 {
			return make([]T, n)
		}
		c.buf = make([]T, c.chunk)
	}
	out := c.buf[:n:n]
	c.buf = c.buf[n:]
	return out
}

// copyOf returns a copy of src, nil when src is empty.
func (c *carver[T]) copyOf(src []T) []T {
	if len(src) == 0 {
		return nil
	}
	out := c.make(len(src))
	copy(out, src)
	return out
}

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
	b.first = len(u.buf)
	b.instrs = nil
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
	u.buf = append(u.buf, instr{op: op, arg: arg, target: target, span: u.span})
	n := len(u.buf)
	u.cur.instrs = u.buf[u.cur.first:n:n]
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
			in.depth = int32(d)
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
	code.Instrs = u.c.instrOut.make(n)[:0]
	code.Depths = u.c.int32Out.make(n)[:0]
	code.Positions = u.c.spanOut.make(n)[:0]
	code.Lines = u.c.int32Out.make(n)[:0]
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
			code.Depths = append(code.Depths, in.depth)
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
