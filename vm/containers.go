package vm

// containers.go: shared machinery of the builtin containers (list, tuple,
// dict, set, frozenset, range, slice, dict views): the values behind
// subclass instances, argument checking with CPython's messages, method
// registration, and the comparisons used by the containers' special
// methods. (Owner: containers engineer.)
//
// Subclassing: a user class deriving from list, dict, set, frozenset or
// tuple (and the collections types built on them: Counter, defaultdict,
// namedtuple) produces *Instance values whose Native field holds the
// underlying *List, *Dict, *Set or *Tuple. Every method registered on the
// builtin types accepts both the plain value and such an instance (see
// asList, asDict, ...), and the generic protocol (GetItem, Len, Iter,
// Compare, Repr) reaches those methods through the type's MRO. Plain
// values keep their Go fast paths.

import (
	"github.com/weft-lang/weft/compiler/bytecode"
	"strings"
	"sync"
)

// Set is a set or frozenset: a Dict whose values are unused.
type Set struct {
	D      Dict
	Frozen bool
}

type viewKind uint8

const (
	viewKeys viewKind = iota
	viewValues
	viewItems
)

// DictView is dict.keys(), .values() or .items().
type DictView struct {
	D    *Dict
	Kind viewKind
}

// --- the values behind builtin-derived instances ---

func asList(v Value) (*List, bool) {
	switch x := v.(type) {
	case *List:
		return x, true
	case *Instance:
		l, ok := x.Native().(*List)
		return l, ok
	}
	return nil, false
}

func asTuple(v Value) (*Tuple, bool) {
	switch x := v.(type) {
	case *Tuple:
		return x, true
	case *Instance:
		t, ok := x.Native().(*Tuple)
		return t, ok
	}
	return nil, false
}

func asDict(v Value) (*Dict, bool) {
	switch x := v.(type) {
	case *Dict:
		return x, true
	case *Instance:
		switch n := x.Native().(type) {
		case *Dict:
			return n, true
		case *defaultDict:
			return n.d, true
		}
	}
	return nil, false
}

func asSet(v Value) (*Set, bool) {
	switch x := v.(type) {
	case *Set:
		return x, true
	case *Instance:
		s, ok := x.Native().(*Set)
		return s, ok
	}
	return nil, false
}

// seqItems returns the items of a list or tuple (or a subclass instance).
func seqItems(v Value) ([]Value, bool) {
	if l, ok := asList(v); ok {
		return l.values(), true
	}
	if t, ok := asTuple(v); ok {
		return t.Items, true
	}
	return nil, false
}

// --- argument checking with CPython's messages ---

// posArgs splits args into positional args; it fails when keywords were
// passed to a function that takes none.
func (vm *VM) noKwargs(name string, kwnames []string) error {
	if len(kwnames) > 0 {
		return vm.NewError(TypeErrorType, "%s() takes no keyword arguments", name)
	}
	return nil
}

// checkArgs checks the positional count of a METH_VARARGS-style method
// ("pop expected at most 1 argument, got 2").
func (vm *VM) checkArgs(name string, n, min, max int) error {
	if n >= min && (max < 0 || n <= max) {
		return nil
	}
	s := func(k int) string {
		if k == 1 {
			return ""
		}
		return "s"
	}
	switch {
	case min == max:
		return vm.NewError(TypeErrorType, "%s expected %d argument%s, got %d", name, min, s(min), n)
	case n < min:
		return vm.NewError(TypeErrorType, "%s expected at least %d argument%s, got %d", name, min, s(min), n)
	}
	return vm.NewError(TypeErrorType, "%s expected at most %d argument%s, got %d", name, max, s(max), n)
}

// exactlyOne checks a METH_O-style function ("len() takes exactly one
// argument (0 given)").
func (vm *VM) exactlyOne(name string, n int) error {
	if n != 1 {
		return vm.NewError(TypeErrorType, "%s() takes exactly one argument (%d given)", name, n)
	}
	return nil
}

// wrapperArgs checks the arguments (self excluded) of a C class's slot
// wrapper that takes n of them (lock.__repr__, range.__contains__).
func (vm *VM) wrapperArgs(name string, n int, args []Value, kw []string) error {
	if len(kw) > 0 {
		return vm.NewError(TypeErrorType, "wrapper %s() takes no keyword arguments", name)
	}
	if len(args) != n {
		return vm.NewError(TypeErrorType, "expected %d argument%s, got %d", n, strPlural(n), len(args))
	}
	return nil
}

// noArgs checks a METH_NOARGS-style method.
func (vm *VM) noArgs(name string, n int) error {
	if n != 0 {
		return vm.NewError(TypeErrorType, "%s() takes no arguments (%d given)", name, n)
	}
	return nil
}

// cNoArgs makes a module function that CPython writes in C with no
// parameters (METH_NOARGS: "time.time() takes no arguments (1 given)",
// keywords checked first); qual is its name in messages.
func cNoArgs(qual string, fn func(vm *VM) (Value, error)) BuiltinFunc {
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) > 0 {
			if err := vm.noKwargs(qual, kw); err != nil {
				return nil, err
			}
			return nil, vm.noArgs(qual, len(args))
		}
		return fn(vm)
	}
}

// methodArgs checks the arguments (self excluded) of a builtin type's
// method taking min..max of them: a slot wrapper (wrapper, from
// isSlotWrapper when the method is registered) with its own wording,
// any other method as methodArity does.
func (vm *VM) methodArgs(wrapper bool, qual, name string, args []Value, kw []string, min, max int) error {
	if wrapper && min == max {
		return vm.wrapperArgs(name, min, args, kw)
	}
	if err := vm.noKwargs(qual, kw); err != nil {
		return err
	}
	return vm.methodArity(qual, name, len(args), min, max)
}

// methodArity checks the positional argument count n of a builtin method
// taking min..max of them, with CPython's wording for each case: qual is
// the qualified name ("list.append"), name the plain one.
func (vm *VM) methodArity(qual, name string, n, min, max int) error {
	switch {
	case min == 1 && max == 1:
		return vm.exactlyOne(qual, n)
	case min == 0 && max == 0:
		return vm.noArgs(qual, n)
	}
	return vm.checkArgs(name, n, min, max)
}

// kwArg finds keyword name among the trailing keyword values.
func kwArg(args []Value, kwnames []string, name string) (Value, bool) {
	npos := len(args) - len(kwnames)
	for i, k := range kwnames {
		if k == name {
			return args[npos+i], true
		}
	}
	return nil, false
}

// parseArgs binds positional and keyword arguments to the parameter
// names params (all optional unless listed in required count), as
// argument clinic does, with its messages. fname is the function name
// used in messages ("sorted", "int"). Missing parameters are nil.
func (vm *VM) parseArgs(fname string, args []Value, kwnames []string, params []string, required int, posOnly int) ([]Value, error) {
	out := make([]Value, len(params))
	if err := vm.parseArgsInto(out, fname, args, kwnames, params, required, posOnly); err != nil {
		return nil, err
	}
	return out, nil
}

// parseArgsInto is parseArgs into out (len(params) nil values), for
// callers that keep the result on their stack: Thread() is called
// 100,000 times in a row by programs that start many threads.
func (vm *VM) parseArgsInto(out []Value, fname string, args []Value, kwnames []string, params []string, required int, posOnly int) error {
	npos := len(args) - len(kwnames)
	if npos > len(params) {
		if len(params) == 0 {
			return vm.NewError(TypeErrorType, "%s() takes no positional arguments", fname)
		}
		if required == len(params) {
			return vm.NewError(TypeErrorType, "%s() takes exactly %d positional argument%s (%d given)", fname, len(params), plural1(len(params)), npos)
		}
		return vm.NewError(TypeErrorType, "%s() takes at most %d argument%s (%d given)", fname, len(params), plural1(len(params)), npos)
	}
	copy(out, args[:npos])
	for i, k := range kwnames {
		idx := -1
		for j, p := range params {
			if p == k {
				idx = j
				break
			}
		}
		if idx < 0 || idx < posOnly {
			return vm.NewError(TypeErrorType, "%s() got an unexpected keyword argument '%s'", fname, k)
		}
		if out[idx] != nil {
			return vm.NewError(TypeErrorType, "argument for %s() given by name ('%s') and position (%d)", fname, k, idx+1)
		}
		out[idx] = args[npos+i]
	}
	for j := 0; j < required; j++ {
		if out[j] == nil {
			if j < posOnly {
				return vm.NewError(TypeErrorType, "%s() takes at least %d positional argument%s (%d given)", fname, required, plural1(required), npos)
			}
			return vm.NewError(TypeErrorType, "%s() missing required argument '%s' (pos %d)", fname, params[j], j+1)
		}
	}
	return nil
}

func plural1(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// --- registration of builtin methods ---

// builtinMethods indexes every builtin method (a non-Func Builtin) found in
// the dict of a builtin class, those with an owner and those stored directly
// (generator, exception and tasklet methods). Built on first use: builtin
// classes are complete once the package is initialised.
var (
	builtinMethodsOnce sync.Once
	builtinMethods     map[*Builtin]*Type
)

// methodClass returns the builtin class b is a method of, or nil.
func methodClass(b *Builtin) *Type {
	if t := b.owner; t != nil {
		return t
	}
	builtinMethodsOnce.Do(func() {
		builtinMethods = map[*Builtin]*Type{}
		seen := map[*Type]bool{}
		var walk func(t *Type)
		walk = func(t *Type) {
			if seen[t] || !t.Builtin {
				return
			}
			seen[t] = true
			for _, e := range t.Dict().entries {
				if m, ok := e.Value.(*Builtin); ok && !m.Func && builtinMethods[m] == nil {
					builtinMethods[m] = t
				}
			}
			for _, sub := range t.subclasses {
				walk(sub)
			}
		}
		walk(ObjectType)
	})
	return builtinMethods[b]
}

// addMethod registers a builtin method on t; fn receives self as args[0].
func addMethod(t *Type, name string, fn BuiltinFunc) *Builtin {
	b := &Builtin{Name: name, Fn: fn, owner: t}
	t.setMethod(name, b)
	return b
}

// setMethod sets attribute name of a Go-made type at init time or in a
// registration deferred with Later. The name is interned: the types' ~750
// methods have about a third as many names (every container's __eq__,
// __len__, count), and each key Str is one more object that every
// collection marks (bench/README.md, "GC and memory").
//
// Outside a deferred registration it first runs those still pending, so
// that attributes are set in the order the inits gave.
func (t *Type) setMethod(name string, v Value) {
	if !t.filling {
		t.Dict()
	}
	t.dict.SetStrKey(internName(name), v)
}

// addClassMethod registers a builtin classmethod on t; fn receives the
// class as args[0].
func addClassMethod(t *Type, name string, fn BuiltinFunc) {
	b := &Builtin{Name: name, Fn: fn, owner: t}
	t.setMethod(name, &ClassMethod{Fn: b})
}

// addStaticMethod registers a builtin staticmethod on t.
func addStaticMethod(t *Type, name string, fn BuiltinFunc) {
	b := &Builtin{Name: name, Fn: fn, owner: t}
	t.setMethod(name, &StaticMethod{Fn: b})
}

// addTypeNew exposes t.New as t.__new__, so that a subclass's own
// __new__ can build its instance with super().__new__(cls, ...) or
// int.__new__(cls, ...). The mutable containers fill themselves in
// __init__, so their __new__ ignores the arguments, as CPython's does.
func addTypeNew(t *Type, ignoreArgs bool) {
	addStaticMethod(t, "__new__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) == 0 {
			return nil, vm.NewError(TypeErrorType, "%s.__new__(): not enough arguments", t.Name)
		}
		cls, ok := args[0].(*Type)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "%s.__new__(X): X is not a type object (%s)", t.Name, TypeOf(args[0]).Name)
		}
		if !cls.IsSubtype(t) {
			return nil, vm.NewError(TypeErrorType, "%s.__new__(%s): %s is not a subtype of %s", t.Name, cls.Name, cls.Name, t.Name)
		}
		if cls.Layout != t {
			// bool is an int, but int.__new__ cannot make one.
			return nil, vm.NewError(TypeErrorType, "%s.__new__(%s) is not safe, use %s.__new__()", t.Name, cls.Name, cls.Layout.Name)
		}
		if ignoreArgs {
			args, kw = args[:1], nil
		}
		return t.New(vm, cls, args[1:], kw)
	})
}

// addGetter registers a read-only property computed by get(self).
func addGetter(t *Type, name string, get func(vm *VM, self Value) (Value, error)) {
	g := &Builtin{Name: name, Fn: func(vm *VM, args []Value, _ []string) (Value, error) {
		// Reached with any object through t.__dict__[name].__get__(x).
		if !TypeOf(args[0]).IsSubtype(t) {
			return nil, vm.descrError(name, t, args[0])
		}
		return get(vm, args[0])
	}}
	t.setMethod(name, &Property{Get: g, Set: None, Del: None, Doc: None})
}

// newType makes a builtin type of module at init time, with base as its
// only base (see newGoType).
func newType(name, module string, base *Type) *Type {
	return newGoType(name, module, []*Type{base})
}

// badArgument reports an argument of the wrong type the way CPython's
// argument clinic does ("format() argument 2 must be str, not int"),
// which names None itself rather than its type NoneType.
func (vm *VM) badArgument(what, want string, arg Value) error {
	got := TypeOf(arg).Name
	if arg == None {
		got = "None"
	}
	return vm.NewError(TypeErrorType, "%s must be %s, not %s", what, want, got)
}

// descrError reports a method of t called with a self of the wrong type,
// worded as CPython words it for that kind of descriptor: a special method
// filled from a type slot (a slot wrapper) differs from a plain method or
// attribute.
func (vm *VM) descrError(name string, t *Type, self Value) error {
	if isSlotWrapper(t, name) {
		return vm.NewError(TypeErrorType, "descriptor '%s' requires a '%s' object but received a '%s'", name, t.tpName(), TypeOf(self).tpName())
	}
	return vm.NewError(TypeErrorType, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name, t.tpName(), TypeOf(self).tpName())
}

// slotWrapperNames are the special methods CPython's builtin types expose
// as slot wrappers; __reversed__, __reduce__, __format__ and the like are
// ordinary method descriptors.
var slotWrapperNames = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`abs add and bool call contains del delattr delete delitem divmod
		eq float floordiv ge get getattribute getitem gt hash iadd iand imul index init int invert
		ior isub iter ixor le len lshift lt mod mul ne neg next or pos pow radd rand rdivmod repr
		rfloordiv rlshift rmod rmul ror rpow rrshift rshift rsub rtruediv rxor set setattr setitem
		str sub truediv xor`) {
		slotWrapperNames["__"+n+"__"] = true
	}
}

// isSlotWrapper reports whether CPython's method name of the builtin type
// t is a slot wrapper. list, dict, set and frozenset also define a few
// special methods as method descriptors (METH_COEXIST), which take the
// method descriptor's wording.
func isSlotWrapper(t *Type, name string) bool {
	switch name {
	case "__getitem__":
		if t == ListType || t == DictType {
			return false
		}
	case "__contains__":
		if t == DictType || t == SetType || t == FrozenSetType {
			return false
		}
	}
	return slotWrapperNames[name]
}

// rangeContains is "item in r" for an int, bool or float item, found by
// arithmetic; numeric is false for any other item, which only a search
// comparing it with each item can answer (rangeScan).
func rangeContains(r *Range, item Value) (found, numeric bool) {
	var n int64
	switch x := item.(type) {
	case Int:
		n = int64(x)
	case Bool:
		if x {
			n = 1
		}
	case Float:
		if float64(int64(x)) != float64(x) {
			return false, true
		}
		n = int64(x)
	default:
		return false, false
	}
	_, ok := r.find(n)
	return ok, true
}

// find is the index of n in r; ok is false when n is not an item. The
// distance from the start is unsigned: it passes 2**63 in a range such
// as range(-2**63, 2**63 - 1, 3 * 2**61).
func (r *Range) find(n int64) (int64, bool) {
	var d, step uint64
	if r.Step > 0 {
		if n < r.Start || n >= r.Stop {
			return 0, false
		}
		d, step = uint64(n)-uint64(r.Start), uint64(r.Step)
	} else {
		if n > r.Start || n <= r.Stop {
			return 0, false
		}
		d, step = uint64(r.Start)-uint64(n), -uint64(r.Step)
	}
	if d%step != 0 {
		return 0, false
	}
	return int64(d / step), true
}

func (vm *VM) viewContains(v *DictView, item Value) (bool, error) {
	switch v.Kind {
	case viewKeys:
		_, ok, err := vm.DictGet(v.D, item)
		return ok, err
	case viewValues:
		return vm.seqContains(v.D.valuesSlice(), item)
	}
	t, ok := item.(*Tuple)
	if !ok || len(t.Items) != 2 {
		return false, nil
	}
	val, ok, err := vm.DictGet(v.D, t.Items[0])
	if err != nil || !ok {
		return false, err
	}
	if identical(val, t.Items[1]) {
		return true, nil
	}
	return vm.Equal(val, t.Items[1])
}

func (d *Dict) valuesSlice() []Value {
	out := make([]Value, 0, d.live)
	d.Items(func(_, v Value) bool { out = append(out, v); return true })
	return out
}

// ctSeqCompare is the lexicographic comparison of lists and tuples.
func (vm *VM) ctSeqCompare(x, y []Value, op bytecode.CompareOp) (Value, error) {
	if (op == bytecode.CmpEq || op == bytecode.CmpNe) && len(x) != len(y) {
		return Bool(op == bytecode.CmpNe), nil
	}
	i := 0
	for ; i < len(x) && i < len(y); i++ {
		if identical(x[i], y[i]) {
			continue
		}
		eq, err := vm.Equal(x[i], y[i])
		if err != nil {
			return nil, err
		}
		if !eq {
			break
		}
	}
	if i >= len(x) || i >= len(y) {
		return Bool(cmpOrdered(int64(len(x)), int64(len(y)), op)), nil
	}
	switch op {
	case bytecode.CmpEq:
		return Bool(false), nil
	case bytecode.CmpNe:
		return Bool(true), nil
	}
	return vm.Compare(x[i], y[i], op)
}

// ctDictEqual is dict == dict.
func (vm *VM) ctDictEqual(x, y *Dict) (bool, error) {
	if x == y {
		return true, nil
	}
	if x.Len() != y.Len() {
		return false, nil
	}
	for i := 0; i < len(x.entries); i++ {
		e := x.entries[i]
		if e.Key == nil {
			continue
		}
		j, _, err := vm.dictLookup(y, e.Key, e.Hash)
		if err != nil || j < 0 {
			return false, err
		}
		yv := y.entries[j].Value
		if identical(e.Value, yv) {
			continue
		}
		eq, err := vm.Equal(e.Value, yv)
		if err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// ctSetCompare compares sets: == and != by elements, < <= > >= as subset
// and superset tests.
func (vm *VM) ctSetCompare(a, b *Set, op bytecode.CompareOp) (Value, error) {
	subset := func(x, y *Set) (bool, error) {
		if x.D.Len() > y.D.Len() {
			return false, nil
		}
		for i := 0; i < len(x.D.entries); i++ {
			e := x.D.entries[i]
			if e.Key == nil {
				continue
			}
			j, _, err := vm.dictLookup(&y.D, e.Key, e.Hash)
			if err != nil || j < 0 {
				return false, err
			}
		}
		return true, nil
	}
	la, lb := a.D.Len(), b.D.Len()
	var r bool
	var err error
	switch op {
	case bytecode.CmpEq, bytecode.CmpNe:
		if la == lb {
			r, err = subset(a, b)
		}
		if op == bytecode.CmpNe {
			r = !r
		}
	case bytecode.CmpLe:
		r, err = subset(a, b)
	case bytecode.CmpLt:
		if la < lb {
			r, err = subset(a, b)
		}
	case bytecode.CmpGe:
		r, err = subset(b, a)
	case bytecode.CmpGt:
		if lb < la {
			r, err = subset(b, a)
		}
	}
	return Bool(r), err
}
