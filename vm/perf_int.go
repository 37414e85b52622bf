package vm

// perf_int.go: boxing ints without allocation. Converting an Int to a
// Value normally allocates 8 bytes for values outside [0, 255]. boxInt
// returns, for ints in [intCacheMin, intCacheMin+intCacheSize), an
// interface whose data word points into a static table instead. The
// table lives in the BSS segment and is filled lazily (atomically, so
// concurrent VMs are race-free), so only the pages of values actually
// used become resident.

import (
	"sync/atomic"
	"unsafe"
)

const (
	intCacheMin  = -1024
	intCacheSize = 1 << 17
)

var intCache [intCacheSize]int64

type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

var intTypeWord = func() unsafe.Pointer {
	var v Value = Int(12345)
	return (*eface)(unsafe.Pointer(&v)).typ
}()

// boxInt converts v to a Value, without allocating for cached values.
func boxInt(v Int) Value {
	i := uint64(int64(v) - intCacheMin)
	if i >= intCacheSize {
		return v
	}
	p := &intCache[i]
	if atomic.LoadInt64(p) != int64(v) {
		atomic.StoreInt64(p, int64(v))
	}
	var r Value
	e := (*eface)(unsafe.Pointer(&r))
	e.typ = intTypeWord
	e.data = unsafe.Pointer(p)
	return r
}
