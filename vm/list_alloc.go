package vm

// list_alloc.go: lists of up to sixteen items are made in one allocation,
// header and items together, as small tuples are (tuple_alloc.go). A
// slice of a list (fannkuch's perm1[:] and perm[k::-1]) or a list display
// was two allocations.
//
// Each length has its own array type, so the allocation is exactly a
// header and n items, rounded to Go's size class as the two allocations
// were. The items are capped at their length: the first append moves them
// to an array of their own, as it did before, so no two lists ever share
// the inline array, and the inline one is then dead weight of the list's
// allocation, at most 256 bytes.

import "unsafe"

// listWith is a List and its items; A is [n]Value.
type listWith[A any] struct {
	l List
	a A
}

// newListWith returns a list of n nil items in one allocation, where A is
// [n]Value.
func newListWith[A any](n int) *List {
	x := new(listWith[A])
	x.l.items = unsafe.Slice((*Value)(unsafe.Pointer(&x.a)), n)
	return &x.l
}

// smallLists[n] makes a list of n items in one allocation.
var smallLists = [...]func(int) *List{
	1: newListWith[[1]Value], 2: newListWith[[2]Value],
	3: newListWith[[3]Value], 4: newListWith[[4]Value],
	5: newListWith[[5]Value], 6: newListWith[[6]Value],
	7: newListWith[[7]Value], 8: newListWith[[8]Value],
	9: newListWith[[9]Value], 10: newListWith[[10]Value],
	11: newListWith[[11]Value], 12: newListWith[[12]Value],
	13: newListWith[[13]Value], 14: newListWith[[14]Value],
	15: newListWith[[15]Value], 16: newListWith[[16]Value],
}

// makeList returns a list of n nil items, to be filled.
func makeList(n int) *List {
	if n > 0 && n < len(smallLists) {
		return smallLists[n](n)
	}
	return &List{items: make([]Value, n)}
}
