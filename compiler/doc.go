// Package compiler turns a parsed and resolved Weft module into bytecode
// (bytecode.Code objects) with an exact operand-stack analysis.
//
// # Design
//
// Code generation follows CPython 3.11's compiler closely, so that the
// run-time behaviour (evaluation order, exception unwinding, the values a
// traceback sees) is Python's:
//
//   - Each code object (module, function, lambda, class body,
//     comprehension) is compiled by a unit that emits instructions into a
//     control-flow graph of basic blocks. A block ends at a jump or at a
//     terminator (JUMP, RETURN_VALUE, RAISE_VARARGS, RERAISE); its
//     fall-through successor is the block placed right after it.
//   - Exception handling is expressed with the pseudo-ops SETUP_HANDLER(t)
//     and POP_HANDLER inside the graph. They never reach the VM: when the
//     unit is linearised every real instruction is labelled with its
//     innermost active handler and the labels become the non-overlapping
//     ranges of Code.ExceptTable.
//   - return/break/continue that leave try/finally, except clauses, with
//     blocks and for loops unwind through a stack of "frame blocks" exactly
//     like CPython's compiler_unwind_fblock: finally bodies are compiled
//     inline, the return value stays on the stack while they run.
//
// # Stack depth
//
// One walk over the graph, from the entry block, assigns every reachable
// block its entry state: the stack depth and the stack of active handlers.
// The state is propagated along fall-through edges, jump edges (with the
// jump effect of bytecode.StackEffect) and handler edges. A handler edge
// leaves every real instruction covered by a handler: its target starts
// with the depth at the SETUP_HANDLER plus the pushed exception, so a
// handler whose protected range holds no instruction is unreachable, as it
// is for the VM. Every join must agree on depth and handler stack, no
// instruction may find fewer operands than it consumes, no covered
// instruction may run below its handler's depth, and control must not fall
// off the end. MaxStack is the maximum depth before or after any reachable
// instruction; Code.Depths records the depth before each instruction.
// Unreachable blocks are dropped before linearising, so every instruction
// of a finished code object has a known depth (the VM's --check-stack mode
// compares its live depth with Depths[pc]). A failed check is an E901
// internal-error diagnostic naming the function and instruction offset,
// never a panic or a print.
//
// Verify recomputes all of this independently from a finished code object
// (linear instructions plus exception table), which the tests and the fuzz
// target use to check the compiler.
package compiler
