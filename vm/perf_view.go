//go:build !weftviewcheck

package vm

// perf_view.go: the hot tier's views of a frame's slots and its
// instructions, without their lengths or bounds checks.
//
// The compiler sizes every frame for the stack depth it computes, and its
// jumps land on instructions, so the hot tier (perf_hot_free.go) indexes
// both through a bare pointer: the bounds checks it leaves out were about
// a tenth of the instructions the programs of bench/programs ran (valgrind,
// against a build of the package with -B), and indexing a slice also
// takes a register for its length. checkptr (-race) does not check
// unsafe.Add against the allocation, so the views have a checked twin
// (perf_view_checked.go, build tag weftviewcheck) under which CI runs
// the conformance suite: an index out of range panics there.

import (
	"unsafe"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// slotRef views a frame's slots.
type slotRef struct{ p unsafe.Pointer }

// instrRef views a code object's instructions.
type instrRef struct{ p unsafe.Pointer }

func slotView(s []Value) slotRef { return slotRef{unsafe.Pointer(unsafe.SliceData(s))} }

func instrView(s []bc.Instr) instrRef { return instrRef{unsafe.Pointer(unsafe.SliceData(s))} }

// at is slot i.
func (r slotRef) at(i int) Value { return *r.ref(i) }

// set stores v in slot i.
func (r slotRef) set(i int, v Value) { *r.ref(i) = v }

func (r slotRef) ref(i int) *Value {
	return (*Value)(unsafe.Add(r.p, i*ValueSlotBytes))
}

// at is instruction pc.
func (r instrRef) at(pc int) bc.Instr {
	return *(*bc.Instr)(unsafe.Add(r.p, pc*int(unsafe.Sizeof(bc.Instr{}))))
}

// elemRef is &s[i] without the bounds check, for an index that the
// bytecode guarantees: a constant's, a name's or an attribute site's
// number in its code object, an expression run's at its first
// instruction, a local slot.
func elemRef[T any](s []T, i int) *T {
	return (*T)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(i)*unsafe.Sizeof(*new(T))))
}
