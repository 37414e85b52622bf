package vm

import (
	"runtime"
	"testing"
)

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

// TestGCPacerPaces: the pacer collects below gcSteadyMinLive, and up to
// gcPaceMaxLive while the live heap grows; a live heap that held steady
// over the last two cycles it leaves to Go's concurrent collector.
func TestGCPacerPaces(t *testing.T) {
	const mb = 1 << 20
	cases := []struct {
		name  string
		lives []uint64 // live heaps after successive cycles
		want  bool
	}{
		{"small and steady", []uint64{2 * mb, 2 * mb, 2 * mb}, true},
		{"steady (dictstr)", []uint64{8 * mb, 8 * mb, 8 * mb}, false},
		{"steady within a sixteenth", []uint64{8 * mb, 8*mb + 400*1024, 8*mb + 800*1024}, false},
		{"first cycles", []uint64{8 * mb}, true},
		{"growing in steps (a growing list)", []uint64{8 * mb, 12 * mb, 12 * mb}, true},
		{"growing", []uint64{5 * mb, 6 * mb, 7 * mb}, true},
		{"shrinking", []uint64{12 * mb, 10 * mb, 8 * mb}, false},
		{"past gcPaceMaxLive", []uint64{10 * mb, 20 * mb, 40 * mb}, false},
	}
	for _, c := range cases {
		p := NewGCPacer()
		for i, l := range c.lives {
			p.observe(uint64(i+1), l)
			p.observe(uint64(i+1), l+mb) // no new cycle: not recorded
		}
		if got := p.paces(c.lives[len(c.lives)-1]); got != c.want {
			t.Errorf("%s: paces %v, want %v", c.name, got, c.want)
		}
	}
}

// TestGCPacerOwnProcs checks that a pacer given GOMAXPROCS keeps one P
// while it paces and gives the collector the P count it started with
// while it steps back, changing GOMAXPROCS only on a change of mode.
func TestGCPacerOwnProcs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	p := NewGCPacer()
	p.OwnProcs()
	if n := runtime.GOMAXPROCS(0); n != 1 {
		t.Fatalf("pacing: GOMAXPROCS %d, want 1", n)
	}
	p.fitProcs(false)
	if n := runtime.GOMAXPROCS(0); n != 3 {
		t.Fatalf("stepped back: GOMAXPROCS %d, want 3", n)
	}
	p.fitProcs(false)
	p.fitProcs(true)
	if n := runtime.GOMAXPROCS(0); n != 1 {
		t.Fatalf("pacing again: GOMAXPROCS %d, want 1", n)
	}
	runtime.GOMAXPROCS(4) // someone else's setting: a pacer without OwnProcs keeps it
	q := NewGCPacer()
	q.fitProcs(true)
	if n := runtime.GOMAXPROCS(0); n != 4 {
		t.Fatalf("pacer without OwnProcs set GOMAXPROCS to %d", n)
	}
}

// TestNoteAllocChecks checks that operations that allocate much in one
// instruction let the pacer look at the heap once they have allocated
// allocCheckBytes, and that a VM without a pacer ignores them.
func TestNoteAllocChecks(t *testing.T) {
	p := NewGCPacer()
	m := New(Options{GC: p})
	m.noteAlloc(allocCheckBytes - 1)
	if p.Checks != 0 {
		t.Fatalf("checked after %d bytes", allocCheckBytes-1)
	}
	m.noteAlloc(1)
	m.noteAlloc(allocCheckBytes / 2)
	if p.Checks != 1 {
		t.Fatalf("%d checks after %d bytes, want 1", p.Checks, allocCheckBytes+allocCheckBytes/2)
	}
	New(Options{}).noteAlloc(allocCheckBytes)
}
