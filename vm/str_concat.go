package vm

// str_concat.go: amortised O(1) appends for the s += t loop. CPython
// resizes a string in place when the left operand of += has no other
// reference; Weft strings are shared Go strings, so instead the result of
// a large concatenation is built in a buffer with spare capacity, and a
// later concatenation whose left operand is exactly that result appends
// into the spare room (the bytes already visible through earlier strings
// never change). Building an n-byte string by appending then costs O(n)
// instead of O(n²).

import (
	"sync"
	"unsafe"
)

// strConcatMin is the result size from which the growable buffer is used.
const strConcatMin = 256

var strAppendState struct {
	sync.Mutex
	buf  []byte // bytes of last.S, with spare capacity
	last *Str   // the string that ends at len(buf)
}

// strConcat is a + b for non-empty strings.
func strConcat(a, b *Str) *Str {
	n := len(a.S) + len(b.S)
	if n < strConcatMin {
		r, buf := newStrBuf(n)
		copy(buf[copy(buf, a.S):], b.S)
		return strConcatFlags(r, a, b)
	}
	st := &strAppendState
	st.Lock()
	defer st.Unlock()
	if st.last == a && cap(st.buf)-len(st.buf) >= len(b.S) {
		st.buf = append(st.buf, b.S...)
	} else {
		buf := make([]byte, 0, 2*n)
		buf = append(buf, a.S...)
		st.buf = append(buf, b.S...)
	}
	r := strConcatFlags(&Str{S: unsafe.String(unsafe.SliceData(st.buf), len(st.buf))}, a, b)
	st.last = r
	return r
}

// strConcatFlags carries the ASCII knowledge of the operands over to r,
// so len() of a long built-up string does not rescan it.
func strConcatFlags(r, a, b *Str) *Str {
	switch {
	case a.knownASCII() && b.IsASCII():
		r.setASCIIState(strASCII)
	case a.knownNotASCII() || b.knownNotASCII():
		r.setASCIIState(strNotASCII)
	}
	return r
}
