package vm

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestSplitFastPaths: split()'s and split(sep)'s direct paths (no maxsplit,
// left to right) give the parts the general ones give, on random ASCII
// text full of Python's whitespace (\x1c-\x1f included) and separators.
func TestSplitFastPaths(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("ab, \t\n\r\v\f\x1c\x1d\x1e\x1f,,")
	for n := 0; n < 3000; n++ {
		b := make([]byte, rng.Intn(24))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		text := string(b)
		s := NewStr(text)
		if !s.knownASCII() {
			s.setASCIIState(strASCII)
		}
		got := strSplitASCIISpace(nil, s)
		if want := strSplitSpace(text, -1, false); !slices.Equal(strParts(got), want) {
			t.Fatalf("%q.split() = %q, want %q", text, strParts(got), want)
		}
		for _, sep := range []string{",", ",,", " ", "ab"} {
			got := strSplitSep(nil, s, sep)
			if want := strings.Split(text, sep); !slices.Equal(strParts(got), want) {
				t.Fatalf("%q.split(%q) = %q, want %q", text, sep, strParts(got), want)
			}
			if len(got.values()) == 1 && got.values()[0] != Value(s) {
				t.Fatalf("%q.split(%q): a single part is not the string itself", text, sep)
			}
		}
	}
}

func strParts(l *List) []string {
	out := make([]string, len(l.values()))
	for i, v := range l.values() {
		out[i] = v.(*Str).S
	}
	return out
}

// TestStrMethodDefaultsAllocateNothing: a str method called without any
// of its optional arguments gets them from the shared array of nils, so
// s.strip() of a string with nothing to strip allocates nothing.
func TestStrMethodDefaultsAllocateNothing(t *testing.T) {
	vm := New(Options{})
	m, _ := StrType.Dict().GetStr("strip")
	strip := m.(*Builtin)
	s := NewStr("word")
	args := []Value{s}
	allocs := testing.AllocsPerRun(100, func() {
		if r, err := strip.Fn(vm, args, nil); err != nil || r != Value(s) {
			t.Fatalf("strip: %v, %v", r, err)
		}
	})
	if allocs != 0 {
		t.Fatalf("'word'.strip() allocated %v times per call", allocs)
	}
}
