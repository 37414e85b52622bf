package vm

// tasklet_ops.go: the operations of the stackless module that may switch
// tasklets — schedule, run, tasklet.run/switch/throw/kill/raise_exception
// and the channel operations — as special builtins that the interpreter
// calls with the current frame. Each returns either a value (no switch)
// or the frame to continue with (another tasklet's).

// The special builtins, compared by pointer in taskletCall.
var (
	stSchedule       = &Builtin{Name: "schedule", Special: specialTasklet}
	stScheduleRemove = &Builtin{Name: "schedule_remove", Special: specialTasklet}
	stRun            = &Builtin{Name: "run", Special: specialTasklet}
	stTaskletRun     = &Builtin{Name: "run", Special: specialTasklet}
	stTaskletSwitch  = &Builtin{Name: "switch", Special: specialTasklet}
	stThrow          = &Builtin{Name: "throw", Special: specialTasklet}
	stKill           = &Builtin{Name: "kill", Special: specialTasklet}
	stRaiseExc       = &Builtin{Name: "raise_exception", Special: specialTasklet}
	stSend           = &Builtin{Name: "send", Special: specialTasklet}
	stReceive        = &Builtin{Name: "receive", Special: specialTasklet}
	stSendException  = &Builtin{Name: "send_exception", Special: specialTasklet}
	stSendThrow      = &Builtin{Name: "send_throw", Special: specialTasklet}
	stSendSequence   = &Builtin{Name: "send_sequence", Special: specialTasklet}
)

const errNested = "cannot switch from a nested interpreter"

// canSwitch reports whether control may pass to another tasklet now: not
// from Go code (f == nil) and not inside a nested run of the interpreter.
func (vm *VM) canSwitch(f *Frame) error {
	if f == nil || vm.nested > 0 {
		return vm.NewError(RuntimeErrorType, errNested)
	}
	return nil
}

// argTasklet and argChannel check the receiver of a method (which may be
// called through its class with anything as self).
func argTasklet(vm *VM, args []Value, method string) (*Tasklet, error) {
	if len(args) > 0 {
		if t, ok := args[0].(*Tasklet); ok {
			return t, nil
		}
	}
	return nil, vm.NewError(TypeErrorType, "descriptor '%s' requires a 'tasklet' object", method)
}

func argChannel(vm *VM, args []Value, method string) (*Channel, error) {
	if len(args) > 0 {
		if c, ok := args[0].(*Channel); ok {
			return c, nil
		}
	}
	return nil, vm.NewError(TypeErrorType, "descriptor '%s' requires a 'channel' object", method)
}

// taskletCall dispatches the special builtins of the stackless module for
// a CALL instruction of frame f.
//
// A switch may come back to f itself before the CALL finishes: when the
// tasklets run in between end without executing an instruction (a killed
// tasklet that never ran, one whose function is a builtin) or are resumed
// by continuations (send_sequence). f's CALL instruction still has its
// arguments on the stack then, so switchTo does not push f's result: the
// result stays in the tasklet's tempval and is returned from here.
func (vm *VM) taskletCall(f *Frame, b *Builtin, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	outer := s.callFrame
	s.callFrame = f
	var v Value
	var nf *Frame
	var err error
	// The channel operations first, without the general dispatch.
	if b == stSend && len(args) == 2 && len(kwnames) == 0 {
		if c, ok := args[0].(*Channel); ok {
			v, nf, err = vm.channelSend(f, c, args[1], nil)
		} else {
			v, nf, err = vm.taskletOp(f, b, args, kwnames)
		}
	} else if b == stReceive && len(args) == 1 {
		if c, ok := args[0].(*Channel); ok {
			v, nf, err = vm.channelReceive(f, c)
		} else {
			v, nf, err = vm.taskletOp(f, b, args, kwnames)
		}
	} else {
		v, nf, err = vm.taskletOp(f, b, args, kwnames)
	}
	s.callFrame = outer
	if nf != nil && nf == f {
		return claim(s.current), nil, nil
	}
	return v, nf, err
}

func (vm *VM) taskletOp(f *Frame, b *Builtin, args []Value, kwnames []string) (Value, *Frame, error) {
	switch b {
	case stSend:
		c, err := argChannel(vm, args, "send")
		if err != nil {
			return nil, nil, err
		}
		if len(args) != 2 || len(kwnames) != 0 {
			return nil, nil, vm.NewError(TypeErrorType, "send() takes exactly one argument (%d given)", len(args)-1)
		}
		return vm.channelSend(f, c, args[1], nil)
	case stReceive:
		c, err := argChannel(vm, args, "receive")
		if err != nil {
			return nil, nil, err
		}
		if len(args) != 1 {
			return nil, nil, vm.NewError(TypeErrorType, "receive() takes no arguments (%d given)", len(args)-1)
		}
		return vm.channelReceive(f, c)
	case stSchedule, stScheduleRemove:
		return vm.schedule(f, b == stScheduleRemove, args, kwnames)
	case stRun:
		return vm.stacklessRun(f, args, kwnames)
	case stTaskletRun, stTaskletSwitch:
		t, err := argTasklet(vm, args, b.Name)
		if err != nil {
			return nil, nil, err
		}
		if len(args) != 1 {
			return nil, nil, vm.NewError(TypeErrorType, "%s() takes no arguments (%d given)", b.Name, len(args)-1)
		}
		return vm.taskletRun(f, t, b == stTaskletSwitch)
	case stThrow, stKill, stRaiseExc:
		return vm.taskletThrow(f, b, args, kwnames)
	case stSendException, stSendThrow:
		c, err := argChannel(vm, args, b.Name)
		if err != nil {
			return nil, nil, err
		}
		if len(args) < 2 || len(kwnames) != 0 {
			return nil, nil, vm.NewError(TypeErrorType, "%s() takes at least 1 argument (%d given)", b.Name, len(args)-1)
		}
		var exc *Instance
		if b == stSendException {
			exc, err = vm.instantiate(args[1], args[2:])
		} else {
			if len(args) > 2 {
				return nil, nil, vm.NewError(TypeErrorType, "send_throw() takes exactly one argument (%d given)", len(args)-1)
			}
			exc, err = vm.makeException(args[1])
		}
		if err != nil {
			return nil, nil, err
		}
		return vm.channelSend(f, c, nil, exc)
	case stSendSequence:
		c, err := argChannel(vm, args, "send_sequence")
		if err != nil {
			return nil, nil, err
		}
		if len(args) != 2 || len(kwnames) != 0 {
			return nil, nil, vm.NewError(TypeErrorType, "send_sequence() takes exactly one argument (%d given)", len(args)-1)
		}
		return vm.sendSequence(f, c, args[1])
	}
	return nil, nil, vm.NewError(SystemErrorType, "unknown stackless operation %s", b.Name)
}

// Parameter names of the stackless functions with optional arguments.
var (
	paramsRetval  = []string{"retval"}
	paramsRun     = []string{"timeout", "totaltimeout"}
	paramsPending = []string{"pending"}
	paramsThrow   = []string{"exc", "pending"}
	paramsBind    = []string{"func", "args", "kwargs"}
)

// stArgs binds at most three arguments to params (the first required of
// them mandatory) as parseArgs does, without allocating in the common
// positional case. Missing arguments are nil.
func (vm *VM) stArgs(fname string, args []Value, kwnames []string, params []string, required int) ([3]Value, error) {
	var out [3]Value
	if len(kwnames) == 0 && len(args) <= len(params) && len(args) >= required {
		copy(out[:], args)
		return out, nil
	}
	p, err := vm.parseArgs(fname, args, kwnames, params, required, 0)
	copy(out[:], p)
	return out, err
}

// instantiate makes cls(*args), which must be an exception.
func (vm *VM) instantiate(cls Value, args []Value) (*Instance, error) {
	if t, ok := cls.(*Type); !ok || !t.IsException() {
		if inst, ok := cls.(*Instance); ok && inst.Exc() != nil && len(args) == 0 {
			return inst, nil
		}
		return nil, vm.NewError(TypeErrorType, "exceptions must derive from BaseException")
	}
	e, err := vm.Call(cls, append([]Value(nil), args...), nil)
	if err != nil {
		return nil, err
	}
	inst, ok := e.(*Instance)
	if !ok || inst.Exc() == nil {
		return nil, vm.NewError(TypeErrorType, "exceptions must derive from BaseException")
	}
	return inst, nil
}

// claim returns t's tempval and resets it to None, as resuming does.
func claim(t *Tasklet) Value {
	v := t.tempval
	t.tempval = nil
	if v == nil {
		return None
	}
	return v
}

// strands reports whether taking the running tasklet off the run queue
// would leave nothing that could ever run again: no other runnable
// tasklet, no run() to return to, and no main to give the deadlock error
// to or to revive.
func (s *scheduler) strands() bool {
	cur := s.current
	others := s.count
	if cur.queued() {
		others--
	}
	if others > 0 || len(s.watchdogs) > 0 || s.vm.hasTimers() { // timers: sched_timer.go
		return false
	}
	m := s.main
	return cur == m || !m.alive() || m.queued()
}

// schedule implements stackless.schedule(retval=None) and
// schedule_remove(retval=None).
func (vm *VM) schedule(f *Frame, remove bool, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	name := "schedule"
	if remove {
		name = "schedule_remove"
	}
	p, err := vm.stArgs(name, args, kwnames, paramsRetval, 0)
	if err != nil {
		return nil, nil, err
	}
	cur := s.current
	cur.tempval = p[0]
	if !remove {
		if s.count <= 1 || !cur.queued() || s.head != cur {
			return claim(cur), nil, nil
		}
		if err := vm.canSwitch(f); err != nil {
			return nil, nil, err
		}
		s.head = cur.next
		cur.flags |= tWantsValue
		nf, err := s.switchTo(f, s.head, "schedule")
		return nil, nf, err
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	if s.strands() {
		return nil, nil, s.deadlockError("Deadlock: the last runnable tasklet cannot be blocked.", cur, f)
	}
	s.dequeue(cur)
	cur.flags |= tWantsValue
	nf, err := s.next(f, "schedule_remove")
	return nil, nf, err
}

// stacklessRun implements stackless.run(timeout=0, totaltimeout=False).
func (vm *VM) stacklessRun(f *Frame, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	p, err := vm.stArgs("run", args, kwnames, paramsRun, 0)
	if err != nil {
		return nil, nil, err
	}
	var timeout int64
	if p[0] != nil {
		if timeout, err = vm.IndexOf(p[0]); err != nil {
			return nil, nil, err
		}
	}
	total := false
	if p[1] != nil {
		if total, err = vm.Truthy(p[1]); err != nil {
			return nil, nil, err
		}
	}
	cur := s.current
	others := s.count
	if cur.queued() {
		others--
	}
	if others <= 0 {
		return None, nil, nil
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	if timeout < 0 || len(s.watchdogs) > 0 {
		timeout = 0 // only the outermost run(timeout) interrupts
	}
	s.watchdogs = append(s.watchdogs, watchdog{t: cur, timeout: timeout, total: total})
	s.updateSlicing()
	cur.flags |= tWatchdog | tWantsValue
	cur.tempval = nil
	s.dequeue(cur)
	if timeout > 0 {
		// The watchdog's own instructions are not counted.
		vm.accountTicks()
		s.sliceLeft = timeout
	}
	nf, err := s.switchTo(f, s.head, "run")
	return nil, nf, err
}

// taskletRun implements t.run() and t.switch().
func (vm *VM) taskletRun(f *Frame, t *Tasklet, pauseCaller bool) (Value, *Frame, error) {
	s := vm.sched
	if !t.alive() {
		return nil, nil, vm.NewError(RuntimeErrorType, "You cannot run an unbound(dead) tasklet")
	}
	if t.blockedOn != nil {
		return nil, nil, vm.NewError(RuntimeErrorType, "You cannot run a blocked tasklet")
	}
	cur := s.current
	if t == cur {
		return None, nil, nil
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	reason := "run"
	if pauseCaller {
		reason = "switch"
		s.dequeue(cur)
	}
	s.pushFront(t)
	cur.flags |= tWantsValue
	cur.tempval = nil
	nf, err := s.switchTo(f, t, reason)
	return nil, nf, err
}

// taskletThrow implements t.throw(exc, pending=False), t.kill(pending=False)
// and t.raise_exception(cls, *args).
func (vm *VM) taskletThrow(f *Frame, b *Builtin, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	t, err := argTasklet(vm, args, b.Name)
	if err != nil {
		return nil, nil, err
	}
	args = args[1:]
	pending := false
	var exc *Instance
	switch b {
	case stKill:
		p, err := vm.stArgs("kill", args, kwnames, paramsPending, 0)
		if err != nil {
			return nil, nil, err
		}
		if p[0] != nil {
			if pending, err = vm.Truthy(p[0]); err != nil {
				return nil, nil, err
			}
		}
		if !t.alive() {
			return None, nil, nil
		}
		exc = NewException(TaskletExitType)
	case stRaiseExc:
		if len(kwnames) > 0 {
			return nil, nil, vm.NewError(TypeErrorType, "raise_exception() takes no keyword arguments")
		}
		if len(args) < 1 {
			return nil, nil, vm.NewError(TypeErrorType, "raise_exception() takes at least 1 argument (0 given)")
		}
		if exc, err = vm.instantiate(args[0], args[1:]); err != nil {
			return nil, nil, err
		}
	default:
		p, err := vm.stArgs("throw", args, kwnames, paramsThrow, 1)
		if err != nil {
			return nil, nil, err
		}
		if p[1] != nil {
			if pending, err = vm.Truthy(p[1]); err != nil {
				return nil, nil, err
			}
		}
		if exc, err = vm.makeException(p[0]); err != nil {
			return nil, nil, err
		}
	}
	if !t.alive() {
		if exc.Class.IsSubtype(TaskletExitType) {
			return None, nil, nil
		}
		return nil, nil, vm.NewError(RuntimeErrorType, "You cannot throw to a dead tasklet")
	}
	if t == s.current {
		return nil, nil, exc
	}
	if !pending {
		if err := vm.canSwitch(f); err != nil {
			return nil, nil, err
		}
	}
	if t.blockedOn != nil {
		t.blockedOn.unblock(t)
	}
	t.setPendingExc(exc)
	if pending {
		s.enqueue(t)
		return None, nil, nil
	}
	cur := s.current
	s.pushFront(t)
	cur.flags |= tWantsValue
	cur.tempval = nil
	nf, err := s.switchTo(f, t, b.Name)
	return nil, nf, err
}

const errClosed = "Send/receive operation on a closed channel"

// block puts the running tasklet on c's queue and switches away; when no
// other tasklet is runnable it raises the deadlock error instead.
func (vm *VM) block(f *Frame, c *Channel, sending bool, v Value, exc *Instance) (Value, *Frame, error) {
	s := vm.sched
	if c.closing {
		return nil, nil, vm.NewError(ValueErrorType, errClosed)
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	cur := s.current
	others := s.count
	if cur.queued() {
		others--
	}
	if others == 0 && len(s.watchdogs) == 0 && !vm.hasTimers() { // a sleeper may still wake it (sched_timer.go)
		return nil, nil, s.deadlockError("Deadlock: the last runnable tasklet cannot be blocked.", cur, f)
	}
	cur.blockedOn = c
	cur.flags |= tWantsValue
	if sending {
		cur.flags |= tSending
		cur.tempval = v
		if exc != nil {
			cur.tempval = exc
			cur.flags |= tSendExc
		}
		c.balance++
	} else {
		if cur.tempval != nil {
			cur.tempval = nil
		}
		c.balance--
	}
	s.dequeue(cur)
	c.push(cur)
	nf, err := s.next(f, "block")
	return nil, nf, err
}

// channelSend sends v (or, if exc is set, the exception) on c.
func (vm *VM) channelSend(f *Frame, c *Channel, v Value, exc *Instance) (Value, *Frame, error) {
	if c.balance >= 0 {
		return vm.block(f, c, true, v, exc)
	}
	// A receiver is waiting.
	if c.preference < 0 && (f == nil || vm.nested > 0) {
		return nil, nil, vm.NewError(RuntimeErrorType, errNested)
	}
	s := vm.sched
	r := c.take()
	if exc != nil {
		r.setPendingExc(exc)
	} else {
		r.tempval = v
	}
	if c.preference < 0 {
		// The receiver runs at once; the sender goes to the back.
		cur := s.current
		s.runNext(r)
		cur.flags |= tWantsValue
		if cur.tempval != nil {
			cur.tempval = nil
		}
		nf, err := s.switchTo(f, r, "send")
		return nil, nf, err
	}
	s.enqueue(r)
	return None, nil, nil
}

// channelReceive receives from c.
func (vm *VM) channelReceive(f *Frame, c *Channel) (Value, *Frame, error) {
	if c.balance <= 0 {
		return vm.block(f, c, false, nil, nil)
	}
	// A sender is waiting.
	if c.preference > 0 && (f == nil || vm.nested > 0) {
		return nil, nil, vm.NewError(RuntimeErrorType, errNested)
	}
	s := vm.sched
	sd := c.take()
	v := sd.tempval
	sd.tempval = nil // its send() returns None
	var exc *Instance
	if sd.flags&tSendExc != 0 {
		sd.flags &^= tSendExc
		exc, _ = v.(*Instance)
		v = nil
	}
	if c.preference > 0 {
		// The sender runs at once; the receiver goes to the back and gets
		// the value when it resumes.
		cur := s.current
		s.runNext(sd)
		if exc != nil {
			cur.setPendingExc(exc)
		} else {
			cur.flags |= tWantsValue
			cur.tempval = v
		}
		nf, err := s.switchTo(f, sd, "receive")
		return nil, nf, err
	}
	s.enqueue(sd)
	if exc != nil {
		return nil, nil, exc
	}
	if v == nil {
		v = None
	}
	return v, nil, nil
}

// sendSequence implements c.send_sequence(iterable): it sends each item
// (taking them one at a time) and returns how many it sent. A send that
// switches leaves a continuation on the sender, which goes on with the
// next item when the sender resumes.
func (vm *VM) sendSequence(f *Frame, c *Channel, seq Value) (Value, *Frame, error) {
	it, err := vm.Iter(seq)
	if err != nil {
		return nil, nil, err
	}
	q := &seqSend{c: c, it: it}
	q.cont = func(f *Frame) (*Frame, error) {
		v, nf, err := vm.seqSendLoop(f, q)
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
	return vm.seqSendLoop(f, q)
}

type seqSend struct {
	c    *Channel
	it   Value
	n    int
	cont func(f *Frame) (*Frame, error)
}

func (vm *VM) seqSendLoop(f *Frame, q *seqSend) (Value, *Frame, error) {
	s := vm.sched
	for {
		v, ok, err := vm.Next(q.it)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return Int(q.n), nil, nil
		}
		cur := s.current
		_, nf, err := vm.channelSend(f, q.c, v, nil)
		if err != nil {
			return nil, nil, err
		}
		q.n++
		if nf != nil {
			cur.ext().cont = q.cont
			return nil, nf, nil
		}
	}
}

// channelIterNext is FOR_ITER over a channel: a received value, or nil
// when the loop ends (StopIteration sent, or closed and no sender left).
func (vm *VM) channelIterNext(f *Frame, c *Channel) (Value, *Frame, error) {
	if c.closing && c.balance <= 0 {
		return nil, nil, nil
	}
	v, nf, err := vm.channelReceive(f, c)
	if err != nil {
		if e, ok := err.(*Instance); ok && e.Class.IsSubtype(StopIterationType) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	return v, nf, nil
}

// iterType and next make a channel a builtin iterator, so iter(c) is c
// and Go code (list(c), next(c)) can receive from it without switching.
func (*Channel) iterType() *Type { return ChannelType }

func (c *Channel) next(vm *VM) (Value, bool, error) {
	if c.closing && c.balance <= 0 {
		return nil, false, nil
	}
	if c.balance <= 0 || c.preference > 0 {
		if c.closing {
			return nil, false, vm.NewError(ValueErrorType, errClosed)
		}
		return nil, false, vm.NewError(RuntimeErrorType, errNested)
	}
	v, _, err := vm.channelReceive(nil, c)
	if err != nil {
		if e, ok := err.(*Instance); ok && e.Class.IsSubtype(StopIterationType) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return v, true, nil
}
