package vm

import "testing"

// TestMakeList: every length gets exactly its items, nil and capped, and
// appending to a list made in one allocation never shows in another list
// (the inline array is its own, and the first append moves the items).
func TestMakeList(t *testing.T) {
	for n := 0; n <= 20; n++ {
		l := makeList(n)
		if len(l.values()) != n || cap(l.values()) != n {
			t.Fatalf("makeList(%d): len %d cap %d", n, len(l.values()), cap(l.values()))
		}
		for i, v := range l.values() {
			if v != nil {
				t.Fatalf("makeList(%d): item %d is %v", n, i, v)
			}
		}
	}
	src := &List{items: []Value{Int(1), Int(2), Int(3), Int(4), Int(5)}}
	a, ok := listSliceFast(src, Int(1), Int(4), nil)
	if !ok {
		t.Fatal("listSliceFast refused a plain slice")
	}
	b := &List{items: a.values()[:2]} // a list sharing a's items, as an alias might
	a.setValues(append(a.values(), Int(99)))
	b.setValues(append(b.values(), Int(77)))
	if got := a.values(); len(got) != 4 || got[2] != Int(4) || got[3] != Int(99) {
		t.Errorf("a = %v, want [2 3 4 99]", got)
	}
	if got := b.values(); len(got) != 3 || got[2] != Int(77) {
		t.Errorf("b = %v, want [2 3 77]", got)
	}
	if got := src.values(); got[3] != Int(4) {
		t.Errorf("the source changed: %v", got)
	}
}
