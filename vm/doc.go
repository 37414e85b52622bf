// Package vm is Weft's stackless virtual machine: values, frames, the
// interpreter loop, tasklets and the scheduler, builtins, modules,
// exceptions and tracebacks.
//
// Design:
//
//   - Values are Go interface values (Value). None, bools and ints in
//     [-1024, 7168) (a static table, perf_int.go) cost no allocation;
//     other ints and floats are boxed in per-code-object slabs
//     (perf_arith.go). Ints are Int (int64) with an overflow check on
//     every operation, promoting to *BigInt; floats are Float. Heap
//     objects (*Str, *List, *Dict, *Instance, ...) are pointers.
//     Every value has a *Type (TypeOf), and attribute lookup walks the
//     type's MRO, so builtin and user classes share one object model.
//     The builtin types are made at start-up but fill their namespaces
//     (their methods) when first read (Type.Later), so that collections
//     do not mark the methods of types a program never uses.
//   - Garbage collection is Go's. `weft run` paces it (perf_gc.go): the
//     interpreter collects at its periodic checks, with the program
//     paused, before Go's concurrent collector would start.
//   - A frame is a heap object holding one slice of exactly
//     NumLocals+MaxStack slots: the fast locals, then the operand stack.
//     The compiler computed MaxStack exactly, so the VM never grows or
//     checks the stack on the hot path (the --check-stack option verifies
//     the compiler's claim at every instruction).
//   - The interpreter (interp.go) is one loop over the current frame.
//     Calling a Weft function pushes a frame and continues the loop;
//     returning pops it. Generators are resumed the same way. So Weft-to-Weft
//     calls never recurse on the Go stack and deep recursion costs only
//     heap; the recursion limit is a counter.
//   - The interpreter has two tiers. exec (interp.go) runs every
//     instruction; because Go has no callee-saved registers and exec calls
//     out in most of its cases, its state lives in stack memory. The hot
//     tier (perf_hot.go) is a much smaller loop for the commonest
//     instructions on their fast paths — loads and stores, int and float
//     arithmetic, comparisons, jumps, iteration, list indexing, instance
//     attributes, calls and returns of plain functions and builtins —
//     whose common cases need no call, so its state stays in registers.
//     Runs of arithmetic on int and float locals, constants and list
//     items it evaluates as one step on unboxed numbers, boxing only the
//     result (perf_expr.go). Lists made by repetition or long splits
//     keep their elements packed (list_packed.go, str_block.go).
//     exec hands over to it after calls and returns and at loop
//     back-edges, and takes back any instruction it does not handle. Both
//     count instructions identically (the conformance tests and FuzzRun
//     compare the tiers), and the stack check runs exec alone.
//   - Builtins are Go functions that run to completion. When one must call
//     back into Weft (a key= function, __eq__ during a dict lookup,
//     __repr__ inside print) it uses VM.Call, which runs a nested loop;
//     a nested loop cannot switch tasklets (SPEC.md, "Nesting").
//   - Exceptions are instances of classes derived from BaseException; Go
//     code returns them as errors (*Instance implements error). The
//     interpreter finds handlers in the code object's exception table.
//   - Budgets (instructions, deadline/cancellation, recursion, output,
//     allocation) are checked where they are spent, and each exhausted
//     budget is a Weft exception, so embedding hosts such as the language
//     server can run untrusted snippets.
package vm
