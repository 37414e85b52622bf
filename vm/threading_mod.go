package vm

// threading_mod.go: the threading module on tasklets (SPEC.md, "Threads
// on tasklets"). Every Thread is a tasklet whose callable is the Thread's
// bound run method; Lock, RLock, Condition, Semaphore, Event and Barrier
// keep their waiters on wait queues (sched_timer.go: waitOn), so blocking
// suspends only the calling tasklet. Waking is a hand-off: release()
// gives the lock to the first waiter, put() gives the item to the first
// getter, so waiters are served first come, first served and every run of
// a program interleaves the same way.

import (
	"fmt"
	"math"
	"strconv"
)

type opFunc = func(vm *VM, f *Frame, args []Value, kwnames []string) (Value, *Frame, error)

// The threading module's classes.
var (
	ThreadType             = newType("Thread", "threading", ObjectType)
	mainThreadType         = newType("_MainThread", "threading", ThreadType)
	dummyThreadType        = newType("_DummyThread", "threading", ThreadType)
	TimerType              = newType("Timer", "threading", ThreadType)
	LockType               = newType("lock", "_thread", ObjectType)
	RLockType              = newType("RLock", "_thread", ObjectType)
	ConditionType          = newType("Condition", "threading", ObjectType)
	SemaphoreType          = newType("Semaphore", "threading", ObjectType)
	BoundedSemaphoreType   = newType("BoundedSemaphore", "threading", SemaphoreType)
	EventType              = newType("Event", "threading", ObjectType)
	BarrierType            = newType("Barrier", "threading", ObjectType)
	BrokenBarrierErrorType = newExcType("BrokenBarrierError", RuntimeErrorType)
)

// The signatures of the methods, taking arguments, of the classes
// CPython writes in Python.
var (
	condInitDef    = &pyDef{qual: "Condition.__init__", method: true, params: []string{"lock"}}
	condWaitDef    = &pyDef{qual: "Condition.wait", method: true, params: []string{"timeout"}}
	condWaitForDef = &pyDef{qual: "Condition.wait_for", method: true, params: []string{"predicate", "timeout"}, required: 1}
	condNotifyDef  = &pyDef{qual: "Condition.notify", method: true, params: []string{"n"}}
	condExitDef    = &pyDef{qual: "Condition.__exit__", method: true} // (self, *args)
	semInitDef     = &pyDef{qual: "Semaphore.__init__", method: true, params: []string{"value"}}
	bsemInitDef    = &pyDef{qual: "BoundedSemaphore.__init__", method: true, params: []string{"value"}}
	semAcquireDef  = &pyDef{qual: "Semaphore.acquire", method: true, params: []string{"blocking", "timeout"}}
	semReleaseDef  = &pyDef{qual: "Semaphore.release", method: true, params: []string{"n"}}
	bsemReleaseDef = &pyDef{qual: "BoundedSemaphore.release", method: true, params: []string{"n"}}
	semExitDef     = &pyDef{qual: "Semaphore.__exit__", method: true, params: []string{"t", "v", "tb"}, required: 3}
	eventWaitDef   = &pyDef{qual: "Event.wait", method: true, params: []string{"timeout"}}
	barrierInitDef = &pyDef{qual: "Barrier.__init__", method: true, params: []string{"parties", "action", "timeout"}, required: 1}
	barrierWaitDef = &pyDef{qual: "Barrier.wait", method: true, params: []string{"timeout"}}
)

// timeoutMax is threading.TIMEOUT_MAX.
const timeoutMax = 9223372036.0

type lockState struct {
	locked bool
	q      *Channel
}

type rlockState struct {
	owner *Tasklet
	count int64
	q     *Channel
}

type condState struct {
	lock Value
	q    *Channel
}

type semState struct {
	value   int64
	initial int64
	q       *Channel
}

type eventState struct {
	flag bool
	q    *Channel
}

type barrierState struct {
	parties int64
	action  Value
	timeout Value
	count   int64
	broken  bool
	q       *Channel
}

func newQ() *Channel { return &Channel{} }

// addOp registers a blocking method on t.
func addOp(t *Type, name string, op opFunc) {
	b := &Builtin{Name: name, Special: specialOp, Op: op, Fn: opFn(op), owner: t}
	t.setMethod(name, b)
}

// addProp registers a property with a getter and an optional setter.
func addProp(t *Type, name string, get func(vm *VM, self Value) (Value, error), set func(vm *VM, self, v Value) error) {
	p := &Property{Doc: None, Set: None, Del: None}
	p.Get = &Builtin{Name: name, Fn: func(vm *VM, args []Value, _ []string) (Value, error) { return get(vm, args[0]) }}
	if set != nil {
		p.Set = &Builtin{Name: name, Fn: func(vm *VM, args []Value, _ []string) (Value, error) { return None, set(vm, args[0], args[1]) }}
	}
	t.setMethod(name, p)
}

func native[T any](vm *VM, v Value, t *Type, name string) (T, error) {
	if inst, ok := v.(*Instance); ok {
		if n, ok := inst.Native().(T); ok {
			return n, nil
		}
	}
	var zero T
	return zero, vm.descrError(name, t, v)
}

// timeoutArg converts a timeout= argument: ok=false for None/missing.
func (vm *VM) timeoutArg(v Value) (float64, bool, error) {
	if v == nil || v == None {
		return 0, false, nil
	}
	x, err := vm.FloatArg(v)
	if err != nil {
		return 0, false, err
	}
	if math.IsNaN(x) {
		return 0, false, vm.NewError(ValueErrorType, "Invalid value NaN (not a number)")
	}
	return x, true, nil
}

func truthyArg(vm *VM, v Value, def bool) (bool, error) {
	if v == nil {
		return def, nil
	}
	return vm.Truthy(v)
}

func init() {
	builtinModules["threading"] = threadingModule
	BrokenBarrierErrorType.Module = "threading"
	initThread()
	initLocks()
	initCondition()
	initSemaphore()
	initEvent()
	initBarrier()
}

func threadingModule(vm *VM) *Module {
	// CPython writes these functions in Python, except the _thread ones
	// (get_ident, get_native_id, stack_size): their argument errors differ.
	m := newModule("threading", map[string]BuiltinFunc{
		"current_thread": defNoArgs("current_thread", thCurrentThread),
		"currentThread":  defNoArgs("currentThread", thCurrentThread),
		"main_thread": defNoArgs("main_thread", func(vm *VM) (Value, error) {
			return vm.mainThreadObj(), nil
		}),
		"active_count": defNoArgs("active_count", thActiveCount),
		"activeCount":  defNoArgs("activeCount", thActiveCount),
		"enumerate": defNoArgs("enumerate", func(vm *VM) (Value, error) {
			out := []Value{vm.mainThreadObj()}
			for t := vm.sched.aliveHead; t != nil; t = t.anext {
				// Threads are alive tasklets, listed in start order.
				if th := thOf(t); th != nil && t.alive() && t.flags&tThread != 0 && th.inst != nil {
					out = append(out, th.inst)
				}
			}
			return &List{items: out}, nil
		}),
		"get_ident":     cNoArgs("_thread.get_ident", thGetIdent),
		"get_native_id": cNoArgs("_thread.get_native_id", thGetIdent),
		"settrace":      ignoreFunc("settrace"),
		"setprofile":    ignoreFunc("setprofile"),
		"gettrace":      defNoArgs("gettrace", func(vm *VM) (Value, error) { return None, nil }),
		"getprofile":    defNoArgs("getprofile", func(vm *VM) (Value, error) { return None, nil }),
		"stack_size":    thStackSize,
	})
	d := m.Dict
	d.SetStr("Thread", ThreadType)
	d.SetStr("Timer", TimerType)
	d.SetStr("Lock", LockType)
	d.SetStr("RLock", RLockType)
	d.SetStr("Condition", ConditionType)
	d.SetStr("Semaphore", SemaphoreType)
	d.SetStr("BoundedSemaphore", BoundedSemaphoreType)
	d.SetStr("Event", EventType)
	d.SetStr("Barrier", BarrierType)
	d.SetStr("local", LocalType)
	d.SetStr("BrokenBarrierError", BrokenBarrierErrorType)
	d.SetStr("ThreadError", RuntimeErrorType)
	d.SetStr("TIMEOUT_MAX", Float(timeoutMax))
	return m
}

// defNoArgs makes a module function that CPython defines in Python with
// no parameters ("current_thread() takes 0 positional arguments but 1 was
// given").
func defNoArgs(name string, fn func(vm *VM) (Value, error)) BuiltinFunc {
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noParams(name, false, args, kw); err != nil {
			return nil, err
		}
		return fn(vm)
	}
}

// ignoreFunc makes settrace(func) and setprofile(func): fake threads
// have no tracing, but the call is checked as CPython's def is.
func ignoreFunc(name string) BuiltinFunc {
	d := &pyDef{qual: name, params: []string{"func"}, required: 1}
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		var a [1]Value
		return None, vm.bind(d, a[:], args, kw)
	}
}

func thCurrentThread(vm *VM) (Value, error) {
	return vm.currentThread().inst, nil
}

func thActiveCount(vm *VM) (Value, error) {
	return Int(1 + vm.sched.threads), nil
}

func thGetIdent(vm *VM) (Value, error) {
	return Int(identOf(vm.sched.current)), nil
}

// thStackSize is _thread.stack_size([size]): fake threads have no stack
// of their own, so the size is checked as CPython checks it (on Linux,
// THREAD_STACK_MIN is 32768) and only remembered: as in CPython, every
// call sets it (no argument means 0) and returns the previous setting.
func thStackSize(vm *VM, args []Value, kw []string) (Value, error) {
	if err := vm.noKwargs("stack_size", kw); err != nil {
		return nil, err
	}
	if len(args) > 1 {
		return nil, vm.NewError(TypeErrorType, "stack_size() takes at most 1 argument (%d given)", len(args))
	}
	var n int64
	if len(args) == 1 {
		var err error
		if n, err = vm.ssize(args[0]); err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, vm.NewError(ValueErrorType, "size must be 0 or a positive value")
		}
		if n != 0 && n < 32768 {
			return nil, vm.NewError(ValueErrorType, "size not valid: %d bytes", n)
		}
	}
	w := vm.world()
	old := w.stackSize
	w.stackSize = n
	return Int(old), nil
}

// identOf is a tasklet's thread identifier: that of its threading state,
// which its Thread keeps after the tasklet ends (nonzero, unique among the
// live threads).
func identOf(t *Tasklet) int { return tstate(t).ident() }

func (th *threadState) ident() int { return int(idOf(th)) }

// --- Thread --------------------------------------------------------------------

func newThreadInst(cls *Type) (*Instance, *threadState) {
	o := &threadObj{inst: Instance{Class: cls}}
	o.ext.state = &o.th
	o.inst.ext = &o.ext
	o.th.inst = &o.inst
	return &o.inst, &o.th
}

// threadObj is a Thread and its state in one allocation: 160 bytes, a
// size class, where the two apart took 48 and 112 (10,000 blocked threads
// hold 10,000 of them).
type threadObj struct {
	inst Instance
	ext  instExt
	th   threadState
}

// threadName is the thread's name: set explicitly, or "Thread-N" with the
// target's name in parentheses, formatted when asked for (a thread that
// is never named by its program costs no string).
func (th *threadState) threadName() string {
	if th.nameNo == 0 {
		return th.name
	}
	b := strconv.AppendUint(append(make([]byte, 0, 32), "Thread-"...), uint64(th.nameNo), 10)
	if th.nameTarget {
		b = append(append(append(b, " ("...), th.name...), ')')
	}
	return string(b)
}

// setName names the thread explicitly.
func (th *threadState) setName(s string) {
	th.name, th.nameNo, th.nameTarget = s, 0, false
}

// mainThreadObj returns the _MainThread object of the main tasklet.
func (vm *VM) mainThreadObj() *Instance {
	w := vm.world()
	if w.mainThread == nil {
		m := vm.sched.main
		th := tstate(m)
		inst := newNativeInstance(mainThreadType, th)
		th.inst = inst
		th.setName("MainThread")
		th.daemon = false
		th.initialized, th.started, th.isMain = true, true, true
		w.mainThread = inst
	}
	return w.mainThread
}

// currentThread returns the Thread of the running tasklet: its own, the
// main thread's, or a _DummyThread for a plain stackless tasklet.
func (vm *VM) currentThread() *threadState {
	cur := vm.sched.current
	if cur.isMain() {
		vm.mainThreadObj()
		return cur.x.th
	}
	th := tstate(cur)
	if th.inst == nil {
		w := vm.world()
		w.counter++
		inst := newNativeInstance(dummyThreadType, th)
		th.inst = inst
		th.setName(fmt.Sprintf("Dummy-%d", w.counter))
		th.daemon = true
		th.initialized, th.started, th.isDummy = true, true, true
	}
	return th
}

func threadOf(vm *VM, v Value, name string) (*threadState, error) {
	return native[*threadState](vm, v, ThreadType, name)
}

// initedThreadOf is threadOf for the methods and properties that begin
// with CPython's `assert self._initialized, "Thread.__init__() not
// called"`: a subclass whose __init__ does not call Thread's gets that
// AssertionError.
func initedThreadOf(vm *VM, v Value, name string) (*threadState, error) {
	th, err := threadOf(vm, v, name)
	if err == nil && !th.initialized {
		return nil, vm.NewError(AssertionErrorType, "Thread.__init__() not called")
	}
	return th, err
}

// defMethod registers a method, taking nothing but self, of a class
// CPython writes in Python, with the argument errors of its def (named
// after t, the class that defines it).
func defMethod(t *Type, name string, fn func(vm *VM, self Value) (Value, error)) {
	qual := t.Name + "." + name
	addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noParams(qual, true, args[1:], kw); err != nil {
			return nil, err
		}
		return fn(vm, args[0])
	})
}

// The signatures of the Thread and Timer methods that take arguments.
var (
	threadInitDef = &pyDef{qual: "Thread.__init__", method: true,
		params: []string{"group", "target", "name", "args", "kwargs"}, kwOnly: []string{"daemon"}}
	threadJoinDef = &pyDef{qual: "Thread.join", method: true, params: []string{"timeout"}}
	setNameDef    = &pyDef{qual: "Thread.setName", method: true, params: []string{"name"}, required: 1}
	setDaemonDef  = &pyDef{qual: "Thread.setDaemon", method: true, params: []string{"daemonic"}, required: 1}
	timerInitDef  = &pyDef{qual: "Timer.__init__", method: true,
		params: []string{"interval", "function", "args", "kwargs"}, required: 2}
)

// threadInit is Thread.__init__(group=None, target=None, name=None,
// args=(), kwargs=None, *, daemon=None).
func (vm *VM) threadInit(th *threadState, args []Value, kw []string) error {
	var a [6]Value
	if err := vm.bind(threadInitDef, a[:], args, kw); err != nil {
		return err
	}
	if a[0] != nil && a[0] != None {
		return vm.NewError(AssertionErrorType, "group argument must be None for now")
	}
	w := vm.world()
	target := a[1]
	if target == nil {
		target = None
	}
	named := false
	if a[2] != nil {
		ok, err := vm.Truthy(a[2])
		if err != nil {
			return err
		}
		if ok {
			s, err := vm.StrOf(a[2])
			if err != nil {
				return err
			}
			th.setName(s)
			named = true
		}
	}
	if !named {
		// "Thread-N (target)", counting unnamed threads, as CPython;
		// formatted by threadName. The target's name is read now, as
		// CPython does.
		w.counter++
		th.name, th.nameNo, th.nameTarget = "", w.counter, false
		if target != None {
			if fn, isFn := target.(*Function); isFn {
				th.name, th.nameTarget = fn.Name, true
			} else if v, err := vm.GetAttr(target, NewStr("__name__")); err == nil {
				if tn, err := vm.StrOf(v); err == nil {
					th.name, th.nameTarget = tn, true
				}
			}
		}
	}
	c := &threadCall{target: target, args: a[3], kwargs: a[4]}
	if c.args == nil {
		c.args = emptyArgs
	}
	if c.kwargs == nil {
		c.kwargs = None
	}
	th.c = c
	if a[5] != nil && a[5] != None {
		d, err := vm.Truthy(a[5])
		if err != nil {
			return err
		}
		th.daemon = d
	} else {
		th.daemon = vm.currentThread().daemon
	}
	th.initialized = true
	return nil
}

// emptyArgs is the args of a thread created without them.
var emptyArgs = &Tuple{}

// threadCall is what Thread.run calls: Thread._target, _args, _kwargs.
type threadCall struct{ target, args, kwargs Value }

// plainArgs returns c's positional arguments and keyword dict when its
// args are a tuple and its kwargs a dict or None, which the thread's
// tasklet can take directly; ok is false otherwise. Other values go
// through run(), so that their errors are raised in the thread, as in
// CPython (Thread(target=f, args=5) fails in the thread, not in start).
func (c *threadCall) plainArgs() (pos []Value, kd *Dict, ok bool) {
	t, ok := c.args.(*Tuple)
	if !ok {
		return nil, nil, false
	}
	if c.kwargs == None {
		return t.Items, nil, true
	}
	kd, ok = c.kwargs.(*Dict)
	return t.Items, kd, ok
}

// noCall is the (read-only) call of a thread without target.
var noCall = &threadCall{target: None, args: emptyArgs, kwargs: None}

func (th *threadState) call() *threadCall {
	if th.c == nil {
		return noCall
	}
	return th.c
}

// callForWrite returns th's own call record.
func (th *threadState) callForWrite() *threadCall {
	if th.c == nil || th.c == noCall {
		th.c = &threadCall{target: None, args: emptyArgs, kwargs: None}
	}
	return th.c
}

// threadRunBuiltin is Thread.run, made here rather than when Thread's
// namespace is filled (Type.Later), so that comparing with it needs no
// fill; nopBuiltin is the target of a thread without one.
var (
	threadRunBuiltin = &Builtin{Name: "run", Special: specialOp, Op: threadRun, Fn: opFn(threadRun), owner: ThreadType}
	nopBuiltin       = &Builtin{Name: "run", Fn: func(vm *VM, args []Value, kw []string) (Value, error) { return None, nil }}
)

// isBlockingOp reports whether calling fn runs a blocking builtin
// operation directly (time.sleep, lock.acquire, q.get, ...).
func isBlockingOp(fn Value) bool {
	if m, ok := fn.(*BoundMethod); ok {
		fn = m.Fn
	}
	b, ok := fn.(*Builtin)
	return ok && b.Special == specialOp
}

// hasInstanceAttr reports whether inst's own dict has name.
func hasInstanceAttr(inst *Instance, name string) bool {
	if inst.attrs() == nil {
		return false
	}
	_, ok := inst.attrs().GetStr(name)
	return ok
}

func initThread() {
	t := ThreadType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		inst, th := newThreadInst(cls)
		if cls == ThreadType {
			if err := vm.threadInit(th, args, kw); err != nil {
				return nil, err
			}
		}
		return inst, nil
	}
	t.Later(registerThreadMethods)
}

// registerThreadMethods registers threading.Thread's methods (see Type.Later).
func registerThreadMethods(t *Type) {
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		th, err := threadOf(vm, args[0], "__init__")
		if err != nil {
			return nil, err
		}
		return None, vm.threadInit(th, args[1:], kw)
	})
	addOp(t, "start", threadStart)
	t.setMethod("run", threadRunBuiltin)
	addOp(t, "join", threadJoin)
	defMethod(t, "is_alive", func(vm *VM, self Value) (Value, error) {
		th, err := initedThreadOf(vm, self, "is_alive")
		if err != nil {
			return nil, err
		}
		return Bool(th.started && !th.finished), nil
	})
	defMethod(t, "getName", func(vm *VM, self Value) (Value, error) {
		th, err := initedThreadOf(vm, self, "getName")
		if err != nil {
			return nil, err
		}
		return NewStr(th.threadName()), nil
	})
	addMethod(t, "setName", func(vm *VM, args []Value, kw []string) (Value, error) {
		var a [1]Value
		if err := vm.bind(setNameDef, a[:], args[1:], kw); err != nil {
			return nil, err
		}
		return None, setThreadName(vm, args[0], a[0])
	})
	defMethod(t, "isDaemon", func(vm *VM, self Value) (Value, error) {
		th, err := initedThreadOf(vm, self, "isDaemon")
		if err != nil {
			return nil, err
		}
		return Bool(th.daemon), nil
	})
	addMethod(t, "setDaemon", func(vm *VM, args []Value, kw []string) (Value, error) {
		var a [1]Value
		if err := vm.bind(setDaemonDef, a[:], args[1:], kw); err != nil {
			return nil, err
		}
		return None, setThreadDaemon(vm, args[0], a[0])
	})
	defMethod(t, "__repr__", func(vm *VM, self Value) (Value, error) {
		th, err := threadOf(vm, self, "__repr__")
		if err != nil {
			return nil, err
		}
		if !th.initialized {
			return nil, vm.NewError(AssertionErrorType, "Thread.__init__() was not called")
		}
		status := "initial"
		if th.started {
			status = "started"
		}
		if th.finished {
			status = "stopped"
		}
		if th.daemon {
			status += " daemon"
		}
		if th.started {
			status += fmt.Sprintf(" %d", th.ident())
		}
		return NewStr(fmt.Sprintf("<%s(%s, %s)>", self.(*Instance).Class.Name, th.threadName(), status)), nil
	})
	get := func(name string, fn func(vm *VM, th *threadState) Value) func(vm *VM, self Value) (Value, error) {
		return func(vm *VM, self Value) (Value, error) {
			th, err := initedThreadOf(vm, self, name)
			if err != nil {
				return nil, err
			}
			return fn(vm, th), nil
		}
	}
	// attrGet reads what CPython keeps as an instance attribute set by
	// Thread.__init__ (_name, _target, ...): missing until then.
	attrGet := func(name string, fn func(vm *VM, th *threadState) Value) func(vm *VM, self Value) (Value, error) {
		return func(vm *VM, self Value) (Value, error) {
			th, err := threadOf(vm, self, name)
			if err != nil {
				return nil, err
			}
			if !th.initialized && th.c == nil {
				return nil, vm.noAttr(self, name)
			}
			return fn(vm, th), nil
		}
	}
	nameOf := func(vm *VM, th *threadState) Value { return NewStr(th.threadName()) }
	addProp(t, "name", get("name", nameOf), setThreadName)
	addProp(t, "_name", attrGet("_name", nameOf), func(vm *VM, self, v Value) error {
		th, err := threadOf(vm, self, "_name")
		if err != nil {
			return err
		}
		return vm.setName(th, v)
	})
	addProp(t, "daemon", get("daemon", func(vm *VM, th *threadState) Value { return Bool(th.daemon) }), setThreadDaemon)
	identGet := get("ident", func(vm *VM, th *threadState) Value {
		if !th.started {
			return None
		}
		return Int(th.ident())
	})
	addProp(t, "ident", identGet, nil)
	addProp(t, "native_id", identGet, nil)
	field := func(name string, ptr func(c *threadCall) *Value) {
		addProp(t, name, attrGet(name, func(vm *VM, th *threadState) Value {
			if v := *ptr(th.call()); v != nil {
				return v
			}
			return None
		}), func(vm *VM, self, v Value) error {
			th, err := threadOf(vm, self, name)
			if err != nil {
				return err
			}
			*ptr(th.callForWrite()) = v
			return nil
		})
	}
	field("_target", func(c *threadCall) *Value { return &c.target })
	field("_args", func(c *threadCall) *Value { return &c.args })
	field("_kwargs", func(c *threadCall) *Value { return &c.kwargs })

	// threading.Timer(interval, function, args=None, kwargs=None).
	tm := TimerType
	tm.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		inst, th := newThreadInst(cls)
		if cls == TimerType {
			if err := vm.timerInit(inst, th, args, kw); err != nil {
				return nil, err
			}
		}
		return inst, nil
	}
	addMethod(tm, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		th, err := threadOf(vm, args[0], "__init__")
		if err != nil {
			return nil, err
		}
		return None, vm.timerInit(args[0].(*Instance), th, args[1:], kw)
	})
	defMethod(tm, "cancel", func(vm *VM, self Value) (Value, error) {
		ev, err := timerEvent(vm, self)
		if err != nil {
			return nil, err
		}
		vm.eventSet(ev)
		return None, nil
	})
	addOp(tm, "run", timerRun)
}

func setThreadName(vm *VM, self, v Value) error {
	th, err := initedThreadOf(vm, self, "name")
	if err != nil {
		return err
	}
	return vm.setName(th, v)
}

// setName names th str(v).
func (vm *VM) setName(th *threadState, v Value) error {
	s, err := vm.StrOf(v)
	if err != nil {
		return err
	}
	th.setName(s) // and its tasklet's (Tasklet.name)
	return nil
}

func setThreadDaemon(vm *VM, self, v Value) error {
	th, err := threadOf(vm, self, "daemon")
	if err != nil {
		return err
	}
	if !th.initialized {
		return vm.NewError(RuntimeErrorType, "Thread.__init__() not called")
	}
	if th.started {
		return vm.NewError(RuntimeErrorType, "cannot set daemon status of active thread")
	}
	d, err := vm.Truthy(v)
	th.daemon = d
	return err
}

// threadStart is Thread.start(): the thread becomes a tasklet and runs at
// once (CPython's start() waits until the new thread runs); the caller
// continues when the thread blocks, ends or uses up its time slice.
func threadStart(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	th, err := threadOf(vm, args[0], "start")
	if err != nil {
		return nil, nil, err
	}
	if err := vm.noParams("Thread.start", true, args[1:], kw); err != nil {
		return nil, nil, err
	}
	if !th.initialized {
		return nil, nil, vm.NewError(RuntimeErrorType, "thread.__init__() not called")
	}
	if th.started {
		return nil, nil, vm.NewError(RuntimeErrorType, "threads can only be started once")
	}
	s := vm.sched
	w := vm.world()
	site := f
	if site == nil {
		site = vm.frame
	}
	var t *Tasklet
	pos, kd, plain := th.call().plainArgs()
	if run, _ := th.inst.Class.Lookup("run"); run == threadRunBuiltin && !hasInstanceAttr(th.inst, "run") && plain {
		// Thread.run itself: the tasklet calls the target directly.
		target := th.call().target
		if target == nil || target == None {
			target = nopBuiltin
		}
		if isBlockingOp(target) {
			// A blocking builtin (Thread(target=time.sleep)) needs a frame
			// to suspend: the thread calls it from a trampoline.
			all, names := flattenKw(pos, kd)
			op := target
			var entry opFunc
			entry = func(vm *VM, f *Frame, _ []Value, _ []string) (Value, *Frame, error) {
				if f == nil {
					if err := vm.pushDepth(); err != nil {
						return nil, nil, err
					}
					return nil, vm.trampoline("run", entry, nil), nil
				}
				return vm.callFromLoop(f, op, all, names)
			}
			target = &Builtin{Name: "run", Special: specialOp, Op: entry}
			pos, kd = nil, nil
		}
		t = s.newTaskletAt(target, site, tThread)
		if len(pos) > 0 || kd != nil {
			t.setPending(flattenKw(pos, kd))
		}
		th.c = nil
	} else {
		run, err := vm.GetAttr(th.inst, NewStr("run"))
		if err != nil {
			return nil, nil, err
		}
		t = s.newTaskletAt(run, site, tThread)
	}
	t.ext().th = th
	th.t = t
	th.started = true
	s.becameAlive(t)
	if !th.daemon {
		w.nonDaemon++
	}
	s.enqueue(t)
	cur := s.current
	if f == nil || vm.nested > 0 || !cur.queued() {
		return None, nil, nil
	}
	s.pushFront(t)
	return vm.suspendFor(f, tstate(cur), returnNone, t)
}

// threadRun is Thread.run(): call the target from the interpreter loop
// (so that it may block), discarding its result.
func threadRun(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	th, err := threadOf(vm, args[0], "run")
	if err != nil {
		return nil, nil, err
	}
	if err := vm.noParams("Thread.run", true, args[1:], kw); err != nil {
		return nil, nil, err
	}
	if !th.initialized && th.c == nil {
		return nil, nil, vm.noAttr(args[0], "_target")
	}
	c := th.call()
	if c.target == nil || c.target == None {
		return None, nil, nil
	}
	if c.args == None { // Thread(args=None): target(*None), as CPython
		return nil, nil, vm.NewError(TypeErrorType, "%s argument after * must be an iterable, not NoneType", vm.functionStr(c.target))
	}
	return vm.callDiscard(f, c.target, c.args, c.kwargs)
}

// callDiscard calls fn(*args, **kwargs) from the loop; the call's value
// is None.
func (vm *VM) callDiscard(f *Frame, fn, args, kwargs Value) (Value, *Frame, error) {
	var pos []Value
	if t, ok := args.(*Tuple); ok {
		pos = t.Items
	} else if args != nil && args != None {
		var err error
		if pos, err = vm.Collect(args); err != nil {
			return nil, nil, vm.starError(err, args, fn)
		}
	}
	var kd *Dict
	if kwargs != nil && kwargs != None {
		d, ok := asDict(kwargs)
		if !ok {
			return nil, nil, vm.NewError(TypeErrorType, "%s argument after ** must be a mapping, not %s", vm.functionStr(fn), TypeOf(kwargs).Name)
		}
		kd = d
	}
	all, names := flattenKw(pos, kd)
	_, nf, err := vm.callFromLoop(f, fn, all, names)
	if err != nil {
		return nil, nil, err
	}
	if nf != nil {
		if f != nil && nf.ret == retPush {
			nf.ret = retDiscard
			nf.setExtra(None)
		}
		return nil, nf, nil
	}
	return None, nil, nil
}

// threadJoin is Thread.join(timeout=None).
func threadJoin(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	th, err := threadOf(vm, args[0], "join")
	if err != nil {
		return nil, nil, err
	}
	var a [1]Value // on the stack: these run once per lock or queue operation
	if err := vm.bind(threadJoinDef, a[:], args[1:], kw); err != nil {
		return nil, nil, err
	}
	if !th.initialized {
		return nil, nil, vm.NewError(RuntimeErrorType, "Thread.__init__() not called")
	}
	if !th.started {
		return nil, nil, vm.NewError(RuntimeErrorType, "cannot join thread before it is started")
	}
	if th == vm.currentThread() {
		return nil, nil, vm.NewError(RuntimeErrorType, "cannot join current thread")
	}
	secs, timed, err := vm.timeoutArg(a[0])
	if err != nil {
		return nil, nil, err
	}
	if th.finished {
		return None, nil, nil
	}
	var deadline int64
	if timed {
		if secs <= 0 {
			return None, nil, nil
		}
		deadline = vm.world().deadline(vm, secs)
	}
	if th.joinq == nil {
		th.joinq = newQ()
	}
	return vm.waitOn(f, th.joinq, deadline, returnNone)
}

// threadDied runs when a thread's tasklet ends (scheduler.died): the
// thread stops and its joiners wake.
func (vm *VM) threadDied(t *Tasklet) {
	th := thOf(t)
	if th == nil || th.finished {
		return
	}
	w := vm.world()
	s := vm.sched
	th.finished = true
	th.t = nil // the Thread object no longer keeps the dead tasklet
	if !th.daemon {
		w.nonDaemon--
		if w.nonDaemon == 0 && w.shutdownq != nil {
			s.wakeAll(w.shutdownq, None, nil)
		}
	}
	if th.joinq != nil {
		s.wakeAll(th.joinq, None, nil)
		th.joinq = nil
	}
	th.c = nil
}

// --- Timer -----------------------------------------------------------------------

func (vm *VM) timerInit(inst *Instance, th *threadState, args []Value, kw []string) error {
	var a [4]Value
	if err := vm.bind(timerInitDef, a[:], args, kw); err != nil {
		return err
	}
	if err := vm.threadInit(th, nil, nil); err != nil {
		return err
	}
	inst.attrsOrNew()
	fargs, fkw := a[2], a[3]
	if fargs == nil || fargs == None {
		fargs = &List{}
	}
	if fkw == nil || fkw == None {
		fkw = NewDict(0)
	}
	ev, _ := EventType.New(vm, EventType, nil, nil)
	inst.attrs().SetStr("interval", a[0])
	inst.attrs().SetStr("function", a[1])
	inst.attrs().SetStr("args", fargs)
	inst.attrs().SetStr("kwargs", fkw)
	inst.attrs().SetStr("finished", ev)
	return nil
}

func timerEvent(vm *VM, self Value) (*eventState, error) {
	inst, ok := self.(*Instance)
	if !ok || inst.attrs() == nil {
		return nil, vm.descrError("run", TimerType, self)
	}
	v, _ := inst.attrs().GetStr("finished")
	return native[*eventState](vm, v, EventType, "wait")
}

// timerRun is Timer.run(): wait for the interval unless cancelled, then
// call the function.
func timerRun(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	if err := vm.noParams("Timer.run", true, args[1:], kw); err != nil {
		return nil, nil, err
	}
	if f == nil && len(args) == 1 {
		// The thread's first call: wait in a frame of its own.
		if err := vm.pushDepth(); err != nil {
			return nil, nil, err
		}
		return nil, vm.trampoline("run", timerRun, args), nil
	}
	inst, _ := args[0].(*Instance)
	ev, err := timerEvent(vm, args[0])
	if err != nil {
		return nil, nil, err
	}
	fire := func(f *Frame, timedOut bool, v Value) (Value, *Frame, error) {
		if ev.flag {
			return None, nil, nil
		}
		vm.eventSet(ev)
		fn, _ := inst.attrs().GetStr("function")
		fa, _ := inst.attrs().GetStr("args")
		fk, _ := inst.attrs().GetStr("kwargs")
		return vm.callDiscard(f, fn, fa, fk)
	}
	if ev.flag {
		return None, nil, nil
	}
	iv, _ := inst.attrs().GetStr("interval")
	secs, _, err := vm.timeoutArg(iv)
	if err != nil {
		return nil, nil, err
	}
	if secs <= 0 {
		return fire(f, true, nil)
	}
	if ev.q == nil {
		ev.q = newQ()
	}
	return vm.waitOn(f, ev.q, vm.world().deadline(vm, secs), fire)
}

// --- Lock and RLock ----------------------------------------------------------------

// lockAcquireSig is the signature of the C locks' acquire.
var lockAcquireSig = &strSig{owner: "lock", name: "acquire", style: sigKw, params: []string{"blocking", "timeout"}}

// lockArgs parses acquire(blocking=Bool(true), timeout=-1) with CPython's checks;
// it returns the deadline (0: none) and whether to wait at all.
func (vm *VM) lockArgs(args []Value, kw []string) (deadline int64, wait bool, err error) {
	var a [2]Value // on the stack: these run once per lock or queue operation
	if len(kw) == 0 && len(args) <= 2 {
		copy(a[:], args)
	} else {
		// PyArg_ParseTupleAndKeywords's checks and messages.
		b, err := vm.bindSig(lockAcquireSig, args, kw)
		if err != nil {
			return 0, false, err
		}
		copy(a[:], b)
	}
	blocking, err := truthyArg(vm, a[0], true)
	if err != nil {
		return 0, false, err
	}
	timeout := -1.0
	if a[1] != nil {
		if timeout, err = vm.FloatArg(a[1]); err != nil {
			return 0, false, err
		}
	}
	if !blocking && timeout != -1 {
		return 0, false, vm.NewError(ValueErrorType, "can't specify a timeout for a non-blocking call")
	}
	if timeout < 0 && timeout != -1 {
		return 0, false, vm.NewError(ValueErrorType, "timeout value must be positive")
	}
	if timeout > timeoutMax {
		return 0, false, vm.NewError(OverflowErrorType, "timeout value is too large")
	}
	if !blocking || timeout == 0 {
		return 0, false, nil
	}
	if timeout > 0 {
		deadline = vm.world().deadline(vm, timeout)
	}
	return deadline, true, nil
}

func gotLock(f *Frame, timedOut bool, v Value) (Value, *Frame, error) {
	return Bool(!timedOut), nil, nil
}

func lockAcquire(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	l, err := native[*lockState](vm, args[0], LockType, "acquire")
	if err != nil {
		return nil, nil, err
	}
	deadline, wait, err := vm.lockArgs(args[1:], kw)
	if err != nil {
		return nil, nil, err
	}
	if !l.locked {
		l.locked = true
		return Bool(true), nil, nil
	}
	if !wait {
		return Bool(false), nil, nil
	}
	if l.q == nil {
		l.q = newQ()
	}
	return vm.waitOn(f, l.q, deadline, gotLock)
}

func (vm *VM) lockRelease(l *lockState) error {
	if !l.locked {
		return vm.NewError(RuntimeErrorType, "release unlocked lock")
	}
	if l.q == nil || vm.sched.wakeFirst(l.q, Bool(true)) == nil {
		l.locked = false
	}
	return nil
}

func rlockAcquire(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	l, err := native[*rlockState](vm, args[0], RLockType, "acquire")
	if err != nil {
		return nil, nil, err
	}
	deadline, wait, err := vm.lockArgs(args[1:], kw)
	if err != nil {
		return nil, nil, err
	}
	cur := vm.sched.current
	if l.owner == cur {
		l.count++
		return Bool(true), nil, nil
	}
	if l.owner == nil {
		l.owner, l.count = cur, 1
		return Bool(true), nil, nil
	}
	if !wait {
		return Bool(false), nil, nil
	}
	if l.q == nil {
		l.q = newQ()
	}
	return vm.waitOn(f, l.q, deadline, gotLock)
}

// rlockHandOff gives a free RLock to its first waiter (count 1).
func (vm *VM) rlockHandOff(l *rlockState) {
	l.owner, l.count = nil, 0
	if l.q != nil {
		if t := vm.sched.wakeFirst(l.q, Bool(true)); t != nil {
			l.owner, l.count = t, 1
		}
	}
}

func (vm *VM) rlockRelease(l *rlockState) error {
	if l.owner != vm.sched.current || l.count == 0 {
		return vm.NewError(RuntimeErrorType, "cannot release un-acquired lock")
	}
	l.count--
	if l.count == 0 {
		vm.rlockHandOff(l)
	}
	return nil
}

// cMethod registers a method of a C class (_thread's lock and RLock)
// that takes no arguments, with METH_NOARGS's errors ("lock.locked() takes
// no arguments (1 given)", keywords checked first).
func cMethod(t *Type, name string, fn BuiltinFunc) {
	qual := t.Name + "." + name
	addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(args) > 1 {
			if err := vm.noKwargs(qual, kw); err != nil {
				return nil, err
			}
			return nil, vm.noArgs(qual, len(args)-1)
		}
		return fn(vm, args, kw)
	})
}

// lockExit makes a C lock's __exit__(*args) from its release: any
// positional arguments, no keywords.
func lockExit(release BuiltinFunc) BuiltinFunc {
	return func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("__exit__", kw); err != nil {
			return nil, err
		}
		return release(vm, args[:1], nil)
	}
}

func initLocks() {
	lt := LockType
	lt.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if len(args) > 0 { // threading.Lock is _thread.allocate_lock
			if err := vm.noKwargs("_thread.allocate_lock", kw); err != nil {
				return nil, err
			}
			return nil, vm.noArgs("_thread.allocate_lock", len(args))
		}
		return newNativeInstance(cls, &lockState{}), nil
	}
	lt.Later(registerLockMethods)
}

// registerLockMethods registers the methods of the lock types (see Type.Later).
func registerLockMethods(lt *Type) {
	for _, n := range []string{"acquire", "acquire_lock", "__enter__"} {
		addOp(lt, n, lockAcquire)
	}
	release := func(vm *VM, args []Value, kw []string) (Value, error) {
		l, err := native[*lockState](vm, args[0], LockType, "release")
		if err != nil {
			return nil, err
		}
		return None, vm.lockRelease(l)
	}
	cMethod(lt, "release", release)
	cMethod(lt, "release_lock", release)
	addMethod(lt, "__exit__", lockExit(release))
	locked := func(vm *VM, args []Value, kw []string) (Value, error) {
		l, err := native[*lockState](vm, args[0], LockType, "locked")
		if err != nil {
			return nil, err
		}
		return Bool(l.locked), nil
	}
	cMethod(lt, "locked", locked)
	cMethod(lt, "locked_lock", locked)
	addMethod(lt, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		l, err := native[*lockState](vm, args[0], LockType, "__repr__")
		if err != nil {
			return nil, err
		}
		if err := vm.wrapperArgs("__repr__", 0, args[1:], kw); err != nil {
			return nil, err
		}
		state := "unlocked"
		if l.locked {
			state = "locked"
		}
		return NewStr(fmt.Sprintf("<%s _thread.lock object at %#x>", state, idOf(args[0]))), nil
	})

	rt := RLockType
	rt.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		return newNativeInstance(cls, &rlockState{}), nil
	}
	addOp(rt, "acquire", rlockAcquire)
	addOp(rt, "__enter__", rlockAcquire)
	rrelease := func(vm *VM, args []Value, kw []string) (Value, error) {
		l, err := native[*rlockState](vm, args[0], RLockType, "release")
		if err != nil {
			return nil, err
		}
		return None, vm.rlockRelease(l)
	}
	cMethod(rt, "release", rrelease)
	addMethod(rt, "__exit__", lockExit(rrelease))
	cMethod(rt, "_is_owned", func(vm *VM, args []Value, kw []string) (Value, error) {
		l, err := native[*rlockState](vm, args[0], RLockType, "_is_owned")
		if err != nil {
			return nil, err
		}
		return Bool(l.owner == vm.sched.current), nil
	})
	addMethod(rt, "__repr__", func(vm *VM, args []Value, kw []string) (Value, error) {
		l, err := native[*rlockState](vm, args[0], RLockType, "__repr__")
		if err != nil {
			return nil, err
		}
		if err := vm.wrapperArgs("__repr__", 0, args[1:], kw); err != nil {
			return nil, err
		}
		state, owner := "unlocked", 0
		if l.owner != nil {
			state, owner = "locked", identOf(l.owner)
		}
		return NewStr(fmt.Sprintf("<%s _thread.RLock object owner=%d count=%d at %#x>", state, owner, l.count, idOf(args[0]))), nil
	})
}

// --- Condition -------------------------------------------------------------------

func condOf(vm *VM, v Value, name string) (*condState, error) {
	return native[*condState](vm, v, ConditionType, name)
}

func (vm *VM) condInit(c *condState, args []Value, kw []string) error {
	var a [1]Value
	if err := vm.bind(condInitDef, a[:], args, kw); err != nil {
		return err
	}
	if a[0] == nil || a[0] == None {
		l, _ := RLockType.New(vm, RLockType, nil, nil)
		a[0] = l
	}
	c.lock = a[0]
	return nil
}

// condOwned is Condition._is_owned(): an RLock must be held by the
// caller; a Lock (or other lock) only has to be locked.
func (vm *VM) condOwned(c *condState) (bool, error) {
	if inst, ok := c.lock.(*Instance); ok {
		switch l := inst.Native().(type) {
		case *lockState:
			return l.locked, nil
		case *rlockState:
			return l.owner == vm.sched.current, nil
		}
	}
	if m, err := vm.GetAttr(c.lock, NewStr("_is_owned")); err == nil {
		r, err := vm.Call(m, nil, nil)
		if err != nil {
			return false, err
		}
		return vm.Truthy(r)
	}
	acq, err := vm.GetAttr(c.lock, NewStr("acquire"))
	if err != nil {
		return false, err
	}
	r, err := vm.Call(acq, []Value{Bool(false)}, nil)
	if err != nil {
		return false, err
	}
	if ok, _ := vm.Truthy(r); ok {
		rel, err := vm.GetAttr(c.lock, NewStr("release"))
		if err != nil {
			return false, err
		}
		_, err = vm.Call(rel, nil, nil)
		return false, err
	}
	return true, nil
}

// condAcquire acquires the condition's lock (blocking through the loop
// for Lock and RLock).
func (vm *VM) condAcquire(f *Frame, c *condState, args []Value, kw []string) (Value, *Frame, error) {
	if inst, ok := c.lock.(*Instance); ok {
		all := append([]Value{inst}, args...)
		switch inst.Native().(type) {
		case *lockState:
			return lockAcquire(vm, f, all, kw)
		case *rlockState:
			return rlockAcquire(vm, f, all, kw)
		}
	}
	m, err := vm.GetAttr(c.lock, NewStr("acquire"))
	if err != nil {
		return nil, nil, err
	}
	return vm.callFromLoop(f, m, args, kw)
}

func (vm *VM) condRelease(c *condState) error {
	if inst, ok := c.lock.(*Instance); ok {
		switch l := inst.Native().(type) {
		case *lockState:
			return vm.lockRelease(l)
		case *rlockState:
			return vm.rlockRelease(l)
		}
	}
	m, err := vm.GetAttr(c.lock, NewStr("release"))
	if err != nil {
		return err
	}
	_, err = vm.Call(m, nil, nil)
	return err
}

// condWait releases the lock completely, waits to be notified (or for
// the deadline), re-acquires the lock and calls done with whether it was
// notified.
func (vm *VM) condWait(f *Frame, c *condState, timeout Value, done func(f *Frame, notified bool) (Value, *Frame, error)) (Value, *Frame, error) {
	ok, err := vm.condOwned(c)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, vm.NewError(RuntimeErrorType, "cannot wait on un-acquired lock")
	}
	secs, timed, err := vm.timeoutArg(timeout)
	if err != nil {
		return nil, nil, err
	}
	// Release, remembering an RLock's recursion count.
	var saved int64 = 1
	inst, _ := c.lock.(*Instance)
	var rl *rlockState
	if inst != nil {
		rl, _ = inst.Native().(*rlockState)
	}
	if rl != nil {
		saved = rl.count
		vm.rlockHandOff(rl)
	} else if err := vm.condRelease(c); err != nil {
		return nil, nil, err
	}
	// When an exception interrupts the wait (a kill, the exit, a deadlock
	// error) the lock is taken back if it is free, as CPython's wait()
	// re-acquires it before raising, so that `with cond:` can release it.
	me := vm.sched.current
	th := tstate(me)
	var lk *lockState
	if inst != nil {
		lk, _ = inst.Native().(*lockState)
	}
	th.abort = func() {
		switch {
		case rl != nil && rl.owner == nil:
			rl.owner, rl.count = me, saved
		case lk != nil && !lk.locked:
			lk.locked = true
		}
	}
	userDone := done
	done = func(f *Frame, notified bool) (Value, *Frame, error) {
		th.abort = nil
		return userDone(f, notified)
	}
	reacquire := func(f *Frame, notified bool) (Value, *Frame, error) {
		if rl != nil {
			cur := vm.sched.current
			if rl.owner == nil {
				rl.owner, rl.count = cur, saved
				return done(f, notified)
			}
			if rl.q == nil {
				rl.q = newQ()
			}
			return vm.waitOn(f, rl.q, 0, func(f *Frame, _ bool, _ Value) (Value, *Frame, error) {
				rl.count = saved
				return done(f, notified)
			})
		}
		if inst != nil {
			if l, ok := inst.Native().(*lockState); ok {
				if !l.locked {
					l.locked = true
					return done(f, notified)
				}
				if l.q == nil {
					l.q = newQ()
				}
				return vm.waitOn(f, l.q, 0, func(f *Frame, _ bool, _ Value) (Value, *Frame, error) {
					return done(f, notified)
				})
			}
		}
		acq, err := vm.GetAttr(c.lock, NewStr("acquire"))
		if err != nil {
			return nil, nil, err
		}
		if _, err := vm.Call(acq, nil, nil); err != nil {
			return nil, nil, err
		}
		return done(f, notified)
	}
	if timed && secs <= 0 {
		return reacquire(f, false)
	}
	var deadline int64
	if timed {
		deadline = vm.world().deadline(vm, secs)
	}
	if c.q == nil {
		c.q = newQ()
	}
	v, nf, err := vm.waitOn(f, c.q, deadline, func(f *Frame, timedOut bool, _ Value) (Value, *Frame, error) {
		return reacquire(f, !timedOut)
	})
	if err != nil {
		th.abortWait()
	}
	return v, nf, err
}

// condWaitFor is Condition.wait_for(predicate, timeout=None), as
// CPython's: the predicate runs (in a nested interpreter) before every
// wait and after the last.
func (vm *VM) condWaitFor(f *Frame, c *condState, pred Value, timeout Value) (Value, *Frame, error) {
	secs, timed, err := vm.timeoutArg(timeout)
	if err != nil {
		return nil, nil, err
	}
	w := vm.world()
	var endtime int64
	started := false
	var step func(f *Frame) (Value, *Frame, error)
	step = func(f *Frame) (Value, *Frame, error) {
		result, err := vm.Call(pred, nil, nil)
		if err != nil {
			return nil, nil, err
		}
		ok, err := vm.Truthy(result)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			return result, nil, nil
		}
		var wait Value = None
		if timed {
			remaining := secs
			if !started {
				endtime = w.now(vm) + int64(secs*1e9)
			} else {
				remaining = float64(endtime-w.now(vm)) / 1e9
				if remaining <= 0 {
					return result, nil, nil
				}
			}
			wait = Float(remaining)
		}
		started = true
		return vm.condWait(f, c, wait, func(f *Frame, _ bool) (Value, *Frame, error) { return step(f) })
	}
	return step(f)
}

func initCondition() {
	t := ConditionType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		c := &condState{}
		inst := newNativeInstance(cls, c)
		if cls == ConditionType {
			if err := vm.condInit(c, args, kw); err != nil {
				return nil, err
			}
		}
		return inst, nil
	}
	t.Later(registerConditionMethods)
}

// registerConditionMethods registers threading.Condition's methods (see Type.Later).
func registerConditionMethods(t *Type) {
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		c, err := condOf(vm, args[0], "__init__")
		if err != nil {
			return nil, err
		}
		return None, vm.condInit(c, args[1:], kw)
	})
	acquire := func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		c, err := condOf(vm, args[0], "acquire")
		if err != nil {
			return nil, nil, err
		}
		return vm.condAcquire(f, c, args[1:], kw)
	}
	addOp(t, "acquire", acquire)
	addOp(t, "__enter__", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		if err := vm.noParams("Condition.__enter__", true, args[1:], kw); err != nil {
			return nil, nil, err
		}
		return acquire(vm, f, args[:1], nil)
	})
	release := func(vm *VM, args []Value, kw []string) (Value, error) {
		c, err := condOf(vm, args[0], "release")
		if err != nil {
			return nil, err
		}
		if len(args) > 1 {
			// Condition.release is its lock's release: a C method
			// taking no arguments for Lock and RLock.
			if inst, ok := c.lock.(*Instance); ok && (inst.Class == LockType || inst.Class == RLockType) {
				qual := inst.Class.Name + ".release"
				if err := vm.noKwargs(qual, kw); err != nil {
					return nil, err
				}
				return nil, vm.noArgs(qual, len(args)-1)
			}
		}
		return None, vm.condRelease(c)
	}
	addMethod(t, "release", release)
	addMethod(t, "__exit__", func(vm *VM, args []Value, kw []string) (Value, error) {
		if len(kw) > 0 {
			return nil, vm.bind(condExitDef, nil, args[1:], kw)
		}
		return release(vm, args[:1], nil)
	})
	addOp(t, "wait", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		c, err := condOf(vm, args[0], "wait")
		if err != nil {
			return nil, nil, err
		}
		var a [1]Value // on the stack: these run once per lock or queue operation
		if err := vm.bind(condWaitDef, a[:], args[1:], kw); err != nil {
			return nil, nil, err
		}
		return vm.condWait(f, c, a[0], func(f *Frame, notified bool) (Value, *Frame, error) {
			return Bool(notified), nil, nil
		})
	})
	addOp(t, "wait_for", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		c, err := condOf(vm, args[0], "wait_for")
		if err != nil {
			return nil, nil, err
		}
		var a [2]Value
		if err := vm.bind(condWaitForDef, a[:], args[1:], kw); err != nil {
			return nil, nil, err
		}
		return vm.condWaitFor(f, c, a[0], a[1])
	})
	notify := func(vm *VM, c *condState, n int64) error {
		ok, err := vm.condOwned(c)
		if err != nil {
			return err
		}
		if !ok {
			return vm.NewError(RuntimeErrorType, "cannot notify on un-acquired lock")
		}
		for ; n > 0 && c.q != nil; n-- {
			if vm.sched.wakeFirst(c.q, Bool(true)) == nil {
				break
			}
		}
		return nil
	}
	addMethod(t, "notify", func(vm *VM, args []Value, kw []string) (Value, error) {
		c, err := condOf(vm, args[0], "notify")
		if err != nil {
			return nil, err
		}
		var a [1]Value
		if err := vm.bind(condNotifyDef, a[:], args[1:], kw); err != nil {
			return nil, err
		}
		var n int64 = 1
		if a[0] != nil {
			if n, err = vm.IndexOf(a[0]); err != nil {
				return nil, err
			}
		}
		return None, notify(vm, c, n)
	})
	notifyAll := func(vm *VM, self Value) (Value, error) {
		c, err := condOf(vm, self, "notify_all")
		if err != nil {
			return nil, err
		}
		return None, notify(vm, c, math.MaxInt64)
	}
	defMethod(t, "notify_all", notifyAll)
	defMethod(t, "notifyAll", notifyAll)
	addMethod(t, "_is_owned", func(vm *VM, args []Value, kw []string) (Value, error) {
		c, err := condOf(vm, args[0], "_is_owned")
		if err != nil {
			return nil, err
		}
		if len(args) > 1 {
			// An RLock's own _is_owned (C), else Condition's (Python).
			if inst, ok := c.lock.(*Instance); ok && inst.Class == RLockType {
				if err := vm.noKwargs("RLock._is_owned", kw); err != nil {
					return nil, err
				}
				return nil, vm.noArgs("RLock._is_owned", len(args)-1)
			}
			return nil, vm.noParams("Condition._is_owned", true, args[1:], kw)
		}
		ok, err := vm.condOwned(c)
		return Bool(ok), err
	})
	defMethod(t, "__repr__", func(vm *VM, self Value) (Value, error) {
		c, err := condOf(vm, self, "__repr__")
		if err != nil {
			return nil, err
		}
		r, err := vm.Repr(c.lock)
		if err != nil {
			return nil, err
		}
		n := 0
		if c.q != nil {
			n = -c.q.balance
		}
		return NewStr(fmt.Sprintf("<Condition(%s, %d)>", r, n)), nil
	})
}

// --- Semaphore and BoundedSemaphore ----------------------------------------------

func semOf(vm *VM, v Value, name string) (*semState, error) {
	return native[*semState](vm, v, SemaphoreType, name)
}

func (vm *VM) semInit(s *semState, args []Value, kw []string, bounded bool) error {
	var a [1]Value
	d := semInitDef
	if bounded {
		d = bsemInitDef
	}
	if err := vm.bind(d, a[:], args, kw); err != nil {
		return err
	}
	var v int64 = 1
	var err error
	if a[0] != nil {
		if v, err = vm.IndexOf(a[0]); err != nil {
			return err
		}
	}
	if v < 0 {
		return vm.NewError(ValueErrorType, "semaphore initial value must be >= 0")
	}
	s.value = v
	s.initial = -1
	if bounded {
		s.initial = v
	}
	return nil
}

func semAcquire(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	s, err := semOf(vm, args[0], "acquire")
	if err != nil {
		return nil, nil, err
	}
	var a [2]Value // on the stack: these run once per lock or queue operation
	if err := vm.bind(semAcquireDef, a[:], args[1:], kw); err != nil {
		return nil, nil, err
	}
	blocking, err := truthyArg(vm, a[0], true)
	if err != nil {
		return nil, nil, err
	}
	if !blocking && a[1] != nil && a[1] != None {
		return nil, nil, vm.NewError(ValueErrorType, "can't specify timeout for non-blocking acquire")
	}
	secs, timed, err := vm.timeoutArg(a[1])
	if err != nil {
		return nil, nil, err
	}
	if s.value > 0 {
		s.value--
		return Bool(true), nil, nil
	}
	if !blocking || timed && secs <= 0 {
		return Bool(false), nil, nil
	}
	var deadline int64
	if timed {
		deadline = vm.world().deadline(vm, secs)
	}
	if s.q == nil {
		s.q = newQ()
	}
	return vm.waitOn(f, s.q, deadline, gotLock)
}

func initSemaphore() {
	for _, t := range []*Type{SemaphoreType, BoundedSemaphoreType} {
		bounded := t == BoundedSemaphoreType
		self := t
		t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
			s := &semState{value: 1, initial: -1}
			if bounded {
				s.initial = 1
			}
			inst := newNativeInstance(cls, s)
			if cls == self {
				if err := vm.semInit(s, args, kw, bounded); err != nil {
					return nil, err
				}
			}
			return inst, nil
		}
		t.Later(func(t *Type) {
			addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
				s, err := semOf(vm, args[0], "__init__")
				if err != nil {
					return nil, err
				}
				return None, vm.semInit(s, args[1:], kw, bounded)
			})
		})
	}
	SemaphoreType.Later(registerSemaphoreMethods)
}

// registerSemaphoreMethods registers the methods BoundedSemaphore
// inherits from Semaphore (see Type.Later).
func registerSemaphoreMethods(t *Type) {
	addOp(t, "acquire", semAcquire)
	addOp(t, "__enter__", semAcquire) // Semaphore.__enter__ is acquire
	release := func(vm *VM, args []Value, kw []string) (Value, error) {
		s, err := semOf(vm, args[0], "release")
		if err != nil {
			return nil, err
		}
		d := semReleaseDef
		if s.initial >= 0 {
			d = bsemReleaseDef
		}
		var a [1]Value
		if err := vm.bind(d, a[:], args[1:], kw); err != nil {
			return nil, err
		}
		var n int64 = 1
		if a[0] != nil {
			if n, err = vm.IndexOf(a[0]); err != nil {
				return nil, err
			}
		}
		if n < 1 {
			return nil, vm.NewError(ValueErrorType, "n must be one or more")
		}
		if s.initial >= 0 && s.value+n > s.initial {
			return nil, vm.NewError(ValueErrorType, "Semaphore released too many times")
		}
		for ; n > 0; n-- {
			if s.q == nil || vm.sched.wakeFirst(s.q, Bool(true)) == nil {
				s.value++
			}
		}
		return None, nil
	}
	addMethod(t, "release", release)
	addMethod(t, "__exit__", func(vm *VM, args []Value, kw []string) (Value, error) {
		var a [3]Value
		if err := vm.bind(semExitDef, a[:], args[1:], kw); err != nil {
			return nil, err
		}
		return release(vm, args[:1], nil)
	})
	addProp(t, "_value", func(vm *VM, self Value) (Value, error) {
		s, err := semOf(vm, self, "_value")
		if err != nil {
			return nil, err
		}
		return Int(s.value), nil
	}, nil)
	semRepr := func(vm *VM, self Value) (Value, error) {
		s, err := semOf(vm, self, "__repr__")
		if err != nil {
			return nil, err
		}
		cls := self.(*Instance).Class
		extra := ""
		if s.initial >= 0 {
			extra = fmt.Sprintf("/%d", s.initial)
		}
		return NewStr(fmt.Sprintf("<%s.%s at %#x: value=%d%s>", cls.Module, cls.QualName, idOf(self), s.value, extra)), nil
	}
	defMethod(t, "__repr__", semRepr)
	defMethod(BoundedSemaphoreType, "__repr__", semRepr) // its own in CPython
}

// --- Event ------------------------------------------------------------------------

func eventOf(vm *VM, v Value, name string) (*eventState, error) {
	return native[*eventState](vm, v, EventType, name)
}

func (vm *VM) eventSet(e *eventState) {
	e.flag = true
	if e.q != nil {
		vm.sched.wakeAll(e.q, Bool(true), nil)
	}
}

func initEvent() {
	t := EventType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if cls == EventType {
			if err := vm.noParams("Event.__init__", true, args, kw); err != nil {
				return nil, err
			}
		}
		return newNativeInstance(cls, &eventState{}), nil
	}
	t.Later(registerEventMethods)
}

// registerEventMethods registers threading.Event's methods (see Type.Later).
func registerEventMethods(t *Type) {
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		return None, vm.noParams("Event.__init__", true, args[1:], kw)
	})
	isSet := func(vm *VM, self Value) (Value, error) {
		e, err := eventOf(vm, self, "is_set")
		if err != nil {
			return nil, err
		}
		return Bool(e.flag), nil
	}
	defMethod(t, "is_set", isSet)
	defMethod(t, "isSet", isSet)
	defMethod(t, "set", func(vm *VM, self Value) (Value, error) {
		e, err := eventOf(vm, self, "set")
		if err != nil {
			return nil, err
		}
		vm.eventSet(e)
		return None, nil
	})
	defMethod(t, "clear", func(vm *VM, self Value) (Value, error) {
		e, err := eventOf(vm, self, "clear")
		if err != nil {
			return nil, err
		}
		e.flag = false
		return None, nil
	})
	addOp(t, "wait", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		e, err := eventOf(vm, args[0], "wait")
		if err != nil {
			return nil, nil, err
		}
		var a [1]Value // on the stack: these run once per lock or queue operation
		if err := vm.bind(eventWaitDef, a[:], args[1:], kw); err != nil {
			return nil, nil, err
		}
		secs, timed, err := vm.timeoutArg(a[0])
		if err != nil {
			return nil, nil, err
		}
		if e.flag {
			return Bool(true), nil, nil
		}
		if timed && secs <= 0 {
			return Bool(false), nil, nil
		}
		var deadline int64
		if timed {
			deadline = vm.world().deadline(vm, secs)
		}
		if e.q == nil {
			e.q = newQ()
		}
		return vm.waitOn(f, e.q, deadline, gotLock)
	})
	defMethod(t, "__repr__", func(vm *VM, self Value) (Value, error) {
		e, err := eventOf(vm, self, "__repr__")
		if err != nil {
			return nil, err
		}
		state := "unset"
		if e.flag {
			state = "set"
		}
		cls := self.(*Instance).Class
		return NewStr(fmt.Sprintf("<%s.%s at %#x: %s>", cls.Module, cls.QualName, idOf(self), state)), nil
	})
}

// --- Barrier ----------------------------------------------------------------------

func barrierOf(vm *VM, v Value, name string) (*barrierState, error) {
	return native[*barrierState](vm, v, BarrierType, name)
}

func (vm *VM) barrierInit(b *barrierState, args []Value, kw []string) error {
	var a [3]Value
	if err := vm.bind(barrierInitDef, a[:], args, kw); err != nil {
		return err
	}
	n, err := vm.IndexOf(a[0])
	if err != nil {
		return err
	}
	b.parties = n
	b.action, b.timeout = None, None
	if a[1] != nil {
		b.action = a[1]
	}
	if a[2] != nil {
		b.timeout = a[2]
	}
	return nil
}

// barrierBreak puts b in the broken state: every waiter raises
// BrokenBarrierError.
func (vm *VM) barrierBreak(b *barrierState) {
	b.broken = true
	vm.barrierFlush(b)
}

func (vm *VM) barrierFlush(b *barrierState) {
	b.count = 0
	if b.q == nil {
		return
	}
	for b.q.head != nil {
		vm.sched.wakeWith(b.q.take(), nil, NewException(BrokenBarrierErrorType))
	}
}

func barrierWait(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	b, err := barrierOf(vm, args[0], "wait")
	if err != nil {
		return nil, nil, err
	}
	var a [1]Value // on the stack: these run once per lock or queue operation
	if err := vm.bind(barrierWaitDef, a[:], args[1:], kw); err != nil {
		return nil, nil, err
	}
	timeout := a[0]
	if timeout == nil || timeout == None {
		timeout = b.timeout
	}
	secs, timed, err := vm.timeoutArg(timeout)
	if err != nil {
		return nil, nil, err
	}
	if b.broken {
		return nil, nil, NewException(BrokenBarrierErrorType)
	}
	index := b.count
	b.count++
	if b.count >= b.parties {
		// The last to arrive runs the action and releases the others.
		if b.action != None {
			if _, err := vm.Call(b.action, nil, nil); err != nil {
				vm.barrierBreak(b)
				return nil, nil, err
			}
		}
		b.count = 0
		if b.q != nil {
			// Waiters arrived in index order.
			for i := 0; b.q.head != nil; i++ {
				vm.sched.wakeWith(b.q.take(), Int(i), nil)
			}
		}
		return Int(index), nil, nil
	}
	if timed && secs <= 0 {
		vm.barrierBreak(b)
		return nil, nil, NewException(BrokenBarrierErrorType)
	}
	var deadline int64
	if timed {
		deadline = vm.world().deadline(vm, secs)
	}
	if b.q == nil {
		b.q = newQ()
	}
	return vm.waitOn(f, b.q, deadline, func(f *Frame, timedOut bool, v Value) (Value, *Frame, error) {
		if timedOut {
			vm.barrierBreak(b)
			return nil, nil, NewException(BrokenBarrierErrorType)
		}
		return v, nil, nil
	})
}

func initBarrier() {
	t := BarrierType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		b := &barrierState{action: None, timeout: None, parties: 1}
		inst := newNativeInstance(cls, b)
		if cls == BarrierType {
			if err := vm.barrierInit(b, args, kw); err != nil {
				return nil, err
			}
		}
		return inst, nil
	}
	t.Later(registerBarrierMethods)
}

// registerBarrierMethods registers threading.Barrier's methods (see Type.Later).
func registerBarrierMethods(t *Type) {
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		b, err := barrierOf(vm, args[0], "__init__")
		if err != nil {
			return nil, err
		}
		return None, vm.barrierInit(b, args[1:], kw)
	})
	addOp(t, "wait", barrierWait)
	defMethod(t, "reset", func(vm *VM, self Value) (Value, error) {
		b, err := barrierOf(vm, self, "reset")
		if err != nil {
			return nil, err
		}
		vm.barrierFlush(b)
		b.broken = false
		return None, nil
	})
	defMethod(t, "abort", func(vm *VM, self Value) (Value, error) {
		b, err := barrierOf(vm, self, "abort")
		if err != nil {
			return nil, err
		}
		vm.barrierBreak(b)
		return None, nil
	})
	bp := func(name string, fn func(b *barrierState) Value) {
		addProp(t, name, func(vm *VM, self Value) (Value, error) {
			b, err := barrierOf(vm, self, name)
			if err != nil {
				return nil, err
			}
			return fn(b), nil
		}, nil)
	}
	bp("parties", func(b *barrierState) Value { return Int(b.parties) })
	bp("n_waiting", func(b *barrierState) Value {
		if b.broken {
			return Int(0)
		}
		return Int(b.count)
	})
	bp("broken", func(b *barrierState) Value { return Bool(b.broken) })
	defMethod(t, "__repr__", func(vm *VM, self Value) (Value, error) {
		b, err := barrierOf(vm, self, "__repr__")
		if err != nil {
			return nil, err
		}
		cls := self.(*Instance).Class
		if b.broken {
			return NewStr(fmt.Sprintf("<%s.%s at %#x: broken>", cls.Module, cls.QualName, idOf(self))), nil
		}
		n := b.count
		return NewStr(fmt.Sprintf("<%s.%s at %#x: waiters=%d/%d>", cls.Module, cls.QualName, idOf(self), n, b.parties)), nil
	})
}
