package vm

// tasklet.go: tasklets and the scheduler. (First version: a single main
// tasklet; the stackless module comes with the tasklets issue.)

type scheduler struct {
	vm *VM
}

func newScheduler(vm *VM) *scheduler { return &scheduler{vm: vm} }

// runMain runs the main module frame.
func (vm *VM) runMain(f *Frame) (Value, error) {
	return vm.run(f)
}

func (vm *VM) taskletCall(f *Frame, b *Builtin, args []Value, kwnames []string) (Value, *Frame, error) {
	return nil, nil, vm.NewError(RuntimeErrorType, "%s: tasklets are not available yet", b.Name)
}

// finish kills remaining tasklets and writes the trace.
func (s *scheduler) finish() error { return nil }
