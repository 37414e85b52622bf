package syntax

// slab hands out nodes of one type from chunks, turning many small
// allocations into few. The parser allocates the most frequent node kinds
// this way; a chunk lives as long as any node in it, which is fine because
// a tree is kept or dropped as a whole.
type slab[T any] struct{ buf []T }

const slabSize = 128

func (s *slab[T]) alloc() *T {
	if len(s.buf) == 0 {
		s.buf = make([]T, slabSize)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// nodeAlloc holds the slabs of one parse (shared with f-string
// sub-parsers).
type nodeAlloc struct {
	names  slab[Name]
	idents slab[Ident]
	ints   slab[Int]
	strs   slab[Str]
	attrs  slab[Attribute]
	calls  slab[Call]
}
