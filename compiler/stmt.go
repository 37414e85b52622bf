package compiler

import (
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// fbKind is the kind of a frame block: a construct that return, break and
// continue must unwind when they leave it (CPython's fblocktype).
type fbKind uint8

const (
	fbWhile          fbKind = iota
	fbFor                   // the iterator is on the stack
	fbTryExcept             // a handler is active
	fbFinallyTry            // a handler is active; leaving runs the finally body
	fbFinallyEnd            // in the exceptional finally body: [prev exc] on the stack
	fbWith                  // [exit self] on the stack, a handler active
	fbHandlerCleanup        // in an except clause: [prev] on the stack
	fbPopValue              // a value to drop (return value while a finally body runs)
)

type fblock struct {
	kind        fbKind
	start, exit *block                // loops: continue and break targets
	final       []syntax.Stmt         // fbFinallyTry: the finally body
	handler     *syntax.ExceptHandler // fbHandlerCleanup with a name
	span        source.Span
	// ownsIter is set on fbFor when the iterable is a call: the loop holds
	// the only reference to a generator it returned.
	ownsIter bool
}

func (u *unit) pushFblock(fb fblock) { u.fblocks = append(u.fblocks, fb) }
func (u *unit) popFblock()           { u.fblocks = u.fblocks[:len(u.fblocks)-1] }

// unwind emits the code that leaves one frame block (CPython's
// compiler_unwind_fblock). With preserveTOS a value (the return value) on
// top of the stack survives.
func (c *compiler) unwind(fb fblock, preserveTOS bool) {
	u := c.u
	switch fb.kind {
	case fbWhile:
	case fbFor:
		if preserveTOS {
			u.emit(bytecode.SWAP, 2)
		}
		closeGen := int32(0)
		if fb.ownsIter {
			closeGen = 1
		}
		u.emit(bytecode.POP_ITER, closeGen)
	case fbTryExcept:
		u.emit(bytecode.POP_HANDLER, 0)
	case fbFinallyTry:
		u.emit(bytecode.POP_HANDLER, 0)
		if preserveTOS {
			u.pushFblock(fblock{kind: fbPopValue})
		}
		saved := u.span
		c.stmts(fb.final)
		u.span = saved
		if preserveTOS {
			u.popFblock()
		}
	case fbFinallyEnd:
		if preserveTOS {
			u.emit(bytecode.SWAP, 2)
		}
		u.emit(bytecode.POP_TOP, 0) // the exception
		if preserveTOS {
			u.emit(bytecode.SWAP, 2)
		}
		u.emit(bytecode.POP_HANDLER, 0)
		u.emit(bytecode.POP_EXCEPT, 0)
	case fbWith:
		u.emit(bytecode.POP_HANDLER, 0)
		if preserveTOS { // [exit self v] -> [v exit self]
			u.emit(bytecode.SWAP, 3)
			u.emit(bytecode.SWAP, 2)
		}
		saved := u.span
		u.span = fb.span
		c.callExitWithNones()
		u.emit(bytecode.POP_TOP, 0)
		u.span = saved
	case fbHandlerCleanup:
		if fb.handler != nil {
			u.emit(bytecode.POP_HANDLER, 0)
		}
		if preserveTOS {
			u.emit(bytecode.SWAP, 2)
		}
		u.emit(bytecode.POP_HANDLER, 0)
		u.emit(bytecode.POP_EXCEPT, 0)
		if fb.handler != nil {
			c.clearExceptName(fb.handler)
		}
	case fbPopValue:
		if preserveTOS {
			u.emit(bytecode.SWAP, 2)
		}
		u.emit(bytecode.POP_TOP, 0)
	}
}

// unwindStack unwinds the frame blocks from the top; with wantLoop it
// stops at (and returns) the innermost loop without unwinding it.
func (c *compiler) unwindStack(preserveTOS, wantLoop bool) *fblock {
	u := c.u
	if len(u.fblocks) == 0 {
		return nil
	}
	top := u.fblocks[len(u.fblocks)-1]
	if wantLoop && (top.kind == fbWhile || top.kind == fbFor) {
		return &top
	}
	u.popFblock()
	c.unwind(top, preserveTOS)
	loop := c.unwindStack(preserveTOS, wantLoop)
	u.pushFblock(top)
	return loop
}

// callExitWithNones calls the with-statement's [exit self] pair (see
// BEFORE_WITH) as exit(None, None, None), leaving its result.
func (c *compiler) callExitWithNones() {
	u := c.u
	u.loadConst(bytecode.NoneConst{})
	u.loadConst(bytecode.NoneConst{})
	u.loadConst(bytecode.NoneConst{})
	u.emit(bytecode.CALL_METHOD, 3)
}

func (c *compiler) stmts(list []syntax.Stmt) {
	for _, s := range list {
		c.stmt(s)
	}
}

func (c *compiler) stmt(s syntax.Stmt) {
	u := c.u
	u.span = s.Span()
	switch s := s.(type) {
	case *syntax.ExprStmt:
		if isConstExpr(s.X) {
			return // a constant statement does nothing
		}
		c.expr(s.X)
		u.span = s.Span()
		u.emit(bytecode.POP_TOP, 0)
	case *syntax.Assign:
		c.expr(s.Value)
		for i, t := range s.Targets {
			u.span = s.Span()
			if i < len(s.Targets)-1 {
				u.emit(bytecode.COPY, 1)
			}
			c.store(t)
		}
	case *syntax.AugAssign:
		c.augAssign(s)
	case *syntax.AnnAssign:
		c.annAssign(s)
	case *syntax.Delete:
		for _, t := range s.Targets {
			c.del(t)
		}
	case *syntax.Pass, *syntax.Global, *syntax.Nonlocal:
	case *syntax.Break:
		loop := c.unwindStack(false, true)
		if loop == nil {
			c.syntaxError(s.Span(), "'break' outside loop")
			return
		}
		u.span = s.Span()
		c.unwind(*loop, false)
		u.emitJump(bytecode.JUMP, loop.exit)
	case *syntax.Continue:
		loop := c.unwindStack(false, true)
		if loop == nil {
			c.syntaxError(s.Span(), "'continue' not properly in loop")
			return
		}
		u.span = s.Span()
		u.emitJump(bytecode.JUMP, loop.start)
	case *syntax.Return:
		c.returnStmt(s)
	case *syntax.Raise:
		n := int32(0)
		if s.Exc != nil {
			c.expr(s.Exc)
			n++
			if s.Cause != nil {
				c.expr(s.Cause)
				n++
			}
		}
		u.span = s.Span()
		u.emit(bytecode.RAISE_VARARGS, n)
	case *syntax.Assert:
		end := u.newBlock()
		c.jumpIf(s.Test, end, true)
		u.span = s.Span()
		u.emit(bytecode.LOAD_GLOBAL, u.rawNameIndex("AssertionError"))
		if s.Msg != nil {
			c.expr(s.Msg)
			u.span = s.Span()
			u.emit(bytecode.CALL, 1)
		}
		u.emit(bytecode.RAISE_VARARGS, 1)
		u.use(end)
	case *syntax.Import:
		c.importStmt(s)
	case *syntax.ImportFrom:
		c.importFrom(s)
	case *syntax.If:
		c.ifStmt(s)
	case *syntax.While:
		c.whileStmt(s)
	case *syntax.For:
		c.forStmt(s)
	case *syntax.Try:
		if len(s.FinalBody) > 0 {
			c.tryFinally(s)
		} else {
			c.tryExcept(s)
		}
	case *syntax.With:
		if len(s.Items) == 0 {
			c.stmts(s.Body)
			return
		}
		c.with(s, 0)
	case *syntax.FunctionDef:
		c.functionDef(s)
	case *syntax.ClassDef:
		c.classDef(s)
	case *syntax.BadStmt:
		c.syntaxError(s.Span(), "invalid syntax")
	default:
		c.internalError(s.Span(), "unknown statement %T", s)
	}
}

func (c *compiler) returnStmt(s *syntax.Return) {
	u := c.u
	var cv bytecode.Const
	isConst := false
	if s.Value != nil {
		cv, isConst = constValue(s.Value)
	}
	preserve := s.Value != nil && !isConst
	if preserve {
		c.expr(s.Value)
	}
	u.span = s.Span()
	c.unwindStack(preserve, false)
	u.span = s.Span()
	if s.Value == nil {
		u.loadConst(bytecode.NoneConst{})
	} else if !preserve {
		u.span = s.Value.Span()
		u.loadConst(cv)
		u.span = s.Span()
	}
	u.emit(bytecode.RETURN_VALUE, 0)
}

func (c *compiler) ifStmt(s *syntax.If) {
	u := c.u
	end := u.newBlock()
	if len(s.OrElse) > 0 {
		next := u.newBlock()
		c.jumpIf(s.Test, next, false)
		c.stmts(s.Body)
		u.span = s.Span()
		u.emitJump(bytecode.JUMP, end)
		u.use(next)
		c.stmts(s.OrElse)
	} else {
		c.jumpIf(s.Test, end, false)
		c.stmts(s.Body)
	}
	u.use(end)
}

func (c *compiler) whileStmt(s *syntax.While) {
	u := c.u
	loop, anchor, end := u.newBlock(), u.newBlock(), u.newBlock()
	u.use(loop)
	if !isTrueConst(s.Test) {
		c.jumpIf(s.Test, anchor, false)
	}
	u.pushFblock(fblock{kind: fbWhile, start: loop, exit: end})
	c.stmts(s.Body)
	u.popFblock()
	u.span = s.Span()
	u.emitJump(bytecode.JUMP, loop)
	u.use(anchor)
	c.stmts(s.OrElse)
	u.use(end)
}

func (c *compiler) forStmt(s *syntax.For) {
	u := c.u
	start, cleanup, end := u.newBlock(), u.newBlock(), u.newBlock()
	c.expr(s.Iter)
	u.span = s.Span()
	u.emit(bytecode.GET_ITER, 0)
	u.use(start)
	u.emitJump(bytecode.FOR_ITER, cleanup)
	c.store(s.Target)
	_, ownsIter := s.Iter.(*syntax.Call)
	u.pushFblock(fblock{kind: fbFor, start: start, exit: end, ownsIter: ownsIter})
	c.stmts(s.Body)
	u.popFblock()
	u.span = s.Span()
	u.emitJump(bytecode.JUMP, start)
	u.use(cleanup)
	c.stmts(s.OrElse)
	u.use(end)
}

// tryExcept compiles try/except/else (CPython's compiler_try_except).
func (c *compiler) tryExcept(s *syntax.Try) {
	u := c.u
	except, end, cleanup := u.newBlock(), u.newBlock(), u.newBlock()
	u.emitJump(bytecode.SETUP_HANDLER, except)
	u.pushFblock(fblock{kind: fbTryExcept})
	c.stmts(s.Body)
	u.popFblock()
	u.emit(bytecode.POP_HANDLER, 0)
	c.stmts(s.OrElse)
	u.span = s.Span()
	u.emitJump(bytecode.JUMP, end)

	u.use(except) // [exc]
	u.emitJump(bytecode.SETUP_HANDLER, cleanup)
	u.emit(bytecode.PUSH_EXC_INFO, 0) // [prev exc]
	for i, h := range s.Handlers {
		u.span = h.Span()
		if h.Type == nil && i < len(s.Handlers)-1 {
			c.syntaxError(h.Span(), "default 'except:' must be last")
		}
		next := u.newBlock()
		if h.Type != nil {
			c.expr(h.Type)
			u.span = h.Span()
			u.emit(bytecode.CHECK_EXC_MATCH, 0)
			u.emitJump(bytecode.POP_JUMP_IF_FALSE, next)
		}
		if h.Name != nil {
			nameClean := u.newBlock()
			c.storeRef(h.NameRef, h.Name.Name, h.Name.Span()) // [prev]
			u.emitJump(bytecode.SETUP_HANDLER, nameClean)
			u.pushFblock(fblock{kind: fbHandlerCleanup, handler: h})
			c.stmts(h.Body)
			u.popFblock()
			u.span = h.Span()
			u.emit(bytecode.POP_HANDLER, 0)
			u.emit(bytecode.POP_HANDLER, 0)
			u.emit(bytecode.POP_EXCEPT, 0)
			c.clearExceptName(h)
			u.emitJump(bytecode.JUMP, end)

			u.use(nameClean) // [prev newexc]
			c.clearExceptName(h)
			u.emit(bytecode.RERAISE, 0)
		} else {
			u.emit(bytecode.POP_TOP, 0) // [prev]
			u.pushFblock(fblock{kind: fbHandlerCleanup})
			c.stmts(h.Body)
			u.popFblock()
			u.span = h.Span()
			u.emit(bytecode.POP_HANDLER, 0)
			u.emit(bytecode.POP_EXCEPT, 0)
			u.emitJump(bytecode.JUMP, end)
		}
		u.use(next)
	}
	u.span = s.Span()
	u.emit(bytecode.RERAISE, 0) // no clause matched: [prev exc]

	u.use(cleanup) // [prev newexc]
	u.emit(bytecode.SWAP, 2)
	u.emit(bytecode.POP_EXCEPT, 0)
	u.emit(bytecode.RERAISE, 0)
	u.use(end)
}

// clearExceptName emits "name = None; del name" for an except clause.
func (c *compiler) clearExceptName(h *syntax.ExceptHandler) {
	u := c.u
	saved := u.span
	u.span = h.Name.Span()
	u.loadConst(bytecode.NoneConst{})
	c.storeRef(h.NameRef, h.Name.Name, h.Name.Span())
	c.nameOp(h.Name.Name, h.NameRef, syntax.Del, h.Name.Span())
	u.span = saved
}

// tryFinally compiles try/finally (with any except clauses inside).
func (c *compiler) tryFinally(s *syntax.Try) {
	u := c.u
	final, exit, cleanup := u.newBlock(), u.newBlock(), u.newBlock()
	u.emitJump(bytecode.SETUP_HANDLER, final)
	u.pushFblock(fblock{kind: fbFinallyTry, final: s.FinalBody})
	if len(s.Handlers) > 0 {
		c.tryExcept(s)
	} else {
		c.stmts(s.Body)
	}
	u.popFblock()
	u.emit(bytecode.POP_HANDLER, 0)
	c.stmts(s.FinalBody)
	u.span = s.Span()
	u.emitJump(bytecode.JUMP, exit)

	u.use(final) // [exc]
	u.emitJump(bytecode.SETUP_HANDLER, cleanup)
	u.emit(bytecode.PUSH_EXC_INFO, 0) // [prev exc]
	u.pushFblock(fblock{kind: fbFinallyEnd})
	c.stmts(s.FinalBody)
	u.popFblock()
	u.span = s.Span()
	u.emit(bytecode.POP_HANDLER, 0)
	u.emit(bytecode.SWAP, 2)
	u.emit(bytecode.POP_EXCEPT, 0)
	u.emit(bytecode.RERAISE, 0)

	u.use(cleanup) // [prev newexc]
	u.emit(bytecode.SWAP, 2)
	u.emit(bytecode.POP_EXCEPT, 0)
	u.emit(bytecode.RERAISE, 0)
	u.use(exit)
}

// with compiles item pos of a with statement and, nested inside it, the
// remaining items and the body.
//
// BEFORE_WITH leaves __exit__ as the pair [exit self] that LOAD_METHOD
// leaves (as CPython 3.14 does), so that entering a with statement
// allocates no bound method. The handler is set up after the "as" target
// is stored, when the stack is [exit self]: its depth must not exceed the depth of any instruction it
// covers. Unlike CPython, an exception raised while storing the target
// (a failing unpack or __setattr__) therefore does not reach __exit__.
func (c *compiler) with(s *syntax.With, pos int) {
	u := c.u
	item := s.Items[pos]
	final, exit, cleanup, suppress := u.newBlock(), u.newBlock(), u.newBlock(), u.newBlock()
	c.expr(item.Context)
	u.span = item.Span()
	u.emit(bytecode.BEFORE_WITH, 0) // [exit self v]
	if item.Vars != nil {
		c.store(item.Vars)
	} else {
		u.emit(bytecode.POP_TOP, 0)
	}
	u.span = s.Span()
	u.emitJump(bytecode.SETUP_HANDLER, final) // [exit self]
	u.pushFblock(fblock{kind: fbWith, span: s.Span()})
	if pos+1 == len(s.Items) {
		c.stmts(s.Body)
	} else {
		c.with(s, pos+1)
	}
	u.popFblock()
	u.span = s.Span()
	u.emit(bytecode.POP_HANDLER, 0)
	c.callExitWithNones()
	u.emit(bytecode.POP_TOP, 0)
	u.emitJump(bytecode.JUMP, exit)

	u.use(final) // [exit self exc]
	u.emitJump(bytecode.SETUP_HANDLER, cleanup)
	u.emit(bytecode.PUSH_EXC_INFO, 0)               // [exit self prev exc]
	u.emit(bytecode.WITH_EXCEPT_START, 0)           // [exit self prev exc r]
	u.emitJump(bytecode.POP_JUMP_IF_TRUE, suppress) // [exit self prev exc]
	u.emit(bytecode.RERAISE, 0)
	u.use(suppress)
	u.emit(bytecode.POP_TOP, 0) // [exit self prev]
	u.emit(bytecode.POP_HANDLER, 0)
	u.emit(bytecode.POP_EXCEPT, 0) // [exit self]
	u.emit(bytecode.POP_TOP, 0)
	u.emit(bytecode.POP_TOP, 0) // []
	u.emitJump(bytecode.JUMP, exit)

	u.use(cleanup) // [exit self prev newexc]
	u.emit(bytecode.SWAP, 2)
	u.emit(bytecode.POP_EXCEPT, 0) // [exit self newexc]
	u.emit(bytecode.SWAP, 3)
	u.emit(bytecode.POP_TOP, 0)
	u.emit(bytecode.POP_TOP, 0) // [newexc]
	u.emit(bytecode.RERAISE, 0)
	u.use(exit)
}

func (c *compiler) importStmt(s *syntax.Import) {
	u := c.u
	for _, a := range s.Names {
		u.span = a.Span()
		full := a.Name.Name
		u.emit(bytecode.IMPORT_NAME, u.rawNameIndex(full))
		if a.AsName != nil {
			// IMPORT_NAME of a dotted name yields the top package; walk
			// down to the submodule (as CPython's compiler_import_as).
			parts := strings.Split(full, ".")
			for _, p := range parts[1:] {
				u.emit(bytecode.IMPORT_FROM, u.rawNameIndex(p))
				u.emit(bytecode.SWAP, 2)
				u.emit(bytecode.POP_TOP, 0)
			}
			c.storeName(a.AsName.Name, a.AsName.Span())
		} else {
			top := full
			if i := strings.IndexByte(full, '.'); i >= 0 {
				top = full[:i]
			}
			c.storeName(top, a.Name.Span())
		}
	}
}

func (c *compiler) importFrom(s *syntax.ImportFrom) {
	u := c.u
	mod := strings.Repeat(".", s.Level)
	if s.Module != nil {
		mod += s.Module.Name
	}
	u.emit(bytecode.IMPORT_NAME, u.rawNameIndex(mod))
	for _, a := range s.Names {
		u.span = a.Span()
		if a.Name.Name == "*" {
			c.syntaxError(a.Span(), "'from ... import *' is not supported")
			continue
		}
		u.emit(bytecode.IMPORT_FROM, u.nameIndex(a.Name.Name))
		if a.AsName != nil {
			c.storeName(a.AsName.Name, a.AsName.Span())
		} else {
			c.storeName(a.Name.Name, a.Name.Span())
		}
	}
	u.span = s.Span()
	u.emit(bytecode.POP_TOP, 0)
}

// storeName stores into a name that has no Ref of its own (import
// aliases), asking the resolver how this scope stores it.
func (c *compiler) storeName(name string, sp source.Span) {
	c.storeRef(resolve.StoreRef(c.u.scope, name), name, sp)
}

func (c *compiler) storeRef(ref syntax.Ref, name string, sp source.Span) {
	c.nameOp(name, ref, syntax.Store, sp)
}

// nameOp emits the load, store or delete of a resolved name.
func (c *compiler) nameOp(name string, ref syntax.Ref, ctx syntax.ExprContext, sp source.Span) {
	u := c.u
	pick := func(load, store, del bytecode.Opcode) bytecode.Opcode {
		switch ctx {
		case syntax.Store:
			return store
		case syntax.Del:
			return del
		}
		return load
	}
	switch ref.Kind {
	case syntax.RefFast:
		if ref.Index < 0 || ref.Index >= len(u.fast) {
			c.internalError(sp, "local %q has slot %d outside %s's locals", name, ref.Index, u.code.QualName)
			c.fallbackName(name, ctx)
			return
		}
		u.emit(pick(bytecode.LOAD_FAST, bytecode.STORE_FAST, bytecode.DELETE_FAST), int32(u.fast[ref.Index]))
	case syntax.RefDeref, syntax.RefClassDeref:
		i := u.derefIndex(ref.Index)
		if ref.Index < 0 || int(i) >= len(u.code.Cells)+len(u.code.Frees) {
			c.internalError(sp, "cell variable %q has index %d outside %s's cells", name, ref.Index, u.code.QualName)
			c.fallbackName(name, ctx)
			return
		}
		if ref.Kind == syntax.RefClassDeref && ctx == syntax.Load {
			u.emit(bytecode.LOAD_CLASSDEREF, i)
			return
		}
		u.emit(pick(bytecode.LOAD_DEREF, bytecode.STORE_DEREF, bytecode.DELETE_DEREF), i)
	case syntax.RefGlobal:
		u.emit(pick(bytecode.LOAD_GLOBAL, bytecode.STORE_GLOBAL, bytecode.DELETE_GLOBAL), u.nameIndex(name))
	case syntax.RefName:
		u.emit(pick(bytecode.LOAD_NAME, bytecode.STORE_NAME, bytecode.DELETE_NAME), u.nameIndex(name))
	default:
		c.internalError(sp, "name %q was not resolved", name)
		c.fallbackName(name, ctx)
	}
}

// fallbackName keeps the stack balanced after an internal error.
func (c *compiler) fallbackName(name string, ctx syntax.ExprContext) {
	u := c.u
	switch ctx {
	case syntax.Store:
		u.emit(bytecode.STORE_NAME, u.nameIndex(name))
	case syntax.Del:
		u.emit(bytecode.DELETE_NAME, u.nameIndex(name))
	default:
		u.emit(bytecode.LOAD_NAME, u.nameIndex(name))
	}
}

// store pops the top of the stack into an assignment target.
func (c *compiler) store(t syntax.Expr) {
	u := c.u
	saved := u.span
	defer func() { u.span = saved }()
	u.span = t.Span()
	switch t := t.(type) {
	case *syntax.Name:
		c.nameOp(t.Id, t.Ref, syntax.Store, t.Span())
	case *syntax.Attribute:
		c.expr(t.X)
		u.span = t.Span()
		u.emit(bytecode.STORE_ATTR, u.nameIndex(t.Attr.Name))
	case *syntax.Subscript:
		c.expr(t.X)
		c.index(t.Index)
		u.span = t.Span()
		u.emit(bytecode.STORE_SUBSCR, 0)
	case *syntax.Tuple:
		c.unpack(t.Elts, t.Span())
	case *syntax.List:
		c.unpack(t.Elts, t.Span())
	case *syntax.Starred:
		c.syntaxError(t.Span(), "starred assignment target must be in a list or tuple")
		u.emit(bytecode.POP_TOP, 0)
	default:
		c.syntaxError(t.Span(), "cannot assign to expression")
		u.emit(bytecode.POP_TOP, 0)
	}
}

// unpack stores a sequence into targets, one of which may be starred.
func (c *compiler) unpack(elts []syntax.Expr, sp source.Span) {
	u := c.u
	star := -1
	for i, e := range elts {
		if _, ok := e.(*syntax.Starred); ok {
			if star >= 0 {
				c.syntaxError(e.Span(), "multiple starred expressions in assignment")
				u.emit(bytecode.POP_TOP, 0)
				return
			}
			star = i
		}
	}
	if star < 0 {
		u.emit(bytecode.UNPACK_SEQUENCE, int32(len(elts)))
	} else {
		before, after := star, len(elts)-star-1
		if before >= 256 || after >= 1<<23 {
			c.syntaxError(sp, "too many expressions in star-unpacking assignment")
			u.emit(bytecode.POP_TOP, 0)
			return
		}
		u.emit(bytecode.UNPACK_EX, int32(before|after<<8))
	}
	for _, e := range elts {
		if s, ok := e.(*syntax.Starred); ok {
			c.store(s.X)
		} else {
			c.store(e)
		}
	}
}

func (c *compiler) del(t syntax.Expr) {
	u := c.u
	saved := u.span
	defer func() { u.span = saved }()
	u.span = t.Span()
	switch t := t.(type) {
	case *syntax.Name:
		c.nameOp(t.Id, t.Ref, syntax.Del, t.Span())
	case *syntax.Attribute:
		c.expr(t.X)
		u.span = t.Span()
		u.emit(bytecode.DELETE_ATTR, u.nameIndex(t.Attr.Name))
	case *syntax.Subscript:
		c.expr(t.X)
		c.index(t.Index)
		u.span = t.Span()
		u.emit(bytecode.DELETE_SUBSCR, 0)
	case *syntax.Tuple:
		for _, e := range t.Elts {
			c.del(e)
		}
	case *syntax.List:
		for _, e := range t.Elts {
			c.del(e)
		}
	default:
		c.syntaxError(t.Span(), "cannot delete expression")
	}
}

func (c *compiler) augAssign(s *syntax.AugAssign) {
	u := c.u
	op, ok := binaryOp(s.Op)
	if !ok {
		c.syntaxError(s.Span(), "unsupported operator %s=", s.Op)
	}
	op += bytecode.OpInplace
	switch t := s.Target.(type) {
	case *syntax.Name:
		c.nameOp(t.Id, t.Ref, syntax.Load, t.Span())
		c.expr(s.Value)
		u.span = s.Span()
		u.emit(bytecode.BINARY_OP, int32(op))
		c.nameOp(t.Id, t.Ref, syntax.Store, t.Span())
	case *syntax.Attribute:
		c.expr(t.X)
		u.span = t.Span()
		u.emit(bytecode.COPY, 1)
		u.emit(bytecode.LOAD_ATTR, u.nameIndex(t.Attr.Name))
		c.expr(s.Value)
		u.span = s.Span()
		u.emit(bytecode.BINARY_OP, int32(op))
		u.emit(bytecode.SWAP, 2)
		u.emit(bytecode.STORE_ATTR, u.nameIndex(t.Attr.Name))
	case *syntax.Subscript:
		c.expr(t.X)
		c.index(t.Index)
		u.span = t.Span()
		u.emit(bytecode.COPY, 2)
		u.emit(bytecode.COPY, 2)
		u.emit(bytecode.BINARY_SUBSCR, 0)
		c.expr(s.Value)
		u.span = s.Span()
		u.emit(bytecode.BINARY_OP, int32(op))
		u.emit(bytecode.SWAP, 3)
		u.emit(bytecode.SWAP, 2)
		u.emit(bytecode.STORE_SUBSCR, 0)
	default:
		c.syntaxError(s.Target.Span(), "'%s' is an illegal expression for augmented assignment", "expression")
	}
}

// annAssign compiles "target: annotation [= value]". Annotations are never
// evaluated; without a value, the object and index of an attribute or
// subscript target are evaluated (and dropped), as in CPython.
func (c *compiler) annAssign(s *syntax.AnnAssign) {
	u := c.u
	if s.Value != nil {
		c.expr(s.Value)
		c.store(s.Target)
		return
	}
	switch t := s.Target.(type) {
	case *syntax.Attribute:
		c.expr(t.X)
		u.emit(bytecode.POP_TOP, 0)
	case *syntax.Subscript:
		c.expr(t.X)
		u.emit(bytecode.POP_TOP, 0)
		c.checkAnnSubscr(t.Index)
	}
}

func (c *compiler) checkAnnSubscr(e syntax.Expr) {
	u := c.u
	switch e := e.(type) {
	case *syntax.Slice:
		for _, p := range []syntax.Expr{e.Lo, e.Hi, e.Step} {
			if p != nil {
				c.expr(p)
				u.emit(bytecode.POP_TOP, 0)
			}
		}
	case *syntax.Tuple:
		for _, x := range e.Elts {
			c.checkAnnSubscr(x)
		}
	default:
		c.expr(e)
		u.emit(bytecode.POP_TOP, 0)
	}
}
