//go:build weftviewcheck

package vm

// perf_view_checked.go: perf_view.go's views with their bounds checked,
// for testing that the hot tier never indexes past a frame's slots or its
// code's instructions (`go test -tags weftviewcheck`).

import bc "github.com/weft-lang/weft/compiler/bytecode"

type slotRef struct{ s []Value }

type instrRef struct{ s []bc.Instr }

func slotView(s []Value) slotRef { return slotRef{s} }

func instrView(s []bc.Instr) instrRef { return instrRef{s} }

func (r slotRef) at(i int) Value { return r.s[i] }

func (r slotRef) set(i int, v Value) { r.s[i] = v }

func (r instrRef) at(pc int) bc.Instr { return r.s[pc] }

func elemRef[T any](s []T, i int) *T { return &s[i] }
