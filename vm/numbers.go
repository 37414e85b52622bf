package vm

// numbers.go: the binary-operator dispatch (BinaryOp, binaryUser) and the
// hashes of the builtin numbers. The arithmetic itself is in num_int.go,
// num_float.go and num_seq.go, comparisons in num_cmp.go. (Owner: values
// engineer.)

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

// BinaryOp applies a binary operator (plain or in-place) with Python's
// dispatch: the left operand's builtin implementation, user special methods
// (__op__, __rop__, __iop__, reflected first for a subclass), then
// TypeError. Sequence concatenation and repetition try a user right
// operand's reflected method first, as CPython's sq_concat/sq_repeat come
// after both number slots.
func (vm *VM) BinaryOp(op bytecode.BinaryOp, a, b Value) (Value, error) {
	base := op &^ bytecode.OpInplace
	switch a.(type) {
	case Int, Float, Bool, *BigInt:
		if r, ok, err := vm.numBinary(base, a, b); ok {
			return r, err
		}
		if base == bytecode.OpMul && numIsInt(a) {
			switch b.(type) {
			case *Str, *List, *Tuple:
				if r, ok, err := vm.numSeqRepeat(b, a); ok {
					return r, err
				}
			}
		}
	case *Str, *List, *Tuple:
		// A user right operand's reflected method comes first: these
		// types have no number methods, except str's % (formatting),
		// which only a str subclass's own __rmod__ precedes.
		if bi, bUser := b.(*Instance); bUser && (base != bytecode.OpMod || overridesStrRmod(bi)) {
			if r, ok, err := vm.tryBinaryUser(op, a, b); ok {
				return r, err
			}
		}
		if r, ok, err := vm.numSeqBinary(op, a, b); ok {
			return r, err
		}
	case *Set, *Dict, *DictView:
		if _, bUser := b.(*Instance); bUser {
			// A subclass's reflected method first (defaultdict's __ror__).
			if r, ok, err := vm.tryBinaryUser(op, a, b); ok {
				return r, err
			}
		}
		if r, ok, err := vm.numSeqBinary(op, a, b); ok {
			return r, err
		}
	case *Instance:
		if r, ok, err := vm.tryBinaryUser(op, a, b); ok {
			return r, err
		}
		if r, ok, err := vm.instanceDictOr(op, a.(*Instance), b); ok {
			return r, err
		}
		if r, ok, err := vm.dequeBinary(op, a, b); ok {
			return r, err
		}
		if _, bf := b.(Float); bf {
			// int subclass op float: float's reflected op takes the int.
			if ua, isSub := intSubOf(a); isSub {
				if r, ok, err := vm.numBinary(base, ua, b); ok {
					return r, err
				}
			}
		}
		return vm.binaryFail(op, a, b)
	}
	return vm.binaryUser(op, a, b)
}

// overridesStrRmod reports whether b is of a str subclass that defines
// its own __rmod__ (the inherited one must not go before str % b).
func overridesStrRmod(b *Instance) bool {
	if !b.Class.IsSubtype(StrType) {
		return false
	}
	_, owner := b.Class.Lookup("__rmod__")
	return owner != nil && !owner.Builtin
}

// binaryFail ends the dispatch when no number method handled a and b. For
// * CPython then tries sequence repetition (the left operand first): a
// count with __index__ repeats, any other is a TypeError naming its type.
func (vm *VM) binaryFail(op bytecode.BinaryOp, a, b Value) (Value, error) {
	if op&^bytecode.OpInplace == bytecode.OpMul {
		seq, count := a, b
		if !isRepeatable(a) {
			seq, count = b, a
		}
		if isRepeatable(seq) {
			if r, ok, err := vm.numSeqRepeat(seq, count); ok {
				return r, err
			}
			return nil, vm.NewError(TypeErrorType, "can't multiply sequence by non-int of type '%s'", TypeOf(count).tpName())
		}
	}
	return nil, vm.binaryTypeError(op, a, b)
}

// isRepeatable reports whether v is a builtin sequence numSeqRepeat takes.
func isRepeatable(v Value) bool {
	switch v.(type) {
	case *Str, *List, *Tuple:
		return true
	}
	return false
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
// __iop__ of user classes, then raises TypeError.
func (vm *VM) binaryUser(op bytecode.BinaryOp, a, b Value) (Value, error) {
	if r, ok, err := vm.tryBinaryUser(op, a, b); ok {
		return r, err
	}
	if r, ok, err := vm.dequeBinary(op, a, b); ok { // n * deque
		return r, err
	}
	return vm.binaryFail(op, a, b)
}

// tryBinaryUser is binaryUser without the final TypeError: ok is false
// when no special method handled the operands.
func (vm *VM) tryBinaryUser(op bytecode.BinaryOp, a, b Value) (Value, bool, error) {
	base := op &^ bytecode.OpInplace
	names := binaryDunders[base]
	if op&bytecode.OpInplace != 0 {
		if _, aUser := a.(*Instance); aUser {
			iname := "__i" + names[0][2:]
			if r, ok, err := vm.callSpecial(a, iname, b); ok && (err != nil || r != NotImplemented) {
				return r, true, err
			}
		}
	}
	ta, tb := TypeOf(a), TypeOf(b)
	reflectedFirst := ta != tb && !tb.Builtin && tb.IsSubtype(ta)
	if reflectedFirst {
		if r, ok, err := vm.callSpecial(b, names[1], a); ok && (err != nil || r != NotImplemented) {
			return r, true, err
		}
	}
	if !ta.Builtin {
		if r, ok, err := vm.callSpecial(a, names[0], b); ok && (err != nil || r != NotImplemented) {
			return r, true, err
		}
	}
	if ta != tb && !reflectedFirst && !tb.Builtin {
		if r, ok, err := vm.callSpecial(b, names[1], a); ok && (err != nil || r != NotImplemented) {
			return r, true, err
		}
	}
	return nil, false, nil
}

// binaryTypeError is the TypeError for operands no implementation handles.
func (vm *VM) binaryTypeError(op bytecode.BinaryOp, a, b Value) error {
	base := op &^ bytecode.OpInplace
	ta, tb := TypeOf(a), TypeOf(b)
	sym := base.String()
	if op&bytecode.OpInplace != 0 {
		sym += "="
	}
	if base == bytecode.OpPow && op&bytecode.OpInplace == 0 {
		sym = "** or pow()"
	}
	return vm.NewError(TypeErrorType, "unsupported operand type(s) for %s: '%s' and '%s'", sym, ta.tpName(), tb.tpName())
}

// tpName is the name CPython's C types give themselves in error messages
// (tp_name): collections' deque and defaultdict are "collections.deque"
// and "collections.defaultdict", GenericAlias "types.GenericAlias"; other
// types go by their name.
func (t *Type) tpName() string {
	if t == DequeType || t == DefaultDictType || t == genericAliasType {
		return t.Module + "." + t.Name
	}
	return t.Name
}
