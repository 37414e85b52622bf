package vm

// fmt_strformat.go: str.format and str.format_map (a port of CPython's
// Objects/stringlib/unicode_format.h): literal text with {{ and }},
// replacement fields {name.attr[key]!conv:spec} with automatic or manual
// numbering, and nested fields inside the spec (two levels).

import (
	"strings"
	"unicode/utf8"
)

type fmtAutoNumber struct {
	state int // 0 init, 1 auto, 2 manual
	next  int
}

// fmtArgs are the arguments of a str.format call: positional args (nil
// for format_map) and a mapping for names (nil when none was given).
type fmtArgs struct {
	pos    []Value
	hasPos bool
	kw     Value
}

// StrFormat is fmt.format(*args, **kw) (kw may be nil).
func (vm *VM) StrFormat(format string, args []Value, kw *Dict) (string, error) {
	a := &fmtArgs{pos: args, hasPos: true}
	if kw != nil {
		a.kw = kw
	}
	return vm.fmtBuild(format, a, 2, &fmtAutoNumber{})
}

// StrFormatMap is fmt.format_map(mapping).
func (vm *VM) StrFormatMap(format string, mapping Value) (string, error) {
	return vm.fmtBuild(format, &fmtArgs{kw: mapping}, 2, &fmtAutoNumber{})
}

// fmtBuild reads s as UTF-8 from byte offsets: the syntax is ASCII, and a
// byte of a multi-byte rune never equals an ASCII one.
func (vm *VM) fmtBuild(s string, a *fmtArgs, depth int, auto *fmtAutoNumber) (string, error) {
	if depth <= 0 {
		return "", vm.NewError(ValueErrorType, "Max string recursion exceeded")
	}
	var out strings.Builder
	out.Grow(len(s) + 16)
	pos := 0
	for pos < len(s) {
		// Literal text up to a brace.
		start := pos
		var c byte
		markup := false
		for pos < len(s) {
			c = s[pos]
			pos++
			if c == '{' || c == '}' {
				markup = true
				break
			}
		}
		atEnd := pos >= len(s)
		n := pos - start
		if markup && c == '}' && (atEnd || s[pos] != '}') {
			return "", vm.NewError(ValueErrorType, "Single '}' encountered in format string")
		}
		if markup && atEnd && c == '{' {
			return "", vm.NewError(ValueErrorType, "Single '{' encountered in format string")
		}
		if markup && !atEnd {
			if s[pos] == c {
				pos++
				markup = false
			} else {
				n--
			}
		}
		out.WriteString(s[start : start+n])
		if !markup {
			continue
		}
		// Parse the field.
		field, err := vm.fmtParseField(s, &pos)
		if err != nil {
			return "", err
		}
		text, err := vm.fmtRenderField(&field, a, depth, auto)
		if err != nil {
			return "", err
		}
		out.WriteString(text)
		if int64(out.Len()) > vm.maxAlloc {
			return "", vm.numMemoryError()
		}
	}
	return out.String(), nil
}

type fmtField struct {
	name          string
	conversion    rune
	spec          string
	specNeedsExpn bool
}

// fmtParseField is CPython's parse_field: pos is just after the '{'.
// The field is returned by value: three per str.format call were as many
// allocations.
func (vm *VM) fmtParseField(s string, pos *int) (fmtField, error) {
	var f fmtField
	start := *pos
	var c byte
	for *pos < len(s) {
		c = s[*pos]
		*pos++
		switch c {
		case '{':
			return fmtField{}, vm.NewError(ValueErrorType, "unexpected '{' in field name")
		case '[':
			for *pos < len(s) && s[*pos] != ']' {
				*pos++
			}
			continue
		case '}', ':', '!':
		default:
			continue
		}
		break
	}
	f.name = s[start : *pos-1]
	if c == '!' || c == ':' {
		if c == '!' {
			if *pos >= len(s) {
				return fmtField{}, vm.NewError(ValueErrorType, "end of string while looking for conversion specifier")
			}
			r, size := utf8.DecodeRuneInString(s[*pos:])
			f.conversion = r
			*pos += size
			if *pos < len(s) {
				c2 := s[*pos]
				*pos++
				if c2 == '}' {
					return f, nil
				}
				if c2 != ':' {
					return fmtField{}, vm.NewError(ValueErrorType, "expected ':' after conversion specifier")
				}
			}
		}
		specStart := *pos
		count := 1
		for *pos < len(s) {
			c = s[*pos]
			*pos++
			switch c {
			case '{':
				f.specNeedsExpn = true
				count++
			case '}':
				count--
				if count == 0 {
					f.spec = s[specStart : *pos-1]
					return f, nil
				}
			}
		}
		return fmtField{}, vm.NewError(ValueErrorType, "unmatched '{' in format spec")
	}
	if c != '}' {
		return fmtField{}, vm.NewError(ValueErrorType, "expected '}' before end of string")
	}
	return f, nil
}

// fmtGetInteger is CPython's get_integer: -1 when s is not all decimal
// digits (or empty).
func (vm *VM) fmtGetInteger(s string) (int, error) {
	if len(s) == 0 {
		return -1, nil
	}
	v := 0
	for _, r := range s {
		d := numDigitValue(r)
		if d < 0 {
			return -1, nil
		}
		if v > (1<<62-d)/10 {
			return -1, vm.NewError(ValueErrorType, "Too many decimal digits in format string")
		}
		v = v*10 + d
	}
	return v, nil
}

// fmtRenderField looks up the field's object, converts and formats it.
func (vm *VM) fmtRenderField(f *fmtField, a *fmtArgs, depth int, auto *fmtAutoNumber) (string, error) {
	obj, err := vm.fmtFieldObject(f.name, a, auto)
	if err != nil {
		return "", err
	}
	switch f.conversion {
	case 0:
	case 'r':
		r, err := vm.Repr(obj)
		if err != nil {
			return "", err
		}
		obj = NewStr(r)
	case 's':
		r, err := vm.StrOf(obj)
		if err != nil {
			return "", err
		}
		obj = NewStr(r)
	case 'a':
		r, err := vm.ASCIIRepr(obj)
		if err != nil {
			return "", err
		}
		obj = NewStr(r)
	default:
		return "", vm.NewError(ValueErrorType, "Unknown conversion specifier %s", fmtConvString(f.conversion))
	}
	spec := f.spec
	if f.specNeedsExpn {
		spec, err = vm.fmtBuild(f.spec, a, depth-1, auto)
		if err != nil {
			return "", err
		}
	}
	return vm.Format(obj, spec)
}

func fmtConvString(r rune) string {
	if r > 32 && r < 127 {
		return string(r)
	}
	return fmtCodeString(r)
}

// fmtFieldObject resolves "first.attr[key]..." against the arguments.
func (vm *VM) fmtFieldObject(name string, a *fmtArgs, auto *fmtAutoNumber) (Value, error) {
	i := 0
	for i < len(name) && name[i] != '.' && name[i] != '[' {
		i++
	}
	first := name[:i]
	rest := name[i:]
	idx, err := vm.fmtGetInteger(first)
	if err != nil {
		return nil, err
	}
	empty := len(first) == 0
	numeric := empty || idx != -1
	if numeric {
		if auto.state == 0 {
			if empty {
				auto.state = 1
			} else {
				auto.state = 2
			}
		}
		if auto.state == 2 && empty {
			return nil, vm.NewError(ValueErrorType, "cannot switch from manual field specification to automatic field numbering")
		}
		if auto.state == 1 && !empty {
			return nil, vm.NewError(ValueErrorType, "cannot switch from automatic field numbering to manual field specification")
		}
		if empty {
			idx = auto.next
			auto.next++
		}
	}
	var obj Value
	if idx == -1 {
		key := NewStr(first)
		if a.kw == nil {
			return nil, NewException(KeyErrorType, key)
		}
		obj, err = vm.GetItem(a.kw, key)
		if err != nil {
			return nil, err
		}
	} else {
		if !a.hasPos {
			return nil, vm.NewError(ValueErrorType, "Format string contains positional fields")
		}
		if idx >= len(a.pos) {
			return nil, vm.NewError(IndexErrorType, "Replacement index %d out of range for positional args tuple", idx)
		}
		obj = a.pos[idx]
	}
	// The rest: .attr or [key] repeatedly.
	j := 0
	for j < len(rest) {
		c := rest[j]
		j++
		var part string
		isAttr := false
		switch c {
		case '.':
			isAttr = true
			k := j
			for j < len(rest) && rest[j] != '.' && rest[j] != '[' {
				j++
			}
			part = rest[k:j]
		case '[':
			k := j
			for j < len(rest) && rest[j] != ']' {
				j++
			}
			if j >= len(rest) {
				return nil, vm.NewError(ValueErrorType, "Missing ']' in format string")
			}
			part = rest[k:j]
			j++
		default:
			return nil, vm.NewError(ValueErrorType, "Only '.' or '[' may follow ']' in format field specifier")
		}
		if len(part) == 0 {
			return nil, vm.NewError(ValueErrorType, "Empty attribute in format string")
		}
		if isAttr {
			obj, err = vm.GetAttr(obj, NewStr(part))
		} else {
			n, err2 := vm.fmtGetInteger(part)
			if err2 != nil {
				return nil, err2
			}
			if n >= 0 {
				obj, err = vm.GetItem(obj, Int(n))
			} else {
				obj, err = vm.GetItem(obj, NewStr(part))
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return obj, nil
}
