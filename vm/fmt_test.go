package vm

import (
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

var fmtValues = []string{
	"0", "1", "-1", "42", "-42", "1234567", "-1234567", "255", "True", "False", "10**25", "-(10**25)",
	"0.0", "-0.0", "1.5", "-1.5", "3.14159", "0.1", "1e-05", "0.0001", "1e16", "1e15", "123456789.123", "-0.00049",
	"1e300", "5e-324", "float('inf')", "float('-inf')", "float('nan')", "2.5", "0.125", "999.9999", "1e22", "9.995",
	"'abc'", "''", "'héllo'", "'a'",
}

var fmtSpecs = []string{
	"", "d", "5", "<5", ">5", "^5", "=5", "*^9", "05", "010", "+", "-", " ", "+05", "#x", "#X", "#o", "#b", "x", "X", "o", "b",
	"c", ",", "_", "10,", "010,", "_x", "#_b", "012_x", ",d", "e", "E", ".2e", ".0e", "#.0e", "f", "F", ".2f", ".0f", "#.0f",
	"10.3f", "<10.3f", "+.1f", "g", "G", ".3g", ".10g", "#g", "#.3g", ".0g", "%", ".1%", "n", ".3n", ",.2f", "_.3f",
	"z.1f", "z", "+z.0f", "s", ".2", ".2s", "10.2s", "x<10", "\u00e9>6", "08.3", "#", ".3", "0<8", "0=8", "0^8",
	",g", "015,.1f", "-^10", "=+10", "=10,", "abc", ".", "5.2.3", ",_", "_,", "#c", "+c", ",c", ".1d", ",x", ",b", "_n",
	"0", "00", ">", "<", "^^", "10000000000000000000000", ".10000000000000000000000", "\u00e9", "ñ<5",
}

func TestFormatSpecsAgainstPython(t *testing.T) {
	var exprs []string
	for _, v := range fmtValues {
		for _, s := range fmtSpecs {
			exprs = append(exprs, "format("+v+", "+strconv.Quote(s)+")")
		}
	}
	// object.__format__ and containers.
	for _, e := range []string{"format(None, '')", "format(None, '>5')", "format([1], 'x')", "format((1, 2), '10')"} {
		exprs = append(exprs, e)
	}
	oracleCheck(t, exprs)
}

// TestRandomSpecsAgainstPython formats values with random specifications
// built from the grammar's pieces.
func TestRandomSpecsAgainstPython(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	pick := func(opts ...string) string { return opts[r.Intn(len(opts))] }
	var exprs []string
	vals := []string{"0", "-7", "123456789", "10**30", "True", "0.0", "-0.0", "-1234.5678", "1e-7", "9.999e15", "5e-324",
		"float('inf')", "float('nan')", "2.5", "0.05", "'abc'", "''", "'éà'"}
	for i := 0; i < 1500; i++ {
		spec := pick("", "", "x", "*", "0", "é") + pick("", "", "<", ">", "^", "=") + pick("", "", "+", "-", " ") +
			pick("", "", "z") + pick("", "", "#") + pick("", "", "0") + pick("", "", "1", "7", "12", "25") +
			pick("", "", ",", "_") + pick("", "", ".0", ".1", ".3", ".12") +
			pick("", "", "b", "c", "d", "e", "E", "f", "F", "g", "G", "n", "o", "s", "x", "X", "%")
		exprs = append(exprs, "format("+pick(vals...)+", "+strconv.Quote(spec)+")")
	}
	oracleCheck(t, exprs)
}

// TestFloatReprAgainstPython checks repr(float) on edge cases and random
// values (shortest round-trip digits and the exponent thresholds).
func TestFloatReprAgainstPython(t *testing.T) {
	var exprs []string
	for _, v := range []string{"0.1 + 0.2", "1 / 3", "2 / 3", "1e16", "1e15", "123456789012345678.0", "1e-4", "1e-5",
		"0.00001234", "2.0", "-0.0", "0.0", "100.0", "1.5e300", "2.5e-300", "5e-324", "1.7976931348623157e308",
		"9007199254740993.0", "1.1 * 1.1", "1e22", "1e23", "4.35", "0.1 + 0.7", "3.0 * 1.1", "1 - 0.9", "100 * 1.1",
		"9999999999999998.0", "1e16 - 2", "0.001", "0.0001", "0.00001", "123456789012345.6", "1234567890123456.7",
		"12345678901234567.0", "2.2250738585072014e-308", "2.225073858507201e-308", "float('inf')", "float('-inf')",
		"float('nan')", "-1e-7", "1e100", "1.0e-10", "0.5", "3.0e15", "3.0e16", "-123.456"} {
		exprs = append(exprs, "repr("+v+")", "str("+v+")")
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		var f float64
		switch i % 3 {
		case 0:
			f = math.Float64frombits(r.Uint64())
		case 1:
			f = r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
		default:
			f = float64(r.Intn(100000)) / float64(1+r.Intn(1000))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := strconv.FormatFloat(f, 'g', -1, 64)
		exprs = append(exprs, "repr(float('"+s+"'))")
		exprs = append(exprs, "format(float('"+s+"'), '.3g')", "format(float('"+s+"'), '.4e')", "format(float('"+s+"'), '.2f')",
			"format(float('"+s+"'), '')", "round(float('"+s+"'), 2)", "round(float('"+s+"'), -1)")
	}
	oracleCheck(t, exprs)
}

func TestPercentAgainstPython(t *testing.T) {
	exprs := []string{
		"'%s|%r|%d|%i' % ('str', 'str', 42, -7)", "'%5d|%-5d|%05d|%+d|% d' % (42, 42, 42, 42, 42)",
		"'%f|%.2f|%10.3f|%-10.1f|%+.0f' % (3.14159, 3.14159, 3.14159, 3.14159, 2.5)",
		"'%e|%.2E|%g|%G|%g' % (12345.678, 12345.678, 0.00001, 1e20, 100.0)", "'%x|%X|%#x|%#X|%o|%#o' % (255, 255, 255, 255, 8, 8)",
		"'%c|%c|%%|%5s|%-5s|%.2s' % (65, 'z', 'ab', 'ab', 'abc')", "'%*d|%-*d|%.*f' % (6, 1, 6, 2, 3, 2.71828)",
		"'%d items' % 3", "'%r %s' % (None, None)", "'%s' % True", "'%d' % True",
		"'%.3s' % 'abcdef'", "'%i%%' % 50", "'%5.1f%%' % 99.44", "'%x' % -255", "'%o' % -8", "'%d' % -0", "'%f' % -0.0",
		"'%10.4e|%-12g|' % (0.000123456, 123456789.0)", "'%d' % 3.7", "'%d' % '3'", "'%x' % 3.0", "'%c' % 'ab'", "'%c' % 1.5",
		"'%c' % -1", "'%f' % '1'", "'%y' % 1", "'%' % 1", "'%(a)s' % 1", "'%(a)s %s' % {'a': 1}", "'%5%' % ()",
		"'%.3d' % 5", "'%+.3d' % -5", "'%08.3f' % -1.5", "'%-08d|' % 5", "'%#o' % 8", "'%#x' % 0", "'%#.0f' % 1", "'%#g' % 1.0",
		"'%.0e' % 12345", "'%10.3s|' % 'abcdef'", "'%010s|' % 'ab'", "'%s %s' % [1]", "'abc' % [1]", "'abc' % 5", "'abc' % ()",
		"'abc' % {}", "'%*d' % (5,)", "'%*d' % ('a', 1)", "'%.*f' % (2, 3.14159)", "'%-*d|' % (-5, 1)", "'%*d|' % (-5, 1)",
		"'%i' % True", "'%r' % 'é'", "'%a' % 'é'", "'%s' % 'é'", "'%.2s' % 'éàü'", "'%d' % (10**30)", "'%x' % (-10**30)",
		"'%e' % (10**400)", "'%5c|' % 65", "'%(a)s' % {'a': 'x', 'b': 2}", "'%(a)' % {'a': 1}", "'%(a' % {'a': 1}", "'%ld' % 5",
		"'%%%s' % 5", "'%z' % 5", "'%s' % ()", "'%g' % 1e-5", "'%g' % 123456789", "'%G' % 1e-10", "'%F' % float('inf')",
		"'%f' % float('nan')", "'%+f' % float('inf')", "'%05f' % float('inf')", "'%-6.2f|' % 1", "'% d' % 5", "'% +d' % 5",
		"'%+ d' % 5", "'%0-5d|' % 3", "'%d' % None", "'%u' % 5", "'%X' % 255", "'%#X' % 255", "'%o' % -8", "'%#o' % -8",
		"'%#08x' % 255", "'%#-8x|' % 255", "'%+#x' % 255", "'%#5o' % -8", "'%#.5x' % 255", "'%-+8.2f|' % 3.14159", "'%s %s' % (1,)",
		"'%s' % (1, 2)", "'%(x)s %(y)r' % {'x': 1, 'y': 'b'}", "'%(x)d' % {'x': '1'}", "'%(x)s' % {}",
		"'%c' % 0x10ffff", "'%c' % 0x110000", "'%c' % (2**70)", "'%.0f' % 0.5", "'%.0f' % 1.5", "'%.0f' % 2.5", "'%.1f' % 0.25",
		"'%.2f' % 2.675", "'%10s|' % 'é'", "'%-10r|' % 'é'", "'%s' % 'a%sb'", "'%(a)s%%' % {'a': 1}", "'%()s' % {'': 5}",
		"'%((a))s' % {'(a)': 5}", "'%.3x' % 255", "'%+x' % 255", "'%e' % 0", "'%g' % 0.0001",
		"'%g' % 1e16", "'%#.3g' % 1", "'%.100f' % 0.1", "'%s' % 1.0", "'%r' % 1e16", "'%5s' % True", "'%.1s' % None",
		"'%d' % 1e300", "'%d' % float('inf')", "'%x' % True", "'%o' % 0", "'%#o' % 0", "'%.0d' % 0", "'%a' % 'x\\n'",
	}
	oracleCheck(t, exprs)
}

func TestStrFormatAgainstPython(t *testing.T) {
	exprs := []string{
		"'{}'.format(1)", "'{0}{1}{0}'.format('a', 'b')", "'{x}-{y}'.format(x=1, y=2)", "'{0.real}'.format(5)",
		"'{0[1]}'.format([4, 5])", "'{a[k]}'.format(a={'k': 'v'})", "'{0!r}'.format('s')", "'{0!s}'.format(1.5)",
		"'{0!a}'.format('é')", "'{:>8}'.format('r')", "'{:*^9}'.format('c')", "'{:{}}'.format('x', 5)", "'{:{w}.{p}f}'.format(3.14159, w=10, p=2)",
		"'{{}} {{{0}}}'.format(7)", "'{'.format(1)", "'}'.format(1)", "'{0}{}'.format(1, 2)", "'{}{0}'.format(1, 2)", "'{1}'.format(1)",
		"'{x}'.format(1)", "'{0.x}'.format(1)", "'{0[1]}'.format([1])", "'{0[a]}'.format({'a': 3})", "'{0[1]}'.format({'1': 3})",
		"'{0!x}'.format(1)", "'{0:{1}}'.format(1, '>5')", "'{:{}{}}'.format(1, '>', 5)", "'{0:{1:{2}}}'.format(1, 2, 3)",
		"'{!r:>8}'.format('a')", "'{a.real}'.format(a=3)", "'{0:%}'.format(0.5)", "'{:}'.format(3)",
		"'{0:d}'.format('a')", "'{0'.format(1)", "'{0!r'.format(1)", "'{0!}'.format(1)", "'{!}'.format(1)", "'{0!rr}'.format(1)",
		"'{0[}'.format(1)", "'{0.}'.format(1)", "'{[0]}'.format([5])", "'{.real}'.format(5)", "'{0]}'.format(1)",
		"'{0[0]x}'.format([1])", "'{0[0].real}'.format([1])", "'{0..real}'.format(1)", "'{:,}'.format(1234567)",
		"'{:_b}'.format(255)", "'{0:>{1}}'.format('a', 4)", "'{0:{1}d}'.format(5, 3)", "'{:^{}}'.format('ab', 6)",
		"'{}-{}'.format(*[1, 2])", "'{0}'.format()", "'{}'.format()", "'a{{b'.format()", "'a}}b'.format()", "'{:%Y}'.format(5)",
		"'{:s}'.format(5)", "'{!s:s}'.format(5)", "'{: }'.format(5)", "'{0:}'.format('x')", "'{0!r:}'.format('x')",
		"'{0}'.format(None)", "'{0:>5}'.format(None)", "'{0:10}'.format([1])", "'{0[1][0]}'.format([0, [7]])",
		"'{0[٣]}'.format([0, 1, 2, 3])", "'{:{}}'.format(1, '{')",
		"'{0:{a}}'.format(1, a='{}')", "'{:{:{}}}'.format(1, 2, 3)", "'{:.{}}'.format('abcdef', 3)",
		"'{:x}'.format(True)", "'{:5}'.format(True)", "'{}'.format(True)", "'{:d}'.format(1.5)",
		"'{a}'.format_map({'a': 1})", "'{0}'.format_map({'a': 1})", "'{a}'.format_map({})", "'{a[b]}'.format_map({'a': {'b': 2}})",
		"'{}'.format_map({})", "'{:>{w}}'.format_map({'w': 3})",
	}
	oracleCheck(t, exprs)
}

// TestFormatValue checks FORMAT_VALUE's conversions (f-strings).
func TestFormatValue(t *testing.T) {
	vm := New(Options{})
	cases := []struct {
		v    Value
		conv int
		spec Value
		want string
	}{
		{NewStr("é"), bc.FormatConvRepr, nil, "'é'"},
		{NewStr("é"), bc.FormatConvASCII, nil, "'\\xe9'"},
		{NewStr("a\U0001F600"), bc.FormatConvASCII, nil, "'a\\U0001f600'"},
		{NewStr("x"), bc.FormatConvRepr, NewStr(">5"), "  'x'"},
		{Float(0.1), bc.FormatConvStr, NewStr(">6"), "   0.1"},
		{Float(0.1), bc.FormatConvNone, NewStr(".3f"), "0.100"},
		{Int(255), bc.FormatConvNone, NewStr("#x"), "0xff"},
		{Bool(true), bc.FormatConvNone, nil, "True"},
		{None, bc.FormatConvNone, nil, "None"},
	}
	for _, c := range cases {
		r, err := vm.formatValue(c.v, c.conv, c.spec)
		if err != nil {
			t.Errorf("%v: %v", c.v, err)
			continue
		}
		if got := r.(*Str).S; got != c.want {
			t.Errorf("formatValue(%v, %d, %v) = %q, want %q", c.v, c.conv, c.spec, got, c.want)
		}
	}
}

// FuzzFormatSpec: no spec string makes format() panic (errors are fine).
func FuzzFormatSpec(f *testing.F) {
	for _, s := range fmtSpecs {
		f.Add(s)
	}
	f.Add("{0:{1}}")
	f.Add("%5.3s %(x)d %*.*f")
	vm := New(Options{MaxAlloc: 1 << 16})
	big, _ := vm.IntFromString(strings.Repeat("7", 50), 10)
	values := []Value{Int(0), Int(-12345), big, Bool(true), Float(-1.5e-7), Float(math.Inf(1)), Float(math.NaN()), NewStr("héllo")}
	f.Fuzz(func(t *testing.T, spec string) {
		for _, v := range values {
			_, _ = vm.Format(v, spec)
		}
		fs := NewStr(spec)
		_, _ = vm.strMod(fs, &Tuple{Items: []Value{Int(1), Float(2.5), NewStr("x")}})
		d := NewDict(0)
		d.SetStr("x", Int(3))
		_, _ = vm.strMod(fs, d)
		_, _ = vm.StrFormat(spec, []Value{Int(1), NewStr("ab"), &List{items: []Value{Int(9)}}}, d)
	})
}
