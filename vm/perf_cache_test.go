package vm

import "testing"

// TestGlobalCacheSurvivesOtherNames: a cache entry for a name found in
// the globals stays good while other names are deleted and added, and
// fails once its own name is deleted (and stays failed when the name
// comes back in another entry); one for a
// builtin fails at any change of the globals (the name may now be there).
func TestGlobalCacheSurvivesOtherNames(t *testing.T) {
	g := NewDict(0)
	x, e, lenName := internName("x"), internName("e"), internName("len")
	g.SetStrKey(x, Int(1))
	g.SetStrKey(e, Int(2))
	cx := &globalCache{name: x, globals: g, gver: g.version, idx: int32(g.findStr(x))}
	cb := &globalCache{name: lenName, globals: g, gver: g.version, builtin: true}
	g.DeleteStr("e")
	g.SetStrKey(e, Int(3))
	if !cx.current(g) || cx.gver != g.version {
		t.Fatal("x's entry is still x's, but the cache gave it up")
	}
	if cb.current(g) {
		t.Fatal("a builtin's entry survived a change of the globals")
	}
	g.DeleteStr("x")
	if cx.current(g) {
		t.Fatal("x was deleted, but its cache entry still claims it")
	}
	g.SetStrKey(x, Int(4)) // back, in a new entry: the old one is a tombstone
	if cx.current(g) {
		t.Fatal("x's cache entry claims a tombstone")
	}
}

// TestStorePureIntKeyNoAlloc: storing a new int key through the pure
// path keeps the key's box (converting the switched Int back to a Value
// boxed it again: a million allocations in dict_comprehension).
func TestStorePureIntKeyNoAlloc(t *testing.T) {
	d := NewDict(64)
	var k Value = Int(1 << 40)
	n := testing.AllocsPerRun(50, func() {
		d.entries, d.live, d.keyBits = d.entries[:0], 0, 0 // empty, room kept
		if !storePure(d, k, None) {
			t.Fatal("storePure refused an int key")
		}
	})
	if n != 0 {
		t.Errorf("storePure allocated %v times per new int key, want 0", n)
	}
}
