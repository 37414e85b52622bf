package vm

import (
	"testing"
	"unsafe"
)

// TestTaskletLayout keeps the records every blocked tasklet and thread
// holds in their size classes: 10,000 threads waiting in a queue hold
// 10,000 of each (bench/threading), so a field added carelessly costs the
// next size class for all of them.
func TestTaskletLayout(t *testing.T) {
	for _, c := range []struct {
		name      string
		size, max uintptr
	}{
		{"Frame", unsafe.Sizeof(Frame{}), 96},
		{"Tasklet", unsafe.Sizeof(Tasklet{}), 80},
		{"taskletExtra", unsafe.Sizeof(taskletExtra{}), 64},
		{"threadObj (Thread instance and state)", unsafe.Sizeof(threadObj{}), 160},
	} {
		if c.size > c.max {
			t.Errorf("%s is %d bytes, more than its %d-byte size class", c.name, c.size, c.max)
		}
	}
}
