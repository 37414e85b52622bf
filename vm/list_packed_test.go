package vm

import (
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

// runForList runs src, whose last expression is a list, and returns it.
func runForList(t *testing.T, src string) *List {
	t.Helper()
	_, code, diags := compiler.CompileFile(source.NewFile("<test>", []byte(src)), compiler.Options{ReturnLastExpr: true})
	if diags.HasErrors() {
		t.Fatalf("%q does not compile: %v", src, diags)
	}
	m := New(Options{MaxInstructions: 50_000_000})
	res := m.RunModule(code, "__main__")
	if res.Exception != nil {
		t.Fatalf("%q raised %s", src, m.ExcStr(res.Exception))
	}
	l, ok := res.Value.(*List)
	if !ok {
		t.Fatalf("%q is a %T, not a list", src, res.Value)
	}
	return l
}

// TestPackedListsStayPacked: repeating bools, small ints or strs, and a
// long split, pack the list; indexing, storing values of its kind, len,
// iteration, append and join, in both tiers, leave it packed; a million
// flags take 2 MB.
func TestPackedListsStayPacked(t *testing.T) {
	for _, c := range []struct {
		src  string
		kind packedKind
		n    int
	}{
		{"[True] * 1000000", packedBools, 1000000},
		{"[0, 1] * 40", packedInts, 80},
		{"l = [False] * 100\nfor i in range(0, 100, 3):\n    l[i] = True\nl", packedBools, 100},
		{"l = [False] * 1000\nfor i in range(1000):\n    l[i] = not l[i - 1]\nl", packedBools, 1000},
		{"l = [0] * 1000\nfor i in range(1000):\n    l[i] = l[i - 1] + 1 if i % 7 else -1024\nl", packedInts, 1000},
		{"l = [0] * 500\nn = 0\nfor x in l:\n    n += x\nfor i in range(len(l)):\n    if l[i]:\n        n += 1\nl.append(n)\nl", packedInts, 501},
		{"l = [7167] * 64\nl[-1] = l[0]\nl", packedInts, 64},
		{"([False] * 64) * 3", packedBools, 192},
		{"('a b ' * 40).split()", packedSplit, 80},
		{"l = ('a b ' * 40).split()\nn = 0\nfor w in l:\n    n += len(w)\nl[n % 80]\n' '.join(l)\nl", packedSplit, 80},
		{"l = ('a,' * 99 + 'a').split(',')\ns = ','.join(l) + ' '.join(l)\nfor w in l:\n    s += w\nl[5] = s\nl.append(l[0])\nl", packedStrs, 101},
		{"['x', 'y'] * 50", packedStrs, 100},
	} {
		l := runForList(t, c.src)
		if l.packed == nil || l.packed.kind != c.kind || l.Len() != c.n {
			t.Errorf("%q: packed %v, want kind %d and %d elements, got %d", c.src, l.packed, c.kind, c.n, l.Len())
			continue
		}
		if l.items != nil {
			t.Errorf("%q: a packed list also holds %d items", c.src, len(l.items))
		}
	}
	if l := runForList(t, "[True] * 1000000"); cap(l.packed.elems)*packedElemBytes > 2<<20 {
		t.Errorf("a million flags take %d bytes", cap(l.packed.elems)*packedElemBytes)
	}
}

// TestPackedListsUnpack: what does not pack stays an ordinary list, and
// a value of another kind or a method without a packed path unpacks a
// packed list once, keeping its elements.
func TestPackedListsUnpack(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[None] * 100", ""},
		{"[0, None] * 40", ""},
		{"[True, 1] * 40", ""},
		{"[7168] * 100", ""},
		{"[-1025] * 100", ""},
		{"[0] * 63", ""},
		{"l = [0] * 100\nl[5] = 2 ** 70\nl", "[0, 0, 0, 0, 0, 1180591620717411303424, 0, 0]"},
		{"l = [False] * 100\nl[1] = 1\nl", "[False, 1, False, False, False, False, False, False]"},
		{"l = [0] * 100\nfor i in range(1000):\n    l[i % 100] = i if i < 950 else 'x'\nl", "[900, 901, 902, 903, 904, 905, 906, 907]"},
		{"l = [True] * 100\nl.append(None)\nl", "[True, True, True, True, True, True, True, True]"},
		{"l = [2] * 100\nl.sort()\nl", "[2, 2, 2, 2, 2, 2, 2, 2]"},
		{"l = [2] * 100\nl.insert(1, 3)\nl", "[2, 3, 2, 2, 2, 2, 2, 2]"},
		{"('a ' * 63).split()", ""},
		{"l = ('a b ' * 40).split()\nl[1] = None\nl", "['a', None, 'a', 'b', 'a', 'b', 'a', 'b']"},
		{"class S(str):\n    pass\nl = ['x'] * 70\nl.append(S('s'))\nl", "['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"},
	} {
		l := runForList(t, c.src)
		if l.packed != nil {
			t.Errorf("%q: still packed", c.src)
			continue
		}
		if c.want == "" {
			continue
		}
		m := New(Options{})
		got, err := m.Repr(&List{items: l.items[:8]})
		if err != nil || got != c.want {
			t.Errorf("%q: first elements %s (%v), want %s", c.src, got, err, c.want)
		}
	}
}

// TestPackValueFillsIntTable: reading a packed int back never
// allocates, because packing fills its boxing table entry.
func TestPackValueFillsIntTable(t *testing.T) {
	for _, n := range []Int{intCacheMin, -1, 0, 1, 5000, intCacheMin + intCacheSize - 1} {
		e, ok := packInt(n)
		if !ok {
			t.Fatalf("%d does not pack", n)
		}
		p := &packedItems{kind: packedInts, elems: []int16{e}}
		if got := p.at(0); got != Value(n) {
			t.Errorf("%d reads back as %v", n, got)
		}
		if allocs := testing.AllocsPerRun(100, func() { _ = p.at(0) }); allocs != 0 {
			t.Errorf("reading %d allocates %v times", n, allocs)
		}
	}
	for _, n := range []Int{intCacheMin - 1, intCacheMin + intCacheSize} {
		if _, ok := packInt(n); ok {
			t.Errorf("%d packs", n)
		}
	}
}

// TestPackingKeepsHeapBudget: under a heap budget, a repetition whose
// unpacked list would not fit is not packed, so it raises MemoryError
// at once, as it did before packing, instead of unpacking later past the
// budget.
func TestPackingKeepsHeapBudget(t *testing.T) {
	src := "l = [0] * 10**7\nl.sort()\nl"
	_, code, diags := compiler.CompileFile(source.NewFile("<test>", []byte(src)), compiler.Options{ReturnLastExpr: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	m := New(Options{MaxHeap: 64 << 20})
	res := m.RunModule(code, "__main__")
	if res.Exception == nil || res.Exception.Class != MemoryErrorType {
		t.Fatalf("under a 64 MB budget: %v, want MemoryError", res.Value)
	}
	if l := runForList(t, "[0] * 10**7"); l.packed == nil {
		t.Errorf("without a budget, ten million zeros are not packed")
	}
}
