package bytecode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// argKind says how an opcode's argument is interpreted.
type argKind uint8

const (
	argNone     argKind = iota
	argCount            // a plain number
	argConst            // index into Consts
	argLocal            // index into Locals
	argDeref            // index into Cells ++ Frees
	argName             // index into Names
	argJump             // instruction index
	argBinary           // BinaryOp
	argCompare          // CompareOp
	argInvert           // IS_OP / CONTAINS_OP
	argFormat           // FORMAT_VALUE flags
	argMakeFn           // MAKE_FUNCTION flags
	argUnpackEx         // before | after<<8
)

func kindOf(op Opcode) argKind {
	switch op {
	case LOAD_CONST:
		return argConst
	case LOAD_FAST, STORE_FAST, DELETE_FAST:
		return argLocal
	case LOAD_DEREF, STORE_DEREF, DELETE_DEREF, LOAD_CLASSDEREF, LOAD_CLOSURE:
		return argDeref
	case LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL, LOAD_NAME, STORE_NAME,
		DELETE_NAME, LOAD_ATTR, STORE_ATTR, DELETE_ATTR, LOAD_METHOD,
		IMPORT_NAME, IMPORT_FROM:
		return argName
	case BINARY_OP:
		return argBinary
	case COMPARE_OP:
		return argCompare
	case IS_OP, CONTAINS_OP:
		return argInvert
	case FORMAT_VALUE:
		return argFormat
	case MAKE_FUNCTION:
		return argMakeFn
	case UNPACK_EX:
		return argUnpackEx
	case COPY, SWAP, BUILD_STRING, BUILD_TUPLE, BUILD_LIST, BUILD_SET,
		BUILD_MAP, BUILD_SLICE, LIST_APPEND, SET_ADD, MAP_ADD, LIST_EXTEND,
		SET_UPDATE, DICT_UPDATE, DICT_MERGE, UNPACK_SEQUENCE, CALL,
		CALL_METHOD, CALL_KW, CALL_EX, RAISE_VARARGS, POP_ITER:
		return argCount
	}
	if op.IsJump() {
		return argJump
	}
	return argNone
}

// HasArg reports whether op uses its argument.
func HasArg(op Opcode) bool { return kindOf(op) != argNone }

// ArgString resolves the argument of instruction pc of c for humans: a
// constant's Python repr, a name, "to N" for jumps, an operator, a count.
// ok is false when the opcode takes no argument.
func ArgString(c *Code, pc int) (s string, ok bool) {
	in := c.Instrs[pc]
	n := int(in.Arg)
	switch kindOf(in.Op) {
	case argNone:
		return "", false
	case argConst:
		if n >= 0 && n < len(c.Consts) {
			return ConstRepr(c.Consts[n]), true
		}
	case argLocal:
		if n >= 0 && n < len(c.Locals) {
			return c.Locals[n], true
		}
	case argDeref:
		if n >= 0 && n < len(c.Cells) {
			return c.Cells[n], true
		}
		if n >= len(c.Cells) && n < len(c.Cells)+len(c.Frees) {
			return c.Frees[n-len(c.Cells)], true
		}
	case argName:
		if n >= 0 && n < len(c.Names) {
			return c.Names[n], true
		}
	case argJump:
		return "to " + strconv.Itoa(n), true
	case argBinary:
		return BinaryOp(in.Arg).String(), true
	case argCompare:
		return CompareOp(in.Arg).String(), true
	case argInvert:
		neg := ""
		if in.Arg != 0 {
			neg = "not "
		}
		if in.Op == IS_OP {
			if neg != "" {
				return "is not", true
			}
			return "is", true
		}
		return neg + "in", true
	case argFormat:
		var parts []string
		switch in.Arg & FormatConvMask {
		case FormatConvStr:
			parts = append(parts, "str")
		case FormatConvRepr:
			parts = append(parts, "repr")
		case FormatConvASCII:
			parts = append(parts, "ascii")
		}
		if in.Arg&FormatHasSpec != 0 {
			parts = append(parts, "with format")
		}
		if len(parts) == 0 {
			return "0", true
		}
		return strings.Join(parts, ", "), true
	case argMakeFn:
		var parts []string
		if in.Arg&MakeDefaults != 0 {
			parts = append(parts, "defaults")
		}
		if in.Arg&MakeKwDefaults != 0 {
			parts = append(parts, "kwdefaults")
		}
		if in.Arg&MakeClosure != 0 {
			parts = append(parts, "closure")
		}
		if len(parts) == 0 {
			return "0", true
		}
		return strings.Join(parts, ", "), true
	case argUnpackEx:
		return fmt.Sprintf("%d before, %d after", n&0xff, n>>8), true
	case argCount:
		return strconv.Itoa(n), true
	}
	return fmt.Sprintf("<bad %d>", n), true
}

// Disassemble writes a human-readable listing of c and every nested code
// object (depth first, in source order): for each, its qualified name,
// first line, MaxStack, locals, cells and frees, then one line per
// instruction with offset, line, the stack depth before it, opcode,
// argument and resolved argument, then the exception table.
func Disassemble(w io.Writer, c *Code) {
	first := true
	c.Walk(func(c *Code) {
		if !first {
			fmt.Fprintln(w)
		}
		first = false
		disOne(w, c)
	})
}

func nameList(names []string) string {
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ", ")
}

func disOne(w io.Writer, c *Code) {
	fmt.Fprintf(w, "== %s (line %d, max_stack %d)\n", c.QualName, c.FirstLine, c.MaxStack)
	fmt.Fprintf(w, "locals: %s\n", nameList(c.Locals))
	fmt.Fprintf(w, "cells:  %s\n", nameList(c.Cells))
	fmt.Fprintf(w, "frees:  %s\n", nameList(c.Frees))
	fmt.Fprintf(w, "offset  line  depth  instruction\n")
	targets := map[int]bool{}
	for _, in := range c.Instrs {
		if in.Op.IsJump() {
			targets[int(in.Arg)] = true
		}
	}
	for _, e := range c.ExceptTable {
		targets[int(e.Handler)] = true
	}
	for pc, in := range c.Instrs {
		mark := "  "
		if targets[pc] {
			mark = ">>"
		}
		line, depth := "", ""
		if pc < len(c.Lines) {
			line = strconv.Itoa(int(c.Lines[pc]))
		}
		if pc < len(c.Depths) {
			depth = strconv.Itoa(int(c.Depths[pc]))
		}
		text := in.Op.String()
		if s, ok := ArgString(c, pc); ok {
			raw := strconv.Itoa(int(in.Arg))
			switch {
			case kindOf(in.Op) == argJump:
				text = fmt.Sprintf("%-20s %s", text, s)
			case kindOf(in.Op) == argCount || s == raw && kindOf(in.Op) != argConst:
				text = fmt.Sprintf("%-20s %s", text, raw)
			default:
				text = fmt.Sprintf("%-20s %s (%s)", text, raw, s)
			}
		}
		fmt.Fprintf(w, "%s%4d  %4s  %5s  %s\n", mark, pc, line, depth, text)
	}
	if len(c.ExceptTable) > 0 {
		fmt.Fprintf(w, "exception table:\n")
		for _, e := range c.ExceptTable {
			fmt.Fprintf(w, "  %d to %d -> %d [depth %d]\n", e.Start, e.End-1, e.Handler, e.Depth)
		}
	}
}

type jsonInstr struct {
	Offset int     `json:"offset"`
	Line   int     `json:"line"`
	Op     string  `json:"op"`
	Arg    *string `json:"arg"`
	Depth  int     `json:"depth"`
}

type jsonFunc struct {
	Name     string      `json:"name"`
	QualName string      `json:"qualname"`
	Line     int         `json:"line"`
	MaxStack int         `json:"max_stack"`
	Locals   []string    `json:"locals"`
	Cells    []string    `json:"cells"`
	Frees    []string    `json:"frees"`
	Instrs   []jsonInstr `json:"instructions"`
}

// DisJSON renders c and its nested code objects (module first, then depth
// first in source order) as
//
//	{"functions": [{"name", "qualname", "line", "max_stack", "locals",
//	  "cells", "frees", "instructions": [{"offset", "line", "op", "arg",
//	  "depth"}]}]}
//
// where "arg" is the resolved argument as a string (see ArgString) or null
// for opcodes without one.
func DisJSON(c *Code) ([]byte, error) {
	out := struct {
		Functions []jsonFunc `json:"functions"`
	}{Functions: []jsonFunc{}}
	c.Walk(func(c *Code) {
		f := jsonFunc{
			Name:     c.Name,
			QualName: c.QualName,
			Line:     c.FirstLine,
			MaxStack: c.MaxStack,
			Locals:   append([]string{}, c.Locals...),
			Cells:    append([]string{}, c.Cells...),
			Frees:    append([]string{}, c.Frees...),
			Instrs:   make([]jsonInstr, len(c.Instrs)),
		}
		for pc, in := range c.Instrs {
			ji := jsonInstr{Offset: pc, Op: in.Op.String(), Line: c.Line(pc), Depth: -1}
			if pc < len(c.Depths) {
				ji.Depth = int(c.Depths[pc])
			}
			if s, ok := ArgString(c, pc); ok {
				ji.Arg = &s
			}
			f.Instrs[pc] = ji
		}
		out.Functions = append(out.Functions, f)
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ConstRepr renders a constant as Python's repr() would (code objects as
// "<code object NAME, line N>", without an address).
func ConstRepr(v Const) string {
	switch v := v.(type) {
	case nil, NoneConst:
		return "None"
	case EllipsisConst:
		return "Ellipsis"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case *big.Int:
		return v.String()
	case float64:
		return FloatRepr(v)
	case string:
		return StrRepr(v)
	case Tuple:
		if len(v) == 1 {
			return "(" + ConstRepr(v[0]) + ",)"
		}
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = ConstRepr(x)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *Code:
		return fmt.Sprintf("<code object %s, line %d>", v.Name, v.FirstLine)
	}
	return fmt.Sprintf("%v", v)
}

// FloatRepr formats f like Python's repr(float): the shortest string that
// round-trips, in fixed notation when the decimal exponent is in
// [-4, 16), otherwise in scientific notation with a signed two-digit (or
// longer) exponent; integral values keep ".0".
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if exp >= -4 && exp < 16 {
		if exp >= 0 {
			if len(digits) <= exp+1 {
				out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
			} else {
				out = digits[:exp+1] + "." + digits[exp+1:]
			}
		} else {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		}
	} else {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		out = fmt.Sprintf("%se%s%02d", m, sign, exp)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// StrRepr quotes s as Python's repr(str) does.
func StrRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Not valid UTF-8: show the byte (Python strings cannot hold
			// it; surrogate escapes are the closest).
			fmt.Fprintf(&b, "\\x%02x", s[i])
			i++
			continue
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\x%02x", r)
		case r < 0x7f:
			b.WriteRune(r)
		case isPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, "\\x%02x", r)
		case r <= 0xffff:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			fmt.Fprintf(&b, "\\U%08x", r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// isPrintable approximates Python's str.isprintable for one code point:
// letters, marks, numbers, punctuation and symbols, but no separators
// other than the ASCII space, and no control, format, private-use or
// unassigned code points.
func isPrintable(r rune) bool {
	if r == ' ' {
		return true
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}
