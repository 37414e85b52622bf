package vm

import (
	"slices"
	"testing"
)

// TestThreadingModuleNames checks that editor completion (ModuleNames)
// sees the threading and queue APIs.
func TestThreadingModuleNames(t *testing.T) {
	want := map[string][]string{
		"threading": {"Barrier", "BoundedSemaphore", "BrokenBarrierError", "Condition", "Event", "Lock",
			"RLock", "Semaphore", "Thread", "Timer", "active_count", "current_thread", "enumerate",
			"get_ident", "main_thread", "TIMEOUT_MAX"},
		"queue": {"Empty", "Full", "LifoQueue", "PriorityQueue", "Queue", "SimpleQueue"},
		"time":  {"sleep", "monotonic", "time"},
	}
	for mod, names := range want {
		got := ModuleNames(mod)
		for _, n := range names {
			if !slices.Contains(got, n) {
				t.Errorf("ModuleNames(%q) lacks %s: %v", mod, n, got)
			}
		}
	}
}
