package vm

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// TestRunesCached: the runes of a non-ASCII text are decoded once and
// then served from the cache, to every Str over the same bytes; a Str
// with equal text in other memory gets its own, equal, runes.
func TestRunesCached(t *testing.T) {
	text := strings.Repeat("añb€", 50)
	s := NewStr(text)
	first := s.Runes()
	if string(first) != text {
		t.Fatalf("Runes = %q", string(first))
	}
	if again := s.Runes(); &again[0] != &first[0] {
		t.Fatal("second Runes decoded again")
	}
	if r := NewStr(s.S).Runes(); &r[0] != &first[0] {
		t.Fatal("a Str over the same bytes decoded again")
	}
	copyText := strings.Clone(text)
	other := NewStr(copyText).Runes()
	if &other[0] == &first[0] || string(other) != text {
		t.Fatal("a Str over other bytes shares runes it was not keyed by")
	}
	if n := s.Len(); n != utf8.RuneCountInString(text) {
		t.Fatalf("Len = %d", n)
	}
}

// TestRunesOverBudget: a text whose runes do not fit the cache's budget
// is decoded at each use, correctly, and the budget is left as it was.
func TestRunesOverBudget(t *testing.T) {
	before := runeCacheBytes.Load()
	text := strings.Repeat("é", int(runeCacheBudget/4+1))
	s := NewStr(text)
	r1, r2 := s.Runes(), s.Runes()
	if len(r1) != int(runeCacheBudget/4+1) || &r1[0] == &r2[0] {
		t.Fatalf("over-budget text: %d runes, shared %v", len(r1), &r1[0] == &r2[0])
	}
	if s.Len() != len(r1) {
		t.Fatalf("Len = %d, want %d", s.Len(), len(r1))
	}
	if after := runeCacheBytes.Load(); after != before {
		t.Fatalf("budget in use %d, was %d", after, before)
	}
}

// TestRunesConcurrently: VMs in other goroutines decode and evict
// entries at once (run under -race in CI); each gets its own text's
// runes.
func TestRunesConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				text := strings.Repeat("ü", 1+(g*500+i)%97) + string(rune('a'+g))
				if got := string(NewStr(text).Runes()); got != text {
					t.Errorf("goroutine %d: Runes(%q) = %q", g, text, got)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// TestRunesBudgetMakesRoom: once the cache holds as much as its budget
// allows, a new text still gets cached (the old ones make room), and what
// the cache accounts for stays within the budget.
func TestRunesBudgetMakesRoom(t *testing.T) {
	saved := runeCacheBudget
	defer func() { runeCacheBudget = saved; flushRunes() }()
	flushRunes()
	runeCacheBudget = 4 * 1000
	var last []rune
	for i := 0; i < 20; i++ {
		s := NewStr(strings.Repeat("ß", 300) + strconv.Itoa(i))
		last = s.Runes()
		if again := s.Runes(); &again[0] != &last[0] {
			t.Fatalf("text %d: not cached once the budget was spent", i)
		}
		if n := runeCacheBytes.Load(); n > runeCacheBudget {
			t.Fatalf("text %d: the cache holds %d bytes, over its budget %d", i, n, runeCacheBudget)
		}
	}
}
