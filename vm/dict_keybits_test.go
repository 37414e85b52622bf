package vm

import (
	"fmt"
	"testing"
)

// TestDictKeyBitsNeverHideAKey: findStr's shortcut (a clear key bit
// proves a key absent) finds every present key, in small dicts and
// indexed ones, after deletions, copies and clearing, and does answer
// absent keys without a probe once the dict has been emptied.
func TestDictKeyBitsNeverHideAKey(t *testing.T) {
	vm := New(Options{})
	keys := make([]*Str, 200)
	for i := range keys {
		keys[i] = internName(fmt.Sprintf("k%d", i))
	}
	for _, n := range []int{1, 5, smallDict, 50, 200} {
		d := NewDict(0)
		for _, k := range keys[:n] {
			if err := vm.DictSet(d, k, k); err != nil {
				t.Fatal(err)
			}
		}
		appended := d.appendStrAt(internName("extra"), None, int32(len(d.entries)))
		for i := 0; i < n; i += 3 {
			if _, _, err := vm.DictDelete(d, keys[i]); err != nil {
				t.Fatal(err)
			}
		}
		for _, dict := range []*Dict{d, d.Copy()} {
			for i, k := range keys {
				want := i < n && i%3 != 0
				if got := dict.findStr(k) >= 0; got != want {
					t.Fatalf("n=%d: findStr(%s) found %v, want %v", n, k.S, got, want)
				}
			}
			if got := dict.findStr(internName("extra")) >= 0; got != appended {
				t.Fatalf("n=%d: appended key found %v, appended %v", n, got, appended)
			}
		}
		d.Clear()
		if d.keyBits != 0 || d.findStr(keys[1]) >= 0 {
			t.Fatalf("n=%d: cleared dict keeps key bits %x", n, d.keyBits)
		}
	}
}
