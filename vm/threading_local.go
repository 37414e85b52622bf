package vm

// threading_local.go: threading.local, attributes with one value per
// thread. A local object's instance dict is the running tasklet's own:
// every tasklet switch (scheduler.switchTo) saves the dict of the tasklet
// switched from and installs the one of the tasklet switched to, so
// attribute access stays the ordinary instance-dict access (inline caches
// included). Programs have few local objects, so the swap is cheap; with
// none, a switch does not look at them.

// LocalType is threading.local (_thread._local).
var LocalType = newType("_local", "_thread", ObjectType)

type localState struct {
	dicts map[*Tasklet]*Dict
}

func init() {
	LocalType.QualName = "_local"
	LocalType.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if cls == LocalType && (len(args) > 0 || len(kw) > 0) {
			return nil, vm.NewError(TypeErrorType, "Initialization arguments are not supported")
		}
		inst := newNativeInstance(cls, &localState{dicts: map[*Tasklet]*Dict{}})
		w := vm.world()
		w.locals = append(w.locals, inst)
		return inst, nil
	}
	// A subclass's __init__ runs once, in the creating thread (CPython
	// runs it again in each thread that first touches the object).
	addMethod(LocalType, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		return None, nil
	})
}

// switchLocals moves every local object's dict from tasklet from to
// tasklet to (scheduler.switchTo).
func (w *threadWorld) switchLocals(from, to *Tasklet) {
	for _, inst := range w.locals {
		ls := inst.Native().(*localState)
		if from != nil {
			if !from.alive() || inst.attrs() == nil {
				delete(ls.dicts, from)
			} else {
				ls.dicts[from] = inst.attrs()
			}
		}
		inst.setAttrs(ls.dicts[to])
	}
}
