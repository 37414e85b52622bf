package vm

// perf_int.go: boxing ints without allocation. Converting an Int to a
// Value normally allocates 8 bytes for values outside [0, 255]. boxInt
// returns, for ints in [intCacheMin, intCacheMin+intCacheSize), an
// interface whose data word points into a static table instead. The
// table lives in the BSS segment and is filled lazily, so only the pages
// of values actually used become resident.
//
// Concurrent VMs (the language server's evaluations) box the same ints,
// so each entry is written exactly once (fillInt): readers that load the
// value atomically are ordered after that one write. When every VM that
// met an empty entry stored the value itself, the stores raced with the
// other VMs' reads of it (the same value, but a data race all the same,
// which the race detector reported).

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// The table covers [-1024, 7168): loop counters, indices and counts. A
// bigger one cost more than it saved: an int boxed from it is a load
// from a random line of the table (to see whether the entry is filled)
// and another wherever it is used, and with 2^17 entries (1 MB) those
// loads missed the cache: 22% of spectralnorm's profile sat on the
// first. Ints past the table come from the code object's slab, written
// and read back in order. Against 2^17: loop 8%, nbody, sieve and
// spectralnorm 4% faster, peak RSS 1 MB lower; tables of 2^11 and 2^15
// measured the same as 2^13.
const (
	intCacheMin  = -1024
	intCacheSize = 1 << 13
)

var intCache [intCacheSize]int64

// intClaimed has bit i set once a goroutine has taken on writing
// intCache[i] (fillInt).
var intClaimed [intCacheSize / 64]uint64

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
	if atomic.LoadInt64(&intCache[i]) != int64(v) {
		fillInt(i)
	}
	return tableInt(i)
}

// tableInt is the Value for intCache[i], which must be filled.
func tableInt(i uint64) Value {
	var r Value
	e := (*eface)(unsafe.Pointer(&r))
	e.typ = intTypeWord
	e.data = unsafe.Pointer(&intCache[i])
	return r
}

// fillInt writes intCache[i] once for all goroutines and returns when it
// holds its value: the goroutine that claims the entry writes it, any
// other waits for that write. (The entry for 0 is filled from the start.)
func fillInt(i uint64) {
	p, v := &intCache[i], int64(i)+intCacheMin
	claimed, bit := &intClaimed[i/64], uint64(1)<<(i%64)
	for atomic.LoadInt64(p) != v {
		old := atomic.LoadUint64(claimed)
		if old&bit != 0 {
			runtime.Gosched() // another goroutine is writing it
			continue
		}
		if atomic.CompareAndSwapUint64(claimed, old, old|bit) {
			atomic.StoreInt64(p, v)
			return
		}
	}
}
