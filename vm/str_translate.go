package vm

// str_translate.go: str.maketrans and str.translate.

import (
	"strings"
	"unicode/utf8"
)

// strMaketrans is the static method str.maketrans(x[, y[, z]]).
func strMaketrans(vm *VM, args []Value, kwnames []string) (Value, error) {
	a, err := vm.bindSig(&strSig{owner: "str", name: "maketrans", style: sigRange, params: []string{"x", "y", "z"}, min: 1}, args, kwnames)
	if err != nil {
		return nil, err
	}
	d := NewDict(0)
	if a[1] == nil {
		src, ok := a[0].(*Dict)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "if you give only one argument to maketrans it must be a dict")
		}
		var ferr error
		src.Items(func(k, v Value) bool {
			switch key := numUnwrap(k).(type) {
			case *Str:
				if key.Len() != 1 {
					ferr = vm.NewError(ValueErrorType, "string keys in translate table must be of length 1")
					return false
				}
				r, _ := utf8.DecodeRuneInString(key.S)
				ferr = vm.DictSet(d, Int(r), v)
			case Int, Bool, *BigInt:
				ferr = vm.DictSet(d, numIntValue(key), v)
			default:
				ferr = vm.NewError(TypeErrorType, "keys in translate table must be strings or integers")
			}
			return ferr == nil
		})
		if ferr != nil {
			return nil, ferr
		}
		return d, nil
	}
	x, ok := numUnwrap(a[0]).(*Str)
	if !ok {
		return nil, vm.NewError(TypeErrorType, "first maketrans argument must be a string if there is a second argument")
	}
	y, ok := numUnwrap(a[1]).(*Str)
	if !ok {
		return nil, vm.badArgument("maketrans() argument 2", "str", a[1])
	}
	var z *Str
	if a[2] != nil {
		if z, ok = numUnwrap(a[2]).(*Str); !ok {
			return nil, vm.badArgument("maketrans() argument 3", "str", a[2])
		}
	}
	xr, yr := x.Runes(), y.Runes()
	if len(xr) != len(yr) {
		return nil, vm.NewError(ValueErrorType, "the first two maketrans arguments must have equal length")
	}
	for i, r := range xr {
		if err := vm.DictSet(d, Int(r), Int(yr[i])); err != nil {
			return nil, err
		}
	}
	if z != nil {
		for _, r := range z.S {
			if err := vm.DictSet(d, Int(r), None); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// strTranslate is str.translate(table).
func (vm *VM) strTranslate(s *Str, table Value) (Value, error) {
	var b strings.Builder
	cache := map[rune]Value{}
	for _, r := range s.S {
		v, seen := cache[r]
		if !seen {
			var err error
			v, err = vm.GetItem(table, Int(r))
			if err != nil {
				if e, ok := err.(*Instance); ok && e.Class.IsSubtype(LookupErrorType) {
					v = nil
				} else {
					return nil, err
				}
			}
			cache[r] = v
		}
		switch m := v.(type) {
		case nil:
			b.WriteRune(r)
		case NoneType:
		case *Str:
			b.WriteString(m.S)
		case Int, Bool, *BigInt:
			n, ok := numSmall(m)
			if !ok || n < 0 || n > utf8.MaxRune {
				return nil, vm.NewError(ValueErrorType, "character mapping must be in range(0x110000)")
			}
			b.WriteRune(rune(n))
		default:
			if inst, ok := m.(*Instance); ok {
				if ns, ok := numUnwrap(inst).(*Str); ok {
					b.WriteString(ns.S)
					break
				}
			}
			return nil, vm.NewError(TypeErrorType, "character mapping must return integer, None or str")
		}
		if int64(b.Len()) > vm.maxAlloc {
			return nil, vm.numMemoryError()
		}
	}
	return NewStr(b.String()), nil
}

func init() {
	StrType.Later(registerStrTranslate)
}

// registerStrTranslate registers str.maketrans and str.translate.
func registerStrTranslate(t *Type) {
	t.setMethod("maketrans", &StaticMethod{Fn: &Builtin{Name: "maketrans", Fn: strMaketrans}})
	strRegMethod(t, "translate", func(vm *VM, args []Value, kwnames []string) (Value, error) {
		s, rest, err := vm.strSelf("translate", args)
		if err != nil {
			return nil, err
		}
		if len(kwnames) > 0 {
			return nil, vm.NewError(TypeErrorType, "str.translate() takes no keyword arguments")
		}
		if len(rest) != 1 {
			return nil, vm.NewError(TypeErrorType, "str.translate() takes exactly one argument (%d given)", len(rest))
		}
		return vm.strTranslate(s, rest[0])
	})
}
