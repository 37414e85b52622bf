package vm

// perf_init.go: constructing an instance whose __init__ only stores.
//
// Small value classes are mostly an __init__ that stores its parameters
// (or constants) as attributes: `self.x = x; self.y = y`. Calling such a
// class ran a frame: the hot tier entered it (hotEnterNew), dispatched
// its six or so instructions and left it through hotLeaveAny and the
// frame pool, about 600 instructions per instance (bench objects: a Vec
// per step). A store-only __init__ has nothing to run but its stores,
// none of which can fail or run Weft code when the class leaves its
// attribute stores plain (no property, no user __setattr__: the test
// STORE_ATTR's cache makes). So the hot tier makes such instances
// without a frame: it allocates the instance and appends the stores to
// its dict in their order, charging the ticks the instructions would
// have cost.
//
// The plan is read once per code object from the compiler's instructions
// (storeOnlyPlan); whether its stores are plain on a class is decided
// once per class version (Type.initPlan).

import bc "github.com/weft-lang/weft/compiler/bytecode"

// initStore is one `self.name = value` of a store-only __init__: the
// value is parameter param (a slot, >= 1) or, when param < 0, konst.
type initStore struct {
	name  *Str
	param int32
	konst Value
}

// initPlan is what a store-only __init__ does: its stores, in order, the
// names distinct; ticks is its instruction count.
type initPlan struct {
	stores []initStore
	ticks  int64
}

// maxInitStores bounds the stores of a plan: an instance dict of more
// attributes is rare, and the plan is for small value classes.
const maxInitStores = 8

// storeOnlyPlan returns the plan of code when it is a store-only __init__
// (computed once per code object), else nil: a function of positional
// parameters only, without cells, whose instructions are stores
// `LOAD_FAST p | LOAD_CONST c; LOAD_FAST 0; STORE_ATTR n` of distinct
// names, then `LOAD_CONST None; RETURN_VALUE`.
func (cc *codeCache) storeOnlyPlan(code *bc.Code) *initPlan {
	if !cc.initChecked {
		cc.initChecked = true
		cc.init = readInitPlan(code, cc)
	}
	return cc.init
}

func readInitPlan(code *bc.Code, cc *codeCache) *initPlan {
	ins := code.Instrs
	n := len(ins)
	if cc.simpleArgs < 1 || len(code.Cells)+len(code.Frees) != 0 || n < 2 || (n-2)%3 != 0 || (n-2)/3 > maxInitStores {
		return nil
	}
	if last := ins[n-2]; last.Op != bc.LOAD_CONST || cc.consts[last.Arg] != None || ins[n-1].Op != bc.RETURN_VALUE {
		return nil
	}
	p := &initPlan{ticks: int64(n)}
	for pc := 0; pc < n-2; pc += 3 {
		src, self, store := ins[pc], ins[pc+1], ins[pc+2]
		if self.Op != bc.LOAD_FAST || self.Arg != 0 || store.Op != bc.STORE_ATTR {
			return nil
		}
		st := initStore{name: cc.names[store.Arg], param: -1}
		switch {
		case src.Op == bc.LOAD_FAST && src.Arg >= 1 && int(src.Arg) < cc.simpleArgs:
			st.param = src.Arg
		case src.Op == bc.LOAD_CONST:
			st.konst = cc.consts[src.Arg]
		default:
			return nil
		}
		for _, prev := range p.stores {
			if prev.name == st.name {
				return nil
			}
		}
		p.stores = append(p.stores, st)
	}
	return p
}

// initPlan returns the plan for making t's instances with its __init__
// fn, a store-only one whose stores are plain on t, else nil; decided once
// per class version (plainInit resets it with the rest of the ctorCache).
func (t *Type) initPlan(fn *Function) *initPlan {
	c := &t.ctor
	if !c.planned { // plainInit clears planned and plan together
		c.planned = true
		if p := fn.cc.storeOnlyPlan(fn.Code); p != nil && p.plainOn(t) {
			c.plan = p
		}
	}
	return c.plan
}

// plainOn reports whether every store of p is a plain instance-dict
// store on t.
func (p *initPlan) plainOn(t *Type) bool {
	for _, st := range p.stores {
		if !t.lookupMemo(st.name).plainStore {
			return false
		}
	}
	return true
}

// build makes an instance of t as fn, p's __init__, would with the
// positional arguments args (after self; the missing ones from fn's
// defaults, as bindPlain takes them).
func (p *initPlan) build(t *Type, fn *Function, args []Value) *Instance {
	if t.instAttrs < len(p.stores) {
		t.instAttrs = len(p.stores)
	}
	o := newInstanceFor(t)
	x := o.inline()
	inOrder := x != nil && p.inOrder(t)
	simple := fn.cc.simpleArgs
	for _, st := range p.stores {
		v := st.konst
		if st.param >= 0 {
			if i := int(st.param) - 1; i < len(args) {
				v = args[i]
			} else {
				v = fn.Defaults[int(st.param)-(simple-len(fn.Defaults))]
			}
		}
		if inOrder {
			x.push(v) // room for all: instAttrs above
		} else {
			o.setOwnAttr(st.name, v)
		}
	}
	return o
}

// inOrder reports whether p stores the first attributes of t's attrOrder
// in their order, so that a new instance's inline values are p's in
// turn. Once true it stays true: attrOrder only grows.
func (p *initPlan) inOrder(t *Type) bool {
	if len(t.attrOrder) < len(p.stores) {
		return false
	}
	for i, st := range p.stores {
		if t.attrOrder[i] != st.name {
			return false
		}
	}
	return true
}
