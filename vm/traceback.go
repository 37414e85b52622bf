package vm

// traceback.go: Python-style rendering of uncaught exceptions, and the
// BaseException methods.

import (
	"bytes"
	"strconv"
	"strings"
)

// ExcStr is str(exc) as Python computes it (user __str__ honoured).
func (vm *VM) ExcStr(e *Instance) string {
	if m, owner := e.Class.Lookup("__str__"); m != nil && !owner.Builtin {
		if s, err := vm.StrOf(e); err == nil {
			return s
		}
		return "<exception str() failed>"
	}
	return vm.excArgsStr(e)
}

func (vm *VM) excArgsStr(e *Instance) string {
	if e.Exc() == nil {
		return ""
	}
	args := e.Exc().Args
	if e.Class.IsSubtype(KeyErrorType) && len(args) == 1 {
		r, err := vm.Repr(args[0])
		if err != nil {
			return "<exception str() failed>"
		}
		return r
	}
	switch len(args) {
	case 0:
		return ""
	case 1:
		s, err := vm.StrOf(args[0])
		if err != nil {
			return "<exception str() failed>"
		}
		return s
	}
	s, err := vm.Repr(&Tuple{Items: args})
	if err != nil {
		return "<exception str() failed>"
	}
	return s
}

// ExcTypeName is the name a traceback prints for exc's class: qualified by
// module except for builtins and __main__.
func ExcTypeName(t *Type) string {
	if t.Module == "builtins" || t.Module == "__main__" || t.Module == "" {
		return t.QualName
	}
	return t.Module + "." + t.QualName
}

// ExcLine is the last line of a traceback: "Type: message" or "Type".
func (vm *VM) ExcLine(e *Instance) string {
	msg := vm.ExcStr(e)
	name := ExcTypeName(e.Class)
	if msg == "" {
		return name
	}
	return name + ": " + msg
}

// FormatTraceback renders exc with its cause/context chain as CPython
// prints an uncaught exception.
func (vm *VM) FormatTraceback(e *Instance) string {
	var b strings.Builder
	vm.formatChain(&b, e, map[*Instance]bool{})
	return b.String()
}

func (vm *VM) formatChain(b *strings.Builder, e *Instance, seen map[*Instance]bool) {
	// Walk the chain first, oldest last, without recursion: a program can
	// chain as many exceptions as it likes. seps[i] goes between chain[i+1]
	// and chain[i].
	var chain []*Instance
	var seps []string
	for cur := e; cur != nil; {
		seen[cur] = true
		chain = append(chain, cur)
		var next *Instance
		if cur.Exc() != nil {
			if c, ok := cur.Exc().Cause.(*Instance); ok && !seen[c] {
				next = c
				seps = append(seps, "\nThe above exception was the direct cause of the following exception:\n\n")
			} else if c, ok := cur.Exc().Context.(*Instance); ok && !cur.Exc().SuppressContext && !seen[c] {
				next = c
				seps = append(seps, "\nDuring handling of the above exception, another exception occurred:\n\n")
			}
		}
		cur = next
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if i < len(seps) {
			b.WriteString(seps[i])
		}
		vm.formatOne(b, chain[i])
	}
}

// formatOne writes one exception of a chain: note, tasklet, traceback and
// the exception line.
func (vm *VM) formatOne(b *strings.Builder, e *Instance) {
	if e.Exc() != nil && e.Exc().Note != "" {
		b.WriteString(e.Exc().Note)
	}
	if e.Exc() != nil && e.Exc().Tasklet != "" {
		b.WriteString(e.Exc().Tasklet + "\n")
	}
	if e.Exc() != nil && len(e.Exc().Traceback) > 0 {
		b.WriteString("Traceback (most recent call last):\n")
		tb := e.Exc().Traceback
		for i := len(tb) - 1; i >= 0; i-- {
			ent := tb[i]
			line := ent.Code.Line(ent.PC)
			b.WriteString("  File \"" + ent.Code.Filename + "\", line " + strconv.Itoa(line) + ", in " + ent.Code.Name + "\n")
			if src := vm.sourceLine(ent.Code.Filename, line); src != "" {
				b.WriteString("    " + src + "\n")
			}
		}
	}
	b.WriteString(vm.ExcLine(e))
	b.WriteString("\n")
	vm.formatNotes(b, e)
}

// formatNotes writes the notes of add_note below the exception line, as
// CPython 3.11 does: each item of __notes__ as str (a str is a sequence
// of characters too), or the repr of a __notes__ that is no sequence.
func (vm *VM) formatNotes(b *strings.Builder, e *Instance) {
	if e.attrs() == nil {
		return
	}
	notes, ok := e.attrs().GetStr("__notes__")
	if !ok {
		return
	}
	var items []Value
	switch n := notes.(type) {
	case *List:
		items = n.values()
	case *Tuple:
		items = n.Items
	case *Str:
		for _, c := range n.S {
			b.WriteString(string(c) + "\n")
		}
		return
	default:
		r, err := vm.Repr(notes)
		if err != nil {
			r = "<__notes__ repr() failed>"
		}
		b.WriteString(r + "\n")
		return
	}
	for _, note := range items {
		s, err := vm.StrOf(note)
		if err != nil {
			s = "<note str() failed>"
		}
		b.WriteString(s + "\n")
	}
}

// sourceLine returns line n of a recorded source file, trimmed.
func (vm *VM) sourceLine(filename string, n int) string {
	text, ok := vm.sources[filename]
	if !ok || n < 1 {
		return ""
	}
	lines := bytes.Split(text, []byte("\n"))
	if n > len(lines) {
		return ""
	}
	return strings.TrimSpace(string(lines[n-1]))
}

// TracebackFrames returns (filename, line, function) for each entry of
// exc's traceback, outermost first, for tools.
func (vm *VM) TracebackFrames(e *Instance) []TraceFrame {
	if e.Exc() == nil {
		return nil
	}
	tb := e.Exc().Traceback
	out := make([]TraceFrame, 0, len(tb))
	for i := len(tb) - 1; i >= 0; i-- {
		ent := tb[i]
		pos := int32(-1)
		end := int32(-1)
		if ent.PC >= 0 && ent.PC < len(ent.Code.Positions) {
			pos = ent.Code.Positions[ent.PC].Start
			end = ent.Code.Positions[ent.PC].End
		}
		out = append(out, TraceFrame{File: ent.Code.Filename, Line: ent.Code.Line(ent.PC), Function: ent.Code.Name, Start: int(pos), End: int(end)})
	}
	return out
}

// TraceFrame is one traceback entry for tools.
type TraceFrame struct {
	File       string
	Line       int
	Function   string
	Start, End int // byte offsets of the instruction's source span, -1 if unknown
}

// excSelf is the exception a BaseException method is called on; the
// method may come from the class with any self.
func (vm *VM) excSelf(name string, self Value) (*Instance, error) {
	if e, ok := self.(*Instance); ok && e.Exc() != nil {
		return e, nil
	}
	return nil, vm.descrError(name, BaseExceptionType, self)
}

func init() {
	d := BaseExceptionType.Dict()
	d.SetStr("__init__", &Builtin{Name: "__init__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		if e, ok := args[0].(*Instance); ok && e.Exc() != nil {
			e.Exc().Args = append([]Value(nil), args[1:len(args)-len(kw)]...)
			if len(kw) > 0 {
				if err := vm.excKeywords(e, args[1:], kw); err != nil {
					return nil, err
				}
			}
		}
		return None, nil
	}})
	d.SetStr("__str__", &Builtin{Name: "__str__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		e, err := vm.excSelf("__str__", args[0])
		if err != nil {
			return nil, err
		}
		return NewStr(vm.excArgsStr(e)), nil
	}})
	d.SetStr("__repr__", &Builtin{Name: "__repr__", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		e, err := vm.excSelf("__repr__", args[0])
		if err != nil {
			return nil, err
		}
		var parts []string
		for _, a := range e.Exc().Args {
			r, err := vm.Repr(a)
			if err != nil {
				return nil, err
			}
			parts = append(parts, r)
		}
		s := e.Class.Name + "(" + strings.Join(parts, ", ") + ")"
		return NewStr(s), nil
	}})
	d.SetStr("add_note", &Builtin{Name: "add_note", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		e, err := vm.excSelf("add_note", args[0])
		if err != nil {
			return nil, err
		}
		if err := vm.noKwargs("BaseException.add_note", kw); err != nil {
			return nil, err
		}
		if err := vm.exactlyOne("BaseException.add_note", len(args)-1); err != nil {
			return nil, err
		}
		if _, ok := numUnwrap(args[1]).(*Str); !ok {
			return nil, vm.NewError(TypeErrorType, "note must be a str, not '%s'", TypeOf(args[1]).Name)
		}
		e.attrsOrNew()
		notes, ok := e.attrs().GetStr("__notes__")
		if !ok {
			notes = &List{}
			e.attrs().SetStr("__notes__", notes)
		}
		l, ok := notes.(*List)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "Cannot add note: __notes__ is not a list")
		}
		l.setValues(append(l.values(), args[1]))
		return None, nil
	}})
	d.SetStr("with_traceback", &Builtin{Name: "with_traceback", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		if _, err := vm.excSelf("with_traceback", args[0]); err != nil {
			return nil, err
		}
		return args[0], nil
	}})
}
