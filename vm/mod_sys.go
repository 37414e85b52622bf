package vm

// mod_sys.go: the sys module (recursion limit, argv, maxsize, exit,
// switch interval, stdout/stderr writers) and the time module.

import (
	"math"
	"time"
)

// RecursionLimit is sys.getrecursionlimit().
func (vm *VM) RecursionLimit() int { return vm.recursionLimit }

// SetRecursionLimit is sys.setrecursionlimit(n).
func (vm *VM) SetRecursionLimit(n int) error {
	if n < 1 {
		return vm.NewError(ValueErrorType, "recursion limit must be greater or equal than 1")
	}
	if n <= vm.depth {
		return vm.NewError(RecursionErrorType, "cannot set the recursion limit to %d at the recursion depth %d: the limit is too low", n, vm.depth)
	}
	vm.recursionLimit = n
	return nil
}

// textWriterType is the type of sys.stdout and sys.stderr.
var textWriterType = newType("TextIOWrapper", "_io", ObjectType)

type textWriter struct{ stderr bool }

func init() {
	builtinModules["sys"] = sysModule
	builtinModules["time"] = timeModule
	addMethod(textWriterType, "write", func(vm *VM, args []Value, kw []string) (Value, error) {
		if err := vm.noKwargs("write", kw); err != nil {
			return nil, err
		}
		if err := vm.exactlyOne("write", len(args)-1); err != nil {
			return nil, err
		}
		s, ok := args[1].(*Str)
		if !ok {
			return nil, vm.badArgument("write() argument", "str", args[1])
		}
		w, _ := args[0].(*Instance).Native().(*textWriter)
		if w != nil && w.stderr {
			if _, err := vm.opts.Stderr.Write([]byte(s.S)); err != nil {
				return nil, vm.NewError(OSErrorType, "%s", err.Error())
			}
		} else if err := vm.write(s.S); err != nil {
			return nil, err
		}
		return Int(s.Len()), nil
	})
	addMethod(textWriterType, "flush", func(vm *VM, args []Value, kw []string) (Value, error) {
		return None, nil
	})
}

func sysModule(vm *VM) *Module {
	m := newModule("sys", map[string]BuiltinFunc{
		"getrecursionlimit": cNoArgs("sys.getrecursionlimit", func(vm *VM) (Value, error) {
			return Int(vm.RecursionLimit()), nil
		}),
		"setrecursionlimit": func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.oneArg("sys.setrecursionlimit", args, kw); err != nil {
				return nil, err
			}
			n, err := vm.cInt(args[0])
			if err != nil {
				return nil, err
			}
			return None, vm.SetRecursionLimit(n)
		},
		"exit": func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.noKwargs("sys.exit", kw); err != nil {
				return nil, err
			}
			if err := vm.checkArgs("exit", len(args), 0, 1); err != nil {
				return nil, err
			}
			return nil, NewException(SystemExitType, exitArgs(args)...)
		},
		"setswitchinterval": func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.oneArg("sys.setswitchinterval", args, kw); err != nil {
				return nil, err
			}
			f, err := vm.FloatArg(args[0])
			if err != nil {
				return nil, err
			}
			if f <= 0 {
				return nil, vm.NewError(ValueErrorType, "switch interval must be strictly positive")
			}
			return None, nil
		},
		"getswitchinterval": cNoArgs("sys.getswitchinterval", func(vm *VM) (Value, error) {
			return Float(0.005), nil
		}),
		"intern": func(vm *VM, args []Value, kw []string) (Value, error) {
			if err := vm.oneArg("sys.intern", args, kw); err != nil {
				return nil, err
			}
			if _, ok := args[0].(*Str); !ok {
				return nil, vm.badArgument("intern() argument", "str", args[0])
			}
			return args[0], nil
		},
	})
	argv := make([]Value, len(vm.opts.Argv))
	for i, a := range vm.opts.Argv {
		argv[i] = NewStr(a)
	}
	m.Dict.SetStr("argv", &List{items: argv})
	m.Dict.SetStr("maxsize", Int(math.MaxInt64))
	m.Dict.SetStr("version", NewStr("3.11.0 (weft)"))
	m.Dict.SetStr("version_info", tupleOf(Int(3), Int(11), Int(0), NewStr("final"), Int(0)))
	m.Dict.SetStr("platform", NewStr("weft"))
	m.Dict.SetStr("byteorder", NewStr("little"))
	m.Dict.SetStr("stdout", newNativeInstance(textWriterType, &textWriter{}))
	m.Dict.SetStr("stderr", newNativeInstance(textWriterType, &textWriter{stderr: true}))
	return m
}

var processStart = time.Now()

func timeModule(vm *VM) *Module {
	now := func(vm *VM) (Value, error) { return Float(float64(time.Now().UnixNano()) / 1e9), nil }
	mono := func(vm *VM) (Value, error) { return Float(time.Since(processStart).Seconds()), nil }
	monoNS := func(vm *VM) (Value, error) { return Int(time.Since(processStart).Nanoseconds()), nil }
	return newModule("time", map[string]BuiltinFunc{
		"time":            cNoArgs("time.time", now),
		"perf_counter":    cNoArgs("time.perf_counter", mono),
		"monotonic":       cNoArgs("time.monotonic", mono),
		"process_time":    cNoArgs("time.process_time", mono),
		"perf_counter_ns": cNoArgs("time.perf_counter_ns", monoNS),
		"monotonic_ns":    cNoArgs("time.monotonic_ns", monoNS),
		"time_ns":         cNoArgs("time.time_ns", func(vm *VM) (Value, error) { return Int(time.Now().UnixNano()), nil }),
		"sleep": func(vm *VM, args []Value, kw []string) (Value, error) {
			secs, err := vm.sleepSeconds(args, kw)
			if err != nil {
				return nil, err
			}
			return None, vm.sleep(time.Duration(secs * float64(time.Second)))
		},
	})
}

// sleep blocks the whole VM for d (the tasklet scheduler replaces this
// for threads), waking early when the deadline or context ends.
func (vm *VM) sleep(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	var deadline <-chan time.Time
	if !vm.opts.Deadline.IsZero() {
		dt := time.NewTimer(time.Until(vm.opts.Deadline))
		defer dt.Stop()
		deadline = dt.C
	}
	var done <-chan struct{}
	if vm.opts.Context != nil {
		done = vm.opts.Context.Done()
	}
	select {
	case <-timer.C:
		return nil
	case <-deadline:
		return vm.NewError(BudgetExceededType, "time budget exhausted")
	case <-done:
		return vm.NewError(BudgetExceededType, "evaluation cancelled")
	}
}

// exitArgs is the args of the SystemExit sys.exit(arg) raises: CPython
// raises arg itself as the exception's value, so a tuple is the args, None
// is none, and anything else the one argument. A copy: args is the
// caller's stack, which the raise overwrites.
func exitArgs(args []Value) []Value {
	if len(args) == 0 {
		return nil
	}
	switch a := args[0].(type) {
	case NoneType:
		return nil
	case *Tuple:
		return append([]Value(nil), a.Items...)
	}
	return []Value{args[0]}
}
