package vm

import (
	"runtime"
	"strings"
	"testing"
)

// TestSplitBlockKeepsText: a long split's parts stay intact after the
// source is dropped and the collector has run and reused memory, though
// the block holding their headers is scanned for one pointer only.
func TestSplitBlockKeepsText(t *testing.T) {
	words := []string{"alpha", "beta", "gamma", "delta"}
	var b strings.Builder
	for i := 0; i < 5000; i++ {
		b.WriteString(words[i%4])
		b.WriteByte(' ')
	}
	src := &Str{S: strings.Clone(b.String())}
	l := strSplitASCIISpace(nil, src)
	if l.packed == nil || l.packed.kind != packedSplit {
		t.Fatal("a split of 5000 parts is not a packed split block")
	}
	src = nil
	for round := 0; round < 4; round++ {
		runtime.GC()
		junk := make([][]byte, 0, 2000)
		for i := 0; i < 2000; i++ {
			junk = append(junk, []byte(strings.Repeat("x", 40)))
		}
		runtime.KeepAlive(junk)
	}
	for i := 0; i < l.Len(); i++ {
		if got := l.at(i).(*Str).S; got != words[i%4] {
			t.Fatalf("part %d is %q after collections, want %q", i, got, words[i%4])
		}
	}
}

// TestStrBlockWords: block sizes round up by at most a sixteenth.
func TestStrBlockWords(t *testing.T) {
	prev := 0
	for w := 1; w < 1<<20; w += 1 + w/7 {
		r := strBlockWords(w)
		if r < w || r > w+w/16+1 || r < prev {
			t.Fatalf("strBlockWords(%d) = %d (previous %d)", w, r, prev)
		}
		prev = r
	}
}

// TestSplitPartsOutsideSourcePanic: a part that is not a piece of the
// source would not be kept alive by the block: set refuses it.
func TestSplitPartsOutsideSourcePanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a part from elsewhere was accepted")
		}
	}()
	r := newSplitResult(nil, &Str{S: "a b"}, 2)
	r.set(0, strings.Clone("a"))
}
