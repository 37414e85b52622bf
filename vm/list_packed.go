package vm

// list_packed.go: lists of flags, small counts and strs, kept packed. A
// list's elements are interface values, 16 bytes each, that the collector
// scans: sieve's `[True] * (n + 1)` is 16 MB for a million flags, where
// CPython's pointers are 8 MB. A list made by repeating bools or small
// ints (`[False] * n`, `[0] * n`: flag arrays, counts, DP tables) keeps
// them instead as int16s, 2 bytes each, in an array without pointers
// that the collector never scans. A list made by repeating strs keeps
// them as pointers, 8 bytes each, half the words the collector reads,
// and a long str.split result is the block of Str headers the split
// made, the list's elements pointing into it: no slice of pointers at
// all until a str is stored or appended. PyPy's list strategies do the
// same.
//
// The packed form is an optimisation of a few paths only: indexing,
// storing, len, truth, iteration, append, repetition, copying and
// str.join. Every other reader of a list calls values(), which unpacks
// it into interface values for good (unpack), so a list is never
// converted back and forth: a packed list that meets a value of another
// kind or a method without a packed path becomes an ordinary list once,
// as PyPy's does. Lists are packed only when they are made, never later.
//
// Ints are packed only within the boxing table's range (perf_int.go), and
// their table entries are filled when they are packed, so reading one
// back never allocates. Strs are exact strs: an instance of a subclass
// of str is not a *Str.

import "unsafe"

// packMin is the fewest elements a repetition or a split packs: a short
// list gains nothing and would pay for the packed header.
const packMin = 64

// The sizes of a packed bool or int and of a packed str.
const (
	packedElemBytes = 2
	packedStrBytes  = int(unsafe.Sizeof((*Str)(nil)))
)

// packedKind says what a packed list holds.
type packedKind uint8

const (
	packedBools packedKind = iota + 1 // elems: 0 is False, 1 is True
	packedInts                        // elems: the ints themselves
	packedStrs                        // strs
	// packedSplit is a split's result as it made it: element i is
	// &block[i], so the list is one pointer per part (the part's text)
	// where strs would be two. Storing or appending a str turns it into
	// packedStrs (ownPointers), the same Strs.
	packedSplit
)

// packedItems is a packed list's storage: elems for bools and ints,
// strs for strs, block for a split's parts.
type packedItems struct {
	kind  packedKind
	elems []int16
	strs  []*Str
	block []Str
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
		return p.len()
	}
	return len(l.items)
}

// copyValues returns a new slice of the list's elements, leaving a packed
// list packed.
func (l *List) copyValues() []Value {
	if p := l.packed; p != nil {
		return p.values(p.len())
	}
	return append([]Value(nil), l.items...)
}

// unpack turns a packed list into an ordinary one.
func (l *List) unpack() {
	p := l.packed
	l.items, l.packed = p.values(max(p.len(), cap(p.elems), cap(p.strs))), nil
}

// values returns the elements as interface values, in a slice of
// capacity room.
func (p *packedItems) values(room int) []Value {
	items := make([]Value, p.len(), room)
	for i := range items {
		items[i] = p.at(i)
	}
	return items
}

// len is the number of elements.
func (p *packedItems) len() int {
	switch p.kind {
	case packedStrs:
		return len(p.strs)
	case packedSplit:
		return len(p.block)
	}
	return len(p.elems)
}

// at is element i, which must be in range.
func (p *packedItems) at(i int) Value {
	switch p.kind {
	case packedStrs:
		return p.strs[i]
	case packedSplit:
		return &p.block[i]
	}
	return p.value(p.elems[i])
}

// pointers is a split's parts as a slice of pointers.
func (p *packedItems) pointers() []*Str {
	strs := make([]*Str, len(p.block), len(p.block)+1)
	for i := range p.block {
		strs[i] = &p.block[i]
	}
	return strs
}

// ownPointers turns a split's parts into a list of strs: the same Strs,
// so that one of them can be replaced or more appended.
func (p *packedItems) ownPointers() {
	if p.kind == packedSplit {
		p.kind, p.strs, p.block = packedStrs, p.pointers(), nil
	}
}

// value is the Value a bool or int element stands for.
func (p *packedItems) value(e int16) Value {
	if p.kind == packedBools {
		return Bool(e != 0)
	}
	return tableInt(uint64(int64(e) - intCacheMin))
}

// packedKindOf is the kind a list of v packs as, 0 if none.
func packedKindOf(v Value) packedKind {
	switch x := v.(type) {
	case Bool:
		return packedBools
	case Int:
		if _, ok := packInt(x); ok {
			return packedInts
		}
	case *Str:
		return packedStrs
	}
	return 0
}

// packInt is n's element, or false when n is outside the boxing table.
// Boxing it fills its table entry, for value.
func packInt(n Int) (int16, bool) {
	if uint64(int64(n)-intCacheMin) >= intCacheSize {
		return 0, false
	}
	boxInt(n)
	return int16(n), true
}

// set stores v at i, in range, and says whether v packs as p's kind.
func (p *packedItems) set(i int, v Value) bool { return p.setBool(i, v) || p.setOther(i, v) }

// setBool is set for a bool into bools, false for anything else: small
// enough to inline, so that the hot loop's flag stores make no call.
func (p *packedItems) setBool(i int, v Value) bool {
	b, ok := v.(Bool)
	if ok = ok && p.kind == packedBools; ok {
		p.elems[i] = int16(boolByte(b))
	}
	return ok
}

// boolByte is 1 for True, 0 for False (a SETcc, not a branch).
func boolByte(b Bool) uint8 {
	return *(*uint8)(unsafe.Pointer(&b))
}

// setOther is set but for a bool into bools (setBool).
func (p *packedItems) setOther(i int, v Value) bool {
	p.ownPointers()
	e, s, ok := p.form(v)
	if s != nil {
		p.strs[i] = s
	} else if ok {
		p.elems[i] = e
	}
	return ok
}

// push appends v and says whether v packs as p's kind.
func (p *packedItems) push(v Value) bool {
	p.ownPointers()
	e, s, ok := p.form(v)
	if s != nil {
		p.strs = append(p.strs, s)
	} else if ok {
		p.elems = append(p.elems, e)
	}
	return ok
}

// form is v as an element of p: e for a bool or an int, s for a str; ok
// is false when v does not pack as p's kind.
func (p *packedItems) form(v Value) (e int16, s *Str, ok bool) {
	switch x := v.(type) {
	case Bool:
		if p.kind == packedBools {
			return int16(boolByte(x)), nil, true
		}
	case Int:
		if p.kind == packedInts {
			e, ok = packInt(x)
			return e, nil, ok
		}
	case *Str:
		if p.kind == packedStrs {
			return 0, x, true
		}
	}
	return 0, nil, false
}

// store sets element i, which must be in range, to v: packed when v packs
// as the list's kind, else after unpacking it.
func (l *List) store(i int, v Value) {
	if p := l.packed; p != nil {
		if p.set(i, v) {
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
		if p.push(v) {
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
	if limit := vm.opts.MaxHeap; total < packMin || limit > 0 && total > limit/int64(ValueSlotBytes) {
		// Under a heap budget a list that could not be unpacked within it
		// is not packed: the ordinary path raises the MemoryError now
		// rather than an unpacking later, past the budget.
		return nil, nil
	}
	src := l.packed
	if src == nil {
		if src = packItems(l.items); src == nil {
			return nil, nil
		}
	}
	r := &packedItems{kind: src.kind}
	if src.kind == packedStrs || src.kind == packedSplit {
		strs := src.strs
		if src.kind == packedSplit {
			strs = src.pointers()
		}
		vm.beforeBigAlloc(int(total), packedStrBytes)
		r.kind, r.strs = packedStrs, repeatSlice(strs, int(total))
	} else {
		vm.beforeBigAlloc(int(total), packedElemBytes)
		r.elems = repeatSlice(src.elems, int(total))
	}
	if err := vm.afterBigAlloc(int(total)); err != nil {
		return nil, err
	}
	return &List{packed: r}, nil
}

// repeatSlice is src repeated to total elements, filled by doubling: log
// copies instead of one per repetition (binRepeatItems too).
func repeatSlice[E any](src []E, total int) []E {
	out := make([]E, total)
	k := copy(out, src)
	for k < len(out) {
		k += copy(out[k:], out[:k])
	}
	return out
}

// packItems packs items, at least one, or returns nil when they do not
// all pack as one kind.
func packItems(items []Value) *packedItems {
	p := &packedItems{kind: packedKindOf(items[0])}
	if p.kind == 0 {
		return nil
	}
	for _, v := range items {
		if !p.push(v) {
			return nil
		}
	}
	return p
}

// packedIndex is listIndex for lists of packed bools and ints: x's
// storage and k as an index, when x is such a list and k an int in range.
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

// listIndexAny is listIndex for a list packed or not: x and k as an
// index, when x is a list and k an int in range of its elements (items,
// or its packed bools and ints).
func listIndexAny(x, k Value) (*List, int, bool) {
	l, ok := x.(*List)
	if !ok {
		return nil, 0, false
	}
	n := len(l.items)
	if p := l.packed; p != nil {
		n = len(p.elems)
	}
	i, ok := k.(Int)
	if !ok || i < 0 || int64(i) >= int64(n) {
		return nil, 0, false
	}
	return l, int(i), true
}

// packedSlot is x's storage and k as an index, when x is a packed list
// of any kind and k an int in range.
func packedSlot(x, k Value) (*packedItems, int, bool) {
	l, ok := x.(*List)
	if !ok || l.packed == nil {
		return nil, 0, false
	}
	i, ok := k.(Int)
	if !ok || i < 0 || int64(i) >= int64(l.packed.len()) {
		return nil, 0, false
	}
	return l.packed, int(i), true
}

// packedStoreAt does x[k] = v when x is a packed list, k an int in range
// and v packs as the list's kind, and says whether it did.
func packedStoreAt(x, k, v Value) bool {
	p, i, ok := packedSlot(x, k)
	return ok && p.set(i, v)
}

// packedItemAt is x[k] when x is a packed list and k an int in range.
func packedItemAt(x, k Value) (Value, bool) {
	if p, i, ok := packedSlot(x, k); ok {
		return p.at(i), true
	}
	return nil, false
}
