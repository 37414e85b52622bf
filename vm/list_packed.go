package vm

// list_packed.go: lists of flags and of small counts, kept packed. A
// list's elements are interface values, 16 bytes each, that the collector
// scans: sieve's `[True] * (n + 1)` is 16 MB for a million flags, where
// CPython's pointers are 8 MB. A list made by repeating bools or small
// ints (`[False] * n`, `[0] * n`: flag arrays, counts, DP tables) keeps
// them instead as int16s, 2 bytes each, in an array without pointers
// that the collector never scans; PyPy's list strategies do the same.
//
// The packed form is an optimisation of a few paths only: indexing,
// storing, len, truth, iteration, append and repetition. Every other
// reader of a list calls values(), which unpacks it into interface
// values for good (unpack), so a list is never converted back and forth:
// a packed list that meets a str, a float, a big int or a method without
// a packed path becomes an ordinary list once, as PyPy's does.
//
// Ints are packed only within the boxing table's range (perf_int.go), and
// their table entries are filled when they are packed, so reading one
// back never allocates.

import "sync/atomic"

// packMin is the fewest elements a repetition packs: a short list gains
// nothing and would pay for the packed header.
const packMin = 64

// packedElemBytes is the size of a packed element.
const packedElemBytes = 2

// packedKind says what a packed list's int16s stand for.
type packedKind uint8

const (
	packedBools packedKind = iota + 1 // 0 is False, 1 is True
	packedInts                        // the ints themselves
)

// packedItems is a packed list's storage.
type packedItems struct {
	kind  packedKind
	elems []int16
}

// values returns the list's elements as interface values, unpacking a
// packed list first.
func (l *List) values() []Value {
	if l.packed != nil {
		l.unpack()
	}
	return l.items
}

// setValues makes items the list's elements.
func (l *List) setValues(items []Value) { l.items, l.packed = items, nil }

// Len is the number of elements.
func (l *List) Len() int {
	if p := l.packed; p != nil {
		return len(p.elems)
	}
	return len(l.items)
}

// unpack turns a packed list into an ordinary one.
func (l *List) unpack() {
	p := l.packed
	items := make([]Value, len(p.elems), cap(p.elems))
	for i, e := range p.elems {
		items[i] = p.value(e)
	}
	l.items, l.packed = items, nil
}

// value is the Value an element stands for.
func (p *packedItems) value(e int16) Value {
	if p.kind == packedBools {
		return Bool(e != 0)
	}
	return tableInt(uint64(int64(e) - intCacheMin))
}

// at is element i, which must be in range.
func (p *packedItems) at(i int) Value { return p.value(p.elems[i]) }

// packedKindOf is the kind a list of v packs as, 0 if none.
func packedKindOf(v Value) packedKind {
	if _, ok := packValue(packedBools, v); ok {
		return packedBools
	}
	if _, ok := packValue(packedInts, v); ok {
		return packedInts
	}
	return 0
}

// packValue is v's element in a list of kind, or false when v does not
// pack as kind. An int's table entry is filled here, for value.
func packValue(kind packedKind, v Value) (int16, bool) {
	switch kind {
	case packedBools:
		if b, ok := v.(Bool); ok {
			if b {
				return 1, true
			}
			return 0, true
		}
	case packedInts:
		if n, ok := v.(Int); ok {
			i := uint64(int64(n) - intCacheMin)
			if i >= intCacheSize {
				return 0, false
			}
			if atomic.LoadInt64(&intCache[i]) != int64(n) {
				fillInt(i)
			}
			return int16(n), true
		}
	}
	return 0, false
}

// store sets element i, which must be in range, to v: packed when v packs
// as the list's kind, else after unpacking it.
func (l *List) store(i int, v Value) {
	if p := l.packed; p != nil {
		if e, ok := packValue(p.kind, v); ok {
			p.elems[i] = e
			return
		}
		l.unpack()
	}
	l.items[i] = v
}

// at is element i, which must be in range.
func (l *List) at(i int) Value {
	if p := l.packed; p != nil {
		return p.at(i)
	}
	return l.items[i]
}

// appendValue appends v, packed when v packs as the list's kind.
func (l *List) appendValue(v Value) {
	if p := l.packed; p != nil {
		if e, ok := packValue(p.kind, v); ok {
			p.elems = append(p.elems, e)
			return
		}
		l.unpack()
	}
	l.items = append(l.items, v)
}

// repeatPacked is the list of l's elements repeated n times, packed, or
// nil when the result would be short or too long (binRepeatItems raises
// the MemoryError) or the elements do not all pack as one kind.
func (vm *VM) repeatPacked(l *List, n int64) (*List, error) {
	m := int64(l.Len())
	if m == 0 || n < packMin/m || n > vm.maxAlloc/m {
		return nil, nil
	}
	total := m * n
	if total < packMin {
		return nil, nil
	}
	src := l.packed
	if src == nil {
		src = packItems(l.items)
		if src == nil {
			return nil, nil
		}
	}
	vm.beforeBigAlloc(int(total), packedElemBytes)
	out := make([]int16, total)
	k := copy(out, src.elems)
	for k < len(out) {
		k += copy(out[k:], out[:k]) // by doubling, as binRepeatItems
	}
	if err := vm.afterBigAlloc(len(out)); err != nil {
		return nil, err
	}
	return &List{packed: &packedItems{kind: src.kind, elems: out}}, nil
}

// packItems packs items, at least one, or returns nil when they do not
// all pack as one kind.
func packItems(items []Value) *packedItems {
	kind := packedKindOf(items[0])
	if kind == 0 {
		return nil
	}
	elems := make([]int16, len(items))
	for i, v := range items {
		e, ok := packValue(kind, v)
		if !ok {
			return nil
		}
		elems[i] = e
	}
	return &packedItems{kind: kind, elems: elems}
}

// packedIndex is listIndex for packed lists: x's storage and k as an
// index, when x is a packed list and k an int in range.
func packedIndex(x, k Value) (*packedItems, int, bool) {
	l, ok := x.(*List)
	if !ok || l.packed == nil {
		return nil, 0, false
	}
	i, ok := k.(Int)
	if !ok || i < 0 || int64(i) >= int64(len(l.packed.elems)) {
		return nil, 0, false
	}
	return l.packed, int(i), true
}

// set stores v at i, in range, and says whether v packs as p's kind.
func (p *packedItems) set(i int, v Value) bool {
	if b, ok := v.(Bool); ok && p.kind == packedBools {
		var e int16
		if b {
			e = 1
		}
		p.elems[i] = e
		return true
	}
	e, ok := packValue(p.kind, v)
	if ok {
		p.elems[i] = e
	}
	return ok
}
