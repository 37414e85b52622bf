package vm

// tasklet_ops.go: the operations of the stackless module — schedule, run,
// tasklet methods and channel operations — as special builtins that the
// interpreter calls with the current frame, so that they can switch.

import (
	"fmt"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

const forIterOp = bc.FOR_ITER

// canSwitch reports whether control may pass to another tasklet now.
func (vm *VM) canSwitch(f *Frame) error {
	if f == nil || vm.nested > 0 {
		return vm.NewError(RuntimeErrorType, "cannot switch from a nested interpreter")
	}
	return nil
}

// suspend saves the current tasklet (to be resumed with a value) and
// switches to whatever runs next.
func (s *scheduler) suspend(f *Frame, reason string) (*Frame, error) {
	cur := s.current
	cur.wantsValue = true
	return s.nextFrom(f, reason)
}

func (s *scheduler) nextFrom(f *Frame, reason string) (*Frame, error) {
	cur := s.current
	cur.frame = f
	cur.depth = s.vm.depth
	cur.handled = s.vm.handled
	nf, err := s.next(f)
	return nf, err
}

func stArg(args []Value, i int) Value {
	if i < len(args) {
		return args[i]
	}
	return None
}

// taskletCall dispatches the special builtins of the stackless module.
func (vm *VM) taskletCall(f *Frame, b *Builtin, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	npos := len(args) - len(kwnames)
	switch b.Name {
	case "schedule", "schedule_remove":
		cur := s.current
		cur.tempval = stArg(args[:npos], 0)
		if v, ok := kwArg(args, kwnames, "retval"); ok {
			cur.tempval = v
		}
		if b.Name == "schedule" {
			if s.count <= 1 || !cur.queued {
				return cur.tempval, nil, nil
			}
			if err := vm.canSwitch(f); err != nil {
				return nil, nil, err
			}
			s.head = cur.next
			cur.wantsValue = true
			cur.resumeVal = cur.tempval
			nf, err := s.switchTo(f, s.head, "schedule")
			return nil, nf, err
		}
		if err := vm.canSwitch(f); err != nil {
			return nil, nil, err
		}
		s.dequeue(cur)
		cur.resumeVal = cur.tempval
		nf, err := s.suspend(f, "schedule_remove")
		return nil, nf, err
	case "run":
		return vm.stacklessRun(f, args, kwnames)
	case "tasklet.run", "tasklet.switch":
		return vm.taskletRun(f, args[0].(*Tasklet), b.Name == "tasklet.switch")
	case "tasklet.throw", "tasklet.kill", "tasklet.raise_exception":
		return vm.taskletThrow(f, b.Name, args, kwnames)
	case "channel.send", "channel.receive", "channel.send_exception", "channel.send_throw":
		return vm.channelOp(f, b.Name, args)
	case "channel.send_sequence":
		return vm.sendSequence(f, args)
	}
	return nil, nil, vm.NewError(SystemErrorType, "unknown stackless operation %s", b.Name)
}

// stacklessRun implements stackless.run(timeout=0, totaltimeout=False).
func (vm *VM) stacklessRun(f *Frame, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	npos := len(args) - len(kwnames)
	var timeout int64
	total := false
	if npos > 0 {
		n, err := vm.IndexOf(args[0])
		if err != nil {
			return nil, nil, err
		}
		timeout = n
	}
	if v, ok := kwArg(args, kwnames, "timeout"); ok {
		n, err := vm.IndexOf(v)
		if err != nil {
			return nil, nil, err
		}
		timeout = n
	}
	if npos > 1 {
		t, _ := vm.Truthy(args[1])
		total = t
	}
	if v, ok := kwArg(args, kwnames, "totaltimeout"); ok {
		t, _ := vm.Truthy(v)
		total = t
	}
	cur := s.current
	others := s.count
	if cur.queued {
		others--
	}
	if others <= 0 {
		return None, nil, nil
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	w := &watchdog{t: cur, timeout: timeout, total: total}
	if len(s.watchdogs) > 0 {
		w.timeout = 0 // only the outermost run(timeout) interrupts
	}
	s.watchdogs = append(s.watchdogs, w)
	s.dequeue(cur)
	cur.wantsValue = true
	cur.frame = f
	if total && len(s.watchdogs) == 1 {
		s.sliceLeft = timeout
	}
	nf, err := s.switchTo(f, s.head, "run")
	return nil, nf, err
}

// taskletRun implements t.run() and t.switch().
func (vm *VM) taskletRun(f *Frame, t *Tasklet, pauseCaller bool) (Value, *Frame, error) {
	s := vm.sched
	if !t.alive {
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
	if pauseCaller {
		s.dequeue(cur)
	}
	s.pushFront(t)
	cur.wantsValue = true
	cur.resumeVal = None
	nf, err := s.switchTo(f, t, "run")
	return nil, nf, err
}

// taskletThrow implements throw, kill and raise_exception.
func (vm *VM) taskletThrow(f *Frame, name string, args []Value, kwnames []string) (Value, *Frame, error) {
	s := vm.sched
	t := args[0].(*Tasklet)
	npos := len(args) - len(kwnames)
	pending := false
	if v, ok := kwArg(args, kwnames, "pending"); ok {
		pending, _ = vm.Truthy(v)
	}
	var exc *Instance
	switch name {
	case "tasklet.kill":
		if !t.alive {
			return None, nil, nil
		}
		if npos > 1 {
			pending, _ = vm.Truthy(args[1])
		}
		exc = NewException(TaskletExitType)
	case "tasklet.raise_exception":
		if npos < 2 {
			return nil, nil, vm.NewError(TypeErrorType, "raise_exception() takes at least 1 argument")
		}
		e, err := vm.Call(args[1], append([]Value(nil), args[2:npos]...), nil)
		if err != nil {
			return nil, nil, err
		}
		inst, ok := e.(*Instance)
		if !ok || inst.Exc == nil {
			return nil, nil, vm.NewError(TypeErrorType, "exceptions must derive from BaseException")
		}
		exc = inst
	default:
		if npos < 2 {
			return nil, nil, vm.NewError(TypeErrorType, "throw() takes at least 1 argument")
		}
		if npos > 2 {
			pending, _ = vm.Truthy(args[2])
		}
		e, err := vm.makeException(args[1])
		if err != nil {
			return nil, nil, err
		}
		exc = e
	}
	if !t.alive {
		if exc.Class.IsSubtype(TaskletExitType) {
			return None, nil, nil
		}
		return nil, nil, vm.NewError(RuntimeErrorType, "You cannot throw to a dead tasklet")
	}
	if t == s.current {
		return nil, nil, exc
	}
	if t.blockedOn != nil {
		t.blockedOn.unblock(t)
	}
	t.resumeExc = exc
	t.wantsValue = false
	if pending {
		s.enqueue(t)
		return None, nil, nil
	}
	if err := vm.canSwitch(f); err != nil {
		s.enqueue(t)
		return nil, nil, err
	}
	cur := s.current
	s.pushFront(t)
	cur.wantsValue = true
	cur.resumeVal = None
	nf, err := s.switchTo(f, t, "throw")
	return nil, nf, err
}

// unblock removes a blocked tasklet from the channel's queue.
func (c *Channel) unblock(t *Tasklet) {
	for i, w := range c.waiting {
		if w == t {
			c.waiting = append(c.waiting[:i], c.waiting[i+1:]...)
			if c.balance > 0 {
				c.balance--
			} else if c.balance < 0 {
				c.balance++
			}
			break
		}
	}
	t.blockedOn = nil
	t.sendVal, t.sendExc = nil, nil
}

// channelOp implements send, receive, send_exception and send_throw.
func (vm *VM) channelOp(f *Frame, name string, args []Value) (Value, *Frame, error) {
	c := args[0].(*Channel)
	switch name {
	case "channel.receive":
		return vm.channelReceive(f, c)
	case "channel.send":
		if len(args) != 2 {
			return nil, nil, vm.NewError(TypeErrorType, "send() takes exactly one argument")
		}
		return vm.channelSend(f, c, args[1], nil)
	case "channel.send_exception":
		if len(args) < 2 {
			return nil, nil, vm.NewError(TypeErrorType, "send_exception() takes at least 1 argument")
		}
		e, err := vm.Call(args[1], append([]Value(nil), args[2:]...), nil)
		if err != nil {
			return nil, nil, err
		}
		exc, ok := e.(*Instance)
		if !ok || exc.Exc == nil {
			return nil, nil, vm.NewError(TypeErrorType, "exceptions must derive from BaseException")
		}
		return vm.channelSend(f, c, nil, exc)
	default:
		exc, err := vm.makeException(stArg(args, 1))
		if err != nil {
			return nil, nil, err
		}
		return vm.channelSend(f, c, nil, exc)
	}
}

var errClosed = "Send/receive operation on a closed channel"

// block puts the current tasklet on c's queue and switches away; when no
// other tasklet could ever wake it, it raises the deadlock error instead.
func (vm *VM) block(f *Frame, c *Channel, sending bool, v Value, exc *Instance) (Value, *Frame, error) {
	s := vm.sched
	if c.closing {
		return nil, nil, vm.NewError(ValueErrorType, "%s", errClosed)
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	cur := s.current
	others := s.count
	if cur.queued {
		others--
	}
	if others == 0 && len(s.watchdogs) == 0 && !(cur != s.main && s.main.alive && s.main.blockedOn == nil && !s.main.queued && !s.exiting) {
		return nil, nil, s.deadlockError("Deadlock: the last runnable tasklet cannot be blocked.")
	}
	cur.blockedOn = c
	cur.sendVal, cur.sendExc = v, exc
	cur.waitFile, cur.waitLine = where(f)
	c.waiting = append(c.waiting, cur)
	if sending {
		c.balance++
	} else {
		c.balance--
	}
	s.dequeue(cur)
	cur.resumeVal = None
	nf, err := s.suspend(f, "block")
	return nil, nf, err
}

func (vm *VM) channelSend(f *Frame, c *Channel, v Value, exc *Instance) (Value, *Frame, error) {
	s := vm.sched
	if c.balance >= 0 {
		return vm.block(f, c, true, v, exc)
	}
	r := c.waiting[0]
	c.waiting = c.waiting[1:]
	c.balance++
	r.blockedOn = nil
	if exc != nil {
		r.resumeExc = exc
		r.wantsValue = false
	} else {
		r.resumeVal = v
		r.wantsValue = true
	}
	if c.preference == -1 && vm.canSwitch(f) == nil {
		// The receiver runs at once; the sender is appended.
		cur := s.current
		s.dequeue(cur)
		s.pushFront(r)
		s.enqueue(cur)
		cur.wantsValue = true
		cur.resumeVal = None
		nf, err := s.switchTo(f, r, "send")
		return nil, nf, err
	}
	s.enqueue(r)
	return None, nil, nil
}

func (vm *VM) channelReceive(f *Frame, c *Channel) (Value, *Frame, error) {
	s := vm.sched
	if c.balance <= 0 {
		return vm.block(f, c, false, nil, nil)
	}
	sd := c.waiting[0]
	c.waiting = c.waiting[1:]
	c.balance--
	sd.blockedOn = nil
	v, exc := sd.sendVal, sd.sendExc
	sd.sendVal, sd.sendExc = nil, nil
	sd.resumeVal = None
	sd.wantsValue = true
	if c.preference == 1 && vm.canSwitch(f) == nil {
		// The sender runs at once; the receiver is appended with the value.
		cur := s.current
		s.dequeue(cur)
		s.pushFront(sd)
		s.enqueue(cur)
		if exc != nil {
			cur.resumeExc = exc
		} else {
			cur.wantsValue = true
			cur.resumeVal = v
		}
		nf, err := s.switchTo(f, sd, "receive")
		return nil, nf, err
	}
	s.enqueue(sd)
	if exc != nil {
		return nil, nil, exc
	}
	return v, nil, nil
}

// sendSequence sends every item of an iterable and returns the count.
// A send that switches leaves a continuation on the sender, which goes on
// with the next item when the sender resumes.
func (vm *VM) sendSequence(f *Frame, args []Value) (Value, *Frame, error) {
	c := args[0].(*Channel)
	items, err := vm.Collect(stArg(args, 1))
	if err != nil {
		return nil, nil, err
	}
	return vm.seqSendLoop(f, &seqSender{c: c, items: items})
}

type seqSender struct {
	c     *Channel
	items []Value
	i     int
}

func (vm *VM) seqSendLoop(f *Frame, seq *seqSender) (Value, *Frame, error) {
	s := vm.sched
	for seq.i < len(seq.items) {
		v := seq.items[seq.i]
		seq.i++
		cur := s.current
		_, nf, err := vm.channelSend(f, seq.c, v, nil)
		if err != nil {
			return nil, nil, err
		}
		if nf != nil {
			cur.wantsValue = false
			cur.cont = func(f *Frame) (*Frame, error) {
				val, nf2, err := vm.seqSendLoop(f, seq)
				if err != nil {
					return vm.unwind(f, err)
				}
				if nf2 != nil {
					return nf2, nil
				}
				f.slots[f.sp] = val
				f.sp++
				return f, nil
			}
			return nil, nf, nil
		}
	}
	return Int(len(seq.items)), nil, nil
}

// spawnSite is "file:line" of the running frame, for t.spawned_at.
func spawnSite(f *Frame) string {
	if f == nil {
		return "<unknown>"
	}
	file, line := where(f)
	return fmt.Sprintf("%s:%d", file, line)
}

// channelIterNext is FOR_ITER over a channel: a received value, or nil
// when the loop ends (StopIteration sent, or closed and empty).
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
