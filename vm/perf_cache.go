package vm

// perf_cache.go: the interpreter's private instruction stream and inline
// caches.
//
// Every code object gets, in its codeCache, a copy of its instructions in
// which some are replaced by VM-private opcodes (numbered from
// bc.NumOpcodes up, so they never collide with the compiler's). The copy
// has the same length and the same jump targets, exception-table ranges,
// line table and stack depths as the original: a rewritten instruction
// does exactly what the original did, so everything that indexes by pc
// (tracebacks, handlers, the --check-stack verifier, generators) is
// unaffected. Rewritten instructions:
//
//   - LOAD_GLOBAL becomes opLoadGlobal whose Arg indexes a globalCache:
//     the globals (or builtins) dict, its version and the entry index of
//     the name. Dict.version changes on every insertion and deletion, so
//     while it is unchanged the entry still holds the name and its current
//     value is read directly.
//   - LOAD_ATTR, STORE_ATTR and LOAD_METHOD become opLoadAttr,
//     opStoreAttr and opLoadMethod with an attrCache: for up to four
//     types seen, the type, its Version (bumped by Type.touch on every change to the class or a
//     base), what the MRO lookup found, the name's index among the
//     class's inline attributes (instance_attrs.go) and a hint of its
//     entry index in instance dicts (instances of a class usually insert
//     their attributes in the same order).
//   - Superinstructions for common pairs (see quicken).
//
// Names are interned per process so that every code object's *Str for an
// attribute name is the same pointer, which makes the dict-entry check in
// the hint path a pointer comparison.

import (
	"slices"
	"strings"
	"sync"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// VM-private opcodes.
const (
	opLoadGlobal bc.Opcode = bc.NumOpcodes + iota
	opLoadAttr
	opStoreAttr
	opLoadMethod
	// opCompareJump is COMPARE_OP fused with the POP_JUMP_IF_FALSE or
	// POP_JUMP_IF_TRUE after it: Arg is the compare op, the next
	// instruction (left in place) gives the jump.
	opCompareJump
	// opLoadFast2 is LOAD_FAST followed by LOAD_FAST: Arg is the first
	// slot, the second instruction (left in place) gives the second.
	opLoadFast2
	// opLoadFastConst is LOAD_FAST followed by LOAD_CONST.
	opLoadFastConst
	// opLoadFast2Op and opLoadFastConstOp are those pairs followed by
	// BINARY_OP (and possibly STORE_FAST).
	opLoadFast2Op
	opLoadFastConstOp
	// opLoadFast2Cmp and opLoadFastConstCmp are those pairs followed by
	// COMPARE_OP and POP_JUMP_IF_FALSE or POP_JUMP_IF_TRUE (while i < n,
	// if n < 2): the hot tier compares and jumps in one dispatch; exec
	// runs them as the pairs.
	opLoadFast2Cmp
	opLoadFastConstCmp
	// opIsJump is IS_OP fused with the POP_JUMP_IF_* after it (x is
	// None); opConstCmpJump and opConstIsJump are LOAD_CONST followed by
	// such a COMPARE_OP or IS_OP and jump (self.x > 1000). The hot tier
	// runs each in one dispatch; exec runs them as IS_OP and LOAD_CONST.
	opIsJump
	opConstCmpJump
	opConstIsJump
	// opConstStoreFast2 is LOAD_CONST followed by opLoadFast2Store's
	// three instructions (flags[j] = False): the hot tier stores the
	// constant into a list at once; exec runs it as LOAD_CONST.
	opConstStoreFast2
	// opLoadFastAttr is LOAD_FAST followed by LOAD_ATTR (self.x).
	opLoadFastAttr
	// opForIterStore is FOR_ITER followed by STORE_FAST.
	opForIterStore
	// opConstBinop is LOAD_CONST followed by BINARY_OP.
	opConstBinop
	// opUnpackStore is UNPACK_SEQUENCE n followed by n STORE_FASTs.
	opUnpackStore
	// opLoadFast2Subscr and opLoadFast2Store are LOAD_FAST; LOAD_FAST
	// followed by BINARY_SUBSCR or STORE_SUBSCR.
	opLoadFast2Subscr
	opLoadFast2Store
	// opCopy2Subscr is COPY 2; COPY 2; BINARY_SUBSCR and opSwap2Store
	// SWAP 3; SWAP 2; STORE_SUBSCR: the two halves of x[k] op= v.
	opCopy2Subscr
	opSwap2Store
	// opSliceSubscr and opSliceStore are BUILD_SLICE followed by
	// BINARY_SUBSCR or STORE_SUBSCR (perf_slice.go); opSliceSubscrTemp
	// and opSliceStoreTemp are such a pair in one statement, the list
	// the first makes going straight to the second (a[:k] = b[k::-1]).
	opSliceSubscr
	opSliceStore
	opSliceSubscrTemp
	opSliceStoreTemp
	// opLoadName and opStoreName are LOAD_NAME and STORE_NAME with a
	// globalCache. In a module body, whose locals are its globals, a
	// name's lookup is LOAD_GLOBAL's and its store an existing entry's
	// update; in a class body they are the plain instructions.
	opLoadName
	opStoreName
	// opJumpCold is a loop's back-edge JUMP at which the hot tier proved
	// not worth entering (perf_hot.go, hotMinRun): a plain JUMP for exec.
	// opJumpWarm is one whose last hot run was short: exec still enters
	// the tier there, and a second short run in a row makes it
	// opJumpCold (a first run often stops at a cache the loop's first
	// iteration left stale, such as a module-level name's).
	opJumpCold
	opJumpWarm
	// opCopyAttrAug is COPY 1 followed by LOAD_ATTR a; LOAD_CONST;
	// BINARY_OP op=; SWAP 2; STORE_ATTR a (self.n += 1): the hot tier
	// runs the six at once on an int in the instance's dict; exec runs it
	// as COPY.
	opCopyAttrAug
	// opExprFast and opExprConst are LOAD_FAST and LOAD_CONST beginning
	// an arithmetic expression the hot tier runs at once (perf_expr.go);
	// exec runs them as the plain loads.
	opExprFast
	opExprConst
)

type globalCache struct {
	name     *Str
	globals  *Dict
	builtins *Dict
	gver     uint64
	bver     uint64
	idx      int32
	builtin  bool
}

// attrWays is how many types an attribute site remembers (a
// polymorphic inline cache: richards' Task methods see four subclasses).
const attrWays = 4

type attrCache struct {
	name *Str
	// mod, modVer and modIdx remember the module dict entry of the name
	// (math.sqrt), valid while the dict's version is unchanged.
	mod    *Dict
	modVer uint64
	modIdx int32
	ents   [attrWays]attrEntry
	next   uint8 // the way the next miss replaces
}

// attrEntry is what an attribute site knows about one type.
type attrEntry struct {
	typ  *Type
	tver uint64
	// attr is what typ.Lookup(name) found (nil: nothing).
	attr Value
	// isProp: attr is a property (a data descriptor). propFrame: its
	// getter may run in a frame of the interpreter loop, as typ has no
	// __getattr__ (to which an AttributeError from the getter falls
	// back: the general path's business). propSet: STORE_ATTR may run
	// its setter in a frame, as typ has no user __setattr__.
	isProp, propFrame, propSet bool
	// plainStore: STORE_ATTR on typ's instances goes straight to the
	// instance dict (no property, no user __setattr__).
	plainStore bool
	// hint is the entry index of name in typ's instance dicts; slot its
	// index in typ's attrOrder, for instances that keep their attributes
	// inline (-1: not there yet; instance_attrs.go). int16s keep the
	// entry at 40 bytes; a bigger index makes a hint that misses.
	hint, slot int16
}

// find returns the way for t, or nil. One loop over the ways: small
// enough to inline whole, and without a call, as the hot tier's
// call-free loop needs (perf_hot_free.go).
func (c *attrCache) find(t *Type) *attrEntry {
	for i := range c.ents {
		if e := &c.ents[i]; e.typ == t && e.tver == t.Version {
			return e
		}
	}
	return nil
}

// entry returns the way for t, filling one on a miss.
func (c *attrCache) entry(t *Type) *attrEntry {
	if e := c.find(t); e != nil {
		return e
	}
	e := &c.ents[c.next%attrWays]
	c.next++
	m := t.lookupMemo(c.name)
	*e = attrEntry{typ: t, tver: t.Version, attr: m.attr, plainStore: m.plainStore, slot: t.attrOrderIndex(c.name)}
	_, e.isProp = m.attr.(*Property)
	if e.isProp {
		ga, _ := t.Lookup("__getattr__")
		e.propFrame = ga == nil
		sa, owner := t.Lookup("__setattr__")
		e.propSet = sa == nil || owner.Builtin
	}
	return e
}

var (
	internMu sync.Mutex
	interned = map[string]*Str{}
)

// internName returns the process-wide *Str for an identifier, with its
// hash and ASCII flag computed, so that it is never written afterwards.
func internName(s string) *Str {
	internMu.Lock()
	defer internMu.Unlock()
	if k, ok := interned[s]; ok {
		return k
	}
	k := &Str{S: s}
	k.IsASCII()
	k.cachedHash()
	interned[s] = k
	return k
}

// strKeyHash is the hash of a string key (cached in the Str).
func strKeyHash(k *Str) int64 {
	return k.cachedHash()
}

// quicken builds the private instruction stream and caches of cc.
func quicken(code *bc.Code, cc *codeCache) {
	ins := make([]bc.Instr, len(code.Instrs))
	copy(ins, code.Instrs)
	for pc := range ins {
		in := ins[pc]
		switch in.Op {
		case bc.LOAD_GLOBAL:
			cc.globals = append(cc.globals, globalCache{name: cc.names[in.Arg], idx: -1})
			ins[pc] = bc.Instr{Op: opLoadGlobal, Arg: int32(len(cc.globals) - 1)}
		case bc.LOAD_NAME, bc.STORE_NAME:
			cc.globals = append(cc.globals, globalCache{name: cc.names[in.Arg], idx: -1})
			op := opLoadName
			if in.Op == bc.STORE_NAME {
				op = opStoreName
			}
			ins[pc] = bc.Instr{Op: op, Arg: int32(len(cc.globals) - 1)}
		case bc.LOAD_ATTR, bc.STORE_ATTR, bc.LOAD_METHOD:
			cc.attrs = append(cc.attrs, attrCache{name: cc.names[in.Arg]})
			op := opLoadAttr
			if in.Op == bc.STORE_ATTR {
				op = opStoreAttr
			} else if in.Op == bc.LOAD_METHOD {
				op = opLoadMethod
			}
			ins[pc] = bc.Instr{Op: op, Arg: int32(len(cc.attrs) - 1)}
		case bc.UNPACK_SEQUENCE:
			n := int(in.Arg)
			all := n > 0 && pc+n < len(ins)
			for k := 1; all && k <= n; k++ {
				all = code.Instrs[pc+k].Op == bc.STORE_FAST
			}
			if all {
				ins[pc].Op = opUnpackStore
			}
		case bc.COPY:
			if attrAugAt(code.Instrs, pc) {
				ins[pc].Op = opCopyAttrAug
			}
			if in.Arg == 2 && pc+2 < len(ins) && code.Instrs[pc+1] == (bc.Instr{Op: bc.COPY, Arg: 2}) && code.Instrs[pc+2].Op == bc.BINARY_SUBSCR {
				ins[pc].Op = opCopy2Subscr
			}
		case bc.SWAP:
			if in.Arg == 3 && pc+2 < len(ins) && code.Instrs[pc+1] == (bc.Instr{Op: bc.SWAP, Arg: 2}) && code.Instrs[pc+2].Op == bc.STORE_SUBSCR {
				ins[pc].Op = opSwap2Store
			}
		case bc.LOAD_CONST:
			if pc+1 < len(ins) && code.Instrs[pc+1].Op == bc.BINARY_OP {
				ins[pc].Op = opConstBinop
			} else if jumpsAfter(code.Instrs, pc+1, bc.COMPARE_OP) {
				ins[pc].Op = opConstCmpJump
			} else if jumpsAfter(code.Instrs, pc+1, bc.IS_OP) {
				ins[pc].Op = opConstIsJump
			} else if pc+3 < len(ins) && code.Instrs[pc+1].Op == bc.LOAD_FAST && code.Instrs[pc+2].Op == bc.LOAD_FAST && code.Instrs[pc+3].Op == bc.STORE_SUBSCR {
				ins[pc].Op = opConstStoreFast2
			}
		case bc.IS_OP:
			if jumpsAfter(code.Instrs, pc, bc.IS_OP) {
				ins[pc].Op = opIsJump
			}
		case bc.FOR_ITER:
			if pc+1 < len(ins) && code.Instrs[pc+1].Op == bc.STORE_FAST {
				ins[pc].Op = opForIterStore
			}
		case bc.BUILD_SLICE:
			if pc+1 < len(ins) {
				switch code.Instrs[pc+1].Op {
				case bc.BINARY_SUBSCR:
					ins[pc].Op = opSliceSubscr
					if q := sliceTempStore(code, pc); q >= 0 {
						ins[pc].Op, ins[q].Op = opSliceSubscrTemp, opSliceStoreTemp
					}
				case bc.STORE_SUBSCR:
					ins[pc].Op = opSliceStore
				}
			}
		case bc.COMPARE_OP:
			if pc+1 < len(ins) {
				if next := code.Instrs[pc+1].Op; next == bc.POP_JUMP_IF_FALSE || next == bc.POP_JUMP_IF_TRUE {
					ins[pc].Op = opCompareJump
				}
			}
		case bc.LOAD_FAST:
			if pc+1 < len(ins) {
				binop := pc+2 < len(ins) && code.Instrs[pc+2].Op == bc.BINARY_OP
				cmpJump := jumpsAfter(code.Instrs, pc+2, bc.COMPARE_OP)
				switch code.Instrs[pc+1].Op {
				case bc.LOAD_ATTR:
					ins[pc].Op = opLoadFastAttr
				case bc.LOAD_FAST:
					ins[pc].Op = opLoadFast2
					if binop {
						ins[pc].Op = opLoadFast2Op
					} else if cmpJump {
						ins[pc].Op = opLoadFast2Cmp
					} else if pc+2 < len(ins) && code.Instrs[pc+2].Op == bc.BINARY_SUBSCR {
						ins[pc].Op = opLoadFast2Subscr
					} else if pc+2 < len(ins) && code.Instrs[pc+2].Op == bc.STORE_SUBSCR {
						ins[pc].Op = opLoadFast2Store
					}
				case bc.LOAD_CONST:
					ins[pc].Op = opLoadFastConst
					if binop {
						ins[pc].Op = opLoadFastConstOp
					} else if cmpJump {
						ins[pc].Op = opLoadFastConstCmp
					}
				}
			}
		}
	}
	quickenExprs(code, ins, cc)
	cc.instrs = ins
	cc.simpleArgs, cc.varArgs = -1, -1
	if code.KwOnlyCount == 0 {
		switch code.Flags & (bc.FlagVarArgs | bc.FlagVarKw | bc.FlagGenerator) {
		case 0:
			cc.simpleArgs = code.ArgCount
		case bc.FlagVarArgs:
			cc.varArgs = code.ArgCount
		}
	}
}

// attrAugAt reports whether instrs[pc:] begins `o.a op= constant` after o
// is loaded: COPY 1; LOAD_ATTR a; LOAD_CONST; BINARY_OP op=; SWAP 2;
// STORE_ATTR a.
func attrAugAt(instrs []bc.Instr, pc int) bool {
	if pc+5 >= len(instrs) || instrs[pc] != (bc.Instr{Op: bc.COPY, Arg: 1}) {
		return false
	}
	load, op, store := instrs[pc+1], instrs[pc+3], instrs[pc+5]
	return load.Op == bc.LOAD_ATTR && instrs[pc+2].Op == bc.LOAD_CONST &&
		op.Op == bc.BINARY_OP && bc.BinaryOp(op.Arg)&bc.OpInplace != 0 &&
		instrs[pc+4] == (bc.Instr{Op: bc.SWAP, Arg: 2}) &&
		store.Op == bc.STORE_ATTR && store.Arg == load.Arg
}

// jumpsAfter reports whether instrs[pc] is op followed by POP_JUMP_IF_FALSE
// or POP_JUMP_IF_TRUE.
func jumpsAfter(instrs []bc.Instr, pc int, op bc.Opcode) bool {
	if pc+1 >= len(instrs) || instrs[pc].Op != op {
		return false
	}
	next := instrs[pc+1].Op
	return next == bc.POP_JUMP_IF_FALSE || next == bc.POP_JUMP_IF_TRUE
}

// frameFor is newFrame for a call of fn, whose code's cache is cc.
func (vm *VM) frameFor(fn *Function, cc *codeCache) *Frame {
	f := cc.popFree()
	if f == nil {
		f = vm.allocFrame(fn.Code, cc)
	}
	f.Globals, f.Fn = fn.Globals, fn
	return f
}

// loadGlobalSlow fills c for the globals of f and returns the value.
func (vm *VM) loadGlobalSlow(f *Frame, c *globalCache) (Value, bool) {
	g := f.Globals
	if i := g.findStr(c.name); i >= 0 {
		c.globals, c.gver, c.idx, c.builtin = g, g.version, int32(i), false
		return g.entries[i].Value, true
	}
	b := vm.Builtins
	if i := b.findStr(c.name); i >= 0 {
		c.globals, c.gver, c.idx, c.builtin = g, g.version, int32(i), true
		c.builtins, c.bver = b, b.version
		return b.entries[i].Value, true
	}
	return nil, false
}

// current reports whether c still describes globals g: g's version is
// the one c saw, or, for a name found in g itself, g's entry c.idx still
// holds that name while other names came and went (a module-level loop's
// `except E as e` deletes e at every pass). A name's live entry holds its
// current value, so the entry is then good, and c takes the new version.
func (c *globalCache) current(g *Dict) bool {
	if c.globals != g {
		return false
	}
	if c.gver == g.version {
		return true
	}
	if c.builtin || uint(c.idx) >= uint(len(g.entries)) || g.entries[c.idx].Key != Value(c.name) {
		return false
	}
	c.gver = g.version
	return true
}

// cachedGlobal is the value c remembers for globals g and builtins b,
// or nil when c is not current for them.
func cachedGlobal(c *globalCache, g, b *Dict) Value {
	if !c.current(g) {
		return nil
	}
	if !c.builtin {
		return g.entries[c.idx].Value
	}
	if c.builtins == b && c.bver == b.version {
		return b.entries[c.idx].Value
	}
	return nil
}

// storeNameCached is opStoreName in a module body (Frame.moduleNS: the
// namespace is the globals): an existing entry updated in place while c is current, or
// the dict's store, after which c is made current.
func storeNameCached(g *Dict, c *globalCache, v Value) {
	if c.current(g) && !c.builtin {
		g.entries[c.idx].Value = v
		return
	}
	i := g.setStrIndex(c.name, v)
	c.globals, c.gver, c.idx, c.builtin = g, g.version, int32(i), false
}

// memoEntry is a memoised Type.Lookup of one name.
type memoEntry struct {
	attr Value
	// owner is the class in the MRO whose dict holds attr.
	owner *Type
	// plainStore: storing this attribute on an instance goes straight
	// to the instance dict (no property, no user __setattr__).
	plainStore bool
}

// lookupMemo is t.Lookup(name.S) memoised per type (name interned).
func (t *Type) lookupMemo(name *Str) memoEntry {
	if t.processWide() {
		// Shared by every VM in the process: no memo.
		return t.lookupEntry(name)
	}
	if t.memo == nil || t.memoVer != t.Version {
		t.memo = make(map[*Str]memoEntry, 8)
		t.memoVer = t.Version
	}
	if m, ok := t.memo[name]; ok {
		return m
	}
	m := t.lookupEntry(name)
	if len(t.memo) < 256 {
		t.memo[name] = m
	}
	return m
}

func (t *Type) lookupEntry(name *Str) memoEntry {
	attr, owner := t.lookupStr(name)
	m := memoEntry{attr: attr, owner: owner}
	if _, isProp := attr.(*Property); !isProp && t != ObjectType && name.S != "__dict__" {
		if sa, owner := t.Lookup("__setattr__"); sa == nil || owner.Builtin {
			m.plainStore = true
		}
	}
	return m
}

// loadAttr is LOAD_ATTR through the cache.
func (vm *VM) loadAttr(obj Value, c *attrCache) (Value, error) {
	o, ok := obj.(*Instance)
	if !ok {
		return vm.GetAttr(obj, c.name)
	}
	t := o.Class
	e := c.entry(t)
	attr := e.attr
	if !e.isProp {
		if v, ok := o.getAttrEntry(c.name, e); ok {
			return v, nil
		}
		if attr != nil {
			return vm.bindAttr(attr, o, t)
		}
	}
	return vm.instanceGetAttr(o, c.name)
}

// storeAttr is STORE_ATTR through the cache.
func (vm *VM) storeAttr(obj Value, c *attrCache, v Value) error {
	o, ok := obj.(*Instance)
	if !ok || o.Exc() != nil {
		return vm.SetAttr(obj, c.name, v)
	}
	t := o.Class
	e := c.entry(t)
	if !e.plainStore {
		return vm.SetAttr(obj, c.name, v)
	}
	if o.dict == nil {
		o.dict = newInstanceDict(t.instAttrs)
	}
	o.setAttrEntry(c.name, v, e)
	if d := o.realDict(); d != nil && d.live > t.instAttrs {
		t.instAttrs = d.live
	}
	return nil
}

// loadMethod is LOAD_METHOD through the cache: for a plain method it
// returns the function and self without allocating a bound method.
func (vm *VM) loadMethodCached(obj Value, c *attrCache) (Value, Value, error) {
	switch o := obj.(type) {
	case *Instance:
		// A Weft method, or a builtin one of a native class (Thread.join,
		// Lock.acquire): the call gets self as its first argument, as
		// from a bound method, without allocating one.
		switch fn := c.entry(o.Class).attr.(type) {
		case *Function:
			if !o.shadows(c.name) {
				return fn, o, nil
			}
		case *Builtin:
			if !fn.Func && !o.shadows(c.name) {
				return fn, o, nil
			}
		}
	case *Super:
		if fn, ok := superMethod(o, c.name); ok {
			return fn, o.Self, nil
		}
	case *Type:
		if m, self, ok := typeMethod(c.entry(o), o, c.name); ok {
			return m, self, nil
		}
	case *Module, *Function, *BoundMethod:
	default:
		if b, ok := c.entry(TypeOf(obj)).attr.(*Builtin); ok {
			return b, obj, nil
		}
	}
	v, err := vm.GetAttr(obj, c.name)
	return v, nullMarker, err
}

// propertyGetFrame returns the frame that runs property attr's getter
// on obj, as the call fast path enters one for fget(obj), when the
// getter is a plain function of one parameter (and the recursion limit
// allows); nil otherwise, for the general path.
func (vm *VM) propertyGetFrame(attr Value, obj Value) *Frame {
	p, ok := attr.(*Property)
	if !ok {
		return nil
	}
	return vm.accessorFrame(p.Get, obj)
}

// propertySetFrame returns the frame that runs property attr's setter
// as fset(obj, v) for STORE_ATTR, when the setter is a plain function of
// two parameters (and the recursion limit allows); nil otherwise, for
// the general path (no setter, a builtin one, defaults). Its return
// pushes nothing (retSetter). A setter called through vm.Call ran a
// nested interpreter loop per store.
func (vm *VM) propertySetFrame(attr, obj, v Value) *Frame {
	p, ok := attr.(*Property)
	if !ok {
		return nil
	}
	nf := vm.accessorFrame(p.Set, obj, v)
	if nf != nil {
		nf.ret = retSetter
	}
	return nf
}

// accessorFrame returns a frame of the interpreter loop for a property's
// accessor called with args, when it is a plain function of exactly
// those parameters and the recursion limit allows; nil otherwise.
func (vm *VM) accessorFrame(accessor Value, args ...Value) *Frame {
	fn, ok := accessor.(*Function)
	if !ok {
		return nil
	}
	fcc := fn.cc
	if fcc == nil {
		fcc = vm.cache(fn.Code)
		fn.cc = fcc
	}
	if fcc.simpleArgs != len(args) || vm.depth >= vm.recursionLimit {
		return nil
	}
	nf := vm.frameFor(fn, fcc)
	copy(nf.slots, args)
	if nf.aux != nil && nf.aux.cells != nil {
		vm.initCells(nf, fn)
	}
	vm.depth++
	return nf
}

// typeMethod is LOAD_METHOD's pair for a function looked up on a class
// itself (C.f(...)), from the class's attribute cache entry e: a static
// method's function or a plain function with the null marker (called
// with the arguments as given), a class method's function with the class
// as self, as typeGetAttr would bind them, without a bound method. ok is
// false for anything else, and for dunder names, which type's own
// attributes may answer.
func typeMethod(e *attrEntry, t *Type, name *Str) (m, self Value, ok bool) {
	if strings.HasPrefix(name.S, "__") {
		return nil, nil, false
	}
	switch a := e.attr.(type) {
	case *Function:
		return a, nullMarker, true
	case *StaticMethod:
		if fn, ok := a.Fn.(*Function); ok {
			return fn, nullMarker, true
		}
	case *ClassMethod:
		if fn, ok := a.Fn.(*Function); ok {
			return fn, t, true
		}
	}
	return nil, nil, false
}

// superMethod is, for super().name(...) on an instance, the plain
// function the super object finds: the call gets it and self, as for a
// method of the instance, without a bound method. ok is false for
// anything else (a classmethod's super, __class__, other attributes).
func superMethod(s *Super, name *Str) (*Function, bool) {
	if _, isType := s.Self.(*Type); isType || name.S == "__class__" {
		return nil, false
	}
	attr, _ := lookupAfter(s.Obj, s.Class, name)
	fn, ok := attr.(*Function)
	return fn, ok
}

// --- dict helpers keyed by *Str with a cached hash ---

// findStr returns the entry index of string key k, or -1.
func (d *Dict) findStr(k *Str) int {
	h := strKeyHash(k)
	if d.keyBits&keyBit(h) == 0 {
		return -1
	}
	i, _ := d.probeStr(k.S, h)
	return i
}

// hinted returns entry i when it holds the interned key k, else nil:
// an attribute site's guess of where its name sits in instance dicts.
// (The interpreter loops repeat this test inline.)
func (d *Dict) hinted(k *Str, i int32) *dictEntry {
	if uint(i) < uint(len(d.entries)) {
		if e := &d.entries[i]; e.Key == Value(k) {
			return e
		}
	}
	return nil
}

// getStrHint looks up string key k trying entry *hint first.
func (d *Dict) getStrHint(k *Str, hint *int16) (Value, bool) {
	if e := d.hinted(k, int32(*hint)); e != nil {
		return e.Value, true
	}
	i := d.findStr(k)
	if i < 0 {
		return nil, false
	}
	*hint = int16(i) // past int16, a hint that misses
	return d.entries[i].Value, true
}

// surelyLacksStr reports whether string key k is absent as far as tests
// without a call can tell: the key bits, or a small dict's entry hashes
// (equal strings hash alike). false means k may be present: findStr
// knows. The hot tier's call-free loop asks it whether an instance dict
// shadows a method. (An emptied dict is not tested apart: its key bits
// or its entries answer, if more cautiously; the test would put the
// function past the inliner's budget.)
func (d *Dict) surelyLacksStr(k *Str) bool {
	h, ok := k.knownHash()
	if !ok {
		return false // the hash is not computed yet: a call
	}
	if d.keyBits&keyBit(h) == 0 {
		return true
	}
	if len(d.entries) > smallDict {
		return false
	}
	for i := range d.entries {
		if d.entries[i].Hash == h {
			return false
		}
	}
	return true
}

// hasStrHint reports whether string key k is present.
func (d *Dict) hasStrHint(k *Str) bool {
	if d.live == 0 {
		return false
	}
	return d.findStr(k) >= 0
}

// setStrHint sets string key k trying entry *hint first.
func (d *Dict) setStrHint(k *Str, v Value, hint *int16) {
	if e := d.hinted(k, int32(*hint)); e != nil {
		e.Value = v
		return
	}
	if i := d.findStr(k); i >= 0 {
		d.entries[i].Value = v
		*hint = int16(i) // past int16, a hint that misses
		return
	}
	*hint = int16(len(d.entries))
	d.insertNew(k, v, strKeyHash(k))
}

// appendStrAt adds string key k, which must be new, with value v as
// entry i when that is the next entry of a small dict: an __init__
// setting its attributes in the order the class's instances usually
// have them. It reports false, changing nothing, when that does not
// apply.
func (d *Dict) appendStrAt(k *Str, v Value, i int32) bool {
	if !d.nextSmallEntry(i) || d.findStr(k) >= 0 {
		return false
	}
	h := strKeyHash(k)
	if len(d.entries) == cap(d.entries) {
		d.entries = slices.Grow(d.entries, 1)
	}
	d.appendNew(k, v, h)
	return true
}

// nextSmallEntry reports whether entry i is the next entry of d, a small
// dict (no index).
func (d *Dict) nextSmallEntry(i int32) bool {
	return int(i) == len(d.entries) && i < smallDict && d.index == nil
}

// appendNew adds key k, which must be new, with hash h and value v as the
// next entry of a small dict with room for it (no index). Small enough
// to inline whole, and without a call: the hot tier's call-free loop
// makes an __init__'s first stores with it (perf_hot_free.go).
func (d *Dict) appendNew(k *Str, v Value, h int64) {
	n := len(d.entries)
	d.entries = d.entries[:n+1]
	e := &d.entries[n] // field by field: a struct store calls wbMove
	e.Key, e.Value, e.Hash = k, v, h
	d.keyBits |= keyBit(h)
	d.live++
	d.version++
}

// dictWith2 and dictWith4 are dicts allocated together with room for
// two or four entries.
type dictWith2 struct {
	d   Dict
	buf [2]dictEntry
}

type dictWith4 struct {
	d   Dict
	buf [4]dictEntry
}

// newInstanceDict makes an instance dict for about n attributes, in one
// allocation when they fit in four entries.
func newInstanceDict(n int) *Dict {
	if n <= 2 {
		x := &dictWith2{}
		x.d.entries = x.buf[:0]
		return &x.d
	}
	if n <= 4 {
		x := &dictWith4{}
		x.d.entries = x.buf[:0]
		return &x.d
	}
	return NewDict(n)
}

// instWith2, instWith4, instWith8 and instWith16 are an instance
// allocated with room for its attributes inline (instance_attrs.go).
type instWith2 struct {
	instInline
	buf [2]Value
}

type instWith4 struct {
	instInline
	buf [4]Value
}

type instWith8 struct {
	instInline
	buf [8]Value
}

type instWith16 struct {
	instInline
	buf [16]Value
}

// newObjectInstance makes an instance of t as object.__new__ does: with
// room for its attributes inline when t is a plain user class.
func newObjectInstance(t *Type) *Instance {
	if t.Builtin || t.isExc || t.Layout != ObjectType {
		return &Instance{Class: t}
	}
	return newInstanceFor(t)
}

// newInstanceFor makes an instance of the plain user class t, with room
// for as many attributes inline as earlier instances of t ended up with
// (the first instance: maxInlineAttrs; past it, a dict; none when
// instances had no attributes).
func newInstanceFor(t *Type) *Instance {
	n := t.instAttrs
	if n == 0 && !t.instMade {
		// The first instance: all the room there is, so that its
		// attributes, however many, set the order the others follow.
		t.instMade = true
		n = maxInlineAttrs
	}
	var x *instInline
	switch {
	case n == 0:
		return &Instance{Class: t}
	case n <= 2:
		w := &instWith2{}
		x = &w.instInline
		x.c = int32(len(w.buf))
	case n <= 4:
		w := &instWith4{}
		x = &w.instInline
		x.c = int32(len(w.buf))
	case n <= 8:
		w := &instWith8{}
		x = &w.instInline
		x.c = int32(len(w.buf))
	case n <= maxInlineAttrs:
		w := &instWith16{}
		x = &w.instInline
		x.c = int32(len(w.buf))
	default:
		return &Instance{Class: t, dict: NewDict(t.instAttrs)}
	}
	x.inst.Class, x.inst.dict = t, inlineMark
	return &x.inst
}

// ctorCache says, for a user class at Version ver, whether calling it is
// the plain case: object.__new__ and a Weft __init__ (init).
type ctorCache struct {
	filled bool
	ver    uint64
	init   *Function
	// plan makes instances without running init, once planned
	// (perf_init.go).
	planned bool
	plan    *initPlan
}

// plainInit returns the Weft __init__ of t when t(...) is the plain case
// (no user __new__, no builtin base with its own constructor, not an
// exception class), else nil.
func (t *Type) plainInit() *Function {
	if t.processWide() {
		// Shared by every VM in the process: no cache to write.
		return nil
	}
	c := &t.ctor
	if c.filled && c.ver == t.Version {
		return c.init
	}
	c.filled, c.ver, c.init = true, t.Version, nil
	c.planned, c.plan = false, nil
	if t.New != nil || t.isExc {
		return nil
	}
	if nw, owner := t.Lookup("__new__"); nw != nil && !owner.Builtin {
		return nil
	}
	if init, ok := t.lookupInit().(*Function); ok {
		c.init = init
	}
	return c.init
}

func (t *Type) lookupInit() Value {
	v, _ := t.Lookup("__init__")
	return v
}

// subscrPure is x[k] when it needs no Weft code and cannot fail: a list
// indexed by an in-range int, or a dict holding the str key k.
func subscrPure(x, k Value) (Value, bool) {
	if p := pureSlot(x, k); p != nil {
		return *p, true
	}
	return nil, false
}

// pureSlot returns where x[k] is held when reading and rewriting it need
// no Weft code and cannot fail: an item of a list indexed by an in-range
// int, the value of a dict's existing str or int key. Else nil.
func pureSlot(x, k Value) *Value {
	if l, i, ok := listIndex(x, k); ok {
		return &l.items[i]
	}
	if d, ok := x.(*Dict); ok {
		switch key := k.(type) {
		case *Str:
			if i := d.findStr(key); i >= 0 {
				return &d.entries[i].Value
			}
		case Int:
			if i, ok := d.findInt(key); ok && i >= 0 {
				return &d.entries[i].Value
			}
		}
	}
	return nil
}

// storePure does x[k] = v when that needs no Weft code and cannot fail:
// a list indexed by an in-range int, or a dict with a str key k (str keys
// hash and compare without Weft code) or an int key that findInt can
// place.
func storePure(x, k, v Value) bool {
	if l, i, ok := listIndex(x, k); ok {
		l.items[i] = v
		return true
	}
	if c, ok := x.(*Dict); ok {
		switch key := k.(type) {
		case *Str:
			if i := c.findStr(key); i >= 0 {
				c.entries[i].Value = v
			} else {
				c.insertNew(key, v, strKeyHash(key))
			}
			return true
		case Int:
			return storeIntKey(c, key, k, v)
		}
	}
	return false
}

// storeIntKey does d[key] = v for an int key when findInt can place it
// (no key of another type shares its hash); boxed is key as a Value, so
// that a new entry does not box it again.
func storeIntKey(d *Dict, key Int, boxed, v Value) bool {
	i, ok := d.findInt(key)
	switch {
	case !ok:
		return false
	case i >= 0:
		d.entries[i].Value = v
	default:
		d.insertNew(boxed, v, hashInt(int64(key)))
	}
	return true
}

// findInt returns the entry index of int key k, or -1 when the dict has
// no key equal to it. ok is false when that cannot be told by comparing
// ints: an entry with k's hash has a key of another type (1.0 and True
// equal 1; an instance's __eq__ is Weft code), which the general lookup
// compares. Memo tables and counts keyed by ints probe here.
func (d *Dict) findInt(k Int) (entry int, ok bool) {
	h := hashInt(int64(k))
	if d.keyBits&keyBit(h) == 0 {
		return -1, true
	}
	if d.index == nil {
		for i := range d.entries {
			if e := &d.entries[i]; e.Hash == h && e.Key != nil {
				x, isInt := e.Key.(Int)
				if !isInt {
					return -1, false
				}
				if x == k {
					return i, true
				}
			}
		}
		return -1, true
	}
	mask := uint64(len(d.index) - 1)
	pert := uint64(h)
	s := pert & mask
	for {
		ix := d.index[s]
		if ix == slotEmpty {
			return -1, true
		}
		if ix >= 0 {
			if e := &d.entries[ix]; e.Hash == h && e.Key != nil {
				x, isInt := e.Key.(Int)
				if !isInt {
					return -1, false
				}
				if x == k {
					return int(ix), true
				}
			}
		}
		pert >>= 5
		s = (s*5 + 1 + pert) & mask
	}
}

// constAt, globalAt and attrAt are the code object's constant i, its name
// cache i and its attribute site i, without bounds checks: i comes from
// an instruction's argument (elemRef).
func (cc *codeCache) constAt(i int32) Value { return *elemRef(cc.consts, int(i)) }

func (cc *codeCache) globalAt(i int32) *globalCache { return elemRef(cc.globals, int(i)) }

func (cc *codeCache) attrAt(i int32) *attrCache { return elemRef(cc.attrs, int(i)) }
