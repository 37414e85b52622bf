package vm

// run.go: the embedding API — run a module's code with budgets — plus
// imports and the slow budget checks.

import (
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// Result is the outcome of running a module or snippet.
type Result struct {
	// Value is what the code returned (the last expression with
	// compiler.Options.ReturnLastExpr), or nil after an exception.
	Value Value
	// Exception is the uncaught exception, or nil.
	Exception *Instance
	// Module is the executed module's namespace.
	Globals *Dict
}

// RunModule executes code as the module name (e.g. "__main__") whose file
// is filename, and returns its result. Uncaught exceptions are in
// Result.Exception; err is reserved for host failures.
func (vm *VM) RunModule(code *bc.Code, name string) *Result {
	globals := NewDict(0)
	globals.SetStr("__name__", NewStr(name))
	globals.SetStr("__file__", NewStr(code.Filename))
	globals.SetStr("__doc__", None)
	globals.SetStr("__builtins__", vm.builtinsModule())
	mod := &Module{Name: name, Dict: globals}
	vm.modules[name] = mod
	return vm.RunIn(code, globals)
}

// InternalErrorPrefix starts the message of the SystemError that reports
// a Go panic inside the VM (a Weft bug, never the program's fault).
const InternalErrorPrefix = "internal error in the Weft VM: "

// RunIn executes code with the given globals (as a module body).
func (vm *VM) RunIn(code *bc.Code, globals *Dict) (res *Result) {
	f := vm.newFrame(code, globals)
	f.setModuleNS(globals)
	res = &Result{Globals: globals}
	if p := vm.opts.GC; p != nil {
		defer p.Close() // Go's collector as it was, whatever happens
	}
	defer func() {
		// A Go panic is a VM bug; the host (a language server, say) keeps
		// running and the program sees a SystemError.
		if p := recover(); p != nil {
			res.Value = nil
			res.Exception = vm.NewError(SystemErrorType, "%s%v\n%s", InternalErrorPrefix, p, debug.Stack())
		}
	}()
	v, err := vm.runMain(f)
	if err != nil {
		res.Exception = AsException(err)
		return res
	}
	res.Value = v
	return res
}

// runMain runs the main module frame as the main tasklet.
func (vm *VM) runMain(f *Frame) (Value, error) {
	v, err := vm.run(f)
	if err == nil {
		// Join the non-daemon threads, as Python does at exit; a deadlock
		// there is main's uncaught exception (threading_sched.go).
		err = vm.joinThreadsAtExit()
	}
	return v, err
}

// slowTick runs every few thousand instructions (and at the end of a
// time slice): it runs the periodic checks, makes sleepers whose time has
// come runnable, and preempts the running tasklet when its slice is spent.
// It returns the frame to continue with.
func (vm *VM) slowTick(f *Frame) (*Frame, error) {
	n, err := vm.periodicChecks()
	if err != nil {
		vm.planTick()
		return f, err
	}
	if vm.thr != nil {
		vm.fireDue() // sleepers whose time has come become runnable (sched_timer.go)
	}
	s := vm.sched
	if s.sliceLeft > 0 {
		s.sliceLeft -= n
		if s.sliceLeft <= 0 && vm.nested == 0 {
			return s.preempt(f)
		}
	}
	vm.planTick()
	return f, nil
}

// periodicChecks accounts the instructions run since the last plan
// (returning how many), enforces the instruction budget, deadline and
// cancellation, and lets the GC pacer collect.
func (vm *VM) periodicChecks() (int64, error) {
	n := vm.accountTicks()
	vm.checkLeft = tickInterval
	if lim := vm.opts.MaxInstructions; lim > 0 && vm.instructions >= lim {
		return n, vm.NewError(BudgetExceededType, "instruction budget exhausted (%d instructions)", lim)
	}
	if !vm.opts.Deadline.IsZero() && time.Now().After(vm.opts.Deadline) {
		return n, vm.NewError(BudgetExceededType, "time budget exhausted")
	}
	if ctx := vm.opts.Context; ctx != nil {
		select {
		case <-ctx.Done():
			return n, vm.NewError(BudgetExceededType, "evaluation cancelled")
		default:
		}
	}
	if err := vm.checkHeap(); err != nil {
		return n, err
	}
	if p := vm.opts.GC; p != nil {
		p.check(vm.sched.alive())
	}
	return n, nil
}

// chargeStep counts one step of a loop that a builtin runs in Go
// (iterating for sum, max, all, ...) as an instruction, so that the
// budgets, the deadline and cancellation stop such a loop as they stop
// the interpreter's: sum(range(10**13)) ran for hours in an editor
// evaluation with a one-second budget. A time slice that runs out here
// ends at the interpreter's next instruction.
func (vm *VM) chargeStep() error {
	vm.tick--
	if vm.tick > 0 {
		return nil
	}
	n, err := vm.periodicChecks()
	if s := vm.sched; s.sliceLeft > 0 {
		s.sliceLeft = max(s.sliceLeft-n, 1)
	}
	vm.planTick()
	return err
}

// accountTicks moves the instructions run since the last plan into the
// counters and returns how many there were.
func (vm *VM) accountTicks() int64 {
	n := vm.tickPlanned - vm.tick
	vm.instructions += n
	vm.checkLeft -= n
	vm.tickPlanned = vm.tick
	return n
}

// planTick schedules the next slowTick: when the periodic checks are due
// (checkLeft) or at the end of the current time slice, whichever is first.
// Switching tasklets plans anew but must not postpone the checks: threads
// handing off to each other every few instructions would otherwise never
// reach them, and no budget, deadline or cancellation would stop them.
func (vm *VM) planTick() {
	vm.accountTicks()
	p := max(vm.checkLeft, 1)
	if s := vm.sched; s != nil && s.sliceLeft > 0 && s.sliceLeft < p {
		p = s.sliceLeft
	}
	vm.tick, vm.tickPlanned = p, p
}

// importName implements IMPORT_NAME: builtin modules first, then .weft
// files through the loader. For a file module it returns the module
// body's frame (whose return pushes the module).
func (vm *VM) importName(f *Frame, name string) (Value, *Frame, error) {
	if m, ok := vm.modules[name]; ok {
		return m, nil, nil
	}
	if m := vm.builtinModule(name); m != nil {
		vm.modules[name] = m
		return m, nil, nil
	}
	if vm.opts.Loader == nil {
		return nil, nil, vm.moduleNotFound(name)
	}
	dir := "."
	if f != nil && f.code().Filename != "" {
		dir = filepath.Dir(f.code().Filename)
	}
	code, src, found, err := vm.opts.Loader(name, dir)
	if err != nil {
		if e, ok := err.(*Instance); ok {
			return nil, nil, e
		}
		return nil, nil, vm.NewError(ImportErrorType, "%s", err.Error())
	}
	if !found {
		return nil, nil, vm.moduleNotFound(name)
	}
	vm.AddSource(code.Filename, src)
	globals := NewDict(0)
	globals.SetStr("__name__", NewStr(name))
	globals.SetStr("__file__", NewStr(code.Filename))
	globals.SetStr("__doc__", None)
	mod := &Module{Name: name, Dict: globals}
	vm.modules[name] = mod
	nf := vm.newFrame(code, globals)
	nf.setModuleNS(globals)
	nf.ret = retDiscard
	nf.setExtra(mod)
	if err := vm.pushDepth(); err != nil {
		return nil, nil, err
	}
	nf.Back = f
	if f == nil {
		vm.nested++
		defer func() { vm.nested-- }()
		_, err := vm.run(nf)
		if err != nil {
			delete(vm.modules, name)
			return nil, nil, err
		}
		return mod, nil, nil
	}
	return nil, nf, nil
}

func (vm *VM) moduleNotFound(name string) error {
	e := vm.NewError(ModuleNotFoundErrorType, "No module named '%s'", name)
	e.setAttrs(NewDict(1))
	e.attrs().SetStr("name", NewStr(name))
	return e
}

// importFrom implements IMPORT_FROM.
func (vm *VM) importFrom(mod Value, name *Str) (Value, error) {
	v, err := vm.GetAttr(mod, name)
	if err != nil {
		modName := "?"
		if m, ok := mod.(*Module); ok {
			modName = m.Name
		}
		if m, ok := mod.(*Module); ok {
			if file, ok := m.Dict.GetStr("__file__"); ok {
				if fs, ok := file.(*Str); ok {
					return nil, vm.NewError(ImportErrorType, "cannot import name '%s' from '%s' (%s)", name.S, modName, fs.S)
				}
			}
		}
		return nil, vm.NewError(ImportErrorType, "cannot import name '%s' from '%s' (unknown location)", name.S, modName)
	}
	return v, nil
}

// dictMerge implements DICT_UPDATE and DICT_MERGE.
func (vm *VM) dictMerge(d *Dict, m Value, strict bool, s []Value, sp, n int) error {
	add := func(k, v Value) error {
		if strict {
			if _, ok := k.(*Str); !ok {
				return vm.NewError(TypeErrorType, "keywords must be strings")
			}
			if _, exists, err := vm.DictGet(d, k); err != nil {
				return err
			} else if exists {
				return vm.NewError(TypeErrorType, "%s got multiple values for keyword argument '%s'", vm.functionStr(s[sp-3-n]), k.(*Str).S)
			}
		}
		return vm.DictSet(d, k, v)
	}
	src, isDict := m.(*Dict)
	if inst, ok := m.(*Instance); ok {
		// A dict subclass that keeps dict's __iter__ is copied as the dict
		// it holds, its own keys or __getitem__ unused (CPython's
		// PyDict_Update fast path).
		if _, owner := inst.Class.Lookup("__iter__"); owner == DictType || owner == DefaultDictType {
			src, isDict = asDict(inst)
		}
	}
	if isDict {
		var err error
		src.Items(func(k, v Value) bool {
			err = add(k, v)
			return err == nil
		})
		return err
	}
	keysFn, err := vm.GetAttr(m, NewStr("keys"))
	if err != nil {
		if strict {
			return vm.NewError(TypeErrorType, "%s argument after ** must be a mapping, not %s", vm.functionStr(s[sp-3-n]), TypeOf(m).Name)
		}
		return vm.NewError(TypeErrorType, "'%s' object is not a mapping", TypeOf(m).Name)
	}
	keys, err := vm.Call(keysFn, nil, nil)
	if err != nil {
		return err
	}
	ks, err := vm.Collect(keys)
	if err != nil {
		return err
	}
	for _, k := range ks {
		v, err := vm.GetItem(m, k)
		if err != nil {
			return err
		}
		if err := add(k, v); err != nil {
			return err
		}
	}
	return nil
}

// unpack implements UNPACK_SEQUENCE (after < 0: exactly n items) and
// UNPACK_EX (n before the starred target, after after it).
func (vm *VM) unpack(v Value, n, after int) ([]Value, error) {
	var items []Value
	switch x := v.(type) {
	case *Tuple:
		items = x.Items
	case *List:
		items = x.values()
	default:
		var err error
		if after < 0 {
			// As CPython, take at most one item more than the targets:
			// the rest of an iterator stays unconsumed, and a range too
			// long to list (range(2**64)) is just too many values.
			items, err = vm.collectN(v, n+1)
		} else {
			items, err = vm.Collect(v)
		}
		if err != nil {
			if e, ok := err.(*Instance); ok && e.Class == TypeErrorType {
				if _, isIt := v.(Iterator); !isIt && lookupSpecial(v, "__iter__") == nil {
					return nil, vm.NewError(TypeErrorType, "cannot unpack non-iterable %s object", TypeOf(v).Name)
				}
			}
			return nil, err
		}
	}
	if after < 0 {
		if len(items) != n {
			if len(items) < n {
				return nil, vm.NewError(ValueErrorType, "not enough values to unpack (expected %d, got %d)", n, len(items))
			}
			return nil, vm.NewError(ValueErrorType, "too many values to unpack (expected %d)", n)
		}
		return items, nil
	}
	if len(items) < n+after {
		return nil, vm.NewError(ValueErrorType, "not enough values to unpack (expected at least %d, got %d)", n+after, len(items))
	}
	out := make([]Value, 0, n+after+1)
	out = append(out, items[:n]...)
	mid := append([]Value(nil), items[n:len(items)-after]...)
	out = append(out, &List{items: mid})
	out = append(out, items[len(items)-after:]...)
	return out, nil
}

// collectN is the first max items of the iterable v, or all when fewer.
func (vm *VM) collectN(v Value, max int) ([]Value, error) {
	it, err := vm.Iter(v)
	if err != nil {
		return nil, err
	}
	var out []Value
	for len(out) < max {
		item, ok, err := vm.Next(it)
		if err != nil || !ok {
			return out, err
		}
		out = append(out, item)
	}
	return out, nil
}

// ModuleNames lists the public names of a builtin module (nil when name is
// not one), for editor completion.
func ModuleNames(name string) []string {
	mk, ok := builtinModules[name]
	if !ok {
		return nil
	}
	m := mk(New(Options{}))
	var out []string
	m.Dict.Items(func(k, _ Value) bool {
		if s, ok := k.(*Str); ok && !strings.HasPrefix(s.S, "_") {
			out = append(out, s.S)
		}
		return true
	})
	sort.Strings(out)
	return out
}

// TaskletState describes a tasklet for tools (the evaluation summary).
type TaskletState struct {
	Name      string
	State     string // "running", "runnable", "blocked", "paused"
	SpawnedAt string
	File      string // where it waits or stands, "" if unknown
	Line      int
}

// Tasklets lists the alive tasklets other than main.
func (vm *VM) Tasklets() []TaskletState { return vm.sched.states() }

// ModuleMemberKind says what name is in the builtin module mod: "class",
// "function", "module" or "constant"; ok is false when mod is not a
// builtin module or lacks the name (for editor hovers).
func ModuleMemberKind(mod, name string) (kind string, ok bool) {
	mk, found := builtinModules[mod]
	if !found {
		return "", false
	}
	v, found := mk(New(Options{})).Dict.GetStr(name)
	if !found {
		return "", false
	}
	switch v.(type) {
	case *Type:
		return "class", true
	case *Builtin, *Function:
		return "function", true
	case *Module:
		return "module", true
	}
	return "constant", true
}
