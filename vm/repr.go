package vm

// repr.go: repr() and str() of the builtin scalars: Python's shortest
// round-trip float repr ('0.1', '1e-05', '1e+16', '2.0'), ints with
// CPython 3.11's 4300-digit conversion limit, and str repr with Python's
// quote choice and escapes.

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fastRepr renders builtin values without calling Weft code; ok is false
// for values that need the generic path (including ints too long to
// convert, whose __repr__ raises the ValueError).
func (vm *VM) fastRepr(v Value) (string, bool) {
	switch x := v.(type) {
	case Int:
		return strconv.FormatInt(int64(x), 10), true
	case Bool:
		if x {
			return "True", true
		}
		return "False", true
	case NoneType:
		return "None", true
	case Float:
		return floatRepr(float64(x)), true
	case *Str:
		return strRepr(x.S), true
	case *BigInt:
		s, err := vm.bigIntString(x)
		return s, err == nil
	case EllipsisType:
		return "Ellipsis", true
	case NotImplementedType:
		return "NotImplemented", true
	}
	return "", false
}

// bigIntString is str(x) for a big int, raising ValueError past CPython's
// 4300-digit limit.
func (vm *VM) bigIntString(x *BigInt) (string, error) {
	est := float64(x.V.BitLen()) * log10of2
	if est > maxStrDigits+1 {
		return "", vm.intDigitsError()
	}
	s := x.V.String()
	n := len(s)
	if s[0] == '-' {
		n--
	}
	if n > maxStrDigits {
		return "", vm.intDigitsError()
	}
	return s, nil
}

func (vm *VM) intDigitsError() error {
	return vm.NewError(ValueErrorType, "Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", maxStrDigits)
}

// IntString is str() of an integer value (Int, Bool as a number, *BigInt).
func (vm *VM) IntString(v Value) (string, error) {
	if n, ok := numSmall(v); ok {
		return strconv.FormatInt(n, 10), nil
	}
	return vm.bigIntString(v.(*BigInt))
}

// floatRepr is repr(float): the shortest digits that round-trip, in
// fixed notation when the decimal exponent is in [-4, 16), else in
// exponent notation with at least two exponent digits.
func floatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	digits, exp, neg := floatShortest(f)
	return floatFormatDigits(digits, exp, neg, 16, true)
}

// floatShortest returns the shortest round-trip decimal digits of a finite
// f and the decimal exponent of the first digit (f = 0.d1d2... * 10**(exp+1)).
func floatShortest(f float64) (digits string, exp int, neg bool) {
	s := strconv.FormatFloat(f, 'e', -1, 64)
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	e := strings.IndexByte(s, 'e')
	mant := s[:e]
	exp, _ = strconv.Atoi(s[e+1:])
	digits = strings.Replace(mant, ".", "", 1)
	return digits, exp, neg
}

// floatFormatDigits lays out digits d1d2... with the first digit at
// decimal exponent exp the way CPython's format_float_short does for the
// 'r' and 'g' modes: exponent notation when exp < -4 or exp >= threshold,
// else fixed; addDot0 appends ".0" to integral fixed results.
func floatFormatDigits(digits string, exp int, neg bool, threshold int, addDot0 bool) string {
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if exp < -4 || exp >= threshold {
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if exp < 0 {
			b.WriteByte('-')
			exp = -exp
		} else {
			b.WriteByte('+')
		}
		if exp < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(exp))
		return b.String()
	}
	if exp < 0 {
		b.WriteString("0.")
		for i := 0; i < -exp-1; i++ {
			b.WriteByte('0')
		}
		b.WriteString(digits)
		return b.String()
	}
	if len(digits) <= exp+1 {
		b.WriteString(digits)
		for i := len(digits); i < exp+1; i++ {
			b.WriteByte('0')
		}
		if addDot0 {
			b.WriteString(".0")
		}
		return b.String()
	}
	b.WriteString(digits[:exp+1])
	b.WriteByte('.')
	b.WriteString(digits[exp+1:])
	return b.String()
}

// strRepr is repr(str).
func strRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	strReprBody(&b, s, quote, false)
	b.WriteByte(quote)
	return b.String()
}

// strReprBody writes the escaped characters of s; asciiOnly escapes every
// non-ASCII character too (ascii()).
func strReprBody(b *strings.Builder, s string, quote byte, asciiOnly bool) {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '\\' && c != quote {
			i++
			continue
		}
		b.WriteString(s[start:i])
		if c < 0x80 {
			switch c {
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			case quote:
				b.WriteByte('\\')
				b.WriteByte(c)
			default:
				b.WriteString(`\x`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Not UTF-8 (cannot come from Weft source): show the byte.
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else if !asciiOnly && strIsPrintable(r) {
			b.WriteString(s[i : i+size])
		} else {
			switch {
			case r < 0x100:
				b.WriteString(`\x`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&15])
			case r < 0x10000:
				b.WriteString(`\u`)
				for sh := 12; sh >= 0; sh -= 4 {
					b.WriteByte(hex[(r>>sh)&15])
				}
			default:
				b.WriteString(`\U`)
				for sh := 28; sh >= 0; sh -= 4 {
					b.WriteByte(hex[(r>>sh)&15])
				}
			}
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
}

// ASCIIRepr is ascii(v): repr with every non-ASCII character escaped.
func (vm *VM) ASCIIRepr(v Value) (string, error) {
	r, err := vm.Repr(v)
	if err != nil {
		return "", err
	}
	return asciiEscape(r), nil
}

// asciiEscape escapes the non-ASCII characters of an already built repr
// as \xNN, \uNNNN or \UNNNNNNNN.
func asciiEscape(s string) string {
	const hex = "0123456789abcdef"
	i := 0
	for i < len(s) && s[i] < 0x80 {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r < 0x80:
			b.WriteByte(byte(r))
		case r < 0x100:
			b.WriteString(`\x`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&15])
		case r < 0x10000:
			b.WriteString(`\u`)
			for sh := 12; sh >= 0; sh -= 4 {
				b.WriteByte(hex[(r>>sh)&15])
			}
		default:
			b.WriteString(`\U`)
			for sh := 28; sh >= 0; sh -= 4 {
				b.WriteByte(hex[(r>>sh)&15])
			}
		}
	}
	return b.String()
}

// defaultRepr renders values without a __repr__ of their own (normally
// unreachable: object.__repr__ is registered): the containers' reprs, else
// object.__repr__'s form.
func (vm *VM) defaultRepr(v Value) (string, error) {
	if s, ok, err := vm.containerRepr(v); ok || err != nil {
		return s, err
	}
	return vm.objectReprOf(v)
}

// identityHash is the default hash of objects without __hash__: stable for
// the object's lifetime.
func identityHash(v Value) int64 {
	return int64(idOf(v) >> 4)
}
