package vm

import (
	"runtime"
	"strings"
	"testing"
)

// TestNewStrBuf checks every length around the inline sizes: the text
// is what was written, and strings made one after another do not share
// bytes.
func TestNewStrBuf(t *testing.T) {
	var prev *Str
	prevWant := ""
	for n := 0; n <= strInlineMax+20; n++ {
		s, buf := newStrBuf(n)
		if len(buf) != n || len(s.S) != n {
			t.Fatalf("n=%d: buf %d bytes, text %d", n, len(buf), len(s.S))
		}
		var want strings.Builder
		for i := range buf {
			buf[i] = byte('a' + (n+i)%26)
			want.WriteByte(buf[i])
		}
		if s.S != want.String() {
			t.Fatalf("n=%d: text %q, want %q", n, s.S, want.String())
		}
		if prev != nil && prev.S != prevWant {
			t.Fatalf("n=%d: the previous string changed to %q", n, prev.S)
		}
		prev, prevWant = s, want.String()
	}
}

// TestShortStrOneAllocation checks that the producers of short strings
// that write their bytes themselves allocate once per result.
func TestShortStrOneAllocation(t *testing.T) {
	a, b := NewStr("Hello, "), NewStr("World")
	vm := New(Options{})
	cases := map[string]func(){
		"concat": func() { strConcat(a, b) },
		"upper":  func() { strUpper(b) },
		"lower":  func() { strLower(a) },
		"f-string": func() {
			if _, err := vm.buildString([]Value{a, b, a}); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, f := range cases {
		if n := testing.AllocsPerRun(100, f); n != 1 {
			t.Errorf("%s: %v allocations, want 1", name, n)
		}
	}
	if got := strLower(NewStr("MiXeD 123")).S; got != "mixed 123" {
		t.Errorf("lower: %q", got)
	}
	if got := strUpper(NewStr("MiXeD 123")).S; got != "MIXED 123" {
		t.Errorf("upper: %q", got)
	}
}

// TestNewStrBufSurvivesCollections checks what the no-scan allocation
// relies on: a Str kept only through its header, or only through a
// substring of its text, keeps its bytes through collections, while
// garbage of the same size classes is made and freed around it.
func TestNewStrBufSurvivesCollections(t *testing.T) {
	var heads []*Str
	var subs []string
	var want []string
	for n := 1; n <= strInlineMax; n++ {
		s, buf := newStrBuf(n)
		for i := range buf {
			buf[i] = byte('A' + (n*7+i)%26)
		}
		want = append(want, s.S)
		if n%2 == 0 {
			heads = append(heads, s)
		} else {
			subs = append(subs, s.S[n/2:]) // the header itself is dropped
		}
	}
	for round := 0; round < 3; round++ {
		runtime.GC()
		for n := 1; n <= strInlineMax; n++ {
			_, buf := newStrBuf(n) // garbage that would reuse freed slots
			for i := range buf {
				buf[i] = '#'
			}
		}
	}
	for i, s := range heads {
		if w := want[2*i+1]; s.S != w {
			t.Errorf("kept header %d: %q, want %q", i, s.S, w)
		}
	}
	for i, sub := range subs {
		n := 2*i + 1
		if w := want[2*i][n/2:]; sub != w {
			t.Errorf("kept substring of %d bytes: %q, want %q", n, sub, w)
		}
	}
}
