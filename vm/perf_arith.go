package vm

// perf_arith.go: arithmetic fast paths for the interpreter: int and float
// operands with results that need no error, overflow or special-case
// handling. Anything else returns ok=false and goes through BinaryOp.
//
// Results are boxed without a heap allocation each: ints in the static
// cache (perf_int.go) need none, other ints and floats are carved from
// small slabs of boxSlab values per code object (one allocation per
// boxSlab results). A slab stays alive while any value carved from it
// does, so at worst a retained value keeps boxSlab*8 bytes instead of 16:
// 256 bytes at 32. Results kept in a data structure usually sit side by
// side in their slabs; a program that keeps one result in 32 is the
// worst case. Slabs of 8 allocated four times as often: loop took 8%
// more time, sieve and spectralnorm 4%, for no difference in peak RSS on
// the suite or the threading benchmark.

import (
	"sync/atomic"
	"unsafe"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

const boxSlab = 32

var floatTypeWord = func() unsafe.Pointer {
	var v Value = Float(1.5)
	return (*eface)(unsafe.Pointer(&v)).typ
}()

// boxFloat converts x to a Value from cc's float slab.
func (cc *codeCache) boxFloat(x Float) Value {
	// The slab pointer is written only when a new slab starts: updating
	// a pointer field of the heap-allocated codeCache on every box would
	// pay the GC write barrier each time.
	if cc.fnext == boxSlab || cc.fslab == nil {
		cc.fslab = new([boxSlab]float64)
		cc.fnext = 0
	}
	return cc.floatInSlab(x)
}

// floatInSlab converts x to a Value from cc's float slab when the slab
// has room, else returns nil (the hot tier's call-free path).
func (cc *codeCache) floatInSlab(x Float) Value {
	if cc.fnext == boxSlab || cc.fslab == nil {
		return nil
	}
	p := &cc.fslab[cc.fnext]
	cc.fnext++
	*p = float64(x)
	var r Value
	e := (*eface)(unsafe.Pointer(&r))
	e.typ = floatTypeWord
	e.data = unsafe.Pointer(p)
	return r
}

// boxInt converts x to a Value: the static cache, else cc's int slab.
func (cc *codeCache) boxInt(x Int) Value {
	if i := uint64(int64(x) - intCacheMin); i < intCacheSize {
		if atomic.LoadInt64(&intCache[i]) != int64(x) {
			fillInt(i)
		}
		return tableInt(i)
	}
	if cc.inext == boxSlab || cc.islab == nil {
		cc.islab = new([boxSlab]int64)
		cc.inext = 0
	}
	return cc.intInSlab(x)
}

// intInSlab converts x to a Value from cc's int slab when the slab has
// room, else returns nil (the hot tier's call-free path).
func (cc *codeCache) intInSlab(x Int) Value {
	if cc.inext == boxSlab || cc.islab == nil {
		return nil
	}
	p := &cc.islab[cc.inext]
	cc.inext++
	*p = int64(x)
	var r Value
	e := (*eface)(unsafe.Pointer(&r))
	e.typ = intTypeWord
	e.data = unsafe.Pointer(p)
	return r
}

// arith computes x op y for Int and Float operands when it cannot fail
// and needs nothing beyond the plain machine operation (and, for a
// float's power, hotFloatPow's cases).
func (cc *codeCache) arith(op bc.BinaryOp, x, y Value) (Value, bool) {
	switch a := x.(type) {
	case Int:
		switch b := y.(type) {
		case Int:
			if op&^bc.OpInplace == bc.OpTrueDiv {
				// Ints within 2**53 are exact floats, whose IEEE
				// quotient is Python's correctly rounded int / int.
				if a > -(1<<53) && a < 1<<53 && b > -(1<<53) && b < 1<<53 {
					if r, ok := floatArith(op, float64(a), float64(b)); ok {
						return cc.boxFloat(r), true
					}
				}
				return nil, false
			}
			if r, ok := intOp(op, a, b); ok {
				return cc.boxInt(r), true
			}
		case Float:
			if a > -(1<<53) && a < 1<<53 {
				if r, ok := floatArith(op, float64(a), float64(b)); ok {
					return cc.boxFloat(r), true
				}
			}
		}
	case Float:
		switch b := y.(type) {
		case Float:
			if r, ok := floatArith(op, float64(a), float64(b)); ok {
				return cc.boxFloat(r), true
			}
		case Int:
			if b > -(1<<53) && b < 1<<53 {
				if r, ok := floatArith(op, float64(a), float64(b)); ok {
					return cc.boxFloat(r), true
				}
			}
		}
	}
	return nil, false
}

// floatArith is floatOp and, for a power, hotFloatPow's cases.
func floatArith(op bc.BinaryOp, a, b float64) (Float, bool) {
	if op&^bc.OpInplace == bc.OpPow {
		r, ok := hotFloatPow(a, b)
		return Float(r), ok
	}
	return floatOp(op, a, b)
}

// intOp computes small-int arithmetic that cannot overflow or fail.
func intOp(op bc.BinaryOp, a, b Int) (Int, bool) {
	switch op &^ bc.OpInplace {
	case bc.OpAdd:
		r := a + b
		if (r > a) == (b > 0) {
			return r, true
		}
	case bc.OpSub:
		r := a - b
		if (r < a) == (b > 0) {
			return r, true
		}
	case bc.OpMul:
		if a > -(1<<31) && a < 1<<31 && b > -(1<<31) && b < 1<<31 {
			return a * b, true
		}
	case bc.OpFloorDiv:
		if b > 0 {
			q := a / b
			if (a%b != 0) && (a < 0) {
				q--
			}
			return q, true
		}
	case bc.OpMod:
		if b > 0 {
			r := a % b
			if r < 0 {
				r += b
			}
			return r, true
		}
	case bc.OpAnd:
		return a & b, true
	case bc.OpOr:
		return a | b, true
	case bc.OpXor:
		return a ^ b, true
	case bc.OpRShift:
		// Go's >> of a signed int is arithmetic, and past 63 bits gives
		// 0 or -1, as Python's does; a negative count is an error.
		if b >= 0 {
			return a >> uint64(b), true
		}
	case bc.OpLShift:
		if b >= 0 && b < 63 {
			if r := a << uint64(b); r>>uint64(b) == a {
				return r, true
			}
		}
	}
	return 0, false
}

func floatOp(op bc.BinaryOp, a, b float64) (Float, bool) {
	switch op &^ bc.OpInplace {
	case bc.OpAdd:
		return Float(a + b), true
	case bc.OpSub:
		return Float(a - b), true
	case bc.OpMul:
		return Float(a * b), true
	case bc.OpTrueDiv:
		if b != 0 {
			return Float(a / b), true
		}
	}
	return 0, false
}
