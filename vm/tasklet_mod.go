package vm

// tasklet_mod.go: the stackless module object, the tasklet and channel
// classes' attributes and non-switching methods, binding, the kills at
// exit and the tasklet summary for tools.

import (
	"fmt"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

func init() {
	builtinModules["stackless"] = (*VM).stacklessModule
	TaskletType.New = newTasklet
	ChannelType.New = func(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
		if len(args) > 0 {
			return nil, vm.NewError(TypeErrorType, "channel() takes no arguments")
		}
		return &Channel{preference: -1}, nil
	}
	TaskletType.Later(registerTaskletMethods)
	ChannelType.Later(registerChannelMethods)
}

// registerTaskletMethods registers tasklet's methods and properties (see
// Type.Later).
func registerTaskletMethods(t *Type) {
	for _, b := range []*Builtin{stTaskletRun, stTaskletSwitch, stThrow, stKill, stRaiseExc} {
		t.setMethod(b.Name, b)
	}
	tm := func(name string, fn func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error)) {
		t.setMethod(name, &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			t, err := argTasklet(vm, args, name)
			if err != nil {
				return nil, err
			}
			return fn(vm, t, args[1:], kw)
		}})
	}
	tm("bind", taskletBind)
	tm("setup", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		return vm.taskletSetup(t, args, kw)
	})
	tm("__call__", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		return vm.taskletSetup(t, args, kw)
	})
	tm("insert", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs("insert", len(args)); err != nil {
			return nil, err
		}
		if t.blockedOn != nil {
			return nil, vm.NewError(RuntimeErrorType, "You cannot run a blocked tasklet")
		}
		if !t.alive() {
			return nil, vm.NewError(RuntimeErrorType, "You cannot run an unbound(dead) tasklet")
		}
		vm.sched.enqueue(t)
		return None, nil
	})
	tm("remove", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		if err := vm.noArgs("remove", len(args)); err != nil {
			return nil, err
		}
		if t.blockedOn != nil {
			return nil, vm.NewError(RuntimeErrorType, "You cannot remove a blocked tasklet.")
		}
		if t == vm.sched.current {
			return nil, vm.NewError(RuntimeErrorType, "The current tasklet cannot be removed.")
		}
		vm.sched.dequeue(t)
		return t, nil
	})
	tm("__repr__", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		return NewStr(fmt.Sprintf("<tasklet '%s'>", t.name())), nil
	})

	tp := func(name string, get func(vm *VM, t *Tasklet) Value) {
		stacklessProp(t, name, func(vm *VM, self Value) Value { return get(vm, self.(*Tasklet)) }, nil)
	}
	tp("alive", func(vm *VM, t *Tasklet) Value { return Bool(t.alive()) })
	tp("blocked", func(vm *VM, t *Tasklet) Value { return Bool(t.blockedOn != nil) })
	tp("scheduled", func(vm *VM, t *Tasklet) Value { return Bool(t.queued() || t.blockedOn != nil) })
	tp("paused", func(vm *VM, t *Tasklet) Value {
		return Bool(t.alive() && !t.queued() && t.blockedOn == nil && t != vm.sched.current)
	})
	tp("is_main", func(vm *VM, t *Tasklet) Value { return Bool(t.isMain()) })
	tp("is_current", func(vm *VM, t *Tasklet) Value { return Bool(t == vm.sched.current) })
	tp("spawned_at", func(vm *VM, t *Tasklet) Value { return NewStr(vm.sched.spawnedAt(t)) })
	tp("thread_id", func(vm *VM, t *Tasklet) Value { return Int(0) })
	tp("next", func(vm *VM, t *Tasklet) Value { return taskletOrNone(t.linked(t.next)) })
	tp("prev", func(vm *VM, t *Tasklet) Value { return taskletOrNone(t.linked(t.prev)) })
	stacklessProp(t, "tempval", func(vm *VM, self Value) Value {
		if v := self.(*Tasklet).tempval; v != nil {
			return v
		}
		return None
	}, func(vm *VM, self, v Value) error { self.(*Tasklet).tempval = v; return nil })
	stacklessProp(t, "name", func(vm *VM, self Value) Value { return NewStr(self.(*Tasklet).name()) },
		func(vm *VM, self, v Value) error {
			s, ok := v.(*Str)
			if !ok {
				return vm.NewError(TypeErrorType, "tasklet name must be a string, not %s", TypeOf(v).Name)
			}
			self.(*Tasklet).setName(s.S)
			return nil
		})
}

// registerChannelMethods registers channel's methods and properties.
func registerChannelMethods(c *Type) {
	for _, b := range []*Builtin{stSend, stReceive, stSendException, stSendThrow, stSendSequence} {
		c.setMethod(b.Name, b)
	}
	cp := func(name string, get func(c *Channel) Value) {
		stacklessProp(c, name, func(vm *VM, self Value) Value { return get(self.(*Channel)) }, nil)
	}
	cp("balance", func(c *Channel) Value { return Int(c.balance) })
	cp("closing", func(c *Channel) Value { return Bool(c.closing) })
	cp("closed", func(c *Channel) Value { return Bool(c.closing && c.balance == 0) })
	cp("queue", func(c *Channel) Value { return taskletOrNone(c.head) })
	stacklessProp(c, "preference", func(vm *VM, self Value) Value { return Int(self.(*Channel).preference) },
		func(vm *VM, self, v Value) error {
			n, err := vm.IndexOf(v)
			if err != nil {
				return err
			}
			p := int8(0)
			if n > 0 {
				p = 1
			} else if n < 0 {
				p = -1
			}
			self.(*Channel).preference = p
			return nil
		})
	cm := func(name string, fn func(vm *VM, c *Channel) (Value, error)) {
		c.setMethod(name, &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			c, err := argChannel(vm, args, name)
			if err != nil {
				return nil, err
			}
			if err := vm.noArgs(name, len(args)-1); err != nil {
				return nil, err
			}
			return fn(vm, c)
		}})
	}
	cm("close", func(vm *VM, c *Channel) (Value, error) { c.closing = true; return None, nil })
	cm("open", func(vm *VM, c *Channel) (Value, error) { c.closing = false; return None, nil })
	cm("__iter__", func(vm *VM, c *Channel) (Value, error) { return c, nil })
	cm("__repr__", func(vm *VM, c *Channel) (Value, error) {
		return NewStr(fmt.Sprintf("<channel balance=%d>", c.balance)), nil
	})
}

// stacklessProp sets a property name on typ whose getter is get and
// setter set (nil: read-only).
func stacklessProp(typ *Type, name string, get func(vm *VM, self Value) Value, set func(vm *VM, self, v Value) error) {
	p := &Property{Doc: None}
	p.Get = &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) { return get(vm, args[0]), nil }}
	if set != nil {
		p.Set = &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) { return None, set(vm, args[0], args[1]) }}
	}
	typ.setMethod(name, p)
}

// linked returns n, a neighbour of t in the run queue or in a channel's
// queue, or nil when t is in neither (its links are stale then).
func (t *Tasklet) linked(n *Tasklet) *Tasklet {
	if t.queued() || t.blockedOn != nil {
		return n
	}
	return nil
}

func taskletOrNone(t *Tasklet) Value {
	if t == nil {
		return None
	}
	return t
}

// newTaskletAt makes a tasklet that will call fn (not yet alive: bind
// its arguments with vm.bindArgs), created by the CALL at frame site,
// with extra state flags (tThread for threading.Thread).
func (s *scheduler) newTaskletAt(fn Value, site *Frame, flags tflags) *Tasklet {
	t := &Tasklet{flags: flags & tThread}
	t.setSite(s.siteOf(site))
	t.setCallable(fn)
	return t
}

// newTasklet implements tasklet(func=None, args=None, kwargs=None).
func newTasklet(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	t := &Tasklet{}
	t.setSite(vm.sched.siteOf(vm.frame))
	if len(args) == 0 {
		return t, nil
	}
	if len(args) == 1 && len(kwnames) == 0 && isCallable(args[0]) {
		// tasklet(func): no need to parse bind's arguments.
		t.setCallable(args[0])
		return t, nil
	}
	if _, err := taskletBind(vm, t, args, kwnames); err != nil {
		return nil, err
	}
	return t, nil
}

func callableName(fn Value) string {
	switch f := fn.(type) {
	case *Function:
		return f.Name
	case *BoundMethod:
		return callableName(f.Fn)
	case *Builtin:
		return f.Name
	case *Type:
		return f.Name
	case *Instance:
		return f.Class.Name
	}
	return "tasklet"
}

// taskletBind implements t.bind(func=None, args=None, kwargs=None).
func taskletBind(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
	p, err := vm.stArgs("bind", args, kw, paramsBind, 0)
	if err != nil {
		return nil, err
	}
	fn, bargs, bkw := p[0], p[1], p[2]
	if fn == nil {
		fn = None
	}
	if bargs == nil {
		bargs = None
	}
	if bkw == nil {
		bkw = None
	}
	s := vm.sched
	if t.alive() {
		if t == s.current {
			return nil, vm.NewError(RuntimeErrorType, "cannot bind the current tasklet")
		}
		if t.queued() || t.blockedOn != nil {
			return nil, vm.NewError(RuntimeErrorType, "cannot bind a scheduled tasklet")
		}
	}
	if fn != None && !isCallable(fn) {
		return nil, vm.NewError(TypeErrorType, "tasklet function must be a callable")
	}
	if fn == None && bargs == None && bkw == None {
		// Unbind: the frames are dropped without running finally blocks.
		if t.flags&tNamed == 0 && t.callable() != nil {
			t.setName(t.name())
		}
		s.unbind(t)
		t.setCallable(nil)
		return t, nil
	}
	// Check the arguments before changing anything.
	var all []Value
	var names []string
	if bargs != None || bkw != None {
		var items []Value
		if bargs != None {
			if items, err = vm.Collect(bargs); err != nil {
				return nil, err
			}
		}
		var kd *Dict
		if bkw != None {
			d, ok := bkw.(*Dict)
			if !ok {
				return nil, vm.NewError(TypeErrorType, "bind() argument 'kwargs' must be a dict, not %s", TypeOf(bkw).Name)
			}
			kd = d
		}
		all, names = flattenKw(items, kd)
		if fn == None && t.callable() == nil {
			return nil, vm.NewError(RuntimeErrorType, "the tasklet was not bound to a function")
		}
	}
	if fn != None {
		s.unbind(t)
		t.setCallable(fn)
	}
	if bargs != None || bkw != None {
		if err := vm.bindArgs(t, all, names); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// unbind drops t's frames and arguments: it is no longer alive.
func (s *scheduler) unbind(t *Tasklet) {
	t.frame = nil
	if t.blockedOn == nil && !t.queued() {
		t.next, t.prev = nil, nil
	}
	if t.flags&tSendExc != 0 {
		t.tempval = nil
	}
	t.flags &^= tStarted | tWantsValue | tSendExc
	if t.x != nil {
		t.x.exc, t.x.cont, t.x.handled = nil, nil, nil
		t.x.takePending()
	}
	if t.alive() {
		s.dequeue(t)
		s.becameDead(t)
	}
}

// taskletSetup implements t(*args, **kwargs) and t.setup(...): bind the
// arguments and append the tasklet to the run queue.
func (vm *VM) taskletSetup(t *Tasklet, args []Value, kw []string) (Value, error) {
	if t.alive() {
		return nil, vm.NewError(RuntimeErrorType, "tasklet is alive")
	}
	if err := vm.bindArgs(t, args, kw); err != nil {
		return nil, err
	}
	vm.sched.enqueue(t)
	return t, nil
}

// bindArgs binds call arguments to t's function, making it alive. For a
// Weft function the frame is built at once (the arguments are copied into
// it); binding errors are raised when the tasklet first runs, as the
// call then happens.
func (vm *VM) bindArgs(t *Tasklet, args []Value, kw []string) error {
	if t.callable() == nil {
		return vm.NewError(RuntimeErrorType, "the tasklet was not bound to a function")
	}
	s := vm.sched
	s.unbind(t)
	var nf *Frame
	switch fn := t.callable().(type) {
	case *Function:
		if fn.Code.Flags&bc.FlagGenerator == 0 {
			nf, _ = vm.bindFrame(fn, nil, args, kw)
		}
	case *BoundMethod:
		if inner, ok := fn.Fn.(*Function); ok && inner.Code.Flags&bc.FlagGenerator == 0 {
			nf, _ = vm.bindFrame(inner, fn.Self, args, kw)
		}
	}
	if nf != nil {
		t.frame = nf
	} else {
		t.setPending(append([]Value(nil), args...), append([]string(nil), kw...))
	}
	s.becameAlive(t)
	return nil
}

func (vm *VM) stacklessModule() *Module {
	d := NewDict(0)
	d.SetStr("__name__", NewStr("stackless"))
	d.SetStr("tasklet", TaskletType)
	d.SetStr("channel", ChannelType)
	d.SetStr("TaskletExit", TaskletExitType)
	d.SetStr("schedule", stSchedule)
	d.SetStr("schedule_remove", stScheduleRemove)
	d.SetStr("run", stRun)
	d.SetStr("getcurrent", &Builtin{Name: "getcurrent", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.sched.current, vm.noArgs("getcurrent", len(args))
	}})
	d.SetStr("getmain", &Builtin{Name: "getmain", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.sched.main, vm.noArgs("getmain", len(args))
	}})
	d.SetStr("getruncount", &Builtin{Name: "getruncount", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return Int(vm.sched.count), vm.noArgs("getruncount", len(args))
	}})
	m := &Module{Name: "stackless", Dict: d}
	m.Dynamic = func(name string) (Value, bool) {
		switch name {
		case "current":
			return vm.sched.current, true
		case "main":
			return vm.sched.main, true
		case "runcount":
			return Int(vm.sched.count), true
		}
		return nil, false
	}
	return m
}

// finish kills the tasklets still alive when the main module has ended,
// in the order they became alive (TaskletExit runs their finally blocks;
// one that never ran just dies), then writes the trace. Each is killed
// alone: the run queue is emptied first.
func (s *scheduler) finish() error {
	if s.finished {
		return nil
	}
	s.finished = true
	vm := s.vm
	vm.exitJoin() // non-daemon threads finish first (threading_sched.go)
	s.exiting = true
	m := s.main
	if m.blockedOn != nil {
		m.blockedOn.unblock(m)
	}
	s.dropWatchdogs(m)
	for _, w := range s.watchdogs {
		w.t.flags &^= tWatchdog
	}
	s.watchdogs = nil
	s.updateSlicing()
	m.flags &^= tAlive
	for s.head != nil {
		s.dequeue(s.head)
	}
	s.sweepAlive()
	for t := s.aliveHead; t != nil; t = t.anext {
		if !t.alive() {
			continue
		}
		if !t.started() || !catches(t.frame) {
			// Never ran, or nothing in its frames could see TaskletExit
			// (no handler, no finally, no generator): it just dies.
			if t.blockedOn != nil {
				t.blockedOn.unblock(t)
			}
			s.unbind(t)
			continue
		}
		if t.blockedOn != nil {
			t.blockedOn.unblock(t)
		}
		t.setPendingExc(NewException(TaskletExitType))
		s.exitTarget = t
		s.pushFront(t)
		f, err := s.switchTo(nil, t, "exit")
		if f != nil {
			_, err = vm.loop(f)
		}
		if err != nil {
			if _, ok := err.(*returnSignal); !ok {
				s.report(AsException(err))
			}
		}
		if t.alive() {
			// It caught TaskletExit and stopped elsewhere: drop it.
			s.dequeue(t)
			if t.blockedOn != nil {
				t.blockedOn.unblock(t)
			}
			t.frame = nil
			s.becameDead(t)
		}
		for s.head != nil {
			s.dequeue(s.head)
		}
	}
	s.current = m
	if s.tracer != nil {
		return s.tracer.write(vm.opts.TracePath, s)
	}
	return nil
}

// catches reports whether an exception raised at the resume point of the
// frame chain starting at f could run any code: an exception handler
// (except, finally, with) covers some frame's current instruction, or a
// generator frame would be finished by it.
func catches(f *Frame) bool {
	for ; f != nil; f = f.Back {
		if f.gen != nil || f.code().Handler(f.pc-1) != nil {
			return true
		}
	}
	return false
}

// reportThreadException prints an uncaught exception of a thread tasklet
// as Python's threading module does.
func (vm *VM) reportThreadException(t *Tasklet, exc *Instance) {
	if exc.Class.IsSubtype(SystemExitType) {
		return
	}
	fmt.Fprintf(vm.opts.Stderr, "Exception in thread %s:\n%s", t.name(), vm.FormatTraceback(exc))
}

// states lists the alive tasklets other than main, for tools.
func (s *scheduler) states() []TaskletState {
	var out []TaskletState
	for t := s.aliveHead; t != nil; t = t.anext {
		if !t.alive() || t.isMain() {
			continue
		}
		st := TaskletState{Name: t.name(), SpawnedAt: s.spawnedAt(t)}
		switch {
		case t == s.current:
			st.State = "running"
		case t.blockedOn != nil:
			st.State = "blocked"
		case t.queued():
			st.State = "runnable"
		default:
			st.State = "paused"
		}
		if t.started() && t != s.current {
			st.File, st.Line = t.waitingAt()
		}
		out = append(out, st)
	}
	return out
}

// Switches is the number of tasklet switches so far.
func (vm *VM) Switches() int64 { return vm.sched.switches }
