package vm

// tasklet_mod.go: the stackless module object, the tasklet and channel
// classes' attributes and methods, exit-time kills and the trace writer.

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
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
	special := func(t *Type, name string) {
		t.Dict.SetStr(name, &Builtin{Name: t.Name + "." + name, Special: specialTasklet})
	}
	for _, n := range []string{"run", "switch", "throw", "kill", "raise_exception"} {
		special(TaskletType, n)
	}
	for _, n := range []string{"send", "receive", "send_exception", "send_throw", "send_sequence"} {
		special(ChannelType, n)
	}
	tm := func(name string, fn func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error)) {
		TaskletType.Dict.SetStr(name, &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			t, ok := args[0].(*Tasklet)
			if !ok {
				return nil, vm.NewError(TypeErrorType, "descriptor '%s' requires a 'tasklet' object", name)
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
		if t.blockedOn != nil {
			return nil, vm.NewError(RuntimeErrorType, "You cannot run a blocked tasklet")
		}
		if !t.alive {
			return nil, vm.NewError(RuntimeErrorType, "You cannot run an unbound(dead) tasklet")
		}
		vm.sched.enqueue(t)
		return None, nil
	})
	tm("remove", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		if t.blockedOn != nil {
			return nil, vm.NewError(RuntimeErrorType, "You cannot remove a blocked tasklet.")
		}
		if t == vm.sched.current {
			return nil, vm.NewError(RuntimeErrorType, "The current tasklet cannot be removed. Use t=tasklet().capture()")
		}
		vm.sched.dequeue(t)
		return t, nil
	})
	tm("__repr__", func(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
		return NewStr(fmt.Sprintf("<tasklet '%s'>", t.Name)), nil
	})
	prop := func(t *Type, name string, get func(vm *VM, self Value) Value, set func(vm *VM, self, v Value) error) {
		p := &Property{Doc: None}
		p.Get = &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) { return get(vm, args[0]), nil }}
		if set != nil {
			p.Set = &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) { return None, set(vm, args[0], args[1]) }}
		}
		t.Dict.SetStr(name, p)
	}
	tp := func(name string, get func(vm *VM, t *Tasklet) Value) {
		prop(TaskletType, name, func(vm *VM, self Value) Value { return get(vm, self.(*Tasklet)) }, nil)
	}
	tp("alive", func(vm *VM, t *Tasklet) Value { return Bool(t.alive) })
	tp("blocked", func(vm *VM, t *Tasklet) Value { return Bool(t.blockedOn != nil) })
	tp("scheduled", func(vm *VM, t *Tasklet) Value { return Bool(t.queued || t.blockedOn != nil) })
	tp("paused", func(vm *VM, t *Tasklet) Value {
		return Bool(t.alive && !t.queued && t.blockedOn == nil && t != vm.sched.current)
	})
	tp("is_main", func(vm *VM, t *Tasklet) Value { return Bool(t.isMain) })
	tp("is_current", func(vm *VM, t *Tasklet) Value { return Bool(t == vm.sched.current) })
	tp("spawned_at", func(vm *VM, t *Tasklet) Value { return NewStr(t.SpawnedAt) })
	tp("thread_id", func(vm *VM, t *Tasklet) Value { return Int(0) })
	tp("next", func(vm *VM, t *Tasklet) Value { return taskletOrNone(t.next) })
	tp("prev", func(vm *VM, t *Tasklet) Value { return taskletOrNone(t.prev) })
	prop(TaskletType, "tempval", func(vm *VM, self Value) Value {
		if v := self.(*Tasklet).tempval; v != nil {
			return v
		}
		return None
	}, func(vm *VM, self, v Value) error { self.(*Tasklet).tempval = v; return nil })
	prop(TaskletType, "name", func(vm *VM, self Value) Value { return NewStr(self.(*Tasklet).Name) },
		func(vm *VM, self, v Value) error {
			s, err := vm.StrOf(v)
			self.(*Tasklet).Name = s
			return err
		})
	cp := func(name string, get func(c *Channel) Value) {
		prop(ChannelType, name, func(vm *VM, self Value) Value { return get(self.(*Channel)) }, nil)
	}
	cp("balance", func(c *Channel) Value { return Int(c.balance) })
	cp("closing", func(c *Channel) Value { return Bool(c.closing) })
	cp("closed", func(c *Channel) Value { return Bool(c.closing && c.balance == 0) })
	cp("queue", func(c *Channel) Value {
		if len(c.waiting) == 0 {
			return None
		}
		return c.waiting[0]
	})
	prop(ChannelType, "preference", func(vm *VM, self Value) Value { return Int(self.(*Channel).preference) },
		func(vm *VM, self, v Value) error {
			n, err := vm.IndexOf(v)
			if err != nil {
				return err
			}
			if n > 1 {
				n = 1
			}
			if n < -1 {
				n = -1
			}
			self.(*Channel).preference = int(n)
			return nil
		})
	cm := func(name string, fn func(vm *VM, c *Channel) (Value, error)) {
		ChannelType.Dict.SetStr(name, &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
			return fn(vm, args[0].(*Channel))
		}})
	}
	cm("close", func(vm *VM, c *Channel) (Value, error) { c.closing = true; return None, nil })
	cm("open", func(vm *VM, c *Channel) (Value, error) { c.closing = false; return None, nil })
	cm("__iter__", func(vm *VM, c *Channel) (Value, error) { return c, nil })
	cm("__repr__", func(vm *VM, c *Channel) (Value, error) {
		return NewStr(fmt.Sprintf("<channel balance=%d>", c.balance)), nil
	})
}

func taskletOrNone(t *Tasklet) Value {
	if t == nil {
		return None
	}
	return t
}

// newTasklet implements tasklet(func=None).
func newTasklet(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	s := vm.sched
	s.nextID++
	t := &Tasklet{id: s.nextID, SpawnedAt: spawnSite(vm.frame)}
	fn := stArg(args, 0)
	if v, ok := kwArg(args, kwnames, "func"); ok {
		fn = v
	}
	if fn != None {
		t.fn = fn
		t.Name = callableName(fn)
	} else {
		t.Name = fmt.Sprintf("tasklet-%d", t.id)
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
	}
	return "tasklet"
}

// taskletBind implements t.bind(func=None, args=None, kwargs=None).
func taskletBind(vm *VM, t *Tasklet, args []Value, kw []string) (Value, error) {
	npos := len(args) - len(kw)
	fn := stArg(args[:npos], 0)
	if v, ok := kwArg(args, kw, "func"); ok {
		fn = v
	}
	bargs := stArg(args[:npos], 1)
	if v, ok := kwArg(args, kw, "args"); ok {
		bargs = v
	}
	bkw := stArg(args[:npos], 2)
	if v, ok := kwArg(args, kw, "kwargs"); ok {
		bkw = v
	}
	if t.alive && t.started {
		if t == vm.sched.current {
			return nil, vm.NewError(RuntimeErrorType, "cannot bind the current tasklet")
		}
	}
	if fn == None && bargs == None && bkw == None {
		// Unbind: frames dropped, no finally run.
		if t.blockedOn != nil {
			return nil, vm.NewError(RuntimeErrorType, "You cannot unbind a blocked tasklet")
		}
		vm.sched.dequeue(t)
		vm.sched.removeAlive(t)
		t.alive, t.started, t.frame = false, false, nil
		return t, nil
	}
	if fn != None {
		t.fn = fn
		t.Name = callableName(fn)
	}
	if bargs != None || bkw != None {
		var items []Value
		if bargs != None {
			var err error
			items, err = vm.Collect(bargs)
			if err != nil {
				return nil, err
			}
		}
		var kd *Dict
		if d, ok := bkw.(*Dict); ok {
			kd = d
		}
		all, names := flattenKw(items, kd)
		if err := vm.bindArgs(t, all, names); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// taskletSetup implements t(*args, **kwargs) / t.setup(...): bind and
// append to the run queue.
func (vm *VM) taskletSetup(t *Tasklet, args []Value, kw []string) (Value, error) {
	if t.alive {
		return nil, vm.NewError(RuntimeErrorType, "tasklet is already alive")
	}
	if err := vm.bindArgs(t, append([]Value(nil), args...), append([]string(nil), kw...)); err != nil {
		return nil, err
	}
	vm.sched.enqueue(t)
	return t, nil
}

func (vm *VM) bindArgs(t *Tasklet, args []Value, kw []string) error {
	if t.fn == nil {
		return vm.NewError(RuntimeErrorType, "the tasklet was not bound to a function")
	}
	t.args, t.kwnames = args, kw
	t.started = false
	t.frame = nil
	if !t.alive {
		t.alive = true
		vm.sched.aliveOrder = append(vm.sched.aliveOrder, t)
	}
	return nil
}

func (vm *VM) stacklessModule() *Module {
	d := NewDict(0)
	d.SetStr("__name__", NewStr("stackless"))
	d.SetStr("tasklet", TaskletType)
	d.SetStr("channel", ChannelType)
	d.SetStr("TaskletExit", TaskletExitType)
	for _, n := range []string{"schedule", "schedule_remove", "run"} {
		d.SetStr(n, &Builtin{Name: n, Special: specialTasklet})
	}
	d.SetStr("getcurrent", &Builtin{Name: "getcurrent", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.sched.current, nil
	}})
	d.SetStr("getmain", &Builtin{Name: "getmain", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return vm.sched.main, nil
	}})
	d.SetStr("getruncount", &Builtin{Name: "getruncount", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return Int(vm.sched.count), nil
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

// finish kills the tasklets still alive when the main module ends, in the
// order they became alive (TaskletExit runs their finally blocks), then
// writes the trace.
func (s *scheduler) finish() error {
	vm := s.vm
	s.exiting = true
	s.main.alive = false
	s.dequeue(s.main)
	for len(s.aliveOrder) > 0 {
		t := s.aliveOrder[0]
		if !t.alive || !t.started {
			t.alive = false
			s.dequeue(t)
			s.removeAlive(t)
			continue
		}
		if t.blockedOn != nil {
			t.blockedOn.unblock(t)
		}
		t.resumeExc = NewException(TaskletExitType)
		t.wantsValue = false
		s.exitTarget = t
		s.pushFront(t)
		f, err := s.switchTo(nil, t, "exit")
		if f != nil {
			_, err = vm.loop(f)
		}
		if t.alive {
			// It survived (caught TaskletExit and blocked): drop it.
			t.alive = false
			s.dequeue(t)
			s.removeAlive(t)
		}
		_ = err
	}
	if s.tracer != nil {
		return s.tracer.write(vm.opts.TracePath)
	}
	return nil
}

// reportThreadException prints an uncaught exception of a thread tasklet
// as Python's threading module does.
func (vm *VM) reportThreadException(t *Tasklet, exc *Instance) {
	if exc.Class.IsSubtype(SystemExitType) {
		return
	}
	fmt.Fprintf(vm.opts.Stderr, "Exception in thread %s:\n%s", t.Name, vm.FormatTraceback(exc))
}

// tracer records tasklet switches as Chrome trace events.
type tracer struct {
	start  time.Time
	events []traceEvent
	open   map[*Tasklet]float64
	names  map[int]string
}

type traceEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur,omitempty"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args,omitempty"`
}

func newTracer() *tracer {
	return &tracer{start: time.Now(), open: map[*Tasklet]float64{}, names: map[int]string{}}
}

func (tr *tracer) now() float64 { return float64(time.Since(tr.start).Nanoseconds()) / 1000 }

func (tr *tracer) begin(t *Tasklet, reason string) {
	tr.open[t] = tr.now()
	tr.names[t.id] = t.Name
}

func (tr *tracer) end(t *Tasklet, reason string) {
	startTs, ok := tr.open[t]
	if !ok {
		return
	}
	delete(tr.open, t)
	tr.events = append(tr.events, traceEvent{Name: t.Name, Ph: "X", Ts: startTs, Dur: tr.now() - startTs,
		Pid: 1, Tid: t.id, Args: map[string]any{"switch_out": reason}})
}

func (tr *tracer) switchTo(from, to *Tasklet, reason string) {
	if from != nil {
		tr.end(from, reason)
	}
	tr.begin(to, reason)
}

func (tr *tracer) write(path string) error {
	for t := range tr.open {
		tr.end(t, "exit")
	}
	events := tr.events
	for id, name := range tr.names {
		events = append(events, traceEvent{Name: "thread_name", Ph: "M", Pid: 1, Tid: id, Args: map[string]any{"name": fmt.Sprintf("tasklet %d '%s'", id, name)}})
	}
	data, err := json.Marshal(map[string]any{"traceEvents": events, "displayTimeUnit": "ms"})
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
