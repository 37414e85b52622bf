package vm

// perf_slice.go: list slicing without a slice object. BUILD_SLICE
// followed by BINARY_SUBSCR or STORE_SUBSCR is quickened into one
// instruction that, for a list with int (or None) bounds, computes the
// indices directly (CPython's PySlice_AdjustIndices) instead of
// allocating a Slice and going through GetItem/SetItem.

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
func listSliceFast(l *List, lo, hi, st Value) (*List, bool) {
	start, step, count, ok := listSliceIndices(int64(len(l.Items)), lo, hi, st)
	if !ok {
		return nil, false
	}
	r := makeList(int(count))
	items := r.Items
	if step == 1 {
		copy(items, l.Items[start:start+count])
	} else {
		for i := int64(0); i < count; i++ {
			items[i] = l.Items[start+i*step]
		}
	}
	return r, true
}

// listStoreSliceFast is l[lo:hi] = v when the step is 1 and v is a list
// or tuple of exactly hi-lo items: they are copied in place.
func listStoreSliceFast(l *List, lo, hi, st Value, v Value) bool {
	start, step, count, ok := listSliceIndices(int64(len(l.Items)), lo, hi, st)
	if !ok || step != 1 {
		return false
	}
	var src []Value
	switch x := v.(type) {
	case *List:
		src = x.Items
	case *Tuple:
		src = x.Items
	default:
		return false
	}
	if int64(len(src)) != count {
		return false
	}
	copy(l.Items[start:start+count], src)
	return true
}
