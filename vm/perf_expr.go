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
// is done. quicken (perf_cache.go) finds each maximal run of LOAD_FAST,
// LOAD_CONST (an int or a float), UNARY_NEGATIVE and BINARY_OP with at
// least two operators that leaves one value (and the STORE_FAST after
// it, if any), with no jump landing inside it, and compiles it to a
// postfix program (arithExpr). Its first instruction becomes opExprFast
// or opExprConst, keeping its argument, so that exec and every fused
// instruction that reads the argument of the next one still see a plain
// LOAD_FAST or LOAD_CONST; the rest of the run stays as it was.
//
// The hot tier (hotStepExpr) evaluates the program on unboxed int64s
// and float64s, with exactly the checks and the helpers of the one-pair
// fast paths (intOp, floatArith, the 2**53 bound on an int meeting a
// float), boxes the one result and counts every instruction of the run
// against the budget. When anything does not fit (a leaf that is not an
// int or a float, an unbound local, an operation the fast paths leave to
// the general code, a budget without room for the whole run) it runs
// the first instruction alone, and the instructions after it run as
// before: since evaluating had no effect, the general path then does
// and raises exactly what it always did. A run that keeps failing (str
// concatenation looks the same to quicken) goes back to its old first
// instruction for good.

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
)

// exprStep is one step of an expression's postfix program: push a local
// (slot), an int constant (bits) or a float constant (its IEEE bits),
// negate the top, or apply op to the top two.
type exprStep struct {
	kind exprKind
	op   bc.BinaryOp
	slot int32
	bits int64
}

// arithExpr is one compiled run of instructions (see the file comment).
type arithExpr struct {
	steps []exprStep
	// typed is steps specialised to the kinds of number the locals held
	// when it was made (nil until the first evaluation).
	typed []typedStep
	// n is the number of instructions the run covers, its STORE_FAST
	// included; store is that STORE_FAST's slot, or -1 when the result
	// is pushed.
	n     int32
	store int32
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
type typedOp uint8

const (
	tLoadInt    typedOp = iota // push local slot, an Int
	tLoadFloat                 // push local slot, a Float
	tConstInt                  // push bits
	tConstFloat                // push bits as a float
	tIntAdd
	tIntSub
	tIntOp  // op on the top two ints, by intOp
	tIntDiv // int / int, a float
	tIntNeg
	tIntToFloat // move the top int to the floats (within 2**53)
	tFloatAdd
	tFloatSub
	tFloatMul
	tFloatDiv
	tFloatOp    // op on the top two floats, by floatArith
	tFloatOpRev // the same with the top as the left operand
	tFloatNeg
)

type typedStep struct {
	op   typedOp
	bin  bc.BinaryOp
	slot int32
	bits int64
}

// specialise makes e.typed for the kinds of number the slots hold now,
// or reports false when a local is not an int or a float.
func (e *arithExpr) specialise(s []Value) bool {
	typed := make([]typedStep, 0, len(e.steps)+2)
	var kinds [exprMaxDepth]bool // isFloat, by depth
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
			typed = append(typed, typedStep{op: op, bits: p.bits})
			kinds[n] = p.kind == exprFloat
			n++
		case exprNeg:
			op := tIntNeg
			if kinds[n-1] {
				op = tFloatNeg
			}
			typed = append(typed, typedStep{op: op})
		default:
			n--
			typed = typedBinary(typed, p.op, kinds[n-1], kinds[n])
			kinds[n-1] = kinds[n-1] || kinds[n] || p.op&^bc.OpInplace == bc.OpTrueDiv
		}
	}
	e.typed = typed
	return true
}

// typedBinary appends the steps of left op right, whose kinds are given
// (true for a float).
func typedBinary(typed []typedStep, op bc.BinaryOp, left, right bool) []typedStep {
	plain := op &^ bc.OpInplace
	if !left && !right {
		switch plain {
		case bc.OpAdd:
			return append(typed, typedStep{op: tIntAdd})
		case bc.OpSub:
			return append(typed, typedStep{op: tIntSub})
		case bc.OpTrueDiv:
			return append(typed, typedStep{op: tIntDiv})
		}
		return append(typed, typedStep{op: tIntOp, bin: op})
	}
	// An int operand moves to the floats when the operator takes it: the
	// right one lands above the left, in order; the left one lands above
	// the right, and the operator takes them reversed.
	reversed := false
	if !right {
		typed = append(typed, typedStep{op: tIntToFloat})
	} else if !left {
		typed = append(typed, typedStep{op: tIntToFloat})
		reversed = true
	}
	switch {
	case plain == bc.OpAdd:
		return append(typed, typedStep{op: tFloatAdd}) // IEEE + and * commute
	case plain == bc.OpMul:
		return append(typed, typedStep{op: tFloatMul})
	case plain == bc.OpSub && !reversed:
		return append(typed, typedStep{op: tFloatSub})
	case plain == bc.OpTrueDiv && !reversed:
		return append(typed, typedStep{op: tFloatDiv})
	case reversed:
		return append(typed, typedStep{op: tFloatOpRev, bin: op})
	}
	return append(typed, typedStep{op: tFloatOp, bin: op})
}

// eval computes the expression on the frame's slots by e.typed. ok is
// false where the general path must run it, or where a local no longer
// holds the kind of number it was specialised for (guard is then set).
// Every case is inline: a call per step would cost what the steps save.
// The depth tests cannot fail for a program specialise made (the
// compiler's stack discipline); they keep the indexing in range.
func (e *arithExpr) eval(s []Value) (r exprResult, ok, guard bool) {
	var ints, floats [exprMaxDepth]int64 // floats hold IEEE bits
	ni, nf := 0, 0
	for i := range e.typed {
		p := &e.typed[i]
		switch p.op {
		case tLoadInt:
			v := (*eface)(unsafe.Pointer(&s[p.slot]))
			if v.typ != intTypeWord || ni >= exprMaxDepth {
				return r, false, true
			}
			ints[ni] = *(*int64)(v.data)
			ni++
		case tLoadFloat:
			v := (*eface)(unsafe.Pointer(&s[p.slot]))
			if v.typ != floatTypeWord || nf >= exprMaxDepth {
				return r, false, true
			}
			floats[nf] = *(*int64)(v.data)
			nf++
		case tConstInt:
			if ni >= exprMaxDepth {
				return
			}
			ints[ni] = p.bits
			ni++
		case tConstFloat:
			if nf >= exprMaxDepth {
				return
			}
			floats[nf] = p.bits
			nf++
		case tIntAdd:
			if ni < 2 || ni > exprMaxDepth {
				return
			}
			a, b := ints[ni-2], ints[ni-1]
			c := a + b
			if (c > a) != (b > 0) {
				return
			}
			ints[ni-2] = c
			ni--
		case tIntSub:
			if ni < 2 || ni > exprMaxDepth {
				return
			}
			a, b := ints[ni-2], ints[ni-1]
			c := a - b
			if (c < a) != (b > 0) {
				return
			}
			ints[ni-2] = c
			ni--
		case tIntOp:
			if ni < 2 || ni > exprMaxDepth {
				return
			}
			c, done := intOp(p.bin, Int(ints[ni-2]), Int(ints[ni-1]))
			if !done {
				return
			}
			ints[ni-2] = int64(c)
			ni--
		case tIntDiv:
			// Ints within 2**53 are exact floats, whose IEEE quotient is
			// Python's correctly rounded int / int.
			if ni < 2 || ni > exprMaxDepth || nf >= exprMaxDepth {
				return
			}
			a, b := ints[ni-2], ints[ni-1]
			if a <= -(1<<53) || a >= 1<<53 || b <= -(1<<53) || b >= 1<<53 || b == 0 {
				return
			}
			floats[nf] = int64(math.Float64bits(float64(a) / float64(b)))
			ni -= 2
			nf++
		case tIntNeg:
			if ni < 1 || ni > exprMaxDepth || ints[ni-1] == math.MinInt64 {
				return
			}
			ints[ni-1] = -ints[ni-1]
		case tIntToFloat:
			if ni < 1 || ni > exprMaxDepth || nf >= exprMaxDepth {
				return
			}
			a := ints[ni-1]
			if a <= -(1<<53) || a >= 1<<53 {
				return
			}
			floats[nf] = int64(math.Float64bits(float64(a)))
			ni--
			nf++
		case tFloatNeg:
			if nf < 1 || nf > exprMaxDepth {
				return
			}
			floats[nf-1] ^= math.MinInt64 // the sign bit: -x
		default:
			if nf < 2 || nf > exprMaxDepth {
				return
			}
			a, b := math.Float64frombits(uint64(floats[nf-2])), math.Float64frombits(uint64(floats[nf-1]))
			var c float64
			switch p.op {
			case tFloatAdd:
				c = a + b
			case tFloatSub:
				c = a - b
			case tFloatMul:
				c = a * b
			case tFloatDiv:
				if b == 0 {
					return
				}
				c = a / b
			case tFloatOpRev:
				a, b = b, a
				fallthrough
			default:
				x, done := floatArith(p.bin, a, b)
				if !done {
					return
				}
				c = float64(x)
			}
			floats[nf-2] = int64(math.Float64bits(c))
			nf--
		}
	}
	if nf == 1 {
		return exprResult{f: math.Float64frombits(uint64(floats[0])), isFloat: true}, true, false
	}
	return exprResult{i: ints[0]}, true, false
}

// exprResult is an expression's value, unboxed.
type exprResult struct {
	i       int64
	f       float64
	isFloat bool
}

// hotStepExpr runs an opExprFast or opExprConst for the hot tier: the
// whole run when it evaluates, else its first instruction alone.
func (vm *VM) hotStepExpr(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	cc, s := f.cc, f.slots
	e := &cc.exprs[cc.exprAt[pc]]
	if tick > int64(e.n) {
		if r, ok := e.evalSpecialised(s); ok {
			var v Value
			if r.isFloat {
				v = cc.boxFloat(Float(r.f))
			} else {
				v = cc.boxInt(Int(r.i))
			}
			if e.store >= 0 {
				s[e.store] = v
			} else {
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
		v = cc.consts[in.Arg]
	} else if v = s[in.Arg]; v == nil {
		return f, pc, sp, tick, nil, true // exec raises UnboundLocalError
	}
	s[sp] = v
	return f, pc + 1, sp + 1, tick - 1, nil, false
}

// evalSpecialised is eval, specialising e first where it is not yet,
// and again (up to exprRespecialise times) where a local changed kind.
func (e *arithExpr) evalSpecialised(s []Value) (exprResult, bool) {
	if e.typed == nil && !e.specialise(s) {
		return exprResult{}, false
	}
	r, ok, guard := e.eval(s)
	if guard && e.respecs < exprRespecialise && e.specialise(s) {
		e.respecs++
		r, ok, _ = e.eval(s)
	}
	return r, ok
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
// there is one with at least two operators.
func compileExpr(code *bc.Code, cc *codeCache, pc int, targets []bool) (arithExpr, bool) {
	var steps []exprStep
	depth, ops := 0, 0
	end, endSteps := -1, 0 // the run so far that leaves one value
	for k := pc; k < len(code.Instrs); k++ {
		if k > pc && targets[k] {
			break
		}
		in := code.Instrs[k]
		step, ok := exprStepOf(in, cc)
		if !ok {
			break
		}
		switch step.kind {
		case exprLocal, exprInt, exprFloat:
			depth++
		case exprBinary:
			depth--
			ops++
		}
		if depth < 1 || depth > exprMaxDepth {
			break
		}
		steps = append(steps, step)
		if depth == 1 && ops >= 2 {
			end, endSteps = k, len(steps)
		}
	}
	if end < 0 {
		return arithExpr{}, false
	}
	e := arithExpr{steps: steps[:endSteps:endSteps], n: int32(end - pc + 1), store: -1}
	if next := end + 1; next < len(code.Instrs) && !targets[next] && code.Instrs[next].Op == bc.STORE_FAST {
		e.store = code.Instrs[next].Arg
		e.n++
	}
	return e, true
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
