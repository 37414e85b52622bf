package vm

// num_parse.go: int(str, base) and float(str) with CPython's syntax:
// surrounding Unicode whitespace, a sign, base prefixes (0x 0o 0b; base 0
// infers the base and rejects "010"), single underscores between digits,
// non-ASCII decimal digits ('٣' is 3), "inf"/"nan" for floats, and
// CPython's error messages quoting the original string.

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxStrDigits is CPython's default sys.get_int_max_str_digits().
const maxStrDigits = 4300

// numDigitValue returns the value of a Unicode decimal digit (category
// Nd), or -1. Nd digits come in runs of ten starting at zero.
func numDigitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return -1
	}
	n := 0
	for c := r - 1; unicode.IsDigit(c) && n < 100; c-- {
		n++
	}
	return n % 10
}

// numASCIIfy strips surrounding whitespace and maps non-ASCII decimal
// digits to ASCII, as _PyUnicode_TransformDecimalAndSpaceToASCII does.
// Other non-ASCII characters become '?', which no parser accepts.
func numASCIIfy(s string) string {
	s = strings.TrimFunc(s, strIsSpace)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case strIsSpace(r):
			b.WriteByte(' ')
		default:
			if d := numDigitValue(r); d >= 0 {
				b.WriteByte(byte('0' + d))
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

// numTruncRepr is CPython's "%.200R": the repr cut to 200 characters.
func (vm *VM) numTruncRepr(s string) string {
	r := strRepr(s)
	if utf8.RuneCountInString(r) > 200 {
		rs := []rune(r)
		r = string(rs[:200])
	}
	return r
}

// numCutSign splits an optional leading sign off t.
func numCutSign(t string) (neg bool, rest string) {
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		return t[0] == '-', t[1:]
	}
	return false, t
}

// numSignedShortDecimal is numShortDecimal after an optional sign.
func numSignedShortDecimal(t string) (int64, bool) {
	neg, t := numCutSign(t)
	n, ok := numShortDecimal(t)
	if neg {
		n = -n
	}
	return n, ok
}

// numShortDecimal is the value of t when it is 1 to 18 ASCII decimal
// digits (int("123"): no underscores, prefixes or big numbers to check).
func numShortDecimal(t string) (int64, bool) {
	if len(t) == 0 || len(t) > 18 {
		return 0, false
	}
	n := int64(0)
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// IntFromString is int(s, base) for a string s (base 0 or 2..36).
func (vm *VM) IntFromString(s string, base int) (Value, error) {
	bad := func() error {
		return vm.NewError(ValueErrorType, "invalid literal for int() with base %d: %s", base, vm.numTruncRepr(s))
	}
	if base == 10 {
		// The commonest text, digits alone: without the trimming and
		// the ASCII pass (strIsSpace called at both ends).
		if n, ok := numSignedShortDecimal(s); ok {
			return Int(n), nil
		}
	}
	t := numASCIIfy(s)
	if n, ok := numSignedShortDecimal(t); ok && base == 10 {
		return Int(n), nil
	}
	neg, t := numCutSign(t)
	b := base
	prefixed := false
	if len(t) >= 2 && t[0] == '0' {
		switch t[1] {
		case 'x', 'X':
			if b == 0 || b == 16 {
				b, prefixed = 16, true
			}
		case 'o', 'O':
			if b == 0 || b == 8 {
				b, prefixed = 8, true
			}
		case 'b', 'B':
			if b == 0 || b == 2 {
				b, prefixed = 2, true
			}
		}
	}
	if prefixed {
		t = t[2:]
		if len(t) > 0 && t[0] == '_' {
			t = t[1:]
		}
	}
	zeroOnly := false
	if b == 0 {
		b = 10
		if len(t) > 0 && t[0] == '0' {
			zeroOnly = true
		}
	}
	if len(t) == 0 {
		return nil, bad()
	}
	// Validate digits and underscores; collect the digits.
	digits := make([]byte, 0, len(t))
	prevUnderscore := true // no leading underscore
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '_' {
			if prevUnderscore {
				return nil, bad()
			}
			prevUnderscore = true
			continue
		}
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			return nil, bad()
		}
		if d >= b || (zeroOnly && d != 0) {
			return nil, bad()
		}
		digits = append(digits, c)
		prevUnderscore = false
	}
	if prevUnderscore {
		return nil, bad()
	}
	if b&(b-1) != 0 && len(digits) > maxStrDigits {
		return nil, vm.NewError(ValueErrorType, "Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", maxStrDigits, len(digits))
	}
	if err := vm.numCheckBits(float64(len(digits)) * math.Log2(float64(b)) * 0.999); err != nil {
		return nil, err
	}
	ds := string(digits)
	if len(ds) <= 12 {
		n, err := strconv.ParseInt(ds, b, 64)
		if err == nil {
			if neg {
				n = -n
			}
			return Int(n), nil
		}
	}
	r := &BigInt{}
	if _, ok := r.V.SetString(ds, b); !ok {
		return nil, bad()
	}
	if neg {
		r.V.Neg(&r.V)
	}
	return numNorm(r), nil
}

// FloatFromString is float(s) for a string s.
func (vm *VM) FloatFromString(s string) (float64, error) {
	f, ok := numParseFloat(numASCIIfy(s))
	if !ok {
		return 0, vm.NewError(ValueErrorType, "could not convert string to float: %s", strRepr(s))
	}
	return f, nil
}

// numParseFloat parses Python's float() syntax (already ASCII and
// stripped).
func numParseFloat(t string) (float64, bool) {
	body := t
	neg := false
	if len(body) > 0 && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	switch strings.ToLower(body) {
	case "inf", "infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case "nan":
		return math.NaN(), true
	}
	// digits [. digits] [e [sign] digits] with single underscores between
	// digits only.
	var clean strings.Builder
	i := 0
	scanDigits := func() int {
		n := 0
		for i < len(body) {
			c := body[i]
			if c >= '0' && c <= '9' {
				clean.WriteByte(c)
				n++
				i++
				continue
			}
			if c == '_' && n > 0 && i+1 < len(body) && body[i+1] >= '0' && body[i+1] <= '9' {
				i++
				continue
			}
			break
		}
		return n
	}
	intDigits := scanDigits()
	fracDigits := 0
	if i < len(body) && body[i] == '.' {
		clean.WriteByte('.')
		i++
		fracDigits = scanDigits()
	}
	if intDigits == 0 && fracDigits == 0 {
		return 0, false
	}
	if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
		clean.WriteByte('e')
		i++
		if i < len(body) && (body[i] == '+' || body[i] == '-') {
			clean.WriteByte(body[i])
			i++
		}
		if scanDigits() == 0 {
			return 0, false
		}
	}
	if i != len(body) {
		return 0, false
	}
	f, err := strconv.ParseFloat(clean.String(), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	if neg {
		f = -f
	}
	return f, true
}

// numBigFromFloat truncates a finite float to an integer value.
func numBigFromFloat(f float64) Value {
	t := math.Trunc(f)
	if t >= -9.2e18 && t <= 9.2e18 {
		return Int(int64(t))
	}
	bf := new(big.Float).SetFloat64(t)
	r := &BigInt{}
	bf.Int(&r.V)
	return numNorm(r)
}

// numFloatToInt is int(f) with CPython's errors for inf and nan.
func (vm *VM) numFloatToInt(f float64) (Value, error) {
	if math.IsInf(f, 0) {
		return nil, vm.NewError(OverflowErrorType, "cannot convert float infinity to integer")
	}
	if math.IsNaN(f) {
		return nil, vm.NewError(ValueErrorType, "cannot convert float NaN to integer")
	}
	return numBigFromFloat(f), nil
}
