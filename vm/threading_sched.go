package vm

// threading_sched.go: what threads add to the scheduler — the deadlock
// report that names every blocked thread, and joining the non-daemon
// threads when the main module finishes. (Their time slice is
// scheduler.threadSlice, tasklet.go.)

import (
	"fmt"
	"strings"
	"time"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// threadSliceLen is the default time slice of thread tasklets, in
// instructions.
const threadSliceLen = 10000

// threadingUsed reports whether the program imported threading or queue
// (main is then "MainThread" in reports).
func (vm *VM) threadingUsed() bool {
	_, th := vm.modules["threading"]
	_, q := vm.modules["queue"]
	return th || q || vm.thr != nil && vm.thr.mainThread != nil
}

// deadlockAt is the deadlock error raised in cur, which was about to wait
// at frame f (listed among the blocked).
func (vm *VM) deadlockAt(f *Frame, cur *Tasklet) *Instance {
	return vm.threadDeadlockError(cur, f)
}

// threadDeadlockError is RuntimeError("Deadlock: ...") whose blocked
// attribute lists every blocked tasklet (and self, failing to block at
// frame f), and whose report, printed above the traceback, names each
// thread and the line where it waits.
func (vm *VM) threadDeadlockError(self *Tasklet, f *Frame) *Instance {
	s := vm.sched
	e := vm.NewError(RuntimeErrorType, "Deadlock: the last runnable tasklet cannot be blocked.")
	var items []Value
	var report strings.Builder
	threads := vm.threadingUsed()
	atExit := vm.thr != nil && vm.thr.joining
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
		name, kind := t.name(), "tasklet"
		site := fmt.Sprintf(" (spawned at %s)", s.spawnedAt(t))
		if t.flags&tThread != 0 {
			kind, site = "thread", fmt.Sprintf(" (started at %s)", s.spawnedAt(t))
		}
		if t.isMain() && threads {
			name, kind, site = "MainThread", "thread", ""
		}
		at := fmt.Sprintf("%s:%d", file, line)
		d := NewDict(0)
		d.SetStr("name", NewStr(name))
		d.SetStr("spawned_at", NewStr(s.spawnedAt(t)))
		d.SetStr("waiting_at", NewStr(at))
		items = append(items, d)
		if t.isMain() && atExit {
			fmt.Fprintf(&report, "  %s '%s' waiting at exit for the non-daemon threads\n", kind, name)
			return
		}
		fmt.Fprintf(&report, "  %s '%s'%s waiting at %s\n", kind, name, site, at)
	}
	if s.main.alive() {
		add(s.main)
	}
	for t := s.aliveHead; t != nil; t = t.anext {
		if t.alive() && t != s.main {
			add(t)
		}
	}
	e.setAttrs(NewDict(0))
	e.attrs().SetStr("blocked", &List{items: items})
	if report.Len() > 0 {
		e.Exc().Note = "Blocked threads:\n" + report.String()
	}
	return e
}

// --- joining the non-daemon threads at exit ------------------------------------

// shutdownOp waits until no non-daemon thread is alive.
func shutdownOp(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
	w := vm.world()
	if w.nonDaemon <= 0 {
		return None, nil, nil
	}
	if w.shutdownq == nil {
		w.shutdownq = newQ()
	}
	return vm.waitOn(f, w.shutdownq, 0, func(f *Frame, _ bool, _ Value) (Value, *Frame, error) {
		return shutdownOp(vm, f, nil, nil)
	})
}

// joinThreadsAtExit runs, on the main tasklet, a tiny frame that waits
// for the non-daemon threads (CPython's threading._shutdown), so that
// they finish before the remaining tasklets are killed.
func (vm *VM) joinThreadsAtExit() error {
	w := vm.thr
	s := vm.sched
	if w == nil || w.nonDaemon <= 0 || w.exitJoined || !s.main.alive() || s.current != s.main || !vm.budgetLeft() {
		return nil
	}
	w.exitJoined = true
	f := vm.trampoline("_shutdown", shutdownOp, nil)
	depth := vm.depth
	vm.depth = 1
	w.joining = true
	_, err := vm.run(f)
	w.joining = false
	vm.depth = depth
	return err
}

// exitJoin is joinThreadsAtExit at VM.Finish (after an uncaught exception
// or SystemExit in main): an error, such as a deadlock, is printed.
func (vm *VM) exitJoin() {
	if w := vm.thr; w == nil || w.nonDaemon <= 0 || !vm.sched.canProgress() {
		// Nothing could run (main failed on a deadlock, say): joining
		// would only report the same deadlock again.
		return
	}
	if err := vm.joinThreadsAtExit(); err != nil {
		exc := AsException(err)
		if !exc.Class.IsSubtype(SystemExitType) && !exc.Class.IsSubtype(BudgetExceededType) {
			fmt.Fprint(vm.opts.Stderr, vm.FormatTraceback(exc))
		}
	}
}

// budgetLeft reports whether the instruction and time budgets still
// allow running code.
func (vm *VM) budgetLeft() bool {
	if lim := vm.opts.MaxInstructions; lim > 0 && vm.instructions >= lim {
		return false
	}
	if !vm.opts.Deadline.IsZero() && time.Now().After(vm.opts.Deadline) {
		return false
	}
	if ctx := vm.opts.Context; ctx != nil && ctx.Err() != nil {
		return false
	}
	return true
}

// canProgress reports whether a tasklet other than the current one is
// runnable or a timer is pending.
func (s *scheduler) canProgress() bool {
	others := s.count
	if s.current.queued() {
		others--
	}
	return others > 0 || s.vm.hasTimers()
}

// trampoline returns a frame of a tiny synthetic function, named name
// (file "<threading>"), that calls op(*args) from the interpreter loop and
// returns its result: a blocking operation needs a frame to suspend, and
// a tasklet's first call (or the exit join) has none.
func (vm *VM) trampoline(name string, op opFunc, args []Value) *Frame {
	n := len(args)
	code := &bc.Code{Name: name, QualName: name, Filename: "<threading>", FirstLine: 1, MaxStack: n + 1}
	for i := 0; i <= n; i++ {
		code.Instrs = append(code.Instrs, bc.Instr{Op: bc.LOAD_CONST, Arg: int32(i)})
		code.Depths = append(code.Depths, int32(i))
	}
	code.Instrs = append(code.Instrs, bc.Instr{Op: bc.CALL, Arg: int32(n)}, bc.Instr{Op: bc.RETURN_VALUE})
	code.Depths = append(code.Depths, int32(n+1), 1)
	code.Lines = make([]int32, len(code.Instrs))
	for i := range code.Lines {
		code.Lines[i] = 1
	}
	vm.cache(code).consts = append([]Value{&Builtin{Name: name, Special: specialOp, Op: op}}, args...)
	return vm.newFrame(code, NewDict(0))
}
