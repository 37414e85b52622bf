package vm

// args_pydef.go: argument binding for builtins that stand in for
// functions CPython writes in Python (threading's and queue's classes and
// functions), so that a bad call raises the TypeError of a def ("Queue.get()
// takes from 1 to 3 positional arguments but 4 were given", "Thread.__init__()
// got an unexpected keyword argument 'x'") rather than that of a C function.

import "slices"

// pyDef is the signature of such a function.
type pyDef struct {
	qual     string   // the def's qualified name: "Queue.put", "current_thread"
	method   bool     // a method: self comes first, and the messages count it
	params   []string // the other positional-or-keyword parameters
	required int      // how many leading params have no default
	kwOnly   []string // keyword-only parameters, all with defaults
}

// bind maps args (self excluded) and the trailing keyword values named by
// kwnames onto out, which holds len(params)+len(kwOnly) nils; a parameter
// left to its default stays nil. The checks come in CPython's order:
// keywords, then the positional count, then what is missing.
func (vm *VM) bind(d *pyDef, out []Value, args []Value, kwnames []string) error {
	npos := len(args) - len(kwnames)
	if len(kwnames) == 0 && npos >= d.required && npos <= len(d.params) {
		copy(out, args) // the usual call: nothing to check
		return nil
	}
	copy(out, args[:min(npos, len(d.params))])
	for i, k := range kwnames {
		idx := slices.Index(d.params, k)
		if idx < 0 {
			if j := slices.Index(d.kwOnly, k); j >= 0 {
				idx = len(d.params) + j
			}
		}
		if idx >= 0 && out[idx] != nil || idx < 0 && d.method && k == "self" {
			return vm.NewError(TypeErrorType, "%s() got multiple values for argument '%s'", d.qual, k)
		}
		if idx < 0 {
			return vm.NewError(TypeErrorType, "%s() got an unexpected keyword argument '%s'", d.qual, k)
		}
		out[idx] = args[npos+i]
	}
	if npos > len(d.params) {
		nkw := 0 // keyword-only arguments given, which the message counts
		for _, v := range out[len(d.params):] {
			if v != nil {
				nkw++
			}
		}
		nself := 0
		if d.method {
			nself = 1
		}
		return vm.tooManyPositional(d.qual, nself+len(d.params), len(d.params)-d.required, nself+npos, nkw)
	}
	var missing []string
	for j := 0; j < d.required; j++ {
		if out[j] == nil {
			missing = append(missing, d.params[j])
		}
	}
	if len(missing) > 0 {
		return vm.missingArgs(d.qual, missing, "positional")
	}
	return nil
}

// noParams checks the arguments (self excluded) of a def that takes none
// but self, for a method, or none at all.
func (vm *VM) noParams(qual string, method bool, args []Value, kwnames []string) error {
	if len(args) == 0 {
		return nil
	}
	d := pyDef{qual: qual, method: method}
	return vm.bind(&d, nil, args, kwnames)
}
