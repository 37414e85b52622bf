package vm

// dict.go: the insertion-ordered hash table behind dict, set, frozenset,
// instance attributes and namespaces. Entries live in a slice in insertion
// order; an open-addressing index of int32 slots maps hashes to entries
// (CPython's compact dict layout). Deleted entries become tombstones
// (Key == nil) and are compacted when they outnumber live ones.
// String keys take a fast path that never calls back into Weft code.
// Small dicts (at most smallDict entry slots, the usual instance dict)
// have no index at all: lookups scan the entries, comparing hashes
// first, which saves the index allocation and is as fast at that size.

import "unsafe"

const (
	slotEmpty   = -1
	slotDeleted = -2
	// smallDict is the most entry slots (live or deleted) a dict keeps
	// without an index.
	smallDict = 8
)

type dictEntry struct {
	Key   Value
	Value Value
	Hash  int64
}

// Dict is an insertion-ordered mapping.
type Dict struct {
	entries []dictEntry
	index   []int32
	live    int
	// version changes on every structural change, so iterators detect
	// mutation during iteration.
	version uint64
	// keyBits has bit hash%64 set for every key inserted since the dict
	// was last empty: a clear bit proves a string key absent without a
	// probe (findStr). A method call on an instance asks its dict whether
	// it shadows the method, and the answer is nearly always no.
	keyBits uint64
}

// keyBit is h's bit in keyBits.
func keyBit(h int64) uint64 { return 1 << (uint64(h) % 64) }

// NewDict makes an empty dict with room for n entries.
func NewDict(n int) *Dict {
	d := &Dict{}
	if n > 0 {
		d.entries = make([]dictEntry, 0, n)
	}
	return d
}

// sizeBytes is the size of d's entries and index.
func (d *Dict) sizeBytes() int {
	return cap(d.entries)*int(unsafe.Sizeof(dictEntry{})) + 4*len(d.index)
}

// Len is the number of live entries.
func (d *Dict) Len() int { return d.live }

func (d *Dict) grow() {
	size := 8
	for size*2 < (d.live+1)*3 {
		size <<= 1
	}
	size <<= 1
	if d.live < len(d.entries) {
		// Compact tombstones.
		j := 0
		for _, e := range d.entries {
			if e.Key != nil {
				d.entries[j] = e
				j++
			}
		}
		for k := j; k < len(d.entries); k++ {
			d.entries[k] = dictEntry{}
		}
		d.entries = d.entries[:j]
	}
	d.index = emptyIndex(size)
	mask := uint64(size - 1)
	for i, e := range d.entries {
		h := uint64(e.Hash)
		pert := h
		s := h & mask
		for d.index[s] != slotEmpty {
			pert >>= 5
			s = (s*5 + 1 + pert) & mask
		}
		d.index[s] = int32(i)
	}
}

// reserve readies an empty dict for n entries, so that inserting them
// does not regrow it step by step.
func (d *Dict) reserve(n int) {
	if len(d.entries) > 0 || n <= 0 {
		return
	}
	d.entries = make([]dictEntry, 0, n)
	if n <= smallDict {
		return // index-less until it outgrows smallDict
	}
	size := 8
	for size*2 < n*3 {
		size <<= 1
	}
	d.index = emptyIndex(size)
}

// emptyIndex is a dict index of size slots, all empty.
func emptyIndex(size int) []int32 {
	index := make([]int32, size)
	for i := range index {
		index[i] = slotEmpty
	}
	return index
}

// keysEqual compares keys for dict purposes: identity, fast paths, then
// Python equality (which may run Weft code).
func (vm *VM) keysEqual(a, b Value) (bool, error) {
	switch x := a.(type) {
	case *Str:
		if y, ok := b.(*Str); ok {
			return x == y || x.S == y.S, nil
		}
	case Int:
		if y, ok := b.(Int); ok {
			return x == y, nil
		}
	}
	if identical(a, b) {
		return true, nil
	}
	return vm.Equal(a, b)
}

// lookup returns the entry index of key (or -1) and the index slot where
// it is or would be inserted.
func (vm *VM) dictLookup(d *Dict, key Value, h int64) (int, int, error) {
	if d.index == nil {
		for i := 0; i < len(d.entries); i++ {
			e := &d.entries[i]
			if e.Hash != h || e.Key == nil {
				continue
			}
			ver := d.version
			eq, err := vm.keysEqual(e.Key, key)
			if err != nil {
				return -1, -1, err
			}
			if d.version != ver {
				return -1, -1, vm.NewError(RuntimeErrorType, "dictionary changed size during iteration")
			}
			if eq {
				return i, -1, nil
			}
		}
		return -1, -1, nil
	}
	mask := uint64(len(d.index) - 1)
	uh := uint64(h)
	pert := uh
	s := uh & mask
	free := -1
	for {
		ix := d.index[s]
		if ix == slotEmpty {
			if free < 0 {
				free = int(s)
			}
			return -1, free, nil
		}
		if ix == slotDeleted {
			if free < 0 {
				free = int(s)
			}
		} else {
			e := &d.entries[ix]
			if e.Hash == h {
				ver := d.version
				eq, err := vm.keysEqual(e.Key, key)
				if err != nil {
					return -1, -1, err
				}
				if d.version != ver {
					return -1, -1, vm.NewError(RuntimeErrorType, "dictionary changed size during iteration")
				}
				if eq {
					return int(ix), int(s), nil
				}
			}
		}
		pert >>= 5
		s = (s*5 + 1 + pert) & mask
	}
}

// DictGet returns d[key] and whether it exists.
func (vm *VM) DictGet(d *Dict, key Value) (Value, bool, error) {
	h, err := vm.Hash(key)
	if err != nil {
		return nil, false, err
	}
	i, _, err := vm.dictLookup(d, key, h)
	if err != nil || i < 0 {
		return nil, false, err
	}
	return d.entries[i].Value, true, nil
}

// DictSet sets d[key] = val.
func (vm *VM) DictSet(d *Dict, key, val Value) error {
	h, err := vm.Hash(key)
	if err != nil {
		return err
	}
	return vm.dictSetHashed(d, key, val, h)
}

func (vm *VM) dictSetHashed(d *Dict, key, val Value, h int64) error {
	i, _, err := vm.dictLookup(d, key, h)
	if err != nil {
		return err
	}
	if i >= 0 {
		d.entries[i].Value = val
		return nil
	}
	d.insertNew(key, val, h)
	return nil
}

// insertNew appends a key known to be absent.
func (d *Dict) insertNew(key, val Value, h int64) {
	d.keyBits |= keyBit(h)
	if d.index == nil && len(d.entries) < smallDict {
		d.entries = append(d.entries, dictEntry{Key: key, Value: val, Hash: h})
		d.live++
		d.version++
		return
	}
	if d.index == nil || (len(d.entries)+1)*3 > len(d.index)*2 {
		d.grow()
	}
	mask := uint64(len(d.index) - 1)
	uh := uint64(h)
	pert := uh
	s := uh & mask
	for d.index[s] >= 0 {
		pert >>= 5
		s = (s*5 + 1 + pert) & mask
	}
	d.index[s] = int32(len(d.entries))
	if len(d.entries) == cap(d.entries) {
		// Doubling, where append grows big slices by a quarter: a dict
		// built entry by entry (a comprehension) copied its entries
		// about twice as often.
		grown := make([]dictEntry, len(d.entries), 2*len(d.entries))
		copy(grown, d.entries)
		d.entries = grown
	}
	d.entries = append(d.entries, dictEntry{Key: key, Value: val, Hash: h})
	d.live++
	d.version++
}

// DictDelete removes key; found reports whether it was present.
func (vm *VM) DictDelete(d *Dict, key Value) (Value, bool, error) {
	h, err := vm.Hash(key)
	if err != nil {
		return nil, false, err
	}
	i, s, err := vm.dictLookup(d, key, h)
	if err != nil || i < 0 {
		return nil, false, err
	}
	v := d.entries[i].Value
	d.removeAt(i, s)
	return v, true, nil
}

func (d *Dict) removeAt(i, slot int) {
	if slot >= 0 {
		d.index[slot] = slotDeleted
	}
	d.entries[i] = dictEntry{}
	d.live--
	d.version++
	// Trailing tombstones can simply be dropped.
	for len(d.entries) > 0 && d.entries[len(d.entries)-1].Key == nil {
		d.entries = d.entries[:len(d.entries)-1]
	}
	if d.live == 0 {
		d.entries = d.entries[:0]
		d.index = nil
		d.keyBits = 0
	}
}

// Clear empties d.
func (d *Dict) Clear() {
	d.entries = nil
	d.index = nil
	d.live = 0
	d.keyBits = 0
	d.version++
}

// Items calls fn for every live entry in order; fn returning false stops.
func (d *Dict) Items(fn func(k, v Value) bool) {
	for i := 0; i < len(d.entries); i++ {
		e := d.entries[i]
		if e.Key != nil {
			if !fn(e.Key, e.Value) {
				return
			}
		}
	}
}

// Keys returns the keys in order.
func (d *Dict) Keys() []Value {
	out := make([]Value, 0, d.live)
	d.Items(func(k, _ Value) bool { out = append(out, k); return true })
	return out
}

// entryAt returns the i-th raw entry slot (for iterators), ok false past
// the end.
func (d *Dict) entryAt(i int) (dictEntry, bool) {
	if i >= len(d.entries) {
		return dictEntry{}, false
	}
	return d.entries[i], true
}

// Copy returns a shallow copy, reusing the stored hashes (no Weft code
// runs, and NaN keys keep their hash).
func (d *Dict) Copy() *Dict {
	n := &Dict{}
	n.copyFrom(d, 0)
	return n
}

// copyFrom makes the empty dict d a copy of src with room for extra more
// entries. A table without deleted entries is copied as it is, index and
// all, no key rehashed (a set union starts from its left operand); one
// with deleted entries is compacted by reinserting.
func (d *Dict) copyFrom(src *Dict, extra int) {
	if src.live == 0 {
		d.reserve(extra)
		return
	}
	if src.live == len(src.entries) && (src.index != nil || src.live+extra <= smallDict) {
		d.entries = append(make([]dictEntry, 0, src.live+extra), src.entries...)
		if src.index != nil {
			d.index = append([]int32(nil), src.index...)
		}
		d.live, d.keyBits = src.live, src.keyBits
		return
	}
	d.entries = make([]dictEntry, 0, src.live+extra)
	for _, e := range src.entries {
		if e.Key != nil {
			d.insertNew(e.Key, e.Value, e.Hash)
		}
	}
}

// --- string-keyed fast paths (namespaces, instance dicts, kwargs) ---

// probeStr returns the entry index of the string key name with hash h
// and its index slot (-1 for an index-less small dict), or entry -1 when
// absent. It never calls Weft code; every string-keyed lookup uses it.
func (d *Dict) probeStr(name string, h int64) (entry, slot int) {
	if d.index == nil {
		for i := range d.entries {
			e := &d.entries[i]
			if e.Hash == h {
				if k, ok := e.Key.(*Str); ok && k.S == name {
					return i, -1
				}
			}
		}
		return -1, -1
	}
	mask := uint64(len(d.index) - 1)
	pert := uint64(h)
	s := pert & mask
	for {
		ix := d.index[s]
		if ix == slotEmpty {
			return -1, -1
		}
		if ix >= 0 {
			e := &d.entries[ix]
			if e.Hash == h {
				if k, ok := e.Key.(*Str); ok && k.S == name {
					return int(ix), int(s)
				}
			}
		}
		pert >>= 5
		s = (s*5 + 1 + pert) & mask
	}
}

// GetStr looks up a string key without calling Weft code.
func (d *Dict) GetStr(name string) (Value, bool) {
	if d.live == 0 {
		return nil, false
	}
	i, _ := d.probeStr(name, strHash(name))
	if i < 0 {
		return nil, false
	}
	return d.entries[i].Value, true
}

// GetStrKey looks up string key k (its hash cached) without calling
// Weft code.
func (d *Dict) GetStrKey(k *Str) (Value, bool) {
	i := d.findStr(k)
	if i < 0 {
		return nil, false
	}
	return d.entries[i].Value, true
}

// SetStr sets a string key without calling Weft code.
func (d *Dict) SetStr(name string, v Value) {
	d.SetStrKey(NewStr(name), v)
}

// SetStrKey sets key k (a *Str) without calling Weft code.
func (d *Dict) SetStrKey(k *Str, v Value) {
	d.setStrIndex(k, v)
}

// setStrIndex is SetStrKey, returning the index of k's entry.
func (d *Dict) setStrIndex(k *Str, v Value) int {
	h := strKeyHash(k)
	if i, _ := d.probeStr(k.S, h); i >= 0 {
		d.entries[i].Value = v
		return i
	}
	d.insertNew(k, v, h) // appends: grow compacts before the append
	return len(d.entries) - 1
}

// DeleteStr removes a string key; it reports whether it was present.
func (d *Dict) DeleteStr(name string) bool {
	i, slot := d.probeStr(name, strHash(name))
	if i < 0 {
		return false
	}
	d.removeAt(i, slot)
	return true
}

// strHash is a deterministic string hash (FNV-1a, 64-bit, kept to its
// top 62 bits: Str.meta caches it beside two bits of ASCII state).
// Python randomises str hashes, so no program may depend on their
// values; a fixed hash keeps Weft runs reproducible. It is never
// negative, so never -1 (Python's error marker).
func strHash(s string) int64 {
	if s == "" {
		return 0 // as CPython's hash("") and hash(b"")
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return int64(h >> 2)
}
