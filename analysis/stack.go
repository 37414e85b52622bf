package analysis

import (
	"fmt"
	"io"
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/vm"
)

// Frame layout cost, in bytes, of the VM's heap frames on a 64-bit host,
// taken from package vm (a shared value fact, so the two cannot drift).
// See FrameBytes.
const (
	// FrameHeaderBytes is the fixed part of a frame: the vm.Frame struct
	// (code cache, function, globals and back pointers, pc and sp, the
	// slot slice header, the generator link, the pointer to the rarer
	// parts, return kind).
	FrameHeaderBytes = vm.FrameStructBytes
	// SlotBytes is one value slot (a Go interface: type word + data word).
	// A frame has NumLocals + MaxStack of them in one allocation.
	SlotBytes = vm.ValueSlotBytes
	// CellsHeaderBytes is what a frame with cell or free variables adds
	// for the record holding their slice, and CellBytes one pointer to a
	// cell.
	CellsHeaderBytes = vm.CellsHeaderBytes
	CellBytes        = vm.CellPointerBytes
)

// FrameBytes is the size of one heap frame running code:
//
//	FrameHeaderBytes + SlotBytes*(NumLocals+MaxStack)
//	  + (CellsHeaderBytes + CellBytes*(len(Cells)+len(Frees)) if there are any)
//
// that is 96 + 16 per local or operand-stack slot, plus 48 + 8 per cell
// pointer for a frame with cells. The cells themselves (shared with
// closures) and the objects the slots point to are not counted: this is
// what a call costs the tasklet that makes it. It is the one place the
// formula lives; the stack report, S403 and the language server's hovers
// all use it.
func FrameBytes(c *bytecode.Code) int {
	if c == nil {
		return 0
	}
	n := FrameHeaderBytes + SlotBytes*(c.NumLocals()+c.MaxStack)
	if cells := len(c.Cells) + len(c.Frees); cells > 0 {
		n += CellsHeaderBytes + CellBytes*cells
	}
	return n
}

// StackReport is the per-function stack data of one file.
type StackReport struct {
	Functions []*FunctionStack
}

// FunctionStack is the stack data of one code block.
type FunctionStack struct {
	Func *Function
	// MaxStack is the exact operand-stack need, Locals the number of fast
	// local slots, Cells the cell and free variable pointers.
	MaxStack   int
	Locals     int
	Cells      int
	FrameBytes int
	// Chain is the deepest non-recursive call path starting at this
	// function (the function first) and ChainBytes the sum of its frame
	// sizes: the heap a call to the function can need at once, recursion
	// aside.
	Chain      []*Function
	ChainBytes int
	// Cycle, when not nil, is a recursive cycle reachable from the
	// function (f → g → f): its worst case is unbounded.
	Cycle []*Function
	// Recursive is set when the function itself is in the cycle.
	Recursive bool
}

// Unbounded reports whether recursion makes the worst case unbounded.
func (s *FunctionStack) Unbounded() bool { return s.Cycle != nil }

// ChainString renders the chain ("main → work → helper").
func (s *FunctionStack) ChainString() string { return chainString(s.Chain) }

// CycleString renders the cycle ("f → g → f"), or "".
func (s *FunctionStack) CycleString() string { return chainString(s.Cycle) }

// Summary is the one-line text the language server shows in hovers and
// code lenses.
func (s *FunctionStack) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack %d slots, %d locals, %d cells, frame %d bytes", s.MaxStack, s.Locals, s.Cells, s.FrameBytes)
	if s.Cycle != nil {
		fmt.Fprintf(&b, "; unbounded: recursive via %s", s.CycleString())
	} else {
		fmt.Fprintf(&b, "; worst-case chain %d bytes (%s)", s.ChainBytes, s.ChainString())
	}
	return b.String()
}

// Of returns the entry of fn, or nil.
func (r *StackReport) Of(fn *Function) *FunctionStack {
	if r == nil || fn == nil || fn.index >= len(r.Functions) || r.Functions[fn.index].Func != fn {
		return nil
	}
	return r.Functions[fn.index]
}

// Lookup returns the first entry with the qualified name, or nil.
func (r *StackReport) Lookup(qualName string) *FunctionStack {
	for _, f := range r.Functions {
		if f.Func.QualName == qualName {
			return f
		}
	}
	return nil
}

// stackReport computes the report once: frame sizes from the code
// objects, then chains over the components of the call graph in reverse
// topological order (Tarjan numbers components callees first).
func (ix *index) stackReport() *StackReport {
	if ix.stack != nil {
		return ix.stack
	}
	ix.sccs()
	n := len(ix.funcs)
	rep := &StackReport{Functions: make([]*FunctionStack, n)}
	for i, fn := range ix.funcs {
		fs := &FunctionStack{Func: fn, Recursive: ix.recursive[i]}
		if c := fn.Code; c != nil {
			fs.MaxStack, fs.Locals, fs.Cells = c.MaxStack, c.NumLocals(), len(c.Cells)+len(c.Frees)
			fs.FrameBytes = FrameBytes(c)
		}
		rep.Functions[i] = fs
	}
	// Order functions by component: Tarjan emits a component only after
	// every component it reaches, so ascending component number visits
	// callees before callers.
	byComp := make([][]int, 0)
	for i := range ix.funcs {
		c := ix.comp[i]
		for len(byComp) <= c {
			byComp = append(byComp, nil)
		}
		byComp[c] = append(byComp[c], i)
	}
	next := make([]int, n) // next function on the deepest chain, or -1
	for _, members := range byComp {
		for _, i := range members {
			fs := rep.Functions[i]
			best, bestBytes := -1, 0
			for _, e := range ix.funcs[i].Calls {
				j := e.Callee.index
				if ix.comp[j] == ix.comp[i] {
					continue // recursive edge: counted as a cycle, not a chain
				}
				if b := rep.Functions[j].ChainBytes; best < 0 || b > bestBytes {
					best, bestBytes = j, b
				}
				if rep.Functions[j].Cycle != nil && fs.Cycle == nil {
					fs.Cycle = rep.Functions[j].Cycle
				}
			}
			next[i] = best
			fs.ChainBytes = fs.FrameBytes + bestBytes
			if fs.Recursive {
				fs.Cycle = ix.cycle(ix.funcs[i])
			}
		}
	}
	for i, fs := range rep.Functions {
		for j := i; j >= 0; j = next[j] {
			fs.Chain = append(fs.Chain, ix.funcs[j])
		}
	}
	ix.stack = rep
	return rep
}

// WriteTable prints the report as an aligned text table, one row per code
// block: qualified name, line, MaxStack, locals, cells, frame bytes, and
// the worst-case chain bytes or the recursive cycle.
func (r *StackReport) WriteTable(w io.Writer, fileName string) error {
	if r == nil {
		return nil
	}
	type row struct{ name, line, stack, locals, cells, frame, worst string }
	rows := []row{{"function", "line", "stack", "locals", "cells", "frame", "worst case"}}
	for _, f := range r.Functions {
		line := "-"
		if f.Func.Code != nil {
			line = fmt.Sprint(f.Func.Code.FirstLine)
		}
		worst := fmt.Sprintf("%d B via %s", f.ChainBytes, f.ChainString())
		if len(f.Chain) == 1 {
			worst = fmt.Sprintf("%d B", f.ChainBytes)
		}
		if f.Cycle != nil {
			worst = "unbounded: recursive via " + f.CycleString()
		}
		rows = append(rows, row{f.Func.QualName, line, fmt.Sprint(f.MaxStack), fmt.Sprint(f.Locals), fmt.Sprint(f.Cells), fmt.Sprint(f.FrameBytes), worst})
	}
	width := [6]int{}
	for _, rw := range rows {
		for i, s := range []string{rw.name, rw.line, rw.stack, rw.locals, rw.cells, rw.frame} {
			if n := len([]rune(s)); n > width[i] {
				width[i] = n
			}
		}
	}
	if _, err := fmt.Fprintf(w, "%s:\n", fileName); err != nil {
		return err
	}
	for _, rw := range rows {
		_, err := fmt.Fprintf(w, "  %-*s  %*s  %*s  %*s  %*s  %*s  %s\n",
			width[0], rw.name, width[1], rw.line, width[2], rw.stack, width[3], rw.locals,
			width[4], rw.cells, width[5], rw.frame, rw.worst)
		if err != nil {
			return err
		}
	}
	return nil
}
