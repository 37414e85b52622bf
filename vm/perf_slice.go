package vm

// perf_slice.go: list slicing without a slice object. BUILD_SLICE
// followed by BINARY_SUBSCR or STORE_SUBSCR is quickened into one
// instruction that, for a list with int (or None) bounds, computes the
// indices directly (CPython's PySlice_AdjustIndices) instead of
// allocating a Slice and going through GetItem/SetItem.
//
// A slice copied straight into another, a[i:j] = b[k::-1] (fannkuch's
// flips), makes a list that only the store reads: quicken pairs the two
// (sliceTempStore) when the instructions between them provably leave it
// alone, and the VM then reuses one such list for every copy instead of
// allocating it each time (VM.sliceTemp, VM.storeSliceTemp). The list
// handed out is remembered by identity, so a store recycles only the
// very list its own slice made, and only after copying its items: a list
// that took any other path (an exception between the two, a store that
// went the general way and may have kept it) is never reused.

import bc "github.com/weft-lang/weft/compiler/bytecode"

// sliceBound reads a slice bound: an Int, or None (absent).
func sliceBound(v Value) (int64, bool, bool) {
	switch x := v.(type) {
	case Int:
		return int64(x), true, true
	case NoneType:
		return 0, false, true
	}
	return 0, false, false
}

// listSliceIndices is PySlice_AdjustIndices for a sequence of length n.
// ok is false when a bound is not an int or None, or the step is 0.
func listSliceIndices(n int64, lo, hi, st Value) (start, step, count int64, ok bool) {
	step = 1
	if st != nil {
		s, has, good := sliceBound(st)
		if !good || (has && s == 0) {
			return 0, 0, 0, false
		}
		if has {
			step = s
		}
	}
	start, hasStart, good := sliceBound(lo)
	if !good {
		return 0, 0, 0, false
	}
	stop, hasStop, good := sliceBound(hi)
	if !good {
		return 0, 0, 0, false
	}
	adjust := func(v int64, has bool, dflt int64) int64 {
		if !has {
			return dflt
		}
		if v < 0 {
			v += n
			if v < 0 {
				if step < 0 {
					return -1
				}
				return 0
			}
		} else if v >= n {
			if step < 0 {
				return n - 1
			}
			return n
		}
		return v
	}
	if step > 0 {
		start = adjust(start, hasStart, 0)
		stop = adjust(stop, hasStop, n)
		if start < stop {
			count = (stop-start-1)/step + 1
		}
	} else {
		start = adjust(start, hasStart, n-1)
		stop = adjust(stop, hasStop, -1)
		if stop < start {
			count = (start-stop-1)/(-step) + 1
		}
	}
	return start, step, count, true
}

// listSliceFast is l[lo:hi:st] for int/None bounds (st nil: no step).
// A packed l takes the general path.
func listSliceFast(l *List, lo, hi, st Value) (*List, bool) {
	start, step, count, ok := listSliceIndices(int64(len(l.items)), lo, hi, st)
	if !ok || l.packed != nil {
		return nil, false
	}
	r := makeList(int(count))
	copySlice(r.items, l.items, start, step)
	return r, true
}

// copySlice fills dst with src[start], src[start+step], ...
func copySlice(dst, src []Value, start, step int64) {
	if step == 1 {
		copy(dst, src[start:])
		return
	}
	for i := range dst {
		dst[i] = src[start+int64(i)*step]
	}
}

// sliceOp is the slice of an opSliceSubscr or opSliceSubscrTemp.
func (vm *VM) sliceOp(op bc.Opcode, l *List, lo, hi, st Value) (*List, bool) {
	if op == opSliceSubscrTemp {
		return vm.sliceTemp(l, lo, hi, st)
	}
	return listSliceFast(l, lo, hi, st)
}

// storeSliceOp is the store of an opSliceStore or opSliceStoreTemp.
func (vm *VM) storeSliceOp(op bc.Opcode, l *List, lo, hi, st, v Value) bool {
	if op == opSliceStoreTemp {
		return vm.storeSliceTemp(l, lo, hi, st, v)
	}
	return listStoreSliceFast(l, lo, hi, st, v)
}

// isSliceSubscr tells the slices from the stores of the four opcodes.
func isSliceSubscr(op bc.Opcode) bool { return op == opSliceSubscr || op == opSliceSubscrTemp }

// sliceTempMaxCap bounds the list the VM keeps for slice copies: past a
// few dozen items the copying costs more than the allocation saved, and
// a kept list is memory no program asked for.
const sliceTempMaxCap = 64

// sliceTemp is l[lo:hi:st] for an opSliceSubscrTemp: the result goes
// only to the store quicken paired it with, so it may be the VM's spare
// list, which the store hands back. A packed l takes the general path.
func (vm *VM) sliceTemp(l *List, lo, hi, st Value) (*List, bool) {
	start, step, count, ok := listSliceIndices(int64(len(l.items)), lo, hi, st)
	if !ok || l.packed != nil {
		return nil, false
	}
	r := vm.spareList
	if r != nil && int64(cap(r.items)) >= count {
		vm.spareList = nil
	} else {
		r = makeList(int(max(count, 16))) // room for the next, longer copies
	}
	r.items = r.items[:count]
	copySlice(r.items, l.items, start, step)
	vm.tempList = r
	return r, true
}

// storeSliceTemp is l[lo:hi:st] = v for an opSliceStoreTemp: v is the
// list its paired slice made when it is vm.tempList, which the VM keeps
// for the next copy once its items are in l. A store that is not the
// fast path's forgets the list instead, as the general path may keep it.
func (vm *VM) storeSliceTemp(l *List, lo, hi, st, v Value) bool {
	if !listStoreSliceFast(l, lo, hi, st, v) {
		vm.takeSliceTemp(v)
		return false
	}
	if r := vm.takeSliceTemp(v); r != nil && cap(r.items) <= sliceTempMaxCap {
		clear(r.items) // holds nothing alive while it waits
		vm.spareList = r
	}
	return true
}

// takeSliceTemp returns v when it is the list the last opSliceSubscrTemp
// handed out, which the VM then no longer remembers: a store that takes
// the general path calls it too, so that a list the store may keep is
// never reused.
func (vm *VM) takeSliceTemp(v Value) *List {
	r, ok := v.(*List)
	if !ok || r != vm.tempList {
		return nil
	}
	vm.tempList = nil
	return r
}

// sliceTempStore returns the pc of the BUILD_SLICE of the slice store
// that takes the list made by the slice at pc (BUILD_SLICE, with
// BINARY_SUBSCR at pc+1), or -1. The instructions between must be
// straight-line loads and arithmetic that never pop the list (each
// one's pops checked against the compiler's depths), ending in
// BUILD_SLICE; STORE_SUBSCR with the list as the stored value, and no
// exception handler may be entered in between with the list still on
// the stack.
func sliceTempStore(code *bc.Code, pc int) int {
	if len(code.Depths) != len(code.Instrs) || pc+2 >= len(code.Instrs) {
		return -1
	}
	slot := int(code.Depths[pc+2]) - 1 // the list's stack index
	const maxBetween = 16
	for i := pc + 2; i < len(code.Instrs)-1 && i < pc+2+maxBetween; i++ {
		in, depth := code.Instrs[i], int(code.Depths[i])
		pops := 0
		switch in.Op {
		case bc.LOAD_FAST, bc.LOAD_CONST, bc.LOAD_GLOBAL, bc.LOAD_NAME, bc.LOAD_DEREF:
		case bc.LOAD_ATTR, bc.UNARY_NEGATIVE, bc.UNARY_POSITIVE, bc.UNARY_INVERT:
			pops = 1
		case bc.BINARY_OP, bc.BINARY_SUBSCR:
			pops = 2
		case bc.BUILD_SLICE:
			if next := code.Instrs[i+1].Op; next == bc.STORE_SUBSCR {
				if int(code.Depths[i+1])-3 != slot || handlerKeeps(code, pc+2, i+1, slot) {
					return -1
				}
				return i
			}
			pops = int(in.Arg)
		default:
			return -1
		}
		if depth-pops <= slot {
			return -1
		}
	}
	return -1
}

// handlerKeeps reports whether an exception handler covering an
// instruction in [from, to] keeps stack index slot on the stack.
func handlerKeeps(code *bc.Code, from, to, slot int) bool {
	for _, e := range code.ExceptTable {
		if int(e.Start) <= to && from < int(e.End) && int(e.Depth) > slot {
			return true
		}
	}
	return false
}

// listStoreSliceFast is l[lo:hi] = v when the step is 1 and v is a list
// or tuple of exactly hi-lo items: they are copied in place. A packed
// list on either side takes the general path.
func listStoreSliceFast(l *List, lo, hi, st Value, v Value) bool {
	start, step, count, ok := listSliceIndices(int64(len(l.items)), lo, hi, st)
	if !ok || step != 1 || l.packed != nil {
		return false
	}
	var src []Value
	switch x := v.(type) {
	case *List:
		if x.packed != nil {
			return false
		}
		src = x.items
	case *Tuple:
		src = x.Items
	default:
		return false
	}
	if int64(len(src)) != count {
		return false
	}
	copy(l.items[start:start+count], src)
	return true
}
