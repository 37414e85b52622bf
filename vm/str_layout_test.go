package vm

import (
	"testing"
	"unsafe"
)

// TestStrLayout keeps Str in the 24-byte size class: strings are the most
// numerous objects of text-heavy programs (a split of 60,000 words
// allocates 60,000 Str headers), and a field added carelessly would move
// every one of them to 32 bytes, with a second pointer for the collector
// to follow.
func TestStrLayout(t *testing.T) {
	if n := unsafe.Sizeof(Str{}); n != 24 {
		t.Fatalf("Str is %d bytes, want 24", n)
	}
}

// TestStrLazyCaches checks the packed lazy state of a Str: the cached hash
// (including the empty string's, which must not read as "not computed"),
// the ASCII scan and the decoded runes.
func TestStrLazyCaches(t *testing.T) {
	for _, text := range []string{"", "a", "hello", "héllo", "日本語", "a\u00ff"} {
		s := NewStr(text)
		want := strHash(text)
		for i := 0; i < 2; i++ {
			if got := s.cachedHash(); got != want {
				t.Errorf("%q: hash %d (call %d), want %d", text, got, i, want)
			}
		}
		ascii := len([]rune(text)) == len(text)
		if s.IsASCII() != ascii || s.knownASCII() != ascii || s.knownNotASCII() == ascii {
			t.Errorf("%q: IsASCII %v knownASCII %v knownNotASCII %v, want ASCII %v",
				text, s.IsASCII(), s.knownASCII(), s.knownNotASCII(), ascii)
		}
		for i := 0; i < 2; i++ {
			if got := string(s.Runes()); got != text {
				t.Errorf("%q: Runes gives %q", text, got)
			}
			if s.Len() != len([]rune(text)) {
				t.Errorf("%q: Len %d", text, s.Len())
			}
		}
		// The hash and the ASCII state share a word: learning either, in
		// either order, keeps the other.
		if h, ok := s.knownHash(); !ok || h != want {
			t.Errorf("%q: hash lost once the ASCII state was learnt", text)
		}
		g := NewStr(text)
		g.IsASCII()
		g.cachedHash()
		if g.knownASCII() != ascii || g.knownNotASCII() == ascii {
			t.Errorf("%q: ASCII state lost once the hash was learnt", text)
		}
		// Runes on a fresh string learns ASCII-ness too.
		f := NewStr(text)
		f.Runes()
		if f.knownASCII() != ascii || f.knownNotASCII() == ascii {
			t.Errorf("%q: after Runes knownASCII %v knownNotASCII %v", text, f.knownASCII(), f.knownNotASCII())
		}
	}
}
