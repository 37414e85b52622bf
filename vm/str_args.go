package vm

// str_args.go: argument binding for the builtin methods of str, int and
// float, with the TypeError messages of CPython's argument parsers (which
// differ by method: "str.zfill() takes exactly one argument (0 given)",
// "center expected at least 1 argument, got 0", "find() takes at least 1
// argument (0 given)", "'x' is an invalid keyword argument for split()").

// Message styles of strSig.
const (
	sigNone   = 'n' // no arguments: str.upper()
	sigOne    = '1' // exactly one positional: str.zfill(width, /)
	sigRange  = 'r' // positional-only with defaults: str.center(width, fillchar=' ', /)
	sigOld    = 'o' // PyArg_ParseTuple: str.find(sub[, start[, end]])
	sigKw     = 'k' // keywords allowed: str.split(sep=None, maxsplit=-1)
	sigKwOnly = 'K' // like sigKw but the qualified name in messages (int.to_bytes)
)

// strSig describes a builtin method's parameters.
type strSig struct {
	owner  string // "str", "int", "float"
	name   string
	style  byte
	params []string
	min    int
}

// qual is "owner.name" for messages (built only when one is needed).
func (sig *strSig) qual() string { return sig.owner + "." + sig.name }

func strPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// strNoArgs is the argument list of a call that gives none of its
// optional parameters. Nothing writes to it.
var strNoArgs [4]Value

// bind maps a builtin's arguments (self excluded) onto sig's parameters;
// missing optional parameters are nil.
func (vm *VM) bindSig(sig *strSig, args []Value, kwnames []string) ([]Value, error) {
	npos := len(args) - len(kwnames)
	if len(kwnames) > 0 && sig.style != sigKw && sig.style != sigKwOnly {
		if sig.style == sigOld {
			return nil, vm.NewError(TypeErrorType, "%s() takes no keyword arguments", sig.name)
		}
		return nil, vm.NewError(TypeErrorType, "%s() takes no keyword arguments", sig.qual())
	}
	max := len(sig.params)
	given := len(args)
	switch sig.style {
	case sigNone:
		if given > 0 {
			return nil, vm.NewError(TypeErrorType, "%s() takes no arguments (%d given)", sig.qual(), given)
		}
		return nil, nil
	case sigOne:
		if given != 1 {
			return nil, vm.NewError(TypeErrorType, "%s() takes exactly one argument (%d given)", sig.qual(), given)
		}
		return args[:1:1], nil
	case sigRange:
		if given < sig.min {
			return nil, vm.NewError(TypeErrorType, "%s expected at least %d argument%s, got %d", sig.name, sig.min, strPlural(sig.min), given)
		}
		if given > max {
			return nil, vm.NewError(TypeErrorType, "%s expected at most %d argument%s, got %d", sig.name, max, strPlural(max), given)
		}
	case sigOld:
		if given < sig.min {
			return nil, vm.NewError(TypeErrorType, "%s() takes at least %d argument%s (%d given)", sig.name, sig.min, strPlural(sig.min), given)
		}
		if given > max {
			return nil, vm.NewError(TypeErrorType, "%s() takes at most %d argument%s (%d given)", sig.name, max, strPlural(max), given)
		}
	case sigKw, sigKwOnly:
		name := sig.name
		if sig.style == sigKwOnly {
			name = sig.qual()
		}
		if given > max {
			return nil, vm.NewError(TypeErrorType, "%s() takes at most %d argument%s (%d given)", name, max, strPlural(max), given)
		}
		out := make([]Value, max)
		copy(out, args[:npos])
		// A keyword that is unknown or repeats a positional argument is
		// reported after the missing arguments, as CPython's
		// _PyArg_UnpackKeywords does: the one given twice first.
		bad, dup := "", -1
		for i, k := range kwnames {
			j := -1
			for p, pn := range sig.params {
				if pn == k {
					j = p
					break
				}
			}
			switch {
			case j < 0:
				if bad == "" {
					bad = k
				}
			case j < npos:
				if dup < 0 || j < dup {
					dup = j
				}
			default:
				out[j] = args[npos+i]
			}
		}
		for j := 0; j < sig.min; j++ {
			if out[j] == nil {
				return nil, vm.NewError(TypeErrorType, "%s() missing required argument '%s' (pos %d)", name, sig.params[j], j+1)
			}
		}
		if dup >= 0 {
			return nil, vm.NewError(TypeErrorType, "argument for %s() given by name ('%s') and position (%d)", name, sig.params[dup], dup+1)
		}
		if bad != "" {
			return nil, vm.NewError(TypeErrorType, "'%s' is an invalid keyword argument for %s()", bad, name)
		}
		return out, nil
	}
	if len(args) == max {
		return args[:max:max], nil // the methods only read their arguments
	}
	if len(args) == 0 && max <= len(strNoArgs) {
		// s.strip(), s.split(): all defaults, from a shared array of
		// nils (read only, as above) instead of a new one per call.
		return strNoArgs[:max:max], nil
	}
	out := make([]Value, max)
	copy(out, args)
	return out, nil
}

// strRegMethod registers a builtin method on t.
func strRegMethod(t *Type, name string, fn BuiltinFunc) {
	t.setMethod(name, &Builtin{Name: name, Fn: fn, owner: t})
}
