package vm

import (
	"sync"
	"testing"
)

// TestBoxIntConcurrently: goroutines (concurrent VMs) boxing the same
// fresh ints at once each read back the value boxed, and the race
// detector sees each table entry written once, before any read of it
// (go test -race; CI runs the vm package's concurrency tests with it).
func TestBoxIntConcurrently(t *testing.T) {
	const lo, hi = 3000, 9000 // not boxed by anything before this test
	var start, wg sync.WaitGroup
	start.Add(1)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			for x := Int(lo); x < hi; x++ {
				if got := boxInt(x).(Int); got != x {
					t.Errorf("boxInt(%d) reads back %d", x, got)
					return
				}
			}
		}()
	}
	start.Done()
	wg.Wait()
	for _, x := range []Int{intCacheMin - 1, intCacheMin, 0, intCacheMin + intCacheSize - 1, intCacheMin + intCacheSize, 1 << 40} {
		if got := boxInt(x).(Int); got != x {
			t.Errorf("boxInt(%d) reads back %d", x, got)
		}
	}
}
