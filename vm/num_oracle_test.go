package vm

// num_oracle_test.go: the python3 oracle for the value tests. Each test
// lists Python expressions; oracleCheck evaluates every one with python3
// (one process per test) and with a small evaluator below that drives the
// VM's own operations (BinaryOp, Compare, UnaryOp, GetAttr + Call, the
// constructors and the numeric helpers), then compares repr(result) or
// "ExcType: message". Tests skip when python3 is not on PATH.

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

const oracleScript = `
import sys, json
exprs = json.load(sys.stdin)
out = []
for e in exprs:
    try:
        r = eval(e, {})
        out.append(repr(r))
    except Exception as x:
        if isinstance(x, KeyError) and len(x.args) == 1:
            msg = repr(x.args[0])
        else:
            msg = str(x)
        out.append("!" + type(x).__name__ + ": " + msg)
json.dump(out, sys.stdout)
`

var (
	pyVersionOnce sync.Once
	pyIs311       bool
)

// pyEval evaluates exprs with python3; ok is false when python3 is absent
// or is not CPython 3.11.
func pyEval(t *testing.T, exprs []string) ([]string, bool) {
	t.Helper()
	path, err := exec.LookPath("python3")
	if err != nil {
		return nil, false
	}
	pyVersionOnce.Do(func() {
		out, err := exec.Command(path, "-c", "import sys; print(sys.version_info[:2] == (3, 11))").Output()
		pyIs311 = err == nil && strings.TrimSpace(string(out)) == "True"
	})
	if !pyIs311 {
		return nil, false // the messages checked here are CPython 3.11's
	}
	in, _ := json.Marshal(exprs)
	cmd := exec.Command(path, "-c", oracleScript)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Env = append(cmd.Environ(), "PYTHONIOENCODING=utf-8", "PYTHONHASHSEED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var res []string
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("python3 output: %v", err)
	}
	return res, true
}

// oracleCheck compares the VM with python3 on every expression.
func oracleCheck(t *testing.T, exprs []string) {
	t.Helper()
	want, ok := pyEval(t, exprs)
	if !ok {
		t.Skip("python3 3.11 not on PATH")
	}
	vm := New(Options{})
	fails := 0
	for i, e := range exprs {
		got := evalForTest(vm, e)
		if (strings.HasSuffix(want[i], "j)") || want[i] == "!OverflowError: complex exponentiation") && got == "!ValueError: negative number cannot be raised to a fractional power" {
			continue // CPython gives a complex number; Weft has none
		}
		if got != want[i] {
			fails++
			if fails <= 60 {
				t.Errorf("%s\n   got %s\n  want %s", e, got, want[i])
			}
		}
	}
	if fails > 60 {
		t.Errorf("... %d failures in all", fails)
	}
}

// evalForTest evaluates a Python expression with the mini evaluator and
// renders the result like the oracle script.
func evalForTest(vm *VM, src string) (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = fmt.Sprintf("PANIC: %v", r)
		}
	}()
	p := &miniParser{vm: vm, src: src}
	v, err := p.parseExpr(0)
	if err == nil && p.skipSpace() < len(p.src) {
		return fmt.Sprintf("PARSE: trailing %q", p.src[p.pos:])
	}
	if err != nil {
		if _, isParse := err.(parseError); isParse {
			return "PARSE: " + err.Error()
		}
		return excString(vm, err)
	}
	s, err := testRepr(vm, v)
	if err != nil {
		return excString(vm, err)
	}
	return s
}

func excString(vm *VM, err error) string {
	e := AsException(err)
	msg := ""
	args := e.Exc().Args
	switch {
	case len(args) == 0:
	case len(args) == 1 && e.Class.IsSubtype(KeyErrorType):
		msg, _ = testRepr(vm, args[0])
	case len(args) == 1:
		msg, _ = vm.StrOf(args[0])
	default:
		msg, _ = testRepr(vm, &Tuple{Items: args})
	}
	return "!" + e.Class.Name + ": " + msg
}

// testRepr is repr() with the container forms done here, so these tests
// do not depend on the containers' own repr.
func testRepr(vm *VM, v Value) (string, error) {
	seq := func(items []Value, open, close string) (string, error) {
		parts := make([]string, len(items))
		for i, it := range items {
			s, err := testRepr(vm, it)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return open + strings.Join(parts, ", ") + close, nil
	}
	switch x := v.(type) {
	case *List:
		return seq(x.values(), "[", "]")
	case *Tuple:
		if len(x.Items) == 1 {
			s, err := testRepr(vm, x.Items[0])
			return "(" + s + ",)", err
		}
		return seq(x.Items, "(", ")")
	case *Set:
		if x.D.Len() == 0 {
			if x.Frozen {
				return "frozenset()", nil
			}
			return "set()", nil
		}
		s, err := seq(x.D.Keys(), "{", "}")
		if x.Frozen {
			s = "frozenset(" + s + ")"
		}
		return s, err
	case *Dict:
		var parts []string
		var err error
		x.Items(func(k, val Value) bool {
			var ks, vs string
			if ks, err = testRepr(vm, k); err != nil {
				return false
			}
			if vs, err = testRepr(vm, val); err != nil {
				return false
			}
			parts = append(parts, ks+": "+vs)
			return true
		})
		return "{" + strings.Join(parts, ", ") + "}", err
	case *Type:
		return "<class '" + x.Name + "'>", nil
	}
	return vm.Repr(v)
}

type parseError string

func (e parseError) Error() string { return string(e) }

// miniParser parses and evaluates a subset of Python expressions:
// literals (int, float, str, True/False/None, list, tuple, set, dict),
// unary and binary operators with Python's precedence, comparisons (one
// operator), calls of a few builtins, method calls, attributes and
// subscripts with slices.
type miniParser struct {
	vm  *VM
	src string
	pos int
}

func (p *miniParser) skipSpace() int {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
	return p.pos
}

func (p *miniParser) peek(s string) bool {
	p.skipSpace()
	return strings.HasPrefix(p.src[p.pos:], s)
}

func (p *miniParser) accept(s string) bool {
	if p.peek(s) {
		p.pos += len(s)
		return true
	}
	return false
}

func (p *miniParser) expect(s string) error {
	if !p.accept(s) {
		return parseError(fmt.Sprintf("expected %q at %d in %q", s, p.pos, p.src))
	}
	return nil
}

type binLevel struct {
	ops  []string
	prec int
}

// Binary operators by precedence (lowest first); longer spellings first.
var miniBinary = []binLevel{
	{[]string{"<=", ">=", "==", "!=", "<", ">", "not in", "in", "is not", "is"}, 1},
	{[]string{"|"}, 2},
	{[]string{"^"}, 3},
	{[]string{"&"}, 4},
	{[]string{"<<", ">>"}, 5},
	{[]string{"+", "-"}, 6},
	{[]string{"*", "//", "/", "%"}, 7},
}

var miniOps = map[string]bc.BinaryOp{
	"+": bc.OpAdd, "-": bc.OpSub, "*": bc.OpMul, "/": bc.OpTrueDiv, "//": bc.OpFloorDiv,
	"%": bc.OpMod, "**": bc.OpPow, "<<": bc.OpLShift, ">>": bc.OpRShift, "|": bc.OpOr,
	"^": bc.OpXor, "&": bc.OpAnd,
}

var miniCmps = map[string]bc.CompareOp{
	"<": bc.CmpLt, "<=": bc.CmpLe, "==": bc.CmpEq, "!=": bc.CmpNe, ">": bc.CmpGt, ">=": bc.CmpGe,
}

func (p *miniParser) matchOp(level binLevel) string {
	p.skipSpace()
	rest := p.src[p.pos:]
	for _, op := range level.ops {
		if !strings.HasPrefix(rest, op) {
			continue
		}
		// Do not read "**" as "*", "//" as "/", "<<" as "<", "*=" etc.
		after := rest[len(op):]
		if op == "*" && strings.HasPrefix(after, "*") || op == "/" && strings.HasPrefix(after, "/") ||
			(op == "<" || op == ">") && (strings.HasPrefix(after, "<") || strings.HasPrefix(after, ">")) {
			continue
		}
		if (op == "in" || op == "is" || op == "not in" || op == "is not") && len(after) > 0 && after[0] != ' ' {
			continue
		}
		return op
	}
	return ""
}

// parseExpr parses operators of precedence > min (precedence climbing).
func (p *miniParser) parseExpr(min int) (Value, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		found := ""
		prec := 0
		for _, lv := range miniBinary {
			if lv.prec <= min {
				continue
			}
			if op := p.matchOp(lv); op != "" {
				found, prec = op, lv.prec
				break
			}
		}
		if found == "" {
			return left, nil
		}
		p.pos += len(found)
		right, err := p.parseExpr(prec)
		if err != nil {
			return nil, err
		}
		left, err = p.apply(found, left, right)
		if err != nil {
			return nil, err
		}
	}
}

func (p *miniParser) apply(op string, a, b Value) (Value, error) {
	vm := p.vm
	if c, ok := miniCmps[op]; ok {
		return vm.Compare(a, b, c)
	}
	switch op {
	case "in", "not in":
		r, err := vm.Contains(b, a)
		return Bool(r == (op == "in")), err
	case "is":
		return Bool(identical(a, b)), nil
	case "is not":
		return Bool(!identical(a, b)), nil
	}
	return vm.BinaryOp(miniOps[op], a, b)
}

func (p *miniParser) parseUnary() (Value, error) {
	p.skipSpace()
	for _, u := range []struct {
		s  string
		op bc.Opcode
	}{{"-", bc.UNARY_NEGATIVE}, {"+", bc.UNARY_POSITIVE}, {"~", bc.UNARY_INVERT}} {
		if p.accept(u.s) {
			v, err := p.parseUnary()
			if err != nil {
				return nil, err
			}
			return p.vm.UnaryOp(u.op, v)
		}
	}
	if p.peek("not ") {
		p.pos += 4
		v, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		t, err := p.vm.Truthy(v)
		return Bool(!t), err
	}
	return p.parsePower()
}

func (p *miniParser) parsePower() (Value, error) {
	base, err := p.parsePostfix()
	if err != nil {
		return nil, err
	}
	if p.accept("**") {
		exp, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return p.vm.BinaryOp(bc.OpPow, base, exp)
	}
	return base, nil
}

func (p *miniParser) parsePostfix() (Value, error) {
	v, err := p.parseAtom()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.accept("."):
			name := p.ident()
			attr, err := p.vm.GetAttr(v, NewStr(name))
			if err != nil {
				return nil, err
			}
			v = attr
		case p.accept("("):
			args, kw, err := p.parseArgs()
			if err != nil {
				return nil, err
			}
			v, err = p.vm.Call(v, args, kw)
			if err != nil {
				return nil, err
			}
		case p.accept("["):
			k, err := p.parseSubscript()
			if err != nil {
				return nil, err
			}
			if s, ok := v.(*Str); ok {
				v, err = p.vm.strGetItem(s, k)
			} else {
				v, err = p.vm.GetItem(v, k)
			}
			if err != nil {
				return nil, err
			}
		default:
			return v, nil
		}
	}
}

func (p *miniParser) parseSubscript() (Value, error) {
	var parts [3]Value
	n := 0
	isSlice := false
	for {
		if p.peek(":") || p.peek("]") {
			parts[n] = None
		} else {
			v, err := p.parseExpr(0)
			if err != nil {
				return nil, err
			}
			parts[n] = v
		}
		if p.accept(":") {
			isSlice = true
			n++
			if n > 2 {
				return nil, parseError("bad slice")
			}
			continue
		}
		if err := p.expect("]"); err != nil {
			return nil, err
		}
		break
	}
	if !isSlice {
		return parts[0], nil
	}
	for i := range parts {
		if parts[i] == nil {
			parts[i] = None
		}
	}
	return &Slice{Start: parts[0], Stop: parts[1], Step: parts[2]}, nil
}

func (p *miniParser) parseArgs() ([]Value, []string, error) {
	var pos, kwv []Value
	var kw []string
	for !p.accept(")") {
		p.skipSpace()
		// keyword argument?
		save := p.pos
		name := p.ident()
		if name != "" && p.accept("=") && !p.peek("=") {
			v, err := p.parseExpr(0)
			if err != nil {
				return nil, nil, err
			}
			kw = append(kw, name)
			kwv = append(kwv, v)
		} else {
			p.pos = save
			if p.accept("*") {
				v, err := p.parseExpr(0)
				if err != nil {
					return nil, nil, err
				}
				items, err := p.vm.Collect(v)
				if err != nil {
					return nil, nil, err
				}
				pos = append(pos, items...)
			} else {
				v, err := p.parseExpr(0)
				if err != nil {
					return nil, nil, err
				}
				pos = append(pos, v)
			}
		}
		if !p.accept(",") {
			if err := p.expect(")"); err != nil {
				return nil, nil, err
			}
			break
		}
	}
	return append(pos, kwv...), kw, nil
}

func (p *miniParser) ident() string {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (p.pos > start && c >= '0' && c <= '9') {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

// miniBuiltins are the functions the evaluator knows.
func (p *miniParser) builtin(name string) (Value, bool) {
	vm := p.vm
	fn := func(f func(args []Value, kw []string) (Value, error)) Value {
		return &Builtin{Name: name, Fn: func(vm *VM, args []Value, kw []string) (Value, error) { return f(args, kw) }}
	}
	str := func(s string, err error) (Value, error) {
		if err != nil {
			return nil, err
		}
		return NewStr(s), nil
	}
	switch name {
	case "int":
		return IntType, true
	case "float":
		return FloatType, true
	case "str":
		return StrType, true
	case "bool":
		return BoolType, true
	case "repr":
		return fn(func(a []Value, kw []string) (Value, error) { return str(vm.Repr(a[0])) }), true
	case "ascii":
		return fn(func(a []Value, kw []string) (Value, error) { return str(vm.ASCIIRepr(a[0])) }), true
	case "format":
		return fn(func(a []Value, kw []string) (Value, error) {
			spec := ""
			if len(a) > 1 {
				spec = a[1].(*Str).S
			}
			return str(vm.Format(a[0], spec))
		}), true
	case "hash":
		return fn(func(a []Value, kw []string) (Value, error) { h, err := vm.Hash(a[0]); return Int(h), err }), true
	case "round":
		return fn(func(a []Value, kw []string) (Value, error) {
			var nd Value
			if len(a) > 1 {
				nd = a[1]
			}
			return vm.Round(a[0], nd)
		}), true
	case "divmod":
		return fn(func(a []Value, kw []string) (Value, error) { return vm.Divmod(a[0], a[1]) }), true
	case "pow":
		return fn(func(a []Value, kw []string) (Value, error) {
			if len(a) == 2 {
				return vm.Pow3(a[0], a[1], nil)
			}
			return vm.Pow3(a[0], a[1], a[2])
		}), true
	case "abs":
		return fn(func(a []Value, kw []string) (Value, error) { return vm.Abs(a[0]) }), true
	case "chr":
		return fn(func(a []Value, kw []string) (Value, error) { return vm.Chr(a[0]) }), true
	case "ord":
		return fn(func(a []Value, kw []string) (Value, error) { return vm.Ord(a[0]) }), true
	case "hex":
		return fn(func(a []Value, kw []string) (Value, error) { return str(vm.Hex(a[0])) }), true
	case "oct":
		return fn(func(a []Value, kw []string) (Value, error) { return str(vm.Oct(a[0])) }), true
	case "bin":
		return fn(func(a []Value, kw []string) (Value, error) { return str(vm.Bin(a[0])) }), true
	case "len":
		return fn(func(a []Value, kw []string) (Value, error) { n, err := vm.Len(a[0]); return Int(n), err }), true
	case "list":
		return fn(func(a []Value, kw []string) (Value, error) {
			items, err := vm.Collect(a[0])
			if items == nil {
				items = []Value{}
			}
			return &List{items: items}, err
		}), true
	case "frozenset", "set":
		return fn(func(a []Value, kw []string) (Value, error) {
			s := &Set{Frozen: name == "frozenset"}
			if len(a) > 0 {
				items, err := vm.Collect(a[0])
				if err != nil {
					return nil, err
				}
				for _, it := range items {
					if err := vm.binSetAdd(&s.D, it); err != nil {
						return nil, err
					}
				}
			}
			return s, nil
		}), true
	case "range":
		return fn(func(a []Value, kw []string) (Value, error) {
			r := &Range{Step: 1}
			switch len(a) {
			case 1:
				r.Stop = int64(a[0].(Int))
			case 2, 3:
				r.Start, r.Stop = int64(a[0].(Int)), int64(a[1].(Int))
				if len(a) == 3 {
					r.Step = int64(a[2].(Int))
				}
			}
			return r, nil
		}), true
	}
	return nil, false
}

func (p *miniParser) parseAtom() (Value, error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, parseError("unexpected end")
	}
	c := p.src[p.pos]
	switch {
	case c == '(':
		p.pos++
		if p.accept(")") {
			return &Tuple{Items: []Value{}}, nil
		}
		first, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		if p.accept(")") {
			return first, nil
		}
		items := []Value{first}
		for p.accept(",") {
			if p.peek(")") {
				break
			}
			v, err := p.parseExpr(0)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &Tuple{Items: items}, nil
	case c == '[':
		p.pos++
		items := []Value{}
		for !p.accept("]") {
			v, err := p.parseExpr(0)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
			if !p.accept(",") {
				if err := p.expect("]"); err != nil {
					return nil, err
				}
				break
			}
		}
		return &List{items: items}, nil
	case c == '{':
		p.pos++
		if p.accept("}") {
			return NewDict(0), nil
		}
		first, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		if p.accept(":") {
			d := NewDict(0)
			v, err := p.parseExpr(0)
			if err != nil {
				return nil, err
			}
			if err := p.vm.DictSet(d, first, v); err != nil {
				return nil, err
			}
			for p.accept(",") {
				if p.peek("}") {
					break
				}
				k, err := p.parseExpr(0)
				if err != nil {
					return nil, err
				}
				if err := p.expect(":"); err != nil {
					return nil, err
				}
				v, err := p.parseExpr(0)
				if err != nil {
					return nil, err
				}
				if err := p.vm.DictSet(d, k, v); err != nil {
					return nil, err
				}
			}
			return d, p.expect("}")
		}
		s := &Set{}
		if err := p.vm.binSetAdd(&s.D, first); err != nil {
			return nil, err
		}
		for p.accept(",") {
			if p.peek("}") {
				break
			}
			v, err := p.parseExpr(0)
			if err != nil {
				return nil, err
			}
			if err := p.vm.binSetAdd(&s.D, v); err != nil {
				return nil, err
			}
		}
		return s, p.expect("}")
	case c == '\'' || c == '"':
		return p.parseString()
	case c >= '0' && c <= '9' || c == '.':
		return p.parseNumber()
	}
	name := p.ident()
	switch name {
	case "True":
		return Bool(true), nil
	case "False":
		return Bool(false), nil
	case "None":
		return None, nil
	case "":
		return nil, parseError(fmt.Sprintf("unexpected %q", p.src[p.pos:]))
	}
	if v, ok := p.builtin(name); ok {
		return v, nil
	}
	return nil, parseError("unknown name " + name)
}

func (p *miniParser) parseNumber() (Value, error) {
	start := p.pos
	isFloat := false
	if strings.HasPrefix(p.src[p.pos:], "0x") || strings.HasPrefix(p.src[p.pos:], "0o") || strings.HasPrefix(p.src[p.pos:], "0b") {
		p.pos += 2
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c >= '0' && c <= '9' || c == '_' || c >= 'a' && c <= 'f' && strings.HasPrefix(p.src[start:], "0x") || c >= 'A' && c <= 'F' && strings.HasPrefix(p.src[start:], "0x"):
		case c == '.' && !isFloat:
			isFloat = true
		case (c == 'e' || c == 'E') && !strings.HasPrefix(p.src[start:], "0x"):
			isFloat = true
			if p.pos+1 < len(p.src) && (p.src[p.pos+1] == '+' || p.src[p.pos+1] == '-') {
				p.pos++
			}
		default:
			goto done
		}
		p.pos++
	}
done:
	lit := p.src[start:p.pos]
	if isFloat {
		f, err := p.vm.FloatFromString(lit)
		if err != nil {
			return nil, parseError("bad float " + lit)
		}
		return Float(f), nil
	}
	v, err := p.vm.IntFromString(lit, 0)
	if err != nil {
		return nil, parseError("bad int " + lit)
	}
	return v, nil
}

func (p *miniParser) parseString() (Value, error) {
	q := p.src[p.pos]
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) && p.src[p.pos] != q {
		c := p.src[p.pos]
		if c != '\\' {
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			b.WriteRune(r)
			p.pos += size
			continue
		}
		p.pos++
		e := p.src[p.pos]
		p.pos++
		switch e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'v':
			b.WriteByte('\v')
		case 'f':
			b.WriteByte('\f')
		case '0':
			b.WriteByte(0)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			v, err := p.vm.IntFromString(p.src[p.pos:p.pos+n], 16)
			if err != nil {
				return nil, parseError("bad escape")
			}
			b.WriteRune(rune(v.(Int)))
			p.pos += n
		default:
			b.WriteByte(e)
		}
	}
	if err := p.expect(string(q)); err != nil {
		return nil, err
	}
	return NewStr(b.String()), nil
}
