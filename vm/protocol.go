package vm

// protocol.go: the generic object protocol — truth, repr/str, hashing,
// equality and ordering, operators, attributes, items, iteration — shared by
// the interpreter and the builtins. Builtin types take Go fast paths; user
// classes dispatch to their special methods through callMethod.

import (
	"unsafe"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// lookupSpecial finds a special method on the type of v (never the
// instance dict, as in Python). It returns nil when absent.
func lookupSpecial(v Value, name string) Value {
	m, _ := TypeOf(v).Lookup(name)
	return m
}

// lookupSpecialStr is lookupSpecial of an interned name.
func lookupSpecialStr(v Value, name *Str) Value {
	m, _ := TypeOf(v).lookupStr(name)
	return m
}

// callSpecial calls the special method name of v's type with v bound as
// self; ok is false when the type has no such method.
func (vm *VM) callSpecial(v Value, name string, args ...Value) (Value, bool, error) {
	return vm.callFoundSpecial(lookupSpecial(v, name), v, args)
}

// The special methods the VM looks up most, interned: their lookups hash
// no string (callSpecialStr, lookupSpecialStr).
var (
	dunderLen, dunderGetitem, dunderSetitem = internName("__len__"), internName("__getitem__"), internName("__setitem__")
	dunderContains, dunderIter, dunderNext  = internName("__contains__"), internName("__iter__"), internName("__next__")
	dunderBool                              = internName("__bool__")
	dunderEnter, dunderExit                 = internName("__enter__"), internName("__exit__")
	dunderInitSubclass                      = internName("__init_subclass__")
	dunderInit, dunderNew                   = internName("__init__"), internName("__new__")
)

// callSpecialStr is callSpecial of an interned name.
func (vm *VM) callSpecialStr(v Value, name *Str, args ...Value) (Value, bool, error) {
	return vm.callFoundSpecial(lookupSpecialStr(v, name), v, args)
}

// callFoundSpecial calls special method m, as the lookup found it (nil:
// none, ok false), with v bound as self.
func (vm *VM) callFoundSpecial(m, v Value, args []Value) (Value, bool, error) {
	if m == nil {
		return nil, false, nil
	}
	res, err := vm.callBound(m, v, args)
	return res, true, err
}

// callBound calls method m (as found in a class dict) with self prepended.
func (vm *VM) callBound(m Value, self Value, args []Value) (Value, error) {
	switch f := m.(type) {
	case *StaticMethod:
		return vm.Call(f.Fn, args, nil)
	case *ClassMethod:
		all := append([]Value{TypeOf(self)}, args...)
		return vm.Call(f.Fn, all, nil)
	}
	all := make([]Value, 0, len(args)+1)
	all = append(all, self)
	all = append(all, args...)
	return vm.Call(m, all, nil)
}

// Truthy is bool(v).
func (vm *VM) Truthy(v Value) (bool, error) {
	switch x := v.(type) {
	case Bool:
		return bool(x), nil
	case Int:
		return x != 0, nil
	case NoneType:
		return false, nil
	case Float:
		return x != 0, nil
	case *Str:
		return len(x.S) > 0, nil
	case *List:
		return x.Len() > 0, nil
	case *Tuple:
		return len(x.Items) > 0, nil
	case *Dict:
		return x.Len() > 0, nil
	case *Set:
		return x.D.Len() > 0, nil
	case *BigInt:
		return x.V.Sign() != 0, nil
	case *Range:
		return x.Len() > 0, nil
	case *BigRange:
		return numSign(x.Len) != 0, nil
	case *Instance:
		if r, ok, err := vm.callSpecialStr(v, dunderBool); ok {
			if err != nil {
				return false, err
			}
			b, isBool := r.(Bool)
			if !isBool {
				return false, vm.NewError(TypeErrorType, "__bool__ should return bool, returned %s", TypeOf(r).Name)
			}
			return bool(b), nil
		}
		if r, ok, err := vm.callSpecialStr(v, dunderLen); ok {
			if err != nil {
				return false, err
			}
			n, err := vm.lenResult(r)
			return n > 0, err
		}
		if x.Native() != nil {
			if n, ok := nativeLen(x); ok {
				return n > 0, nil
			}
		}
		return true, nil
	}
	if n, ok := builtinLen(v); ok {
		return n > 0, nil
	}
	return true, nil
}

func (vm *VM) lenResult(r Value) (int, error) {
	switch n := r.(type) {
	case Int:
		if n < 0 {
			return 0, vm.NewError(ValueErrorType, "__len__() should return >= 0")
		}
		return int(n), nil
	case Bool:
		if n {
			return 1, nil
		}
		return 0, nil
	case *BigInt:
		if n.V.Sign() < 0 {
			return 0, vm.NewError(ValueErrorType, "__len__() should return >= 0")
		}
		return 0, vm.NewError(OverflowErrorType, "cannot fit 'int' into an index-sized integer")
	}
	return 0, vm.NewError(TypeErrorType, "'%s' object cannot be interpreted as an integer", TypeOf(r).Name)
}

// Len is len(v).
func (vm *VM) Len(v Value) (int, error) {
	if n, ok := builtinLen(v); ok {
		return n, nil
	}
	if r, ok := v.(*BigRange); ok {
		return vm.bigRangeLen(r)
	}
	if inst, ok := v.(*Instance); ok {
		// A native class's own instance (a deque, not a subclass's):
		// its __len__ is nativeLen, and a builtin type cannot change.
		if inst.Class.Builtin {
			if n, ok := nativeLen(inst); ok {
				return n, nil
			}
		}
		if r, ok, err := vm.callSpecialStr(v, dunderLen); ok {
			if err != nil {
				return 0, err
			}
			return vm.lenResult(r)
		}
		if n, ok := nativeLen(inst); ok {
			return n, nil
		}
	}
	return 0, vm.NewError(TypeErrorType, "object of type '%s' has no len()", TypeOf(v).Name)
}

func builtinLen(v Value) (int, bool) {
	switch x := v.(type) {
	case *Str:
		return x.Len(), true
	case *List:
		return x.Len(), true
	case *Tuple:
		return len(x.Items), true
	case *Dict:
		return x.Len(), true
	case *Set:
		return x.D.Len(), true
	case *Range:
		return int(x.Len()), true
	case *DictView:
		return x.D.Len(), true
	}
	return 0, false
}

// nativeLen is len() of builtin classes implemented on Instance (deque,
// Counter, ...); they register through nativeLenHook.
func nativeLen(x *Instance) (int, bool) {
	if h, ok := x.Native().(interface{ nativeLen() int }); ok {
		return h.nativeLen(), true
	}
	return 0, false
}

// Repr is repr(v).
func (vm *VM) Repr(v Value) (string, error) { return vm.reprNaming(v, "__repr__") }

// reprNaming is repr(v) with a non-string result of v's __repr__ reported
// as dunder's: str() of an object without __str__ of its own runs
// object's __str__, which is repr, and CPython's error names __str__
// (reprs of items inside, made by Repr, keep naming __repr__).
func (vm *VM) reprNaming(v Value, dunder string) (string, error) {
	if s, ok := vm.fastRepr(v); ok {
		return s, nil
	}
	if err := vm.enterRepr(); err != nil {
		return "", err
	}
	defer vm.leaveRepr()
	r, ok, err := vm.callSpecial(v, "__repr__")
	if err != nil {
		return "", err
	}
	if ok {
		s, isStr := r.(*Str)
		if !isStr {
			return "", vm.NewError(TypeErrorType, "%s returned non-string (type %s)", dunder, TypeOf(r).Name)
		}
		return s.S, nil
	}
	return vm.defaultRepr(v)
}

// StrOf is str(v).
func (vm *VM) StrOf(v Value) (string, error) {
	switch x := v.(type) {
	case *Str:
		return x.S, nil
	case Int, Float, Bool, NoneType:
		s, _ := vm.fastRepr(v)
		return s, nil
	}
	if m := lookupSpecial(v, "__str__"); m != nil {
		if m == objectStr {
			// object's __str__ is repr (int and float inherit it): a
			// subclass's __repr__ shows.
			return vm.reprNaming(v, "__str__")
		}
		if err := vm.enterRepr(); err != nil {
			return "", err
		}
		defer vm.leaveRepr()
		r, err := vm.callBound(m, v, nil)
		if err != nil {
			return "", err
		}
		s, isStr := r.(*Str)
		if !isStr {
			return "", vm.NewError(TypeErrorType, "__str__ returned non-string (type %s)", TypeOf(r).Name)
		}
		return s.S, nil
	}
	return vm.reprNaming(v, "__str__")
}

// enterRepr guards against runaway recursion in nested __repr__/__str__
// calls of Go builtins (a list containing itself is handled separately).
func (vm *VM) enterRepr() error {
	if vm.nested > maxNested {
		return vm.NewError(RecursionErrorType, "maximum recursion depth exceeded while getting the repr of an object")
	}
	return nil
}

func (vm *VM) leaveRepr() {}

// maxNested bounds Go-level nesting of the interpreter (Weft code called
// from Go called from Weft ...), which is what could overflow the Go stack.
const maxNested = 3000

// Hash is hash(v).
// nestEnter counts one more level of a builtin operation recursing into
// nested containers (comparing, hashing) on the Go stack, and raises
// RecursionError past limit: a comparison of two lists nested three
// million deep overflowed Go's stack, a fatal error that no recover
// catches. The caller decrements vm.nesting when the level is done.
func (vm *VM) nestEnter(limit int, what string) error {
	vm.nesting++
	if vm.nesting > limit {
		vm.nesting--
		return vm.NewError(RecursionErrorType, "maximum recursion depth exceeded%s", what)
	}
	return nil
}

// compareNestLimit bounds comparisons of nested containers as CPython's
// recursion limit does; hashNestLimit bounds hashing nested tuples, which
// CPython does not check at all (it recurses in C): far deeper, but
// within Go's stack.
func (vm *VM) compareNestLimit() int { return min(reprDepthLimit, vm.recursionLimit) }

const hashNestLimit = 1_000_000

func (vm *VM) Hash(v Value) (int64, error) {
	switch x := v.(type) {
	case *Str:
		return x.cachedHash(), nil
	case Int:
		return hashInt(int64(x)), nil
	case Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case Float:
		return hashFloat(float64(x)), nil
	case *BigInt:
		return hashBig(&x.V), nil
	case NoneType:
		return 0x5eed, nil
	case *Tuple:
		if err := vm.nestEnter(hashNestLimit, ""); err != nil {
			return 0, err
		}
		h, err := vm.hashTuple(x)
		vm.nesting--
		return h, err
	case *Set:
		if x.Frozen {
			return vm.hashFrozenSet(x)
		}
	case *Instance:
		m := lookupSpecial(v, "__hash__")
		if m == None {
			return 0, vm.NewError(TypeErrorType, "unhashable type: '%s'", x.Class.tpName())
		}
		if m != nil {
			// Any __hash__ but object's own: a user method, or a builtin
			// one inherited from int/str/tuple (subclass instances hash
			// like their builtin value).
			if owner := hashOwner(x.Class); owner != ObjectType {
				r, err := vm.callBound(m, v, nil)
				if err != nil {
					return 0, err
				}
				switch h := r.(type) {
				case Int:
					if owner.Builtin {
						// Already a hash (tuple's, str's): keep it as is, so
						// a namedtuple hashes like the equal tuple.
						return int64(h), nil
					}
					return hashInt(int64(h)), nil
				case *BigInt:
					return hashBig(&h.V), nil
				case Bool:
					return vm.Hash(h)
				}
				return 0, vm.NewError(TypeErrorType, "__hash__ method should return an integer")
			}
		}
		return identityHash(v), nil
	case *List, *Dict:
		return 0, vm.NewError(TypeErrorType, "unhashable type: '%s'", TypeOf(v).Name)
	case *Range, *BigRange:
		r, _ := bigRangeOf(x)
		return vm.rangeHash(r)
	case *BoundMethod:
		// Equal bound methods (same object, equal functions) hash equal.
		fh, err := vm.Hash(x.Fn)
		if err != nil {
			return 0, err
		}
		h := identityHash(x.Self) ^ fh
		if h == -1 {
			h = -2
		}
		return h, nil
	}
	if _, ok := v.(*Set); ok {
		return 0, vm.NewError(TypeErrorType, "unhashable type: 'set'")
	}
	if _, ok := v.(*Slice); ok {
		return 0, vm.NewError(TypeErrorType, "unhashable type: 'slice'")
	}
	return identityHash(v), nil
}

func (vm *VM) hashTuple(t *Tuple) (int64, error) {
	// xxHash-style mixing as in CPython's tuplehash.
	acc := uint64(2870177450012600261)
	for _, it := range t.Items {
		h, err := vm.Hash(it)
		if err != nil {
			return 0, err
		}
		acc += uint64(h) * 14029467366897019727
		acc = (acc << 31) | (acc >> 33)
		acc *= 11400714785074694791
	}
	acc += uint64(len(t.Items)) ^ (2870177450012600261 ^ 3527539)
	r := int64(acc)
	if r == -1 {
		r = 1546275796
	}
	return r, nil
}

func (vm *VM) hashFrozenSet(s *Set) (int64, error) {
	// The members' hashes are in the set's entries already (computed when
	// they were added): no need to hash nested frozensets again, which
	// made building a deep one quadratic and recursive.
	//
	// CPython's frozenset hash (Objects/setobject.c): the members'
	// shuffled hashes xored, which no order or table layout changes, then
	// the size and a dispersion for nested frozensets. It is observable
	// (hash(frozenset({1, 2}))) and orders sets of frozensets.
	var h uint64
	for _, e := range s.D.entries {
		if e.Key != nil {
			x := uint64(e.Hash)
			h ^= (x ^ 89869747 ^ x<<16) * 3644798167
		}
	}
	h ^= uint64(s.D.Len()+1) * 1927868237
	h ^= h>>11 ^ h>>25
	h = h*69069 + 907133923
	if int64(h) == -1 { // -1 is CPython's error value
		h = 590923713
	}
	return int64(h), nil
}

// Equal is a == b as a Go bool.
func (vm *VM) Equal(a, b Value) (bool, error) {
	r, err := vm.Compare(a, b, bytecode.CmpEq)
	if err != nil {
		return false, err
	}
	if bb, ok := r.(Bool); ok {
		return bool(bb), nil
	}
	return vm.Truthy(r)
}

var reflectedCmp = [...]bytecode.CompareOp{
	bytecode.CmpLt: bytecode.CmpGt, bytecode.CmpLe: bytecode.CmpGe,
	bytecode.CmpEq: bytecode.CmpEq, bytecode.CmpNe: bytecode.CmpNe,
	bytecode.CmpGt: bytecode.CmpLt, bytecode.CmpGe: bytecode.CmpLe,
}

var cmpDunder = [...]string{
	bytecode.CmpLt: "__lt__", bytecode.CmpLe: "__le__", bytecode.CmpEq: "__eq__",
	bytecode.CmpNe: "__ne__", bytecode.CmpGt: "__gt__", bytecode.CmpGe: "__ge__",
}

// Compare is the rich comparison a op b.
func (vm *VM) Compare(a, b Value, op bytecode.CompareOp) (Value, error) {
	// Builtin fast paths.
	if r, ok, err := vm.compareBuiltin(a, b, op); ok || err != nil {
		return r, err
	}
	_, aUser := a.(*Instance)
	_, bUser := b.(*Instance)
	if aUser || bUser {
		// Reflected first when b's type is a subclass of a's.
		ta, tb := TypeOf(a), TypeOf(b)
		tryB := bUser && ta != tb && tb.IsSubtype(ta)
		if tryB {
			if r, ok, err := vm.callSpecial(b, cmpDunder[reflectedCmp[op]], a); ok && (err != nil || r != NotImplemented) {
				return r, err
			}
		}
		neFound := false // a's __ne__ ran (object's calls __eq__ itself)
		if aUser {
			r, ok, err := vm.callSpecial(a, cmpDunder[op], b)
			if ok && (err != nil || r != NotImplemented) {
				return r, err
			}
			neFound = ok && op == bytecode.CmpNe
		}
		if bUser && !tryB {
			if r, ok, err := vm.callSpecial(b, cmpDunder[reflectedCmp[op]], a); ok && (err != nil || r != NotImplemented) {
				return r, err
			}
		}
		if op == bytecode.CmpNe && aUser && !neFound {
			if m := lookupSpecial(a, "__eq__"); m != nil {
				if _, builtin := m.(*Builtin); !builtin {
					r, err := vm.callBound(m, a, []Value{b})
					if err != nil {
						return nil, err
					}
					if r != NotImplemented {
						t, err := vm.Truthy(r)
						return Bool(!t), err
					}
				}
			}
		}
	}
	// An int subclass against a float: float's comparison takes the int.
	_, aSub := intSubOf(a)
	_, bSub := intSubOf(b)
	if aSub || bSub {
		if r, ok := numCompare(intSubValue(a), intSubValue(b), op); ok {
			return Bool(r), nil
		}
	}
	switch op {
	case bytecode.CmpEq:
		return Bool(identical(a, b)), nil
	case bytecode.CmpNe:
		return Bool(!identical(a, b)), nil
	}
	return nil, vm.NewError(TypeErrorType, "'%s' not supported between instances of '%s' and '%s'",
		op.String(), TypeOf(a).tpName(), TypeOf(b).tpName())
}

// identical is Python's "is".
func identical(a, b Value) bool {
	switch x := a.(type) {
	case Int:
		y, ok := b.(Int)
		return ok && x == y
	case Float:
		// A float is the same object when its box is, as in CPython (a
		// NaN x is x, and x in [x]), and, where CPython would say no, also
		// when its value is equal (1.5 is 3 / 2): floats are boxed in
		// slabs, and this was the rule before boxes were compared.
		y, ok := b.(Float)
		return ok && (x == y || sameBox(a, b))
	case Bool:
		y, ok := b.(Bool)
		return ok && x == y
	case NoneType:
		_, ok := b.(NoneType)
		return ok
	case *BigInt:
		y, ok := b.(*BigInt)
		return ok && (x == y || x.V.Cmp(&y.V) == 0)
	}
	return a == b
}

// sameBox reports whether a and b hold the same boxed value.
func sameBox(a, b Value) bool {
	return (*eface)(unsafe.Pointer(&a)).data == (*eface)(unsafe.Pointer(&b)).data
}

// Contains is "item in container".
func (vm *VM) Contains(container, item Value) (bool, error) {
	switch c := container.(type) {
	case *Str:
		s, ok := numUnwrap(item).(*Str) // str subclasses too
		if !ok {
			return false, vm.NewError(TypeErrorType, "'in <string>' requires string as left operand, not %s", TypeOf(item).Name)
		}
		return containsStr(c.S, s.S), nil
	case *Dict:
		_, ok, err := vm.DictGet(c, item)
		return ok, err
	case *Set:
		_, ok, err := vm.DictGet(&c.D, item)
		return ok, err
	case *List:
		return vm.seqContains(c.values(), item)
	case *Tuple:
		return vm.seqContains(c.Items, item)
	case *Range:
		if found, numeric := rangeContains(c, item); numeric {
			return found, nil
		}
		return vm.rangeSearch(c, item)
	case *BigRange:
		if found, numeric := c.contains(item); numeric {
			return found, nil
		}
		return vm.rangeSearch(c, item)
	case *DictView:
		return vm.viewContains(c, item)
	}
	if r, ok, err := vm.callSpecialStr(container, dunderContains, item); ok {
		if err != nil {
			return false, err
		}
		return vm.Truthy(r)
	}
	// Fall back to iteration.
	it, err := vm.Iter(container)
	if err != nil {
		if e, ok := err.(*Instance); ok && e.Class == TypeErrorType {
			return false, vm.NewError(TypeErrorType, "argument of type '%s' is not iterable", TypeOf(container).Name)
		}
		return false, err
	}
	for {
		v, ok, err := vm.Next(it)
		if err != nil || !ok {
			return false, err
		}
		eq, err := vm.eqForContains(v, item)
		if err != nil || eq {
			return eq, err
		}
	}
}

func (vm *VM) eqForContains(a, b Value) (bool, error) {
	if identical(a, b) {
		return true, nil
	}
	return vm.Equal(a, b)
}

func (vm *VM) seqContains(items []Value, x Value) (bool, error) {
	for i := 0; i < len(items); i++ {
		eq, err := vm.eqForContains(items[i], x)
		if err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

// hashOwner returns the class in t's MRO that defines __hash__.
func hashOwner(t *Type) *Type {
	for _, c := range t.MRO {
		if _, ok := c.Dict().GetStr("__hash__"); ok {
			return c
		}
	}
	return nil
}
