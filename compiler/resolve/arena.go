package resolve

// Memory management. The resolver creates a few objects per name and per
// scope; allocating each one separately made it slower than the parser.
// Symbols, scopes and all the small lists (Order, Locals, Children, Uses,
// Defs, and the working lists of each scope) are carved from arenas: a
// few large allocations per Resolve call. (Reusing the working memory
// across calls through a sync.Pool did not pay: the pool is emptied by the
// garbage collections that a large file triggers anyway.)

// Chunks start at firstChunk values and double up to chunkSize, so that
// the memory follows the size of the file: a fixed 2048-value chunk per
// arena cost a small file about a megabyte.
const (
	firstChunk = 32
	chunkSize  = 2048
)

// arena hands out slices of T carved from large chunks. Each slice has
// its own capacity limit, so appending to one never overwrites another.
type arena[T any] struct {
	chunks [][]T
	n      int // chunks handed out so far (the last one partly)
	cur    []T // unused rest of chunks[n-1]
	next   int // size of the next chunk
}

// take returns an empty slice with capacity n.
func (a *arena[T]) take(n int) []T {
	if len(a.cur) < n {
		a.next = min(max(2*a.next, firstChunk), chunkSize)
		size := max(n, a.next)
		if a.n < len(a.chunks) && len(a.chunks[a.n]) >= size {
			a.cur = a.chunks[a.n]
		} else {
			c := make([]T, size)
			if a.n < len(a.chunks) {
				a.chunks[a.n] = c
			} else {
				a.chunks = append(a.chunks, c)
			}
			a.cur = c
		}
		a.n++
	}
	s := a.cur[:0:n]
	a.cur = a.cur[n:]
	return s
}

// one returns a pointer to a fresh zero T.
func (a *arena[T]) one() *T {
	return &a.take(1)[:1][0]
}

// reset clears everything handed out (so no pointers survive into the
// next use) and makes the chunks available again.
func (a *arena[T]) reset() {
	for _, c := range a.chunks[:a.n] {
		clear(c)
	}
	a.n = 0
	a.cur = nil
	a.next = 0
}

// push appends v to list, a slice from a. A full list moves to a new
// slice twice its size (at least first); the old one is abandoned.
func push[T any](a *arena[T], list []T, v T, first int) []T {
	if len(list) == cap(list) {
		grown := a.take(max(2*cap(list), first))[:len(list)]
		copy(grown, list)
		list = grown
	}
	return append(list, v)
}
