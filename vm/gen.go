package vm

// gen.go: returning from frames, generators (resumed inside the loop),
// raising and unwinding.

import bc "github.com/weft-lang/weft/compiler/bytecode"

// Generator is a suspended generator frame.
type Generator struct {
	frame *Frame
	Name  string
	Qual  string
	// handled is the exception the generator's own code is handling (an
	// except block it is suspended in keeps it), outer the handled
	// exception of whoever resumed it, seen inside when the generator
	// handles none and restored when it yields, returns or raises: a
	// generator's exception state is its own, as CPython's gi_exc_state.
	handled, outer *Instance
	started        bool
	running        bool
	done           bool
}

// enter makes g's exception state current as it resumes.
func (g *Generator) enter(vm *VM) {
	g.outer = vm.handled
	if g.handled != nil {
		vm.handled = g.handled
	}
}

// leave gives the resumer back its exception state as g yields or ends.
func (g *Generator) leave(vm *VM) {
	vm.handled, g.outer = g.outer, nil
}

func (vm *VM) newGenerator(fn *Function, f *Frame) *Generator {
	g := &Generator{frame: f, Name: fn.Name, Qual: fn.QualName}
	f.gen = g
	return g
}

// yieldSignal carries a value yielded by the entry frame of a nested run.
type yieldSignal struct{ v Value }

func (*yieldSignal) Error() string { return "yield" }

// reraise marks an exception re-raised by RERAISE (its traceback is kept).
type reraise struct{ exc *Instance }

func (*reraise) Error() string { return "reraise" }

// thrownIn is an exception thrown into a generator (throw, close): raised
// at its yield without taking the handled exception as its context, as
// CPython restores such an exception rather than raising it.
type thrownIn struct{ exc *Instance }

func (*thrownIn) Error() string { return "thrown in" }

// returnFrom pops f returning v. It returns the frame to continue (nil
// when f was the entry frame: then the error is a *returnSignal or the
// exception raised by the return protocol).
func (vm *VM) returnFrom(f *Frame, v Value) (*Frame, error) {
	vm.depth--
	caller := f.Back
	f.Back = nil
	if g := f.gen; g != nil {
		g.done = true
		g.running = false
		g.frame = nil
		g.leave(vm)
		return vm.genReturned(f, caller, v)
	}
	var err error
	switch f.ret {
	case retInit:
		if v != None {
			err = vm.NewError(TypeErrorType, "__init__() should return None, not '%s'", TypeOf(v).Name)
		}
		v = f.takeExtra()
	case retClass:
		var cls *Type
		cls, err = vm.finishClass(f.extra().(*classBuild), f.locals())
		v = cls
	case retDiscard:
		v = f.extra()
	}
	if f.entry {
		if err != nil {
			return nil, err
		}
		// The nested run that f began ends here and nothing refers to
		// f any more: its Go caller only takes the value. Pooling it
		// saves two allocations per call from Go (sort keys, special
		// methods of user classes called by dicts and lists).
		f.entry = false
		vm.releaseFrame(f)
		return nil, vm.returnSig(v)
	}
	if caller == nil {
		// The bottom frame of the current tasklet.
		if err != nil {
			return vm.sched.died(vm.sched.current, AsException(err))
		}
		return vm.sched.died(vm.sched.current, nil)
	}
	setter := f.ret == retSetter
	vm.releaseFrame(f)
	if err != nil {
		return caller, err
	}
	if setter {
		return caller, nil // STORE_ATTR pushes nothing
	}
	caller.slots[caller.sp] = v
	caller.sp++
	return caller, nil
}

// genReturned delivers a finished generator's return value to the frame
// that resumed it.
func (vm *VM) genReturned(f, caller *Frame, v Value) (*Frame, error) {
	switch f.ret {
	case retForIter:
		if f.entry {
			return nil, vm.returnSig(v)
		}
		// Pop the iterator and jump to FOR_ITER's target.
		in := caller.code().Instrs[caller.pc-1]
		caller.sp--
		caller.slots[caller.sp] = nil
		caller.pc = int(in.Arg)
		return caller, nil
	case retYieldFrom:
		// Caller's stack: it v. The result of yield from is v.
		caller.sp--
		caller.slots[caller.sp] = nil
		caller.slots[caller.sp-1] = v
		return caller, nil
	}
	// retNext (next(), send()) and nested runs: StopIteration(v).
	stop := NewException(StopIterationType)
	if v != None {
		stop.Exc().Args = []Value{v}
	}
	if f.entry {
		return nil, vm.returnSig(v)
	}
	if f.extra() != nil {
		// next(gen, default)
		caller.slots[caller.sp] = f.extra()
		caller.sp++
		return caller, nil
	}
	return caller, stop
}

// yieldFrom suspends generator frame f yielding v to whoever resumed it.
func (vm *VM) yieldFrom(f *Frame, v Value) (*Frame, error) {
	g := f.gen
	if g == nil {
		return nil, vm.NewError(SystemErrorType, "yield outside a generator frame")
	}
	vm.depth--
	caller := f.Back
	f.Back = nil
	g.running = false
	g.leave(vm)
	if f.entry {
		f.entry = false
		return nil, vm.yieldSig(v)
	}
	if f.ret == retYieldFrom {
		// The delegating generator yields v itself and re-runs YIELD_FROM
		// when resumed.
		caller.sp--
		caller.slots[caller.sp] = nil
		caller.pc--
		return vm.yieldFrom(caller, v)
	}
	caller.slots[caller.sp] = v
	caller.sp++
	return caller, nil
}

// resumeGen resumes g on behalf of frame f, sending sent (or throwing exc).
// It returns the frame to continue with.
func (vm *VM) resumeGen(f *Frame, g *Generator, sent Value, exc *Instance, mode retKind) (*Frame, error) {
	// Errors are returned with a nil frame: they are raised in the caller
	// by its own instruction.
	if g.running {
		return nil, vm.NewError(ValueErrorType, "generator already executing")
	}
	if g.done {
		if exc != nil {
			return nil, exc
		}
		return vm.genReturnedDone(f, mode)
	}
	gf := g.frame
	if exc == nil && !g.started && sent != None {
		return nil, vm.NewError(TypeErrorType, "can't send non-None value to a just-started generator")
	}
	if err := vm.pushDepth(); err != nil {
		return nil, err
	}
	if exc == nil && g.started {
		gf.slots[gf.sp] = sent
		gf.sp++
	}
	g.started = true
	g.running = true
	g.enter(vm)
	gf.Back = f
	gf.ret = mode
	if gf.aux != nil {
		gf.aux.extra = nil
	}
	if exc != nil {
		// The exception is raised at the generator's yield; if it escapes
		// the generator it is raised in the caller by the caller's own
		// instruction, so unwinding stops at the generator frame.
		gf.entry = true
		nf, err := vm.unwind(gf, &thrownIn{exc})
		gf.entry = false
		if nf == nil {
			return nil, err
		}
		return nf, nil
	}
	return gf, nil
}

// genReturnedDone handles resuming an exhausted generator.
func (vm *VM) genReturnedDone(f *Frame, mode retKind) (*Frame, error) {
	switch mode {
	case retForIter:
		in := f.code().Instrs[f.pc-1]
		f.sp--
		f.slots[f.sp] = nil
		f.pc = int(in.Arg)
		return f, nil
	case retYieldFrom:
		f.sp--
		f.slots[f.sp] = nil
		f.slots[f.sp-1] = None
		return f, nil
	}
	return nil, NewException(StopIterationType)
}

// yieldFromStep runs one step of YIELD_FROM: for a generator it resumes it
// (returning its frame); for a Go iterator it returns the next item
// (done=false) or the final result (done=true).
func (vm *VM) yieldFromStep(f *Frame, sub, v Value, _ int) (*Frame, Value, bool, error) {
	if g, ok := sub.(*Generator); ok {
		nf, err := vm.resumeGen(f, g, v, nil, retYieldFrom)
		if err != nil {
			return nil, nil, false, err
		}
		return nf, nil, false, nil
	}
	var item Value
	var err error
	if v != None {
		// CPython sends a value other than None with the iterator's send
		// (an AttributeError when it has none).
		var m Value
		if m, err = vm.GetAttr(sub, NewStr("send")); err == nil {
			item, err = vm.Call(m, []Value{v}, nil)
		}
	} else {
		var ok bool
		if item, ok, err = vm.nextRaw(sub); err == nil && !ok {
			return nil, None, true, nil
		}
	}
	if err != nil {
		// A StopIteration ends yield from with its value.
		if e, isExc := err.(*Instance); isExc && e.Class.IsSubtype(StopIterationType) {
			return nil, stopValue(e), true, nil
		}
		return nil, nil, false, err
	}
	return nil, item, false, nil
}

// genNextNested advances a generator from Go code (a nested run).
func (vm *VM) genNextNested(g *Generator) (Value, bool, error) {
	v, done, err := vm.genResumeNested(g, None, nil)
	if err != nil {
		if e, ok := err.(*Instance); ok && e.Class.IsSubtype(StopIterationType) {
			return nil, false, nil
		}
		return nil, false, err
	}
	if done {
		return nil, false, nil
	}
	return v, true, nil
}

// genResumeNested resumes g in a nested loop; done reports that it
// returned (v is its return value).
func (vm *VM) genResumeNested(g *Generator, sent Value, exc *Instance) (Value, bool, error) {
	if g.done {
		if exc != nil {
			return nil, false, exc
		}
		return None, true, nil
	}
	if g.running {
		return nil, false, vm.NewError(ValueErrorType, "generator already executing")
	}
	if vm.nested >= maxNested {
		return nil, false, vm.NewError(RecursionErrorType, "maximum recursion depth exceeded")
	}
	gf := g.frame
	nf, err := vm.resumeGen(nil, g, sent, exc, retNext)
	if nf == nil {
		return nil, false, err
	}
	gf.entry = true
	vm.nested++
	defer func() { vm.nested-- }()
	v, err := vm.run(nf)
	gf.entry = false
	if err != nil {
		if ys, ok := err.(*yieldSignal); ok {
			v := ys.v
			ys.v = nil
			return v, false, nil
		}
		return nil, false, err
	}
	return v, true, nil
}

// unwind handles exception err raised at f.pc-1: it finds a handler in f
// or its callers and returns the frame to continue, or (nil, exc) when
// the exception leaves the entry frame.
func (vm *VM) unwind(f *Frame, err error) (*Frame, error) {
	var exc *Instance
	fresh, chain := true, true
	switch e := err.(type) {
	case *reraise:
		exc = e.exc
		fresh = false
	case *thrownIn:
		exc, chain = e.exc, false
	case *Instance:
		exc = e
	case *returnSignal, *yieldSignal:
		return nil, err
	default:
		exc = AsException(err)
	}
	data := exc.Exc()
	if data == nil {
		data = &ExcData{}
		exc.setExc(data)
	}
	if fresh && chain && vm.handled != nil && vm.handled != exc && data.Context == nil {
		breakContextCycle(vm.handled, exc)
		data.Context = vm.handled
	}
	for {
		pc := f.pc - 1
		if fresh {
			data.Traceback = append(data.Traceback, TraceEntry{Code: f.code(), PC: pc})
		}
		fresh = true
		if h := f.code().Handler(pc); h != nil {
			base := int(f.nlocals) + int(h.Depth)
			vm.popN(f.slots, f.sp, f.sp-base)
			f.sp = base
			f.slots[f.sp] = exc
			f.sp++
			f.pc = int(h.Handler)
			return f, nil
		}
		vm.popN(f.slots, f.sp, f.sp-int(f.nlocals))
		f.sp = int(f.nlocals)
		vm.depth--
		caller := f.Back
		f.Back = nil
		if g := f.gen; g != nil {
			g.done = true
			g.running = false
			g.frame = nil
			g.leave(vm)
			if exc.Class.IsSubtype(StopIterationType) {
				rt := vm.NewError(RuntimeErrorType, "generator raised StopIteration")
				rtData := rt.Exc()
				rtData.Cause, rtData.Context, rtData.SuppressContext = exc, exc, true
				rtData.Traceback = data.Traceback
				exc, data = rt, rtData
			}
		}
		if !f.entry && caller == nil {
			// The bottom frame of the current tasklet.
			return vm.sched.died(vm.sched.current, exc)
		}
		if f.entry || caller == nil {
			return nil, exc
		}
		vm.releaseFrame(f)
		f = caller
	}
}

// doRaise implements RAISE_VARARGS.
func (vm *VM) doRaise(args []Value, n int) error {
	if n == 0 {
		if vm.handled == nil {
			return vm.NewError(RuntimeErrorType, "No active exception to reraise")
		}
		return &reraise{vm.handled}
	}
	exc, err := vm.makeException(args[0])
	if err != nil {
		return err
	}
	if n == 2 {
		cause := args[1]
		switch c := cause.(type) {
		case NoneType:
			exc.Exc().Cause = nil
		case *Type, *Instance:
			ce, err := vm.makeException(c)
			if err != nil {
				return vm.NewError(TypeErrorType, "exception causes must derive from BaseException")
			}
			exc.Exc().Cause = ce
		default:
			return vm.NewError(TypeErrorType, "exception causes must derive from BaseException")
		}
		exc.Exc().SuppressContext = true
	}
	return exc
}

// makeException turns a raised value (class or instance) into an
// exception instance.
func (vm *VM) makeException(v Value) (*Instance, error) {
	switch x := v.(type) {
	case *Type:
		if !x.IsException() {
			return nil, vm.NewError(TypeErrorType, "exceptions must derive from BaseException")
		}
		return vm.instantiateException(x, nil)
	case *Instance:
		if x.Exc() != nil {
			return x, nil
		}
	}
	return nil, vm.NewError(TypeErrorType, "exceptions must derive from BaseException")
}

// instantiateException calls the exception class t with args and checks
// that the result is an exception instance.
func (vm *VM) instantiateException(t *Type, args []Value) (*Instance, error) {
	r, err := vm.Call(t, args, nil)
	if err != nil {
		return nil, err
	}
	e, ok := r.(*Instance)
	if !ok || e.Exc() == nil {
		return nil, vm.NewError(TypeErrorType, "calling %s should have returned an instance of BaseException, not %s", t.Name, TypeOf(r).Name)
	}
	return e, nil
}

// throwException builds the exception of gen.throw(typ[, val]); val is
// nil when absent. The (deprecated, still supported in 3.11) two-argument
// form instantiates typ from val as CPython's exception normalisation does:
// an instance of typ is used as is, a tuple gives the arguments, None none,
// anything else the single argument.
func (vm *VM) throwException(typ, val Value) (*Instance, error) {
	switch x := typ.(type) {
	case *Type:
		if !x.IsException() {
			break
		}
		switch v := val.(type) {
		case nil, NoneType:
			return vm.instantiateException(x, nil)
		case *Instance:
			if v.Exc() != nil && v.Class.IsSubtype(x) {
				return v, nil
			}
		case *Tuple:
			return vm.instantiateException(x, v.Items)
		}
		return vm.instantiateException(x, []Value{val})
	case *Instance:
		if x.Exc() == nil {
			break
		}
		if val != nil && val != None {
			return nil, vm.NewError(TypeErrorType, "instance exception may not have a separate value")
		}
		return x, nil
	}
	return nil, vm.NewError(TypeErrorType, "exceptions must be classes or instances deriving from BaseException, not %s", TypeOf(typ).Name)
}

// excMatches implements CHECK_EXC_MATCH.
func (vm *VM) excMatches(exc, typ Value) (bool, error) {
	e, ok := exc.(*Instance)
	if !ok {
		return false, nil
	}
	switch t := typ.(type) {
	case *Type:
		if !t.IsException() {
			return false, vm.NewError(TypeErrorType, "catching classes that do not inherit from BaseException is not allowed")
		}
		return e.Class.IsSubtype(t), nil
	case *Tuple:
		// A flat tuple of exception classes, as CPython checks before it
		// matches: a nested tuple is a TypeError (and was a recursion on
		// the Go stack as deep as the nesting).
		for _, x := range t.Items {
			if xt, ok := x.(*Type); !ok || !xt.IsException() {
				return false, vm.NewError(TypeErrorType, "catching classes that do not inherit from BaseException is not allowed")
			}
		}
		for _, x := range t.Items {
			if e.Class.IsSubtype(x.(*Type)) {
				return true, nil
			}
		}
		return false, nil
	}
	return false, vm.NewError(TypeErrorType, "catching classes that do not inherit from BaseException is not allowed")
}

// callSpecialBuiltin runs builtins that need the interpreter.
func (vm *VM) callSpecialBuiltin(f *Frame, b *Builtin, args []Value, kwnames []string) (Value, *Frame, error) {
	switch b.Special {
	case specialBuildClass:
		return vm.startClass(f, args, kwnames)
	case specialSuper:
		r, err := vm.makeSuper(f, args)
		return r, nil, err
	case specialNext:
		if err := vm.noKwargs("next", kwnames); err != nil {
			return nil, nil, err
		}
		if err := vm.checkArgs("next", len(args), 1, 2); err != nil {
			return nil, nil, err
		}
		if g, ok := args[0].(*Generator); ok && f != nil {
			var def Value
			if len(args) == 2 {
				def = args[1]
			}
			if g.done {
				if def != nil {
					return def, nil, nil
				}
				return nil, nil, NewException(StopIterationType)
			}
			nf, err := vm.resumeGen(f, g, None, nil, retNext)
			if err != nil {
				return nil, nil, err
			}
			nf.setExtra(def)
			return nil, nf, nil
		}
		v, ok, err := vm.nextRaw(args[0])
		if err != nil {
			if e, isExc := err.(*Instance); isExc && len(args) == 2 && e.Class.IsSubtype(StopIterationType) {
				return args[1], nil, nil
			}
			return nil, nil, err
		}
		if !ok {
			if len(args) == 2 {
				return args[1], nil, nil
			}
			return nil, nil, NewException(StopIterationType)
		}
		return v, nil, nil
	case specialGenSend, specialGenThrow, specialGenClose:
		return vm.genMethod(f, b, args)
	case specialTasklet:
		return vm.taskletCall(f, b, args, kwnames)
	case specialOp:
		return b.Op(vm, f, args, kwnames)
	}
	return nil, nil, vm.NewError(SystemErrorType, "bad special builtin %s", b.Name)
}

// genMethod implements generator.send/throw/close.
func (vm *VM) genMethod(f *Frame, b *Builtin, args []Value) (Value, *Frame, error) {
	if len(args) < 1 {
		return nil, nil, vm.NewError(TypeErrorType, "descriptor needs an argument")
	}
	g, ok := args[0].(*Generator)
	if !ok {
		return nil, nil, vm.NewError(TypeErrorType, "descriptor requires a 'generator' object")
	}
	switch b.Special {
	case specialGenSend:
		if len(args) != 2 {
			return nil, nil, vm.NewError(TypeErrorType, "send() takes exactly one argument (%d given)", len(args)-1)
		}
		if f == nil {
			v, done, err := vm.genResumeNested(g, args[1], nil)
			return vm.nestedResult(v, done, err)
		}
		if g.done {
			return nil, nil, NewException(StopIterationType)
		}
		nf, err := vm.resumeGen(f, g, args[1], nil, retNext)
		return nil, nf, err
	case specialGenThrow:
		if len(args) < 2 {
			return nil, nil, vm.NewError(TypeErrorType, "throw expected at least 1 argument, got 0")
		}
		var val Value
		if len(args) > 2 {
			val = args[2]
		}
		exc, err := vm.throwException(args[1], val)
		if err != nil {
			return nil, nil, err
		}
		if !g.started {
			g.done = true
			g.frame = nil
			return nil, nil, exc
		}
		d := vm.throwToDelegate(g, exc)
		switch {
		case d.err != nil:
			return nil, nil, d.err
		case d.yielded:
			return d.v, nil, nil
		case d.exc == nil:
			// The delegate finished: yield from's value goes on.
			if f == nil {
				v, done, err := vm.genResumeNested(g, d.v, nil)
				return vm.nestedResult(v, done, err)
			}
			nf, err := vm.resumeGen(f, g, d.v, nil, retNext)
			return nil, nf, err
		}
		exc = d.exc
		if f == nil {
			v, done, err := vm.genResumeNested(g, nil, exc)
			return vm.nestedResult(v, done, err)
		}
		nf, err := vm.resumeGen(f, g, nil, exc, retNext)
		if nf == nil {
			return nil, nil, err
		}
		return nil, nf, err
	}
	// close()
	if g.done || !g.started {
		g.done = true
		g.frame = nil
		return None, nil, nil
	}
	exit := NewException(GeneratorExitType)
	d := vm.throwToDelegate(g, exit)
	if d.err != nil {
		return nil, nil, d.err
	}
	_, done, err := vm.genResumeNested(g, nil, d.exc)
	if err != nil {
		if e, ok := err.(*Instance); ok && (e.Class.IsSubtype(GeneratorExitType) || e.Class.IsSubtype(StopIterationType)) {
			return None, nil, nil
		}
		return nil, nil, err
	}
	if !done {
		return nil, nil, vm.NewError(RuntimeErrorType, "generator ignored GeneratorExit")
	}
	return None, nil, nil
}

func (vm *VM) nestedResult(v Value, done bool, err error) (Value, *Frame, error) {
	if err != nil {
		return nil, nil, err
	}
	if done {
		stop := NewException(StopIterationType)
		if v != None {
			stop.Exc().Args = []Value{v}
		}
		return nil, nil, stop
	}
	return v, nil, nil
}

var _ = bc.NOP

// nextRaw is next(it) without a default: unlike Next it lets a
// StopIteration raised by a user __next__ propagate unchanged.
func (vm *VM) nextRaw(it Value) (Value, bool, error) {
	switch it.(type) {
	case Iterator, *Generator:
		return vm.next(it)
	}
	r, ok, err := vm.callSpecialStr(it, dunderNext)
	if !ok {
		return nil, false, vm.NewError(TypeErrorType, "'%s' object is not an iterator", TypeOf(it).Name)
	}
	if err != nil {
		return nil, false, err
	}
	return r, true, nil
}

// delegated is what throwing into the iterator a generator delegates to
// (yield from) came to: an error of the throw itself (err); a value the
// delegate yielded, which the throw returns (yielded, v); the delegate's
// return value, which yield from evaluates to (exc nil, v); or the
// exception to raise in the generator (exc).
type delegated struct {
	v       Value
	yielded bool
	exc     *Instance
	err     error
}

// throwToDelegate passes exc, thrown into (or, a GeneratorExit, closing)
// the suspended generator g, to the iterator g delegates to, as CPython's
// gen_throw and gen_close do: a GeneratorExit closes the delegate and is
// then raised in g; any other exception goes to the delegate's throw
// (a delegate without one: raised in g). When the delegate finished or
// raised, g's frame moves past its YIELD_FROM with the delegate popped,
// so that what follows resumes g there. Without a delegate exc is raised
// in g as it is.
func (vm *VM) throwToDelegate(g *Generator, exc *Instance) delegated {
	sub := g.delegate()
	if sub == nil {
		return delegated{exc: exc}
	}
	g.running = true // the delegate re-entering g is "already executing"
	r := vm.throwInto(sub, exc)
	g.running = false
	if r.yielded || r.err != nil || r.exc == exc && exc.Class.IsSubtype(GeneratorExitType) {
		return r
	}
	// The delegate is done with: leave yield from.
	gf := g.frame
	gf.sp--
	gf.slots[gf.sp] = nil
	gf.pc++
	return r
}

// throwInto throws exc into sub, an iterator a generator delegates to
// (see throwToDelegate).
func (vm *VM) throwInto(sub Value, exc *Instance) delegated {
	if exc.Class.IsSubtype(GeneratorExitType) {
		var err error
		if sg, ok := sub.(*Generator); ok {
			_, _, err = vm.genMethod(nil, genCloseBuiltin, []Value{sg})
		} else if m, e := vm.GetAttr(sub, NewStr("close")); e == nil {
			_, err = vm.Call(m, nil, nil)
		}
		if err != nil {
			return delegated{exc: AsException(err)}
		}
		return delegated{exc: exc}
	}
	var v Value
	var err error
	if sg, ok := sub.(*Generator); ok {
		if !sg.started {
			// Never the delegate of a suspended yield from, but be safe.
			return delegated{exc: exc}
		}
		// Through genMethod, so that sg passes it on to its own delegate.
		v, _, err = vm.genMethod(nil, genThrowBuiltin, []Value{sg, exc})
	} else {
		m, e := vm.GetAttr(sub, NewStr("throw"))
		if e != nil {
			return delegated{exc: exc} // no throw: raised in the generator
		}
		v, err = vm.Call(m, []Value{exc}, nil)
	}
	if err != nil {
		e := AsException(err)
		if e.Class.IsSubtype(StopIterationType) {
			return delegated{v: stopValue(e)}
		}
		return delegated{exc: e}
	}
	return delegated{v: v, yielded: true}
}

// genThrowBuiltin is generator.throw, for throwing into a delegate.
var genThrowBuiltin = &Builtin{Name: "generator.throw", Special: specialGenThrow}

// stopValue is a StopIteration's value (None without arguments).
func stopValue(e *Instance) Value {
	if e.Exc() != nil && len(e.Exc().Args) > 0 {
		return e.Exc().Args[0]
	}
	return None
}

// delegate is the iterator g's suspended frame is delegating to in a
// yield from (nil when it is not).
func (g *Generator) delegate() Value {
	gf := g.frame
	if gf == nil || !g.started || g.done || g.running || gf.sp <= int(gf.nlocals) {
		return nil
	}
	instrs := gf.code().Instrs
	if gf.pc < 0 || gf.pc >= len(instrs) || instrs[gf.pc].Op != bc.YIELD_FROM {
		return nil
	}
	return gf.slots[gf.sp-1]
}

// breakContextCycle cuts the link to exc from the context chain of
// handled, which is about to become exc's context, as CPython does, so
// that re-raising an exception inside the handling of one it caused makes
// no cycle. A cycle already in the chain ends the walk (Floyd's check).
func breakContextCycle(handled, exc *Instance) {
	o, slow := handled, handled
	toggle := false
	for {
		if o.Exc() == nil {
			return
		}
		next, ok := o.Exc().Context.(*Instance)
		if !ok {
			return
		}
		if next == exc {
			o.Exc().Context = nil
			return
		}
		o = next
		if o == slow {
			return
		}
		if toggle {
			slow, _ = slow.Exc().Context.(*Instance)
		}
		toggle = !toggle
	}
}
