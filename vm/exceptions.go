package vm

import (
	"fmt"
	"strings"
)

// The exception hierarchy (SPEC.md lists these names).
var (
	BaseExceptionType       = newExcType("BaseException", ObjectType)
	SystemExitType          = newExcType("SystemExit", BaseExceptionType)
	TaskletExitType         = newExcType("TaskletExit", SystemExitType)
	GeneratorExitType       = newExcType("GeneratorExit", BaseExceptionType)
	KeyboardInterruptType   = newExcType("KeyboardInterrupt", BaseExceptionType)
	ExceptionType           = newExcType("Exception", BaseExceptionType)
	ArithmeticErrorType     = newExcType("ArithmeticError", ExceptionType)
	ZeroDivisionErrorType   = newExcType("ZeroDivisionError", ArithmeticErrorType)
	OverflowErrorType       = newExcType("OverflowError", ArithmeticErrorType)
	AssertionErrorType      = newExcType("AssertionError", ExceptionType)
	AttributeErrorType      = newExcType("AttributeError", ExceptionType)
	LookupErrorType         = newExcType("LookupError", ExceptionType)
	IndexErrorType          = newExcType("IndexError", LookupErrorType)
	KeyErrorType            = newExcType("KeyError", LookupErrorType)
	NameErrorType           = newExcType("NameError", ExceptionType)
	UnboundLocalErrorType   = newExcType("UnboundLocalError", NameErrorType)
	RuntimeErrorType        = newExcType("RuntimeError", ExceptionType)
	NotImplementedErrorType = newExcType("NotImplementedError", RuntimeErrorType)
	RecursionErrorType      = newExcType("RecursionError", RuntimeErrorType)
	StopIterationType       = newExcType("StopIteration", ExceptionType)
	TypeErrorType           = newExcType("TypeError", ExceptionType)
	ValueErrorType          = newExcType("ValueError", ExceptionType)
	UnicodeErrorType        = newExcType("UnicodeError", ValueErrorType)
	ImportErrorType         = newExcType("ImportError", ExceptionType)
	ModuleNotFoundErrorType = newExcType("ModuleNotFoundError", ImportErrorType)
	MemoryErrorType         = newExcType("MemoryError", ExceptionType)
	OSErrorType             = newExcType("OSError", ExceptionType)
	TimeoutErrorType        = newExcType("TimeoutError", OSErrorType)
	// BudgetExceededType is raised when an embedding host's instruction or
	// time budget runs out; it derives from BaseException so that user code
	// catching Exception cannot swallow it.
	BudgetExceededType = newExcType("BudgetExceeded", BaseExceptionType)
	SystemErrorType    = newExcType("SystemError", ExceptionType)
)

// ExceptionTypes lists the builtin exception classes for the builtins
// module.
var ExceptionTypes = []*Type{
	BaseExceptionType, SystemExitType, TaskletExitType, GeneratorExitType,
	KeyboardInterruptType, ExceptionType, ArithmeticErrorType,
	ZeroDivisionErrorType, OverflowErrorType, AssertionErrorType,
	AttributeErrorType, LookupErrorType, IndexErrorType, KeyErrorType,
	NameErrorType, UnboundLocalErrorType, RuntimeErrorType,
	NotImplementedErrorType, RecursionErrorType, StopIterationType,
	TypeErrorType, ValueErrorType, UnicodeErrorType, ImportErrorType,
	ModuleNotFoundErrorType, MemoryErrorType, OSErrorType, TimeoutErrorType,
}

func newExcType(name string, base *Type) *Type {
	t := newBuiltinType(name, base)
	t.isExc = true
	if base.isExc {
		t.Layout = base.Layout
	}
	return t
}

// IsException reports whether t derives from BaseException.
func (t *Type) IsException() bool { return t.isExc }

// Error makes *Instance usable as a Go error.
func (i *Instance) Error() string {
	if i.Exc() == nil {
		return i.Class.Name
	}
	msg := excArgsString(i.Exc().Args)
	if msg == "" {
		return i.Class.Name
	}
	return i.Class.Name + ": " + msg
}

// excArgsString renders args as str(exc) does for simple cases (Go side
// only; the VM's str() handles user-defined __str__).
func excArgsString(args []Value) string {
	switch len(args) {
	case 0:
		return ""
	case 1:
		if s, ok := args[0].(*Str); ok {
			return s.S
		}
		return fmt.Sprint(args[0])
	}
	parts := make([]string, len(args))
	for i, a := range args {
		if s, ok := a.(*Str); ok {
			parts[i] = "'" + s.S + "'"
		} else {
			parts[i] = fmt.Sprint(a)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// NewException makes an exception instance of class t with args.
func NewException(t *Type, args ...Value) *Instance {
	return newExcInstance(t, args)
}

// newExcInstance makes an exception instance of class t with args, the
// instance, its ext and its state in one allocation.
func newExcInstance(t *Type, args []Value) *Instance {
	x := &excWith0{}
	x.exc.Args = args
	x.ext.state = &x.exc
	x.inst.Class, x.inst.ext = t, &x.ext
	return &x.inst
}

// NewError makes an exception of type t whose single argument is the
// formatted message.
func (vm *VM) NewError(t *Type, format string, a ...any) *Instance {
	msg := format
	if len(a) > 0 {
		msg = fmt.Sprintf(format, a...)
	}
	return NewException(t, NewStr(msg))
}

// AsException returns the exception instance inside err (a Weft exception
// or a Go error wrapped as RuntimeError).
func AsException(err error) *Instance {
	if e, ok := err.(*Instance); ok && e.Exc() != nil {
		return e
	}
	return NewException(RuntimeErrorType, NewStr("internal error: "+err.Error()))
}
