package vm

import "testing"

// TestSameFreeAgreesWithIdentical: where sameFree answers, it answers as
// identical does, and it answers for None and for instances (the tests
// of `x is None` and `a is b` on objects that the call-free loop runs).
func TestSameFreeAgreesWithIdentical(t *testing.T) {
	cls := &Type{Name: "C"}
	a, b := &Instance{Class: cls}, &Instance{Class: cls}
	values := []Value{None, a, b, Int(1), Int(2), Float(1), Bool(true), &Str{S: "x"}, &List{}}
	for _, x := range values {
		for _, y := range values {
			same, ok := sameFree(x, y)
			_, yNone := y.(NoneType)
			_, xInst := x.(*Instance)
			_, yInst := y.(*Instance)
			if want := yNone || xInst || yInst; ok != want {
				t.Errorf("sameFree(%v, %v) answers %v, want %v", x, y, ok, want)
			}
			if ok && same != identical(x, y) {
				t.Errorf("sameFree(%v, %v) = %v, identical says %v", x, y, same, identical(x, y))
			}
		}
	}
}
