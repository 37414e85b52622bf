package vm

// perf_hot_free.go: the hot tier's inner loop, which makes no call
// that its state lives across.
//
// Go's register allocator spills a value at the lowest block that
// dominates every reload of it, and a value is reloaded after each call
// that it lives across, or where a case needs its register. The hot
// loop's state (the frame, pc, sp, the tick counter, the slots and the
// instructions, the instruction itself) lived across calls in dozens of
// its cases, so that block was the dispatch itself: every instruction, a
// LOAD_FAST too, began with ten stores to the stack (`go tool objdump`).
//
// hotCallFree runs the instructions whose fast path needs no call. Where
// one needs a call (a slow path, a new box slab, a frame that is not in
// its code object's pool, a dict probe), it calls with the whole state as
// arguments and takes it back as results: hotStep (perf_hot.go), which
// runs the instruction with all its paths, or one of the narrower
// hotEnter, hotLeave, hotSlice and hotPureSubscr. No value lives across
// those calls, so none is reloaded after them. A case that sends its
// instruction on to a call must not have changed anything first.
//
// The slots and instructions are indexed through views without their
// lengths (slotView, instrView), so that the lengths do not take two of
// the registers: the compiler sizes every frame for the stack depth it
// computes, its jumps land on instructions, and exec checks those depths
// under Options.CheckStack, which the tier never runs under. Even so the
// dispatch still spills five or six values, where cases need more
// registers than are left; hotStep spills its ten once per call.
//
// The fast paths are hotStep's, which the tests compare with exec's
// (TestConformance runs the suite under both tiers).

import (
	"sync/atomic"
	"unsafe"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// hotCallFree runs f's instructions from pc while the tier handles them
// and the budget has room (see the file comment), and returns where it
// stopped: the frame (plain calls and returns switch frames here), pc, sp
// and the ticks left, or an exception a call raised, with pc past the
// instruction.
func (vm *VM) hotCallFree(f *Frame, pc, sp int, tick int64) (*Frame, int, int, int64, error) {
	instrs := instrView(f.cc.instrs)
	s := slotView(f.slots)
	for tick > 4 {
		in := instrs[pc]
		// The arithmetic cases set these and leave the switch for the
		// common code after it, as in hotLoop.
		var op bc.BinaryOp
		var x, y, boxed Value
		var fa, fb float64
		dst, newSp, cost := -1, 0, 0
		switch in.Op {
		case bc.LOAD_FAST:
			v := s[in.Arg]
			if v == nil {
				goto slow
			}
			s[sp] = v
			sp++
			pc++
			tick--
			continue
		case bc.STORE_FAST:
			sp--
			s[in.Arg] = s[sp]
			pc++
			tick--
			continue
		case bc.LOAD_CONST:
			s[sp] = f.cc.consts[in.Arg]
			sp++
			pc++
			tick--
			continue
		case opConstStoreFast2:
			if l, i, ok := listIndex(s[instrs[pc+1].Arg], s[instrs[pc+2].Arg]); ok {
				l.Items[i] = f.cc.consts[in.Arg]
				pc += 4
				tick -= 4
				continue
			}
			s[sp] = f.cc.consts[in.Arg]
			sp++
			pc++
			tick--
			continue
		case bc.POP_TOP:
			sp--
			pc++
			tick--
			continue
		case bc.COPY:
			s[sp] = s[sp-int(in.Arg)]
			sp++
			pc++
			tick--
			continue
		case bc.SWAP:
			i := sp - int(in.Arg)
			s[i], s[sp-1] = s[sp-1], s[i]
			pc++
			tick--
			continue
		case bc.LIST_APPEND:
			l := s[sp-1-int(in.Arg)].(*List)
			if len(l.Items) == cap(l.Items) {
				goto slow // append would grow it: a call
			}
			sp--
			n := len(l.Items)
			l.Items = l.Items[:n+1] // append, without its call
			l.Items[n] = s[sp]
			s[sp] = nil
			pc++
			tick--
			continue
		case bc.LOAD_DEREF:
			v := (*f.cells)[in.Arg].V
			if v == nil {
				goto slow
			}
			s[sp] = v
			sp++
			pc++
			tick--
			continue
		case bc.STORE_DEREF:
			sp--
			(*f.cells)[in.Arg].V = s[sp]
			s[sp] = nil
			pc++
			tick--
			continue
		case opIsJump, opConstIsJump:
			// x is y and the jump after it, where sameFree knows.
			isIn, k := in, 2
			var v, c Value
			if in.Op == opConstIsJump {
				v, c = s[sp-1], f.cc.consts[in.Arg]
				isIn, k = instrs[pc+1], 1
			} else {
				v, c = s[sp-2], s[sp-1]
			}
			same, ok := sameFree(v, c)
			if !ok {
				goto slow
			}
			next := instrs[pc+1+2-k]
			sp -= k
			pc += 4 - k
			tick -= int64(4 - k)
			if (same != (isIn.Arg != 0)) == (next.Op == bc.POP_JUMP_IF_TRUE) {
				pc = int(next.Arg)
			}
			continue
		case bc.IS_OP:
			same, ok := sameFree(s[sp-2], s[sp-1])
			if !ok {
				goto slow
			}
			sp--
			s[sp] = nil
			s[sp-1] = Bool(same != (in.Arg != 0))
			pc++
			tick--
			continue
		case opLoadFastAttr, opLoadAttr:
			// An instance attribute at its hinted dict entry (self.x).
			var v Value
			ai := in.Arg
			if in.Op == opLoadFastAttr {
				v = s[in.Arg]
				ai = instrs[pc+1].Arg
			} else {
				v = s[sp-1]
			}
			o, ok := v.(*Instance)
			if !ok || o.Dict == nil {
				goto slow
			}
			ac := &f.cc.attrs[ai]
			e := ac.findAny(o.Class)
			if e == nil || e.isProp {
				goto slow
			}
			i := e.hint
			if uint(i) >= uint(len(o.Dict.entries)) || o.Dict.entries[i].Key != Value(ac.name) {
				goto slow
			}
			if in.Op == opLoadFastAttr {
				s[sp] = o.Dict.entries[i].Value
				sp++
				pc += 2
				tick -= 2
				continue
			}
			s[sp-1] = o.Dict.entries[i].Value
			pc++
			tick--
			continue
		case opStoreAttr:
			// An instance attribute at its hinted entry.
			o, ok := s[sp-1].(*Instance)
			if !ok || o.Dict == nil || o.Exc != nil {
				goto slow
			}
			ac := &f.cc.attrs[in.Arg]
			e := ac.findAny(o.Class)
			if e == nil || !e.plainStore {
				goto slow
			}
			i := e.hint
			if uint(i) >= uint(len(o.Dict.entries)) || o.Dict.entries[i].Key != Value(ac.name) {
				goto slow
			}
			o.Dict.entries[i].Value = s[sp-2]
			sp -= 2
			pc++
			tick--
			continue
		case opLoadMethod:
			// A Weft method of an instance's class, or a builtin method of
			// a native class, that the instance dict provably does not
			// shadow (its key bits): method and self.
			o, ok := s[sp-1].(*Instance)
			if !ok {
				goto slow
			}
			ac := &f.cc.attrs[in.Arg]
			e := ac.findAny(o.Class)
			if e == nil {
				goto slow
			}
			var m Value
			switch fn := e.attr.(type) {
			case *Function:
				m = fn
			case *Builtin:
				if !fn.Func {
					m = fn
				}
			}
			if m == nil {
				goto slow
			}
			if d := o.Dict; d != nil && d.live != 0 {
				hx := ac.name.hashx
				if hx == 0 {
					goto slow
				}
				// No entry with the name's hash: the key bits say so, or
				// a small dict's entries do (a string compare would call).
				if h := int64(hx ^ strHashMark); d.keyBits&keyBit(h) != 0 {
					if len(d.entries) > smallDict {
						goto slow
					}
					for k := range d.entries {
						if d.entries[k].Hash == h {
							goto slow
						}
					}
				}
			}
			s[sp] = o
			s[sp-1] = m
			sp++
			pc++
			tick--
			continue
		case bc.UNARY_NOT:
			t, ok := simpleTruth(s[sp-1])
			if !ok {
				goto slow
			}
			s[sp-1] = Bool(!t)
			pc++
			tick--
			continue
		case opStoreName:
			c := &f.cc.globals[in.Arg]
			g := f.Globals
			if f.Locals != g || c.globals != g || c.gver != g.version || c.builtin {
				goto slow
			}
			sp--
			g.entries[c.idx].Value = s[sp]
			s[sp] = nil
			pc++
			tick--
			continue
		case opLoadGlobal, opLoadName:
			c := &f.cc.globals[in.Arg]
			g := f.Globals
			if in.Op == opLoadName && f.Locals != g || c.globals != g || c.gver != g.version {
				goto slow
			}
			if !c.builtin {
				s[sp] = g.entries[c.idx].Value
			} else if b := c.builtins; b == vm.Builtins && c.bver == b.version {
				s[sp] = b.entries[c.idx].Value
			} else {
				goto slow
			}
			sp++
			pc++
			tick--
			continue
		case opLoadFast2Subscr, opLoadFast2Store:
			if l, i, ok := listIndex(s[in.Arg], s[instrs[pc+1].Arg]); ok {
				if in.Op == opLoadFast2Subscr {
					v := l.Items[i]
					if jump := instrs[pc+3]; jump.Op == bc.POP_JUMP_IF_FALSE || jump.Op == bc.POP_JUMP_IF_TRUE {
						if t, ok := simpleTruth(v); ok {
							pc += 4
							tick -= 4
							if t == (jump.Op == bc.POP_JUMP_IF_TRUE) {
								pc = int(jump.Arg)
							}
							continue
						}
					}
					s[sp] = v
					sp++
				} else {
					sp--
					l.Items[i] = s[sp]
				}
				pc += 3
				tick -= 3
				continue
			}
			fallthrough
		case opLoadFast2, opLoadFastConst, opLoadFast2Cmp, opLoadFastConstCmp:
			v := s[in.Arg]
			next := instrs[pc+1]
			var w Value
			if in.Op == opLoadFastConst || in.Op == opLoadFastConstCmp {
				w = f.cc.consts[next.Arg]
			} else {
				w = s[next.Arg]
			}
			if v == nil || w == nil {
				goto slow
			}
			if in.Op == opLoadFast2Cmp || in.Op == opLoadFastConstCmp {
				a, aInt := v.(Int)
				b, bInt := w.(Int)
				if aInt && bInt {
					t := cmpOrdered(a, b, bc.CompareOp(instrs[pc+2].Arg))
					jump := instrs[pc+3]
					pc += 4
					tick -= 4
					if t == (jump.Op == bc.POP_JUMP_IF_TRUE) {
						pc = int(jump.Arg)
					}
					continue
				}
			}
			s[sp] = v
			s[sp+1] = w
			sp += 2
			pc += 2
			tick -= 2
			continue
		case bc.BINARY_SUBSCR:
			l, i, ok := listIndex(s[sp-2], s[sp-1])
			if !ok {
				goto slow
			}
			sp--
			s[sp-1] = l.Items[i]
			pc++
			tick--
			continue
		case bc.STORE_SUBSCR:
			l, i, ok := listIndex(s[sp-2], s[sp-1])
			if !ok {
				goto slow
			}
			l.Items[i] = s[sp-3]
			sp -= 3
			pc++
			tick--
			continue
		case opCopy2Subscr:
			// COPY 2; COPY 2; BINARY_SUBSCR on a list: push x[k], keeping
			// x and k. (x[k] op= constant, fused, is hotStep's.)
			l, i, ok := listIndex(s[sp-2], s[sp-1])
			if !ok || instrs[pc+3].Op == opConstBinop {
				goto pure
			}
			s[sp] = l.Items[i]
			sp++
			pc += 3
			tick -= 3
			continue
		case opSwap2Store:
			// SWAP 3; SWAP 2; STORE_SUBSCR of x k v into a list.
			l, i, ok := listIndex(s[sp-3], s[sp-2])
			if !ok {
				goto pure
			}
			l.Items[i] = s[sp-1]
			sp -= 3
			pc += 3
			tick -= 3
			continue
		case bc.CONTAINS_OP:
			goto pure
		case opSliceSubscr, opSliceStore, opSliceSubscrTemp, opSliceStoreTemp:
			// A call, the state passed in and out (see slow below).
			var ok bool
			if f, pc, sp, tick, ok = vm.hotSlice(f, in, pc, sp, tick); !ok {
				goto slow
			}
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			continue
		case opUnpackStore, bc.UNPACK_SEQUENCE:
			n := int(in.Arg)
			var items []Value
			switch v := s[sp-1].(type) {
			case *Tuple:
				items = v.Items
			case *List:
				items = v.Items
			}
			if len(items) != n || items == nil || tick <= int64(n)+1 {
				goto slow
			}
			sp--
			if in.Op == opUnpackStore {
				for k := 0; k < n; k++ {
					s[instrs[pc+1+k].Arg] = items[k]
				}
				pc += n + 1
				tick -= int64(n) + 1
				continue
			}
			for k := n - 1; k >= 0; k-- {
				s[sp] = items[k]
				sp++
			}
			pc++
			tick--
			continue
		case opLoadFast2Op, opLoadFastConstOp:
			x = s[in.Arg]
			next := instrs[pc+1]
			if in.Op == opLoadFast2Op {
				y = s[next.Arg]
			} else {
				y = f.cc.consts[next.Arg]
			}
			op = bc.BinaryOp(instrs[pc+2].Arg)
			newSp, cost = sp+1, 3
			if pc+3 < len(f.cc.instrs) {
				switch after := instrs[pc+3]; after.Op {
				case bc.STORE_FAST:
					dst, newSp, cost = int(after.Arg), sp, 4
				case bc.BINARY_OP:
					// w op2 (a op b), all floats, as in hotLoop.
					fw, wok := s[sp-1].(Float)
					fa, aok := x.(Float)
					fb, bok := y.(Float)
					if !wok || !aok || !bok {
						break
					}
					if r, ok := floatOp(op, float64(fa), float64(fb)); ok {
						if r, ok = floatOp(bc.BinaryOp(after.Arg), float64(fw), float64(r)); ok {
							v := f.cc.floatInSlab(r)
							if v == nil {
								goto slow
							}
							s[sp-1] = v
							pc += 4
							tick -= 4
							continue
						}
					}
				}
			}
		case bc.BINARY_OP:
			x, y, op = s[sp-2], s[sp-1], bc.BinaryOp(in.Arg)
			newSp, cost = sp-1, 1
		case opConstBinop:
			x, y, op = s[sp-1], f.cc.consts[in.Arg], bc.BinaryOp(instrs[pc+1].Arg)
			newSp, cost = sp, 2
			if pc+2 < len(f.cc.instrs) && instrs[pc+2].Op == bc.STORE_FAST {
				dst, newSp, cost = int(instrs[pc+2].Arg), sp-1, 3
			}
		case opConstCmpJump:
			c := f.cc.consts[in.Arg]
			a, aInt := s[sp-1].(Int)
			b, bInt := c.(Int)
			if aInt && bInt {
				t := cmpOrdered(a, b, bc.CompareOp(instrs[pc+1].Arg))
				jump := instrs[pc+2]
				sp--
				pc += 3
				tick -= 3
				if t == (jump.Op == bc.POP_JUMP_IF_TRUE) {
					pc = int(jump.Arg)
				}
				continue
			}
			s[sp] = c
			sp++
			pc++
			tick--
			continue
		case opCompareJump, bc.COMPARE_OP:
			// Ints and floats (strings compare by a call).
			var t bool
			switch a := s[sp-2].(type) {
			case Int:
				b, ok := s[sp-1].(Int)
				if !ok {
					goto slow
				}
				t = cmpOrdered(a, b, bc.CompareOp(in.Arg))
			case Float:
				b, ok := s[sp-1].(Float)
				if !ok {
					goto slow
				}
				t = cmpOrdered(float64(a), float64(b), bc.CompareOp(in.Arg))
			default:
				goto slow
			}
			if in.Op == bc.COMPARE_OP {
				sp--
				s[sp-1] = Bool(t)
				pc++
				tick--
				continue
			}
			sp -= 2
			next := instrs[pc+1]
			pc += 2
			tick -= 2
			if t == (next.Op == bc.POP_JUMP_IF_TRUE) {
				pc = int(next.Arg)
			}
			continue
		case bc.POP_JUMP_IF_FALSE, bc.POP_JUMP_IF_TRUE:
			t, ok := simpleTruth(s[sp-1])
			if !ok {
				goto slow
			}
			sp--
			pc++
			tick--
			if t == (in.Op == bc.POP_JUMP_IF_TRUE) {
				pc = int(in.Arg)
			}
			continue
		case bc.JUMP_IF_FALSE_OR_POP, bc.JUMP_IF_TRUE_OR_POP:
			t, ok := simpleTruth(s[sp-1])
			if !ok {
				goto slow
			}
			pc++
			tick--
			if t == (in.Op == bc.JUMP_IF_TRUE_OR_POP) {
				pc = int(in.Arg)
			} else {
				sp--
				s[sp] = nil
			}
			continue
		case bc.JUMP, opJumpCold, opJumpWarm:
			pc = int(in.Arg)
			tick--
			continue
		case bc.CALL, bc.CALL_METHOD:
			// The frame switches are calls, which take the loop's state
			// and return it: nothing lives across them (file comment).
			var ok bool
			if f, pc, sp, tick, ok = vm.hotEnter(f, in, pc, sp, tick); !ok {
				goto slow
			}
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			continue
		case bc.RETURN_VALUE:
			var ok bool
			if f, pc, sp, tick, ok = vm.hotLeave(f, pc, sp, tick); !ok {
				goto slow
			}
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			continue
		case opForIterStore, bc.FOR_ITER:
			var v Value
			switch it := s[sp-1].(type) {
			case *rangeIter:
				if it.left > 0 {
					// boxIntFree, inline (it is too big for the inliner).
					r := Int(it.cur)
					if i := uint64(int64(r) - intCacheMin); i < intCacheSize {
						if atomic.LoadInt64(&intCache[i]) != int64(r) {
							goto slow // fillInt writes it
						}
						v = tableInt(i)
					} else if v = f.cc.intInSlab(r); v == nil {
						goto slow
					}
					it.cur += it.step
					it.left--
				}
			case *seqIter:
				var items []Value
				if it.list != nil {
					items = it.list.Items
				} else if it.tuple != nil {
					items = it.tuple.Items
				}
				if it.i < len(items) {
					v = items[it.i]
					it.i++
				} else {
					it.list, it.tuple = nil, nil
				}
			default:
				goto slow
			}
			if v == nil { // exhausted
				sp--
				s[sp] = nil
				pc = int(in.Arg)
				tick--
				continue
			}
			if in.Op == opForIterStore {
				s[instrs[pc+1].Arg] = v
				pc += 2
				tick -= 2
				continue
			}
			s[sp] = v
			sp++
			pc++
			tick--
			continue
		default:
			goto slow
		}
		// x op y for ints and floats, boxed from the small-int table (an
		// entry already written) or the code object's slabs (with room
		// left); anything else goes back to hotLoop.
		switch a := x.(type) {
		case Int:
			switch b := y.(type) {
			case Int:
				if op&^bc.OpInplace == bc.OpTrueDiv {
					// Ints within 2**53 are exact floats, whose IEEE
					// quotient is Python's correctly rounded int / int.
					if a <= -(1<<53) || a >= 1<<53 || b <= -(1<<53) || b >= 1<<53 {
						goto slow
					}
					fa, fb = float64(a), float64(b)
					break
				}
				var r Int
				switch op &^ bc.OpInplace { // intOp's, inline
				case bc.OpAdd:
					r = a + b
					if (r > a) != (b > 0) {
						goto slow
					}
				case bc.OpSub:
					r = a - b
					if (r < a) != (b > 0) {
						goto slow
					}
				case bc.OpMul:
					if a <= -(1<<31) || a >= 1<<31 || b <= -(1<<31) || b >= 1<<31 {
						goto slow
					}
					r = a * b
				case bc.OpMod:
					if b <= 0 {
						goto slow
					}
					if r = a % b; r < 0 {
						r += b
					}
				case bc.OpFloorDiv:
					if b <= 0 {
						goto slow
					}
					if r = a / b; a%b != 0 && a < 0 {
						r--
					}
				case bc.OpAnd:
					r = a & b
				case bc.OpOr:
					r = a | b
				case bc.OpXor:
					r = a ^ b
				case bc.OpRShift:
					if b < 0 {
						goto slow
					}
					r = a >> uint64(b)
				default:
					goto slow
				}
				if i := uint64(int64(r) - intCacheMin); i < intCacheSize {
					if atomic.LoadInt64(&intCache[i]) != int64(r) {
						goto slow
					}
					boxed = tableInt(i)
				} else if boxed = f.cc.intInSlab(r); boxed == nil {
					goto slow
				}
			case Float:
				if a <= -(1<<53) || a >= 1<<53 {
					goto slow
				}
				fa, fb = float64(a), float64(b)
			default:
				goto slow
			}
		case Float:
			fa = float64(a)
			switch b := y.(type) {
			case Float:
				fb = float64(b)
			case Int:
				if b <= -(1<<53) || b >= 1<<53 {
					goto slow
				}
				fb = float64(b)
			default:
				goto slow
			}
		default:
			goto slow
		}
		if boxed == nil {
			r, ok := floatOp(op, fa, fb)
			if !ok {
				goto slow
			}
			if boxed = f.cc.floatInSlab(r); boxed == nil {
				goto slow
			}
		}
		sp = newSp
		if dst >= 0 {
			s[dst] = boxed
		} else {
			s[sp-1] = boxed
		}
		pc += cost
		tick -= int64(cost)
		continue
	pure:
		// Dicts' str and int keys (a probe compares strings: a call),
		// passing the state in and out as below.
		{
			var ok bool
			if f, pc, sp, tick, ok = hotPureSubscr(f, in, pc, sp, tick); ok {
				instrs, s = instrView(f.cc.instrs), slotView(f.slots)
				continue
			}
		}
	slow:
		// The instruction's call: the state goes in and comes back as
		// results, so that no value lives across the call.
		var err error
		var leave bool
		if f, pc, sp, tick, err, leave = vm.hotStep(f, pc, sp, tick); leave {
			return f, pc, sp, tick, err
		}
		instrs, s = instrView(f.cc.instrs), slotView(f.slots)
	}
	return f, pc, sp, tick, nil
}

// slotView and instrView view a frame's slots and its instructions
// without their lengths, so that indexing them needs no register for the
// length (see the file comment). checkptr (-race) would reject the
// conversion to an array bigger than the allocation: it is marked so
// that it is not checked, and then not inlined, under -race.
//
//go:nocheckptr
func slotView(s []Value) *[1 << 28]Value {
	return (*[1 << 28]Value)(unsafe.Pointer(unsafe.SliceData(s)))
}

//go:nocheckptr
func instrView(s []bc.Instr) *[1 << 28]bc.Instr {
	return (*[1 << 28]bc.Instr)(unsafe.Pointer(unsafe.SliceData(s)))
}

// sameFree is identical(a, b) where that needs no call: when b is None,
// or either is an instance. ok is false otherwise.
func sameFree(a, b Value) (same, ok bool) {
	if _, isNone := b.(NoneType); isNone {
		_, same = a.(NoneType)
		return same, true
	}
	x, xInst := a.(*Instance)
	y, yInst := b.(*Instance)
	return xInst && yInst && x == y, xInst || yInst
}

// hotEnter is the hot tier's CALL or CALL_METHOD (in) of a plain Weft
// function with its positional parameters, the last ones perhaps from its
// defaults, into a frame from its code object's pool: it returns the new
// frame with its pc, sp and the ticks left, or ok false and the state as
// it was.
func (vm *VM) hotEnter(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, bool) {
	s := f.slots
	base := sp - int(in.Arg) - 1
	if in.Op == bc.CALL_METHOD {
		base--
	}
	fn, ok := s[base].(*Function)
	if !ok || fn.cc == nil {
		return f, pc, sp, tick, false
	}
	args := s[base+1 : sp]
	if in.Op == bc.CALL_METHOD && args[0] == nullMarker {
		args = args[1:]
	}
	fcc := fn.cc
	nargs, firstDef := len(args), fcc.simpleArgs-len(fn.Defaults)
	nf := fcc.free
	if nargs > fcc.simpleArgs || nargs < firstDef || vm.depth >= vm.recursionLimit || nf == nil || nf.cells != nil {
		return f, pc, sp, tick, false
	}
	fcc.free, nf.Back = nf.Back, nil
	fcc.nfree--
	nf.Globals, nf.Fn = fn.Globals, fn
	for i, a := range args {
		nf.slots[i] = a
	}
	for j := nargs; j < fcc.simpleArgs; j++ {
		nf.slots[j] = fn.Defaults[j-firstDef]
	}
	vm.depth++
	f.pc, f.sp = pc+1, base
	nf.Back = f
	return nf, nf.pc, nf.sp, tick - 1, true
}

// hotLeave is the hot tier's RETURN_VALUE to a caller that takes the
// value, the frame going back to its code object's pool: it returns the
// caller with its pc, sp and the ticks left, or ok false and the state as
// it was.
func (vm *VM) hotLeave(f *Frame, pc, sp int, tick int64) (*Frame, int, int, int64, bool) {
	caller := f.Back
	v := f.slots[sp-1]
	if caller == nil || f.gen != nil || f.entry || f.Locals != nil || f.Fn == nil || f.cells != nil || f.cc.nfree >= maxPooled {
		return f, pc, sp, tick, false
	}
	if f.ret != retPush {
		if f.ret != retInit || v != None {
			return f, pc, sp, tick, false
		}
		v = f.extra
	}
	f.slots[sp-1] = nil
	vm.depth--
	f.cc.pushFree(f)
	caller.slots[caller.sp] = v
	return caller, caller.pc, caller.sp + 1, tick - 1, true
}
