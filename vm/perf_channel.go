package vm

// perf_channel.go: `ch.send(x)` and `ch.receive()` without the call
// machinery. A channel operation is the switch point of every
// tasklet program, and the general path (LOAD_METHOD pushes the
// builtin and self, CALL_METHOD dispatches through callFromLoop,
// callSpecialBuiltin and taskletCall, then clears the argument slots)
// costs more than the switch itself. When LOAD_METHOD finds a channel
// whose `send`/`receive` is the builtin one and the call follows
// directly (CALL_METHOD 0, or LOAD_FAST/LOAD_CONST then CALL_METHOD 1),
// the operation runs at the LOAD_METHOD and execution continues after
// the CALL_METHOD. The skipped instructions are charged to the
// instruction budget, so preemption and watchdogs see the same counts,
// and checked against the computed depths under --check-stack.

import bc "github.com/weft-lang/weft/compiler/bytecode"

// fuseChannelCalls turns the fused path off for the test that compares
// it with the general one.
var fuseChannelCalls = true

// fusedChannelCall tries the fused path for the LOAD_METHOD at pc-1
// whose receiver ch is at s[sp-1]. ok is false when the pattern does
// not apply (nothing has been done then). Otherwise next is the pc after
// the CALL_METHOD and res, nf, err are what the call returned, with the
// frame's pc and sp already saved for a switch (the result belongs in
// s[sp-1]).
func (vm *VM) fusedChannelCall(f *Frame, c *attrCache, pc, sp int) (next int, res Value, nf *Frame, ok bool, err error) {
	if !fuseChannelCalls {
		return 0, nil, nil, false, nil
	}
	instrs := f.cc.instrs
	b, isBuiltin := c.entry(ChannelType).attr.(*Builtin)
	if !isBuiltin {
		return 0, nil, nil, false, nil
	}
	s := f.slots
	var args []Value
	switch {
	case b == stReceive && instrs[pc].Op == bc.CALL_METHOD && instrs[pc].Arg == 0:
		next = pc + 1
		args = s[sp-1 : sp]
	case b == stSend && pc+1 < len(instrs) && instrs[pc+1].Op == bc.CALL_METHOD && instrs[pc+1].Arg == 1:
		var v Value
		switch in := instrs[pc]; in.Op {
		case bc.LOAD_FAST:
			v = s[in.Arg]
		case bc.LOAD_CONST:
			v = f.cc.consts[in.Arg]
		}
		if v == nil { // another load, or an unbound local: the general path reports it
			return 0, nil, nil, false, nil
		}
		next = pc + 2
		s[sp] = v
		args = s[sp-1 : sp+1]
	default:
		return 0, nil, nil, false, nil
	}
	skipped := int64(next - pc)
	if vm.tick <= skipped {
		return 0, nil, nil, false, nil
	}
	vm.tick -= skipped
	if vm.opts.CheckStack {
		// LOAD_METHOD left sp+1 values; the argument load adds one.
		for i := pc; i < next; i++ {
			vm.checkDepth(f, i, sp+1+i-pc)
		}
	}
	f.pc, f.sp = next, sp-1
	vm.frame = f
	res, nf, err = vm.taskletCall(f, b, args, nil)
	return next, res, nf, true, err
}
