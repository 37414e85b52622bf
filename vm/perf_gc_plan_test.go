package vm

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
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

// TestAssumedPercent: the raised GC percent gives Go the goal it would
// set for the assumed live heap at the normal percent (the larger of the
// marked heap's term and the minimum heap's, as runtime/mgcpacer.go
// computes it), and is the least percent that does.
func TestAssumedPercent(t *testing.T) {
	const mb = 1 << 20
	goGoal := func(percent int, marked uint64) float64 {
		return max(float64(marked)*(1+float64(percent)/100), 4*mb*float64(percent)/100)
	}
	cases := []struct {
		name         string
		marked, live uint64
	}{
		{"a big list after a small heap (sieve)", mb / 2, 16 * mb},
		{"a big list beside another", 15 * mb, 30 * mb},
		{"nothing marked yet", 0, 20 * mb},
		{"a live heap past the minimum's reach", 40 * mb, 200 * mb},
	}
	for _, c := range cases {
		p := assumedPercent(100, c.marked, c.live)
		want := float64(c.live) * 2
		if got := goGoal(p, c.marked); got < want {
			t.Errorf("%s: percent %d gives a goal of %.1f MB, want %.1f", c.name, p, got/mb, want/mb)
		}
		if p > 100 && goGoal(p-1, c.marked) >= want {
			t.Errorf("%s: percent %d is not the least (%d will do)", c.name, p, p-1)
		}
	}
	if p := assumedPercent(100, 20*mb, 10*mb); p != 100 {
		t.Errorf("a live heap below the marked one: percent %d, want 100", p)
	}
}

// TestGCPacerBigValueNotMarkedTwice: when a big value is built with
// collection deferred, afterAlloc collects nothing (the heap is what the
// collection before it left live plus the value), takes that as the live
// heap, and raises Go's GC percent so that Go's own collector does not
// start at once; the pacer's next collection restores it, and so does
// Close.
func TestGCPacerBigValueNotMarkedTwice(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	p := NewGCPacer()
	defer p.Close()
	const size = 32 << 20
	p.beforeAlloc(size)
	if !p.deferred {
		t.Fatal("a 32 MB value after a collection did not defer collection")
	}
	collections := p.Collections
	big := make([]Value, size/ValueSlotBytes)
	p.afterAlloc()
	if p.Collections != collections {
		t.Errorf("afterAlloc collected (%d collections, want %d)", p.Collections, collections)
	}
	_, live, goal := p.read()
	if live < size {
		t.Errorf("live heap %d MB after building a 32 MB value, want it counted", live>>20)
	}
	if goal < 2*live-live/8 {
		t.Errorf("Go's goal %d MB for an assumed live heap of %d MB: Go would collect at once", goal>>20, live>>20)
	}
	if percent := debug.SetGCPercent(100); percent <= 100 {
		t.Errorf("GC percent %d while the value is assumed live, want it raised", percent)
	} else {
		debug.SetGCPercent(percent)
	}
	p.collect()
	if percent := debug.SetGCPercent(100); percent != 100 {
		t.Errorf("GC percent %d after the pacer's next collection, want 100", percent)
	}
	runtime.KeepAlive(big)
}

// TestGCPacerManyTasklets: with gcManyTasklets alive the pacer keeps
// pacing a steady live heap and, while the program churns, collects at
// gcEarlyTasklets of the runway; it still steps back past gcPaceMaxLive,
// and below the count it behaves as before.
func TestGCPacerManyTasklets(t *testing.T) {
	const mb = 1 << 20
	steady := func(p *GCPacer, live uint64) {
		for i := range 3 {
			p.observe(uint64(i+1), live)
		}
	}
	few, many := NewGCPacer(), NewGCPacer()
	many.many = true
	steady(few, 8*mb)
	steady(many, 8*mb)
	if few.paces(8 * mb) {
		t.Errorf("few tasklets: a steady 8 MB heap is paced")
	}
	if !many.paces(8 * mb) {
		t.Errorf("many tasklets: a steady 8 MB heap is left to Go")
	}
	if many.paces(20 * mb) {
		t.Errorf("many tasklets: 20 MB (past gcPaceMaxLive) is paced")
	}
	// live 8 MB, goal 16 MB: 12 MB at gcEarly, 9 MB at gcEarlyTasklets
	// while the program churns (collected at 12 MB, 8 MB survived of
	// 8 + 4).
	few.collectedAt, many.collectedAt = 12*mb, 12*mb
	if pt, _ := few.collectPoint(8*mb, 16*mb); pt != 12*mb {
		t.Errorf("few tasklets: collect point %d, want %d", pt, 12*mb)
	}
	if pt, _ := many.collectPoint(8*mb, 16*mb); pt != 9*mb {
		t.Errorf("many tasklets: collect point %d, want %d", pt, 9*mb)
	}
	// A small live heap: Go's goal is its 4 MB minimum, the pacer's
	// twice the live heap, at least its own minimum (1 MB to start, 2 MB
	// at the next level).
	small := NewGCPacer()
	for _, c := range []struct {
		level            int
		live, goal, want uint64
	}{
		{0, mb / 4, goMinHeap, mb/4 + (mb-mb/4)/2},
		{1, mb / 2, goMinHeap, mb/2 + (2*mb-mb/2)/2},
		{1, 3 * mb / 2, goMinHeap, 3*mb/2 + 3*mb/4},
		{2, mb / 2, goMinHeap, mb/2 + (goMinHeap-mb/2)/2},
		{0, 5 * mb, 10 * mb, 15 * mb / 2}, // past Go's minimum: Go's goal
	} {
		small.level = c.level
		if pt, _ := small.collectPoint(c.live, c.goal); pt != c.want {
			t.Errorf("level %d, live %d, goal %d: collect point %d, want %d", c.level, c.live, c.goal, pt, c.want)
		}
	}
	// Creating tasklets: of the 4 MB allocated since the last
	// collection 3 MB survived, so the usual runway.
	growing := NewGCPacer()
	growing.many, growing.collectedAt = true, 12*mb
	growing.observe(1, 8*mb)
	growing.observe(2, 11*mb)
	if pt, _ := growing.collectPoint(11*mb, 22*mb); pt != 11*mb+11*mb/2 {
		t.Errorf("many tasklets, growing: collect point %d, want %d", pt, 11*mb+11*mb/2)
	}
	// check switches the mode from the count it is given.
	p := NewGCPacer()
	p.skip = gcMaxSkip
	p.check(gcManyTasklets)
	if !p.many {
		t.Errorf("check(%d) left the pacer in its usual mode", gcManyTasklets)
	}
	p.check(gcManyTasklets - 1)
	if p.many {
		t.Errorf("check(%d) left the pacer in its many-tasklets mode", gcManyTasklets-1)
	}
}

// TestGCPacerChurning: the pacer churns when less than half of what was
// allocated between its last two collections survived, and says no when
// the numbers do not pair.
func TestGCPacerChurning(t *testing.T) {
	const mb = 1 << 20
	cases := []struct {
		name                   string
		collectedAt, prev, now uint64
		want                   bool
	}{
		{"mostly garbage", 12 * mb, 8 * mb, 9 * mb, true},
		{"mostly kept", 12 * mb, 8 * mb, 11 * mb, false},
		{"exactly half kept", 12 * mb, 8 * mb, 10 * mb, false},
		{"shrank", 12 * mb, 8 * mb, 7 * mb, true},
		{"no earlier cycle", 12 * mb, 0, 8 * mb, false},
		{"collected below the last live heap (Go collected)", 6 * mb, 8 * mb, 9 * mb, false},
	}
	for _, c := range cases {
		p := NewGCPacer()
		p.collectedAt = c.collectedAt
		if c.prev != 0 {
			p.observe(1, c.prev)
		}
		p.observe(2, c.now)
		if got := p.churning(); got != c.want {
			t.Errorf("%s: churning %v, want %v", c.name, got, c.want)
		}
	}
}

// TestGCPacerBusy: the pacer starts at its smallest minimum heap, moves
// to the next larger when its collections take more than gcBusyUp of the
// wall time (a moving average), to the next smaller below gcBusyDown, and
// waits gcBusyCooldown collections after each move.
func TestGCPacerBusy(t *testing.T) {
	const mb = 1 << 20
	p := NewGCPacer()
	at := time.Unix(1000, 0)
	collect := func(n int, share float64) {
		gc := time.Duration(share * float64(time.Millisecond))
		for range n {
			at = at.Add(time.Millisecond - gc) // the program runs
			start := at
			at = at.Add(gc)
			p.noteBusy(start, at)
		}
	}
	minimum := func() uint64 { // the goal at a small live heap
		pt, _ := p.collectPoint(mb/8, goMinHeap)
		return mb/8 + (pt-mb/8)*2
	}
	for _, step := range []struct {
		n     int
		share float64
		want  uint64
	}{
		{0, 0, mb},            // the start
		{20, 0.05, mb},        // 5%: stays
		{20, 0.15, 2 * mb},    // 15%: up one
		{20, 0.05, 2 * mb},    // 5% at 2 MB: stays
		{20, 0.40, goMinHeap}, // 40%: Go's
		{20, 0.10, goMinHeap}, // 10% at Go's: stays
		{10, 0.01, 2 * mb},    // 1%: one move, then the cooldown
		{20, 0.01, mb},        // and the next
		{40, 0.001, mb},       // the smallest stays
	} {
		collect(step.n, step.share)
		if got := minimum(); got != step.want {
			t.Errorf("after %d collections at a %.0f%% share (average %.3f): minimum heap %d, want %d", step.n, step.share*100, p.busy, got, step.want)
		}
	}
}
