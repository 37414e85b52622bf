package vm

import (
	"io"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	bc "github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// TestSliceTempPairing checks which slice copies quicken pairs: a slice
// whose list goes straight to a slice store, through loads and
// arithmetic that leave it on the stack, and nothing else.
func TestSliceTempPairing(t *testing.T) {
	src := `def copy_flip(a, b, k):
    a[:k + 1] = b[k::-1]

def copy_plain(a, b):
    a[1:3] = b[0:2]

def copy_attr_bounds(a, b, o):
    a[o.i:o.j] = b[::-1]

def copy_nested_slice(a, b, c):
    a[c[0:1][0]:2] = b[0:2]

def added(a, b, c):
    a[0:2] = b[0:2] + c

def called(a, b, f):
    a[f():2] = b[0:2]

def named(a, b):
    x = b[0:2]
    a[0:2] = x

def item_store(a, b):
    a[0] = b[0:2]

def branch_value(a, b, c):
    a[0:2] = b[0:2] if c else b[1:3]

def branch_bound(a, b, c):
    a[0 if c else 1:2] = b[0:2]

class O:
    i, j = 0, 2

a, b = [0] * 6, list(range(6))
copy_flip(a, b, 2); copy_plain(a, b); copy_attr_bounds(a, b, O())
copy_nested_slice(a, b, [1]); added(a, b, []); called(a, b, lambda: 0)
named(a, b); item_store(a, b); branch_value(a, b, 1); branch_bound(a, b, 0)
print(a)
`
	code := runPrinting(t, "pairs.weft", src, "[0, 0, 1, 1, 3, 2, 1, 0, 1, 0, 0, 0]\n")
	want := map[string]int{
		"copy_flip": 1, "copy_plain": 1, "copy_attr_bounds": 1, "copy_nested_slice": 1,
		"added": 0, "called": 0, "named": 0, "item_store": 0, "branch_bound": 0,
		// Only the slice of the else branch runs straight into the store.
		"branch_value": 1,
	}
	code.Walk(func(c *bc.Code) {
		n, ok := want[c.QualName]
		if !ok {
			return
		}
		ins := c.VMCache.(*codeCache).instrs
		subs, stores := 0, 0
		for pc, in := range ins {
			switch in.Op {
			case opSliceSubscrTemp:
				subs++
				if c.Instrs[pc].Op != bc.BUILD_SLICE || c.Instrs[pc+1].Op != bc.BINARY_SUBSCR {
					t.Errorf("%s: opSliceSubscrTemp at %d is not BUILD_SLICE; BINARY_SUBSCR", c.QualName, pc)
				}
			case opSliceStoreTemp:
				stores++
				if c.Instrs[pc].Op != bc.BUILD_SLICE || c.Instrs[pc+1].Op != bc.STORE_SUBSCR {
					t.Errorf("%s: opSliceStoreTemp at %d is not BUILD_SLICE; STORE_SUBSCR", c.QualName, pc)
				}
			}
		}
		if subs != n || stores != n {
			t.Errorf("%s: %d paired slices and %d paired stores, want %d", c.QualName, subs, stores, n)
		}
		delete(want, c.QualName)
	})
	if len(want) != 0 {
		t.Errorf("functions not found: %v", want)
	}
}

// TestSliceTempReuse checks that a loop of slice copies reuses one list,
// and that the list waiting for reuse holds no items.
func TestSliceTempReuse(t *testing.T) {
	src := `a, b = [0] * 8, list(range(10))
for i in range(50):
    a[2:5] = b[i % 7:i % 7 + 3]
    a[:4] = a[3::-1]
print(a)
`
	_, code, diags := compiler.CompileFile(source.NewFile("reuse.weft", []byte(src)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var out strings.Builder
	m := New(Options{Stdout: &out, Stderr: io.Discard})
	if res := m.RunModule(code, "__main__"); res.Exception != nil {
		t.Fatal(m.FormatTraceback(res.Exception))
	}
	if got, want := out.String(), "[1, 0, 6, 7, 2, 0, 0, 0]\n"; got != want {
		t.Fatalf("printed %q, want %q", got, want)
	}
	spare := m.spareList
	if spare == nil || m.tempList != nil {
		t.Fatalf("after the loop: spare %v, temp %v; want a spare list and none handed out", spare, m.tempList)
	}
	for i, v := range spare.values()[:cap(spare.values())] {
		if v != nil {
			t.Fatalf("the spare list keeps item %d alive: %v", i, v)
		}
	}
}
