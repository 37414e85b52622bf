package vm

// str_alloc.go: a new short string and its Str header in one allocation.
// A Str made from a Go string is two allocations, the bytes and the
// header, so a program that builds many short strings (f-strings,
// concatenation, lower/upper) paid for two and collected two. Here the
// bytes follow the header in one object of a fixed array size, the
// smallest whose object fills one of Go's size classes (smallStrs), and
// the Str's text points into it: the header keeps the bytes alive, as the
// bytes keep nothing else.
//
// The object is allocated as one without pointers (its type is the
// header's words as integers, then the bytes): its only pointer is the
// text's, into the object itself, which the collector need not follow,
// since whatever reaches the header or any byte of its text marks the
// whole object. So the allocation takes Go's no-scan path (no heap
// bitmap to write) and no collection scans it. The text of such a Str
// must never be pointed elsewhere (Strs are immutable: nothing assigns
// S after construction).
//
// Longer strings keep the two allocations: past strInlineMax bytes the
// copying, not the allocation, is the cost.

import (
	"strconv"
	"unsafe"
)

// strWith is a Str's words and its bytes; A is [n]byte. It has no
// pointers, so Go allocates it without scanning (see the file comment).
type strWith[A any] struct {
	s strWords
	b A
}

// strWords is a Str's size in words without its pointer.
type strWords [3]uintptr

// A strWords is exactly a Str.
var _ [unsafe.Sizeof(Str{}) - unsafe.Sizeof(strWords{})]struct{}
var _ [unsafe.Sizeof(strWords{}) - unsafe.Sizeof(Str{})]struct{}

// newStrWith returns a Str and n bytes of A's array, in one allocation.
func newStrWith[A any](n int) (*Str, []byte) {
	x := new(strWith[A])
	return (*Str)(unsafe.Pointer(&x.s)), unsafe.Slice((*byte)(unsafe.Pointer(&x.b)), n)
}

// strInlineMax is the longest text newStrBuf puts in the header's
// allocation (a Str of 24 bytes and 104 of text: 128, a size class).
const strInlineMax = 104

// smallStrs[(n+7)/16] makes a Str of up to n bytes in one allocation.
// The arrays fill Go's size classes of 32, 48, ... 128 bytes with the
// 24-byte header: str(i) of an int below 10**8 is one 32-byte object.
var smallStrs = [...]func(int) (*Str, []byte){
	newStrWith[[8]byte], newStrWith[[24]byte], newStrWith[[40]byte],
	newStrWith[[56]byte], newStrWith[[72]byte], newStrWith[[88]byte],
	newStrWith[[104]byte],
}

// newStrBuf returns a new Str of n bytes, whose text is buf: the caller
// fills buf before the Str is used anywhere (strings are immutable once
// seen).
func newStrBuf(n int) (s *Str, buf []byte) {
	if n <= 0 {
		return &Str{}, nil
	}
	if n <= strInlineMax {
		s, buf = smallStrs[(n+7)/16](n)
	} else {
		buf = make([]byte, n)
		s = &Str{}
	}
	s.S = unsafe.String(unsafe.SliceData(buf), n)
	return s, buf
}

// newStrCopy is a Str of a freshly built text that nothing else will
// keep (a formatting result): a short one is copied into newStrBuf's
// single allocation without pointers, a long one is taken as it is.
func newStrCopy(text string) *Str {
	if len(text) > strInlineMax {
		return NewStr(text)
	}
	r, buf := newStrBuf(len(text))
	copy(buf, text)
	return r
}

// intStr is str(n): its digits go straight into newStrBuf's allocation.
func intStr(n int64) *Str {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], n, 10)
	r, buf := newStrBuf(len(d))
	copy(buf, d)
	r.setASCIIState(strASCII)
	return r
}
