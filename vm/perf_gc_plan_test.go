package vm

import "testing"

// TestGCPacerPlan: after a read, the pacer skips as many checks as a
// quarter of the room left before its collection point takes at the
// heap's growth per check since the last read, at most gcMaxSkip; it
// reads at the next check when it cannot tell the growth (first read, the
// heap shrank).
func TestGCPacerPlan(t *testing.T) {
	const mb = 1 << 20
	// live 1 MB, goal 5 MB: the pacer collects at 3 MB.
	cases := []struct {
		name             string
		prev, heap       uint64
		lastChecks, want int
	}{
		{"first read", 0, 2 * mb, 0, 0},
		{"heap shrank (Go collected)", 2 * mb, 1 * mb, 0, 0},
		{"no growth", 2 * mb, 2 * mb, 3, gcMaxSkip},
		{"100 KB per check, 1 MB of room", 2*mb - 100*1024, 2 * mb, 0, 2},
		{"the same growth over 3 checks", 2*mb - 300*1024, 2 * mb, 2, 2},
		{"fast growth", 1 * mb, 2 * mb, 0, 0},
		{"slow growth", 2*mb - 1024, 2 * mb, 0, gcMaxSkip},
	}
	for _, c := range cases {
		p := &GCPacer{lastHeap: c.prev, lastChecks: c.lastChecks}
		p.plan(c.heap, 1*mb, 5*mb)
		if p.skip != c.want {
			t.Errorf("%s: skip %d, want %d", c.name, p.skip, c.want)
		}
	}
	// Above gcPaceMaxLive the pacer has stepped back and reads rarely.
	p := &GCPacer{lastHeap: 40 * mb}
	p.plan(41*mb, 20*mb, 40*mb)
	if p.skip != gcMaxSkip {
		t.Errorf("stepped back: skip %d, want %d", p.skip, gcMaxSkip)
	}
}
