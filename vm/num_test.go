package vm

import (
	"math"
	"strings"
	"testing"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// numOperands mixes small, boundary and big ints, bools and special floats.
var numOperands = []string{
	"0", "1", "-1", "7", "-7", "3", "-3", "2", "255", "True", "False",
	"9223372036854775807", "-9223372036854775808", "9223372036854775808",
	"4611686018427387904", "3037000500", "-3037000500",
	"123456789012345678901234567890", "-98765432109876543210", "2**64", "-(2**100)",
	"0.0", "-0.0", "1.5", "-2.5", "0.1", "1e300", "-1e-300", "float('inf')", "float('-inf')", "float('nan')",
	"9007199254740993.0", "2.0**63", "5e-324",
}

var numBinOps = []string{"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"}

func TestBinaryOpsAgainstPython(t *testing.T) {
	var exprs []string
	for _, a := range numOperands {
		for _, b := range numOperands {
			for _, op := range numBinOps {
				if op == "**" && (strings.Contains(b, "**") || len(b) > 6 && !strings.Contains(b, ".") && !strings.Contains(b, "e")) {
					continue // huge exponents: covered by TestIntSizeGuard
				}
				if (op == "<<") && (len(b) > 4 && !strings.Contains(b, "float")) {
					continue
				}
				exprs = append(exprs, "("+a+") "+op+" ("+b+")")
			}
		}
	}
	oracleCheck(t, exprs)
}

func TestCompareAgainstPython(t *testing.T) {
	var exprs []string
	ops := []string{"<", "<=", "==", "!=", ">", ">="}
	vals := append([]string{}, numOperands...)
	vals = append(vals, "9223372036854775807.0", "2**53+1", "2.0**53", "2**53", "-(2**63)", "-(2.0**63)", "10**400", "-(10**400)", "1e308")
	for _, a := range vals {
		for _, b := range vals {
			for _, op := range ops {
				exprs = append(exprs, "("+a+") "+op+" ("+b+")")
			}
		}
	}
	// Sequences, strings, sets, dicts and mixed types.
	seqs := []string{"[1, 2]", "[1, 2, 3]", "[1, 3]", "[]", "(1, 2)", "(1, 'a')", "(1, 2.0)", "'abc'", "'abd'", "'ab'", "''", "'é'", "'z'",
		"{1, 2}", "{1}", "{2, 3}", "frozenset({1, 2})", "{1: 2}", "{1: 3}", "{}", "None", "[1, 'a']", "[1, float('nan')]", "range(3)", "range(0, 3)", "range(0)", "range(5, 5)"}
	for _, a := range seqs {
		for _, b := range seqs {
			for _, op := range ops {
				exprs = append(exprs, a+" "+op+" "+b)
			}
		}
	}
	for _, e := range []string{"1 < 'a'", "'a' < 1", "None < 1", "[1] < (1,)", "1 == 'a'", "1 != None", "[1, 2] < [1, 'a']",
		"(1, 2) == (1, 2.0)", "True == 1", "True == 1.0", "{1: 2} == {1: 2.0}", "{1, 2} == frozenset({2, 1})", "{1} <= {1, 2}"} {
		exprs = append(exprs, e)
	}
	oracleCheck(t, exprs)
}

func TestUnaryAgainstPython(t *testing.T) {
	var exprs []string
	for _, a := range numOperands {
		for _, op := range []string{"-", "+", "~", "not "} {
			exprs = append(exprs, op+"("+a+")")
		}
		exprs = append(exprs, "abs("+a+")", "int("+a+")", "float("+a+")", "bool("+a+")",
			"round("+a+")", "repr("+a+")", "str("+a+")")
		if a != "float('nan')" {
			exprs = append(exprs, "hash("+a+")") // hash(nan) is id-based since 3.10
		}
	}
	exprs = append(exprs, "-'a'", "~'a'", "+None", "abs('a')", "-[1]", "hash(-1)", "hash(-2)", "hash(2**61-1)", "hash(2**61)",
		"hash(-(2**61))", "hash(2**100)", "hash(-(2**100))", "hash(1.5)", "hash(-1.5)", "hash(1e100)", "hash(2**63)", "hash(float(2**63))",
		"hash(0.1)", "hash(1e-300)", "hash(True)")
	oracleCheck(t, exprs)
}

func TestSequenceOpsAgainstPython(t *testing.T) {
	oracleCheck(t, []string{
		"'ab' + 'cd'", "'ab' * 3", "3 * 'ab'", "'ab' * -1", "'ab' * 0", "'ab' * True", "'a' * 2.0", "2.0 * 'a'", "'a' + 1", "1 + 'a'",
		"'a' * 'b'", "[1] * 'b'", "'a' - 'b'", "[1, 2] + [3]", "[1] + (1,)", "(1,) + [1]", "(1, 2) + (3,)", "[1, 2] * 2", "2 * [1, 2]",
		"(1,) * 3", "() * 5", "[0] * -3", "[1] * (2**64)", "'a' * (2**100)", "[1] - [1]", "{1, 2} | {3}", "{1, 2} & {2, 3}",
		"{1, 2} - {2}", "{1, 2} ^ {2, 3}", "frozenset({1}) | {2}", "{1} | frozenset({2})", "{1} | [2]", "{1} + {2}",
		"{'a': 1} | {'b': 2}", "{'a': 1} | {'a': 2}", "{'a': 1} | [('b', 2)]", "[1] + None", "None + None", "1 + None",
		"'%s' % 1", "[] * 3", "'' * 10", "'x' * 5", "(1, 2) * 2", "[1] * True", "True * [1]", "1.5 * [1]",
	})
}

func TestNumericBuiltinsAgainstPython(t *testing.T) {
	var exprs []string
	vals := []string{"0", "7", "-7", "2", "-2", "10**20", "-(10**20)", "7.5", "-7.5", "0.5", "float('inf')", "float('nan')", "True", "3", "0.0"}
	for _, a := range vals {
		for _, b := range vals {
			exprs = append(exprs, "divmod("+a+", "+b+")")
		}
	}
	for _, e := range []string{
		"pow(2, 10, 1000)", "pow(2, -1, 5)", "pow(2, -1, 4)", "pow(2, 3, 0)", "pow(2.0, 3, 5)", "pow(2, 3.0, 5)", "pow(-2, 3, 5)",
		"pow(2, 3, -5)", "pow(3, 200, 10**30)", "pow(0, 0, 1)", "pow(5, 0, 1)", "pow(7, -2, 11)", "pow(2, 3, None)", "pow(2, -2)",
		"pow(10**20, 3, 7)", "pow(-3, -1, 7)", "pow('a', 2, 3)", "pow(2, 3)", "pow(0, -1)",
		"round(2.5)", "round(3.5)", "round(-2.5)", "round(0.5)", "round(-0.5)", "round(1.5, 0)", "round(2.675, 2)", "round(0.125, 2)",
		"round(0.375, 2)", "round(1234.5678, -2)", "round(-1234.5678, -2)", "round(15, -1)", "round(25, -1)", "round(-15, -1)",
		"round(-25, -1)", "round(5, -1)", "round(123456789, -4)", "round(10**30 + 5 * 10**20, -21)", "round(7, 2)", "round(7, -20)",
		"round(1e300, -299)", "round(1.7976931348623157e308, -308)", "round(1.5e300, -400)", "round(1.5, 400)", "round(-0.4)",
		"round(-0.0, 1)", "round(float('inf'))", "round(float('nan'))", "round(float('inf'), 2)", "round(2.5, None)", "round(1.5, 1.0)",
		"round('a')", "round(True)", "round(5e-324, 323)", "round(0.1 + 0.2, 15)", "round(1e22, -21)", "round(12345.6789, 3)",
		"round(-7, -1)", "round(10**20 + 5, -1)", "round(5e15 + 0.5)", "round(4.5e15 + 0.5)", "round(2**63 + 0.0)",
		"abs(-(2**63))", "abs(-9223372036854775808)", "abs(True)", "abs(-0.0)", "abs(float('-inf'))",
		"int('  12  ')", "int('-0x1f', 16)", "int('0x1f', 0)", "int('0o17', 0)", "int('0b101', 0)", "int('010', 0)", "int('0', 0)",
		"int('00', 0)", "int('0_0', 0)", "int('1_000')", "int('1__000')", "int('_1')", "int('1_')", "int('0x_1f', 16)", "int('0x_1f', 0)",
		"int('z', 36)", "int('Z', 36)", "int('12', 1)", "int('12', 37)", "int(12, 10)", "int('x')", "int('')", "int('  ')", "int('+5')",
		"int('- 5')", "int('٣')", "int('١٢٣')", "int('12', base=8)", "int(base=8)", "int('9' * 5000)",
		"int('123456789012345678901234567890')", "int('-123456789012345678901234567890')", "int(1e20)", "int(-1.5e18)", "int(2.0**80)",
		"int(-0.9)", "int(float('inf'))", "int(float('nan'))", "int(True)", "int([1])", "int(None)", "int('1.5')", "int(' 0x10 ', 16)",
		"int('0X10', 16)", "int('10', 2)", "int('2', 2)", "int('\u00a012\u2003')", "int(x=1)",
		"float('  1.5 ')", "float('inf')", "float('-Infinity')", "float('nan')", "float('+NaN')", "float('1e5')", "float('1E-5')",
		"float('.5')", "float('5.')", "float('.')", "float('e5')", "float('1_000.5')", "float('1__0')", "float('1_.5')", "float('x')",
		"float('')", "float('1e400')", "float('-1e400')", "float('1e-400')", "float(10**400)", "float(2**53 + 1)", "float(True)",
		"float([1])", "float('0x10')", "float('١.٥')", "float(1, 2)", "float(x=1)", "float()", "int()", "bool()", "bool(0.0)", "bool('')",
		"bool('a')", "bool([])", "bool(x=1)", "float('infinity')", "float('infinit')", "float('1e')", "float('1e+')", "float('-.5e-3')",
		"chr(65)", "chr(0x10ffff)", "chr(0x110000)", "chr(-1)", "chr(2**40)", "chr(1.5)", "chr(True)", "ord('a')", "ord('é')", "ord('')",
		"ord('ab')", "ord(1)", "hex(255)", "hex(-255)", "hex(0)", "hex(2**70)", "oct(8)", "oct(-8)", "bin(5)", "bin(-5)", "bin(0)", "hex(1.5)",
		"hex(True)",
		"(5).bit_length()", "(-5).bit_length()", "(0).bit_length()", "(2**100).bit_length()", "(255).bit_count()", "(-255).bit_count()",
		"(5).conjugate()", "(5).real", "(5).imag", "(5).numerator", "(5).denominator", "(5).as_integer_ratio()", "True.real",
		"(1.5).is_integer()", "(2.0).is_integer()", "float('inf').is_integer()", "(1.5).as_integer_ratio()", "(0.1).as_integer_ratio()",
		"(-0.75).as_integer_ratio()", "float('inf').as_integer_ratio()", "float('nan').as_integer_ratio()", "(1.5).hex()", "(0.1).hex()",
		"(-2.0).hex()", "(0.0).hex()", "(5e-324).hex()", "(1.7976931348623157e308).hex()", "float('inf').hex()", "(1.5).real",
		"(1.5).imag", "(1.5).conjugate()", "float.fromhex('0x1.8p1')", "float.fromhex('1.8')", "float.fromhex('-0x1p-1074')",
		"float.fromhex('inf')", "float.fromhex('x')", "int.__add__(1, 2)", "int.__add__(1, 2.0)", "float.__add__(1.0, 2)",
		"(3).__mul__(4)", "(3).__rsub__(10)", "(2.0).__rpow__(3)", "(3).__eq__(3)", "(3).__lt__(2.5)", "(3.0).__lt__(4)",
		"(7).__divmod__(2)", "(7).__rdivmod__(2)", "(7).__pow__(2, 5)", "(-3).__neg__()", "(-3).__abs__()", "(3).__invert__()",
		"(3).__index__()", "(3.7).__int__()", "(3.7).__trunc__()", "(3.7).__floor__()", "(-3.7).__ceil__()", "(3.5).__round__()",
		"(3.14159).__round__(2)", "(35).__round__(-1)", "(3).__float__()", "(3).__bool__()", "(0.0).__bool__()", "(3).__repr__()",
		"(1.5).__str__()", "(3).__hash__()", "(10**20).__hash__()", "True.__and__(False)", "True.__or__(1)", "True.__repr__()",
		"True & True", "True | False", "True ^ True", "True & 1", "True + True", "True * 3", "-True", "~True", "~False", "True / 2",
		"True // True", "True ** 2", "True << 3", "(10**20) >> 1000", "(-(10**20)) >> 1000", "(-1) >> 1", "(-(2**70)) >> 3",
		"(-(2**70)) & 0xffff", "(2**70) | -1", "(-(2**70)) ^ (2**69)", "~(2**70)", "1 << 62", "1 << 63", "1 << 64", "-1 << 63",
		"-1 << 64", "3 << 61", "-(2**63) // -1", "-(2**63) % -1", "-(2**63) * -1", "(2**63 - 1) + 1", "-(2**63) - 1",
		"divmod(-(2**63), -1)", "0 ** 0", "0 ** -1", "0.0 ** -1", "0 ** -1.0", "(-8) ** (1/3)", "(-8.0) ** 0.5", "10.0 ** 400",
		"2 ** 10000.0", "(-2.0) ** 3", "(-2) ** -3", "2 ** -1074", "2 ** -1075", "10 ** -400", "(10**400) ** -1", "1.1 ** 10",
		"1.0000001 ** 1000000", "2.5 ** 2.5", "0.5 ** 1074", "(-1.0) ** float('inf')", "float('inf') ** -1", "float('nan') ** 0",
		"1 ** float('nan')", "(-float('inf')) ** 3", "(-float('inf')) ** 2", "(-0.0) ** 3", "(-0.0) ** 2", "(-0.0) ** -3",
		"10 ** 400 / 10 ** 399", "1 / (10**400)", "(10**400) * 1.0", "(2**1000) / (3**500)", "(10**400) / 1", "-(10**400) / 3",
		"(2**1074 + 1) / 2**2148", "1 / 3", "2 / -3", "0 / -5", "-0 / 5", "(2**53 + 1) / 1", "(2**54 + 3) / 2", "(10**30) / (10**10)",
		"(3**100) / (2**100)", "(7 * 2**1100) / (2**2100)", "1 / 2**1074", "1 / 2**1075", "3 / 2**1076", "(2**1024 - 2**970) / 1",
		"(2**1024 - 2**971) / 1", "1.5 // 0", "1 // 0", "1 % 0", "1 / 0", "1.0 / 0", "1 % 0.0", "divmod(1, 0)", "divmod(1.0, 0)",
		"divmod(1, 0.0)", "divmod('a', 1)", "divmod(1, 'a')", "1 // 0.0", "(10**20) // 0", "(10**20) % 0", "(10**20) / 0",
		"7 // -2", "-7 // 2", "7 % -2", "-7 % 2", "-7.5 // 2", "7.5 % -2", "-0.0 % 5", "0.0 % -5", "5 % float('inf')",
		"-5 % float('inf')", "5 // float('inf')", "-5 // float('inf')", "float('inf') // 1", "float('inf') % 5", "1e300 // 1e-300",
		"(-0.0) // 1", "0.0 // -1", "1 << -1", "1 >> -1", "(2**70) << -1", "1.5 << 1", "1 << 1.5", "1.5 & 1", "1 >> (2**100)",
		"-1 >> (2**100)", "0 << (2**100)",
		"divmod(float('nan'), 'a')", "divmod('a', float('nan'))", "None * 'ab'", "{} * [1]", "{1} * (1,)", "1.5 * (1,)",
	} {
		exprs = append(exprs, e)
	}
	oracleCheck(t, exprs)
}

// TestIntSizeGuard checks the SPEC's 100000-digit guard: results that
// would be too large fail fast with OverflowError instead of computing.
func TestIntSizeGuard(t *testing.T) {
	vm := New(Options{})
	big := func(s string) Value { v, _ := vm.IntFromString(s, 10); return v }
	cases := []struct {
		op   bc.BinaryOp
		a, b Value
	}{
		{bc.OpPow, Int(10), big("10000000000")},
		{bc.OpPow, Int(2), Int(400000)},
		{bc.OpPow, Int(7), big("100000000000000000000000")},
		{bc.OpLShift, Int(1), Int(400000)},
		{bc.OpLShift, Int(1), big("100000000000000000000000")},
	}
	for _, c := range cases {
		_, err := vm.BinaryOp(c.op, c.a, c.b)
		if err == nil || AsException(err).Class != OverflowErrorType {
			t.Errorf("%v %v %v: got %v, want OverflowError", c.a, c.op, c.b, err)
		}
	}
	// Just under the limit still works.
	r, err := vm.BinaryOp(bc.OpPow, Int(10), Int(99000))
	if err != nil {
		t.Fatalf("10**99000: %v", err)
	}
	if b, ok := r.(*BigInt); !ok || len(b.V.String()) != 99001 {
		t.Errorf("10**99000 has the wrong size")
	}
	// A product of two numbers under the limit whose result is over it.
	x, _ := vm.BinaryOp(bc.OpPow, Int(10), Int(60000))
	if _, err := vm.BinaryOp(bc.OpMul, x, x); err == nil {
		t.Errorf("10**60000 * 10**60000: no error")
	}
	// The int->str limit.
	if _, err := vm.StrOf(r); err == nil || AsException(err).Class != ValueErrorType {
		t.Errorf("str(10**99000): got %v, want ValueError", err)
	}
	if s, ok := vm.fastRepr(r); ok {
		t.Errorf("fastRepr of a huge int gave %.20q", s)
	}
	small := New(Options{MaxAlloc: 1000})
	if _, err := small.BinaryOp(bc.OpPow, Int(10), Int(5000)); err == nil || AsException(err).Class != MemoryErrorType {
		t.Errorf("MaxAlloc: got %v, want MemoryError", err)
	}
	if _, err := small.BinaryOp(bc.OpMul, NewStr("ab"), Int(600)); err == nil || AsException(err).Class != MemoryErrorType {
		t.Errorf("MaxAlloc str repeat: got %v, want MemoryError", err)
	}
}

// TestIntResultsAreSmall checks the representation rule: a result that
// fits in int64 is always an Int, never a *BigInt.
func TestIntResultsAreSmall(t *testing.T) {
	vm := New(Options{})
	big := func(s string) Value { v, _ := vm.IntFromString(s, 10); return v }
	cases := []struct {
		op   bc.BinaryOp
		a, b Value
	}{
		{bc.OpSub, big("9223372036854775808"), Int(1)},
		{bc.OpAdd, big("-9223372036854775809"), Int(1)},
		{bc.OpFloorDiv, big("100000000000000000000"), big("10000000000")},
		{bc.OpMod, big("100000000000000000001"), Int(7)},
		{bc.OpRShift, big("100000000000000000000"), Int(10)},
		{bc.OpAnd, big("100000000000000000000"), Int(0xffff)},
		{bc.OpMul, big("100000000000000000000"), Int(0)},
		{bc.OpPow, big("100000000000000000000"), Int(0)},
	}
	for _, c := range cases {
		r, err := vm.BinaryOp(c.op, c.a, c.b)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := r.(Int); !ok {
			t.Errorf("%v %v %v = %T, want Int", c.a, c.op, c.b, r)
		}
	}
	r, _ := vm.BinaryOp(bc.OpAdd, Int(math.MaxInt64), Int(1))
	if _, ok := r.(*BigInt); !ok {
		t.Errorf("MaxInt64+1 = %T", r)
	}
	q, _ := vm.Divmod(big("100000000000000000000"), big("10000000000"))
	for _, it := range q.(*Tuple).Items {
		if _, ok := it.(Int); !ok {
			t.Errorf("divmod item %T", it)
		}
	}
}

// TestHashConsistency: equal numbers hash equal across int, bool, float.
func TestHashConsistency(t *testing.T) {
	vm := New(Options{})
	pairs := [][2]Value{{Int(1), Float(1)}, {Bool(true), Int(1)}, {Int(0), Float(math.Copysign(0, -1))}}
	b, _ := vm.IntFromString("9223372036854775808", 10)
	pairs = append(pairs, [2]Value{b, Float(9223372036854775808)})
	b2, _ := vm.IntFromString("-1267650600228229401496703205376", 10)
	pairs = append(pairs, [2]Value{b2, Float(-1267650600228229401496703205376)})
	for _, p := range pairs {
		h1, _ := vm.Hash(p[0])
		h2, _ := vm.Hash(p[1])
		if h1 != h2 {
			t.Errorf("hash(%v)=%d != hash(%v)=%d", p[0], h1, p[1], h2)
		}
	}
}

func TestIndexOf(t *testing.T) {
	vm := New(Options{})
	if n, err := vm.IndexOf(Bool(true)); n != 1 || err != nil {
		t.Errorf("IndexOf(True) = %d, %v", n, err)
	}
	b, _ := vm.IntFromString("100000000000000000000", 10)
	if _, err := vm.IndexOf(b); err == nil || AsException(err).Error() != "OverflowError: cannot fit 'int' into an index-sized integer" {
		t.Errorf("IndexOf(big): %v", err)
	}
	if _, err := vm.IndexOf(Float(1)); err == nil || AsException(err).Error() != "TypeError: 'float' object cannot be interpreted as an integer" {
		t.Errorf("IndexOf(float): %v", err)
	}
}
