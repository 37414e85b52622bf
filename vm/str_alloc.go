package vm

// str_alloc.go: a new short string and its Str header in one allocation.
// A Str made from a Go string is two allocations, the bytes and the
// header, so a program that builds many short strings (f-strings,
// concatenation, lower/upper) paid for two and collected two. Here the
// bytes follow the header in one object of a fixed array size, rounded up
// in steps of 16 bytes, and the Str's text points into it: the header
// keeps the bytes alive, as the bytes keep nothing else.
//
// Longer strings keep the two allocations: past strInlineMax bytes the
// copying, not the allocation, is the cost.

import "unsafe"

// strWith is a Str and its bytes; A is [n]byte.
type strWith[A any] struct {
	s Str
	b A
}

// newStrWith returns a Str and n bytes of A's array, in one allocation.
func newStrWith[A any](n int) (*Str, []byte) {
	x := new(strWith[A])
	return &x.s, unsafe.Slice((*byte)(unsafe.Pointer(&x.b)), n)
}

// strInlineMax is the longest text newStrBuf puts in the header's
// allocation (a Str of 32 bytes and 96 of text: 128, a size class).
const strInlineMax = 96

// smallStrs[(n+15)/16] makes a Str of up to n bytes in one allocation.
var smallStrs = [...]func(int) (*Str, []byte){
	1: newStrWith[[16]byte], 2: newStrWith[[32]byte], 3: newStrWith[[48]byte],
	4: newStrWith[[64]byte], 5: newStrWith[[80]byte], 6: newStrWith[[96]byte],
}

// newStrBuf returns a new Str of n bytes, whose text is buf: the caller
// fills buf before the Str is used anywhere (strings are immutable once
// seen).
func newStrBuf(n int) (s *Str, buf []byte) {
	if n <= 0 {
		return &Str{}, nil
	}
	if n <= strInlineMax {
		s, buf = smallStrs[(n+15)/16](n)
	} else {
		buf = make([]byte, n)
		s = &Str{}
	}
	s.S = unsafe.String(unsafe.SliceData(buf), n)
	return s, buf
}
