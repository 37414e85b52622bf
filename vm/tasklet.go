package vm

// tasklet.go: tasklets and the scheduler, Stackless style (SPEC.md, "The
// stackless module" and "Scheduling model").
//
// A tasklet is its top frame plus an 80-byte Tasklet record. Switching
// saves the running tasklet's frame pointer in its record and hands the
// interpreter loop the next tasklet's frame, so a switch never touches the
// Go stack and never allocates. A tasklet's bottom frame is bound when the
// tasklet is set up; a frame that is neither an entry frame nor has a
// caller is the bottom frame of the current tasklet, and returning from it
// (or an exception escaping it) ends the tasklet (gen.go calls died).
//
// Operations that switch are special builtins (tasklet_ops.go): the
// interpreter calls them with the calling frame and continues with the
// frame they return. Exceptions for a resumed tasklet are raised by a
// one-instruction RERAISE frame pushed on top of its frames (raiseAt), so
// that they unwind in the loop like any other.
//
// Data structures, all intrusive so that a blocked tasklet costs only its
// record and its frames:
//   - The runnable tasklets form a circular doubly linked list through
//     next/prev whose head is the running tasklet; "append" inserts just
//     before the head.
//   - A tasklet blocked on a channel is linked through the same next/prev
//     fields into the channel's circular FIFO (a tasklet is never in both).
//   - Alive tasklets are kept in the order they became alive (for the
//     kills at exit) in a singly linked list through anext; dead entries
//     are unlinked lazily by an amortised sweep.
//   - Rarely used state (an explicit name, unbound call arguments, pending
//     exceptions, the handled exception, continuations) lives in a side
//     record allocated on first use.
//
// The value a suspended tasklet receives when it resumes travels in its
// tempval, as in Stackless: schedule(retval) stores retval there, a
// blocked sender keeps the value it sends there, and a sender stores the
// value it hands over in the receiver's tempval. Resuming claims it
// (pushes it and resets tempval to None).

import (
	"fmt"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// TaskletType and ChannelType are the stackless module's classes.
var (
	TaskletType = newBuiltinType("tasklet", ObjectType)
	ChannelType = newBuiltinType("channel", ObjectType)
)

func init() {
	TaskletType.Module = "stackless"
	ChannelType.Module = "stackless"
}

// tflags holds a tasklet's state bits; the high bits of the same word
// hold its spawn site (see site).
type tflags = uint32

const (
	tAlive      tflags = 1 << iota // bound with arguments and not finished
	tStarted                       // its callable has been entered
	tMain                          // the main tasklet
	tQueued                        // in the run queue
	tSending                       // blocked as a sender (else as a receiver)
	tWantsValue                    // suspended in a call: resuming pushes tempval
	tSendExc                       // a blocked sender's tempval is an exception to send
	tWatchdog                      // waiting in stackless.run()
	tThread                        // a threading.Thread (time-sliced, own error rule)
	tNamed                         // name set explicitly
	tListed                        // linked in the alive-order list

	flagBits = 12
	flagMask = 1<<flagBits - 1
	maxSites = 1<<(32-flagBits) - 1
)

// Tasklet is a microthread. It is 80 bytes (a size class): a million
// blocked tasklets cost a million of these plus their frames (144 bytes
// and 16 per slot each).
type Tasklet struct {
	next, prev *Tasklet // run queue, or the channel's wait queue when blocked
	anext      *Tasklet // alive-order list
	frame      *Frame   // top frame while not running (bound bottom frame before start)
	blockedOn  *Channel
	// fn is the callable when it is a Weft function (else x.fn).
	fn *Function
	// tempval carries values (and, flagged tSendExc, the exception a
	// blocked sender sends) between tasklets, as in Stackless.
	tempval Value
	x       *taskletExtra
	depth   int32  // vm.depth while switched out
	flags   tflags // state bits and spawn site
}

// taskletExtra is the rarely used part of a tasklet.
type taskletExtra struct {
	fn Value // the callable when it is not a plain Weft function
	// more holds an explicit name and the call's arguments until the
	// tasklet starts, kept apart: a started tasklet without a name of its
	// own, such as every sleeping thread, does not pay for them, and the
	// record stays at 64 bytes (a size class).
	more    *taskletMore
	exc     *Instance // raised at the resume point when the tasklet next runs
	handled *Instance // the tasklet's exception being handled
	cont    func(f *Frame) (*Frame, error)
	// th is the threading side: the tasklet's Thread and the state of a
	// threading, queue or time.sleep wait (sched_timer.go).
	th *threadState
}

// taskletMore is a tasklet's explicit name and the call arguments not yet
// bound to a frame (pending tells whether there are any).
type taskletMore struct {
	name    string
	args    []Value
	kwnames []string
	pending bool
}

// moreOf returns x.more, allocating it on first use.
func (x *taskletExtra) moreOf() *taskletMore {
	if x.more == nil {
		x.more = &taskletMore{}
	}
	return x.more
}

// takePending returns the pending call arguments and forgets them (and
// the record, unless it holds a name).
func (x *taskletExtra) takePending() (args []Value, kwnames []string, ok bool) {
	m := x.more
	if m == nil || !m.pending {
		return nil, nil, false
	}
	args, kwnames = m.args, m.kwnames
	m.args, m.kwnames, m.pending = nil, nil, false
	if m.name == "" {
		x.more = nil
	}
	return args, kwnames, true
}

// setPending records the arguments the tasklet will be called with.
func (t *Tasklet) setPending(args []Value, kwnames []string) {
	m := t.ext().moreOf()
	m.args, m.kwnames, m.pending = args, kwnames, true
}

func (*Tasklet) weftType() *Type { return TaskletType }

func (t *Tasklet) ext() *taskletExtra {
	if t.x == nil {
		t.x = &taskletExtra{}
	}
	return t.x
}

func (t *Tasklet) alive() bool   { return t.flags&tAlive != 0 }
func (t *Tasklet) queued() bool  { return t.flags&tQueued != 0 }
func (t *Tasklet) started() bool { return t.flags&tStarted != 0 }
func (t *Tasklet) isMain() bool  { return t.flags&tMain != 0 }

// callable is the tasklet's function (nil if unbound).
func (t *Tasklet) callable() Value {
	if t.fn != nil {
		return t.fn
	}
	if t.x != nil && t.x.fn != nil {
		return t.x.fn
	}
	return nil
}

func (t *Tasklet) setCallable(fn Value) {
	t.fn = nil
	if t.x != nil {
		t.x.fn = nil
	}
	switch f := fn.(type) {
	case nil:
	case *Function:
		t.fn = f
	default:
		t.ext().fn = fn
	}
}

// site is the index of the tasklet's spawn site in sched.sites, or -1.
func (t *Tasklet) site() int { return int(t.flags>>flagBits) - 1 }

func (t *Tasklet) setSite(i int) {
	if i < 0 || i >= maxSites {
		i = -1
	}
	t.flags = t.flags&flagMask | tflags(i+1)<<flagBits
}

// name is the tasklet's name: set explicitly, else its thread's, else its
// function's name.
func (t *Tasklet) name() string {
	if t.flags&tNamed != 0 {
		if m := t.x.more; m != nil {
			return m.name
		}
		return "" // named "" (takePending dropped the record)
	}
	if t.flags&tMain != 0 {
		return "main"
	}
	if t.flags&tThread != 0 && t.x != nil && t.x.th != nil {
		return t.x.th.threadName()
	}
	if fn := t.callable(); fn != nil {
		return callableName(fn)
	}
	return "tasklet"
}

func (t *Tasklet) setName(n string) {
	t.ext().moreOf().name = n
	t.flags |= tNamed
}

// pendingExc returns (and clears) the exception to raise when t resumes.
func (t *Tasklet) pendingExc() *Instance {
	if t.x == nil || t.x.exc == nil {
		return nil
	}
	exc := t.x.exc
	t.x.exc = nil
	return exc
}

// setPendingExc makes t raise exc at its resume point when it next runs
// (instead of resuming with a value or a continuation).
func (t *Tasklet) setPendingExc(exc *Instance) {
	x := t.ext()
	if x.cont != nil && x.th != nil {
		x.th.aborted() // its threading wait ends: Condition.wait re-takes its lock (sched_timer.go)
	}
	x.exc = exc
	x.cont = nil
	t.flags &^= tWantsValue
}

// Channel is a synchronous rendezvous point. Waiting tasklets are linked
// through their next/prev fields in a circular FIFO starting at head; the
// sign of balance tells whether they send (> 0) or receive (< 0).
type Channel struct {
	head       *Tasklet
	balance    int
	preference int8
	closing    bool
}

func (*Channel) weftType() *Type { return ChannelType }

// push appends t to the channel's queue.
func (c *Channel) push(t *Tasklet) {
	if c.head == nil {
		c.head = t
		t.next, t.prev = t, t
		return
	}
	back := c.head.prev
	back.next, t.prev = t, back
	t.next, c.head.prev = c.head, t
}

// remove unlinks t from the channel's queue.
func (c *Channel) remove(t *Tasklet) {
	if t.next == t {
		c.head = nil
	} else {
		t.prev.next, t.next.prev = t.next, t.prev
		if c.head == t {
			c.head = t.next
		}
	}
}

// take removes and returns the first waiting tasklet, which the caller
// has checked exists; it adjusts balance.
func (c *Channel) take() *Tasklet {
	t := c.head
	c.remove(t)
	if t.flags&tSending != 0 {
		c.balance--
	} else {
		c.balance++
	}
	t.blockedOn = nil
	t.flags &^= tSending
	return t
}

// unblock takes a blocked tasklet off its channel (kill, throw, deadlock):
// balance changes and what a sender was sending is dropped.
func (c *Channel) unblock(t *Tasklet) {
	c.remove(t)
	if t.flags&tSending != 0 {
		c.balance--
		t.tempval = nil
		t.flags &^= tSendExc
	} else {
		c.balance++
	}
	t.blockedOn = nil
	t.flags &^= tSending
}

type watchdog struct {
	t       *Tasklet
	timeout int64
	total   bool
}

// spawnSite identifies the instruction that created tasklets.
type spawnSite struct {
	code *bc.Code
	pc   int32
}

// Reasons recorded for switches (trace events).
const (
	reasonRunReturn = "run-return"
)

type scheduler struct {
	vm      *VM
	main    *Tasklet
	current *Tasklet
	head    *Tasklet // the run queue (head is normally current)
	count   int      // tasklets in the run queue
	// watchdogs are the tasklets waiting in stackless.run(), outermost first.
	watchdogs []watchdog
	// The alive-order list, with the number of linked and of dead entries.
	aliveHead, aliveTail *Tasklet
	listed, listedDead   int
	// Spawn sites, with a one-entry cache for loops that spawn.
	sites    []spawnSite
	siteIdx  map[spawnSite]int
	lastSite spawnSite
	lastIdx  int
	// sliceLeft counts instructions left in the current time slice (0: no
	// slicing); slicing says whether any time slice is in force.
	sliceLeft int64
	slicing   bool
	// threads counts alive thread tasklets; threadSlice is their slice.
	threads     int
	threadSlice int64
	// Switches counts tasklet switches.
	switches  int64
	tracer    *tracer
	raiseCode *bc.Code
	// callFrame is the frame whose CALL of a stackless operation is in
	// progress (see taskletCall).
	callFrame  *Frame
	exiting    bool
	finished   bool
	exitTarget *Tasklet
}

func newScheduler(vm *VM) *scheduler {
	s := &scheduler{vm: vm, siteIdx: map[spawnSite]int{}, lastIdx: -1, threadSlice: 10000, raiseCode: newRaiseCode()}
	m := &Tasklet{flags: tAlive | tStarted | tMain}
	s.main, s.current = m, m
	s.enqueue(m)
	if vm.opts.TracePath != "" {
		s.tracer = newTracer()
		s.tracer.begin(m)
	}
	s.updateSlicing()
	return s
}

// --- run queue ---------------------------------------------------------------

// enqueue appends t at the back of the run queue (no-op if queued).
func (s *scheduler) enqueue(t *Tasklet) {
	if t.flags&tQueued != 0 {
		return
	}
	t.flags |= tQueued
	s.count++
	if s.head == nil {
		s.head = t
		t.next, t.prev = t, t
		return
	}
	back := s.head.prev
	back.next, t.prev = t, back
	t.next, s.head.prev = s.head, t
}

// dequeue removes t from the run queue (no-op if not queued).
func (s *scheduler) dequeue(t *Tasklet) {
	if t.flags&tQueued == 0 {
		return
	}
	t.flags &^= tQueued
	s.count--
	if t.next == t {
		s.head = nil
	} else {
		t.prev.next, t.next.prev = t.next, t.prev
		if s.head == t {
			s.head = t.next
		}
	}
	// t.next and t.prev go stale (enqueue or a channel relinks them; the
	// next/prev attributes ignore them while t is in neither queue).
}

// pushFront makes t the head, appending it first if it is not queued:
// the rotation of t.run() (the circular order is unchanged).
func (s *scheduler) pushFront(t *Tasklet) {
	s.enqueue(t)
	s.head = t
}

// runNext makes the not-queued tasklet t the head and puts the current
// tasklet at the back: the partner of a rendezvous that runs at once.
func (s *scheduler) runNext(t *Tasklet) {
	cur := s.current
	if cur.flags&tQueued == 0 || s.head != cur {
		s.dequeue(cur)
		s.pushFront(t)
		s.enqueue(cur)
		return
	}
	// Insert t right after cur, then rotate: [t, ..., cur].
	t.flags |= tQueued
	s.count++
	nx := cur.next
	cur.next, t.prev = t, cur
	t.next, nx.prev = nx, t
	s.head = t
}

// --- alive order ---------------------------------------------------------------

// becameAlive marks t alive and records its place in the alive order.
func (s *scheduler) becameAlive(t *Tasklet) {
	if t.flags&tAlive != 0 {
		return
	}
	t.flags |= tAlive
	if t.flags&tThread != 0 {
		s.threads++
		s.updateSlicing()
	}
	if t.flags&tListed != 0 {
		// Still linked from an earlier life: unlink the dead entries
		// (t among them) so it goes to the end.
		s.listedDead++
		s.sweepAlive()
	}
	t.flags |= tListed
	t.anext = nil
	if s.aliveTail == nil {
		s.aliveHead = t
	} else {
		s.aliveTail.anext = t
	}
	s.aliveTail = t
	s.listed++
}

// alive is the count of alive tasklets in the alive-order list.
func (s *scheduler) alive() int { return s.listed - s.listedDead }

// becameDead records that a listed tasklet is no longer alive.
func (s *scheduler) becameDead(t *Tasklet) {
	t.flags &^= tAlive
	if t.flags&tThread != 0 {
		s.threads--
		s.updateSlicing()
	}
	if t.flags&tListed == 0 {
		return
	}
	s.listedDead++
	if !s.exiting && s.listedDead > 64 && 2*s.listedDead > s.listed {
		s.sweepAlive()
	}
}

// sweepAlive unlinks every dead entry of the alive-order list.
func (s *scheduler) sweepAlive() {
	var prev *Tasklet
	for t := s.aliveHead; t != nil; {
		nx := t.anext
		if t.flags&tAlive == 0 {
			t.flags &^= tListed
			t.anext = nil
			if prev == nil {
				s.aliveHead = nx
			} else {
				prev.anext = nx
			}
			s.listed--
		} else {
			prev = t
		}
		t = nx
	}
	s.aliveTail = prev
	s.listedDead = 0
}

// --- spawn sites ---------------------------------------------------------------

// siteOf records where frame f is (the CALL creating a tasklet).
func (s *scheduler) siteOf(f *Frame) int {
	if f == nil {
		return -1
	}
	k := spawnSite{f.code(), int32(f.pc - 1)}
	if k == s.lastSite && s.lastIdx >= 0 {
		return s.lastIdx
	}
	i, ok := s.siteIdx[k]
	if !ok {
		i = len(s.sites)
		s.sites = append(s.sites, k)
		s.siteIdx[k] = i
	}
	s.lastSite, s.lastIdx = k, i
	return i
}

// spawnedAt is "file:line" where t was created.
func (s *scheduler) spawnedAt(t *Tasklet) string {
	if t.isMain() {
		return "<main>"
	}
	i := t.site()
	if i < 0 || i >= len(s.sites) {
		return "<unknown>"
	}
	k := s.sites[i]
	return fmt.Sprintf("%s:%d", k.code.Filename, k.code.Line(int(k.pc)))
}

// where returns the file and line of frame f's current instruction.
func where(f *Frame) (string, int) {
	if f == nil {
		return "?", 0
	}
	pc := f.pc - 1
	if pc < 0 {
		pc = 0
	}
	return f.code().Filename, f.code().Line(pc)
}

// waitingAt is where a tasklet that is not running stands.
func (t *Tasklet) waitingAt() (string, int) {
	if t.frame == nil {
		return "", 0
	}
	return where(t.frame)
}

// --- switching -----------------------------------------------------------------

// switchTo saves the running tasklet (whose top frame is from) and
// resumes t, returning the frame the loop continues with. Callers never
// switch to the running tasklet itself.
func (s *scheduler) switchTo(from *Frame, t *Tasklet, reason string) (*Frame, error) {
	vm := s.vm
	cur := s.current
	if cur.x == nil && t.x == nil && vm.handled == nil && s.tracer == nil && !s.slicing && s.sliceLeft == 0 &&
		cur.flags&tAlive != 0 && t.flags&(tStarted|tWatchdog) == tStarted && (vm.thr == nil || vm.thr.locals == nil) {
		// The common case: no side records, exceptions, watchdog, time
		// slice or trace involved.
		cur.frame = from
		cur.depth = int32(vm.depth)
		s.switches++
		s.current = t
		vm.depth = int(t.depth)
		f := t.frame
		if t.flags&tWantsValue != 0 {
			t.flags &^= tWantsValue
			if f == s.callFrame {
				return f, nil // see taskletCall
			}
			v := t.tempval
			if v == nil {
				v = None
			} else {
				t.tempval = nil
			}
			f.slots[f.sp] = v
			f.sp++
		}
		return f, nil
	}
	return s.switchSlow(from, t, reason)
}

// switchSlow is switchTo when anything beyond resuming a value is involved.
func (s *scheduler) switchSlow(from *Frame, t *Tasklet, reason string) (*Frame, error) {
	vm := s.vm
	cur := s.current
	if cur.flags&tAlive != 0 {
		cur.frame = from
		cur.depth = int32(vm.depth)
		if vm.handled != nil {
			cur.ext().handled = vm.handled
		} else if cur.x != nil {
			cur.x.handled = nil
		}
	}
	if s.tracer != nil {
		s.tracer.switched(cur, t, reason)
	}
	s.switches++
	s.current = t
	if vm.thr != nil && vm.thr.locals != nil {
		vm.thr.switchLocals(cur, t) // threading.local (threading_local.go)
	}
	if t.flags&tWatchdog != 0 && reason != reasonRunReturn {
		// Resumed by something else than its run() ending: run() returns.
		s.dropWatchdogs(t)
	}
	if s.slicing || s.sliceLeft != 0 {
		s.resetSlice()
	}
	var h *Instance
	if t.x != nil {
		h = t.x.handled
	}
	if vm.handled != h {
		vm.handled = h
	}
	if t.flags&tStarted == 0 {
		return s.start(t)
	}
	vm.depth = int(t.depth)
	// t.frame keeps pointing at f while t runs (it is stale then, and
	// only read for tasklets that are not running): one store less.
	f := t.frame
	if exc := t.pendingExc(); exc != nil {
		t.flags &^= tWantsValue
		if t.x != nil {
			t.x.cont = nil
		}
		// A StopIteration received by `for v in channel` ends the loop.
		if exc.Class.IsSubtype(StopIterationType) && atChannelForIter(f) {
			in := f.code().Instrs[f.pc-1]
			f.sp--
			f.slots[f.sp] = nil
			f.pc = int(in.Arg)
			return f, nil
		}
		return s.raiseAt(f, exc), nil
	}
	if x := t.x; x != nil {
		if c := x.cont; c != nil {
			x.cont = nil
			t.flags &^= tWantsValue
			return c(f)
		}
	}
	if t.flags&tWantsValue != 0 {
		t.flags &^= tWantsValue
		if f == s.callFrame {
			// f's CALL is still in progress: it returns tempval itself
			// (see taskletCall).
			return f, nil
		}
		v := t.tempval
		if v == nil {
			v = None
		} else {
			t.tempval = nil
		}
		f.slots[f.sp] = v
		f.sp++
	}
	return f, nil
}

// raiseCode is a one-instruction function, RERAISE, with the exception
// already on its stack: raiseAt runs it on top of frame f so that the
// exception is raised at f's resume point by the interpreter loop itself
// (no traceback entry of its own; f's entry is added as it unwinds).
// Raising through the loop, instead of unwinding here, lets an exception
// that escapes main's module frame end the run normally.
// Each scheduler has its own (the VM caches data in code objects).
func newRaiseCode() *bc.Code {
	return &bc.Code{Name: "<raise>", QualName: "<raise>", Filename: "<raise>",
		Instrs: []bc.Instr{{Op: bc.RERAISE}}, MaxStack: 1, Depths: []int32{1}, Lines: []int32{0}}
}

// raiseAt returns a frame that raises exc at f's resume point.
func (s *scheduler) raiseAt(f *Frame, exc *Instance) *Frame {
	vm := s.vm
	rf := vm.newFrame(s.raiseCode, nil)
	rf.slots[0] = exc
	rf.sp = 1
	rf.Back = f
	vm.depth++
	return rf
}

// atChannelForIter reports whether f is suspended in FOR_ITER over a channel.
func atChannelForIter(f *Frame) bool {
	if f.pc <= 0 || f.code().Instrs[f.pc-1].Op != bc.FOR_ITER || f.sp <= 0 {
		return false
	}
	_, ok := f.slots[f.sp-1].(*Channel)
	return ok
}

// start runs a tasklet for the first time: its callable's frame becomes
// the bottom of its frame chain.
func (s *scheduler) start(t *Tasklet) (*Frame, error) {
	vm := s.vm
	t.flags |= tStarted
	vm.depth = 0
	if exc := t.pendingExc(); exc != nil {
		// Killed or thrown to before it ever ran: it dies without running.
		t.frame = nil
		return s.died(t, exc)
	}
	if f := t.frame; f != nil {
		// Arguments were bound to a frame when the tasklet was set up.
		t.frame = nil
		if err := vm.pushDepth(); err != nil {
			return s.died(t, AsException(err))
		}
		return f, nil
	}
	var args []Value
	var kw []string
	if t.x != nil {
		args, kw, _ = t.x.takePending()
	}
	_, nf, err := vm.callFromLoop(nil, t.callable(), args, kw)
	if err != nil {
		return s.died(t, AsException(err))
	}
	if nf == nil {
		return s.died(t, nil)
	}
	return nf, nil
}

// died handles the end of the running tasklet t (exc is its uncaught
// exception or nil) and returns the frame to continue with.
func (s *scheduler) died(t *Tasklet, exc *Instance) (*Frame, error) {
	vm := s.vm
	t.frame = nil
	t.flags &^= tWantsValue
	if t.x != nil {
		t.x.cont, t.x.handled = nil, nil
		t.x.takePending()
	}
	s.dequeue(t)
	if t.blockedOn != nil {
		t.blockedOn.unblock(t)
	}
	t.next, t.prev = nil, nil
	s.becameDead(t)
	reason := "finish"
	if exc != nil && !exc.Class.IsSubtype(TaskletExitType) {
		reason = "exception"
		switch {
		case t.flags&tThread != 0 && !exc.Class.IsSubtype(BudgetExceededType):
			// (An exhausted budget ends the program, not only the thread.)
			vm.reportThreadException(t, exc)
		case s.exiting || !s.main.alive():
			s.setHeader(t, exc)
			s.report(exc)
		default:
			s.setHeader(t, exc)
			return s.raiseInMain(exc)
		}
	}
	if t.flags&tThread != 0 {
		vm.threadDied(t) // the Thread stops, its joiners wake (threading_mod.go)
	}
	if s.exiting && s.exitTarget == t {
		return nil, vm.returnSig(None)
	}
	return s.next(nil, reason)
}

// setHeader names the tasklet an exception escaped from, for tracebacks.
func (s *scheduler) setHeader(t *Tasklet, exc *Instance) {
	if exc.Exc() != nil && exc.Exc().Tasklet == "" {
		exc.Exc().Tasklet = fmt.Sprintf("Exception in tasklet '%s' (spawned at %s):", t.name(), s.spawnedAt(t))
	}
}

// report prints an exception nobody can receive any more (a tasklet
// failing while the program exits).
func (s *scheduler) report(exc *Instance) {
	fmt.Fprint(s.vm.opts.Stderr, s.vm.FormatTraceback(exc))
}

// raiseInMain delivers a tasklet's uncaught exception to main and runs
// main at once.
func (s *scheduler) raiseInMain(exc *Instance) (*Frame, error) {
	m := s.main
	if m.blockedOn != nil {
		m.blockedOn.unblock(m)
	}
	s.dropWatchdogs(m)
	m.setPendingExc(exc)
	s.pushFront(m)
	return s.switchTo(nil, m, "exception")
}

// next picks what runs after the current tasklet left the run queue
// (blocked, removed, interrupted or finished): the queue's head; else the
// innermost watchdog, whose run() returns None; else main, with the
// deadlock error when it is blocked, or simply revived when it is paused.
func (s *scheduler) next(from *Frame, reason string) (*Frame, error) {
	if s.head != nil {
		return s.switchTo(from, s.head, reason)
	}
	if s.vm.thr != nil {
		// Sleepers and timeouts: wait for the earliest timer; main blocked
		// in a threading wait gets the deadlock error (sched_timer.go).
		if nf, err, ok := s.threadIdle(from); ok {
			return nf, err
		}
	}
	if n := len(s.watchdogs); n > 0 {
		w := s.watchdogs[n-1]
		s.watchdogs = s.watchdogs[:n-1]
		w.t.flags &^= tWatchdog
		s.updateSlicing()
		w.t.tempval = None
		w.t.flags |= tWantsValue
		s.pushFront(w.t)
		return s.switchTo(from, w.t, reasonRunReturn)
	}
	m := s.main
	if m.alive() && m != s.current {
		if m.blockedOn != nil {
			msg := "the main tasklet is receiving without a sender available."
			if m.flags&tSending != 0 {
				msg = "the main tasklet is sending without a receiver available."
			}
			e := s.deadlockError(msg, nil, nil)
			m.blockedOn.unblock(m)
			m.setPendingExc(e)
			s.pushFront(m)
			return s.switchTo(from, m, "deadlock")
		}
		s.pushFront(m)
		return s.switchTo(from, m, "revive-main")
	}
	if s.exiting {
		return nil, s.vm.returnSig(None)
	}
	return nil, s.vm.NewError(SystemErrorType, "no runnable tasklet")
}

// dropWatchdogs ends t's wait in stackless.run() and every run() nested
// inside it.
func (s *scheduler) dropWatchdogs(t *Tasklet) {
	if t.flags&tWatchdog == 0 {
		return
	}
	for i, w := range s.watchdogs {
		if w.t == t {
			for _, inner := range s.watchdogs[i:] {
				inner.t.flags &^= tWatchdog
			}
			s.watchdogs = s.watchdogs[:i]
			break
		}
	}
	s.updateSlicing()
}

// --- deadlock --------------------------------------------------------------------

// BlockedTasklet describes a tasklet waiting on a channel, for deadlock
// reports and tools.
type BlockedTasklet struct {
	Name      string
	SpawnedAt string
	File      string
	Line      int
}

// Blocked lists the blocked tasklets, main first, then in the order they
// became alive.
func (vm *VM) Blocked() []BlockedTasklet {
	return vm.sched.blocked(nil, nil)
}

// blocked lists the blocked tasklets; also, at its place in the order,
// the tasklet self whose blocking call at frame f is failing.
func (s *scheduler) blocked(self *Tasklet, f *Frame) []BlockedTasklet {
	var out []BlockedTasklet
	add := func(t *Tasklet) {
		var file string
		var line int
		switch {
		case t == self:
			file, line = where(f)
		case t.blockedOn != nil:
			file, line = t.waitingAt()
		default:
			return
		}
		out = append(out, BlockedTasklet{Name: t.name(), SpawnedAt: s.spawnedAt(t), File: file, Line: line})
	}
	add(s.main)
	for t := s.aliveHead; t != nil; t = t.anext {
		if t.alive() && t != s.main {
			add(t)
		}
	}
	return out
}

// deadlockError makes the RuntimeError with the Weft "blocked" attribute
// (a list of dicts name/spawned_at/waiting_at) and the report printed
// above its traceback.
func (s *scheduler) deadlockError(msg string, self *Tasklet, f *Frame) *Instance {
	e := s.vm.NewError(RuntimeErrorType, "%s", msg)
	list := s.blocked(self, f)
	items := make([]Value, 0, len(list))
	report := "Blocked tasklets:\n"
	for _, b := range list {
		at := fmt.Sprintf("%s:%d", b.File, b.Line)
		d := NewDict(0)
		d.SetStr("name", NewStr(b.Name))
		d.SetStr("spawned_at", NewStr(b.SpawnedAt))
		d.SetStr("waiting_at", NewStr(at))
		items = append(items, d)
		report += fmt.Sprintf("  tasklet '%s' (spawned at %s) waiting at %s\n", b.Name, b.SpawnedAt, at)
	}
	e.setAttrs(NewDict(0))
	e.attrs().SetStr("blocked", &List{items: items})
	if len(list) > 0 {
		e.Exc().Note = report
	}
	return e
}

// --- time slices -----------------------------------------------------------------

// updateSlicing recomputes whether any time slice is in force.
func (s *scheduler) updateSlicing() {
	s.slicing = s.vm.opts.Preempt > 0 || s.threads > 0 ||
		(len(s.watchdogs) > 0 && s.watchdogs[0].timeout > 0)
}

// sliceLength is the time slice of the running tasklet (0: none).
func (s *scheduler) sliceLength() int64 {
	if len(s.watchdogs) > 0 && s.watchdogs[0].timeout > 0 {
		return s.watchdogs[0].timeout
	}
	if s.vm.opts.Preempt > 0 {
		// The tick counter counts the instruction about to run, so a
		// one-instruction slice would preempt before anything runs; two
		// is the shortest slice that always makes progress.
		return max(int64(s.vm.opts.Preempt), 2)
	}
	if s.current.flags&tThread != 0 || s.threads > 0 && s.current == s.main {
		// Main is a thread too while threads run (threading_sched.go).
		return s.threadSlice
	}
	return 0
}

// resetSlice starts the time slice of the tasklet switched to; under
// run(timeout, totaltimeout=True) the slice instead keeps running down.
func (s *scheduler) resetSlice() {
	n := s.vm.accountTicks()
	if len(s.watchdogs) > 0 && s.watchdogs[0].total && s.watchdogs[0].timeout > 0 {
		s.sliceLeft -= n
		if s.sliceLeft <= 0 {
			s.sliceLeft = 1
		}
	} else {
		s.sliceLeft = s.sliceLength()
	}
	s.vm.planTick()
}

// preempt is called when the running tasklet's slice ran out at frame f
// (outside nested runs).
func (s *scheduler) preempt(f *Frame) (*Frame, error) {
	t := s.current
	if len(s.watchdogs) > 0 && s.watchdogs[0].timeout > 0 && t != s.watchdogs[0].t {
		// The implicit transfer: the outermost run(timeout) returns t,
		// removed from the run queue.
		w := s.watchdogs[0].t
		s.dropWatchdogs(w)
		s.dequeue(t)
		w.tempval = t
		w.flags |= tWantsValue
		s.pushFront(w)
		return s.switchTo(f, w, reasonRunReturn)
	}
	if s.sliceLength() > 0 && s.count > 1 && t == s.head {
		s.head = t.next
		return s.switchTo(f, s.head, "preempt")
	}
	s.resetSlice()
	return f, nil
}
