package vm

// numbers.go: arithmetic, comparison and hashing of the builtin value
// types. (Owner: values engineer; this first version covers the small-int
// fast paths the interpreter needs.)

import (
	"math"
	"math/big"
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
)

const hashModulus = (1 << 61) - 1

func hashInt(n int64) int64 {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	h := int64(u % hashModulus)
	if neg {
		h = -h
	}
	if h == -1 {
		h = -2
	}
	return h
}

func hashBig(b *big.Int) int64 {
	m := new(big.Int).Mod(new(big.Int).Abs(b), big.NewInt(hashModulus))
	h := m.Int64()
	if b.Sign() < 0 {
		h = -h
	}
	if h == -1 {
		h = -2
	}
	return h
}

func hashFloat(f float64) int64 {
	if math.IsInf(f, 0) {
		if f > 0 {
			return 314159
		}
		return -314159
	}
	if math.IsNaN(f) {
		return 0
	}
	if f == math.Trunc(f) && math.Abs(f) < 9e18 {
		return hashInt(int64(f))
	}
	// CPython's algorithm for non-integral floats.
	m, e := math.Frexp(f)
	sign := int64(1)
	if m < 0 {
		sign = -1
		m = -m
	}
	var x uint64
	for m != 0 {
		x = ((x << 28) & hashModulus) | x>>(61-28)
		m *= 268435456.0
		e -= 28
		y := uint64(m)
		m -= float64(y)
		x += y
		if x >= hashModulus {
			x -= hashModulus
		}
	}
	if e >= 0 {
		e = e % 61
	} else {
		e = 61 - 1 - ((-1 - e) % 61)
	}
	x = ((x << uint(e)) & hashModulus) | x>>(61-uint(e))
	h := int64(x) * sign
	if h == -1 {
		h = -2
	}
	return h
}

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }

// compareBuiltin compares builtin values; ok is false when neither
// operand's type handles the pair.
func (vm *VM) compareBuiltin(a, b Value, op bytecode.CompareOp) (Value, bool, error) {
	switch x := a.(type) {
	case Int:
		if y, ok := b.(Int); ok {
			return Bool(cmpOrdered(x, y, op)), true, nil
		}
	case *Str:
		if y, ok := b.(*Str); ok {
			return Bool(cmpOrdered(x.S, y.S, op)), true, nil
		}
	}
	return nil, false, nil
}

func cmpOrdered[T int64 | Int | float64 | string](x, y T, op bytecode.CompareOp) bool {
	switch op {
	case bytecode.CmpLt:
		return x < y
	case bytecode.CmpLe:
		return x <= y
	case bytecode.CmpEq:
		return x == y
	case bytecode.CmpNe:
		return x != y
	case bytecode.CmpGt:
		return x > y
	}
	return x >= y
}

// BinaryOp applies a binary operator to builtin operands, falling back to
// user special methods.
func (vm *VM) BinaryOp(op bytecode.BinaryOp, a, b Value) (Value, error) {
	if x, ok := a.(Int); ok {
		if y, ok := b.(Int); ok {
			switch op &^ bytecode.OpInplace {
			case bytecode.OpAdd:
				return Int(int64(x) + int64(y)), nil
			case bytecode.OpSub:
				return Int(int64(x) - int64(y)), nil
			case bytecode.OpMul:
				return Int(int64(x) * int64(y)), nil
			}
		}
	}
	return vm.binaryUser(op, a, b)
}

var binaryDunders = [...][2]string{
	bytecode.OpAdd: {"__add__", "__radd__"}, bytecode.OpSub: {"__sub__", "__rsub__"},
	bytecode.OpMul: {"__mul__", "__rmul__"}, bytecode.OpTrueDiv: {"__truediv__", "__rtruediv__"},
	bytecode.OpFloorDiv: {"__floordiv__", "__rfloordiv__"}, bytecode.OpMod: {"__mod__", "__rmod__"},
	bytecode.OpPow: {"__pow__", "__rpow__"}, bytecode.OpLShift: {"__lshift__", "__rlshift__"},
	bytecode.OpRShift: {"__rshift__", "__rrshift__"}, bytecode.OpOr: {"__or__", "__ror__"},
	bytecode.OpXor: {"__xor__", "__rxor__"}, bytecode.OpAnd: {"__and__", "__rand__"},
}

// binaryUser dispatches to __op__, __rop__ and (for in-place operators)
// __iop__ of user classes.
func (vm *VM) binaryUser(op bytecode.BinaryOp, a, b Value) (Value, error) {
	base := op &^ bytecode.OpInplace
	names := binaryDunders[base]
	if op&bytecode.OpInplace != 0 {
		iname := "__i" + names[0][2:]
		if r, ok, err := vm.callSpecial(a, iname, b); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	ta, tb := TypeOf(a), TypeOf(b)
	reflectedFirst := ta != tb && !tb.Builtin && tb.IsSubtype(ta)
	if reflectedFirst {
		if r, ok, err := vm.callSpecial(b, names[1], a); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	if !ta.Builtin {
		if r, ok, err := vm.callSpecial(a, names[0], b); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	if ta != tb && !reflectedFirst && !tb.Builtin {
		if r, ok, err := vm.callSpecial(b, names[1], a); ok && (err != nil || r != NotImplemented) {
			return r, err
		}
	}
	sym := base.String()
	if op&bytecode.OpInplace != 0 {
		sym += "="
	}
	if base == bytecode.OpPow && op&bytecode.OpInplace == 0 {
		sym = "** or pow()"
	}
	return nil, vm.NewError(TypeErrorType, "unsupported operand type(s) for %s: '%s' and '%s'", sym, ta.Name, tb.Name)
}
