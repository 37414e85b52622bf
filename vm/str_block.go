package vm

// str_block.go: the Str headers of a long split, in an allocation the
// collector scans for one pointer only.
//
// A split of packMin parts or more is a packed list of the Str headers
// the split made (list_packed.go, packedSplit), each pointing into the
// source's text. In an ordinary []Str the collector marks every one of
// those pointers at every cycle while the list lives: dictstr's lists of
// 60,000 words were most of what its collections marked, and a fifth of
// its time. The headers now sit in an object whose type has one pointer,
// to the source's text, before an array of words: Go scans an object up
// to its type's last pointer (PtrBytes), so only that word. The headers'
// own pointers are invisible to the collector, and need not be seen: they
// all point into the text that first word keeps alive, and whatever
// reaches a header (a list's block, an element handed out) reaches the
// object and so the text. The text of such a header must never be
// pointed anywhere else (Strs are immutable: nothing assigns S after the
// split).
//
// Go makes a type per array length, and keeps it: lengths are rounded up
// to sixteen steps per doubling (at most 1/16 more room than needed), so
// a process makes a few dozen such types at most.

import (
	"reflect"
	"sync"
	"unsafe"
)

// splitPartBytes is what a part of a long split takes: its Str header.
const splitPartBytes = int(unsafe.Sizeof(Str{}))

// strBlockTypes caches the block type of each rounded word count.
var strBlockTypes sync.Map // int -> reflect.Type

// splitBlock returns n Str headers for the parts of src: an ordinary
// slice below packMin (such a result is a list of pointers to them, see
// splitResult), else a block that keeps src's text alive and is scanned
// for that pointer alone (see the file comment).
func splitBlock(n int, src *Str) []Str {
	if n < packMin {
		return make([]Str, n)
	}
	words := strBlockWords(n * int(unsafe.Sizeof(Str{})/8))
	p := reflect.New(strBlockType(words)).UnsafePointer()
	*(*unsafe.Pointer)(p) = unsafe.Pointer(unsafe.StringData(src.S))
	return unsafe.Slice((*Str)(unsafe.Add(p, unsafe.Sizeof(uintptr(0)))), n)
}

// strBlockWords rounds w up to m<<e with m in [16, 32): sixteen sizes per
// doubling.
func strBlockWords(w int) int {
	e := 0
	for w>>e >= 32 {
		e++
	}
	m := (w + 1<<e - 1) >> e
	return m << e
}

// strBlockType is struct { Text unsafe.Pointer; Words [words]uintptr }.
func strBlockType(words int) reflect.Type {
	if t, ok := strBlockTypes.Load(words); ok {
		return t.(reflect.Type)
	}
	t := reflect.StructOf([]reflect.StructField{
		{Name: "Text", Type: reflect.TypeFor[unsafe.Pointer]()},
		{Name: "Words", Type: reflect.ArrayOf(words, reflect.TypeFor[uintptr]())},
	})
	t2, _ := strBlockTypes.LoadOrStore(words, t)
	return t2.(reflect.Type)
}

// inText reports whether the bytes of p lie within those of s.
func inText(p, s string) bool {
	a, b := uintptr(unsafe.Pointer(unsafe.StringData(p))), uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return a >= b && a+uintptr(len(p)) <= b+uintptr(len(s))
}
