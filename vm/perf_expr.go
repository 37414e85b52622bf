package vm

// perf_expr.go: arithmetic expressions of locals and constants, run by
// the hot tier as one instruction.
//
// `1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)` is seventeen instructions.
// Run one at a time, each is a dispatch, and each intermediate result is
// a boxed Value: an int past the small-int table or a float takes a slot
// of a slab, which the collector then has to sweep. When every leaf is an
// int or a float, nothing in such an expression can be observed but its
// result: no operand is a user object whose __add__ could run, and an
// operation that would raise or leave the machine's ints (a division by
// zero, an overflow into a big int, int ** int) is detected before it
// is done. Reading an item of an exact list at an int index in range is
// as pure. quicken (perf_cache.go) finds each maximal run of LOAD_FAST,
// LOAD_CONST (an int or a float), UNARY_NEGATIVE, BINARY_OP and list
// items `x[i]` (x a local, i a local or an int constant) with at least
// two operators or items, that leaves one value, with no jump landing
// inside it, and compiles it to a postfix program (arithExpr) with what
// follows it as its target: a STORE_FAST, a store `x[i] = ...`, or
// nothing (the value is pushed). `x[k] op= ...` (the item, COPY 2; COPY
// 2; BINARY_SUBSCR, the operand's run, the operator, SWAP 3; SWAP 2;
// STORE_SUBSCR) is one run too, with one operator. The run's first
// instruction becomes opExprFast or opExprConst, keeping its argument,
// so that exec and every fused instruction that reads the argument of
// the next one still see a plain LOAD_FAST or LOAD_CONST; the rest of
// the run stays as it was.
//
// The hot tier (hotStepExpr) specialises the program to the kinds of
// number its operands hold when it first runs (typedStep: two stacks,
// no kind tests but a guard on each load, and an operator whose right
// operand is a leaf takes it in its own step), evaluates it on unboxed
// int64s and float64s with exactly the checks and the helpers of the
// one-pair fast paths (intOp, floatArith, the 2**53 bound on an int
// meeting a float), boxes the one result and counts every instruction
// of the run against the budget. When anything does not fit (a leaf
// that is not an int or a float, an unbound local, an item that is not
// an exact list's in range, an operation the fast paths leave to the
// general code, a budget without room for the whole run) it runs the
// first instruction alone, and the instructions after it run as before:
// since evaluating had no effect, the general path then does and raises
// exactly what it always did. A store to an item that is not a list's
// pushes the value instead, for the general path to store. A run that
// keeps failing (str concatenation looks the same to quicken) goes back
// to its old first instruction for good; one whose operands change kind
// is specialised again, a few times.
//
// The evaluator is the hot tier's step function for the runs, not a case
// of hotCallFree: a call of its own there cost every instruction a store
// at the dispatch (bench/README.md, "Tried in stop 27").

import (
	"math"
	"unsafe"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// exprMaxDepth bounds an expression's operand stack (the evaluator's is
// an array of this size); deeper runs are not compiled.
const exprMaxDepth = 8

// exprGiveUp is the number of failed evaluations after which a run goes
// back to its first instruction's old form for good.
const exprGiveUp = 64

// exprRespecialise is the number of times an expression is specialised
// again after a local changed between int and float.
const exprRespecialise = 4

type exprKind uint8

const (
	exprLocal exprKind = iota
	exprInt
	exprFloat
	exprNeg
	exprBinary
	exprItem
)

// exprStep is one step of an expression's postfix program: push a local
// (slot), an int constant (bits) or a float constant (its IEEE bits),
// negate the top, apply op to the top two, or push an item of the list
// in local slot at index (a local) or, where index is -1, at bits.
type exprStep struct {
	kind  exprKind
	op    bc.BinaryOp
	slot  int32
	index int32
	bits  int64
}

// exprTarget is where a run's value goes: pushed, stored to a local,
// or stored to an item of a list (slot, index and bits as an exprItem's).
type exprTarget uint8

const (
	targetPush exprTarget = iota
	targetLocal
	targetItem
)

// arithExpr is one compiled run of instructions (see the file comment).
type arithExpr struct {
	steps []exprStep
	// typed is steps specialised to the kinds of number the locals held
	// when it was made (nil until the first evaluation).
	typed []typedStep
	// n is the number of instructions the run covers, its store
	// included, and pushAt the number before the store: a store to an
	// item that is not a list's in range pushes the value there, for
	// the general path to store.
	n      int32
	pushAt int32
	target exprTarget
	// store is the slot of a targetLocal; item is a targetItem's list
	// and index.
	store int32
	item  exprStep
	// orig is the first instruction's quickened opcode, restored after
	// exprGiveUp failures.
	orig  bc.Opcode
	fails int32
	// respecs counts the specialisations made after the first.
	respecs int32
}

// A typedStep works on two stacks, one of int64s and one of float64s:
// the kind of each operand is known when the step is made, so no step
// tests one, and a local's load checks that it still holds its kind.
// An operator whose right operand is a local or a constant takes it
// from the step itself (slot, or bits where slot is -1): the X forms.
type typedOp uint8

const (
	tLoadInt    typedOp = iota // push local slot, an Int
	tLoadFloat                 // push local slot, a Float
	tConstInt                  // push bits
	tConstFloat                // push bits as a float
	tIntAdd                    // the top two ints
	tIntSub
	tIntMul
	tIntFloorDiv
	tIntMod
	tIntAddX // the top int and the step's operand
	tIntSubX
	tIntMulX
	tIntFloorDivX
	tIntModX
	tFloatAdd
	tFloatSub
	tFloatMul
	tFloatDiv
	tFloatAddX
	tFloatSubX
	tFloatMulX
	tFloatDivX
	tIntDiv // int / int, a float
	tIntNeg
	tFloatNeg
	tIntToFloat // move the top int to the floats (within 2**53)
	tItemInt    // push an item (exprItem's fields), an Int
	tItemFloat  // push an item, a Float
	// tRare is any other operator, which needs a call (intOp,
	// floatArith): run leaves its loop for it (see eval). slot says
	// the operands: rareInts, rareFloats, or rareFloatsReversed (the
	// top is the left operand).
	tRare
)

const (
	rareInts = iota
	rareFloats
	rareFloatsReversed
)

type typedStep struct {
	op    typedOp
	bin   bc.BinaryOp
	slot  int32
	index int32
	bits  int64
}

// isLeaf reports whether p pushes a local or a constant.
func (p typedStep) isLeaf() bool { return p.op <= tConstFloat }

// specialise makes e.typed for the kinds of number the slots hold now,
// or reports false when a local is not an int or a float.
func (e *arithExpr) specialise(s []Value) bool {
	typed := make([]typedStep, 0, len(e.steps)+2)
	var kinds [exprMaxDepth + 1]bool // isFloat, by depth
	n := 0
	for _, p := range e.steps {
		switch p.kind {
		case exprLocal:
			switch s[p.slot].(type) {
			case Int:
				typed = append(typed, typedStep{op: tLoadInt, slot: p.slot})
				kinds[n] = false
			case Float:
				typed = append(typed, typedStep{op: tLoadFloat, slot: p.slot})
				kinds[n] = true
			default:
				return false
			}
			n++
		case exprInt, exprFloat:
			op := tConstInt
			if p.kind == exprFloat {
				op = tConstFloat
			}
			typed = append(typed, typedStep{op: op, slot: -1, bits: p.bits})
			kinds[n] = p.kind == exprFloat
			n++
		case exprNeg:
			op := tIntNeg
			if kinds[n-1] {
				op = tFloatNeg
			}
			typed = append(typed, typedStep{op: op})
		case exprItem:
			item, ok := listItem(s, p.slot, p.index, p.bits)
			if !ok {
				return false
			}
			switch (*item).(type) {
			case Int:
				typed = append(typed, typedStep{op: tItemInt, slot: p.slot, index: p.index, bits: p.bits})
				kinds[n] = false
			case Float:
				typed = append(typed, typedStep{op: tItemFloat, slot: p.slot, index: p.index, bits: p.bits})
				kinds[n] = true
			default:
				return false
			}
			n++
		default:
			n--
			typed = typedBinary(typed, p.op, kinds[n-1], kinds[n])
			kinds[n-1] = kinds[n-1] || kinds[n] || p.op&^bc.OpInplace == bc.OpTrueDiv
		}
	}
	e.typed = typed
	return true
}

var (
	intOpsX   = map[bc.BinaryOp]typedOp{bc.OpAdd: tIntAddX, bc.OpSub: tIntSubX, bc.OpMul: tIntMulX, bc.OpFloorDiv: tIntFloorDivX, bc.OpMod: tIntModX}
	floatOpsX = map[bc.BinaryOp]typedOp{bc.OpAdd: tFloatAddX, bc.OpSub: tFloatSubX, bc.OpMul: tFloatMulX, bc.OpTrueDiv: tFloatDivX}
)

// xForm is the stack form of an X-form operator (they are numbered
// alike, five int and then four float operators after them).
func xForm(op typedOp) typedOp {
	if op >= tFloatAddX {
		return op - (tFloatAddX - tFloatAdd)
	}
	return op - (tIntAddX - tIntAdd)
}

// typedBinary appends the steps of left op right, whose kinds are given
// (true for a float); typed ends with the steps that push them.
func typedBinary(typed []typedStep, op bc.BinaryOp, left, right bool) []typedStep {
	plain := op &^ bc.OpInplace
	// The right operand's leaf, taken into the operator's step where it
	// can be.
	var leaf typedStep
	hasLeaf := typed[len(typed)-1].isLeaf()
	if hasLeaf {
		leaf = typed[len(typed)-1]
		typed = typed[:len(typed)-1]
	}
	push := func(t []typedStep) []typedStep {
		if hasLeaf {
			t = append(t, leaf)
			hasLeaf = false
		}
		return t
	}
	switch {
	case !left && !right:
		if x, ok := intOpsX[plain]; ok {
			if hasLeaf {
				return append(typed, typedStep{op: x, slot: leaf.slot, bits: leaf.bits})
			}
			return append(typed, typedStep{op: xForm(x)})
		}
		typed = push(typed)
		if plain == bc.OpTrueDiv {
			return append(typed, typedStep{op: tIntDiv})
		}
		return append(typed, typedStep{op: tRare, bin: op, slot: rareInts})
	case left && !right:
		// The right int becomes a float: a constant at once, when exact.
		if hasLeaf && leaf.op == tConstInt && leaf.bits > -(1<<53) && leaf.bits < 1<<53 {
			leaf = typedStep{op: tConstFloat, slot: -1, bits: int64(math.Float64bits(float64(leaf.bits)))}
		}
		if !hasLeaf || leaf.op != tConstFloat {
			typed = append(push(typed), typedStep{op: tIntToFloat})
		}
	case !left && right:
		// The left int becomes a float: it lands above the right one
		// unless the right one is a leaf the operator takes.
		typed = append(typed, typedStep{op: tIntToFloat})
		if !hasLeaf {
			switch plain {
			case bc.OpAdd: // IEEE + and * commute
				return append(typed, typedStep{op: tFloatAdd})
			case bc.OpMul:
				return append(typed, typedStep{op: tFloatMul})
			}
			return append(typed, typedStep{op: tRare, bin: op, slot: rareFloatsReversed})
		}
	}
	if x, ok := floatOpsX[plain]; ok {
		if hasLeaf {
			return append(typed, typedStep{op: x, slot: leaf.slot, bits: leaf.bits})
		}
		return append(typed, typedStep{op: xForm(x)})
	}
	return append(push(typed), typedStep{op: tRare, bin: op, slot: rareFloats})
}

// exprState is an evaluation's two stacks (floats hold IEEE bits) and
// their depths.
type exprState struct {
	ints, floats [exprMaxDepth]int64
	ni, nf       int
}

type exprStatus uint8

const (
	exprDone  exprStatus = iota
	exprRare             // at a tRare step
	exprFail             // the general path must run it
	exprGuard            // a local no longer holds its kind of number
)

// eval computes the expression on the frame's slots, boxed in cc's
// slabs, or returns nil where the general path must run it. It
// specialises e first where it is not yet, and again (up to
// exprRespecialise times) where a local changed kind.
func (e *arithExpr) eval(s []Value, cc *codeCache) Value {
	if e.typed == nil && !e.specialise(s) {
		return nil
	}
	var st exprState
	i := 0
	for {
		var status exprStatus
		i, status = e.run(s, &st, i)
		switch status {
		case exprDone:
			if st.nf == 1 {
				return cc.boxFloat(Float(math.Float64frombits(uint64(st.floats[0]))))
			}
			return cc.boxInt(Int(st.ints[0]))
		case exprRare:
			if !st.rare(&e.typed[i]) {
				return nil
			}
			i++
		case exprGuard:
			if e.respecs >= exprRespecialise || !e.specialise(s) {
				return nil
			}
			e.respecs++
			st, i = exprState{}, 0
		default:
			return nil
		}
	}
}

// rare runs a tRare step on st.
func (st *exprState) rare(p *typedStep) bool {
	const m = exprMaxDepth - 1
	if p.slot == rareInts {
		c, ok := intOp(p.bin, Int(st.ints[(st.ni-2)&m]), Int(st.ints[(st.ni-1)&m]))
		st.ints[(st.ni-2)&m] = int64(c)
		st.ni--
		return ok
	}
	a, b := math.Float64frombits(uint64(st.floats[(st.nf-2)&m])), math.Float64frombits(uint64(st.floats[(st.nf-1)&m]))
	if p.slot == rareFloatsReversed {
		a, b = b, a
	}
	c, ok := floatArith(p.bin, a, b)
	st.floats[(st.nf-2)&m] = int64(math.Float64bits(float64(c)))
	st.nf--
	return ok
}

// listItem finds the item of the list in local slot at the index in
// local index, or at bits where index is -1: ok when the local holds a
// list (exactly) and the index is an int in range. (Small enough to
// inline into run, which must make no call.)
func listItem(s []Value, slot, index int32, bits int64) (item *Value, ok bool) {
	l, ok := s[slot].(*List)
	if !ok {
		return nil, false
	}
	i := bits
	if index >= 0 {
		x, isInt := s[index].(Int)
		if !isInt {
			return nil, false
		}
		i = int64(x)
	}
	if uint64(i) >= uint64(len(l.items)) {
		return nil, false
	}
	return &l.items[i], true
}

// intOperand is the right operand of an X-form int step: its constant,
// or its local, which must still be an Int.
func intOperand(p *typedStep, s []Value) (int64, bool) {
	if p.slot < 0 {
		return p.bits, true
	}
	v := (*eface)(unsafe.Pointer(&s[p.slot]))
	if v.typ != intTypeWord {
		return 0, false
	}
	return *(*int64)(v.data), true
}

// floatOperand is intOperand for an X-form float step.
func floatOperand(p *typedStep, s []Value) (float64, bool) {
	if p.slot < 0 {
		return math.Float64frombits(uint64(p.bits)), true
	}
	v := (*eface)(unsafe.Pointer(&s[p.slot]))
	if v.typ != floatTypeWord {
		return 0, false
	}
	return *(*float64)(v.data), true
}

// run runs e.typed from step i until the end or a tRare step, and
// returns where it stopped and why. It makes no call, so that its state
// stays in registers; the depths are masked into the arrays, the
// compiler's stack discipline (and specialise's) keeping them in range.
func (e *arithExpr) run(s []Value, st *exprState, i int) (int, exprStatus) {
	const m = exprMaxDepth - 1
	typed := e.typed
	ints, floats := &st.ints, &st.floats
	ni, nf := st.ni, st.nf
	status := exprDone
	for ; i < len(typed); i++ {
		p := &typed[i]
		var a, b, c int64 // ints, for the int operators
		var fa, fb float64
		switch p.op {
		// The four loads are written out one by one: one case with the
		// kind and the source tested inside cost loop and nbody 6% of
		// their time (best of 5).
		case tLoadInt:
			v := (*eface)(unsafe.Pointer(&s[p.slot]))
			if v.typ != intTypeWord {
				status = exprGuard
				goto out
			}
			ints[ni&m] = *(*int64)(v.data)
			ni++
			continue
		case tLoadFloat:
			v := (*eface)(unsafe.Pointer(&s[p.slot]))
			if v.typ != floatTypeWord {
				status = exprGuard
				goto out
			}
			floats[nf&m] = *(*int64)(v.data)
			nf++
			continue
		case tConstInt:
			ints[ni&m] = p.bits
			ni++
			continue
		case tConstFloat:
			floats[nf&m] = p.bits
			nf++
			continue
		case tIntAdd, tIntSub, tIntMul, tIntFloorDiv, tIntMod:
			ni--
			a, b = ints[(ni-1)&m], ints[ni&m]
		case tIntAddX, tIntSubX, tIntMulX, tIntFloorDivX, tIntModX:
			var ok bool
			if b, ok = intOperand(p, s); !ok {
				status = exprGuard
				goto out
			}
			a = ints[(ni-1)&m]
		case tFloatAdd, tFloatSub, tFloatMul, tFloatDiv:
			nf--
			fa, fb = math.Float64frombits(uint64(floats[(nf-1)&m])), math.Float64frombits(uint64(floats[nf&m]))
			goto float
		case tFloatAddX, tFloatSubX, tFloatMulX, tFloatDivX:
			var ok bool
			if fb, ok = floatOperand(p, s); !ok {
				status = exprGuard
				goto out
			}
			fa = math.Float64frombits(uint64(floats[(nf-1)&m]))
			goto float
		case tIntDiv:
			// Ints within 2**53 are exact floats, whose IEEE quotient is
			// Python's correctly rounded int / int.
			a, b = ints[(ni-2)&m], ints[(ni-1)&m]
			if a <= -(1<<53) || a >= 1<<53 || b <= -(1<<53) || b >= 1<<53 || b == 0 {
				status = exprFail
				goto out
			}
			floats[nf&m] = int64(math.Float64bits(float64(a) / float64(b)))
			ni -= 2
			nf++
			continue
		case tIntNeg:
			a = ints[(ni-1)&m]
			if a == math.MinInt64 {
				status = exprFail
				goto out
			}
			ints[(ni-1)&m] = -a
			continue
		case tFloatNeg:
			floats[(nf-1)&m] ^= math.MinInt64 // the sign bit: -x
			continue
		case tIntToFloat:
			a = ints[(ni-1)&m]
			if a <= -(1<<53) || a >= 1<<53 {
				status = exprFail
				goto out
			}
			floats[nf&m] = int64(math.Float64bits(float64(a)))
			ni--
			nf++
			continue
		case tItemInt:
			item, ok := listItem(s, p.slot, p.index, p.bits)
			if !ok {
				status = exprGuard
				goto out
			}
			v := (*eface)(unsafe.Pointer(item))
			if v.typ != intTypeWord {
				status = exprGuard
				goto out
			}
			ints[ni&m] = *(*int64)(v.data)
			ni++
			continue
		case tItemFloat:
			item, ok := listItem(s, p.slot, p.index, p.bits)
			if !ok {
				status = exprGuard
				goto out
			}
			v := (*eface)(unsafe.Pointer(item))
			if v.typ != floatTypeWord {
				status = exprGuard
				goto out
			}
			floats[nf&m] = *(*int64)(v.data)
			nf++
			continue
		default:
			status = exprRare
			goto out
		}
		// An int operator, a op b, as intOp computes it.
		switch p.op {
		case tIntAdd, tIntAddX:
			if c = a + b; (c > a) != (b > 0) {
				status = exprFail
				goto out
			}
		case tIntSub, tIntSubX:
			if c = a - b; (c < a) != (b > 0) {
				status = exprFail
				goto out
			}
		case tIntMul, tIntMulX:
			if a <= -(1<<31) || a >= 1<<31 || b <= -(1<<31) || b >= 1<<31 {
				status = exprFail
				goto out
			}
			c = a * b
		case tIntFloorDiv, tIntFloorDivX:
			if b <= 0 {
				status = exprFail
				goto out
			}
			if c = a / b; a%b != 0 && a < 0 {
				c--
			}
		default:
			if b <= 0 {
				status = exprFail
				goto out
			}
			if c = a % b; c < 0 {
				c += b
			}
		}
		ints[(ni-1)&m] = c
		continue
	float:
		{
			var fc float64
			switch p.op {
			case tFloatAdd, tFloatAddX:
				fc = fa + fb
			case tFloatSub, tFloatSubX:
				fc = fa - fb
			case tFloatMul, tFloatMulX:
				fc = fa * fb
			default:
				if fb == 0 {
					status = exprFail
					goto out
				}
				fc = fa / fb
			}
			floats[(nf-1)&m] = int64(math.Float64bits(fc))
		}
	}
out:
	st.ni, st.nf = ni, nf
	return i, status
}

// hotStepExpr runs an opExprFast or opExprConst for the hot tier: the
// whole run when it evaluates, else its first instruction alone.
func (vm *VM) hotStepExpr(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	cc, s := f.cc, f.slots
	e := elemRef(cc.exprs, int(*elemRef(cc.exprAt, pc))) // quickenExprs made both
	if tick > int64(e.n) {
		if v := e.eval(s, cc); v != nil {
			switch e.target {
			case targetLocal:
				*elemRef(s, int(e.store)) = v
			case targetItem:
				it := &e.item
				item, ok := listItem(s, it.slot, it.index, it.bits)
				if !ok {
					// Not a list's item: the general path stores it. (An
					// augmented store read this item as its first
					// operand, so it never gets here: its pushAt is -1.)
					s[sp] = v
					return f, pc + int(e.pushAt), sp + 1, tick - int64(e.pushAt), nil, false
				}
				*item = v
			default:
				s[sp] = v
				sp++
			}
			return f, pc + int(e.n), sp, tick - int64(e.n), nil, false
		}
		if e.fails++; e.fails == exprGiveUp {
			cc.instrs[pc].Op = e.orig
		}
	}
	var v Value
	if in.Op == opExprConst {
		v = cc.constAt(in.Arg)
	} else if v = *elemRef(s, int(in.Arg)); v == nil {
		return f, pc, sp, tick, nil, true // exec raises UnboundLocalError
	}
	s[sp] = v
	return f, pc + 1, sp + 1, tick - 1, nil, false
}

// quickenExprs finds the expression runs of code (see the file comment)
// and rewrites their first instructions in ins, the quickened copy.
func quickenExprs(code *bc.Code, ins []bc.Instr, cc *codeCache) {
	var targets []bool
	for pc := 0; pc < len(code.Instrs); pc++ {
		op := code.Instrs[pc].Op
		if op != bc.LOAD_FAST && op != bc.LOAD_CONST {
			continue
		}
		if targets == nil {
			targets = jumpTargets(code)
		}
		e, ok := compileExpr(code, cc, pc, targets)
		if !ok {
			continue
		}
		if cc.exprAt == nil {
			cc.exprAt = make([]int32, len(ins))
		}
		e.orig = ins[pc].Op
		cc.exprAt[pc] = int32(len(cc.exprs))
		cc.exprs = append(cc.exprs, e)
		ins[pc].Op = opExprFast
		if op == bc.LOAD_CONST {
			ins[pc].Op = opExprConst
		}
		// A load fused with this one would run both and carry on past
		// the run's first instruction: it loads alone now.
		if pc > 0 && (ins[pc-1].Op == opLoadFast2 || ins[pc-1].Op == opLoadFastConst) {
			ins[pc-1].Op = bc.LOAD_FAST
		}
		pc += int(e.n) - 1
	}
}

// compileExpr compiles the longest expression run starting at pc, if
// there is one worth it: two operators or list items at least, or one
// operator in `x[k] op= ...`.
func compileExpr(code *bc.Code, cc *codeCache, pc int, targets []bool) (arithExpr, bool) {
	ins := code.Instrs
	var steps []exprStep
	depth, weight, k := 0, 0, pc
	// x[k] op= ...: the item is the first operand, and the run must end
	// with the operator and the store back.
	aug, augOK := augItemAt(code, cc, pc, targets)
	if augOK {
		steps, depth, k = append(steps, aug), 1, pc+5
	}
	end, endSteps := -1, 0 // the run so far that leaves one value
	for ; k < len(ins); k++ {
		if k > pc && targets[k] {
			break
		}
		step, ok := exprStepOf(ins[k], cc)
		if !ok {
			if ins[k].Op != bc.BINARY_SUBSCR || !twoLeaves(steps, depth) {
				break
			}
			// x[i] of two leaves: a list item.
			n := len(steps)
			step = itemStep(steps[n-2], steps[n-1])
			if step.kind != exprItem {
				break
			}
			steps, depth = steps[:n-2], depth-2
		}
		switch step.kind {
		case exprLocal, exprInt, exprFloat:
			depth++
		case exprItem:
			depth++
			weight++
		case exprBinary:
			depth--
			weight++
		}
		if depth < 1 || depth > exprMaxDepth {
			break
		}
		steps = append(steps, step)
		if depth == 1 && (weight >= 2 || augOK && weight >= 1) {
			end, endSteps = k, len(steps)
		}
	}
	if end < 0 {
		return arithExpr{}, false
	}
	e := arithExpr{steps: steps[:endSteps:endSteps], n: int32(end - pc + 1), store: -1}
	e.pushAt = e.n
	if augOK {
		if !instrsAt(ins, targets, end+1, bc.Instr{Op: bc.SWAP, Arg: 3}, bc.Instr{Op: bc.SWAP, Arg: 2}, bc.Instr{Op: bc.STORE_SUBSCR}) {
			return arithExpr{}, false
		}
		e.target, e.item, e.n = targetItem, aug, e.n+3
		e.pushAt = -1 // the item was read: the store cannot fail
		return e, true
	}
	next := end + 1
	if next < len(ins) && !targets[next] && ins[next].Op == bc.STORE_FAST {
		e.target, e.store, e.n = targetLocal, ins[next].Arg, e.n+1
	} else if next+2 < len(ins) && !targets[next] && !targets[next+1] && !targets[next+2] && ins[next+2].Op == bc.STORE_SUBSCR {
		// x[i] = run: LOAD_FAST x; the index's leaf; STORE_SUBSCR.
		x, okX := exprStepOf(ins[next], cc)
		i, okI := exprStepOf(ins[next+1], cc)
		if okX && okI {
			if it := itemStep(x, i); it.kind == exprItem {
				e.target, e.item, e.n = targetItem, it, e.n+3
			}
		}
	}
	return e, true
}

// augItemAt reports whether the instructions at pc begin `x[k] op= ...`
// with x a local and k a local or an int constant: LOAD_FAST x; the
// index's leaf; COPY 2; COPY 2; BINARY_SUBSCR. It returns the item.
func augItemAt(code *bc.Code, cc *codeCache, pc int, targets []bool) (exprStep, bool) {
	ins := code.Instrs
	if pc+4 >= len(ins) || ins[pc].Op != bc.LOAD_FAST || targets[pc+1] ||
		!instrsAt(ins, targets, pc+2, bc.Instr{Op: bc.COPY, Arg: 2}, bc.Instr{Op: bc.COPY, Arg: 2}, bc.Instr{Op: bc.BINARY_SUBSCR}) {
		return exprStep{}, false
	}
	x, _ := exprStepOf(ins[pc], cc)
	i, ok := exprStepOf(ins[pc+1], cc)
	if !ok {
		return exprStep{}, false
	}
	it := itemStep(x, i)
	return it, it.kind == exprItem
}

// instrsAt reports whether ins[at:] begins with want, none of them a
// jump target.
func instrsAt(ins []bc.Instr, targets []bool, at int, want ...bc.Instr) bool {
	if at < 0 || at+len(want) > len(ins) {
		return false
	}
	for j, w := range want {
		if ins[at+j] != w || targets[at+j] {
			return false
		}
	}
	return true
}

// twoLeaves reports whether the top two values of a run are the pushes
// of its last two steps.
func twoLeaves(steps []exprStep, depth int) bool {
	n := len(steps)
	return n >= 2 && depth >= 2 && steps[n-1].isLeaf() && steps[n-2].isLeaf()
}

func (p exprStep) isLeaf() bool {
	return p.kind == exprLocal || p.kind == exprInt || p.kind == exprFloat
}

// itemStep is the step for x[i], with x a local and i a local or an int
// constant; its kind is not exprItem otherwise.
func itemStep(x, i exprStep) exprStep {
	if x.kind != exprLocal {
		return exprStep{}
	}
	switch i.kind {
	case exprLocal:
		return exprStep{kind: exprItem, slot: x.slot, index: i.slot}
	case exprInt:
		return exprStep{kind: exprItem, slot: x.slot, index: -1, bits: i.bits}
	}
	return exprStep{}
}

// exprStepOf is the step instruction in runs as, if it can be one.
func exprStepOf(in bc.Instr, cc *codeCache) (exprStep, bool) {
	switch in.Op {
	case bc.LOAD_FAST:
		return exprStep{kind: exprLocal, slot: in.Arg}, true
	case bc.LOAD_CONST:
		if uint(in.Arg) >= uint(len(cc.consts)) {
			break // a synthetic code's constants come after (trampoline)
		}
		switch c := cc.consts[in.Arg].(type) {
		case Int:
			return exprStep{kind: exprInt, bits: int64(c)}, true
		case Float:
			return exprStep{kind: exprFloat, bits: int64(math.Float64bits(float64(c)))}, true
		}
	case bc.UNARY_NEGATIVE:
		return exprStep{kind: exprNeg}, true
	case bc.BINARY_OP:
		return exprStep{kind: exprBinary, op: bc.BinaryOp(in.Arg)}, true
	}
	return exprStep{}, false
}

// jumpTargets marks the instructions of code that a jump or an
// exception handler lands on.
func jumpTargets(code *bc.Code) []bool {
	t := make([]bool, len(code.Instrs)+1)
	for _, in := range code.Instrs {
		if in.Op.IsJump() && in.Arg >= 0 && int(in.Arg) < len(t) {
			t[in.Arg] = true
		}
	}
	for _, h := range code.ExceptTable {
		if h.Handler >= 0 && int(h.Handler) < len(t) {
			t[h.Handler] = true
		}
	}
	return t
}
