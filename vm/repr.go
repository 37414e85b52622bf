package vm

// repr.go: repr() of builtin values. (Owner: values engineer; this first
// version covers the scalars.)

import (
	"fmt"
	"strconv"
)

// fastRepr renders builtin values without calling Weft code; ok is false
// for values that need the generic path.
func (vm *VM) fastRepr(v Value) (string, bool) {
	switch x := v.(type) {
	case Int:
		return strconv.FormatInt(int64(x), 10), true
	case Bool:
		if x {
			return "True", true
		}
		return "False", true
	case NoneType:
		return "None", true
	case Float:
		return strconv.FormatFloat(float64(x), 'g', -1, 64), true
	case *Str:
		return strconv.Quote(x.S), true
	}
	return "", false
}

// defaultRepr renders values without a __repr__ of their own.
func (vm *VM) defaultRepr(v Value) (string, error) {
	switch x := v.(type) {
	case *Instance:
		return fmt.Sprintf("<%s object>", x.Class.QualName), nil
	case *Type:
		return fmt.Sprintf("<class '%s'>", x.Name), nil
	case *Function:
		return fmt.Sprintf("<function %s>", x.QualName), nil
	case *Builtin:
		return fmt.Sprintf("<built-in function %s>", x.Name), nil
	}
	return fmt.Sprintf("<%s object>", TypeOf(v).Name), nil
}

// identityHash is the default hash of objects without __hash__: stable for
// the object's lifetime.
func identityHash(v Value) int64 {
	return int64(idOf(v) >> 4)
}
