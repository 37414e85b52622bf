package vm

// budget_heap.go: the heap budget (Options.MaxHeap).
//
// Go cannot tell how much memory one VM holds, so the budget is on the
// process's heap: an embedder that runs evaluations (the language server)
// uses it to keep a runaway evaluation (`l.append([0] * 10**5)` in a loop
// reached 3.5 GB within a five-second time budget) from taking the whole
// process with it. The heap is read at the periodic checks and after each
// operation that builds a large value at once (sequence repetition, range
// lists, wide padding); when
// it is over the budget the VM collects and, if the live heap is still
// over, raises MemoryError. With several evaluations at once the one that
// checks first is stopped, whichever holds the memory.

import (
	"runtime"
	"runtime/metrics"
)

// heapObjectsMetric is the memory held by heap objects, live or not yet
// swept; the GC pacer reads it too.
const heapObjectsMetric = "/memory/classes/heap/objects:bytes"

// heapObjectsBytes reads heapObjectsMetric into s.
func heapObjectsBytes(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// checkHeap raises MemoryError when the process's live heap exceeds
// Options.MaxHeap.
func (vm *VM) checkHeap() error {
	limit := vm.opts.MaxHeap
	if limit <= 0 {
		return nil
	}
	if vm.heapSample == nil {
		vm.heapSample = []metrics.Sample{{Name: heapObjectsMetric}}
	}
	if heapObjectsBytes(vm.heapSample) <= uint64(limit) {
		return nil
	}
	runtime.GC() // garbage does not count
	if heapObjectsBytes(vm.heapSample) <= uint64(limit) {
		return nil
	}
	return vm.NewError(MemoryErrorType, "heap budget exhausted (%d MB)", limit>>20)
}

// bigAllocSlots is the size, in slots or bytes, from which a value built
// in one operation gets a heap check of its own.
const bigAllocSlots = 1 << 16

// bigAllocBytes is the size from which the GC pacer looks at the heap
// before such a value is allocated: bigAllocSlots of Values.
const bigAllocBytes = bigAllocSlots * ValueSlotBytes

// beforeBigAlloc lets the GC pacer collect before an operation builds a
// value of n slots of slotSize bytes in one allocation, when that is
// bigAllocBytes or more (see GCPacer.beforeAlloc).
func (vm *VM) beforeBigAlloc(n, slotSize int) {
	if p := vm.opts.GC; p != nil && n >= bigAllocBytes/slotSize {
		p.beforeAlloc(uint64(n) * uint64(slotSize))
	}
}

// afterBigAlloc checks the heap budget after an operation built a value
// of n slots or bytes, since one such operation can allocate far more
// than the periodic checks see between them.
func (vm *VM) afterBigAlloc(n int) error {
	if n < bigAllocSlots {
		return nil
	}
	if p := vm.opts.GC; p != nil {
		p.afterAlloc()
	}
	return vm.checkHeap()
}

// noteAlloc counts n bytes allocated by one operation, and lets the GC
// pacer look at the heap once such operations have allocated
// allocCheckBytes since it last did: a loop of set operations allocates
// hundreds of kilobytes per instruction, faster than the periodic checks
// (every few thousand instructions) see.
func (vm *VM) noteAlloc(n int) {
	if p := vm.opts.GC; p != nil {
		vm.allocSince += int64(n)
		if vm.allocSince >= allocCheckBytes {
			vm.allocSince = 0
			p.check(vm.sched.alive())
		}
	}
}

// allocCheckBytes is the allocation between noteAlloc's pacer checks.
const allocCheckBytes = 256 << 10
