package vm

// sched_timer.go: the scheduler's clock and timer queue, blocking a
// tasklet with an optional deadline (waitOn), and the cooperative
// time.sleep (SPEC.md, "Threads on tasklets").
//
// Design:
//
//   - Every blocking operation of the threading and queue modules (and
//     time.sleep) goes through waitOn: the calling tasklet is put on a wait
//     queue (a *Channel used only as a FIFO of tasklets, so that the
//     stackless bookkeeping — t.blocked, kills, exit, Blocked() — applies
//     unchanged; sleepers wait on one marker queue), optionally with a
//     timer, and the scheduler switches
//     away. When it resumes, a continuation (Tasklet.cont) runs the
//     operation's next step ("then"), which returns the call's result,
//     raises, or blocks again (Condition.wait re-acquiring its lock).
//   - Timers live in one binary heap ordered by (deadline, insertion), so
//     equal deadlines fire in the order they were set. A timer is stale
//     when its tasklet was woken another way since (its wait number
//     changed or it is no longer on that queue); stale timers are dropped
//     when they reach the top.
//   - When nothing is runnable, scheduler.next asks threadIdle, which waits
//     (time.Sleep, or a jump of the virtual clock) for the earliest timer,
//     fires every due timer and switches to the first woken tasklet. Due
//     timers also fire at every slow tick, so a busy thread does not delay
//     a sleeper whose time has come.
//   - The virtual clock (Options.VirtualClock) is the sum of the waits
//     skipped plus 10 ns per executed instruction, so it is deterministic
//     and a busy loop polling time.monotonic() still terminates.
//   - A tasklet woken while its own blocking call is still on the Go stack
//     (the scheduler found nothing else to run) must not have its frame
//     resumed underneath that call: its continuation then only records the
//     wake-up, and the call returns the result itself (see waitOn).

import (
	"math"
	"time"
)

// virtualNsPerInstr is how far the virtual clock advances per executed
// instruction.
const virtualNsPerInstr = 10

// threadWorld is a VM's threads and timers.
type threadWorld struct {
	virtual bool
	base    time.Time // origin of the scheduler clock
	// wallBase and monoBase are time.time() and time.monotonic() at base
	// (virtual clock).
	wallBase float64
	monoBase float64
	vslept   int64 // virtual clock: nanoseconds skipped by idle waits

	timers []timerEntry
	tseq   uint64
	// sleepq holds the tasklets blocked in time.sleep.
	sleepq *Channel
	// resume is the continuation of every wait (resumer).
	resume func(f *Frame) (*Frame, error)

	// threading module state (threading_mod.go).
	counter    int // Thread-N and Dummy-N names
	mainThread *Instance
	nonDaemon  int      // active non-daemon threads
	shutdownq  *Channel // main waiting for them at exit
	exitJoined bool
	locals     []*Instance // threading.local objects (threading_local.go)
	joining    bool        // main waits in joinThreadsAtExit
	stackSize  int64       // threading.stack_size's setting, only reported back
}

// timerEntry wakes t when the scheduler clock reaches when, if t is
// still in its wait number wait.
type timerEntry struct {
	when int64
	seq  uint64
	t    *Tasklet
	wait uint32
}

// threadState is the threading side of a tasklet (taskletExtra.th): the
// Thread it runs, if any, and the state of its current wait. Every
// sleeping thread has one, so it is kept small (120 bytes, in one
// 160-byte allocation with its Thread instance: threadObj).
type threadState struct {
	inst *Instance // the Thread object (nil until needed for plain tasklets)
	t    *Tasklet
	// name is the thread's name, or with nameNo > 0 the target's name in
	// "Thread-nameNo (name)" when nameTarget is set (threadName).
	name   string
	nameNo int
	c      *threadCall // target, args, kwargs until the thread starts
	joinq  *Channel

	// The current wait (waitOn).
	waitq   *Channel
	val     Value // handed over by the waker; the item of a blocked put
	wakeErr *Instance
	then    waitThen
	// abort undoes what the operation did before waiting when an
	// exception ends the wait instead (Condition.wait's lock).
	abort  func()
	waitNo uint32

	initialized, started, finished bool
	isMain, isDummy, daemon        bool
	timedOut                       bool // the wait ended at its deadline
	here                           bool // the blocking call is still on the Go stack
	stashed                        bool // woken while here: the call returns the result
	nameTarget                     bool // see name
}

// world returns the VM's thread state, creating it on first use.
func (vm *VM) world() *threadWorld {
	if w := vm.thr; w != nil {
		return w
	}
	now := time.Now()
	w := &threadWorld{
		virtual:  vm.opts.VirtualClock,
		base:     now,
		wallBase: float64(now.UnixNano()) / 1e9,
		monoBase: now.Sub(processStart).Seconds(),
		sleepq:   &Channel{},
	}
	w.resume = vm.resumer()
	vm.thr = w
	return w
}

// tstate returns t's threading state, creating it on first use.
func tstate(t *Tasklet) *threadState {
	x := t.ext()
	if x.th == nil {
		x.th = &threadState{t: t}
	}
	return x.th
}

// thOf returns t's threading state or nil.
func thOf(t *Tasklet) *threadState {
	if t.x == nil {
		return nil
	}
	return t.x.th
}

// now is the scheduler clock in nanoseconds since the world began.
func (w *threadWorld) now(vm *VM) int64 {
	if w.virtual {
		return w.vslept + (vm.instructions+vm.tickPlanned-vm.tick)*virtualNsPerInstr
	}
	return int64(time.Since(w.base))
}

// deadline converts a timeout in seconds to a clock deadline (> 0).
func (w *threadWorld) deadline(vm *VM, secs float64) int64 {
	now := w.now(vm)
	d := secs * 1e9
	if d > float64(math.MaxInt64/4) {
		d = float64(math.MaxInt64 / 4)
	}
	when := now + int64(d)
	if when <= 0 {
		when = 1
	}
	return when
}

// waitUntil lets the clock reach when: a real sleep (ended early by the
// VM's deadline or context, as an error) or a jump of the virtual clock.
func (w *threadWorld) waitUntil(vm *VM, when int64) error {
	d := when - w.now(vm)
	if d <= 0 {
		return nil
	}
	if w.virtual {
		w.vslept += d
		return nil
	}
	return vm.sleep(time.Duration(d))
}

// --- the timer heap --------------------------------------------------------

func (w *threadWorld) less(i, j int) bool {
	a, b := &w.timers[i], &w.timers[j]
	return a.when < b.when || a.when == b.when && a.seq < b.seq
}

func (w *threadWorld) addTimer(when int64, t *Tasklet, wait uint32) {
	w.tseq++
	w.timers = append(w.timers, timerEntry{when: when, seq: w.tseq, t: t, wait: wait})
	i := len(w.timers) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !w.less(i, p) {
			break
		}
		w.timers[i], w.timers[p] = w.timers[p], w.timers[i]
		i = p
	}
}

func (w *threadWorld) popTimer() timerEntry {
	h := w.timers
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h[n] = timerEntry{}
	w.timers = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && w.less(r, l) {
			m = r
		}
		if !w.less(m, i) {
			break
		}
		w.timers[i], w.timers[m] = w.timers[m], w.timers[i]
		i = m
	}
	return top
}

func (e *timerEntry) valid() bool {
	t := e.t
	th := t.x.th
	return th.waitNo == e.wait && t.blockedOn != nil && t.blockedOn == th.waitq && t.alive()
}

// peek returns the earliest live timer (dropping stale ones), or nil.
func (w *threadWorld) peek() *timerEntry {
	for len(w.timers) > 0 {
		if w.timers[0].valid() {
			return &w.timers[0]
		}
		w.popTimer()
	}
	return nil
}

// fireDue wakes (timed out) every tasklet whose deadline has passed, in
// deadline order, appending them to the run queue.
func (vm *VM) fireDue() {
	w := vm.thr
	if w == nil || len(w.timers) == 0 {
		return
	}
	now := w.now(vm)
	for len(w.timers) > 0 && w.timers[0].when <= now {
		e := w.popTimer()
		if e.valid() {
			vm.sched.wakeTimedOut(e.t)
		}
	}
}

// hasTimers reports whether a live timer is pending.
func (vm *VM) hasTimers() bool {
	return vm.thr != nil && vm.thr.peek() != nil
}

// --- waking ----------------------------------------------------------------

// wakeFirst takes the first tasklet waiting on q off it and makes it
// runnable; its blocking call returns v. It returns nil when q is empty.
func (s *scheduler) wakeFirst(q *Channel, v Value) *Tasklet {
	if q.head == nil {
		return nil
	}
	t := q.take()
	s.wakeWith(t, v, nil)
	return t
}

// wakeAll wakes every tasklet waiting on q, first come first served.
func (s *scheduler) wakeAll(q *Channel, v Value, exc *Instance) {
	for q.head != nil {
		s.wakeWith(q.take(), v, exc)
	}
}

// wakeWith makes t (already taken off its queue) runnable; its blocking
// call returns v, or raises exc.
func (s *scheduler) wakeWith(t *Tasklet, v Value, exc *Instance) {
	th := t.x.th
	th.timedOut = false
	th.val = v
	th.wakeErr = exc
	s.enqueue(t)
}

func (s *scheduler) wakeTimedOut(t *Tasklet) {
	t.blockedOn.unblock(t)
	th := t.x.th
	th.timedOut = true
	th.val = nil
	th.wakeErr = nil
	s.enqueue(t)
}

// --- blocking --------------------------------------------------------------

// waitThen is the step an operation takes when its tasklet resumes:
// timedOut tells whether the deadline passed, v is what the waker handed
// over. It returns the call's result, or a frame after blocking again.
type waitThen func(f *Frame, timedOut bool, v Value) (Value, *Frame, error)

// waitOn blocks the current tasklet, called from frame f, on q (the sleep
// marker for time.sleep) until a waker takes it off or, when deadline > 0,
// until the clock reaches deadline; then runs when it resumes. With
// nothing that could ever wake it, it raises the deadlock error.
func (vm *VM) waitOn(f *Frame, q *Channel, deadline int64, then waitThen) (Value, *Frame, error) {
	s := vm.sched
	w := vm.world()
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	cur := s.current
	th := tstate(cur)
	vm.fireDue()
	others := s.count
	if cur.queued() {
		others--
	}
	if others == 0 && len(s.watchdogs) == 0 && !s.mainPaused(cur) {
		e := w.peek()
		if deadline > 0 && (e == nil || deadline < e.when) {
			// Nothing else can run before this wait times out: wait here.
			if err := w.waitUntil(vm, deadline); err != nil {
				return nil, nil, err
			}
			vm.fireDue()
			return then(f, true, nil)
		}
		if deadline == 0 && e == nil && (cur == s.main || !s.mainBlocked()) {
			return nil, nil, vm.deadlockAt(f, cur)
		}
	}
	th.waitNo++
	th.waitq = q
	th.timedOut, th.wakeErr = false, nil
	s.dequeue(cur) // before push: both queues link through next/prev
	cur.blockedOn = q
	q.push(cur)
	q.balance--
	if deadline > 0 {
		w.addTimer(deadline, cur, th.waitNo)
	}
	return vm.suspendFor(f, th, then, nil)
}

// suspendFor saves the current tasklet (whose state is th) at f and
// switches to target, or to what scheduler.next picks when target is nil;
// when the tasklet resumes, then gives the result of its blocking call.
func (vm *VM) suspendFor(f *Frame, th *threadState, then waitThen, target *Tasklet) (Value, *Frame, error) {
	cur := th.t
	cur.flags &^= tWantsValue
	th.then = then
	cur.ext().cont = vm.world().resume
	th.here = true
	th.stashed = false
	var nf *Frame
	var err error
	if target == nil {
		nf, err = vm.sched.next(f, "block")
	} else {
		nf, err = vm.sched.switchTo(f, target, "start")
	}
	th.here = false
	if th.stashed {
		th.stashed = false
		if err != nil {
			return nil, nil, err
		}
		if e := th.wakeErr; e != nil {
			th.wakeErr = nil
			return nil, nil, e
		}
		v := th.val
		th.val = nil
		return then(f, th.timedOut, v)
	}
	if err != nil {
		return nil, nil, err
	}
	return nil, nf, nil
}

// resumer makes the continuation of every threading wait (shared, so a
// wait allocates nothing): it runs the operation's next step (th.then)
// when the tasklet, which switchTo has made current, resumes.
func (vm *VM) resumer() func(f *Frame) (*Frame, error) {
	return func(f *Frame) (*Frame, error) {
		th := vm.sched.current.x.th
		if th.here {
			// Resumed while the blocking call is still on the Go stack:
			// let that call return the result.
			th.here = false
			th.stashed = true
			return f, nil
		}
		if e := th.wakeErr; e != nil {
			th.wakeErr = nil
			return vm.sched.raiseAt(f, e), nil
		}
		v := th.val
		th.val = nil
		v, nf, err := th.then(f, th.timedOut, v)
		if err != nil {
			return vm.sched.raiseAt(f, AsException(err)), nil
		}
		if nf != nil {
			return nf, nil
		}
		f.slots[f.sp] = v
		f.sp++
		return f, nil
	}
}

// mainBlocked reports whether the main tasklet waits on something.
func (s *scheduler) mainBlocked() bool {
	return s.main.alive() && s.main.blockedOn != nil
}

// mainPaused reports whether main is alive but neither running, runnable
// nor blocked (scheduler.next then hands it the deadlock error).
func (s *scheduler) mainPaused(cur *Tasklet) bool {
	m := s.main
	return cur != m && m.alive() && m.blockedOn == nil && !m.queued() && !s.exiting
}

// unwait undoes the wait of the current tasklet t (so that its blocking
// call can raise instead).
func (s *scheduler) unwait(t *Tasklet) {
	if t.blockedOn != nil {
		t.blockedOn.unblock(t)
	}
	t.flags &^= tWantsValue
	if x := t.x; x != nil {
		if x.cont != nil && x.th != nil {
			x.th.aborted()
		}
		x.cont, x.exc = nil, nil
		if x.th != nil {
			x.th.here, x.th.stashed = false, false
		}
	}
	s.pushFront(t)
}

// threadIdle is called by scheduler.next when no tasklet is runnable. It
// waits for the earliest timer and switches to the tasklets it wakes;
// with no timer left and main blocked in a threading wait, main gets the
// deadlock error. ok=false leaves the decision to next().
func (s *scheduler) threadIdle(from *Frame) (nf *Frame, err error, ok bool) {
	vm := s.vm
	w := vm.thr
	for {
		e := w.peek()
		if e == nil {
			break
		}
		if err := w.waitUntil(vm, e.when); err != nil {
			nf, err := s.raiseMainFromIdle(from, AsException(err))
			return nf, err, true
		}
		vm.fireDue()
		if s.head != nil {
			nf, err := s.switchTo(from, s.head, "timer")
			return nf, err, true
		}
	}
	if len(s.watchdogs) > 0 {
		return nil, nil, false
	}
	m := s.main
	if th := thOf(m); th != nil && m.alive() && m.blockedOn != nil && m.blockedOn == th.waitq {
		var self *Tasklet
		if from != nil && s.current.blockedOn != nil {
			self = s.current // blocked, but its frame is not saved yet
		}
		nf, err := s.raiseMainFromIdle(from, vm.threadDeadlockError(self, from))
		return nf, err, true
	}
	return nil, nil, false
}

// raiseMainFromIdle raises exc in the main tasklet, which is blocked (or
// is the current tasklet going to block).
func (s *scheduler) raiseMainFromIdle(from *Frame, exc *Instance) (*Frame, error) {
	m := s.main
	if !m.alive() {
		return nil, exc
	}
	if m == s.current {
		s.unwait(m)
		return nil, exc
	}
	if m.blockedOn != nil {
		m.blockedOn.unblock(m)
	}
	s.dropWatchdogs(m)
	m.setPendingExc(exc)
	s.pushFront(m)
	return s.switchTo(from, m, "exception")
}

// --- time.sleep --------------------------------------------------------------

func init() {
	mk := builtinModules["time"]
	if mk == nil {
		panic("vm: sched_timer.go initialised before the time module")
	}
	builtinModules["time"] = func(vm *VM) *Module {
		m := mk(vm)
		m.Dict.SetStr("sleep", &Builtin{Name: "sleep", Special: specialOp, Op: sleepOp, Fn: opFn(sleepOp)})
		if vm.opts.VirtualClock {
			wall := func(vm *VM) (Value, error) {
				w := vm.world()
				return Float(w.wallBase + float64(w.now(vm))/1e9), nil
			}
			mono := func(vm *VM) (Value, error) {
				w := vm.world()
				return Float(w.monoBase + float64(w.now(vm))/1e9), nil
			}
			monoNS := func(vm *VM) (Value, error) {
				w := vm.world()
				return Int(int64(w.monoBase*1e9) + w.now(vm)), nil
			}
			wallNS := func(vm *VM) (Value, error) {
				w := vm.world()
				return Int(int64(w.wallBase*1e9) + w.now(vm)), nil
			}
			for name, fn := range map[string]func(vm *VM) (Value, error){"time": wall, "monotonic": mono, "perf_counter": mono,
				"monotonic_ns": monoNS, "perf_counter_ns": monoNS, "time_ns": wallNS} {
				m.Dict.SetStr(name, &Builtin{Name: name, Fn: cNoArgs("time."+name, fn)})
			}
		}
		return m
	}
}

// opFn adapts an Op for calls from Go code (no frame: the operation must
// not block) when something calls Builtin.Fn directly.
func opFn(op func(vm *VM, f *Frame, args []Value, kwnames []string) (Value, *Frame, error)) BuiltinFunc {
	return func(vm *VM, args []Value, kwnames []string) (Value, error) {
		v, nf, err := op(vm, nil, args, kwnames)
		if err != nil || nf == nil {
			return v, err
		}
		vm.nested++
		defer func() { vm.nested-- }()
		nf.entry = true
		return vm.run(nf)
	}
}

// sleepSeconds validates time.sleep's argument as CPython does.
func (vm *VM) sleepSeconds(args []Value, kw []string) (float64, error) {
	if err := vm.oneArg("time.sleep", args, kw); err != nil {
		return 0, err
	}
	var secs float64
	switch x := args[0].(type) {
	case Float:
		secs = float64(x)
		if math.Abs(secs)*1e9 >= 1<<63 { // CPython keeps nanoseconds in 64 bits
			return 0, vm.NewError(OverflowErrorType, "timestamp out of range for platform time_t")
		}
	default:
		n, err := vm.IndexValue(x)
		if err != nil {
			return 0, err
		}
		if secs, err = vm.FloatArg(n); err != nil {
			return 0, err
		}
		if math.Abs(secs) > maxSleepSeconds {
			return 0, vm.NewError(OverflowErrorType, "timestamp too large to convert to C _PyTime_t")
		}
	}
	if math.IsNaN(secs) {
		return 0, vm.NewError(ValueErrorType, "Invalid value NaN (not a number)")
	}
	if secs < 0 {
		return 0, vm.NewError(ValueErrorType, "sleep length must be non-negative")
	}
	return secs, nil
}

// maxSleepSeconds is the most whole seconds whose nanoseconds fit in 64
// bits, the range of CPython's _PyTime_t.
const maxSleepSeconds = math.MaxInt64 / 1e9

func returnNone(f *Frame, timedOut bool, v Value) (Value, *Frame, error) { return None, nil, nil }

// sleepOp is time.sleep: it blocks only the calling tasklet. sleep(0)
// yields to the other runnable tasklets, as a thread gives up the GIL.
func sleepOp(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	secs, err := vm.sleepSeconds(args, kw)
	if err != nil {
		return nil, nil, err
	}
	w := vm.world()
	if f == nil || vm.nested > 0 {
		// A nested interpreter cannot switch: the whole VM sleeps.
		if err := w.waitUntil(vm, w.deadline(vm, secs)); err != nil {
			return nil, nil, err
		}
		vm.fireDue()
		return None, nil, nil
	}
	if secs == 0 {
		return vm.yieldOp(f)
	}
	return vm.waitOn(f, w.sleepq, w.deadline(vm, secs), returnNone)
}

// yieldOp moves the current tasklet to the back of the run queue and runs
// the next one (no-op when it is alone).
func (vm *VM) yieldOp(f *Frame) (Value, *Frame, error) {
	s := vm.sched
	vm.fireDue()
	cur := s.current
	if s.count <= 1 || !cur.queued() || s.head != cur {
		return None, nil, nil
	}
	s.head = cur.next
	return vm.suspendFor(f, tstate(cur), returnNone, s.head)
}

// aborted runs when an exception (kill, throw, the exit, a deadlock)
// is about to interrupt the tasklet's wait (Tasklet.setPendingExc).
func (th *threadState) aborted() {
	th.val = nil
	th.abortWait()
}

func (th *threadState) abortWait() {
	if a := th.abort; a != nil {
		th.abort = nil
		a()
	}
}
