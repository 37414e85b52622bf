package vm

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestInlineLayout: every allocation with inline attributes puts its
// values where instInline.at looks for them, a two-attribute instance
// fits Go's 64-byte size class, and an instance with builtin state its
// 48-byte one in a single allocation (newNativeInstance).
func TestInlineLayout(t *testing.T) {
	for _, c := range []struct {
		name         string
		offset, size uintptr
	}{
		{"instWith2", unsafe.Offsetof(instWith2{}.buf), unsafe.Sizeof(instWith2{})},
		{"instWith4", unsafe.Offsetof(instWith4{}.buf), unsafe.Sizeof(instWith4{})},
		{"instWith8", unsafe.Offsetof(instWith8{}.buf), unsafe.Sizeof(instWith8{})},
		{"instWith16", unsafe.Offsetof(instWith16{}.buf), unsafe.Sizeof(instWith16{})},
	} {
		if c.offset != inlineValsOffset {
			t.Errorf("%s's values start at %d, not at %d", c.name, c.offset, inlineValsOffset)
		}
	}
	if s := unsafe.Sizeof(instWith2{}); s > 64 {
		t.Errorf("instWith2 is %d bytes, more than its 64-byte size class", s)
	}
	if s := unsafe.Sizeof(nativeInstance{}); s > 48 {
		t.Errorf("nativeInstance is %d bytes, more than its 48-byte size class", s)
	}
	if s := unsafe.Sizeof(Instance{}); s > 24 {
		t.Errorf("Instance is %d bytes: threads and exceptions embed it (TestTaskletLayout)", s)
	}
}

// TestInlineValuesSurviveCollections: values reached only through an
// instance's inline room stay alive, and materializing moves them all.
func TestInlineValuesSurviveCollections(t *testing.T) {
	cls := &Type{Name: "P", dict: NewDict(0)}
	x, y := internName("x"), internName("y")
	var insts []*Instance
	for i := 0; i < 1000; i++ {
		o := newInstanceFor(cls)
		o.setOwnAttr(x, &List{items: []Value{Int(i)}})
		o.setOwnAttr(y, NewStr(string(rune('a'+i%26))))
		insts = append(insts, o)
	}
	runtime.GC()
	runtime.GC()
	for i, o := range insts {
		if o.inline() == nil && i > 0 {
			t.Fatalf("instance %d does not keep its attributes inline", i)
		}
		v, ok := o.ownAttr(x)
		if l, isList := v.(*List); !ok || !isList || l.values()[0] != Int(i) {
			t.Fatalf("instance %d: x = %v, %v", i, v, ok)
		}
	}
	o := insts[500]
	d := o.attrs()
	if o.inline() != nil || d.Len() != 2 {
		t.Fatalf("materialized: inline %v, dict of %d", o.inline() != nil, d.Len())
	}
	if v, _ := d.GetStr("y"); v.(*Str).S != string(rune('a'+500%26)) {
		t.Errorf("y = %v after materializing", v)
	}
}
