package vm

// iter.go: the iteration protocol (Iter, Next, Collect) and the builtin
// iterators over lists, tuples, ranges, strings, dicts and sets. Every
// iterator has its own type named as in CPython (list_iterator, ...),
// with __iter__ and __next__ methods.

import "unicode/utf8"

// Iterator is a builtin iterator implemented in Go.
// pairIterator is an iterator whose items can be pairs it hands over
// without building the tuple (enumerate, a zip of two, dict items): the
// hot tier's `for a, b in ...` (perf_hot.go). pairs reports whether this
// one's items are pairs.
type pairIterator interface {
	pairs() bool
	nextPair(vm *VM) (a, b Value, ok bool, err error)
}

type Iterator interface {
	iterType() *Type
	// next returns the next item, or ok=false when exhausted.
	next(vm *VM) (v Value, ok bool, err error)
}

// The iterator types.
var (
	listIterType         = newIterType("list_iterator")
	tupleIterType        = newIterType("tuple_iterator")
	rangeIterType        = newIterType("range_iterator")
	bigRangeIterType     = newIterType("longrange_iterator")
	strASCIIIterType     = newIterType("str_ascii_iterator")
	strIterType          = newIterType("str_iterator")
	dictKeyIterType      = newIterType("dict_keyiterator")
	dictValueIterType    = newIterType("dict_valueiterator")
	dictItemIterType     = newIterType("dict_itemiterator")
	dictRevKeyIterType   = newIterType("dict_reversekeyiterator")
	dictRevValueIterType = newIterType("dict_reversevalueiterator")
	dictRevItemIterType  = newIterType("dict_reverseitemiterator")
	setIterType          = newIterType("set_iterator")
	listRevIterType      = newIterType("list_reverseiterator")
	seqIterType          = newIterType("iterator")
	callableIterType     = newIterType("callable_iterator")
)

// iterTypes lists every iterator type, for registering __iter__ and
// __next__.
var iterTypes []*Type

func newIterType(name string) *Type {
	t := newType(name, "builtins", ObjectType)
	iterTypes = append(iterTypes, t)
	return t
}

func init() {
	for _, t := range iterTypes {
		t.Later(registerIterMethods)
	}
}

// registerIterMethods registers an iterator type's __iter__ and
// __next__ (see Type.Later).
func registerIterMethods(t *Type) {
	addMethod(t, "__iter__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs(t.Name+".__iter__", len(args)-1); err != nil {
			return nil, err
		}
		return args[0], nil
	})
	addMethod(t, "__next__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs(t.Name+".__next__", len(args)-1); err != nil {
			return nil, err
		}
		it, ok := args[0].(Iterator)
		if !ok {
			return nil, vm.descrError("__next__", t, args[0])
		}
		v, ok, err := it.next(vm)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, NewException(StopIterationType)
		}
		return v, nil
	})
}

// seqIter iterates a list or tuple by index (a list may grow meanwhile).
type seqIter struct {
	list  *List
	tuple *Tuple
	i     int
}

func (it *seqIter) iterType() *Type {
	if it.list != nil {
		return listIterType
	}
	return tupleIterType
}

func (it *seqIter) next(vm *VM) (Value, bool, error) {
	var items []Value
	if l := it.list; l != nil {
		if l.packed != nil {
			return it.nextPacked()
		}
		items = l.items
	} else if it.tuple != nil {
		items = it.tuple.Items
	}
	if it.i >= len(items) {
		// An exhausted iterator stays exhausted even if the list grows.
		it.list, it.tuple = nil, nil
		return nil, false, nil
	}
	v := items[it.i]
	it.i++
	return v, true, nil
}

// nextPacked is next of an iterator over a packed list.
func (it *seqIter) nextPacked() (Value, bool, error) {
	p := it.list.packed
	if it.i >= p.len() {
		it.list = nil
		return nil, false, nil
	}
	v := p.at(it.i)
	it.i++
	return v, true, nil
}

// listRevIter is reversed(list).
type listRevIter struct {
	l *List
	i int
}

func (*listRevIter) iterType() *Type { return listRevIterType }

func (it *listRevIter) next(vm *VM) (Value, bool, error) {
	if it.l == nil || it.i < 0 || it.i >= it.l.Len() {
		it.l = nil
		return nil, false, nil
	}
	v := it.l.at(it.i)
	it.i--
	return v, true, nil
}

type rangeIter struct {
	cur, step int64
	left      int64
}

func (*rangeIter) iterType() *Type { return rangeIterType }

func (it *rangeIter) next(vm *VM) (Value, bool, error) {
	if it.left <= 0 {
		return nil, false, nil
	}
	v := it.cur
	it.cur += it.step
	it.left--
	return Int(v), true, nil
}

// strIter walks a str's code points; i is the byte offset of the next.
type strIter struct {
	s *Str
	i int
}

func (it *strIter) iterType() *Type {
	if it.s.IsASCII() {
		return strASCIIIterType
	}
	return strIterType
}

func (it *strIter) next(vm *VM) (Value, bool, error) {
	if it.s.IsASCII() {
		if it.i >= len(it.s.S) {
			return nil, false, nil
		}
		c := it.s.S[it.i : it.i+1]
		it.i++
		return NewStr(c), true, nil
	}
	if it.i >= len(it.s.S) {
		return nil, false, nil
	}
	// Decoding in place, as Runes would ([]rune's U+FFFD for each
	// invalid byte), without the runes of the whole text.
	r, n := utf8.DecodeRuneInString(it.s.S[it.i:])
	it.i += n
	return NewStr(string(r)), true, nil
}

// dictIter walks a dict's (or set's) entries; a change of size is an
// error.
type dictIter struct {
	d    *Dict
	i    int
	kind viewKind
	size int
	set  bool
	// yielded counts the entries produced: a dict whose size held but
	// that has more entries than it started with had keys deleted and
	// added (CPython's di_len check).
	yielded int
}

func (it *dictIter) iterType() *Type {
	if it.set {
		return setIterType
	}
	switch it.kind {
	case viewValues:
		return dictValueIterType
	case viewItems:
		return dictItemIterType
	}
	return dictKeyIterType
}

func (it *dictIter) next(vm *VM) (Value, bool, error) {
	k, v, ok, err := it.nextPair(vm)
	if err != nil || !ok {
		return nil, false, err
	}
	switch it.kind {
	case viewValues:
		return v, true, nil
	case viewItems:
		return tupleOf(k, v), true, nil
	}
	return k, true, nil
}

func (it *dictIter) pairs() bool { return it.kind == viewItems }

// nextPair is the next entry's key and value.
func (it *dictIter) nextPair(vm *VM) (Value, Value, bool, error) {
	if it.d == nil {
		return nil, nil, false, nil
	}
	if it.d.live != it.size {
		it.size = -1
		if it.set {
			return nil, nil, false, vm.NewError(RuntimeErrorType, "Set changed size during iteration")
		}
		return nil, nil, false, vm.NewError(RuntimeErrorType, "dictionary changed size during iteration")
	}
	for {
		e, ok := it.d.entryAt(it.i)
		if !ok {
			it.d = nil
			return nil, nil, false, nil
		}
		it.i++
		if e.Key != nil {
			if it.yielded >= it.size && !it.set {
				it.d = nil
				return nil, nil, false, vm.NewError(RuntimeErrorType, "dictionary keys changed during iteration")
			}
			it.yielded++
			return e.Key, e.Value, true, nil
		}
	}
}

// Iter is iter(v).
func (vm *VM) Iter(v Value) (Value, error) {
	switch x := v.(type) {
	case *List:
		return &seqIter{list: x}, nil
	case *Tuple:
		return &seqIter{tuple: x}, nil
	case *Range:
		return &rangeIter{cur: x.Start, step: x.Step, left: x.Len()}, nil
	case *BigRange:
		return x.iter(false), nil
	case *Str:
		return &strIter{s: x}, nil
	case *Dict:
		return &dictIter{d: x, size: x.live}, nil
	case *Set:
		return &dictIter{d: &x.D, size: x.D.live, set: true}, nil
	case *DictView:
		return &dictIter{d: x.D, kind: x.Kind, size: x.D.live}, nil
	case Iterator, *Generator:
		return v, nil
	case *Instance:
		if r, ok, err := vm.callSpecialStr(v, dunderIter); ok {
			if err != nil {
				return nil, err
			}
			if lookupSpecial(r, "__next__") == nil {
				if _, isIt := r.(Iterator); !isIt {
					if _, isGen := r.(*Generator); !isGen {
						return nil, vm.NewError(TypeErrorType, "iter() returned non-iterator of type '%s'", TypeOf(r).Name)
					}
				}
			}
			return r, nil
		}
		if lookupSpecial(v, "__getitem__") != nil {
			return &getitemIter{obj: v}, nil
		}
		if it, ok := x.Native().(interface{ nativeIter(vm *VM) Value }); ok {
			return it.nativeIter(vm), nil
		}
	}
	return nil, vm.NewError(TypeErrorType, "'%s' object is not iterable", TypeOf(v).Name)
}

// getitemIter is the old sequence protocol: obj[0], obj[1], ... until
// IndexError.
type getitemIter struct {
	obj Value
	i   int64
}

func (*getitemIter) iterType() *Type { return seqIterType }

func (it *getitemIter) next(vm *VM) (Value, bool, error) {
	if it.obj == nil {
		return nil, false, nil
	}
	v, err := vm.GetItem(it.obj, Int(it.i))
	if err != nil {
		if e, ok := err.(*Instance); ok && (e.Class.IsSubtype(IndexErrorType) || e.Class.IsSubtype(StopIterationType)) {
			it.obj = nil
			return nil, false, nil
		}
		return nil, false, err
	}
	it.i++
	return v, true, nil
}

// Next advances an iterator; ok is false when it is exhausted. Each step
// counts as an instruction (chargeStep): builtins iterate through Next.
func (vm *VM) Next(it Value) (Value, bool, error) {
	if err := vm.chargeStep(); err != nil {
		return nil, false, err
	}
	return vm.next(it)
}

// next is Next for the interpreter's own steps (FOR_ITER, yield from,
// next()), which are counted as instructions already.
func (vm *VM) next(it Value) (Value, bool, error) {
	switch x := it.(type) {
	case Iterator:
		return x.next(vm)
	case *Generator:
		return vm.genNextNested(x)
	}
	r, ok, err := vm.callSpecialStr(it, dunderNext)
	if !ok {
		return nil, false, vm.NewError(TypeErrorType, "'%s' object is not an iterator", TypeOf(it).Name)
	}
	if err != nil {
		if e, isExc := err.(*Instance); isExc && e.Class.IsSubtype(StopIterationType) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return r, true, nil
}

// Collect drains an iterable into a slice.
func (vm *VM) Collect(v Value) ([]Value, error) {
	switch x := v.(type) {
	case *List:
		return x.copyValues(), nil
	case *Tuple:
		return append([]Value(nil), x.Items...), nil
	case *Range:
		n := x.Len()
		if n > vm.maxAlloc {
			return nil, NewException(MemoryErrorType)
		}
		vm.beforeBigAlloc(int(n), ValueSlotBytes)
		out := make([]Value, n)
		for i := int64(0); i < n; i++ {
			out[i] = Int(x.Start + i*x.Step)
		}
		if err := vm.afterBigAlloc(len(out)); err != nil {
			return nil, err
		}
		return out, nil
	case *BigRange:
		// As CPython sizes the list first: OverflowError past ssize_t,
		// MemoryError past the cap, before any item is made.
		n, err := vm.bigRangeLen(x)
		if err != nil {
			return nil, err
		}
		if int64(n) > vm.maxAlloc {
			return nil, NewException(MemoryErrorType)
		}
	}
	it, err := vm.Iter(v)
	if err != nil {
		return nil, err
	}
	var out []Value
	for {
		item, ok, err := vm.Next(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, item)
		if int64(len(out)) > vm.maxAlloc {
			return nil, NewException(MemoryErrorType)
		}
	}
}
