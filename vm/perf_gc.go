package vm

// perf_gc.go: garbage collection paced by the interpreter.
//
// Go's collector is concurrent: when the heap grows past a trigger point
// on the way to its goal (twice the live heap, at least 4 MB), it marks
// while the program keeps running, and for as long as it marks every
// pointer store pays a write barrier. A Weft program churns through small
// heaps quickly (boxed ints and floats, short-lived instances), so it runs
// a cycle every few milliseconds, and the interpreter stores pointers into
// frame slots all the time. When the second core is busy the mark phase
// stretches over milliseconds and the interpreter spends them behind write
// barriers: on the 2-core machines here that cost allocation-heavy
// programs 20-40% of their CPU time (bench/README.md).
//
// A GCPacer collects first: at the interpreter's periodic checks (every
// few thousand instructions) it compares the heap with Go's own goal and,
// once the heap has used half of the runway from the live heap to the goal
// (Go starts a cycle at 45/64 of it at the earliest, runtime/mgcpacer.go),
// collects with the program paused (runtime.GC). The marking is the same
// work, done with the interpreter stopped, so no store pays a barrier; the
// goal, and so the heap's growth, stays Go's, and peak memory only drops.
// On a small heap the pacer's goal is lower than Go's (see gcMinHeaps).
// Allocation the checks cannot see in time (one builtin building a huge
// value) still meets Go's collector, which stays on except while the VM
// builds a big list itself (see beforeAlloc).
//
// Past a live heap of gcPaceMaxLive the pacer steps back (see there), and
// from gcSteadyMinLive on it steps back while the live heap holds steady
// (see paces).
//
// A program with many tasklets alive is paced for memory instead (see
// gcManyTasklets): their frames are most of its live heap, and what a
// tasklet costs is the point of a stackless runtime.
//
// Only a process that runs one program at a time should use a pacer
// (`weft run`): it collects for the whole process and sets GOMAXPROCS
// while it does. The language server, which runs evaluations
// concurrently, leaves collection to Go.
//
// With OwnProcs the pacer also keeps the process at one P while it
// paces. The program is one goroutine, so a second P serves only Go's
// collector, and it helps only where the pacer leaves collection to Go
// (a big or steady live heap, marked on the other core). Elsewhere Go
// still runs a cycle when allocation outruns the periodic checks (a set
// operation allocates 280 KB in one instruction), and each cycle then
// wakes mark workers and the sweeper on the idle P: at hundreds of
// cycles a second those handoffs cost more than the marking
// (bench/shapes set_algebra: 0.95 → 0.42 s wall with one P).

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// gcEarly is the part of the runway from the live heap to Go's heap goal
// after which the pacer collects.
const gcEarly = 0.5

// gcManyTasklets is the count of alive tasklets from which the pacer
// keeps pacing a steady live heap (up to gcPaceMaxLive) and, while the
// program churns (see churning), collects at gcEarlyTasklets of the
// runway. Thousands of blocked tasklets hold their frames and little
// else, so the live heap is the program's size, and Go's goal of twice
// that lets garbage double it. Collecting at an eighth of the runway
// keeps the heap within about an eighth of the live heap, for more
// frequent marking of a heap that is mostly frames: bench/threading's
// locks_queue (10,000 threads, up to 8.6 MB live) peaks at 17.7–18.1
// instead of 20.2–20.5 MB. While the program creates tasklets, most of
// what it allocates stays live and collecting often would only mark it
// again (spawning a million tasklets: 0.97 → 1.09–1.33 s), so the pacer
// keeps the usual runway then. Past gcPaceMaxLive (100,000 sleeping
// threads) it still steps back: marking 60 MB at every eighth of it
// would cost more than the memory is worth.
const gcManyTasklets = 1024

// gcEarlyTasklets is gcEarly for a program with gcManyTasklets.
const gcEarlyTasklets = 0.125

// gcPaceMaxLive is the live heap above which the pacer leaves collection
// to Go: cycles are then rare, so write barriers cost little, while the
// pacer's collection marks the whole live heap on the program's time and
// on one P, where Go marks on the other core while the program runs.
const gcPaceMaxLive = 16 << 20

// gcSteadyMinLive is the live heap from which the pacer leaves a steady
// heap to Go. Marking it takes milliseconds a cycle, which the pacer
// spends with the program paused and Go spends on the other core. While
// the live heap grows, though, the pacer keeps collecting: a program that
// builds a big list (the f-string shape) pays for Go's concurrent cycles
// in write barriers on every copy of the list as it grows (0.32 → 0.37 s).
//
// It was 4 MB while dictstr's steady 4 MB took 3.8 ms to mark. Since its
// splits keep their parts in blocks the collector scans for one pointer
// (str_block.go), pacing it costs less CPU than Go's cycles did (GC CPU
// 36-42 → 26-29 ms a run) and lowers its peak RSS from 17.8-18.8 to
// 15.8-17.9 MB (CPython 17.5); a steady 7 MB of 120,000 small objects
// costs the same CPU either way and peaks 3.5 MB lower paced
// (bench/README.md, "GC and memory").
const gcSteadyMinLive = 8 << 20

// gcMaxSkip bounds the periodic checks the pacer lets pass without
// reading the heap (see GCPacer.plan): the reads stay within every 32,768
// instructions.
const gcMaxSkip = 8

// GCPacer collects garbage at the interpreter's periodic checks (see the
// file comment). Pass it in Options.GC.
type GCPacer struct {
	samples []metrics.Sample
	// skip is the count of checks still to pass without reading the heap;
	// lastHeap and lastChecks are the heap at the last read and the
	// checks since the one before it (plan).
	skip, lastChecks int
	lastHeap         uint64
	// lives are the live heaps after the last three cycles (lives[0] the
	// latest; 0: none yet), cycle the count of cycles at the last read.
	lives [3]uint64
	cycle uint64
	// deferred is set while beforeAlloc has collection off; percent is
	// the GOGC value to restore.
	deferred bool
	percent  int
	// building is the live heap once the value beforeAlloc deferred
	// collection for is built: the live heap before it plus its size.
	building uint64
	// assumed is the live heap the pacer takes as known after afterAlloc
	// (0: none): until the next collection Go's GC percent is raised so
	// that its goal is the one a collection would have set (see
	// afterAlloc), and percent is the value to restore.
	assumed uint64
	// many is set while the program has gcManyTasklets alive;
	// collectedAt is the heap when the pacer last collected.
	many        bool
	collectedAt uint64
	// procs is the GOMAXPROCS to give Go's collector while the pacer
	// steps back (0: the pacer leaves GOMAXPROCS alone, see OwnProcs);
	// oneP is set while the pacer keeps the process at one P.
	procs int
	oneP  bool
	// busy is the share of wall time the pacer's collections take,
	// lastEnd when the last one ended, level the index in gcMinHeaps of
	// the minimum heap it paces to, and cooldown the collections to pass
	// before it may move again (noteBusy).
	busy            float64
	lastEnd         time.Time
	level, cooldown int
	// Collections counts the collections the pacer ran; Checks and Reads
	// the periodic checks it was called at and the heap reads it made.
	Collections, Checks, Reads int
}

// NewGCPacer returns a pacer for one program run.
func NewGCPacer() *GCPacer {
	return &GCPacer{samples: []metrics.Sample{
		{Name: heapObjectsMetric},
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/gc/cycles/total:gc-cycles"},
	}, cooldown: gcBusyCooldown}
}

// OwnProcs lets the pacer set GOMAXPROCS: one P while it paces, the
// current count while it leaves collection to Go (see the file comment).
// Call it once, before the program runs.
func (p *GCPacer) OwnProcs() {
	p.procs = runtime.GOMAXPROCS(0)
	p.fitProcs(true)
}

// fitProcs sets GOMAXPROCS for pacing or for leaving collection to Go,
// when the pacer owns it and it changes (each change stops the world).
func (p *GCPacer) fitProcs(pacing bool) {
	if p.procs <= 1 || pacing == p.oneP {
		return
	}
	p.oneP = pacing
	if pacing {
		runtime.GOMAXPROCS(1)
	} else {
		runtime.GOMAXPROCS(p.procs)
	}
}

// check collects, with the program paused, when the heap has used gcEarly
// of its runway; tasklets is the count of the program's alive tasklets.
func (p *GCPacer) check(tasklets int) {
	p.Checks++
	if many := tasklets >= gcManyTasklets; many != p.many {
		p.many, p.skip = many, 0
	}
	if p.deferred {
		p.afterAlloc()
		return
	}
	if p.skip > 0 {
		p.skip--
		return
	}
	heap, live, goal := p.read()
	pacing := p.paces(live)
	p.fitProcs(pacing)
	if pacing && p.pastEarly(heap, live, goal) {
		p.collectedAt = heap
		p.collect()
		return
	}
	p.plan(heap, live, goal)
}

// paces reports whether the pacer collects at a live heap of live: not
// past gcPaceMaxLive, nor from gcSteadyMinLive on while the live heap
// holds steady: grown by at most a sixteenth over each of the last two
// cycles. (One cycle is not enough: a growing list leaves its old array
// behind when it moves, so its live heap grows in steps, 12 → 12 → 19 MB.)
func (p *GCPacer) paces(live uint64) bool {
	if live > gcPaceMaxLive {
		return false
	}
	if live < gcSteadyMinLive || p.many {
		return true
	}
	within := func(now, before uint64) bool { return before > 0 && now <= before+before/16 }
	return !within(p.lives[0], p.lives[1]) || !within(p.lives[1], p.lives[2])
}

// plan sets how many checks may pass before the next read. Reading the
// heap aggregates every P's statistics: about 0.4 µs in a loop, and 3% of
// objects' profile when done at every check. So after a read that leaves
// room before the collection point, the pacer skips as many checks as the
// heap's growth since the last read says a quarter of that room will
// take, at most gcMaxSkip: growth that speeds up fourfold still meets
// the collection point before Go's earliest trigger. After a collection,
// or when the heap shrank in between (Go collected), it reads again at
// the next check to learn the growth.
func (p *GCPacer) plan(heap, live, goal uint64) {
	prev, checks := p.lastHeap, uint64(p.lastChecks+1)
	p.lastHeap, p.skip = heap, 0
	threshold, ok := p.collectPoint(live, goal)
	switch {
	case !p.paces(live) || !ok || heap >= threshold:
		p.skip = gcMaxSkip // stepped back: reading only to see live fall
	case prev == 0 || heap < prev:
	case heap == prev:
		p.skip = gcMaxSkip
	default:
		perCheck := (heap - prev) / checks
		p.skip = int(min((threshold-heap)/4/max(perCheck, 1), gcMaxSkip))
	}
	p.lastChecks = p.skip
}

// beforeAlloc prepares for the allocation of size bytes at once (a big
// list built by repetition or from a range). A program that builds one
// such value per round (sieve's flags) would otherwise allocate the next
// while the last is garbage: the heap grows to hold both, Go's scavenger
// hands the garbage's pages back to the kernel in between, and every page
// of the new value faults afresh (on the machines here those faults cost
// sieve more system time than its loops took), while the value itself,
// past Go's goal, starts a concurrent cycle that marks it as it is filled,
// every store behind a write barrier.
//
// So when the value would carry the heap past the point where check
// collects, beforeAlloc collects first, and the garbage's pages serve the
// value. If the value alone still carries the heap past that point,
// collection is off until afterAlloc, once the value is built. The window
// is one allocation and the copying that fills it, bounded by the VM's
// allocation cap. This runs above gcPaceMaxLive too: it is one collection
// per big value.
func (p *GCPacer) beforeAlloc(size uint64) {
	heap, live, goal := p.read()
	if !p.pastEarly(heap+size, live, goal) {
		p.skip = 0 // the value will grow the heap faster than plan assumed
		return
	}
	p.collect()
	if heap, live, goal = p.read(); p.pastEarly(heap+size, live, goal) && !p.deferred {
		p.percent = debug.SetGCPercent(-1)
		p.deferred = true
		p.building = live + size
	}
}

// afterAlloc ends what beforeAlloc began, turning collection back on.
// check calls it too, so that a path that skipped it leaves collection
// off until the next periodic check at the latest.
//
// It does not collect: the heap is what the collection in beforeAlloc
// left live plus the value (building), all of it live, and marking it
// would free next to nothing (sieve marked its 16 MB list three times
// per round where twice will do). Go, though, still has the goal it set
// from the heap before the value, which the heap is now far past, and
// would start a concurrent cycle at once. So afterAlloc takes building as
// the live heap (assumed) and raises the GC percent until Go's goal is
// the one a collection would have set (assumedPercent); the pacer's next
// collection restores it (endAssumed).
func (p *GCPacer) afterAlloc() {
	if !p.deferred {
		return
	}
	p.deferred = false
	_, marked, _ := p.read()
	p.assumed = max(p.building, 1)
	p.lives = [3]uint64{p.assumed, p.lives[0], p.lives[1]} // as a collection would
	debug.SetGCPercent(assumedPercent(p.percent, marked, p.assumed))
}

// endAssumed restores the GC percent afterAlloc raised, if it did.
func (p *GCPacer) endAssumed() {
	if p.assumed != 0 {
		p.assumed = 0
		debug.SetGCPercent(p.percent)
	}
}

// assumedPercent is the least GC percent at which Go's heap goal, with
// marked bytes marked live by the last cycle, is at least what percent
// would give for a live heap of live bytes. Go's goal is the larger of
// marked·(1+p/100) and its minimum heap, 4 MB·p/100 (runtime/mgcpacer.go;
// stacks and globals only add to it).
func assumedPercent(percent int, marked, live uint64) int {
	if percent <= 0 || live <= marked {
		return percent
	}
	want := float64(live) * (1 + float64(percent)/100)
	p := want / (4 << 20) * 100 // the minimum heap's term
	if marked > 0 {
		p = min(p, (want/float64(marked)-1)*100)
	}
	return max(percent, int(math.Ceil(p)))
}

// Close ends what the pacer has changed in Go's collector (collection
// off, or a raised GC percent). RunIn calls it when the run is over; the
// pacer goes on working if the VM runs more code.
func (p *GCPacer) Close() {
	if p.deferred {
		p.deferred = false
		debug.SetGCPercent(p.percent)
	}
	p.endAssumed()
}

// read samples the heap's objects, its live part after the last cycle and
// Go's goal.
func (p *GCPacer) read() (heap, live, goal uint64) {
	p.Reads++
	metrics.Read(p.samples)
	heap, live, goal = p.samples[0].Value.Uint64(), p.samples[1].Value.Uint64(), p.samples[2].Value.Uint64()
	cycles := p.samples[3].Value.Uint64()
	if p.assumed != 0 {
		if cycles == p.cycle {
			live = max(live, p.assumed)
		} else {
			// Go collected, so the live heap is known; the goal just
			// read came from the raised percent: read it again.
			p.endAssumed()
			metrics.Read(p.samples[2:3])
			goal = p.samples[2].Value.Uint64()
		}
	}
	p.observe(cycles, live)
	return heap, live, goal
}

// observe records live as the live heap after the latest of cycles
// collections, when that is a new one.
func (p *GCPacer) observe(cycles, live uint64) {
	if cycles != p.cycle {
		p.cycle = cycles
		p.lives = [3]uint64{live, p.lives[0], p.lives[1]}
	}
}

// collectPoint is the heap at which the pacer collects: gcEarly (with
// many tasklets, gcEarlyTasklets) of the runway from live to the pacer's
// goal (pacerGoal), rounded up; ok is false when there is no runway.
func (p *GCPacer) collectPoint(live, goal uint64) (point uint64, ok bool) {
	goal = pacerGoal(live, goal, gcMinHeaps[p.level])
	if goal <= live {
		return 0, false
	}
	early := gcEarly
	if p.many && p.churning() {
		early = gcEarlyTasklets
	}
	return live + uint64(math.Ceil(early*float64(goal-live))), true
}

// goMinHeap is Go's minimum heap goal at GOGC=100 (runtime/mgcpacer.go's
// defaultHeapMinimum).
const goMinHeap = 4 << 20

// gcMinHeaps are the minimum heap goals the pacer chooses from, smallest
// first (0: Go's own, goMinHeap); it starts at the smallest. Go lets a
// heap grow to 4 MB however little of it is live; a Weft program's live
// heap is often under 1 MB, so the pacer's collection point, half-way
// there, left 1.5-2 MB of garbage at the peak, and the process's peak RSS
// 0.5-1.5 MB above CPython's. A smaller minimum means more collections,
// 0.2-0.5 ms each now that the builtin types' methods are made on first
// use (Type.Later), so the pacer moves to a larger one when its
// collections take too much of the time (gcBusyUp). bench/README.md, "GC
// and memory", has the measurements.
var gcMinHeaps = [...]uint64{1 << 20, 2 << 20, 0}

// gcBusyUp[i] is the share of wall time the pacer's collections may take
// at gcMinHeaps[i] before it moves to the next larger minimum, and
// gcBusyDown[i] the share below which it moves to the next smaller. The
// share about halves when the minimum doubles; the bounds are far enough
// apart that a move never undoes itself. Measured at 2 MB: the suite's
// programs spend 3-10% of their wall time in collections (more when
// other tenants load the machine) and settle there; richards, 1%, stays
// at 1 MB (peak RSS 8.7-9.0 → 8.0-8.3 MB for 13 ms more collecting); a
// program that churns through dicts (bench/shapes dict_comprehension)
// spent 27-45%, and twice the collections made it 10% slower: it moves
// on to Go's.
var (
	gcBusyUp   = [...]float64{0.10, 0.25, 1}
	gcBusyDown = [...]float64{0, 0.025, 0.06}
)

// gcBusyCooldown is the collections the pacer lets pass after a move
// before it moves again, while the moving average of the share catches
// up with the new minimum.
const gcBusyCooldown = 8

// pacerGoal is the goal the pacer paces to with the minimum heap minHeap:
// Go's goal, but where that is Go's minimum heap, twice the live heap, at
// least minHeap (0: Go's goal always).
func pacerGoal(live, goal, minHeap uint64) uint64 {
	if minHeap == 0 || goal > goMinHeap {
		return goal
	}
	return max(minHeap, min(goal, 2*live))
}

// churning reports whether less than half of what the program allocated
// between the pacer's last two collections survived the last: the heap
// it collected at against the live heaps after each. Before it knows
// (the first collections, or Go collected in between and the numbers do
// not pair), it says no.
func (p *GCPacer) churning() bool {
	before, prev, now := p.collectedAt, p.lives[1], p.lives[0]
	if prev == 0 || before <= prev || now < prev {
		return now < prev && prev != 0 // shrinking: all garbage
	}
	return now-prev < (before-prev)/2
}

// pastEarly reports whether heap has reached the collection point.
func (p *GCPacer) pastEarly(heap, live, goal uint64) bool {
	point, ok := p.collectPoint(live, goal)
	return ok && heap >= point
}

// collect runs a whole collection with the program paused.
func (p *GCPacer) collect() {
	// One P while collecting: runtime.GC sweeps the heap span by span,
	// yielding after each, and with a second P every yield bounced the
	// goroutine between threads (that doubled the collection's cost).
	procs := runtime.GOMAXPROCS(1)
	p.endAssumed() // before the cycle, which sets Go's goal from the percent
	start := time.Now()
	runtime.GC()
	end := time.Now()
	runtime.GOMAXPROCS(procs)
	p.Collections++
	p.lastHeap, p.skip = 0, 0
	p.noteBusy(start, end)
}

// noteBusy updates the share of wall time the pacer's collections take
// (busy, a moving average over about the last four collections, each
// against the time since the one before) from a collection that ran from
// start to end, and with it the minimum heap the pacer paces to (see
// gcBusyUp).
func (p *GCPacer) noteBusy(start, end time.Time) {
	if !p.lastEnd.IsZero() {
		if span := end.Sub(p.lastEnd); span > 0 {
			share := float64(end.Sub(start)) / float64(span)
			if p.busy == 0 {
				p.busy = share // the first: no average yet
			} else {
				p.busy += (share - p.busy) / 4
			}
		}
	}
	p.lastEnd = end
	if p.cooldown > 0 {
		p.cooldown--
		return
	}
	switch {
	case p.busy > gcBusyUp[p.level] && p.level < len(gcMinHeaps)-1:
		p.level++
	case p.busy < gcBusyDown[p.level] && p.level > 0:
		p.level--
	default:
		return
	}
	p.cooldown = gcBusyCooldown
}
