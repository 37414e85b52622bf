package vm

// perf_accessor.go: properties whose accessors only get or set an
// attribute of self.
//
// The commonest property guards an attribute: a getter `return self._v`
// and a setter `self._v = v`. The hot tier ran the getter in a frame of
// its own and left the setter to exec, which entered a frame too, for
// one attribute load or store. When an accessor is exactly that (read
// once per code object from the compiler's instructions), the tier does
// the load or store itself through the accessor's own attribute site, on
// the conditions its LOAD_ATTR or STORE_ATTR would take the loop's fast
// path on (the site knows the class, no property of that name, the entry
// at its hinted place), and falls back to the frame otherwise.

import bc "github.com/weft-lang/weft/compiler/bytecode"

// The shapes of a plain accessor (codeCache.accessor).
const (
	accessorUnknown = iota
	accessorNone
	accessorGetter // LOAD_FAST 0; LOAD_ATTR n; RETURN_VALUE
	accessorSetter // LOAD_FAST 1; LOAD_FAST 0; STORE_ATTR n; LOAD_CONST None; RETURN_VALUE
)

// accessorShape returns whether code is a plain getter or setter and the
// name index it reads or writes (computed once per code object).
func (cc *codeCache) accessorShape(code *bc.Code) (kind int, name int32) {
	if cc.accessor == accessorUnknown {
		k, name := readAccessorShape(code, cc)
		cc.accessor, cc.accessorName = int8(k), name
	}
	return int(cc.accessor), cc.accessorName
}

func readAccessorShape(code *bc.Code, cc *codeCache) (int, int32) {
	ins := code.Instrs
	if len(code.Cells)+len(code.Frees) != 0 {
		return accessorNone, 0
	}
	switch {
	case cc.simpleArgs == 1 && len(ins) == 3 &&
		ins[0].Op == bc.LOAD_FAST && ins[0].Arg == 0 && ins[1].Op == bc.LOAD_ATTR && ins[2].Op == bc.RETURN_VALUE:
		return accessorGetter, ins[1].Arg
	case cc.simpleArgs == 2 && len(ins) == 5 &&
		ins[0].Op == bc.LOAD_FAST && ins[0].Arg == 1 && ins[1].Op == bc.LOAD_FAST && ins[1].Arg == 0 &&
		ins[2].Op == bc.STORE_ATTR && ins[3].Op == bc.LOAD_CONST && cc.consts[ins[3].Arg] == None &&
		ins[4].Op == bc.RETURN_VALUE:
		return accessorSetter, ins[2].Arg
	}
	return accessorNone, 0
}

// plainAccessor returns accessor's code cache and the name index it
// reads or writes when it is a plain function of the shape kind that has
// run before (its attribute site is warm), else nil.
func plainAccessor(accessor Value, kind int) (*codeCache, int32) {
	fn, ok := accessor.(*Function)
	if !ok || fn.cc == nil {
		return nil, 0
	}
	if k, name := fn.cc.accessorShape(fn.Code); k == kind {
		return fn.cc, name
	}
	return nil, 0
}

// propertyGet is p's value on o when its getter is a plain getter whose
// attribute the loop's LOAD_ATTR would find at its hinted entry.
func propertyGet(p *Property, o *Instance) (Value, bool) {
	cc, name := plainAccessor(p.Get, accessorGetter)
	if cc == nil {
		return nil, false
	}
	ac := &cc.attrs[name]
	e := ac.find(o.Class)
	if e == nil || e.isProp {
		return nil, false
	}
	if p := o.attrAt(e, ac.name); p != nil {
		return *p, true
	}
	return nil, false
}

// propertySet sets p on o to v when its setter is a plain setter whose
// attribute the loop's STORE_ATTR would overwrite at its hinted entry,
// and reports whether it did.
func propertySet(p *Property, o *Instance, v Value) bool {
	cc, name := plainAccessor(p.Set, accessorSetter)
	if cc == nil || o.Exc() != nil {
		return false
	}
	ac := &cc.attrs[name]
	e := ac.find(o.Class)
	if e == nil || !e.plainStore {
		return false
	}
	if p := o.attrAt(e, ac.name); p != nil {
		*p = v
		return true
	}
	return false
}
