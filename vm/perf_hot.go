package vm

// perf_hot.go: the hot loop, a second tier of the interpreter for the
// commonest instructions on their fast paths.
//
// Go has no callee-saved registers: after any call every live value is
// reloaded from the stack, and exec, which calls out in most of its
// cases, keeps pc, sp, the slots and the instructions in stack memory,
// loading and storing them at every dispatch. hotLoop is a much smaller
// loop whose common instructions need no call at all — local, constant,
// global and module-level name loads and stores, int and float
// arithmetic, comparisons and jumps, range and list iteration, list
// indexing, instance attribute hits — so its state can stay in
// registers. It also runs instructions whose fast path calls out now and
// then (a new box slab, a frame switch for a call or return of a plain
// function or a property's plain getter, a builtin, a dict probe),
// rather than hand them and the rest of the loop body back to exec.
//
// And where exec's own case is a call into Go code anyway — BINARY_OP on
// strings or instances, comparisons, subscripts, stores and `in` that are
// not its fast ones, builtin types' constructors, FOR_ITER over builtin
// iterators, calls its fast path does not take (keyword arguments,
// defaults, bound methods) — the tier makes that call itself
// (callOutOfHot): leaving at such an instruction sent the rest of the
// loop body to exec, up to the next back-edge. f-strings' FORMAT_VALUE
// and BUILD_STRING and dict comprehensions' MAP_ADD are such calls too.
// The builtins exec implements itself (Builtin.Special: tasklet and
// blocking threading operations, next, generator methods) still hand
// back, as channel methods do at LOAD_METHOD, so that a tasklet switch
// happens in exec; super() is the exception, run here with the frame it
// reads. Module-level code reads and writes its names through
// LOAD_GLOBAL's cache, and a property's plain getter gets a frame here.
// `for a, b in` over enumerate, zip or items() hands the pair to the two
// locals without building its tuple. Unary operators, tuple, list and
// dict displays and f-strings' parts call out too (hotStepCallOut), and a
// with statement on a user context manager gets its __enter__'s frame
// here (hotBeforeWith).
//
// Some fused instructions are the tier's own: exec runs them as their
// first part (perf_cache.go's quickening makes them). A compare of two
// locals, or of a local and a constant, and the jump after it
// (opLoadFast2Cmp, opLoadFastConstCmp); an identity test and its jump
// (opIsJump, opConstIsJump); a compare with a constant and its jump
// (opConstCmpJump); a constant stored at a list index
// (opConstStoreFast2). Others it recognises at run time from the
// instructions that follow: `w op (a op b)` on floats, `if a[i]:`,
// `x[k] op= constant` on ints (eight instructions). Each computes what
// the instructions it covers would, and counts them all.
//
// The tier is a loop and a table. hotCallFree (perf_hot_free.go) runs the
// instructions whose fast path makes no call at all, and makes its calls
// with its whole state passed in and returned, so that its state stays in
// registers. An instruction that calls runs in its hotStepFunc (the
// hotSteps table, this file), or in a narrower helper the loop calls
// directly (hotEnterNew, hotCallBuiltin, hotItem, hotSlice, ...).
//
// exec enters the tier after pushing a call's frame, after a return and at
// loop back-edges (not after tasklet switches, and not again at a back-edge
// whose hot run proved short: see hotMinRun). It leaves, without executing
// it, at the first instruction it does not handle (or whose fast path does
// not apply, or for which the instruction budget has no room), and exec
// carries on from there. The instructions it runs count against the budget
// exactly as in exec (TestConformance and FuzzRun compare the two tiers),
// and it never runs under Options.CheckStack (exec verifies every depth
// there).
//
// hotCallFree must stay under the Go inliner's big-function size (5,000
// nodes): past it, only the tiniest callees are inlined into it (the old
// single loop's 51 inlined calls became 14, and fib ran 8% slower). Slow
// paths are calls anyway and live in functions of their own. Measure
// what a move costs, though: code layout alone moves fib by 2–4%.
//
// The fast paths here repeat exec's. They share small helpers where the
// hot loop can inline them (listIndex, simpleTruth, intInSlab), but exec
// keeps its own copies: it is so large that Go's inliner gives it only
// the tiniest callees, and a call on its fast paths would cost what the
// copies save.

import (
	"math"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// hotMinRun is the number of instructions below which a hot run entered
// at a loop's back-edge marks that edge cold (opJumpCold): exec then stays
// in its own loop there.
const hotMinRun = 8

// hotLoop runs f's instructions from pc while they are ones it handles
// (see the file comment) and returns where it stopped: the frame (calls
// and returns of plain functions switch frames here too), pc and sp. A
// builtin it called may raise: it then returns the exception with pc past
// the call, for exec to unwind as if it had made the call itself.
func (vm *VM) hotLoop(f *Frame, pc, sp int) (*Frame, int, int, error) {
	f, pc, sp, tick, err := vm.hotCallFree(f, pc, sp, vm.tick)
	vm.tick = tick
	return f, pc, sp, err
}

// hotStepFunc runs, for the hot tier, the instruction in at pc, one
// that hotCallFree does not run without a call, and returns the state
// after it: the frame, pc, sp and the ticks left. leave is set when the
// tier stops there: at an instruction it does not handle (not run), or
// with an exception from a call (pc past the instruction).
type hotStepFunc func(vm *VM, f *Frame, in bc.Instr, pc, sp int, tick int64) (_ *Frame, _, _ int, _ int64, err error, leave bool)

// hotSteps holds the hotStepFunc of each instruction the tier runs with
// calls; nil where it leaves the instruction to exec.
var hotSteps [256]hotStepFunc

func init() {
	set := func(step hotStepFunc, ops ...bc.Opcode) {
		for _, op := range ops {
			hotSteps[op] = step
		}
	}
	set((*VM).hotStepAttrAug, opCopyAttrAug)
	set((*VM).hotStepStoreAttr, opStoreAttr)
	set((*VM).hotStepListAppend, bc.LIST_APPEND)
	set((*VM).hotStepCallOut, bc.BUILD_TUPLE, bc.BUILD_LIST, bc.BUILD_MAP, bc.FORMAT_VALUE, bc.BUILD_STRING, bc.UNARY_NEGATIVE, bc.UNARY_POSITIVE, bc.UNARY_INVERT)
	set((*VM).hotStepMapAdd, bc.MAP_ADD)
	set((*VM).hotStepIs, bc.IS_OP)
	set((*VM).hotStepIsJump, opIsJump, opConstIsJump)
	set((*VM).hotStepLoadAttr, opLoadFastAttr, opLoadAttr)
	set((*VM).hotStepLoadMethod, opLoadMethod)
	set((*VM).hotStepGetIter, bc.GET_ITER)
	set((*VM).hotStepPairOp, opLoadFast2Op, opLoadFastConstOp)
	set((*VM).hotStepBinary, bc.BINARY_OP)
	set((*VM).hotStepConstBinop, opConstBinop)
	set((*VM).hotStepCompare, opCompareJump, bc.COMPARE_OP)
	set((*VM).hotStepCall, bc.CALL, bc.CALL_METHOD, bc.CALL_KW, bc.BEFORE_WITH)
	set((*VM).hotStepForIter, opForIterStore, bc.FOR_ITER)
	set((*VM).hotStepExpr, opExprFast, opExprConst)
}

// hotArith finishes an arithmetic step: x op y by arith, stored to slot
// dst (or to the top of the stack when dst < 0) with sp moved to newSp,
// costing cost ticks. A range's iterator (FOR_ITER) advances once its
// next int is boxed.
func (vm *VM) hotArith(f *Frame, in bc.Instr, pc, sp int, tick int64, op bc.BinaryOp, x, y Value, dst, newSp, cost int) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	boxed, ok := f.cc.arith(op, x, y)
	if !ok {
		return f, pc, sp, tick, nil, true
	}
	if in.Op == opForIterStore || in.Op == bc.FOR_ITER {
		it := s[sp-1].(*rangeIter)
		it.cur += it.step
		it.left--
	}
	if dst >= 0 {
		s[dst] = boxed
	} else {
		s[newSp-1] = boxed
	}
	return f, pc + cost, newSp, tick - int64(cost), nil, false
}

func (vm *VM) hotStepAttrAug(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	// o.a op= constant on an int in o's dict, six instructions at once;
	// else the COPY alone.
	s := f.slots
	if tick > 6 && attrAugConst(f, pc, s[sp-1]) {
		s[sp-1] = nil
		return f, pc + 6, sp - 1, tick - 6, nil, false
	}
	s[sp] = s[sp-int(in.Arg)]
	return f, pc + 1, sp + 1, tick - 1, nil, false
}

func (vm *VM) hotStepListAppend(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	// A list comprehension's append (a call only when it grows).
	sp--
	l := s[sp-int(in.Arg)].(*List)
	l.appendValue(s[sp])
	s[sp] = nil
	pc++
	tick--
	return f, pc, sp, tick, nil, false
}

func (vm *VM) hotStepMapAdd(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	// A dict comprehension's insert: a str key inline, others by
	// exec's call.
	sp -= 2
	d := s[sp-int(in.Arg)].(*Dict)
	if storePure(d, s[sp], s[sp+1]) {
		tick--
	} else {
		vm.callOutOfHot(f, pc, sp, tick)
		err := vm.DictSet(d, s[sp], s[sp+1])
		tick = vm.tick
		if err != nil {
			return f, pc + 1, sp, tick, err, true
		}
	}
	s[sp], s[sp+1] = nil, nil
	pc++
	return f, pc, sp, tick, nil, false
}

func (vm *VM) hotStepIs(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	sp--
	s[sp-1] = isOp(s[sp-1], s[sp], in.Arg)
	s[sp] = nil
	pc++
	tick--
	return f, pc, sp, tick, nil, false
}

func (vm *VM) hotStepIsJump(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	// x is y and the jump after it, for identities hotCallFree's sameFree
	// does not know; for opConstIsJump y is the constant LOAD_CONST
	// pushes. k is the stack operands taken.
	s, instrs := f.slots, f.cc.instrs
	isIn, k := in, 2
	var x, y Value
	if in.Op == opConstIsJump {
		x, y = s[sp-1], f.cc.constAt(in.Arg)
		isIn, k = instrs[pc+1], 1
	} else {
		x, y = s[sp-2], s[sp-1]
	}
	same := identical(x, y)
	return f, branch(same != (isIn.Arg != 0), instrs[pc+3-k], pc+4-k), sp - k, tick - int64(4-k), nil, false
}

func (vm *VM) hotStepLoadAttr(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s, instrs := f.slots, f.cc.instrs
	// A module's attribute, or an instance's property with a plain
	// getter.
	var v Value
	if in.Op == opLoadFastAttr {
		v = s[in.Arg]
	} else {
		v = s[sp-1]
	}
	if mod, ok := v.(*Module); ok && in.Op == opLoadAttr {
		// A module attribute (math.pi).
		r := hotModuleAttr(mod, f.cc.attrAt(in.Arg))
		if r == nil {
			return f, pc, sp, tick, nil, true
		}
		s[sp-1] = r
		pc++
		tick--
		return f, pc, sp, tick, nil, false
	}
	o, ok := v.(*Instance)
	if !ok {
		return f, pc, sp, tick, nil, true
	}
	ai := in.Arg
	if in.Op == opLoadFastAttr {
		ai = instrs[pc+1].Arg
	}
	ac := f.cc.attrAt(ai)
	e := ac.find(o.Class)
	if e == nil {
		return f, pc, sp, tick, nil, true
	}
	if e.isProp {
		// A getter of self's attribute, without its frame: the four or
		// five instructions exec would run (with the getter's three), so
		// only when the budget has room for all of them before exec's
		// next check, as for every fused step.
		cost := int64(4)
		if in.Op == opLoadFastAttr {
			cost = 5
		}
		if p, ok := e.attr.(*Property); ok && e.propFrame && tick > cost {
			if v, ok := propertyGet(p, o); ok {
				if in.Op == opLoadFastAttr {
					s[sp] = v
					return f, pc + 2, sp + 1, tick - cost, nil, false
				}
				s[sp-1] = v
				return f, pc + 1, sp, tick - cost, nil, false
			}
		}
		// As exec: a plain getter runs in a frame of its own.
		if !e.propFrame {
			return f, pc, sp, tick, nil, true
		}
		nf := vm.propertyGetFrame(e.attr, o)
		if nf == nil {
			return f, pc, sp, tick, nil, true
		}
		if in.Op == opLoadFastAttr {
			f.pc, f.sp = pc+2, sp
			tick -= 2
		} else {
			f.pc, f.sp = pc+1, sp-1
			tick--
		}
		nf.Back = f
		return nf, nf.pc, nf.sp, tick, nil, false
	}
	// (hotCallFree takes an attribute at its hinted dict entry.)
	return f, pc, sp, tick, nil, true
}

func (vm *VM) hotStepLoadMethod(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	// As exec's loadMethodCached: a Weft method of an instance's
	// class, or a builtin method of a native class or a builtin
	// type, not shadowed by the instance dict: method and self.
	// (Channels stay with exec, which fuses their calls.)
	var m Value
	switch o := s[sp-1].(type) {
	case *Instance:
		e := f.cc.attrAt(in.Arg).find(o.Class)
		if e == nil {
			return f, pc, sp, tick, nil, true
		}
		switch fn := e.attr.(type) {
		case *Function:
			m = fn
		case *Builtin:
			if !fn.Func {
				m = fn
			}
		}
		if m == nil || o.shadows(f.cc.attrAt(in.Arg).name) {
			return f, pc, sp, tick, nil, true
		}
	case *Module:
		// A module's function (math.sqrt): pushed with the null
		// marker, as exec's GetAttr path does.
		if m = hotModuleAttr(o, f.cc.attrAt(in.Arg)); m == nil {
			return f, pc, sp, tick, nil, true
		}
		s[sp] = nullMarker
		s[sp-1] = m
		sp++
		pc++
		tick--
		return f, pc, sp, tick, nil, false
	case *Super:
		// super().m: as exec's loadMethodCached.
		fn, ok := superMethod(o, f.cc.attrAt(in.Arg).name)
		if !ok {
			return f, pc, sp, tick, nil, true
		}
		s[sp-1] = fn
		s[sp] = o.Self
		sp++
		pc++
		tick--
		return f, pc, sp, tick, nil, false
	case *Type:
		// C.f(...): as exec's loadMethodCached.
		e := f.cc.attrAt(in.Arg).find(o)
		if e == nil {
			return f, pc, sp, tick, nil, true
		}
		fn, self, ok := typeMethod(e, o, f.cc.attrAt(in.Arg).name)
		if !ok {
			return f, pc, sp, tick, nil, true
		}
		s[sp-1] = fn
		s[sp] = self
		sp++
		pc++
		tick--
		return f, pc, sp, tick, nil, false
	case *Channel, *Function, *BoundMethod:
		return f, pc, sp, tick, nil, true
	default:
		e := f.cc.attrAt(in.Arg).find(TypeOf(o))
		if e == nil {
			return f, pc, sp, tick, nil, true
		}
		b, ok := e.attr.(*Builtin)
		if !ok {
			return f, pc, sp, tick, nil, true
		}
		m = b
	}
	s[sp] = s[sp-1]
	s[sp-1] = m
	sp++
	pc++
	tick--
	return f, pc, sp, tick, nil, false
}

func (vm *VM) hotStepGetIter(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	var it Value
	switch v := s[sp-1].(type) {
	case *List:
		it = &seqIter{list: v}
	case *Tuple:
		it = &seqIter{tuple: v}
	case *Range:
		it = &rangeIter{cur: v.Start, step: v.Step, left: v.Len()}
	default:
		return f, pc, sp, tick, nil, true
	}
	s[sp-1] = it
	pc++
	tick--
	return f, pc, sp, tick, nil, false
}

func (vm *VM) hotStepPairOp(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	// (hotCallFree fuses w op2 (a op b) on floats; here, with a call to
	// make, the pair's result is pushed or stored.)
	s, instrs := f.slots, f.cc.instrs
	var w Value
	if next := instrs[pc+1]; in.Op == opLoadFast2Op {
		w = s[next.Arg]
	} else {
		w = f.cc.constAt(next.Arg)
	}
	op := bc.BinaryOp(instrs[pc+2].Arg)
	if pc+3 < len(instrs) && instrs[pc+3].Op == bc.STORE_FAST {
		return vm.hotArith(f, in, pc, sp, tick, op, s[in.Arg], w, int(instrs[pc+3].Arg), sp, 4)
	}
	return vm.hotArith(f, in, pc, sp, tick, op, s[in.Arg], w, -1, sp+1, 3)
}

func (vm *VM) hotStepBinary(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	op := bc.BinaryOp(in.Arg)
	if isNumber(s[sp-2]) && isNumber(s[sp-1]) {
		return vm.hotArith(f, in, pc, sp, tick, op, s[sp-2], s[sp-1], -1, sp-1, 1)
	}
	// Strings, lists, instances: exec's general path, a call that runs a
	// user __add__ nested, as for a builtin call.
	vm.callOutOfHot(f, pc, sp, tick)
	v, err := vm.BinaryOp(op, s[sp-2], s[sp-1])
	if err != nil {
		return f, pc + 1, sp, vm.tick, err, true
	}
	s[sp-2], s[sp-1] = v, nil
	return f, pc + 1, sp - 1, vm.tick, nil, false
}

func (vm *VM) hotStepConstBinop(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s, instrs := f.slots, f.cc.instrs
	op := bc.BinaryOp(instrs[pc+1].Arg)
	if pc+2 < len(instrs) && instrs[pc+2].Op == bc.STORE_FAST {
		return vm.hotArith(f, in, pc, sp, tick, op, s[sp-1], f.cc.constAt(in.Arg), int(instrs[pc+2].Arg), sp-1, 3)
	}
	return vm.hotArith(f, in, pc, sp, tick, op, s[sp-1], f.cc.constAt(in.Arg), -1, sp, 2)
}

func (vm *VM) hotStepCompare(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s, instrs := f.slots, f.cc.instrs
	// Strings (UTF-8 byte order is code point order, Python's);
	// mixed numbers, tuples, instances in hotCompare. (hotCallFree
	// compares ints and floats.)
	a, aStr := s[sp-2].(*Str)
	b, bStr := s[sp-1].(*Str)
	if !aStr || !bStr {
		var err error
		pc, sp, err = vm.hotCompare(f, in, pc, sp, tick)
		tick = vm.tick
		if err != nil {
			return f, pc, sp, tick, err, true
		}
		return f, pc, sp, tick, nil, false
	}
	pc, sp, tick = compared(s, instrs, in, pc, sp, tick, cmpOrdered(a.S, b.S, bc.CompareOp(in.Arg)))
	return f, pc, sp, tick, nil, false
}

func (vm *VM) hotStepCall(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	// Keyword arguments, defaults, bound methods, classes whose __init__
	// is not plain, builtins that need exec's checks: exec's general call
	// (see hotGeneralCall); a with statement's __enter__. (hotCallFree
	// has tried hotEnterNew and hotCallBuiltin on what they can run
	// before it comes here.)
	nf, npc, nsp, leave, err := vm.hotGeneralCall(f, in, pc, sp, tick)
	switch {
	case nf == nil:
		return f, pc, sp, tick, nil, true
	case leave:
		return nf, npc, nsp, vm.tick, err, true
	}
	return nf, npc, nsp, vm.tick, nil, false
}

// hotCallBuiltin runs the CALL or CALL_METHOD (in) at pc of a builtin
// function, a builtin method with its object (LOAD_METHOD's pair), or a
// builtin type's constructor (range(n), str(x), list(xs): callType calls
// its New), one that runs to completion with exactly the arguments on the
// stack. It returns the state after the call, or its exception with pc
// past it; ok is false, the state as it was, for any other callee.
func (vm *VM) hotCallBuiltin(f *Frame, in bc.Instr, pc, sp int, tick int64) (_ *Frame, _, _ int, _ int64, err error, ok bool) {
	s := f.slots
	base := sp - int(in.Arg) - 1
	if in.Op == bc.CALL_METHOD {
		base--
	}
	b, isBuiltin := s[base].(*Builtin)
	if isBuiltin && b.Float1 != nil && b.Self == nil {
		// math.sin(x), abs(x): no argument parsing, and the result boxed
		// in the caller's slab.
		arg := base + 1
		if in.Op == bc.CALL_METHOD && isNullMarker(s[arg]) {
			arg++
		}
		if arg == sp-1 && (in.Op == bc.CALL || arg == base+2) {
			if v, ok := callFloat1(f.cc, b, s[arg]); ok {
				clearSlots(s[base:sp])
				s[base] = v
				return f, pc + 1, base + 1, tick - 1, nil, true
			}
		}
	}
	newOf, isType := s[base].(*Type)
	if !isBuiltin && !(isType && newOf.Builtin) {
		return f, pc, sp, tick, nil, false
	}
	args := s[base+1 : sp]
	if isType {
		if in.Op != bc.CALL || newOf.New == nil || newOf == TypeType {
			return f, pc, sp, tick, nil, false
		}
	} else {
		plain := true // exec would call b.Fn with exactly args
		switch {
		case in.Op == bc.CALL:
			// A builtin function (an unbound builtin method needs
			// exec's argument checks).
			plain = b.Func
		case isNullMarker(args[0]):
			// A function LOAD_METHOD found on a module (math.sqrt).
			args = args[1:]
			plain = b.Func
		}
		// super() is Special for the frame it reads, which the tier
		// has at hand.
		special := b.Special != specialNone && b.Special != specialSuper
		if !plain || special || b.Self != nil {
			return f, pc, sp, tick, nil, false
		}
	}
	if !isType && b.Special == specialSuper && in.Op == bc.CALL && len(args) == 0 {
		// super().m(...): the method found as LOAD_METHOD would find it
		// on the super object, which is then never made.
		if fn, self, ok := hotSuperMethod(f, pc); ok {
			s[base], s[base+1] = fn, self
			return f, pc + 2, base + 2, tick - 2, nil, true
		}
	}
	// The builtin may run Weft code or count its own steps (vm.Next): it
	// sees and updates the shared counter.
	vm.callOutOfHot(f, pc, sp, tick)
	var res Value
	switch {
	case isType:
		res, err = newOf.New(vm, newOf, args, nil)
	case b.Special == specialSuper:
		res, err = vm.makeSuper(f, args)
	default:
		res, err = b.Fn(vm, args, nil)
	}
	return vm.builtinCalled(f, base, res, err)
}

// hotSuperMethod is the Weft method and self that zero-argument super()
// at pc and the LOAD_METHOD after it push, when super() would succeed and
// the attribute is a plain function (as superMethod); ok is false for
// anything else, which the general path handles (errors included).
func hotSuperMethod(f *Frame, pc int) (fn *Function, self Value, ok bool) {
	instrs := f.cc.instrs
	if pc+1 >= len(instrs) || instrs[pc+1].Op != opLoadMethod || f.aux == nil {
		return nil, nil, false
	}
	// makeSuper's zero-argument case: the first parameter and the
	// __class__ cell.
	if f.code().ArgCount == 0 {
		return nil, nil, false
	}
	self = superFirstArg(f)
	cls, _ := superClassCell(f)
	if self == nil || cls == nil {
		return nil, nil, false
	}
	if _, isType := self.(*Type); isType {
		return nil, nil, false
	}
	obj := TypeOf(self)
	if !obj.IsSubtype(cls) {
		return nil, nil, false
	}
	fn, ok = superMethod(&Super{Class: cls, Self: self, Obj: obj}, f.cc.attrAt(instrs[pc+1].Arg).name)
	return fn, self, ok
}

// builtinCalled finishes hotCallBuiltin's call, whose callee and
// arguments sit in f's slots from base up to f.sp (callOutOfHot saved the
// position in f: only base lives across the call besides f): the result
// replaces them.
func (vm *VM) builtinCalled(f *Frame, base int, res Value, err error) (_ *Frame, _, _ int, _ int64, _ error, ok bool) {
	s := f.slots
	for i := base + 1; i < f.sp; i++ {
		s[i] = nil // a loop, not clear(): that calls the runtime
	}
	if err != nil {
		s[base] = nil
		return f, f.pc, base, vm.tick, err, true
	}
	s[base] = res
	return f, f.pc, base + 1, vm.tick, nil, true
}

func (vm *VM) hotStepForIter(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	// (hotCallFree runs ranges and sequences, but for a call to box a
	// range's next int.)
	switch it := f.slots[sp-1].(type) {
	case *rangeIter:
		if it.left <= 0 {
			return f, pc, sp, tick, nil, true
		}
		// Boxed as it.cur + 0; the iterator advances once the box
		// succeeded (hotArith).
		if in.Op == opForIterStore {
			return vm.hotArith(f, in, pc, sp, tick, bc.OpAdd, Int(it.cur), Int(0), int(f.cc.instrs[pc+1].Arg), sp, 2)
		}
		return vm.hotArith(f, in, pc, sp, tick, bc.OpAdd, Int(it.cur), Int(0), -1, sp+1, 1)
	case *Channel:
		return f, pc, sp, tick, nil, true // may block: exec switches tasklets
	case Iterator:
		// enumerate, zip, dict views, map, ...: as exec's FOR_ITER, a
		// call (hotIterNext).
		pc, sp, err := vm.hotIterNext(f, it, in, pc, sp, tick)
		return f, pc, sp, vm.tick, err, err != nil
	}
	return f, pc, sp, tick, nil, true
}

// hotPureSubscr runs, for the hot tier, opCopy2Subscr or opSwap2Store
// (in) at pc when the container's item needs no Weft code: pureSlot's and
// storePure's lists and dicts.
// opCopy2Subscr followed by an int op= constant runs the whole statement,
// eight instructions, finding the slot once (counts[w] += 1). It returns
// the next pc, sp and the ticks left, or ok false having changed nothing.
// A call of its own, so that the tier's call-free loop can make it with
// its state passed in and out (perf_hot_free.go).
func hotPureSubscr(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, bool) {
	s, instrs := f.slots, f.cc.instrs
	switch in.Op {
	case opCopy2Subscr:
		p := pureSlot(s[sp-2], s[sp-1])
		if p == nil {
			return f, pc, sp, tick, false
		}
		if tick > 8 && instrs[pc+3].Op == opConstBinop && instrs[pc+5].Op == opSwap2Store {
			a, aInt := (*p).(Int)
			b, bInt := f.cc.constAt(instrs[pc+3].Arg).(Int)
			if aInt && bInt {
				if r, ok := intOp(bc.BinaryOp(instrs[pc+4].Arg), a, b); ok {
					*p = f.cc.boxInt(r)
					return f, pc + 8, sp - 2, tick - 8, true
				}
			}
		}
		s[sp] = *p
		return f, pc + 3, sp + 1, tick - 3, true
	case opSwap2Store:
		if !storePure(s[sp-3], s[sp-2], s[sp-1]) {
			return f, pc, sp, tick, false
		}
		return f, pc + 3, sp - 3, tick - 3, true
	}
	return f, pc, sp, tick, false
}

// hotSlice runs, for the hot tier, BUILD_SLICE n fused with the
// BINARY_SUBSCR or STORE_SUBSCR after it, at pc, on a list with int or None
// bounds (perf_slice.go). It returns the state after them, or ok false
// having changed nothing. A call of its own, as hotPureSubscr.
func (vm *VM) hotSlice(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, bool) {
	s := f.slots
	n := int(in.Arg)
	var st Value
	if n == 3 {
		st = s[sp-1]
	}
	l, ok := s[sp-n-1].(*List)
	if !ok {
		return f, pc, sp, tick, false
	}
	lo, hi := s[sp-n], s[sp-n+1]
	if isSliceSubscr(in.Op) {
		r, ok := vm.sliceOp(in.Op, l, lo, hi, st)
		if !ok {
			return f, pc, sp, tick, false
		}
		sp -= n
		s[sp-1] = r
	} else {
		if !vm.storeSliceOp(in.Op, l, lo, hi, st, s[sp-n-2]) {
			return f, pc, sp, tick, false
		}
		sp -= n + 2
	}
	return f, pc + 2, sp, tick - 2, true
}

// inResult finishes CONTAINS_OP (in) at pc, charged for, with its
// answer found: `if k in d:` takes its jump here too. It returns the next
// pc, sp and the ticks left.
func inResult(f *Frame, in bc.Instr, pc, sp int, tick int64, found bool) (int, int, int64) {
	t := found == (in.Arg == 0)
	if next := f.cc.instrs[pc+1]; (next.Op == bc.POP_JUMP_IF_FALSE || next.Op == bc.POP_JUMP_IF_TRUE) && tick > 1 {
		return branch(t, next, pc+2), sp - 2, tick - 1
	}
	f.slots[sp-2], f.slots[sp-1] = Bool(t), nil
	return pc + 1, sp - 1, tick
}

// hotItem runs BINARY_SUBSCR, STORE_SUBSCR or CONTAINS_OP (in) at pc off
// hotCallFree's list fast paths: a str key found in a dict, or exec's
// general path, which may run Weft code nested (__getitem__, __hash__,
// __eq__). It returns the state after the instruction, or an exception
// with pc past it.
func (vm *VM) hotItem(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error) {
	s := f.slots
	switch in.Op {
	case bc.BINARY_SUBSCR:
		// d[k] for a str or int key found by comparing strs or ints (a
		// memo table's hit, a count's read), without the general lookup:
		// a key not found takes it (KeyError, a subclass's __missing__).
		if d := subscrDict(s[sp-2]); d != nil {
			i := -1
			switch k := s[sp-1].(type) {
			case *Str:
				i = d.findStr(k)
			case Int:
				i, _ = d.findInt(k)
			}
			if i >= 0 {
				s[sp-2], s[sp-1] = d.entries[i].Value, nil
				return f, pc + 1, sp - 1, tick - 1, nil
			}
		}
		if v, ok := packedItemAt(s[sp-2], s[sp-1]); ok {
			s[sp-2], s[sp-1] = v, nil
			return f, pc + 1, sp - 1, tick - 1, nil
		}
		vm.callOutOfHot(f, pc, sp, tick)
		v, err := vm.GetItem(s[sp-2], s[sp-1])
		if err != nil {
			return f, pc + 1, sp, vm.tick, err
		}
		s[sp-2], s[sp-1] = v, nil
		return f, pc + 1, sp - 1, vm.tick, nil
	case bc.STORE_SUBSCR:
		// d[k] = v for an int key that comparing ints decides (a memo
		// table's new entry), without the general lookup.
		if d, ok := s[sp-2].(*Dict); ok {
			if k, ok := s[sp-1].(Int); ok && storeIntKey(d, k, s[sp-1], s[sp-3]) {
				return f, pc + 1, sp - 3, tick - 1, nil
			}
		}
		if packedStoreAt(s[sp-2], s[sp-1], s[sp-3]) {
			s[sp-3], s[sp-2], s[sp-1] = nil, nil, nil
			return f, pc + 1, sp - 3, tick - 1, nil
		}
		vm.callOutOfHot(f, pc, sp, tick)
		if err := vm.SetItem(s[sp-2], s[sp-1], s[sp-3]); err != nil {
			return f, pc + 1, sp, vm.tick, err
		}
		return f, pc + 1, sp - 3, vm.tick, nil
	}
	// CONTAINS_OP: a str key found in a dict here (not found takes the
	// general path: a key of another type may compare equal), an int key
	// in a dict or a set when comparing ints decides it.
	var d *Dict
	switch c := s[sp-1].(type) {
	case *Dict:
		d = c
	case *Set:
		d = &c.D
	}
	if d != nil {
		switch k := s[sp-2].(type) {
		case *Str:
			if d.findStr(k) >= 0 {
				pc, sp, tick = inResult(f, in, pc, sp, tick-1, true)
				return f, pc, sp, tick, nil
			}
		case Int:
			if i, ok := d.findInt(k); ok {
				pc, sp, tick = inResult(f, in, pc, sp, tick-1, i >= 0)
				return f, pc, sp, tick, nil
			}
		}
	}
	vm.callOutOfHot(f, pc, sp, tick)
	found, err := vm.Contains(s[sp-1], s[sp-2])
	if err != nil {
		return f, pc + 1, sp, vm.tick, err
	}
	pc, sp, tick = inResult(f, in, pc, sp, vm.tick, found)
	return f, pc, sp, tick, nil
}

// subscrDict is the dict whose d[k] a found key decides: a dict's, or an
// exact defaultdict's (whose __missing__ only runs for a missing key);
// nil for anything else.
func subscrDict(v Value) *Dict {
	switch x := v.(type) {
	case *Dict:
		return x
	case *Instance:
		if dd, ok := x.Native().(*defaultDict); ok && x.Class == DefaultDictType {
			return dd.d
		}
	}
	return nil
}

// compared finishes COMPARE_OP (in) at pc with its answer t, or, for
// opCompareJump, takes the jump after it; it returns pc, sp and the
// ticks left.
func compared(s []Value, instrs []bc.Instr, in bc.Instr, pc, sp int, tick int64, t bool) (int, int, int64) {
	if in.Op == bc.COMPARE_OP {
		s[sp-2] = Bool(t)
		s[sp-1] = nil
		return pc + 1, sp - 1, tick - 1
	}
	if next := instrs[pc+1]; t == (next.Op == bc.POP_JUMP_IF_TRUE) {
		return int(next.Arg), sp - 2, tick - 2
	}
	return pc + 2, sp - 2, tick - 2
}

// hotIterNext runs, for the hot tier, the FOR_ITER at pc over an iterator
// that is not a range or a sequence (enumerate, zip, dict views, map,
// ...) as exec does (the STORE_FAST of opForIterStore runs on its own): a
// call whose next may run Weft code nested (a generator under enumerate,
// map's function). It returns the next pc and sp; an error comes with pc
// past the instruction. vm.tick is the counter after it. Kept out of
// the tier's loop (see the file comment).
func (vm *VM) hotIterNext(f *Frame, it Iterator, in bc.Instr, pc, sp int, tick int64) (int, int, error) {
	s, instrs := f.slots, f.cc.instrs
	vm.callOutOfHot(f, pc, sp, tick)
	if pi, isPairs := it.(pairIterator); isPairs && instrs[pc+1].Op == opUnpackStore && instrs[pc+1].Arg == 2 && pi.pairs() {
		// `for a, b in enumerate(xs)` (or zip, or items()): the pair
		// goes into a and b without its tuple, when the ticks left let
		// the unpack run fused here as it would in either tier.
		a, b, ok, err := pi.nextPair(vm)
		switch {
		case err != nil:
			return pc + 1, sp, err
		case !ok:
			s[sp-1] = nil
			return int(in.Arg), sp - 1, nil
		case vm.tick > 3:
			s[instrs[pc+2].Arg] = a
			s[instrs[pc+3].Arg] = b
			vm.tick -= 3
			return pc + 4, sp, nil
		}
		s[sp] = tupleOf(a, b)
		return pc + 1, sp + 1, nil
	}
	nv, ok, err := it.next(vm)
	switch {
	case err != nil:
		return pc + 1, sp, err
	case !ok:
		s[sp-1] = nil
		return int(in.Arg), sp - 1, nil
	}
	s[sp] = nv
	return pc + 1, sp + 1, nil
}

// hotStepCallOut runs, for the hot tier, an instruction that is exec's
// call into Go code, which may run Weft code nested (-x a user __neg__,
// {k: v} a user __hash__, an f-string's part its __format__), or a plain
// BUILD_TUPLE or BUILD_LIST. An exception comes with pc past the
// instruction.
func (vm *VM) hotStepCallOut(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	vm.callOutOfHot(f, pc, sp, tick)
	var err error
	switch in.Op {
	case bc.BUILD_TUPLE:
		sp = buildTuple(s, sp, int(in.Arg))
	case bc.BUILD_LIST:
		sp = buildList(s, sp, int(in.Arg))
	case bc.BUILD_MAP:
		sp, err = vm.buildMap(s, sp, int(in.Arg))
	case bc.FORMAT_VALUE:
		// An f-string's part (it may run __format__, __str__ or
		// __repr__ of an instance).
		sp, err = vm.formatOperand(s, sp, in.Arg)
	case bc.BUILD_STRING:
		n := int(in.Arg)
		var v Value
		if v, err = vm.buildString(s[sp-n : sp]); err == nil {
			sp = vm.popN(s, sp, n)
			s[sp] = v
			sp++
		}
	default:
		var v Value
		if v, err = vm.UnaryOp(in.Op, s[sp-1]); err == nil {
			s[sp-1] = v
		}
	}
	return f, pc + 1, sp, vm.tick, err, err != nil
}

// hotCompare runs, for the hot tier, the COMPARE_OP (or opCompareJump)
// at pc whose operands are not two ints, floats or strs: exec's general
// path (a user __eq__ runs nested), as for a builtin call, with the jump
// fused as exec fuses it. It returns the next pc and sp, or an exception
// with pc past the instruction; vm.tick is the counter after it. Kept
// out of the tier's loop (see the file comment).
func (vm *VM) hotCompare(f *Frame, in bc.Instr, pc, sp int, tick int64) (int, int, error) {
	s := f.slots
	vm.callOutOfHot(f, pc, sp, tick)
	v, err := vm.Compare(s[sp-2], s[sp-1], bc.CompareOp(in.Arg))
	if err != nil {
		return pc + 1, sp, err
	}
	t, isBool := v.(Bool)
	if in.Op == bc.COMPARE_OP || !isBool || vm.tick < 2 {
		s[sp-1] = nil
		s[sp-2] = v
		return pc + 1, sp - 1, nil
	}
	next := f.cc.instrs[pc+1]
	vm.tick--
	if bool(t) == (next.Op == bc.POP_JUMP_IF_TRUE) {
		return int(next.Arg), sp - 2, nil
	}
	return pc + 2, sp - 2, nil
}

// hotGeneralCall makes, for the hot tier, the call at pc that its fast
// paths do not take: keyword arguments, defaults, bound methods, classes
// whose __init__ is not plain. exec's general call, in the tier: a Weft
// callee's frame is entered as the fast path enters one. It returns the
// frame to go on in with its pc and sp; nil when the call is for exec (a
// Special builtin: see the file comment), and leave set when the hot
// tier must return (nf, pc, sp, err): an exception, or control back at
// the frame's own handler. Kept out of the tier's loop, whose size decides what
// Go inlines into it.
func (vm *VM) hotGeneralCall(f *Frame, in bc.Instr, pc, sp int, tick int64) (nf *Frame, npc, nsp int, leave bool, err error) {
	if in.Op == bc.BEFORE_WITH {
		return vm.hotBeforeWith(f, pc, sp, tick)
	}
	s := f.slots
	n := int(in.Arg)
	base := sp - n - 1
	var kwnames []string
	if in.Op == bc.CALL_KW {
		kwnames = f.cc.kwnames(f.code(), pc-1, s[sp-1])
		base--
	}
	callee, args := s[base], s[base+1:base+1+n]
	if in.Op == bc.CALL_METHOD {
		base = sp - n - 2
		callee, args = s[base], s[base+1:sp]
		if isNullMarker(args[0]) {
			args = args[1:]
		}
	}
	if bm, ok := callee.(*BoundMethod); ok {
		if b, ok := bm.Fn.(*Builtin); ok && b.Self == nil && b.Special == specialNone {
			if all, ok := selfBelowArgs(s, in.Op, base, bm.Self, args); ok {
				callee, args = b, all
			}
		}
	}
	if b, ok := callee.(*Builtin); ok && b.Special != specialNone {
		return nil, 0, 0, false, nil
	}
	vm.callOutOfHot(f, pc, sp, tick)
	res, next, err := vm.callFromLoop(f, callee, args, kwnames)
	if next == f {
		// Control came back to this frame's own handler.
		return f, f.pc, f.sp, true, nil
	}
	sp = vm.popN(s, sp, sp-base)
	f.sp = sp
	return hotCallDone(f, next, res, err, pc+1, sp)
}

// hotCallDone finishes a call the hot tier made through callFromLoop,
// with hotGeneralCall's results: an error for exec to unwind with pc past
// the call, the callee's new frame to switch to, or the value pushed at
// sp, the caller's stack as the call left it.
func hotCallDone(f, next *Frame, res Value, err error, pc, sp int) (nf *Frame, npc, nsp int, leave bool, _ error) {
	if err != nil {
		return f, pc, sp, true, err
	}
	if next != nil {
		return next, next.pc, next.sp, false, nil
	}
	f.slots[sp] = res
	return f, pc, sp + 1, false, nil
}

// hotBeforeWith runs BEFORE_WITH for the hot tier, with hotGeneralCall's
// results, when the manager's __enter__ and __exit__ are Weft functions
// (a user context manager): as exec, [mgr] -> [exit mgr] and a frame for
// __enter__(mgr), whose return pushes its value. A with statement in a
// loop left the tier at every pass. Other managers return nf nil, for
// exec: a builtin __enter__ may block the tasklet (`with lock:`), and
// finding __enter__ through __getattr__ runs Weft code.
func (vm *VM) hotBeforeWith(f *Frame, pc, sp int, tick int64) (nf *Frame, npc, nsp int, leave bool, err error) {
	s := f.slots
	mgr := s[sp-1]
	t := TypeOf(mgr)
	if t.Builtin {
		return nil, 0, 0, false, nil // its methods are builtins: exec's
	}
	// Through the type's memo: the MRO walk for both names was a fifth
	// of a with statement's cost.
	exit, okExit := t.lookupMemo(dunderExit).attr.(*Function)
	enter, okEnter := t.lookupMemo(dunderEnter).attr.(*Function)
	if !okExit || !okEnter {
		return nil, 0, 0, false, nil
	}
	vm.callOutOfHot(f, pc, sp, tick)
	s[sp+1] = mgr // __enter__'s argument, in the slot its result takes
	s[sp-1], s[sp] = exit, mgr
	sp++
	f.sp = sp
	res, next, err := vm.callFromLoop(f, enter, s[sp:sp+1], nil)
	if next == f {
		// Control came back to this frame's own handler.
		return f, f.pc, f.sp, true, nil
	}
	return hotCallDone(f, next, res, err, pc+1, sp)
}

// hotFloatPow is fa ** fb for the hot tier when the base is positive,
// finite and not 1 (numFloatPow's other cases need exec): crPow's exact
// cases, or its fast path when it is sure of the rounding. A result that
// overflows is exec's too: Python raises OverflowError (1e300 ** 2.0).
// Kept out of the tier's loop (see the file comment).
func hotFloatPow(fa, fb float64) (float64, bool) {
	if !(fa > 0) || fa == 1 || math.IsInf(fa, 0) {
		return 0, false
	}
	var r float64
	switch fb {
	case 1:
		r = fa
	case 2:
		r = fa * fa
	case -1:
		r = 1 / fa
	case 0.5:
		r = math.Sqrt(fa)
	default:
		var ok bool
		if r, ok = fastPowHalf(fa, fb); !ok {
			return 0, false
		}
	}
	return r, !math.IsInf(r, 0)
}

// buildTuple replaces the top n values of the stack s[:sp] with a tuple
// of them and returns the new sp: BUILD_TUPLE for both tiers.
func buildTuple(s []Value, sp, n int) int {
	t := makeTuple(n)
	copy(t.Items, s[sp-n:sp])
	clear(s[sp-n : sp])
	s[sp-n] = t
	return sp - n + 1
}

// buildList replaces the top n values of the stack s[:sp] with a list of
// them and returns the new sp: BUILD_LIST for both tiers.
func buildList(s []Value, sp, n int) int {
	l := makeList(n)
	copy(l.items, s[sp-n:sp])
	clear(s[sp-n : sp])
	s[sp-n] = l
	return sp - n + 1
}

// buildMap replaces the top 2n values of the stack s[:sp], keys and
// values in turn, with a dict of them and returns the new sp: BUILD_MAP
// for both tiers. A key's __hash__ or __eq__ may raise: the error comes
// with the stack as it was.
func (vm *VM) buildMap(s []Value, sp, n int) (int, error) {
	d := NewDict(n)
	for i := sp - 2*n; i < sp; i += 2 {
		if err := vm.DictSet(d, s[i], s[i+1]); err != nil {
			return sp, err
		}
	}
	clear(s[sp-2*n : sp])
	s[sp-2*n] = d
	return sp - 2*n + 1, nil
}

// attrAugConst runs `o.a op= c` for the instance v on top of the stack,
// the six instructions from f's pc (opCopyAttrAug), when a is an int in
// o's dict that the attribute sites find there (no property, no user
// __setattr__) and the operation cannot fail; it reports false, having
// changed nothing, otherwise. A call (hotStepAttrAug's), not a case of
// the call-free loop: called from the loop it spilled one value more at
// every dispatch (stop 20), and split across the loop's cases it cost
// objects 1.9% more instructions (stop 21, bench/README.md); one call
// saves five dispatches.
func attrAugConst(f *Frame, pc int, v Value) bool {
	o, ok := v.(*Instance)
	if !ok || o.Exc() != nil {
		return false
	}
	instrs := f.cc.instrs
	ac := f.cc.attrAt(instrs[pc+1].Arg)
	e := ac.find(o.Class)
	if e == nil || e.isProp || !e.plainStore {
		return false
	}
	p := o.attrAt(e, ac.name)
	if p == nil {
		return false
	}
	a, aInt := (*p).(Int)
	b, bInt := f.cc.constAt(instrs[pc+2].Arg).(Int)
	if !aInt || !bInt {
		return false
	}
	r, ok := intOp(bc.BinaryOp(instrs[pc+3].Arg), a, b)
	if !ok {
		return false
	}
	*p = f.cc.boxInt(r)
	return true
}

// simpleTruth is the truth of a bool, an int or None; ok is false for
// other values, whose truth may take Weft code (__bool__, __len__).
func simpleTruth(v Value) (t, ok bool) {
	switch x := v.(type) {
	case Bool:
		return bool(x), true
	case Int:
		return x != 0, true
	case NoneType:
		return false, true
	}
	return false, false
}

// isOp is IS_OP's result: x is y, or x is not y when arg is 1.
func isOp(x, y Value, arg int32) Bool {
	return Bool(identical(x, y) != (arg != 0))
}

// callOutOfHot prepares a call out of the hot tier to Go code that may
// run Weft code nested or count its own steps (a builtin, a general
// operator, an iterator's next): the frame's position saved and current,
// as exec has them, and the shared tick counter charged for the calling
// instruction. The caller reloads tick from vm.tick after the call and
// returns an error with pc past the instruction, for exec to unwind as if
// it had made the call.
func (vm *VM) callOutOfHot(f *Frame, pc, sp int, tick int64) {
	f.pc, f.sp = pc+1, sp
	vm.frame = f
	vm.tick = tick - 1
}

// isNumber reports whether v is an int or a float, the operands of the
// hot tier's own arithmetic.
func isNumber(v Value) bool {
	switch v.(type) {
	case Int, Float:
		return true
	}
	return false
}

// listIndex returns x as a list and k as an index when x is a list and k
// an int within it: the subscript fast path of both tiers.
func listIndex(x, k Value) (*List, Int, bool) {
	l, ok := x.(*List)
	if !ok {
		return nil, 0, false
	}
	i, ok := k.(Int)
	if !ok || i < 0 || int64(i) >= int64(len(l.items)) {
		return nil, 0, false
	}
	return l, i, true
}

// cachedModuleAttr is the attribute of m at the entry c remembers while
// m's dict is at the version c saw, or nil. Without a call: the hot tier's
// call-free loop loads a module's function with it (math.sqrt).
func (c *attrCache) cachedModuleAttr(m *Module) Value {
	if d := m.Dict; m.Dynamic == nil && c.mod == d && c.modVer == d.version {
		return d.entries[c.modIdx].Value
	}
	return nil
}

// hotModuleAttr is a module attribute held in the module's dict, or nil
// (a computed attribute, a missing one: exec's GetAttr decides).
func hotModuleAttr(m *Module, c *attrCache) Value {
	if v := c.cachedModuleAttr(m); v != nil {
		return v
	}
	if m.Dynamic != nil {
		return nil
	}
	d := m.Dict
	i := d.findStr(c.name)
	if i < 0 {
		return nil
	}
	c.mod, c.modVer, c.modIdx = d, d.version, int32(i)
	return d.entries[i].Value
}

// callFloat1 is b(arg) through b.Float1 when arg is a float (or, for
// IntArgs, an int that converts exactly) and the function needs no error:
// the result boxed in cc's slab. ok is false otherwise, for b.Fn.
func callFloat1(cc *codeCache, b *Builtin, arg Value) (Value, bool) {
	var x float64
	switch a := arg.(type) {
	case Float:
		x = float64(a)
	case Int:
		if !b.IntArgs || a <= -(1<<53) || a >= 1<<53 {
			return nil, false
		}
		x = float64(a)
	default:
		return nil, false
	}
	r, ok := b.Float1(x)
	if !ok {
		return nil, false
	}
	return cc.boxFloat(Float(r)), true
}
