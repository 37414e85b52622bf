package vm

// fmt_spec.go: Python's format mini-language for int, bool, float and str
// (a port of CPython's Python/formatter_unicode.c and the float layout of
// Python/pystrtod.c):
//
//	[[fill]align][sign][z][#][0][width][grouping][.precision][type]

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fmtSpec is a parsed format specification.
type fmtSpec struct {
	fill      rune
	align     byte // '<', '>', '^', '=' or 0 (default)
	sign      byte // '+', '-', ' ' or 0
	noNegZero bool // 'z'
	alt       bool // '#'
	width     int  // -1: none
	sep       byte // ',', '_' or 0
	precision int  // -1: none
	typ       rune // 0: none
}

func fmtIsAlign(c byte) bool { return c == '<' || c == '>' || c == '^' || c == '=' }

// fmtParseSpec parses spec for a value of type typeName whose default
// alignment is defAlign ('>' for numbers, '<' for str) and default type
// defType.
func (vm *VM) fmtParseSpec(spec string, typeName string, defAlign byte, defType rune) (*fmtSpec, error) {
	f := &fmtSpec{fill: ' ', align: defAlign, width: -1, precision: -1, typ: defType}
	pos := 0
	n := len(spec)
	fillSpecified, alignSpecified := false, false
	// [[fill]align]: the fill may be any character.
	if n > 0 {
		r, size := utf8.DecodeRuneInString(spec)
		if size < n && fmtIsAlign(spec[size]) {
			f.fill, f.align = r, spec[size]
			fillSpecified, alignSpecified = true, true
			pos = size + 1
		} else if fmtIsAlign(spec[0]) {
			f.align = spec[0]
			alignSpecified = true
			pos = 1
		}
	}
	if pos < n && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' ') {
		f.sign = spec[pos]
		pos++
	}
	if pos < n && spec[pos] == 'z' {
		f.noNegZero = true
		pos++
	}
	if pos < n && spec[pos] == '#' {
		f.alt = true
		pos++
	}
	if !fillSpecified && pos < n && spec[pos] == '0' {
		f.fill = '0'
		if !alignSpecified && defAlign == '>' {
			f.align = '='
		}
		pos++
	}
	w, np, err := vm.fmtDigits(spec, pos)
	if err != nil {
		return nil, err
	}
	if np > pos {
		f.width = w
	}
	pos = np
	if pos < n && spec[pos] == ',' {
		f.sep = ','
		pos++
	}
	if pos < n && spec[pos] == '_' {
		if f.sep != 0 {
			return nil, vm.NewError(ValueErrorType, "Cannot specify both ',' and '_'.")
		}
		f.sep = '_'
		pos++
	}
	if pos < n && spec[pos] == ',' {
		if f.sep == '_' {
			return nil, vm.NewError(ValueErrorType, "Cannot specify both ',' and '_'.")
		}
	}
	if pos < n && spec[pos] == '.' {
		pos++
		p, np, err := vm.fmtDigits(spec, pos)
		if err != nil {
			return nil, err
		}
		if np == pos {
			return nil, vm.NewError(ValueErrorType, "Format specifier missing precision")
		}
		f.precision = p
		pos = np
	}
	if pos < n {
		r, size := utf8.DecodeRuneInString(spec[pos:])
		if pos+size < n {
			return nil, vm.NewError(ValueErrorType, "Invalid format specifier '%s' for object of type '%s'", spec, typeName)
		}
		f.typ = r
	}
	if f.sep != 0 {
		switch f.typ {
		case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0:
		case 'b', 'o', 'x', 'X':
			if f.sep != '_' {
				return nil, vm.NewError(ValueErrorType, "Cannot specify ',' with '%c'.", f.typ)
			}
		default:
			return nil, vm.NewError(ValueErrorType, "Cannot specify '%c' with '%s'.", f.sep, fmtCodeString(f.typ))
		}
	}
	return f, nil
}

// fmtCodeString renders a format type character for messages.
func fmtCodeString(r rune) string {
	if r > 32 && r < 128 {
		return string(r)
	}
	return "\\x" + strconv.FormatInt(int64(r), 16)
}

// fmtDigits reads a decimal number at pos (Unicode decimal digits count,
// as in CPython); np == pos when there is none.
func (vm *VM) fmtDigits(s string, pos int) (int, int, error) {
	v := 0
	for pos < len(s) {
		r, size := utf8.DecodeRuneInString(s[pos:])
		d := numDigitValue(r)
		if d < 0 {
			break
		}
		if v > (math.MaxInt64-d)/10 {
			return 0, 0, vm.NewError(ValueErrorType, "Too many decimal digits in format string")
		}
		v = v*10 + d
		pos += size
	}
	return v, pos, nil
}

func (vm *VM) fmtUnknownCode(typ rune, typeName string) error {
	return vm.NewError(ValueErrorType, "Unknown format code '%s' for object of type '%s'", fmtCodeString(typ), typeName)
}

// fmtPad pads s (of n code points) to the spec's width.
func fmtPad(s string, n int, f *fmtSpec) string {
	if f.width <= n {
		return s
	}
	pad := f.width - n
	var left int
	switch f.align {
	case '>', '=':
		left = pad
	case '^':
		left = pad / 2
	}
	fill := string(f.fill)
	var b strings.Builder
	b.Grow(len(s) + pad*len(fill))
	for i := 0; i < left; i++ {
		b.WriteString(fill)
	}
	b.WriteString(s)
	for i := left; i < pad; i++ {
		b.WriteString(fill)
	}
	return b.String()
}

// formatStrSpec is format(str, spec).
func (vm *VM) formatStrSpec(s *Str, spec string) (string, error) {
	if spec == "" {
		return s.S, nil
	}
	f, err := vm.fmtParseSpec(spec, "str", '<', 's')
	if err != nil {
		return "", err
	}
	if f.typ != 's' {
		return "", vm.fmtUnknownCode(f.typ, "str")
	}
	if f.sign == ' ' {
		return "", vm.NewError(ValueErrorType, "Space not allowed in string format specifier")
	}
	if f.sign != 0 {
		return "", vm.NewError(ValueErrorType, "Sign not allowed in string format specifier")
	}
	if f.noNegZero {
		return "", vm.NewError(ValueErrorType, "Negative zero coercion (z) not allowed in string format specifier")
	}
	if f.alt {
		return "", vm.NewError(ValueErrorType, "Alternate form (#) not allowed in string format specifier")
	}
	if f.align == '=' {
		return "", vm.NewError(ValueErrorType, "'=' alignment not allowed in string format specifier")
	}
	text := s.S
	n := s.Len()
	if f.precision >= 0 && n > f.precision {
		text = strPrefixRunes(s, f.precision)
		n = f.precision
	}
	if err := vm.fmtCheckWidth(f); err != nil {
		return "", err
	}
	return fmtPad(text, n, f), nil
}

// fmtCheckWidth applies the allocation cap to the requested width.
func (vm *VM) fmtCheckWidth(f *fmtSpec) error {
	if int64(f.width) > vm.maxAlloc || int64(f.precision) > vm.maxAlloc {
		return vm.numMemoryError()
	}
	return nil
}

// strPrefixRunes is the first n code points of s.
func strPrefixRunes(s *Str, n int) string {
	if s.IsASCII() {
		return s.S[:n]
	}
	return strRunePrefix(s.S, n)
}

// strRunePrefix is the first n code points of s (all of s if it has fewer).
func strRunePrefix(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// fmtGroup inserts sep every size digits from the right, padding with
// zeros up to minWidth characters (CPython's InsertThousandsGrouping).
func fmtGroup(digits string, sep byte, size int, minWidth int) string {
	if sep == 0 {
		if len(digits) >= minWidth {
			return digits
		}
		return strings.Repeat("0", minWidth-len(digits)) + digits
	}
	var parts []string
	remaining := len(digits)
	useSep := false
	for {
		l := size
		l = min(l, max(remaining, minWidth, 1))
		nZeros := max(0, l-remaining)
		nChars := max(0, min(remaining, l))
		if useSep {
			parts = append(parts, string(sep))
		}
		parts = append(parts, digits[remaining-nChars:remaining])
		if nZeros > 0 {
			parts = append(parts, strings.Repeat("0", nZeros))
		}
		useSep = true
		remaining -= nChars
		minWidth -= l
		if remaining <= 0 && minWidth <= 0 {
			break
		}
		minWidth--
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}

// fmtNumber lays out a number: sign, prefix ("0x"), the integer digits
// (grouped), and the rest (fraction, exponent, '%'), padded to the width
// (CPython's calc_number_widths and fill_number).
func fmtNumber(f *fmtSpec, neg bool, prefix, digits, rest string, groupSize int) string {
	sign := ""
	switch {
	case neg:
		sign = "-"
	case f.sign == '+':
		sign = "+"
	case f.sign == ' ':
		sign = " "
	}
	minWidth := 0
	if f.fill == '0' && f.align == '=' {
		minWidth = f.width - len(sign) - len(prefix) - utf8.RuneCountInString(rest)
	}
	grouped := ""
	if digits != "" {
		grouped = fmtGroup(digits, f.sep, groupSize, minWidth)
	}
	n := len(sign) + len(prefix) + len(grouped) + utf8.RuneCountInString(rest)
	if f.width <= n {
		return sign + prefix + grouped + rest
	}
	if f.align == '=' {
		pad := strings.Repeat(string(f.fill), f.width-n)
		return sign + prefix + pad + grouped + rest
	}
	return fmtPad(sign+prefix+grouped+rest, n, f)
}

// formatIntSpec is format(int, spec) for Int, Bool and *BigInt.
func (vm *VM) formatIntSpec(v Value, spec string) (string, error) {
	f, err := vm.fmtParseSpec(spec, TypeOf(v).Name, '>', 'd')
	if err != nil {
		return "", err
	}
	if err := vm.fmtCheckWidth(f); err != nil {
		return "", err
	}
	switch f.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		x, err := vm.numIntToFloat(v)
		if err != nil {
			return "", err
		}
		return vm.formatFloatParsed(x, f)
	case 'b', 'c', 'd', 'n', 'o', 'x', 'X':
	default:
		return "", vm.fmtUnknownCode(f.typ, TypeOf(v).Name)
	}
	if f.precision >= 0 {
		return "", vm.NewError(ValueErrorType, "Precision not allowed in integer format specifier")
	}
	if f.noNegZero {
		return "", vm.NewError(ValueErrorType, "Negative zero coercion (z) not allowed in integer format specifier")
	}
	if f.typ == 'c' {
		if f.sign != 0 {
			return "", vm.NewError(ValueErrorType, "Sign not allowed with integer format specifier 'c'")
		}
		if f.alt {
			return "", vm.NewError(ValueErrorType, "Alternate form (#) not allowed with integer format specifier 'c'")
		}
		n, ok := numSmall(v)
		if !ok {
			return "", vm.NewError(OverflowErrorType, "Python int too large to convert to C long")
		}
		if n < 0 || n > utf8.MaxRune {
			return "", vm.NewError(OverflowErrorType, "%s", "%c arg not in range(0x110000)")
		}
		c := string(rune(n))
		return fmtPad(c, 1, f), nil
	}
	base, prefix, groupSize := 10, "", 3
	switch f.typ {
	case 'b':
		base, prefix, groupSize = 2, "0b", 4
	case 'o':
		base, prefix, groupSize = 8, "0o", 4
	case 'x':
		base, prefix, groupSize = 16, "0x", 4
	case 'X':
		base, prefix, groupSize = 16, "0X", 4
	}
	if !f.alt {
		prefix = ""
	}
	var digits string
	neg := numSign(v) < 0
	if base == 10 {
		s, err := vm.IntString(numAbs(v))
		if err != nil {
			return "", err
		}
		digits = s
	} else {
		digits = numIntText(numAbs(v), base, "")
		if f.typ == 'X' {
			digits = strings.ToUpper(digits)
		}
	}
	if f.typ == 'n' {
		f.sep = 0
	}
	return fmtNumber(f, neg, prefix, digits, "", groupSize), nil
}

// formatFloatSpec is format(float, spec).
func (vm *VM) formatFloatSpec(x float64, spec string) (string, error) {
	if spec == "" {
		return floatRepr(x), nil
	}
	f, err := vm.fmtParseSpec(spec, "float", '>', 0)
	if err != nil {
		return "", err
	}
	if err := vm.fmtCheckWidth(f); err != nil {
		return "", err
	}
	switch f.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n', 0:
	default:
		return "", vm.fmtUnknownCode(f.typ, "float")
	}
	return vm.formatFloatParsed(x, f)
}

// Float formatting flags (Py_DTSF_*).
const (
	dtsfAddDot0 = 1 << iota
	dtsfAlt
	dtsfNoNegZero
)

// formatFloatParsed formats x with a parsed spec whose type is a float
// type (CPython's format_float_internal).
func (vm *VM) formatFloatParsed(x float64, f *fmtSpec) (string, error) {
	typ := f.typ
	precision := f.precision
	flags := 0
	if f.alt {
		flags |= dtsfAlt
	}
	if f.noNegZero {
		flags |= dtsfNoNegZero
	}
	defPrecision := 6
	if typ == 0 {
		flags |= dtsfAddDot0
		typ = 'r'
		defPrecision = 0
	}
	if typ == 'n' {
		typ = 'g'
	}
	pct := false
	if typ == '%' {
		typ = 'f'
		x *= 100
		pct = true
	}
	if precision < 0 {
		precision = defPrecision
	} else if typ == 'r' {
		typ = 'g'
	}
	s := floatToString(x, byte(typ), precision, flags)
	if pct {
		s += "%"
	}
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if f.typ == 'n' {
		f.sep = 0
	}
	return fmtNumber(f, neg, "", s[:i], s[i:], 3), nil
}

// floatToString is CPython's PyOS_double_to_string for the codes e E f F
// g G r with the dtsf flags.
func floatToString(x float64, code byte, precision int, flags int) string {
	upper := false
	switch code {
	case 'E', 'F', 'G':
		upper = true
		code += 'a' - 'A'
	}
	var s string
	if math.IsNaN(x) || math.IsInf(x, 0) {
		switch {
		case math.IsNaN(x):
			s = "nan"
		case x > 0:
			s = "inf"
		default:
			s = "-inf"
		}
	} else {
		s = floatFormatShort(x, code, precision, flags)
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// floatDigits returns dtoa-style digits of |x| (finite) without trailing
// zeros and decpt (x = 0.d1d2... * 10**decpt): mode 0 shortest, mode 2
// with n significant digits, mode 3 with n digits after the point. A
// value that rounds to zero gives "" (mode 3) or "0".
func floatDigits(x float64, mode int, n int) (string, int) {
	x = math.Abs(x)
	if x == 0 {
		return "0", 1
	}
	var digits string
	var decpt int
	switch mode {
	case 0, 2:
		prec := -1
		if mode == 2 {
			prec = n - 1
		}
		s := strconv.FormatFloat(x, 'e', prec, 64)
		e := strings.IndexByte(s, 'e')
		exp, _ := strconv.Atoi(s[e+1:])
		digits = strings.Replace(s[:e], ".", "", 1)
		decpt = exp + 1
	default:
		s := strconv.FormatFloat(x, 'f', n, 64)
		dot := strings.IndexByte(s, '.')
		if dot < 0 {
			dot = len(s)
		}
		digits = s[:dot]
		if dot < len(s) {
			digits += s[dot+1:]
		}
		decpt = dot
		lead := 0
		for lead < len(digits) && digits[lead] == '0' {
			lead++
		}
		digits = digits[lead:]
		decpt -= lead
		if digits == "" {
			return "", -n
		}
	}
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return "0", 1
	}
	return digits, decpt
}

// floatFormatShort is CPython's format_float_short for finite x.
func floatFormatShort(x float64, code byte, precision int, flags int) string {
	if code == 'f' && flags == 0 {
		// Fixed point without flags: strconv's correctly rounded digits
		// are dtoa's mode 3, laid out as CPython lays them out (the
		// sign of a negative zero kept), in one allocation.
		return strconv.FormatFloat(x, 'f', precision, 64)
	}
	return floatFormatLaidOut(x, code, precision, flags)
}

// floatFormatLaidOut is format_float_short's general case: dtoa's digits
// laid out by hand.
func floatFormatLaidOut(x float64, code byte, precision int, flags int) string {
	mode := 0
	switch code {
	case 'e':
		mode = 2
		precision++
	case 'f':
		mode = 3
	case 'g':
		mode = 2
		if precision == 0 {
			precision = 1
		}
	case 'r':
		mode = 0
	}
	addDot0 := flags&dtsfAddDot0 != 0
	alt := flags&dtsfAlt != 0
	digits, decpt := floatDigits(x, mode, precision)
	neg := math.Signbit(x)
	if flags&dtsfNoNegZero != 0 && neg && (digits == "" || digits == "0") {
		neg = false
	}
	digitsLen := len(digits)
	vdigitsEnd := digitsLen
	useExp := false
	exp := 0
	switch code {
	case 'e':
		useExp = true
		vdigitsEnd = precision
	case 'f':
		vdigitsEnd = decpt + precision
	case 'g':
		limit := precision
		if addDot0 {
			limit = precision - 1
		}
		if decpt <= -4 || decpt > limit {
			useExp = true
		}
		if alt {
			vdigitsEnd = precision
		}
	case 'r':
		if decpt <= -4 || decpt > 16 {
			useExp = true
		}
	}
	if useExp {
		exp = decpt - 1
		decpt = 1
	}
	vdigitsStart := 0
	if decpt <= 0 {
		vdigitsStart = decpt - 1
	}
	if !useExp && addDot0 {
		vdigitsEnd = max(vdigitsEnd, decpt+1)
	} else {
		vdigitsEnd = max(vdigitsEnd, decpt)
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	zeros := func(n int) {
		for i := 0; i < n; i++ {
			b.WriteByte('0')
		}
	}
	if decpt <= 0 {
		zeros(decpt - vdigitsStart)
		b.WriteByte('.')
		zeros(-decpt)
	} else {
		zeros(-vdigitsStart)
	}
	if 0 < decpt && decpt <= digitsLen {
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	} else {
		b.WriteString(digits)
	}
	if digitsLen < decpt {
		zeros(decpt - digitsLen)
		b.WriteByte('.')
		zeros(vdigitsEnd - decpt)
	} else {
		zeros(vdigitsEnd - digitsLen)
	}
	out := b.String()
	if strings.HasSuffix(out, ".") && !alt {
		out = out[:len(out)-1]
	}
	if useExp {
		e := strconv.Itoa(fmtAbsInt(exp))
		if len(e) < 2 {
			e = "0" + e
		}
		if exp < 0 {
			out += "e-" + e
		} else {
			out += "e+" + e
		}
	}
	return out
}

func fmtAbsInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
