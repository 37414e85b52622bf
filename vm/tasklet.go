package vm

// tasklet.go: tasklets and the scheduler, Stackless style.
//
// A tasklet is its top frame plus bookkeeping; switching saves the current
// frame in the tasklet and hands the interpreter loop another tasklet's
// frame, so a switch never touches the Go stack. The runnable tasklets form
// a circular queue whose head is the running tasklet (SPEC.md, "Scheduling
// model"); channels hold FIFO queues of blocked tasklets.

import (
	"fmt"
)

// TaskletType and ChannelType are the stackless module's classes.
var (
	TaskletType = newBuiltinType("tasklet", ObjectType)
	ChannelType = newBuiltinType("channel", ObjectType)
)

// Tasklet is a microthread.
type Tasklet struct {
	id        int
	Name      string
	SpawnedAt string
	fn        Value
	args      []Value
	kwnames   []string
	frame     *Frame // top frame while not running
	alive     bool
	started   bool
	isMain    bool
	blockedOn *Channel
	sendVal   Value
	sendExc   *Instance
	tempval   Value

	// Delivered when the tasklet next resumes.
	resumeVal  Value
	wantsValue bool
	resumeExc  *Instance

	next, prev *Tasklet
	queued     bool
	// waitLine is where a blocked tasklet waits.
	waitFile string
	waitLine int
	// threadExc marks thread tasklets whose uncaught exceptions are
	// printed instead of re-raised in main.
	isThread bool
	// handled is the tasklet's own "exception being handled".
	handled *Instance
	// nesting saved while switched out.
	depth int
	// cont, when set, runs instead of the plain resume (multi-step
	// operations such as send_sequence and lock acquisition).
	cont func(f *Frame) (*Frame, error)
}

func (*Tasklet) weftType() *Type { return TaskletType }

// Channel is a synchronous rendezvous point.
type Channel struct {
	waiting    []*Tasklet
	balance    int
	preference int
	closing    bool
}

func (*Channel) weftType() *Type { return ChannelType }

type watchdog struct {
	t       *Tasklet
	timeout int64
	total   bool
}

type scheduler struct {
	vm        *VM
	main      *Tasklet
	current   *Tasklet
	head      *Tasklet
	count     int
	watchdogs []*watchdog
	nextID    int
	// alive tasklets in the order they became alive (for exit kills).
	aliveOrder []*Tasklet
	// sliceLeft counts instructions left in the current time slice; 0
	// means no slicing.
	sliceLeft  int64
	tracer     *tracer
	exiting    bool
	exitDone   bool
	exitTarget *Tasklet
}

func newScheduler(vm *VM) *scheduler {
	s := &scheduler{vm: vm}
	m := &Tasklet{id: 0, Name: "main", isMain: true, alive: true, started: true, SpawnedAt: "<main>"}
	s.main, s.current = m, m
	s.enqueue(m)
	if vm.opts.TracePath != "" {
		s.tracer = newTracer()
		s.tracer.begin(m, "start")
	}
	return s
}

// --- run queue -------------------------------------------------------------

// enqueue appends t at the back of the queue (no-op if queued).
func (s *scheduler) enqueue(t *Tasklet) {
	if t.queued {
		return
	}
	t.queued = true
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

// dequeue removes t from the queue.
func (s *scheduler) dequeue(t *Tasklet) {
	if !t.queued {
		return
	}
	t.queued = false
	s.count--
	if t.next == t {
		s.head = nil
	} else {
		t.prev.next, t.next.prev = t.next, t.prev
		if s.head == t {
			s.head = t.next
		}
	}
	t.next, t.prev = nil, nil
}

// pushFront makes t the head (inserting it if needed) keeping the circular
// order of the others.
func (s *scheduler) pushFront(t *Tasklet) {
	if !t.queued {
		s.enqueue(t)
	}
	s.head = t
}

// --- main entry points -------------------------------------------------------

// where returns "file:line" of frame f's current instruction.
func where(f *Frame) (string, int) {
	if f == nil {
		return "?", 0
	}
	pc := f.pc - 1
	if pc < 0 {
		pc = 0
	}
	return f.Code.Filename, f.Code.Line(pc)
}

// switchTo saves the running tasklet (whose top frame is from) and
// resumes t, returning the frame the loop continues with.
func (s *scheduler) switchTo(from *Frame, t *Tasklet, reason string) (*Frame, error) {
	vm := s.vm
	cur := s.current
	if cur != nil && cur != t && cur.alive {
		cur.frame = from
		cur.depth = vm.depth
		cur.handled = vm.handled
	}
	if s.tracer != nil && cur != t {
		s.tracer.switchTo(cur, t, reason)
	}
	s.current = t
	s.resetSlice()
	vm.handled = t.handled
	if !t.started {
		return s.start(t)
	}
	vm.depth = t.depth
	f := t.frame
	t.frame = nil
	if exc := t.resumeExc; exc != nil {
		t.resumeExc = nil
		t.wantsValue = false
		// A channel iterator that receives StopIteration ends its loop.
		if exc.Class.IsSubtype(StopIterationType) && f.pc > 0 && f.Code.Instrs[f.pc-1].Op == forIterOp {
			in := f.Code.Instrs[f.pc-1]
			f.sp--
			f.slots[f.sp] = nil
			f.pc = int(in.Arg)
			return f, nil
		}
		return vm.unwind(f, exc)
	}
	if c := t.cont; c != nil {
		t.cont = nil
		t.wantsValue = false
		return c(f)
	}
	if t.wantsValue {
		t.wantsValue = false
		v := t.resumeVal
		t.resumeVal = nil
		if v == nil {
			v = None
		}
		f.slots[f.sp] = v
		f.sp++
	}
	return f, nil
}

// start runs a tasklet for the first time: its callable's frame becomes
// the bottom of its frame chain.
func (s *scheduler) start(t *Tasklet) (*Frame, error) {
	vm := s.vm
	t.started = true
	vm.depth = 0
	if exc := t.resumeExc; exc != nil {
		// Killed or thrown to before it ever ran: it dies without running.
		t.resumeExc = nil
		return s.died(t, exc)
	}
	res, nf, err := vm.callFromLoop(nil, t.fn, t.args, t.kwnames)
	t.args = nil
	if err != nil {
		return s.died(t, AsException(err))
	}
	if nf == nil {
		_ = res
		return s.died(t, nil)
	}
	nf.owner = t
	return nf, nil
}

// died handles the end of tasklet t (exc is its uncaught exception or nil)
// and returns the frame to continue with.
func (s *scheduler) died(t *Tasklet, exc *Instance) (*Frame, error) {
	vm := s.vm
	t.alive = false
	t.frame = nil
	s.dequeue(t)
	if t.blockedOn != nil {
		t.blockedOn.unblock(t)
	}
	s.removeAlive(t)
	if s.tracer != nil {
		s.tracer.end(t, "finish")
	}
	if exc != nil && !exc.Class.IsSubtype(TaskletExitType) {
		if t.isThread {
			vm.reportThreadException(t, exc)
		} else {
			if exc.Exc != nil && exc.Exc.Tasklet == "" {
				exc.Exc.Tasklet = fmt.Sprintf("Exception in tasklet '%s' (spawned at %s):", t.Name, t.SpawnedAt)
			}
			return s.raiseInMain(exc)
		}
	}
	if s.exiting && s.exitTarget == t {
		s.exitDone = true
		return nil, &returnSignal{None}
	}
	return s.next(nil)
}

// raiseInMain delivers a tasklet's uncaught exception to main and runs
// main at once.
func (s *scheduler) raiseInMain(exc *Instance) (*Frame, error) {
	m := s.main
	if !m.alive {
		return s.next(nil)
	}
	if m.blockedOn != nil {
		m.blockedOn.unblock(m)
	}
	for i, w := range s.watchdogs {
		if w.t == m {
			s.watchdogs = s.watchdogs[:i]
			break
		}
	}
	m.resumeExc = exc
	m.wantsValue = false
	s.pushFront(m)
	return s.switchTo(nil, m, "exception")
}

// next picks what runs after the current tasklet left the queue (blocked,
// removed or died): the queue head, else the innermost watchdog, else the
// blocked main tasklet with the "without a sender" error.
func (s *scheduler) next(from *Frame) (*Frame, error) {
	if s.head != nil {
		return s.switchTo(from, s.head, "next")
	}
	if n := len(s.watchdogs); n > 0 {
		w := s.watchdogs[n-1]
		s.watchdogs = s.watchdogs[:n-1]
		w.t.resumeVal = None
		w.t.wantsValue = true
		s.pushFront(w.t)
		return s.switchTo(from, w.t, "run-return")
	}
	m := s.main
	if m.alive && m.blockedOn != nil {
		ch := m.blockedOn
		sending := ch.balance > 0
		ch.unblock(m)
		msg := "the main tasklet is receiving without a sender available."
		if sending {
			msg = "the main tasklet is sending without a receiver available."
		}
		m.resumeExc = s.deadlockError(msg)
		s.pushFront(m)
		return s.switchTo(from, m, "deadlock")
	}
	if s.exiting {
		s.exitDone = true
		return nil, &returnSignal{None}
	}
	if m.alive && m != s.current {
		m.resumeExc = s.deadlockError("Deadlock: the last runnable tasklet cannot be blocked.")
		s.pushFront(m)
		return s.switchTo(from, m, "deadlock")
	}
	return nil, s.vm.NewError(RuntimeErrorType, "no runnable tasklet")
}

func (s *scheduler) removeAlive(t *Tasklet) {
	for i, x := range s.aliveOrder {
		if x == t {
			s.aliveOrder = append(s.aliveOrder[:i], s.aliveOrder[i+1:]...)
			return
		}
	}
}

// BlockedTasklet describes a tasklet waiting on a channel, for deadlock
// reports and tools.
type BlockedTasklet struct {
	Name      string
	SpawnedAt string
	File      string
	Line      int
}

// Blocked lists the blocked tasklets.
func (vm *VM) Blocked() []BlockedTasklet {
	s := vm.sched
	var out []BlockedTasklet
	all := append([]*Tasklet{s.main}, s.aliveOrder...)
	for _, t := range all {
		if t.alive && t.blockedOn != nil {
			out = append(out, BlockedTasklet{Name: t.Name, SpawnedAt: t.SpawnedAt, File: t.waitFile, Line: t.waitLine})
		}
	}
	return out
}

// deadlockError makes the RuntimeError with the Weft "blocked" attribute.
func (s *scheduler) deadlockError(msg string) *Instance {
	e := s.vm.NewError(RuntimeErrorType, "%s", msg)
	var items []Value
	for _, b := range s.vm.Blocked() {
		d := NewDict(0)
		d.SetStr("name", NewStr(b.Name))
		d.SetStr("spawned_at", NewStr(b.SpawnedAt))
		d.SetStr("waiting_at", NewStr(fmt.Sprintf("%s:%d", b.File, b.Line)))
		items = append(items, d)
	}
	e.Dict = NewDict(0)
	e.Dict.SetStr("blocked", &List{Items: items})
	var report string
	for _, b := range s.vm.Blocked() {
		report += fmt.Sprintf("  tasklet '%s' (spawned at %s) blocked at %s:%d\n", b.Name, b.SpawnedAt, b.File, b.Line)
	}
	if report != "" {
		e.Exc.Note = "Blocked tasklets:\n" + report
	}
	return e
}

// --- time slices -----------------------------------------------------------

func (s *scheduler) sliceLength() int64 {
	if len(s.watchdogs) > 0 && s.watchdogs[0].timeout > 0 {
		return s.watchdogs[0].timeout
	}
	if s.vm.opts.Preempt > 0 {
		return int64(s.vm.opts.Preempt)
	}
	return 0
}

func (s *scheduler) resetSlice() {
	n := s.vm.accountTicks()
	if len(s.watchdogs) > 0 && s.watchdogs[0].total {
		s.sliceLeft -= n
		if s.sliceLeft <= 0 {
			s.sliceLeft = 1
		}
	} else {
		s.sliceLeft = s.sliceLength()
	}
	s.vm.planTick()
}

// preempt is called when the current tasklet's slice ran out at frame f.
func (s *scheduler) preempt(f *Frame) (*Frame, error) {
	t := s.current
	if len(s.watchdogs) > 0 && s.watchdogs[0].timeout > 0 && t != s.watchdogs[0].t {
		w := s.watchdogs[0]
		s.watchdogs = s.watchdogs[:0]
		t.frame = f
		t.depth = s.vm.depth
		t.handled = s.vm.handled
		s.dequeue(t)
		w.t.resumeVal = t
		w.t.wantsValue = true
		s.pushFront(w.t)
		return s.switchTo(f, w.t, "preempt")
	}
	if s.vm.opts.Preempt > 0 && s.count > 1 && t.queued {
		s.head = t.next
		return s.switchTo(f, s.head, "preempt")
	}
	s.resetSlice()
	return f, nil
}
