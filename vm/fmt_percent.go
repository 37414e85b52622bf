package vm

// fmt_percent.go: printf-style formatting, str % args (a port of CPython's
// PyUnicode_Format with its quirks: a single non-tuple argument, mappings
// for %(name)s, "not all arguments converted", '*' widths).

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Conversion flags.
const (
	pctLJust = 1 << iota
	pctSign
	pctBlank
	pctAlt
	pctZero
)

type pctArg struct {
	ch    rune
	flags int
	width int
	prec  int
	sign  bool
}

type pctState struct {
	// fmt is read as UTF-8 from byte offset pos: the syntax is ASCII, so
	// bytes compare as runes, and no []rune copy is made per %.
	fmt    string
	pos    int
	args   Value
	arglen int
	argidx int
	dict   Value
}

// pctIsMapping is PyMapping_Check for the right operand of %.
func pctIsMapping(v Value) bool {
	switch v.(type) {
	case *Dict, *List, *Range, *BigRange:
		return true
	case *Instance:
		return lookupSpecial(v, "__getitem__") != nil
	}
	return false
}

func (vm *VM) pctNextArg(st *pctState) (Value, error) {
	if st.argidx < st.arglen {
		i := st.argidx
		st.argidx++
		if st.arglen < 0 {
			return st.args, nil
		}
		return st.args.(*Tuple).Items[i], nil
	}
	return nil, vm.NewError(TypeErrorType, "not enough arguments for format string")
}

// strMod is format % args.
func (vm *VM) strMod(format *Str, args Value) (Value, error) {
	out := make([]byte, 0, len(format.S)+16)
	if t, ok := asTuple(args); ok {
		args = t // a tuple subclass (a namedtuple) gives its items, as CPython
	}
	st := &pctState{fmt: format.S, args: args}
	if t, ok := args.(*Tuple); ok {
		st.arglen = len(t.Items)
		st.argidx = 0
	} else {
		st.arglen = -1
		st.argidx = -2
		// A str (a subclass too) is no mapping here, as in CPython.
		if _, isStr := numUnwrap(args).(*Str); !isStr && pctIsMapping(args) {
			st.dict = args
		}
	}
	f := st.fmt
	for st.pos < len(f) {
		if f[st.pos] != '%' {
			start := st.pos
			for st.pos < len(f) && f[st.pos] != '%' {
				st.pos++
			}
			out = append(out, f[start:st.pos]...)
			continue
		}
		st.pos++
		var err error
		if out, err = vm.pctOne(st, out); err != nil {
			return nil, err
		}
		if int64(len(out)) > vm.maxAlloc {
			return nil, vm.numMemoryError()
		}
	}
	if st.argidx < st.arglen && st.dict == nil {
		return nil, vm.NewError(TypeErrorType, "not all arguments converted during string formatting")
	}
	// out is not written again: a long result's Str takes its bytes, as
	// strings.Builder.String does; a short one is copied into one
	// allocation without pointers (newStrCopy), which a kept result (a
	// list of formatted lines) costs the collector nothing.
	return newStrCopy(unsafe.String(unsafe.SliceData(out), len(out))), nil
}

// pctOne appends the conversion after a '%' to out.
func (vm *VM) pctOne(st *pctState, out []byte) ([]byte, error) {
	f := st.fmt
	if st.pos >= len(f) {
		return out, vm.NewError(ValueErrorType, "incomplete format")
	}
	if f[st.pos] == '%' {
		st.pos++
		return append(out, '%'), nil
	}
	arg := &pctArg{width: -1, prec: -1}
	if err := vm.pctParse(st, arg); err != nil {
		return out, err
	}
	v, err := vm.pctNextArg(st)
	if err != nil {
		return out, err
	}
	if i, ok := v.(Int); ok && pctPlainInt(arg) {
		out = strconv.AppendInt(out, int64(i), 10) // %d: no string
	} else {
		s, err := vm.pctFormat(st, arg, v)
		if err != nil {
			return out, err
		}
		out = pctOutput(out, arg, s)
	}
	if st.dict != nil && st.argidx < st.arglen {
		return out, vm.NewError(TypeErrorType, "not all arguments converted during string formatting")
	}
	return out, nil
}

// pctParse reads the mapping key, flags, width, precision and length
// modifier; arg.ch ends as the conversion character.
func (vm *VM) pctParse(st *pctState, arg *pctArg) error {
	f := st.fmt
	next := func() bool {
		if st.pos < len(f) {
			r, size := utf8.DecodeRuneInString(f[st.pos:])
			arg.ch = r
			st.pos += size
			return true
		}
		return false
	}
	incomplete := func() error { return vm.NewError(ValueErrorType, "incomplete format") }
	if f[st.pos] == '(' {
		if st.dict == nil {
			return vm.NewError(TypeErrorType, "format requires a mapping")
		}
		st.pos++
		start := st.pos
		depth := 1
		for depth > 0 && st.pos < len(f) {
			switch f[st.pos] {
			case ')':
				depth--
			case '(':
				depth++
			}
			st.pos++
		}
		if depth > 0 {
			return vm.NewError(ValueErrorType, "incomplete format key")
		}
		key := NewStr(f[start : st.pos-1])
		v, err := vm.GetItem(st.dict, key)
		if err != nil {
			return err
		}
		st.args = v
		st.arglen = -1
		st.argidx = -2
	}
	if !next() {
		return incomplete()
	}
flags:
	for {
		switch arg.ch {
		case '-':
			arg.flags |= pctLJust
		case '+':
			arg.flags |= pctSign
		case ' ':
			arg.flags |= pctBlank
		case '#':
			arg.flags |= pctAlt
		case '0':
			arg.flags |= pctZero
		default:
			break flags
		}
		if !next() {
			return incomplete()
		}
	}
	readStar := func() (int64, error) {
		v, err := vm.pctNextArg(st)
		if err != nil {
			return 0, err
		}
		if !numIsInt(v) {
			return 0, vm.NewError(TypeErrorType, "* wants int")
		}
		return vm.IndexOf(v)
	}
	readNum := func(what string) (int, error) {
		n := int(arg.ch - '0')
		for next() {
			if arg.ch < '0' || arg.ch > '9' {
				return n, nil
			}
			if n > (1<<31-1-int(arg.ch-'0'))/10 {
				return 0, vm.NewError(ValueErrorType, "%s too big", what)
			}
			n = n*10 + int(arg.ch-'0')
		}
		arg.ch = 0
		return n, nil
	}
	if arg.ch == '*' {
		w, err := readStar()
		if err != nil {
			return err
		}
		if w < 0 {
			arg.flags |= pctLJust
			w = -w
		}
		arg.width = int(w)
		if !next() {
			return incomplete()
		}
	} else if arg.ch >= '0' && arg.ch <= '9' {
		w, err := readNum("width")
		if err != nil {
			return err
		}
		arg.width = w
		if arg.ch == 0 {
			return incomplete()
		}
	}
	if arg.ch == '.' {
		arg.prec = 0
		if !next() {
			return incomplete()
		}
		if arg.ch == '*' {
			p, err := readStar()
			if err != nil {
				return err
			}
			if p < 0 {
				p = 0
			}
			arg.prec = int(p)
			if !next() {
				return incomplete()
			}
		} else if arg.ch >= '0' && arg.ch <= '9' {
			p, err := readNum("precision")
			if err != nil {
				return err
			}
			arg.prec = p
			if arg.ch == 0 {
				return incomplete()
			}
		}
	}
	if arg.ch == 'h' || arg.ch == 'l' || arg.ch == 'L' {
		if !next() {
			return incomplete()
		}
	}
	if int64(arg.width) > vm.maxAlloc || int64(arg.prec) > vm.maxAlloc {
		return vm.numMemoryError()
	}
	return nil
}

// pctFormat converts the next argument for arg.ch.
// pctPlainInt reports whether arg is a %d (or %i, %u) with no flags,
// width or precision, which an int's decimal digits satisfy as they are.
func pctPlainInt(arg *pctArg) bool {
	return (arg.ch == 'd' || arg.ch == 'i' || arg.ch == 'u') && arg.flags == 0 && arg.width == -1 && arg.prec == -1
}

func (vm *VM) pctFormat(st *pctState, arg *pctArg, v Value) (string, error) {
	switch arg.ch {
	case 's':
		if s, ok := v.(*Str); ok {
			return s.S, nil
		}
		return vm.StrOf(v)
	case 'r':
		return vm.Repr(v)
	case 'a':
		return vm.ASCIIRepr(v)
	case 'i', 'd', 'u', 'o', 'x', 'X':
		arg.sign = true
		return vm.pctInt(v, arg)
	case 'e', 'E', 'f', 'F', 'g', 'G':
		arg.sign = true
		x, err := vm.FloatArg(v)
		if err != nil {
			return "", err
		}
		prec := arg.prec
		if prec < 0 {
			prec = 6
		}
		flags := 0
		if arg.flags&pctAlt != 0 {
			flags |= dtsfAlt
		}
		return floatToString(x, byte(arg.ch), prec, flags), nil
	case 'c':
		switch c := v.(type) {
		case *Str:
			if c.Len() == 1 {
				return c.S, nil
			}
		case Int, Bool, *BigInt:
			n, ok := numSmall(c)
			if !ok || n < 0 || n > utf8.MaxRune {
				return "", vm.NewError(OverflowErrorType, "%s", "%c arg not in range(0x110000)")
			}
			return string(rune(n)), nil
		case *Instance:
			if n, err := vm.IndexValue(c); err == nil { // __index__, as CPython
				return vm.pctFormat(st, arg, n)
			}
		}
		return "", vm.NewError(TypeErrorType, "%s", "%c requires int or char")
	}
	c := '?'
	if arg.ch >= 31 && arg.ch <= 126 {
		c = arg.ch
	}
	index := utf8.RuneCountInString(st.fmt[:st.pos]) - 1 // in code points
	return "", vm.NewError(ValueErrorType, "unsupported format character '%c' (0x%x) at index %d", c, arg.ch, index)
}

// pctInt is the integer conversions d i u o x X (CPython's mainformatlong
// and _PyUnicode_FormatLong).
func (vm *VM) pctInt(v Value, arg *pctArg) (string, error) {
	typ := arg.ch
	wrong := func() error {
		if typ == 'o' || typ == 'x' || typ == 'X' {
			return vm.NewError(TypeErrorType, "%%%c format: an integer is required, not %s", typ, TypeOf(v).Name)
		}
		return vm.NewError(TypeErrorType, "%%%c format: a real number is required, not %s", typ, TypeOf(v).Name)
	}
	var iv Value
	switch x := v.(type) {
	case Int, Bool, *BigInt:
		iv = numIntValue(x)
	case Float:
		if typ == 'o' || typ == 'x' || typ == 'X' {
			return "", wrong()
		}
		r, err := vm.numFloatToInt(float64(x))
		if err != nil {
			return "", err
		}
		iv = r
	case *Instance:
		var r Value
		var err error
		if typ == 'o' || typ == 'x' || typ == 'X' {
			if lookupSpecial(v, "__index__") == nil && numUnwrap(v) == v {
				return "", wrong()
			}
			r, err = vm.IndexValue(v)
		} else {
			if lookupSpecial(v, "__int__") == nil && lookupSpecial(v, "__index__") == nil &&
				lookupSpecial(v, "__float__") == nil && numUnwrap(v) == v {
				return "", wrong()
			}
			r, err = vm.ToInt(v)
		}
		if err != nil {
			if e, ok := err.(*Instance); ok && e.Class.IsSubtype(TypeErrorType) {
				return "", wrong()
			}
			return "", err
		}
		iv = r
	default:
		return "", wrong()
	}
	neg := numSign(iv) < 0
	var digits, prefix string
	switch typ {
	case 'o':
		digits, prefix = numIntText(numAbs(iv), 8, ""), "0o"
	case 'x':
		digits, prefix = numIntText(numAbs(iv), 16, ""), "0x"
	case 'X':
		digits, prefix = strings.ToUpper(numIntText(numAbs(iv), 16, "")), "0X"
	default:
		s, err := vm.IntString(numAbs(iv))
		if err != nil {
			return "", err
		}
		digits = s
	}
	if arg.flags&pctAlt == 0 {
		prefix = ""
	}
	if arg.prec > len(digits) {
		digits = strings.Repeat("0", arg.prec-len(digits)) + digits
	}
	if neg {
		return "-" + prefix + digits, nil
	}
	return prefix + digits, nil
}

// pctOutput pads a converted argument and appends it to out (CPython's
// unicode_format_arg_output).
func pctOutput(out []byte, arg *pctArg, s string) []byte {
	fill := ' '
	if arg.sign && arg.flags&pctZero != 0 {
		fill = '0'
	}
	if arg.width == -1 && arg.prec == -1 && arg.flags&(pctSign|pctBlank) == 0 {
		return append(out, s...) // the common %d, %s: no counting
	}
	n := utf8.RuneCountInString(s)
	if (arg.width == -1 || arg.width <= n) && (arg.prec == -1 || arg.prec >= n) && arg.flags&(pctSign|pctBlank) == 0 {
		return append(out, s...)
	}
	// p is a byte offset into s; what it skips (sign, 0x prefix) is ASCII.
	if arg.ch == 's' || arg.ch == 'r' || arg.ch == 'a' {
		if arg.prec >= 0 && n > arg.prec {
			n = arg.prec
		}
	}
	p := 0
	var signch rune
	sign := arg.sign
	if sign {
		if s[0] == '-' || s[0] == '+' {
			signch = rune(s[0])
			n--
			p++
		} else if arg.flags&pctSign != 0 {
			signch = '+'
		} else if arg.flags&pctBlank != 0 {
			signch = ' '
		} else {
			sign = false
		}
	}
	width := arg.width
	if width < n {
		width = n
	}
	if sign {
		if fill != ' ' {
			out = utf8.AppendRune(out, signch)
		}
		if width > n {
			width--
		}
	}
	altPrefix := arg.flags&pctAlt != 0 && (arg.ch == 'x' || arg.ch == 'X' || arg.ch == 'o')
	if altPrefix {
		if fill != ' ' {
			out = append(out, s[p:p+2]...)
			p += 2
		}
		width -= 2
		if width < 0 {
			width = 0
		}
		n -= 2
	}
	if width > n && arg.flags&pctLJust == 0 {
		for i := 0; i < width-n; i++ {
			out = utf8.AppendRune(out, fill)
		}
		width = n
	}
	if fill == ' ' {
		if sign {
			out = utf8.AppendRune(out, signch)
		}
		if altPrefix {
			out = append(out, s[p:p+2]...)
			p += 2
		}
	}
	if n > 0 {
		out = append(out, strRunePrefix(s[p:], n)...)
	}
	for i := n; i < width; i++ {
		out = append(out, ' ')
	}
	return out
}
