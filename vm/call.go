package vm

// call.go: calling values. callFromLoop is used by the interpreter and
// returns a frame to push for Weft code; Call is used by Go code and runs
// a nested interpreter loop for Weft code.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// specialKind identifies builtins the interpreter implements itself.
type specialKind uint8

const (
	specialNone specialKind = iota
	specialBuildClass
	specialSuper
	specialNext
	specialGenSend
	specialGenThrow
	specialGenClose
	specialTasklet // handled by the scheduler (tasklet.go)
	specialOp      // Builtin.Op: blocking threading operations (threading_*.go)
)

// Call calls callee from Go code. Weft functions run in a nested
// interpreter loop, which cannot switch tasklets.
func (vm *VM) Call(callee Value, args []Value, kwnames []string) (Value, error) {
	if vm.nested >= maxNested {
		return nil, vm.NewError(RecursionErrorType, "maximum recursion depth exceeded")
	}
	res, nf, err := vm.callFromLoop(nil, callee, args, kwnames)
	if err != nil || nf == nil {
		return res, err
	}
	vm.nested++
	defer func() { vm.nested-- }()
	return vm.run(nf)
}

// callFromLoop calls callee on behalf of frame f (nil from Go). For Weft
// code it returns the new frame (linked to f) instead of running it.
func (vm *VM) callFromLoop(f *Frame, callee Value, args []Value, kwnames []string) (Value, *Frame, error) {
	switch fn := callee.(type) {
	case *Function:
		return vm.callFunction(f, fn, nil, args, kwnames)
	case *BoundMethod:
		if inner, ok := fn.Fn.(*Function); ok {
			return vm.callFunction(f, inner, fn.Self, args, kwnames)
		}
		all := make([]Value, 0, len(args)+1)
		all = append(all, fn.Self)
		all = append(all, args...)
		return vm.callFromLoop(f, fn.Fn, all, kwnames)
	case *Builtin:
		if len(args) == 0 && fn.Self == nil && !fn.Func {
			if t := methodClass(fn); t != nil {
				// list.pop(): a builtin method called without its object
				// (the methods index args[0]).
				if strings.HasPrefix(fn.Name, "__") && strings.HasSuffix(fn.Name, "__") {
					return nil, nil, vm.NewError(TypeErrorType, "descriptor '%s' of '%s' object needs an argument", fn.Name, t.Name)
				}
				return nil, nil, vm.NewError(TypeErrorType, "unbound method %s.%s() needs an argument", t.Name, fn.Name)
			}
		}
		if fn.Special != specialNone {
			return vm.callSpecialBuiltin(f, fn, args, kwnames)
		}
		if fn.Self != nil {
			all := make([]Value, 0, len(args)+1)
			all = append(all, fn.Self)
			all = append(all, args...)
			args = all
		}
		r, err := fn.Fn(vm, args, kwnames)
		return r, nil, err
	case *Type:
		return vm.callType(f, fn, args, kwnames)
	case *StaticMethod:
		// Unwrapped in a loop: staticmethod(staticmethod(...)) nested
		// millions deep overflowed the Go stack.
		inner := fn.Fn
		for sm, ok := inner.(*StaticMethod); ok; sm, ok = inner.(*StaticMethod) {
			inner = sm.Fn
		}
		return vm.callFromLoop(f, inner, args, kwnames)
	case *Tasklet:
		r, err := vm.taskletSetup(fn, args, kwnames)
		return r, nil, err
	case *Instance:
		m := lookupSpecial(fn, "__call__")
		if m != nil {
			if inner, ok := m.(*Function); ok {
				return vm.callFunction(f, inner, fn, args, kwnames)
			}
			all := append([]Value{fn}, args...)
			return vm.callFromLoop(f, m, all, kwnames)
		}
	}
	return nil, nil, vm.NewError(TypeErrorType, "'%s' object is not callable", TypeOf(callee).Name)
}

// callFunction binds arguments into a new frame for fn (self, if not nil,
// is the first positional argument). Generator functions return the
// generator object instead of a frame.
func (vm *VM) callFunction(f *Frame, fn *Function, self Value, args []Value, kwnames []string) (Value, *Frame, error) {
	nf, err := vm.bindFrame(fn, self, args, kwnames)
	if err != nil {
		return nil, nil, err
	}
	if fn.Code.Flags&bc.FlagGenerator != 0 {
		return vm.newGenerator(fn, nf), nil, nil
	}
	if err := vm.pushDepth(); err != nil {
		return nil, nil, err
	}
	nf.Back = f
	return nil, nf, nil
}

// pushDepth counts a new frame against the recursion limit.
func (vm *VM) pushDepth() error {
	vm.depth++
	if vm.depth > vm.recursionLimit {
		vm.depth--
		return vm.NewError(RecursionErrorType, "maximum recursion depth exceeded")
	}
	return nil
}

// bindFrame makes fn's frame and binds the arguments exactly as Python
// does, with Python's error messages.
func (vm *VM) bindFrame(fn *Function, self Value, args []Value, kwnames []string) (*Frame, error) {
	code := fn.Code
	nf := vm.newFrame(code, fn.Globals)
	nf.Fn = fn
	slots := nf.slots
	npos := len(args) - len(kwnames)
	nparams := code.ArgCount
	// Fast path: exact positional call.
	if len(kwnames) == 0 && code.KwOnlyCount == 0 && code.Flags&(bc.FlagVarArgs|bc.FlagVarKw) == 0 {
		if self == nil && npos == nparams {
			copy(slots, args)
			vm.initCells(nf, fn)
			return nf, nil
		}
		if self != nil && npos+1 == nparams {
			slots[0] = self
			copy(slots[1:], args)
			vm.initCells(nf, fn)
			return nf, nil
		}
	}
	posArgs := args[:npos]
	kwVals := args[npos:]
	if self != nil {
		posArgs = append([]Value{self}, posArgs...)
	}
	varArgsSlot := -1
	varKwSlot := -1
	next := nparams + code.KwOnlyCount
	if code.Flags&bc.FlagVarArgs != 0 {
		varArgsSlot = next
		next++
	}
	if code.Flags&bc.FlagVarKw != 0 {
		varKwSlot = next
	}
	// Positional. Too many of them is reported after the keywords, as
	// CPython does: f(1, 2, x=1) names the bad keyword first.
	n := len(posArgs)
	if n > nparams {
		n = nparams
	}
	copy(slots, posArgs[:n])
	if varArgsSlot >= 0 {
		var extra []Value
		if len(posArgs) > nparams {
			extra = posArgs[nparams:]
		}
		slots[varArgsSlot] = tupleOf(extra...)
	}
	var kwDict *Dict
	if varKwSlot >= 0 {
		if len(kwnames) > 0 {
			kwDict = newInstanceDict(len(kwnames)) // with its entries, up to four
		} else {
			kwDict = NewDict(0)
		}
		slots[varKwSlot] = kwDict
	}
	// Keywords.
	for i, name := range kwnames {
		idx := -1
		for j := code.PosOnlyCount; j < nparams+code.KwOnlyCount; j++ {
			if code.Locals[j] == name {
				idx = j
				break
			}
		}
		if idx < 0 {
			if kwDict != nil {
				kwDict.SetStr(name, kwVals[i])
				continue
			}
			for j := 0; j < code.PosOnlyCount; j++ {
				if code.Locals[j] == name {
					return nil, vm.NewError(TypeErrorType, "%s() got some positional-only arguments passed as keyword arguments: '%s'", fn.QualName, posOnlyPassed(code, kwnames))
				}
			}
			return nil, vm.NewError(TypeErrorType, "%s() got an unexpected keyword argument '%s'", fn.QualName, name)
		}
		if slots[idx] != nil {
			return nil, vm.NewError(TypeErrorType, "%s() got multiple values for argument '%s'", fn.QualName, name)
		}
		slots[idx] = kwVals[i]
	}
	if len(posArgs) > nparams && varArgsSlot < 0 {
		nkw := 0 // keyword-only arguments given, which the message counts
		for j := nparams; j < nparams+code.KwOnlyCount; j++ {
			if slots[j] != nil {
				nkw++
			}
		}
		return nil, vm.tooManyPositional(fn.QualName, nparams, len(fn.Defaults), len(posArgs), nkw)
	}
	// Defaults and missing arguments.
	ndef := len(fn.Defaults)
	var missing []string
	for j := 0; j < nparams; j++ {
		if slots[j] == nil {
			if d := j - (nparams - ndef); d >= 0 {
				slots[j] = fn.Defaults[d]
			} else {
				missing = append(missing, code.Locals[j])
			}
		}
	}
	if len(missing) > 0 {
		return nil, vm.missingArgs(fn.QualName, missing, "positional")
	}
	for j := nparams; j < nparams+code.KwOnlyCount; j++ {
		if slots[j] == nil {
			if fn.KwDefaults != nil {
				if v, ok := fn.KwDefaults.GetStr(code.Locals[j]); ok {
					slots[j] = v
					continue
				}
			}
			missing = append(missing, code.Locals[j])
		}
	}
	if len(missing) > 0 {
		return nil, vm.missingArgs(fn.QualName, missing, "keyword-only")
	}
	vm.initCells(nf, fn)
	return nf, nil
}

func (vm *VM) initCells(nf *Frame, fn *Function) {
	code := fn.Code
	if nf.aux == nil || nf.aux.cells == nil {
		return
	}
	for i := range code.Cells {
		c := &Cell{}
		if i < len(code.CellParams) && code.CellParams[i] >= 0 {
			c.V = nf.slots[code.CellParams[i]]
		}
		nf.aux.cells[i] = c
	}
	copy(nf.aux.cells[len(code.Cells):], fn.Closure)
}

// tooManyPositional is the TypeError of a call that gives a def of qual
// (argc positional parameters, ndef of them with defaults, no *args) given
// positional and nkw keyword-only arguments.
func (vm *VM) tooManyPositional(qual string, argc, ndef, given, nkw int) error {
	takes := strconv.Itoa(argc)
	if ndef > 0 {
		takes = fmt.Sprintf("from %d to %d", argc-ndef, argc)
	}
	word := "positional arguments"
	if argc == 1 && ndef == 0 {
		word = "positional argument"
	}
	was := "were"
	if given == 1 {
		was = "was"
	}
	if nkw == 0 {
		return vm.NewError(TypeErrorType, "%s() takes %s %s but %d %s given", qual, takes, word, given, was)
	}
	return vm.NewError(TypeErrorType, "%s() takes %s %s but %d positional argument%s (and %d keyword-only argument%s) %s given",
		qual, takes, word, given, pluralS(given), nkw, pluralS(nkw), was)
}

// pluralS is "s" unless n is 1.
func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// missingArgs is the TypeError of a call to a def of qual that leaves
// the named parameters of kind ("positional", "keyword-only") unset.
func (vm *VM) missingArgs(qual string, missing []string, kind string) error {
	quoted := make([]string, len(missing))
	for i, m := range missing {
		quoted[i] = "'" + m + "'"
	}
	var list string
	switch len(quoted) {
	case 1:
		list = quoted[0]
	case 2:
		list = quoted[0] + " and " + quoted[1]
	default:
		list = strings.Join(quoted[:len(quoted)-1], ", ") + ", and " + quoted[len(quoted)-1]
	}
	s := "s"
	if len(missing) == 1 {
		s = ""
	}
	return vm.NewError(TypeErrorType, "%s() missing %d required %s argument%s: %s", qual, len(missing), kind, s, list)
}

// makeFunction implements MAKE_FUNCTION over the top of stack; it returns
// the function and how many stack values it consumed.
func (vm *VM) makeFunction(f *Frame, stack []Value, flags int) (*Function, int) {
	top := len(stack)
	code := stack[top-1].(*bc.Code)
	n := 1
	fn := &Function{Code: code, Globals: f.Globals, Name: code.Name, QualName: code.QualName, Doc: None}
	if code.HasDoc {
		fn.Doc = NewStr(code.Doc)
	}
	if flags&bc.MakeClosure != 0 {
		t := stack[top-1-n].(*Tuple)
		fn.Closure = make([]*Cell, len(t.Items))
		for i, c := range t.Items {
			fn.Closure[i] = c.(*Cell)
		}
		n++
	}
	if flags&bc.MakeKwDefaults != 0 {
		fn.KwDefaults = stack[top-1-n].(*Dict)
		n++
	}
	if flags&bc.MakeDefaults != 0 {
		fn.Defaults = stack[top-1-n].(*Tuple).Items
		n++
	}
	if name, ok := f.Globals.GetStr("__name__"); ok {
		fn.Module = name
	}
	return fn, n
}

// posOnlyPassed lists the positional-only parameters of code that
// kwnames names, in parameter order, as CPython's error does ("a, b").
func posOnlyPassed(code *bc.Code, kwnames []string) string {
	var names []string
	for j := 0; j < code.PosOnlyCount; j++ {
		if slices.Contains(kwnames, code.Locals[j]) {
			names = append(names, code.Locals[j])
		}
	}
	return strings.Join(names, ", ")
}
