package compiler

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// Diagnostic code and name of compiler errors.
const (
	// InternalCode is reported when the compiler's own checks fail.
	InternalCode = "E901"
	internalName = "internal-error"
	// SyntaxCode is used for the few syntax errors CPython detects in its
	// compiler rather than its parser (they normally come from the parser
	// or resolver first).
	SyntaxCode = "E101"
	syntaxName = "syntax-error"
)

// Options configure a compilation.
type Options struct {
	// ReturnLastExpr makes module code return the value of a final
	// top-level expression statement instead of None (used by the language
	// server's evaluator).
	ReturnLastExpr bool
	// Filename is recorded in every code object; the module's file name
	// when empty.
	Filename string
	// Reuse, when set, is asked for the code object of each def and class
	// statement of the module body (not nested in another statement). A
	// non-nil answer is used instead of compiling the function or class
	// body; it must be what compiling it would give (see Reuser). The
	// decorators, defaults and bases are compiled as usual.
	Reuse func(syntax.Stmt) *bytecode.Code
	// Record, when set, is told the code object of each def and class
	// statement of the module body, compiled or reused.
	Record func(syntax.Stmt, *bytecode.Code)
}

// CompileFile parses, resolves and compiles f. It stops before code
// generation when parsing or resolving reports an error; the module is
// returned whenever the parser produced one.
func CompileFile(f *source.File, opts Options) (*syntax.Module, *bytecode.Code, source.Diagnostics) {
	m, diags := syntax.Parse(f)
	if m == nil || diags.HasErrors() {
		return m, nil, diags
	}
	diags = append(diags, resolve.Resolve(m)...)
	if diags.HasErrors() {
		diags.Sort()
		return m, nil, diags
	}
	code, cd := Compile(m, opts)
	diags = append(diags, cd...)
	diags.Sort()
	return m, code, diags
}

// Compile generates code for a parsed and resolved module. The returned
// diagnostics hold internal errors (E901) and the rare syntax errors found
// only during code generation; the code object is returned in any case.
func Compile(m *syntax.Module, opts Options) (code *bytecode.Code, diags source.Diagnostics) {
	c := &compiler{opts: opts}
	if m == nil {
		c.internalError(source.Span{}, "no module to compile")
		return nil, c.diags
	}
	c.file = m.File
	if c.opts.Filename == "" && m.File != nil {
		c.opts.Filename = m.File.Name
	}
	defer func() {
		// The compiler must never take its host down; a Go panic here is a
		// bug and is reported as one.
		if r := recover(); r != nil {
			c.internalError(m.Span(), "compiler panic: %v", r)
			code, diags = nil, c.diags
		}
	}()
	if m.Scope == nil {
		c.internalError(m.Span(), "module has not been resolved")
		return nil, c.diags
	}
	code = c.module(m)
	return code, c.diags
}

// compiler holds the state of one Compile call.
type compiler struct {
	file  *source.File
	opts  Options
	diags source.Diagnostics
	u     *unit // the unit being compiled

	// lastLine is the line lineOf found last.
	lastLine int
	// top is the module-body statement being compiled (for Reuse and
	// Record).
	top syntax.Stmt

	// Storage reused across units and carved for the code objects: a
	// compilation makes a code object per def, lambda, class body and
	// comprehension, and allocating each one's pieces separately was most
	// of the compiler's allocations.
	blocks    blockArena
	freeUnits []*unit // finished units, their scratch slices kept
	codes     slab[bytecode.Code]
	constOut  carver[bytecode.Const]
	nameOut   carver[string]
	instrOut  carver[bytecode.Instr]
	int32Out  carver[int32]
	spanOut   carver[bytecode.Span32]
}

// unit compiles one code object.
type unit struct {
	c      *compiler
	parent *unit
	scope  *syntax.Scope
	code   *bytecode.Code

	layout []*block // blocks in placement order
	cur    *block
	buf    []instr     // the instructions of all blocks, in layout order
	span   source.Span // position given to emitted instructions

	// consts and names become Code.Consts and Code.Names when the unit
	// is finished; constIdx and nameIdx index them once they have
	// smallTable entries (nil before: lookups scan).
	consts   []bytecode.Const
	names    []string
	constIdx map[constMapKey]int
	nameIdx  map[string]int
	// blockMark is the number of blocks in use when the unit started.
	blockMark int
	// fast maps a Scope.Locals slot to the Code.Locals slot.
	fast []int
	// derefShift is added to Cells++Frees indices at or above derefSplit
	// (when the compiler had to add a cell the resolver did not list).
	derefSplit, derefShift int

	fblocks []fblock
}

func (c *compiler) internalError(sp source.Span, format string, args ...any) {
	c.diags = append(c.diags, source.Diagnostic{
		File:     c.file,
		Span:     sp,
		Severity: source.Error,
		Code:     InternalCode,
		Name:     internalName,
		Message:  "internal compiler error: " + fmt.Sprintf(format, args...),
	})
}

func (c *compiler) syntaxError(sp source.Span, format string, args ...any) {
	c.diags = append(c.diags, source.Diagnostic{
		File:     c.file,
		Span:     sp,
		Severity: source.Error,
		Code:     SyntaxCode,
		Name:     syntaxName,
		Message:  fmt.Sprintf(format, args...),
	})
}

func (u *unit) line(p source.Pos) int {
	if u.c.file == nil || p < 0 {
		return u.code.FirstLine
	}
	return u.c.lineOf(p)
}

func (c *compiler) lineOf(p source.Pos) int {
	if c.file == nil || p < 0 {
		return 1
	}
	// Positions come mostly in source order: try the line of the last
	// answer and the next one before searching the whole table.
	f := c.file
	if int(p) > len(f.Text) {
		p = source.Pos(len(f.Text))
	}
	n, count := c.lastLine, f.LineCount()
	for k := 0; k < 2 && n >= 1 && n <= count; k, n = k+1, n+1 {
		if f.LineStart(n) <= p && (n == count || p < f.LineStart(n+1)) {
			c.lastLine = n
			return n
		}
	}
	c.lastLine = f.Position(p).Line
	return c.lastLine
}

// enter starts a new unit for scope s and makes it current.
func (c *compiler) enter(s *syntax.Scope, name string, firstLine int, flags int, span source.Span) *unit {
	var u *unit
	if n := len(c.freeUnits); n > 0 {
		// A finished unit: keep its scratch slices' storage.
		u = c.freeUnits[n-1]
		c.freeUnits = c.freeUnits[:n-1]
		*u = unit{buf: u.buf[:0], layout: u.layout[:0], fblocks: u.fblocks[:0], fast: u.fast[:0],
			consts: u.consts[:0], names: u.names[:0]}
	} else {
		u = new(unit)
	}
	u.c, u.parent, u.scope, u.span = c, c.u, s, span
	u.blockMark = c.blocks.n
	qual := name
	if s != nil && s.QualName != "" {
		qual = s.QualName
	}
	u.code = c.codes.alloc()
	*u.code = bytecode.Code{
		Name:      name,
		QualName:  qual,
		Filename:  c.opts.Filename,
		FirstLine: firstLine,
		Flags:     flags,
	}
	if s != nil {
		u.code.Cells = append([]string{}, s.Cells...)
		u.code.Frees = append([]string{}, s.Frees...)
		u.derefSplit = len(s.Cells)
		if s.IsGenerator {
			u.code.Flags |= bytecode.FlagGenerator
		}
	}
	if c.u != nil && c.u.isFunctionLike() || c.u != nil && c.u.code.Flags&bytecode.FlagNested != 0 {
		u.code.Flags |= bytecode.FlagNested
	}
	c.u = u
	u.use(u.newBlock())
	return u
}

// leave finishes the current unit (implicit return, analysis, layout) and
// returns its code object; the parent unit becomes current again.
func (c *compiler) leave() *bytecode.Code {
	u := c.u
	if !u.cur.terminated() {
		u.loadConst(bytecode.NoneConst{})
		u.emit(bytecode.RETURN_VALUE, 0)
	}
	u.assemble()
	code := u.code
	code.Consts = c.constOut.copyOf(u.consts)
	code.Names = c.nameOut.copyOf(u.names)
	// The code object has copies of everything: the unit's blocks (the
	// last allocated, since units nest) and the unit itself are reused.
	c.blocks.release(u.blockMark)
	clear(u.buf)
	clear(u.layout)
	clear(u.consts)
	clear(u.names)
	clear(u.fblocks)
	c.u = u.parent
	*u = unit{buf: u.buf, layout: u.layout, fblocks: u.fblocks, fast: u.fast, consts: u.consts, names: u.names}
	c.freeUnits = append(c.freeUnits, u)
	if c.u != nil {
		c.u.code.Children = append(c.u.code.Children, code)
	}
	return code
}

func (u *unit) isFunctionLike() bool {
	if u.scope == nil {
		return false
	}
	switch u.scope.Kind {
	case syntax.FunctionScope, syntax.LambdaScope, syntax.ComprehensionScope:
		return true
	}
	return false
}

// setParams lays out Code.Locals: positional parameters, keyword-only
// parameters, *args, **kwargs (the order bytecode.Code documents), then
// the other locals of the scope in the resolver's order. The resolver
// lists *args before the keyword-only parameters, so RefFast slots are
// translated through u.fast.
func (u *unit) setParams(args *syntax.Arguments, extra []string) {
	s := u.scope
	var params []string
	if args != nil {
		for _, a := range args.PosOnly {
			params = append(params, a.Name.Name)
		}
		for _, a := range args.Args {
			params = append(params, a.Name.Name)
		}
		for _, a := range args.KwOnly {
			params = append(params, a.Name.Name)
		}
		if args.Vararg != nil {
			params = append(params, args.Vararg.Name.Name)
			u.code.Flags |= bytecode.FlagVarArgs
		}
		if args.Kwarg != nil {
			params = append(params, args.Kwarg.Name.Name)
			u.code.Flags |= bytecode.FlagVarKw
		}
		u.code.PosOnlyCount = len(args.PosOnly)
		u.code.ArgCount = len(args.PosOnly) + len(args.Args)
		u.code.KwOnlyCount = len(args.KwOnly)
	}
	params = append(params, extra...)
	if s != nil {
		for i, p := range params {
			params[i] = resolve.Mangle(s.Private, p)
		}
	}
	nlocals := len(params)
	if s != nil {
		nlocals += len(s.Locals)
	}
	// slotOf finds a name in locals, which has no duplicates; small
	// tables are scanned, large ones get a map.
	var slot map[string]int
	if nlocals > 2*smallTable {
		slot = make(map[string]int, nlocals)
	}
	locals := make([]string, 0, nlocals)
	slotOf := func(name string) (int, bool) {
		if slot != nil {
			j, ok := slot[name]
			return j, ok
		}
		for j, l := range locals {
			if l == name {
				return j, true
			}
		}
		return 0, false
	}
	add := func(name string) int {
		if slot != nil {
			slot[name] = len(locals)
		}
		locals = append(locals, name)
		return len(locals) - 1
	}
	for _, p := range params {
		if _, dup := slotOf(p); !dup {
			add(p)
		}
	}
	if s != nil {
		u.fast = append(u.fast[:0], make([]int, len(s.Locals))...)
		for i, name := range s.Locals {
			if j, ok := slotOf(name); ok {
				u.fast[i] = j
				continue
			}
			u.fast[i] = add(name)
		}
	}
	u.code.Locals = locals
	u.code.CellParams = make([]int, len(u.code.Cells))
	for i, cell := range u.code.Cells {
		u.code.CellParams[i] = -1
		for j := 0; j < len(params) && j < len(locals); j++ {
			if locals[j] == cell {
				u.code.CellParams[i] = j
				break
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Constants and names

// constKey returns a key that identifies v up to Python constant identity:
// 1, 1.0 and True differ, as do 0.0 and -0.0. Code objects are never
// shared (ok false).
func constKey(v bytecode.Const) (string, bool) {
	switch v := v.(type) {
	case bytecode.NoneConst:
		return "N", true
	case bytecode.EllipsisConst:
		return "E", true
	case bool:
		if v {
			return "T", true
		}
		return "F", true
	case int64:
		return "i" + strconv.FormatInt(v, 10), true
	case *big.Int:
		return "i" + v.String(), true
	case float64:
		return "f" + strconv.FormatUint(math.Float64bits(v), 16), true
	case string:
		return "s" + v, true
	case bytecode.Tuple:
		var sb strings.Builder
		sb.WriteString("t")
		for _, x := range v {
			k, ok := constKey(x)
			if !ok {
				return "", false
			}
			sb.WriteString(strconv.Itoa(len(k)))
			sb.WriteByte(':')
			sb.WriteString(k)
		}
		return sb.String(), true
	}
	return "", false
}

// smallTable is how many constants or names a unit looks up by a linear
// scan before it builds a map; most code objects have fewer, and a scan of
// a few entries is cheaper than hashing (and allocates nothing).
const smallTable = 16

// constMapKey is constKey without the string building for the common
// kinds: kind 'i' (integers that fit in int64, whatever their Go type),
// 'f' (float bits), 's' (strings), 'N', 'E', 'T', 'F'; other ints and
// tuples use their constKey as s with kind 'k'.
type constMapKey struct {
	kind byte
	n    uint64
	s    string
}

func mapKeyOf(v bytecode.Const) (constMapKey, bool) {
	switch v := v.(type) {
	case bytecode.NoneConst:
		return constMapKey{kind: 'N'}, true
	case bytecode.EllipsisConst:
		return constMapKey{kind: 'E'}, true
	case bool:
		if v {
			return constMapKey{kind: 'T'}, true
		}
		return constMapKey{kind: 'F'}, true
	case int64:
		return constMapKey{kind: 'i', n: uint64(v)}, true
	case *big.Int:
		if v.IsInt64() {
			return constMapKey{kind: 'i', n: uint64(v.Int64())}, true
		}
	case float64:
		return constMapKey{kind: 'f', n: math.Float64bits(v)}, true
	case string:
		return constMapKey{kind: 's', s: v}, true
	}
	k, ok := constKey(v)
	return constMapKey{kind: 'k', s: k}, ok
}

// sameConst reports whether a and b have equal constKeys (both keyable)
// without building the keys.
func sameConst(a, b bytecode.Const) bool {
	switch x := a.(type) {
	case bytecode.NoneConst:
		_, ok := b.(bytecode.NoneConst)
		return ok
	case bytecode.EllipsisConst:
		_, ok := b.(bytecode.EllipsisConst)
		return ok
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case int64:
		switch y := b.(type) {
		case int64:
			return x == y
		case *big.Int:
			return y.IsInt64() && y.Int64() == x
		}
	case *big.Int:
		switch y := b.(type) {
		case int64:
			return x.IsInt64() && x.Int64() == y
		case *big.Int:
			return x.Cmp(y) == 0
		}
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bytecode.Tuple:
		y, ok := b.(bytecode.Tuple)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameConst(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// constIndex returns the Consts slot of v, adding it unless an equal
// constant (same constKey) is already there.
func (u *unit) constIndex(v bytecode.Const) int32 {
	consts := u.consts
	if u.constIdx == nil {
		for i, c := range consts {
			if sameConst(c, v) {
				return int32(i)
			}
		}
		if len(consts) >= smallTable {
			u.constIdx = make(map[constMapKey]int, 2*len(consts))
			for i, c := range consts {
				if k, ok := mapKeyOf(c); ok {
					if _, dup := u.constIdx[k]; !dup {
						u.constIdx[k] = i
					}
				}
			}
		}
	}
	k, ok := constMapKey{}, false
	if u.constIdx != nil {
		k, ok = mapKeyOf(v)
		if ok {
			if i, found := u.constIdx[k]; found {
				return int32(i)
			}
		}
	}
	i := len(consts)
	u.consts = append(consts, v)
	if ok {
		u.constIdx[k] = i
	}
	return int32(i)
}

func (u *unit) loadConst(v bytecode.Const) {
	u.emit(bytecode.LOAD_CONST, u.constIndex(v))
}

// nameIndex returns the Names slot of name, mangled for the enclosing
// class as CPython mangles every name-table operand.
func (u *unit) nameIndex(name string) int32 {
	if u.scope != nil {
		name = resolve.Mangle(u.scope.Private, name)
	}
	return u.rawNameIndex(name)
}

func (u *unit) rawNameIndex(name string) int32 {
	names := u.names
	if u.nameIdx == nil {
		for i, n := range names {
			if n == name {
				return int32(i)
			}
		}
		if len(names) < smallTable {
			u.names = append(names, name)
			return int32(len(names))
		}
		u.nameIdx = make(map[string]int, 2*len(names))
		for i, n := range names {
			u.nameIdx[n] = i
		}
	}
	if i, ok := u.nameIdx[name]; ok {
		return int32(i)
	}
	i := len(names)
	u.names = append(names, name)
	u.nameIdx[name] = i
	return int32(i)
}

// derefIndex translates a resolver Cells++Frees index to the code's.
func (u *unit) derefIndex(i int) int32 {
	if i >= u.derefSplit {
		i += u.derefShift
	}
	return int32(i)
}

// closureIndex finds name in this unit's Cells ++ Frees.
func (u *unit) closureIndex(name string) int {
	for i, n := range u.code.Cells {
		if n == name {
			return i
		}
	}
	for i, n := range u.code.Frees {
		if n == name {
			return len(u.code.Cells) + i
		}
	}
	return -1
}

// ---------------------------------------------------------------------------
// Code objects

// docstring returns the docstring of a body, if its first statement is a
// plain string literal.
func docstring(body []syntax.Stmt) (string, bool) {
	if len(body) == 0 {
		return "", false
	}
	if es, ok := body[0].(*syntax.ExprStmt); ok {
		if s, ok := es.X.(*syntax.Str); ok {
			return s.Value, true
		}
	}
	return "", false
}

func (c *compiler) module(m *syntax.Module) *bytecode.Code {
	u := c.enter(m.Scope, "<module>", 1, bytecode.FlagModule, m.Span())
	// About six instructions per statement of the module body (a def or
	// class costs five or six): allocate them once instead of doubling.
	u.buf = slices.Grow(u.buf, 6*len(m.Body))
	u.code.QualName = "<module>"
	u.setParams(nil, nil)
	body := m.Body
	if doc, ok := docstring(body); ok {
		u.code.Doc, u.code.HasDoc = doc, true
		u.span = body[0].Span()
		u.loadConst(doc)
		u.emit(bytecode.STORE_NAME, u.rawNameIndex("__doc__"))
		body = body[1:]
		if len(body) == 0 && c.opts.ReturnLastExpr {
			u.loadConst(doc)
			u.emit(bytecode.RETURN_VALUE, 0)
		}
	}
	for i, s := range body {
		if es, ok := s.(*syntax.ExprStmt); ok && i == len(body)-1 && c.opts.ReturnLastExpr {
			u.span = s.Span()
			c.expr(es.X)
			u.span = s.Span()
			u.emit(bytecode.RETURN_VALUE, 0)
			continue
		}
		c.top = s
		c.stmt(s)
		c.top = nil
	}
	return c.leave()
}

// reusedBody returns the reused code object of a module-level def or class
// s (nil when there is none to reuse) and adds it to the current unit's
// children as compiling it would.
func (c *compiler) reusedBody(s syntax.Stmt) *bytecode.Code {
	if c.opts.Reuse == nil || c.top != s {
		return nil
	}
	code := c.opts.Reuse(s)
	if code != nil {
		c.u.code.Children = append(c.u.code.Children, code)
	}
	return code
}

// record reports the code object of a module-level def or class.
func (c *compiler) record(s syntax.Stmt, code *bytecode.Code) {
	if c.opts.Record != nil && c.top == s {
		c.opts.Record(s, code)
	}
}

// firstLine is CPython's co_firstlineno of a def or class: the line of the
// first decorator, else of the statement.
func (c *compiler) firstLine(n syntax.Node, decorators []syntax.Expr) int {
	line := c.lineOf(n.Span().Start)
	if len(decorators) > 0 {
		if l := c.lineOf(decorators[0].Span().Start); l < line {
			line = l
		}
	}
	return line
}

// functionDef compiles "def": decorators, defaults, the function object,
// decorator calls and the store of the name.
func (c *compiler) functionDef(s *syntax.FunctionDef) {
	u := c.u
	c.decorators(s.Decorators)
	u.span = s.Span()
	flags := c.defaults(s.Args)
	code := c.reusedBody(s)
	if code == nil {
		code = c.functionBody(s)
	}
	c.record(s, code)
	c.makeClosure(code, flags, s.Span())
	c.applyDecorators(s.Decorators)
	u.span = s.Span()
	c.storeRef(s.NameRef, s.Name.Name, s.Name.Span())
}

func (c *compiler) functionBody(s *syntax.FunctionDef) *bytecode.Code {
	if s.Scope == nil {
		c.internalError(s.Span(), "function %s has no scope", s.Name.Name)
	}
	u := c.enter(s.Scope, s.Name.Name, c.firstLine(s, s.Decorators), 0, s.Span())
	u.setParams(s.Args, nil)
	body := s.Body
	if doc, ok := docstring(body); ok {
		u.code.Doc, u.code.HasDoc = doc, true
		body = body[1:]
	}
	c.stmts(body)
	if len(s.Body) > 0 {
		u.span = s.Body[len(s.Body)-1].Span()
	}
	return c.leave()
}

func (c *compiler) lambda(e *syntax.Lambda) {
	u := c.u
	flags := c.defaults(e.Args)
	if e.Scope == nil {
		c.internalError(e.Span(), "lambda has no scope")
	}
	lu := c.enter(e.Scope, "<lambda>", c.lineOf(e.Span().Start), bytecode.FlagLambda, e.Span())
	lu.setParams(e.Args, nil)
	c.expr(e.Body)
	lu.span = e.Body.Span()
	if lu.code.Flags&bytecode.FlagGenerator != 0 {
		lu.emit(bytecode.POP_TOP, 0)
		lu.loadConst(bytecode.NoneConst{})
	}
	lu.emit(bytecode.RETURN_VALUE, 0)
	code := c.leave()
	u.span = e.Span()
	c.makeClosure(code, flags, e.Span())
}

// defaults pushes the defaults tuple and the keyword-only defaults dict of
// a parameter list and returns the MAKE_FUNCTION flags for them.
func (c *compiler) defaults(args *syntax.Arguments) int32 {
	if args == nil {
		return 0
	}
	u := c.u
	var flags int32
	if len(args.Defaults) > 0 {
		for _, d := range args.Defaults {
			c.expr(d)
		}
		u.emit(bytecode.BUILD_TUPLE, int32(len(args.Defaults)))
		flags |= bytecode.MakeDefaults
	}
	n := 0
	for i, d := range args.KwDefaults {
		if d == nil || i >= len(args.KwOnly) {
			continue
		}
		u.loadConst(resolve.Mangle(privateOf(u.scope), args.KwOnly[i].Name.Name))
		c.expr(d)
		n++
	}
	if n > 0 {
		u.emit(bytecode.BUILD_MAP, int32(n))
		flags |= bytecode.MakeKwDefaults
	}
	return flags
}

func privateOf(s *syntax.Scope) string {
	if s == nil {
		return ""
	}
	return s.Private
}

// makeClosure pushes the closure tuple of code (if it has free variables),
// the code constant and MAKE_FUNCTION.
func (c *compiler) makeClosure(code *bytecode.Code, flags int32, sp source.Span) {
	u := c.u
	if len(code.Frees) > 0 {
		for _, name := range code.Frees {
			i := u.closureIndex(name)
			if i < 0 {
				c.internalError(sp, "free variable %q of %s not found in %s", name, code.QualName, u.code.QualName)
				i = 0
				u.loadConst(bytecode.NoneConst{})
				continue
			}
			u.emit(bytecode.LOAD_CLOSURE, int32(i))
		}
		u.emit(bytecode.BUILD_TUPLE, int32(len(code.Frees)))
		flags |= bytecode.MakeClosure
	}
	u.loadConst(code)
	u.emit(bytecode.MAKE_FUNCTION, flags)
}

func (c *compiler) decorators(ds []syntax.Expr) {
	for _, d := range ds {
		c.expr(d)
	}
}

func (c *compiler) applyDecorators(ds []syntax.Expr) {
	u := c.u
	for i := len(ds) - 1; i >= 0; i-- {
		u.span = ds[i].Span()
		u.emit(bytecode.CALL, 1)
	}
}

// classDef compiles "class": LOAD_BUILD_CLASS, the body function, the
// name, the bases and keywords, the call, decorators and the store.
func (c *compiler) classDef(s *syntax.ClassDef) {
	u := c.u
	c.decorators(s.Decorators)
	u.span = s.Span()
	u.emit(bytecode.LOAD_BUILD_CLASS, 0)
	code := c.reusedBody(s)
	if code == nil {
		code = c.classBody(s)
	}
	c.record(s, code)
	c.makeClosure(code, 0, s.Span())
	u.loadConst(s.Name.Name)
	c.callHelper(2, s.Bases, s.Keywords)
	c.applyDecorators(s.Decorators)
	u.span = s.Span()
	c.storeRef(s.NameRef, s.Name.Name, s.Name.Span())
}

func (c *compiler) classBody(s *syntax.ClassDef) *bytecode.Code {
	if s.Scope == nil {
		c.internalError(s.Span(), "class %s has no scope", s.Name.Name)
	}
	u := c.enter(s.Scope, s.Name.Name, c.firstLine(s, s.Decorators), bytecode.FlagClassBody, s.Span())
	if s.Scope != nil && s.Scope.NeedsClassCell && u.closureIndex("__class__") < 0 {
		// The resolver promises a "__class__" cell; add it if missing.
		u.code.Cells = append(u.code.Cells, "__class__")
		u.derefShift = 1
	}
	u.setParams(nil, nil)
	u.emit(bytecode.LOAD_NAME, u.rawNameIndex("__name__"))
	u.emit(bytecode.STORE_NAME, u.rawNameIndex("__module__"))
	u.loadConst(u.code.QualName)
	u.emit(bytecode.STORE_NAME, u.rawNameIndex("__qualname__"))
	body := s.Body
	if doc, ok := docstring(body); ok {
		u.code.Doc, u.code.HasDoc = doc, true
		u.span = body[0].Span()
		u.loadConst(doc)
		u.emit(bytecode.STORE_NAME, u.rawNameIndex("__doc__"))
		body = body[1:]
	}
	c.stmts(body)
	u.span = s.Span()
	if s.Scope != nil && s.Scope.NeedsClassCell {
		u.emit(bytecode.LOAD_CLOSURE, int32(u.closureIndex("__class__")))
		u.emit(bytecode.STORE_NAME, u.rawNameIndex("__classcell__"))
	}
	if !u.cur.terminated() {
		u.loadConst(bytecode.NoneConst{})
		u.emit(bytecode.RETURN_VALUE, 0)
	}
	return c.leave()
}
