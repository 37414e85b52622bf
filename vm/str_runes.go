package vm

// str_runes.go: the code points of non-ASCII strs.
//
// A Str has no room for its decoded runes (see Str), so the runes of
// non-ASCII texts live in a process-wide cache, direct-mapped by the
// address and length of the text: a loop indexing or slicing one text
// decodes it once. The entry holds the text itself, so the address it is
// keyed by cannot be reused for other bytes while the entry lives. Entries
// are immutable and swapped atomically: concurrent VMs (the language
// server's evaluations) share the cache safely.
//
// What the cache pins is bounded (runeCacheBudget). A text whose runes
// alone exceed it is decoded at each use, as every text was before it had
// a cache; when a new text would carry the cache past it, the cache is
// emptied first, so that a new working set replaces an old one rather
// than finding the budget spent.

import (
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// runeEntry is one cached text and its code points.
type runeEntry struct {
	text  string
	runes []rune
}

// runeCacheBits sets the number of cached texts.
const (
	runeCacheBits  = 6
	runeCacheSlots = 1 << runeCacheBits
)

// runeCacheBudget bounds the bytes of runes the cache holds (a variable
// for the tests).
var runeCacheBudget int64 = 32 << 20

var (
	runeCache      [runeCacheSlots]atomic.Pointer[runeEntry]
	runeCacheBytes atomic.Int64
)

// runeSlot is the cache slot of text.
func runeSlot(text string) *atomic.Pointer[runeEntry] {
	p := uint64(uintptr(unsafe.Pointer(unsafe.StringData(text))))
	h := (p>>4 ^ uint64(len(text))) * 0x9e3779b97f4a7c15
	return &runeCache[h>>(64-runeCacheBits)]
}

// cachedRunes returns the cached code points of text, or nil.
func cachedRunes(text string) []rune {
	e := runeSlot(text).Load()
	if e != nil && len(e.text) == len(text) && unsafe.StringData(e.text) == unsafe.StringData(text) {
		return e.runes
	}
	return nil
}

// Runes returns the code points. They are shared: callers must not
// modify them. (ASCII text is indexed by byte, so its rare callers get
// a fresh decoding.)
func (s *Str) Runes() []rune {
	if s.IsASCII() {
		return []rune(s.S)
	}
	if r := cachedRunes(s.S); r != nil {
		return r
	}
	r := []rune(s.S)
	cacheRunes(s.S, r)
	return r
}

// cacheRunes puts text's code points r in the cache, within the budget
// (concurrent VMs may each add one text past it before they see it).
func cacheRunes(text string, r []rune) {
	size := int64(len(r)) * 4
	if size > runeCacheBudget {
		return
	}
	if runeCacheBytes.Load()+size > runeCacheBudget {
		flushRunes()
	}
	if old := runeSlot(text).Swap(&runeEntry{text: text, runes: r}); old != nil {
		runeCacheBytes.Add(-int64(len(old.runes)) * 4)
	}
	runeCacheBytes.Add(size)
}

// flushRunes empties the cache.
func flushRunes() {
	for i := range runeCache {
		if old := runeCache[i].Swap(nil); old != nil {
			runeCacheBytes.Add(-int64(len(old.runes)) * 4)
		}
	}
}

// runeLen is the length of s in code points, for text known not to be
// ASCII: from the cache when it holds the runes, else counted.
func runeLen(s *Str) int {
	if r := cachedRunes(s.S); r != nil {
		return len(r)
	}
	return utf8.RuneCountInString(s.S)
}
