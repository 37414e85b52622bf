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
// arguments and takes it back as results: the instruction's hotStepFunc
// (perf_hot.go), which runs it with all its paths, or one of the narrower
// hotEnterNew, hotLeaveAny, hotCallBuiltin, hotItem, hotSlice and
// hotPureSubscr. No value lives across those calls, so none
// is reloaded after them. A case that sends its instruction on to a call
// must not have changed anything first.
//
// The slots and instructions are indexed through views without their
// lengths or bounds checks (perf_view.go), so that the lengths do not
// take two of the registers: the compiler sizes every frame for the stack
// depth it computes, its jumps land on instructions, and exec checks
// those depths under Options.CheckStack, which the tier never runs under;
// the views' checked twin (build tag weftviewcheck) tests it. Even so the
// dispatch still spills six values (the frame, pc, sp, the tick counter,
// the slots and the instructions), where cases need more registers than
// are left; the old loop spilled ten. The paths to calls read the
// instruction again rather than keep it, though with the PGO profile
// the inlined builtin-call and slice paths still reload its opcode, a
// seventh store.
//
// TestConformance runs the suite under both tiers, comparing them.

import (
	"sync/atomic"

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
		in := instrs.at(pc)
		// The arithmetic cases set these and leave the switch for the
		// common code after it: x op y, stored to slot dst (or to the
		// top of the stack when dst < 0) with sp moved to newSp, costing
		// cost ticks.
		var op bc.BinaryOp
		var x, y, boxed Value
		var fa, fb float64
		dst, newSp, cost := -1, 0, 0
		switch in.Op {
		case bc.LOAD_FAST:
			v := s.at(int(in.Arg))
			if v == nil {
				goto slow
			}
			s.set(sp, v)
			sp++
			pc++
			tick--
			continue
		case bc.STORE_FAST:
			sp--
			s.set(int(in.Arg), s.at(sp))
			pc++
			tick--
			continue
		case bc.LOAD_CONST:
			s.set(sp, f.cc.constAt(in.Arg))
			sp++
			pc++
			tick--
			continue
		case opConstStoreFast2:
			if l, i, ok := listIndexAny(s.at(int(instrs.at(pc+1).Arg)), s.at(int(instrs.at(pc+2).Arg))); ok {
				if p := l.packed; p == nil {
					l.items[i] = f.cc.constAt(in.Arg)
				} else if !p.setBool(i, f.cc.constAt(in.Arg)) && !p.setOther(i, f.cc.constAt(in.Arg)) {
					goto constStoreSlow
				}
				pc += 4
				tick -= 4
				continue
			}
		constStoreSlow:
			// Not a list and an index in range, or a value a packed list
			// does not hold: push the constant, for the instructions. The
			// argument is read again: kept in a register across
			// setOther's call, it would be stored at the head of every
			// instruction.
			s.set(sp, f.cc.constAt(instrs.at(pc).Arg))
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
			s.set(sp, s.at(sp-int(in.Arg)))
			sp++
			pc++
			tick--
			continue
		case bc.SWAP:
			i := sp - int(in.Arg)
			top := s.at(sp - 1)
			s.set(sp-1, s.at(i))
			s.set(i, top)
			pc++
			tick--
			continue
		case bc.LIST_APPEND:
			l := s.at(sp - 1 - int(in.Arg)).(*List)
			if len(l.items) == cap(l.items) {
				goto slow // append would grow it: a call
			}
			sp--
			n := len(l.items)
			l.items = l.items[:n+1] // append, without its call
			l.items[n] = s.at(sp)
			s.set(sp, nil)
			pc++
			tick--
			continue
		case bc.LOAD_DEREF:
			v := f.aux.cells[in.Arg].V
			if v == nil {
				goto slow
			}
			s.set(sp, v)
			sp++
			pc++
			tick--
			continue
		case bc.STORE_DEREF:
			sp--
			f.aux.cells[in.Arg].V = s.at(sp)
			s.set(sp, nil)
			pc++
			tick--
			continue
		case opIsJump, opConstIsJump:
			// x is y and the jump after it, where sameFree knows.
			isIn, k := in, 2
			var v, c Value
			if in.Op == opConstIsJump {
				v, c = s.at(sp-1), f.cc.constAt(in.Arg)
				isIn, k = instrs.at(pc+1), 1
			} else {
				v, c = s.at(sp-2), s.at(sp-1)
			}
			same, ok := sameFree(v, c)
			if !ok {
				goto slow
			}
			sp -= k
			pc = branch(same != (isIn.Arg != 0), instrs.at(pc+3-k), pc+4-k)
			tick -= int64(4 - k)
			continue
		case bc.IS_OP:
			same, ok := sameFree(s.at(sp-2), s.at(sp-1))
			if !ok {
				goto slow
			}
			sp--
			s.set(sp, nil)
			s.set(sp-1, Bool(same != (in.Arg != 0)))
			pc++
			tick--
			continue
		case opLoadFastAttr, opLoadAttr:
			// An instance attribute inline at the site's slot, or at
			// its hinted dict entry (self.x).
			var v Value
			ai := in.Arg
			if in.Op == opLoadFastAttr {
				v = s.at(int(in.Arg))
				ai = instrs.at(pc + 1).Arg
			} else {
				v = s.at(sp - 1)
			}
			o, ok := v.(*Instance)
			if !ok {
				goto slow
			}
			ac := f.cc.attrAt(ai)
			e := ac.find(o.Class)
			if e == nil || e.isProp {
				goto slow
			}
			var p *Value // attrAt, written out for the inliner
			if o.dict == inlineMark {
				p = o.inlineAt(e)
			} else if o.dict != nil {
				p = o.dictAt(e, ac.name)
			}
			if p == nil {
				goto slow
			}
			if in.Op == opLoadFastAttr {
				s.set(sp, *p)
				sp++
				pc += 2
				tick -= 2
				continue
			}
			s.set(sp-1, *p)
			pc++
			tick--
			continue
		case opStoreAttr:
			// An instance attribute at its hinted entry.
			o, ok := s.at(sp - 1).(*Instance)
			if !ok || o.Exc() != nil {
				goto slow
			}
			ac := f.cc.attrAt(in.Arg)
			e := ac.find(o.Class)
			if e == nil || !e.plainStore {
				goto slow
			}
			d := o.realDict()
			var p *Value // attrAt, written out for the inliner
			if o.dict == inlineMark {
				p = o.inlineAt(e)
			} else if d != nil {
				p = o.dictAt(e, ac.name)
			}
			if p != nil {
				*p = s.at(sp - 2)
			} else if o.appendAt(e, s.at(sp-2)) {
				// The attribute's first store (an __init__), inline in
				// its place.
			} else if h, known := ac.name.knownHash(); known && d != nil && d.nextSmallEntry(int32(e.hint)) &&
				len(d.entries) < cap(d.entries) && d.surelyLacksStr(ac.name) {
				// Or as the next entry of a small dict with room
				// (appendStrAt's case).
				d.appendNew(ac.name, s.at(sp-2), h)
			} else {
				goto slow // hotStepStoreAttr
			}
			sp -= 2
			pc++
			tick--
			continue
		case opLoadMethod:
			// A Weft method of an instance's class, or a builtin method of
			// a native class, that the instance dict provably does not
			// shadow (its key bits); a builtin method of a str, a list or
			// a dict: method and self. A module's function: below.
			recv := s.at(sp - 1)
			var t *Type
			o, isInst := recv.(*Instance)
			switch recv := recv.(type) {
			case *Module:
				// A module's function (math.sqrt) where the site's cache
				// holds its entry: the function and the null marker.
				m := f.cc.attrAt(in.Arg).cachedModuleAttr(recv)
				if m == nil {
					goto slow
				}
				s.set(sp-1, m)
				s.set(sp, nullMarker)
				sp++
				pc++
				tick--
				continue
			case *Instance:
				t = o.Class
			case *Str:
				t = StrType
			case *List:
				t = ListType
			case *Dict:
				t = DictType
			default:
				goto slow
			}
			ac := f.cc.attrAt(in.Arg)
			e := ac.find(t)
			if e == nil {
				goto slow
			}
			var m Value
			switch fn := e.attr.(type) {
			case *Function:
				if isInst {
					m = fn
				}
			case *Builtin:
				if !fn.Func || !isInst {
					m = fn
				}
			}
			if m == nil {
				goto slow
			}
			if isInst { // inline names' bits or the dict's key bits
				if o.dict == inlineMark {
					if !o.Class.surelyLacksAttr(ac.name) {
						goto slow
					}
				} else if o.dict != nil && !o.dict.surelyLacksStr(ac.name) {
					goto slow
				}
			}
			s.set(sp, recv)
			s.set(sp-1, m)
			sp++
			pc++
			tick--
			continue
		case bc.UNARY_NOT:
			t, ok := simpleTruth(s.at(sp - 1))
			if !ok {
				goto slow
			}
			s.set(sp-1, Bool(!t))
			pc++
			tick--
			continue
		case opStoreName:
			c := f.cc.globalAt(in.Arg)
			g := f.Globals
			if !f.moduleNS || c.globals != g || c.gver != g.version || c.builtin {
				goto slow
			}
			sp--
			g.entries[c.idx].Value = s.at(sp)
			s.set(sp, nil)
			pc++
			tick--
			continue
		case opLoadGlobal, opLoadName:
			c := f.cc.globalAt(in.Arg)
			g := f.Globals
			if in.Op == opLoadName && !f.moduleNS || c.globals != g || c.gver != g.version {
				goto slow
			}
			if !c.builtin {
				s.set(sp, g.entries[c.idx].Value)
			} else if b := c.builtins; b == vm.Builtins && c.bver == b.version {
				s.set(sp, b.entries[c.idx].Value)
			} else {
				goto slow
			}
			sp++
			pc++
			tick--
			continue
		case opLoadFast2Subscr, opLoadFast2Store:
			if l, i, ok := listIndex(s.at(int(in.Arg)), s.at(int(instrs.at(pc+1).Arg))); ok {
				if in.Op == opLoadFast2Subscr {
					v := l.items[i]
					if jump := instrs.at(pc + 3); jump.Op == bc.POP_JUMP_IF_FALSE || jump.Op == bc.POP_JUMP_IF_TRUE {
						if t, ok := simpleTruth(v); ok {
							pc = branch(t, jump, pc+4)
							tick -= 4
							continue
						}
					}
					s.set(sp, v)
					sp++
				} else {
					sp--
					l.items[i] = s.at(sp)
				}
				pc += 3
				tick -= 3
				continue
			}
			if p, i, ok := packedIndex(s.at(int(in.Arg)), s.at(int(instrs.at(pc+1).Arg))); ok && in.Op == opLoadFast2Subscr {
				if jump := instrs.at(pc + 3); jump.Op == bc.POP_JUMP_IF_FALSE || jump.Op == bc.POP_JUMP_IF_TRUE {
					// A packed False and 0 are 0, True and any other int not.
					pc = branch(p.elems[i] != 0, jump, pc+4)
					tick -= 4
					continue
				}
			}
			in = instrs.at(pc) // read again, as at slow below
			fallthrough
		case opLoadFast2, opLoadFastConst, opLoadFast2Cmp, opLoadFastConstCmp:
			v := s.at(int(in.Arg))
			next := instrs.at(pc + 1)
			var w Value
			if in.Op == opLoadFastConst || in.Op == opLoadFastConstCmp {
				w = f.cc.constAt(next.Arg)
			} else {
				w = s.at(int(next.Arg))
			}
			if v == nil || w == nil {
				goto slow
			}
			if in.Op == opLoadFast2Cmp || in.Op == opLoadFastConstCmp {
				a, aInt := v.(Int)
				b, bInt := w.(Int)
				if aInt && bInt {
					t := cmpOrdered(a, b, bc.CompareOp(instrs.at(pc+2).Arg))
					jump := instrs.at(pc + 3)
					pc = branch(t, jump, pc+4)
					tick -= 4
					continue
				}
			}
			s.set(sp, v)
			s.set(sp+1, w)
			sp += 2
			pc += 2
			tick -= 2
			continue
		case bc.BINARY_SUBSCR:
			l, i, ok := listIndex(s.at(sp-2), s.at(sp-1))
			if !ok {
				goto item
			}
			sp--
			s.set(sp-1, l.items[i])
			pc++
			tick--
			continue
		case bc.STORE_SUBSCR:
			l, i, ok := listIndex(s.at(sp-2), s.at(sp-1))
			if !ok {
				goto item
			}
			l.items[i] = s.at(sp - 3)
			sp -= 3
			pc++
			tick--
			continue
		case opCopy2Subscr:
			// COPY 2; COPY 2; BINARY_SUBSCR on a list: push x[k], keeping
			// x and k. (x[k] op= constant, fused, is hotPureSubscr's.)
			l, i, ok := listIndex(s.at(sp-2), s.at(sp-1))
			if !ok || instrs.at(pc+3).Op == opConstBinop {
				goto pure
			}
			s.set(sp, l.items[i])
			sp++
			pc += 3
			tick -= 3
			continue
		case opSwap2Store:
			// SWAP 3; SWAP 2; STORE_SUBSCR of x k v into a list.
			l, i, ok := listIndex(s.at(sp-3), s.at(sp-2))
			if !ok {
				goto pure
			}
			l.items[i] = s.at(sp - 1)
			sp -= 3
			pc += 3
			tick -= 3
			continue
		case bc.CONTAINS_OP:
			goto item
		case opSliceSubscr, opSliceStore, opSliceSubscrTemp, opSliceStoreTemp:
			// A call, the state passed in and out (see slow below).
			var ok bool
			if f, pc, sp, tick, ok = vm.hotSlice(f, in, pc, sp, tick); !ok {
				return f, pc, sp, tick, nil // exec's
			}
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			continue
		case opUnpackStore, bc.UNPACK_SEQUENCE:
			n := int(in.Arg)
			var items []Value
			switch v := s.at(sp - 1).(type) {
			case *Tuple:
				items = v.Items
			case *List:
				items = v.items
			}
			if len(items) != n || items == nil || tick <= int64(n)+1 {
				goto slow
			}
			sp--
			if in.Op == opUnpackStore {
				for k := 0; k < n; k++ {
					s.set(int(instrs.at(pc+1+k).Arg), items[k])
				}
				pc += n + 1
				tick -= int64(n) + 1
				continue
			}
			for k := n - 1; k >= 0; k-- {
				s.set(sp, items[k])
				sp++
			}
			pc++
			tick--
			continue
		case opLoadFast2Op, opLoadFastConstOp:
			x = s.at(int(in.Arg))
			next := instrs.at(pc + 1)
			if in.Op == opLoadFast2Op {
				y = s.at(int(next.Arg))
			} else {
				y = f.cc.constAt(next.Arg)
			}
			op = bc.BinaryOp(instrs.at(pc + 2).Arg)
			newSp, cost = sp+1, 3
			if pc+3 < len(f.cc.instrs) {
				switch after := instrs.at(pc + 3); after.Op {
				case bc.STORE_FAST:
					dst, newSp, cost = int(after.Arg), sp, 4
				case bc.BINARY_OP:
					// w op2 (a op b), all floats (v[0] -= dx * m,
					// dx*dx + dy*dy): one dispatch, and a op b is not
					// boxed. floatOp rounds each result (Float(a op b)):
					// no fused multiply-add.
					fw, wok := s.at(sp - 1).(Float)
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
							s.set(sp-1, v)
							pc += 4
							tick -= 4
							continue
						}
					}
				}
			}
		case bc.BINARY_OP:
			x, y, op = s.at(sp-2), s.at(sp-1), bc.BinaryOp(in.Arg)
			newSp, cost = sp-1, 1
		case opConstBinop:
			x, y, op = s.at(sp-1), f.cc.constAt(in.Arg), bc.BinaryOp(instrs.at(pc+1).Arg)
			newSp, cost = sp, 2
			if pc+2 < len(f.cc.instrs) && instrs.at(pc+2).Op == bc.STORE_FAST {
				dst, newSp, cost = int(instrs.at(pc+2).Arg), sp-1, 3
			}
		case opConstCmpJump:
			c := f.cc.constAt(in.Arg)
			a, aInt := s.at(sp - 1).(Int)
			b, bInt := c.(Int)
			if aInt && bInt {
				t := cmpOrdered(a, b, bc.CompareOp(instrs.at(pc+1).Arg))
				jump := instrs.at(pc + 2)
				sp--
				pc = branch(t, jump, pc+3)
				tick -= 3
				continue
			}
			s.set(sp, c)
			sp++
			pc++
			tick--
			continue
		case opCompareJump, bc.COMPARE_OP:
			// Ints and floats (strings compare by a call).
			var t bool
			switch a := s.at(sp - 2).(type) {
			case Int:
				b, ok := s.at(sp - 1).(Int)
				if !ok {
					goto slow
				}
				t = cmpOrdered(a, b, bc.CompareOp(in.Arg))
			case Float:
				b, ok := s.at(sp - 1).(Float)
				if !ok {
					goto slow
				}
				t = cmpOrdered(float64(a), float64(b), bc.CompareOp(in.Arg))
			default:
				goto slow
			}
			if in.Op == bc.COMPARE_OP {
				sp--
				s.set(sp-1, Bool(t))
				pc++
				tick--
				continue
			}
			sp -= 2
			next := instrs.at(pc + 1)
			pc = branch(t, next, pc+2)
			tick -= 2
			continue
		case bc.POP_JUMP_IF_FALSE, bc.POP_JUMP_IF_TRUE:
			t, ok := simpleTruth(s.at(sp - 1))
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
			t, ok := simpleTruth(s.at(sp - 1))
			if !ok {
				goto slow
			}
			pc++
			tick--
			if t == (in.Op == bc.JUMP_IF_TRUE_OR_POP) {
				pc = int(in.Arg)
			} else {
				sp--
				s.set(sp, nil)
			}
			continue
		case bc.JUMP, opJumpCold, opJumpWarm:
			pc = int(in.Arg)
			tick--
			continue
		case bc.CALL, bc.CALL_METHOD:
			// The frame switches are calls, which take the loop's state
			// and return it: nothing lives across them (file comment).
			base := sp - int(in.Arg) - 1
			if in.Op == bc.CALL_METHOD {
				base--
			}
			var ok bool
			switch s.at(base).(type) {
			case *Function:
				// Into a pooled frame without cells, inline; else by a call.
				// (callBase's and bindPlain's work, written out: through
				// them, with their slice headers, fib ran 0.7% more
				// instructions.)
				fn := s.at(base).(*Function)
				fcc := fn.cc
				first := base + 1
				if in.Op == bc.CALL_METHOD {
					if _, null := s.at(first).(nullMarkerType); null {
						first++
					}
				}
				nargs := sp - first
				var nf *Frame
				if fcc != nil {
					nf = fcc.free
				}
				if nf == nil || nargs != fcc.simpleArgs || vm.depth >= vm.recursionLimit || nf.aux != nil && nf.aux.cells != nil && len(fn.Code.Cells) != 0 {
					if f, pc, sp, tick, ok = vm.hotEnterNew(f, in, pc, sp, tick); !ok {
						goto slow
					}
					break
				}
				fcc.free, nf.Back = nf.Back, nil
				fcc.nfree--
				nf.Globals, nf.Fn = fn.Globals, fn
				// The arguments, without bounds checks: the frame has
				// a slot for each of its parameters (simpleArgs).
				ns := slotView(nf.slots)
				if nargs == 1 {
					ns.set(0, s.at(first)) // the commonest, without the loop
				} else {
					for i := 0; i < nargs; i++ {
						ns.set(i, s.at(first+i))
					}
				}
				if nf.aux != nil && nf.aux.cells != nil {
					// A closure without cells of its own: its free
					// variables' cells (initCells, without its call).
					cells := nf.aux.cells
					for i, c := range fn.Closure {
						cells[i] = c
					}
				}
				vm.depth++
				f.pc, f.sp = pc+1, base
				nf.Back = f
				f = nf
				pc, sp = nf.pc, nf.sp
				tick--
			case *Builtin, *Type:
				if t, isType := s.at(base).(*Type); isType && !t.Builtin {
					if f, pc, sp, tick, ok = vm.hotEnterNew(f, in, pc, sp, tick); !ok {
						goto slow // a class whose __init__ is not plain
					}
					break
				}
				// A builtin, or a builtin type's constructor.
				var err error
				if f, pc, sp, tick, err, ok = vm.hotCallBuiltin(f, in, pc, sp, tick); !ok {
					goto slow
				}
				if err != nil {
					return f, pc, sp, tick, err
				}
			default:
				goto slow
			}
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			continue
		case bc.RETURN_VALUE:
			// To a caller that takes the value, into the code object's
			// pool, inline; else by a call. (The frames with a namespace,
			// which releaseFrame keeps out of the pool, are class bodies,
			// imported modules and the main module: none has retPush and a
			// caller.)
			caller := f.Back
			v := s.at(sp - 1)
			if caller == nil || f.ret != retPush || f.gen != nil || f.entry || f.Fn == nil || f.cc.nfree >= maxPooled {
				var ok bool
				if f, pc, sp, tick, ok = vm.hotLeaveAny(f, pc, sp, tick); !ok {
					return f, pc, sp, tick, nil // exec's return
				}
				instrs, s = instrView(f.cc.instrs), slotView(f.slots)
				continue
			}
			s.set(sp-1, nil)
			vm.depth--
			if f.aux != nil && f.aux.cells != nil {
				clearCells(f.aux.cells) // releaseFrame's clear, without its call
			}
			f.cc.pushFree(f)
			f = caller
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			pc, sp = f.pc, f.sp
			s.set(sp, v)
			sp++
			tick--
			continue
		case opForIterStore, bc.FOR_ITER:
			var v Value
			switch it := s.at(sp - 1).(type) {
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
					items = it.list.items // none when packed
				} else if it.tuple != nil {
					items = it.tuple.Items
				}
				if it.i < len(items) {
					v = items[it.i]
					it.i++
				} else if l := it.list; l != nil && l.packed != nil && it.i < l.packed.len() {
					v = l.packed.at(it.i)
					it.i++
				} else {
					it.list, it.tuple = nil, nil
				}
			default:
				goto slow
			}
			if v == nil { // exhausted
				sp--
				s.set(sp, nil)
				pc = int(instrs.at(pc).Arg)
				tick--
				continue
			}
			if in.Op == opForIterStore {
				s.set(int(instrs.at(pc+1).Arg), v)
				pc += 2
				tick -= 2
				continue
			}
			s.set(sp, v)
			sp++
			pc++
			tick--
			continue
		default:
			goto slow
		}
		// x op y for ints and floats, boxed from the small-int table (an
		// entry already written) or the code object's slabs (with room
		// left); anything else goes to its step function.
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
			s.set(dst, boxed)
		} else {
			s.set(sp-1, boxed)
		}
		pc += cost
		tick -= int64(cost)
		continue
	pure:
		// Dicts' str and int keys (a probe compares strings: a call),
		// passing the state in and out as below.
		{
			var ok bool
			if f, pc, sp, tick, ok = hotPureSubscr(f, f.cc.instrs[pc], pc, sp, tick); ok {
				instrs, s = instrView(f.cc.instrs), slotView(f.slots)
				continue
			}
			return f, pc, sp, tick, nil // exec's
		}
	item:
		// Subscripts and `in` off the fast paths: a call, with the state
		// passed in and out.
		{
			var err error
			if f, pc, sp, tick, err = vm.hotItem(f, f.cc.instrs[pc], pc, sp, tick); err != nil {
				return f, pc, sp, tick, err
			}
			instrs, s = instrView(f.cc.instrs), slotView(f.slots)
			continue
		}
	slow:
		// The instruction's call: the state goes in and comes back as
		// results, so that no value lives across the call.
		in = instrs.at(pc) // read again: keeping it costs a store per instruction
		step := hotSteps[in.Op]
		if step == nil {
			return f, pc, sp, tick, nil // exec's
		}
		var err error
		var leave bool
		if f, pc, sp, tick, err, leave = step(vm, f, in, pc, sp, tick); leave {
			return f, pc, sp, tick, err
		}
		instrs, s = instrView(f.cc.instrs), slotView(f.slots)
	}
	return f, pc, sp, tick, nil
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

// hotEnterNew is the hot tier's CALL or CALL_METHOD (in) at pc of a plain
// Weft function with its positional parameters, the last ones perhaps
// from its defaults, into a pooled or a new frame, or of a class whose
// __init__ is such a function (the frame returns the new instance:
// retInit). (The commonest call, into a pooled frame without cells, is
// hotCallFree's own.) It returns the callee's frame with its pc and sp
// and the ticks left, or ok false and the state as it was.
func (vm *VM) hotEnterNew(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, bool) {
	s := f.slots
	base, first := callBase(s, in, sp)
	var cls *Type
	fn, ok := s[base].(*Function)
	if !ok {
		if cls, ok = s[base].(*Type); !ok || cls.Builtin {
			return f, pc, sp, tick, false
		}
		if fn = cls.plainInit(); fn == nil {
			return f, pc, sp, tick, false
		}
	}
	nself := 0
	if cls != nil {
		nself = 1
	}
	if fn.cc == nil || !plainArity(vm, fn, sp-first+nself) && !varArity(vm, fn, sp-first+nself, nself) {
		return f, pc, sp, tick, false
	}
	if cls != nil && !vm.opts.CheckStack && fn.cc.simpleArgs >= 0 {
		if p := cls.initPlan(fn); p != nil && tick > p.ticks+4 {
			// A store-only __init__: the instance without a frame.
			self := p.build(cls, fn, s[first:sp])
			clear(s[base+1 : sp])
			s[base] = self
			return f, pc + 1, base + 1, tick - 1 - p.ticks, true
		}
	}
	fcc := fn.cc
	nf := fcc.popFree()
	if nf == nil {
		nf = vm.allocFrame(fn.Code, fcc)
	}
	if cls != nil {
		self := newInstanceFor(cls)
		nf.slots[0] = self
		nf.ret = retInit
		nf.setExtra(self)
	}
	if fn.cc.simpleArgs >= 0 {
		bindPlain(nf, fn, s[first:sp], nself)
	} else {
		bindVarArgs(nf, fn, s[first:sp], nself)
	}
	if nf.aux != nil && nf.aux.cells != nil {
		vm.initCells(nf, fn) // a closure, or a function with cells
	}
	vm.depth++
	f.pc, f.sp = pc+1, base
	nf.Back = f
	return nf, nf.pc, nf.sp, tick - 1, true
}

// callBase returns where the callee of the CALL or CALL_METHOD in sits
// in s, and where its arguments start (after CALL_METHOD's null marker
// for a function that is not a method).
func callBase(s []Value, in bc.Instr, sp int) (base, first int) {
	base = sp - int(in.Arg) - 1
	first = base + 1
	if in.Op == bc.CALL_METHOD {
		base--
		first--
		if _, null := s[first].(nullMarkerType); null {
			first++
		}
	}
	return base, first
}

// plainArity reports whether fn takes n positional arguments, the
// missing ones from its defaults, within the recursion limit.
func plainArity(vm *VM, fn *Function, n int) bool {
	return n <= fn.cc.simpleArgs && n >= fn.cc.simpleArgs-len(fn.Defaults) && vm.depth < vm.recursionLimit
}

// varArity reports whether fn, a function with *args and only positional
// parameters before it (codeCache.varArgs), takes n positional arguments,
// nself of them an instance its parameters must hold (an __init__(*a)
// gets the instance in its tuple: the general binder's), within the
// recursion limit.
func varArity(vm *VM, fn *Function, n, nself int) bool {
	return fn.cc.varArgs >= nself && n >= fn.cc.varArgs-len(fn.Defaults) && vm.depth < vm.recursionLimit
}

// bindPlain puts fn's globals and positional arguments args, after nself
// slots, in its frame nf, and the defaults of the parameters args leave.
func bindPlain(nf *Frame, fn *Function, args []Value, nself int) {
	bindPositional(nf, fn, args, nself, fn.cc.simpleArgs)
}

// bindVarArgs is bindPlain for a function with *args (varArity): the
// arguments past its positional parameters go into the *args tuple.
func bindVarArgs(nf *Frame, fn *Function, args []Value, nself int) {
	nparams := fn.cc.varArgs
	k := min(len(args), nparams-nself)
	bindPositional(nf, fn, args[:k], nself, nparams)
	nf.slots[nparams] = tupleOf(args[k:]...)
}

// bindPositional puts fn's globals and args, after nself slots, in nf,
// and the defaults of the first nparams parameters that args leave.
func bindPositional(nf *Frame, fn *Function, args []Value, nself, nparams int) {
	nf.Globals, nf.Fn = fn.Globals, fn
	for i, a := range args { // copy() calls the runtime
		nf.slots[nself+i] = a
	}
	for j := nself + len(args); j < nparams; j++ {
		nf.slots[j] = fn.Defaults[j-(nparams-len(fn.Defaults))]
	}
}

// hotLeaveAny is the hot tier's RETURN_VALUE of any frame that returns
// to a caller that takes the value (or an __init__'s None, for the new
// instance), the frame going to releaseFrame. (The commonest return, a
// plain function's or a closure's into the pool, is hotCallFree's own.) It returns
// the caller with its pc and sp and the ticks left, or ok false and the
// state as it was.
func (vm *VM) hotLeaveAny(f *Frame, pc, sp int, tick int64) (*Frame, int, int, int64, bool) {
	caller, v, ok := returnTo(f, sp)
	if !ok {
		return f, pc, sp, tick, false
	}
	vm.depth--
	f.Back = nil
	vm.releaseFrame(f) // into the pool if it takes the frame
	caller.slots[caller.sp] = v
	return caller, caller.pc, caller.sp + 1, tick - 1, true
}

// returnTo returns the caller of f, returning from sp, and the value it
// gets, taken off f's stack; ok is false when the return is not the hot
// tier's (a generator's, a nested run's, a caller that drops the value).
func returnTo(f *Frame, sp int) (caller *Frame, v Value, ok bool) {
	caller, v = f.Back, f.slots[sp-1]
	if caller == nil || f.gen != nil || f.entry {
		return nil, nil, false
	}
	switch f.ret {
	case retPush:
	case retInit:
		if _, isNone := v.(NoneType); !isNone {
			return nil, nil, false
		}
		v = f.takeExtra()
	default:
		return nil, nil, false
	}
	f.slots[sp-1] = nil
	return caller, v, true
}

// hotStepStoreAttr runs opStoreAttr at pc on an instance attribute the
// site knows (no property, no user __setattr__): at its hinted entry, or
// added there when the dict's next entry is its usual place (as in
// __init__); else the tier leaves it to exec.
func (vm *VM) hotStepStoreAttr(f *Frame, in bc.Instr, pc, sp int, tick int64) (*Frame, int, int, int64, error, bool) {
	s := f.slots
	o, ok := s[sp-1].(*Instance)
	if !ok || o.Exc() != nil {
		return f, pc, sp, tick, nil, true
	}
	ac := f.cc.attrAt(in.Arg)
	e := ac.find(o.Class)
	if e != nil && e.isProp && e.propSet && tick > 6 {
		// A setter of self's attribute, without its frame: six
		// instructions at once, so only with room for all six in the
		// budget, as exec would run them.
		if p, ok := e.attr.(*Property); ok && propertySet(p, o, s[sp-2]) {
			s[sp-1], s[sp-2] = nil, nil
			return f, pc + 1, sp - 2, tick - 6, nil, false
		}
	}
	if e == nil || !e.plainStore {
		return f, pc, sp, tick, nil, true
	}
	if p := o.attrAt(e, ac.name); p != nil {
		*p = s[sp-2]
	} else if !o.appendAttr(e, ac.name, s[sp-2]) {
		return f, pc, sp, tick, nil, true
	}
	s[sp-1], s[sp-2] = nil, nil
	return f, pc + 1, sp - 2, tick - 1, nil, false
}

// branch is where a fused conditional jump goes: to jump's target when
// the condition t is the one it jumps on, else to next.
func branch(t bool, jump bc.Instr, next int) int {
	if t == (jump.Op == bc.POP_JUMP_IF_TRUE) {
		return int(jump.Arg)
	}
	return next
}

// clearCells nils a frame's cells, as clearSlots its slots. (Not a range
// loop: Go compiles that idiom into a call of memclrHasPointers.)
func clearCells(cells []*Cell) {
	for i := 0; i < len(cells); i++ {
		cells[i] = nil
	}
}
