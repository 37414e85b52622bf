package vm

// tuple_alloc.go: tuples of up to four items are one allocation, header
// and items together (a Tuple plus a separate items array was two, and
// tuples are made per iteration by enumerate, zip and dict.items(), and
// by every `return a, b`).

type (
	tuple1 struct {
		t Tuple
		a [1]Value
	}
	tuple2 struct {
		t Tuple
		a [2]Value
	}
	tuple3 struct {
		t Tuple
		a [3]Value
	}
	tuple4 struct {
		t Tuple
		a [4]Value
	}
)

// makeTuple returns a tuple of n nil items, to be filled.
func makeTuple(n int) *Tuple {
	switch n {
	case 0:
		return &Tuple{}
	case 1:
		x := &tuple1{}
		x.t.Items = x.a[:]
		return &x.t
	case 2:
		x := &tuple2{}
		x.t.Items = x.a[:]
		return &x.t
	case 3:
		x := &tuple3{}
		x.t.Items = x.a[:]
		return &x.t
	case 4:
		x := &tuple4{}
		x.t.Items = x.a[:]
		return &x.t
	}
	return &Tuple{Items: make([]Value, n)}
}

// tupleOf returns a tuple of the given items (copied).
func tupleOf(items ...Value) *Tuple {
	t := makeTuple(len(items))
	copy(t.Items, items)
	return t
}
