package vm

// interp.go: the interpreter loop. One loop runs the current frame; calls
// push frames and returns pop them without recursing on the Go stack.

import (
	"fmt"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// nullMarker fills LOAD_METHOD's self slot when the attribute was not a
// plain method (the callable is then called without self).
type nullMarkerType struct{}

var nullMarker Value = nullMarkerType{}

// isNullMarker reports whether v is the null marker: a test of the type
// word (v == nullMarker compares two interfaces, a runtime call).
func isNullMarker(v Value) bool {
	_, ok := v.(nullMarkerType)
	return ok
}

// run executes entry (and every frame it calls) until entry returns. It
// returns entry's value or the exception that escaped it.
func (vm *VM) run(entry *Frame) (Value, error) {
	entry.entry = true
	return vm.loop(entry)
}

// loop runs frames until exec reports that the run is over.
func (vm *VM) loop(f *Frame) (Value, error) {
	var err error
	for {
		f, err = vm.exec(f)
		if f == nil {
			// exec returns (nil, err) when entry finished: err is the
			// escaping exception, or a *returnSignal carrying the value.
			if rs, ok := err.(*returnSignal); ok {
				v := rs.v
				rs.v = nil
				return v, nil
			}
			return nil, err
		}
	}
}

// returnSignal carries the entry frame's return value out of exec.
type returnSignal struct{ v Value }

func (*returnSignal) Error() string { return "return" }

// returnSig returns the VM's one return signal carrying v: loop (or the
// scheduler's exit path) takes the value out before any other Weft code
// runs, so nested runs never see each other's, and a Go-to-Weft call
// does not allocate one.
func (vm *VM) returnSig(v Value) error {
	vm.retSig.v = v
	return &vm.retSig
}

// yieldSig is returnSig for a value yielded by the entry frame.
func (vm *VM) yieldSig(v Value) error {
	vm.yieldSg.v = v
	return &vm.yieldSg
}

// exec runs instructions of f and its callees. It returns the frame to
// continue with (after a tasklet switch or exception unwinding) or nil
// when the entry frame finished.
func (vm *VM) exec(f *Frame) (*Frame, error) {
	instrs := f.cc.instrs
	s := f.slots
	pc, sp := f.pc, f.sp
	var err error
	// Read once: a field load and test per instruction shows in loops.
	checkStack := vm.opts.CheckStack
	// The back-edge the hot tier was last entered at (see hot below).
	var edgeCC *codeCache
	var edgePC int
	var edgeTick int64

	for {
		vm.tick--
		if vm.tick <= 0 {
			f.pc, f.sp = pc, sp
			nf, e := vm.slowTick(f)
			if e != nil {
				err = e
				pc++ // the pending instruction counts as the raising one
				goto fail
			}
			if nf != f {
				f = nf
				goto resume
			}
		}
		if checkStack {
			vm.checkDepth(f, pc, sp)
		}
		{
			in := instrs[pc]
			pc++
			switch in.Op {
			case bc.NOP, bc.SETUP_ANNOTATIONS:
			case bc.POP_TOP:
				// Hot pops leave the vacated slot as it is: clearing it
				// costs a write-barrier entry while the GC marks, and the
				// stale reference lives at most until the slot is reused or
				// the frame is released (releaseFrame clears every slot).
				sp--
			case bc.POP_ITER:
				sp--
				it := s[sp]
				s[sp] = nil
				if g, ok := it.(*Generator); ok && in.Arg == 1 && g.started && !g.done {
					f.pc, f.sp = pc, sp
					if _, _, e := vm.genMethod(nil, genCloseBuiltin, []Value{g}); e != nil {
						err = e
						goto fail
					}
				}
			case bc.COPY, opCopyAttrAug:
				s[sp] = s[sp-int(in.Arg)]
				sp++
			case bc.SWAP:
				i := sp - int(in.Arg)
				s[i], s[sp-1] = s[sp-1], s[i]
			case bc.LOAD_CONST, opConstCmpJump, opConstIsJump, opConstStoreFast2, opExprConst:
				s[sp] = f.cc.consts[in.Arg]
				sp++
			case bc.LOAD_FAST, opExprFast:
				v := s[in.Arg]
				if v == nil {
					err = vm.NewError(UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value", f.code().Locals[in.Arg])
					goto fail
				}
				s[sp] = v
				sp++
			case bc.STORE_FAST:
				sp--
				s[in.Arg] = s[sp]
			case bc.DELETE_FAST:
				if s[in.Arg] == nil {
					err = vm.NewError(UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value", f.code().Locals[in.Arg])
					goto fail
				}
				s[in.Arg] = nil
			case bc.LOAD_DEREF:
				v := f.aux.cells[in.Arg].V
				if v == nil {
					err = vm.derefError(f.code(), int(in.Arg))
					goto fail
				}
				s[sp] = v
				sp++
			case bc.STORE_DEREF:
				sp--
				f.aux.cells[in.Arg].V = s[sp]
				s[sp] = nil
			case bc.DELETE_DEREF:
				if f.aux.cells[in.Arg].V == nil {
					err = vm.derefError(f.code(), int(in.Arg))
					goto fail
				}
				f.aux.cells[in.Arg].V = nil
			case bc.LOAD_CLOSURE:
				s[sp] = f.aux.cells[in.Arg]
				sp++
			case bc.LOAD_CLASSDEREF:
				name := cellName(f.code(), int(in.Arg))
				if v, ok := f.locals().GetStr(name); ok {
					s[sp] = v
					sp++
					break
				}
				v := f.aux.cells[in.Arg].V
				if v == nil {
					err = vm.derefError(f.code(), int(in.Arg))
					goto fail
				}
				s[sp] = v
				sp++
			case opLoadGlobal:
				c := &f.cc.globals[in.Arg]
				var v Value
				// (The version test written out: exec is too big for
				// the inliner to take current.)
				if g := f.Globals; c.globals == g && c.gver == g.version || c.current(g) {
					if !c.builtin {
						v = g.entries[c.idx].Value
					} else if b := c.builtins; b == vm.Builtins && c.bver == b.version {
						v = b.entries[c.idx].Value
					}
				}
				if v == nil {
					var ok bool
					if v, ok = vm.loadGlobalSlow(f, c); !ok {
						err = vm.nameError(c.name)
						goto fail
					}
				}
				s[sp] = v
				sp++
			case opLoadAttr:
				c := &f.cc.attrs[in.Arg]
				if o, ok := s[sp-1].(*Instance); ok {
					// Inline hit: an instance attribute at its hinted entry.
					e := c.find(o.Class)
					if e == nil {
						// Filled here, not by loadAttr, so that a property
						// meets its frame path from the first read on.
						e = c.entry(o.Class)
					}
					if !e.isProp {
						if p := o.attrAt(e, c.name); p != nil {
							s[sp-1] = *p
							break
						}
					} else if e.propFrame {
						// A property whose getter is a plain function runs
						// in a frame of this loop, as fget(o) would (and
						// may block the tasklet, as a call may).
						if nf := vm.propertyGetFrame(e.attr, o); nf != nil {
							f.pc, f.sp = pc, sp-1
							nf.Back = f
							f = nf
							goto enter
						}
					}
				}
				v, e := vm.loadAttr(s[sp-1], c)
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = v
			case opStoreAttr:
				c := &f.cc.attrs[in.Arg]
				if o, ok := s[sp-1].(*Instance); ok && o.Exc() == nil {
					// Inline hit: overwrite an existing instance attribute.
					if e := c.find(o.Class); e != nil && e.plainStore {
						if p := o.attrAt(e, c.name); p != nil {
							*p = s[sp-2]
							sp -= 2
							break
						}
						// Or a new one in its usual place (__init__).
						if o.appendAttr(e, c.name, s[sp-2]) {
							sp -= 2
							break
						}
					}
				}
				if o, ok := s[sp-1].(*Instance); ok && o.Exc() == nil {
					// A property whose setter is a plain function runs in
					// a frame of this loop, as fset(o, v) would.
					if e := c.entry(o.Class); e.isProp && e.propSet {
						if nf := vm.propertySetFrame(e.attr, o, s[sp-2]); nf != nil {
							s[sp-1], s[sp-2] = nil, nil
							f.pc, f.sp = pc, sp-2
							nf.Back = f
							f = nf
							goto enter
						}
					}
				}
				if err = vm.storeAttr(s[sp-1], c, s[sp-2]); err != nil {
					goto fail
				}
				sp -= 2
			case opLoadMethod:
				if _, isCh := s[sp-1].(*Channel); isCh {
					next, res, nf, ok, e := vm.fusedChannelCall(f, &f.cc.attrs[in.Arg], pc, sp)
					if ok {
						if nf == f { // control came back to this frame's own handler
							goto resume
						}
						pc, sp = next, sp-1
						if e != nil {
							err = e
							goto fail
						}
						if nf != nil {
							f = nf
							goto resume
						}
						s[sp] = res
						sp++
						break
					}
				}
				fn, self, e := vm.loadMethodCached(s[sp-1], &f.cc.attrs[in.Arg])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = fn
				s[sp] = self
				sp++
			case opLoadFast2Op, opLoadFastConstOp:
				// LOAD_FAST a; LOAD_FAST b (or LOAD_CONST c); BINARY_OP
				// [; STORE_FAST d] in one dispatch when the operands take
				// the arithmetic fast path. Otherwise (and when the
				// instruction budget has no room for all of them) it runs
				// as the first load alone.
				v := s[in.Arg]
				next := instrs[pc]
				var w Value
				if in.Op == opLoadFast2Op {
					w = s[next.Arg]
				} else {
					w = f.cc.consts[next.Arg]
				}
				if v != nil && w != nil && vm.tick >= 4 {
					if r, ok := f.cc.arith(bc.BinaryOp(instrs[pc+1].Arg), v, w); ok {
						if vm.opts.CheckStack {
							vm.checkDepth(f, pc, sp+1)
							vm.checkDepth(f, pc+1, sp+2)
						}
						if pc+2 < len(instrs) && instrs[pc+2].Op == bc.STORE_FAST {
							st := instrs[pc+2]
							if vm.opts.CheckStack {
								vm.checkDepth(f, pc+2, sp+1)
							}
							s[st.Arg] = r
							pc += 3
							vm.tick -= 3
							break
						}
						s[sp] = r
						sp++
						pc += 2
						vm.tick -= 2
						break
					}
				}
				if v == nil {
					err = vm.NewError(UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value", f.code().Locals[in.Arg])
					goto fail
				}
				s[sp] = v
				sp++
			case opSliceSubscr, opSliceStore, opSliceSubscrTemp, opSliceStoreTemp:
				// BUILD_SLICE(n) followed by BINARY_SUBSCR or STORE_SUBSCR
				// on a list with int/None bounds (perf_slice.go); else it
				// runs as BUILD_SLICE alone.
				n := int(in.Arg)
				var st Value
				if n == 3 {
					st = s[sp-1]
				}
				lo, hi := s[sp-n], s[sp-n+1]
				if l, ok := s[sp-n-1].(*List); ok && vm.tick >= 2 {
					if isSliceSubscr(in.Op) {
						if r, ok := vm.sliceOp(in.Op, l, lo, hi, st); ok {
							if vm.opts.CheckStack {
								vm.checkDepth(f, pc, sp-n+1)
							}
							sp -= n
							s[sp-1] = r
							pc++
							vm.tick--
							break
						}
					} else if vm.storeSliceOp(in.Op, l, lo, hi, st, s[sp-n-2]) {
						if vm.opts.CheckStack {
							vm.checkDepth(f, pc, sp-n+1)
						}
						sp -= n + 2
						pc++
						vm.tick--
						break
					}
				}
				if in.Op == opSliceStoreTemp {
					vm.takeSliceTemp(s[sp-n-2]) // the general store may keep it
				}
				sl := &Slice{Start: lo, Stop: hi, Step: None}
				if n == 3 {
					sl.Step = st
				}
				sp = vm.popN(s, sp, n)
				s[sp] = sl
				sp++
			case opLoadFastAttr:
				// LOAD_FAST x; LOAD_ATTR name with x an instance whose dict
				// holds name (and no property shadows it).
				v := s[in.Arg]
				if v == nil {
					err = vm.NewError(UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value", f.code().Locals[in.Arg])
					goto fail
				}
				s[sp] = v
				sp++
				if o, ok := v.(*Instance); ok && vm.tick >= 2 {
					c := &f.cc.attrs[instrs[pc].Arg]
					if e := c.find(o.Class); e != nil && !e.isProp {
						if r, ok := o.getAttrEntry(c.name, e); ok {
							if vm.opts.CheckStack {
								vm.checkDepth(f, pc, sp)
							}
							s[sp-1] = r
							pc++
							vm.tick--
						}
					}
				}
			case opLoadFast2Subscr, opLoadFast2Store:
				// LOAD_FAST l; LOAD_FAST i; BINARY_SUBSCR (push l[i]) or
				// STORE_SUBSCR (l[i] = TOS) for a list and an in-range int;
				// otherwise the two loads run as opLoadFast2.
				if l, ok := s[in.Arg].(*List); ok && vm.tick >= 3 {
					if i, ok := s[instrs[pc].Arg].(Int); ok && i >= 0 && int64(i) < int64(len(l.items)) {
						if vm.opts.CheckStack {
							vm.checkDepth(f, pc, sp+1)
							vm.checkDepth(f, pc+1, sp+2)
						}
						if in.Op == opLoadFast2Subscr {
							s[sp] = l.items[i]
							sp++
						} else {
							sp--
							l.items[i] = s[sp]
						}
						pc += 2
						vm.tick -= 2
						break
					}
				}
				fallthrough
			case opLoadFast2, opLoadFastConst, opLoadFast2Cmp, opLoadFastConstCmp:
				// LOAD_FAST a; LOAD_FAST b (or LOAD_CONST c). Fused only
				// when both loads succeed and the instruction budget has
				// room for two, so budgets and errors are exactly those of
				// the two instructions.
				v := s[in.Arg]
				next := instrs[pc]
				var w Value
				if in.Op == opLoadFastConst || in.Op == opLoadFastConstCmp {
					w = f.cc.consts[next.Arg]
				} else {
					w = s[next.Arg]
				}
				if v == nil {
					err = vm.NewError(UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value", f.code().Locals[in.Arg])
					goto fail
				}
				s[sp] = v
				sp++
				if w == nil || vm.tick < 2 {
					break
				}
				if vm.opts.CheckStack {
					vm.checkDepth(f, pc, sp)
				}
				vm.tick--
				pc++
				s[sp] = w
				sp++
			case opCompareJump:
				x, y := s[sp-2], s[sp-1]
				var v Value
				if a, ok := x.(Int); ok {
					if b, ok := y.(Int); ok {
						v = Bool(cmpOrdered(a, b, bc.CompareOp(in.Arg)))
					}
				} else if a, ok := x.(Float); ok {
					if b, ok := y.(Float); ok {
						v = Bool(cmpOrdered(float64(a), float64(b), bc.CompareOp(in.Arg)))
					}
				}
				if v == nil {
					v, err = vm.Compare(x, y, bc.CompareOp(in.Arg))
					if err != nil {
						goto fail
					}
				}
				t, isBool := v.(Bool)
				if !isBool || vm.tick < 2 {
					sp--
					s[sp] = nil
					s[sp-1] = v
					break
				}
				// Fused with the POP_JUMP_IF_* at pc.
				sp -= 2
				if vm.opts.CheckStack {
					vm.checkDepth(f, pc, sp+1)
				}
				vm.tick--
				next := instrs[pc]
				pc++
				if bool(t) == (next.Op == bc.POP_JUMP_IF_TRUE) {
					pc = int(next.Arg)
				}
			case bc.LOAD_GLOBAL:
				v, ok := f.Globals.GetStr(f.cc.names[in.Arg].S)
				if !ok {
					v, ok = vm.Builtins.GetStr(f.cc.names[in.Arg].S)
					if !ok {
						err = vm.nameError(f.cc.names[in.Arg])
						goto fail
					}
				}
				s[sp] = v
				sp++
			case bc.STORE_GLOBAL:
				sp--
				f.Globals.SetStrKey(f.cc.names[in.Arg], s[sp])
				s[sp] = nil
			case bc.DELETE_GLOBAL:
				if !f.Globals.DeleteStr(f.cc.names[in.Arg].S) {
					err = vm.nameError(f.cc.names[in.Arg])
					goto fail
				}
			case opLoadName:
				c := &f.cc.globals[in.Arg]
				var v Value
				var ok bool
				if f.moduleNS {
					// A module body: LOAD_GLOBAL's lookup and cache.
					if v = cachedGlobal(c, f.Globals, vm.Builtins); v != nil {
						ok = true
					} else {
						v, ok = vm.loadGlobalSlow(f, c)
					}
				} else if v, ok = f.locals().GetStrKey(c.name); !ok {
					if v, ok = f.Globals.GetStrKey(c.name); !ok {
						v, ok = vm.Builtins.GetStrKey(c.name)
					}
				}
				if !ok {
					err = vm.nameError(c.name)
					goto fail
				}
				s[sp] = v
				sp++
			case opStoreName:
				sp--
				if c := &f.cc.globals[in.Arg]; f.moduleNS {
					storeNameCached(f.Globals, c, s[sp])
				} else {
					f.locals().SetStrKey(c.name, s[sp])
				}
				s[sp] = nil
			case bc.DELETE_NAME:
				if !f.locals().DeleteStr(f.cc.names[in.Arg].S) {
					err = vm.nameError(f.cc.names[in.Arg])
					goto fail
				}
			case bc.LOAD_ATTR:
				v, e := vm.GetAttr(s[sp-1], f.cc.names[in.Arg])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = v
			case bc.STORE_ATTR:
				if err = vm.SetAttr(s[sp-1], f.cc.names[in.Arg], s[sp-2]); err != nil {
					goto fail
				}
				sp -= 2
				s[sp], s[sp+1] = nil, nil
			case bc.DELETE_ATTR:
				if err = vm.DelAttr(s[sp-1], f.cc.names[in.Arg]); err != nil {
					goto fail
				}
				sp--
				s[sp] = nil
			case bc.LOAD_METHOD:
				fn, self, e := vm.loadMethod(s[sp-1], f.cc.names[in.Arg])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = fn
				s[sp] = self
				sp++
			case bc.BINARY_SUBSCR:
				if l, ok := s[sp-2].(*List); ok {
					if i, ok := s[sp-1].(Int); ok && i >= 0 && int64(i) < int64(len(l.items)) {
						sp--
						s[sp-1] = l.items[i]
						break
					}
				}
				v, e := vm.GetItem(s[sp-2], s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				sp--
				s[sp-1] = v
			case bc.STORE_SUBSCR:
				if l, ok := s[sp-2].(*List); ok {
					if i, ok := s[sp-1].(Int); ok && i >= 0 && int64(i) < int64(len(l.items)) {
						l.items[i] = s[sp-3]
						sp -= 3
						break
					}
				}
				if err = vm.SetItem(s[sp-2], s[sp-1], s[sp-3]); err != nil {
					goto fail
				}
				sp -= 3
			case bc.DELETE_SUBSCR:
				if err = vm.DelItem(s[sp-2], s[sp-1]); err != nil {
					goto fail
				}
				sp -= 2
				s[sp], s[sp+1] = nil, nil
			case bc.BINARY_OP:
				x, y := s[sp-2], s[sp-1]
				if r, ok := f.cc.arith(bc.BinaryOp(in.Arg), x, y); ok {
					sp--
					s[sp-1] = r
					break
				}
				v, e := vm.BinaryOp(bc.BinaryOp(in.Arg), x, y)
				if e != nil {
					err = e
					goto fail
				}
				sp--
				s[sp] = nil
				s[sp-1] = v
			case bc.UNARY_NEGATIVE, bc.UNARY_POSITIVE, bc.UNARY_INVERT:
				v, e := vm.UnaryOp(in.Op, s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = v
			case bc.UNARY_NOT:
				t, e := vm.Truthy(s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = Bool(!t)
			case bc.COMPARE_OP:
				x, y := s[sp-2], s[sp-1]
				var v Value
				if a, ok := x.(Int); ok {
					if b, ok := y.(Int); ok {
						v = Bool(cmpOrdered(a, b, bc.CompareOp(in.Arg)))
					}
				}
				if v == nil {
					v, err = vm.Compare(x, y, bc.CompareOp(in.Arg))
					if err != nil {
						goto fail
					}
				}
				sp--
				s[sp] = nil
				s[sp-1] = v
			case bc.IS_OP, opIsJump:
				r := identical(s[sp-2], s[sp-1])
				if in.Arg != 0 {
					r = !r
				}
				sp--
				s[sp] = nil
				s[sp-1] = Bool(r)
			case bc.CONTAINS_OP:
				r, e := vm.Contains(s[sp-1], s[sp-2])
				if e != nil {
					err = e
					goto fail
				}
				if in.Arg != 0 {
					r = !r
				}
				sp--
				s[sp] = nil
				s[sp-1] = Bool(r)
			case bc.CHECK_EXC_MATCH:
				r, e := vm.excMatches(s[sp-2], s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = Bool(r)
			case bc.FORMAT_VALUE:
				if sp, err = vm.formatOperand(s, sp, in.Arg); err != nil {
					goto fail
				}
			case bc.BUILD_STRING:
				n := int(in.Arg)
				v, e := vm.buildString(s[sp-n : sp])
				if e != nil {
					err = e
					goto fail
				}
				sp = vm.popN(s, sp, n)
				s[sp] = v
				sp++
			case bc.BUILD_TUPLE:
				sp = buildTuple(s, sp, int(in.Arg))
			case bc.BUILD_LIST:
				sp = buildList(s, sp, int(in.Arg))
			case bc.BUILD_SET:
				n := int(in.Arg)
				set := &Set{}
				for i := sp - n; i < sp; i++ {
					if err = vm.DictSet(&set.D, s[i], None); err != nil {
						goto fail
					}
				}
				sp = vm.popN(s, sp, n)
				s[sp] = set
				sp++
			case bc.BUILD_MAP:
				if sp, err = vm.buildMap(s, sp, int(in.Arg)); err != nil {
					goto fail
				}
			case bc.BUILD_SLICE:
				sl := &Slice{Start: s[sp-int(in.Arg)], Stop: s[sp-int(in.Arg)+1], Step: None}
				if in.Arg == 3 {
					sl.Step = s[sp-1]
				}
				sp = vm.popN(s, sp, int(in.Arg))
				s[sp] = sl
				sp++
			case bc.LIST_APPEND:
				sp--
				l := s[sp-int(in.Arg)].(*List)
				l.appendValue(s[sp])
				s[sp] = nil
			case bc.SET_ADD:
				sp--
				if err = vm.DictSet(&s[sp-int(in.Arg)].(*Set).D, s[sp], None); err != nil {
					goto fail
				}
				s[sp] = nil
			case bc.MAP_ADD:
				sp -= 2
				if err = vm.DictSet(s[sp-int(in.Arg)].(*Dict), s[sp], s[sp+1]); err != nil {
					goto fail
				}
				s[sp], s[sp+1] = nil, nil
			case bc.LIST_EXTEND:
				items, e := vm.Collect(s[sp-1])
				if e != nil {
					// f(*x) alone: CPython passes x to the call itself,
					// which names the callee in its error.
					var callee Value
					if l := s[sp-1-int(in.Arg)].(*List); l.Len() == 0 && in.Arg == 1 && sp >= 3 &&
						pc < len(instrs) && instrs[pc].Op == bc.LIST_TO_TUPLE {
						callee = s[sp-3]
					}
					err = vm.starError(e, s[sp-1], callee)
					goto fail
				}
				sp--
				s[sp] = nil
				l := s[sp-int(in.Arg)].(*List)
				l.setValues(append(l.values(), items...))
			case bc.SET_UPDATE:
				items, e := vm.Collect(s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				sp--
				s[sp] = nil
				set := s[sp-int(in.Arg)].(*Set)
				for _, it := range items {
					if err = vm.DictSet(&set.D, it, None); err != nil {
						goto fail
					}
				}
			case bc.DICT_UPDATE, bc.DICT_MERGE:
				d := s[sp-1-int(in.Arg)].(*Dict)
				if err = vm.dictMerge(d, s[sp-1], in.Op == bc.DICT_MERGE, s, sp, int(in.Arg)); err != nil {
					goto fail
				}
				sp--
				s[sp] = nil
			case bc.LIST_TO_TUPLE:
				s[sp-1] = &Tuple{Items: s[sp-1].(*List).values()}
			case opUnpackStore:
				// UNPACK_SEQUENCE n followed by n STORE_FASTs (left in
				// place): a tuple or list of exactly n items goes straight
				// into the locals.
				if n := int(in.Arg); vm.tick > int64(n) {
					var items []Value
					switch x := s[sp-1].(type) {
					case *Tuple:
						items = x.Items
					case *List:
						items = x.values()
					}
					if len(items) == n && items != nil {
						sp--
						for k := 0; k < n; k++ {
							if vm.opts.CheckStack {
								vm.checkDepth(f, pc+k, sp+n-k)
							}
							s[instrs[pc+k].Arg] = items[k]
						}
						pc += n
						vm.tick -= int64(n)
						break
					}
				}
				fallthrough
			case bc.UNPACK_SEQUENCE:
				n := int(in.Arg)
				items, e := vm.unpack(s[sp-1], n, -1)
				if e != nil {
					err = e
					goto fail
				}
				sp--
				for i := n - 1; i >= 0; i-- {
					s[sp] = items[i]
					sp++
				}
			case bc.UNPACK_EX:
				before, after := int(in.Arg&0xff), int(in.Arg>>8)
				items, e := vm.unpack(s[sp-1], before, after)
				if e != nil {
					err = e
					goto fail
				}
				sp--
				for i := len(items) - 1; i >= 0; i-- {
					s[sp] = items[i]
					sp++
				}
			case bc.JUMP, opJumpWarm:
				jump := pc - 1
				back := int(in.Arg) < pc
				pc = int(in.Arg)
				if back && !checkStack {
					// A loop's back-edge: run the loop in the hot tier.
					edgeCC, edgePC, edgeTick = f.cc, jump, vm.tick
					goto hot
				}
			case opJumpCold:
				pc = int(in.Arg)
			case bc.POP_JUMP_IF_FALSE, bc.POP_JUMP_IF_TRUE:
				v := s[sp-1]
				var t bool
				switch x := v.(type) {
				case Bool:
					t = bool(x)
				case Int:
					t = x != 0
				case NoneType:
				default:
					t, err = vm.Truthy(v)
					if err != nil {
						goto fail
					}
				}
				sp--
				if t == (in.Op == bc.POP_JUMP_IF_TRUE) {
					pc = int(in.Arg)
				}
			case bc.JUMP_IF_FALSE_OR_POP, bc.JUMP_IF_TRUE_OR_POP:
				t, e := vm.Truthy(s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				if t == (in.Op == bc.JUMP_IF_TRUE_OR_POP) {
					pc = int(in.Arg)
				} else {
					sp--
					s[sp] = nil
				}
			case bc.GET_ITER:
				it, e := vm.Iter(s[sp-1])
				if e != nil {
					err = e
					goto fail
				}
				s[sp-1] = it
			case bc.GET_YIELD_FROM_ITER:
				if _, isGen := s[sp-1].(*Generator); !isGen {
					it, e := vm.Iter(s[sp-1])
					if e != nil {
						err = e
						goto fail
					}
					s[sp-1] = it
				}
			case opCopy2Subscr:
				// COPY 2; COPY 2; BINARY_SUBSCR (the read half of
				// x[k] op= v): push x[k] keeping x and k, when x is a list
				// indexed in range or a dict holding the str key k (pure
				// lookups; anything else runs the COPYs one by one).
				if vm.tick >= 3 {
					if r, ok := subscrPure(s[sp-2], s[sp-1]); ok {
						if vm.opts.CheckStack {
							vm.checkDepth(f, pc, sp+1)
							vm.checkDepth(f, pc+1, sp+2)
						}
						s[sp] = r
						sp++
						pc += 2
						vm.tick -= 2
						break
					}
				}
				s[sp] = s[sp-2]
				sp++
			case opSwap2Store:
				// SWAP 3; SWAP 2; STORE_SUBSCR (the write half of
				// x[k] op= v with x k v on the stack): store without the
				// swaps when the store cannot run Weft code or fail.
				if vm.tick >= 3 && storePure(s[sp-3], s[sp-2], s[sp-1]) {
					if vm.opts.CheckStack {
						vm.checkDepth(f, pc, sp)
						vm.checkDepth(f, pc+1, sp)
					}
					sp -= 3
					pc += 2
					vm.tick -= 2
					break
				}
				i := sp - 3
				s[i], s[sp-1] = s[sp-1], s[i]
			case opConstBinop:
				// LOAD_CONST c; BINARY_OP [; STORE_FAST] with TOS as the
				// left operand, when the arithmetic fast path applies.
				w := f.cc.consts[in.Arg]
				if vm.tick >= 3 {
					if r, ok := f.cc.arith(bc.BinaryOp(instrs[pc].Arg), s[sp-1], w); ok {
						if vm.opts.CheckStack {
							vm.checkDepth(f, pc, sp+1)
						}
						if pc+1 < len(instrs) && instrs[pc+1].Op == bc.STORE_FAST {
							if vm.opts.CheckStack {
								vm.checkDepth(f, pc+1, sp)
							}
							sp--
							s[instrs[pc+1].Arg] = r
							pc += 2
							vm.tick -= 2
							break
						}
						s[sp-1] = r
						pc++
						vm.tick--
						break
					}
				}
				s[sp] = w
				sp++
			case opForIterStore:
				// FOR_ITER over a range or list/tuple iterator, with the
				// STORE_FAST after it (left in place) done here.
				if vm.tick >= 2 {
					var v Value
					switch it := s[sp-1].(type) {
					case *rangeIter:
						if it.left > 0 {
							v = f.cc.boxInt(Int(it.cur))
							it.cur += it.step
							it.left--
						}
					case *seqIter:
						v, _, _ = it.next(vm)
					default:
						goto plainForIter
					}
					if v == nil {
						sp--
						s[sp] = nil
						pc = int(in.Arg)
						break
					}
					if vm.opts.CheckStack {
						vm.checkDepth(f, pc, sp+1)
					}
					s[instrs[pc].Arg] = v
					pc++
					vm.tick--
					break
				}
			plainForIter:
				fallthrough
			case bc.FOR_ITER:
				switch it := s[sp-1].(type) {
				case *rangeIter:
					if it.left <= 0 {
						sp--
						s[sp] = nil
						pc = int(in.Arg)
						break
					}
					s[sp] = f.cc.boxInt(Int(it.cur))
					it.cur += it.step
					it.left--
					sp++
				case *seqIter:
					v, ok, _ := it.next(vm)
					if !ok {
						sp--
						s[sp] = nil
						pc = int(in.Arg)
						break
					}
					s[sp] = v
					sp++
				case *Generator:
					f.pc, f.sp = pc, sp
					nf, e := vm.resumeGen(f, it, None, nil, retForIter)
					if e != nil {
						err = e
						goto fail
					}
					f = nf
					instrs = f.cc.instrs
					s = f.slots
					pc, sp = f.pc, f.sp
				case *Channel:
					f.pc, f.sp = pc, sp
					v, nf, e := vm.channelIterNext(f, it)
					if e != nil {
						err = e
						goto fail
					}
					if nf != nil {
						f = nf
						goto resume
					}
					if v == nil {
						sp--
						s[sp] = nil
						pc = int(in.Arg)
						break
					}
					s[sp] = v
					sp++
				default:
					v, ok, e := vm.next(it)
					if e != nil {
						err = e
						goto fail
					}
					if !ok {
						sp--
						s[sp] = nil
						pc = int(in.Arg)
						break
					}
					s[sp] = v
					sp++
				}
			case bc.CALL, bc.CALL_METHOD, bc.CALL_KW:
				n := int(in.Arg)
				if in.Op != bc.CALL_KW {
					// Fast path: a plain Weft function called with exactly
					// its positional parameters gets a pooled frame here.
					base := sp - n - 1
					if in.Op == bc.CALL_METHOD {
						base--
					}
					var self Value
					fn, ok := s[base].(*Function)
					if !ok {
						if t, isType := s[base].(*Type); isType {
							if fn = t.plainInit(); fn != nil {
								self = newInstanceFor(t)
								ok = true
							}
						}
					}
					if ok {
						fcc := fn.cc
						if fcc == nil {
							fcc = vm.cache(fn.Code)
							fn.cc = fcc
						}
						args := s[base+1 : sp]
						if in.Op == bc.CALL_METHOD && isNullMarker(args[0]) {
							args = args[1:]
						}
						nself := 0
						if self != nil {
							nself = 1
						}
						if len(args)+nself == fcc.simpleArgs && vm.depth < vm.recursionLimit {
							nf := vm.frameFor(fn, fcc)
							if self != nil {
								// Class call: __init__ runs with the new
								// instance, which the call returns.
								nf.slots[0] = self
								nf.ret = retInit
								nf.setExtra(self)
							}
							// Element-wise: for a few arguments this beats
							// copy's runtime call (typedslicecopy).
							dst := nf.slots[nself:]
							for i, a := range args {
								dst[i] = a
							}
							if nf.aux != nil && nf.aux.cells != nil {
								vm.initCells(nf, fn)
							}
							vm.depth++
							// The callee and arguments stay in the vacated
							// slots until overwritten (see POP_TOP).
							f.pc, f.sp = pc, base
							nf.Back = f
							f = nf
							goto enter
						}
					}
				}
				if in.Op == bc.CALL_METHOD {
					// A builtin method on its object (items.append(x)):
					// self and the arguments are already in place.
					base := sp - n - 2
					if b, ok := s[base].(*Builtin); ok && b.Special == specialNone && b.Self == nil && !isNullMarker(s[base+1]) {
						f.pc, f.sp = pc, sp
						vm.frame = f
						res, e := b.Fn(vm, s[base+1:sp], nil)
						clear(s[base:sp])
						sp = base
						if e != nil {
							err = e
							goto fail
						}
						s[sp] = res
						sp++
						break
					}
				}
				var kwnames []string
				base := sp - n - 1
				if in.Op == bc.CALL_KW {
					kwnames = f.cc.kwnames(f.code(), pc-2, s[sp-1])
					base--
				}
				callee := s[base]
				args := s[base+1 : base+1+n]
				if in.Op == bc.CALL_METHOD {
					// f self a_1..a_n: self is args[0] unless null.
					base = sp - n - 2
					callee = s[base]
					if isNullMarker(s[base+1]) {
						args = s[base+2 : sp]
					} else {
						args = s[base+1 : sp]
					}
				}
				if bm, isBound := callee.(*BoundMethod); isBound {
					if b, isBuiltin := bm.Fn.(*Builtin); isBuiltin && b.Self == nil {
						if all, ok := selfBelowArgs(s, in.Op, base, bm.Self, args); ok {
							callee, args = b, all
						}
					}
				}
				f.pc, f.sp = pc, sp
				vm.frame = f
				res, nf, e := vm.callFromLoop(f, callee, args, kwnames)
				if nf == f {
					// Control came back to this frame's own handler.
					goto resume
				}
				sp = vm.popN(s, sp, sp-base)
				f.sp = sp
				if e != nil {
					err = e
					goto fail
				}
				if nf != nil {
					f = nf
					goto resume
				}
				s[sp] = res
				sp++
			case bc.CALL_EX:
				var kw *Dict
				if in.Arg&1 != 0 {
					sp--
					kw = s[sp].(*Dict)
					s[sp] = nil
				}
				argt := s[sp-1].(*Tuple)
				callee := s[sp-2]
				args, kwnames := flattenKw(argt.Items, kw)
				sp = vm.popN(s, sp, 2)
				f.pc, f.sp = pc, sp
				vm.frame = f
				res, nf, e := vm.callFromLoop(f, callee, args, kwnames)
				if nf == f {
					goto resume
				}
				if e != nil {
					err = e
					goto fail
				}
				if nf != nil {
					f = nf
					goto resume
				}
				s[sp] = res
				sp++
			case bc.MAKE_FUNCTION:
				fn, n := vm.makeFunction(f, s[:sp], int(in.Arg))
				sp = vm.popN(s, sp, n)
				s[sp] = fn
				sp++
			case bc.LOAD_BUILD_CLASS:
				s[sp] = buildClassBuiltin
				sp++
			case bc.RETURN_VALUE:
				sp--
				v := s[sp]
				s[sp] = nil
				if caller := f.Back; caller != nil && (f.ret == retPush || f.ret == retInit && v == None) && f.gen == nil && !f.entry {
					// Fast path of returnFrom for a plain call.
					if f.ret == retInit {
						v = f.takeExtra()
					}
					vm.depth--
					f.Back = nil
					vm.releaseFrame(f)
					f = caller
					instrs = f.cc.instrs
					s = f.slots
					pc, sp = f.pc, f.sp
					s[sp] = v
					sp++
					if !checkStack {
						goto hot
					}
					break
				}
				f.pc, f.sp = pc, sp
				nf, e := vm.returnFrom(f, v)
				if nf == nil {
					return nil, e
				}
				f = nf
				instrs = f.cc.instrs
				s = f.slots
				pc, sp = f.pc, f.sp
				if e != nil {
					err = e
					pc = f.pc
					goto fail
				}
			case bc.YIELD_VALUE:
				sp--
				v := s[sp]
				s[sp] = nil
				f.pc, f.sp = pc, sp
				nf, e := vm.yieldFrom(f, v)
				if nf == nil {
					return nil, e
				}
				f = nf
				instrs = f.cc.instrs
				s = f.slots
				pc, sp = f.pc, f.sp
				if e != nil {
					err = e
					goto fail
				}
			case bc.YIELD_FROM:
				// it v: send v into it; re-executed after every yield.
				sub, v := s[sp-2], s[sp-1]
				f.pc, f.sp = pc, sp
				nf, res, done, e := vm.yieldFromStep(f, sub, v, pc-1)
				if e != nil {
					err = e
					goto fail
				}
				if nf != nil {
					f = nf
					goto resume
				}
				if done {
					sp -= 2
					s[sp+1] = nil
					s[sp] = res
					sp++
					break
				}
				// A Go iterator produced res: yield it from this frame and
				// come back to YIELD_FROM when resumed.
				sp--
				s[sp] = nil
				f.pc, f.sp = pc-1, sp
				nf, e = vm.yieldFrom(f, res)
				if nf == nil {
					return nil, e
				}
				f = nf
				instrs = f.cc.instrs
				s = f.slots
				pc, sp = f.pc, f.sp
				if e != nil {
					err = e
					goto fail
				}
			case bc.IMPORT_NAME:
				f.pc, f.sp = pc, sp
				m, nf, e := vm.importName(f, f.cc.names[in.Arg].S)
				if e != nil {
					err = e
					goto fail
				}
				if nf != nil {
					f = nf
					goto resume
				}
				s[sp] = m
				sp++
			case bc.IMPORT_FROM:
				v, e := vm.importFrom(s[sp-1], f.cc.names[in.Arg])
				if e != nil {
					err = e
					goto fail
				}
				s[sp] = v
				sp++
			case bc.RAISE_VARARGS:
				err = vm.doRaise(s[sp-int(in.Arg):sp], int(in.Arg))
				sp = vm.popN(s, sp, int(in.Arg))
				goto fail
			case bc.RERAISE:
				sp--
				exc := s[sp].(*Instance)
				s[sp] = nil
				err = &reraise{exc}
				goto fail
			case bc.PUSH_EXC_INFO:
				exc := s[sp-1]
				var prev Value = None
				own := vm.handled
				if g := f.gen; g != nil {
					own = g.handled // a generator saves its own state
				}
				if own != nil {
					prev = own
				}
				if e, ok := exc.(*Instance); ok {
					vm.handled = e
					if g := f.gen; g != nil {
						g.handled = e
					}
				}
				s[sp-1] = prev
				s[sp] = exc
				sp++
			case bc.POP_EXCEPT:
				sp--
				e, _ := s[sp].(*Instance)
				if g := f.gen; g != nil {
					// Back to the generator's earlier state, or, with none,
					// its resumer's.
					g.handled = e
					if e == nil {
						e = g.outer
					}
				}
				vm.handled = e
				s[sp] = nil
			case bc.BEFORE_WITH:
				// [mgr] -> [exit self v]: exit and self as LOAD_METHOD
				// leaves a method, so no bound method is allocated.
				mgr := s[sp-1]
				exit, self, e := vm.withExit(mgr)
				if e != nil {
					err = e
					goto fail
				}
				// __enter__ is called from the loop, not nested, so that it
				// may block the tasklet (`with lock:`, threading_mod.go);
				// a Weft __enter__'s return pushes its value above self.
				// A plain method gets the manager in the slot its result
				// will take, instead of a bound method.
				var enter Value
				var enterArgs []Value
				switch m := lookupSpecialStr(mgr, dunderEnter); m.(type) {
				case *Function, *Builtin:
					enter = m
					s[sp+1] = mgr
					enterArgs = s[sp+1 : sp+2]
				default:
					if enter, e = vm.specialAttr(mgr, "__enter__"); e != nil {
						err = e
						goto fail
					}
				}
				s[sp-1], s[sp] = exit, self
				sp++
				f.pc, f.sp = pc, sp
				vm.frame = f
				v, nf, e := vm.callFromLoop(f, enter, enterArgs, nil)
				if e != nil {
					err = e
					goto fail
				}
				if nf != nil {
					f = nf
					goto resume
				}
				s[sp] = v
				sp++
			case bc.WITH_EXCEPT_START:
				exit, self, exc := s[sp-4], s[sp-3], s[sp-1]
				var typ Value = None
				var tb Value = None
				if e, ok := exc.(*Instance); ok {
					typ = e.Class
					tb = tracebackOf(e)
				}
				args := []Value{self, typ, exc, tb}
				if isNullMarker(self) {
					args = args[1:]
				}
				v, e := vm.Call(exit, args, nil)
				if e != nil {
					err = e
					goto fail
				}
				s[sp] = v
				sp++
			default:
				err = vm.NewError(SystemErrorType, "unknown opcode %s", in.Op)
				goto fail
			}
		}
		continue

	resume:
		// Continue with frame f (a call, return, tasklet switch or handler
		// moved execution there; its pc and sp are saved in it).
		instrs = f.cc.instrs
		s = f.slots
		pc, sp = f.pc, f.sp
		continue

	enter:
		// A call's new frame f: as resume, then the hot tier. (Not after
		// every resume: a tasklet switch lands back in the instruction
		// that switched, typically a channel or lock operation the tier
		// leaves to exec, and a ping-pong of switches would pay the
		// tier's entry and exit around each one.)
		instrs = f.cc.instrs
		s = f.slots
		pc, sp = f.pc, f.sp
		if checkStack {
			continue
		}
	hot:
		// Run what the hot tier can (perf_hot.go), then go on here.
		{
			nf, npc, nsp, e := vm.hotLoop(f, pc, sp)
			f, pc, sp = nf, npc, nsp
			instrs = f.cc.instrs
			s = f.slots
			if edgeCC != nil {
				// Entered at a back-edge: a loop whose hot runs are short
				// (they soon meet an instruction left to exec, such as a
				// channel call) gains less than entering and leaving
				// costs. The first short run makes the edge opJumpWarm,
				// the second in a row opJumpCold; one long run makes it
				// a JUMP again. A run cut short by the budget or a time
				// slice (few ticks left) does not count, nor does a run
				// that left the loop: its last iteration ends the loop,
				// and the code after the loop may well meet an
				// instruction left to exec at once (a comprehension's
				// return to a MAKE_FUNCTION marked every comprehension
				// cold).
				edge := &edgeCC.instrs[edgePC]
				inLoop := f.cc == edgeCC && pc >= int(edge.Arg) && pc <= edgePC
				switch ran := edgeTick - vm.tick; {
				case ran >= hotMinRun:
					if edge.Op == opJumpWarm {
						edge.Op = bc.JUMP
					}
				case inLoop && vm.tick > 4 && ran >= 0:
					if edge.Op == opJumpWarm { // short twice in a row
						edge.Op = opJumpCold
					} else {
						edge.Op = opJumpWarm
					}
				}
				edgeCC = nil
			}
			if e != nil {
				err = e // raised by a builtin the hot tier called
				goto fail
			}
		}
		continue

	fail:
		f.pc, f.sp = pc, sp
		f, err = vm.unwind(f, err)
		if f == nil {
			return nil, err
		}
		instrs = f.cc.instrs
		s = f.slots
		pc, sp = f.pc, f.sp
		err = nil
	}
}

// popN pops n values, clearing their slots, and returns the new sp.
func (vm *VM) popN(s []Value, sp, n int) int {
	for i := sp - n; i < sp; i++ {
		s[i] = nil
	}
	return sp - n
}

// selfBelowArgs prepares the call of a bound builtin method (a stored
// `lst.append`, a with-statement's __exit__) in both tiers: self goes in
// the slot just below the arguments (the callee's, or CALL_METHOD's
// null), which the call pops anyway, instead of a new argument slice. It
// returns the arguments with self first; ok is false when CALL_METHOD's
// slot is taken.
func selfBelowArgs(s []Value, op bc.Opcode, base int, self Value, args []Value) ([]Value, bool) {
	slot := base
	if op == bc.CALL_METHOD {
		slot = base + 1
		if !isNullMarker(s[slot]) {
			return args, false
		}
	}
	s[slot] = self
	return s[slot : slot+1+len(args)], true
}

// kwnames returns CALL_KW's keyword names, the tuple v. The compiler
// loads them with the LOAD_CONST right before the call (at pc), so the
// strings are converted once per constant instead of once per call.
func (cc *codeCache) kwnames(code *bc.Code, pc int, v Value) []string {
	if pc >= 0 && code.Instrs[pc].Op == bc.LOAD_CONST {
		i := code.Instrs[pc].Arg
		if cc.consts[i] == v {
			if cc.kwStrings == nil {
				cc.kwStrings = make([][]string, len(cc.consts))
			}
			if cc.kwStrings[i] == nil {
				cc.kwStrings[i] = tupleStrings(v)
			}
			return cc.kwStrings[i]
		}
	}
	return tupleStrings(v)
}

func tupleStrings(v Value) []string {
	t := v.(*Tuple)
	out := make([]string, len(t.Items))
	for i, x := range t.Items {
		out[i] = x.(*Str).S
	}
	return out
}

// flattenKw turns a positional tuple and a kwargs dict into the
// vectorcall layout.
func flattenKw(pos []Value, kw *Dict) ([]Value, []string) {
	args := make([]Value, len(pos), len(pos)+kwLen(kw))
	copy(args, pos)
	if kw == nil {
		return args, nil
	}
	names := make([]string, 0, kw.Len())
	kw.Items(func(k, v Value) bool {
		names = append(names, k.(*Str).S)
		args = append(args, v)
		return true
	})
	return args, names
}

func kwLen(d *Dict) int {
	if d == nil {
		return 0
	}
	return d.Len()
}

func cellName(code *bc.Code, i int) string {
	if i < len(code.Cells) {
		return code.Cells[i]
	}
	return code.Frees[i-len(code.Cells)]
}

func (vm *VM) derefError(code *bc.Code, i int) error {
	name := cellName(code, i)
	if i < len(code.Cells) {
		return vm.NewError(UnboundLocalErrorType, "cannot access local variable '%s' where it is not associated with a value", name)
	}
	return vm.NewError(NameErrorType, "cannot access free variable '%s' where it is not associated with a value in enclosing scope", name)
}

// checkDepth implements Options.CheckStack.
func (vm *VM) checkDepth(f *Frame, pc, sp int) {
	depth := sp - int(f.nlocals)
	code := f.code()
	if depth > vm.StackStats[code] {
		vm.StackStats[code] = depth
	}
	if _, seen := vm.StackStats[code]; !seen {
		vm.StackStats[code] = depth
	}
	if depth < 0 || depth > code.MaxStack || (pc < len(code.Depths) && int(code.Depths[pc]) != depth) {
		want := -1
		if pc < len(code.Depths) {
			want = int(code.Depths[pc])
		}
		vm.StackViolations = append(vm.StackViolations, fmt.Sprintf("%s offset %d (%s): depth %d, compiler says %d, max %d",
			code.QualName, pc, code.Instrs[pc].Op, depth, want, code.MaxStack))
	}
}

// starError rewrites the TypeError of *x over a non-iterable; callee is
// the function of a call whose only positional argument is *x (nil
// otherwise), named as CPython's CALL_FUNCTION_EX names it.
func (vm *VM) starError(err error, v, callee Value) error {
	if e, ok := err.(*Instance); ok && e.Class == TypeErrorType {
		if _, isIt := v.(Iterator); !isIt {
			if callee != nil {
				return vm.NewError(TypeErrorType, "%s argument after * must be an iterable, not %s", vm.functionStr(callee), TypeOf(v).Name)
			}
			return vm.NewError(TypeErrorType, "Value after * must be an iterable, not %s", TypeOf(v).Name)
		}
	}
	return err
}

// functionStr names a callable in call errors as CPython's
// _PyObject_FunctionStr: "module.qualname()" ("qualname()" for builtins,
// the str of an object without __qualname__).
func (vm *VM) functionStr(fn Value) string {
	q, err := vm.GetAttr(fn, NewStr("__qualname__"))
	if err != nil {
		s, _ := vm.StrOf(fn)
		return s
	}
	qs, _ := vm.StrOf(q)
	if m, err := vm.GetAttr(fn, NewStr("__module__")); err == nil && m != None {
		if ms, err := vm.StrOf(m); err == nil && ms != "builtins" {
			return ms + "." + qs + "()"
		}
	}
	return qs + "()"
}
