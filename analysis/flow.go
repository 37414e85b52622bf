package analysis

import (
	"strings"

	"github.com/weft-lang/weft/compiler/syntax"
)

// This file is the scheduler-effect analysis behind the tasklet rules
// (T501, T502, T503). It summarises what running a piece of code may do
// to the scheduler: create tasklets, let other tasklets run, or block on
// a channel. Summaries compose in sequence, over alternatives (if/else,
// except clauses) and over loops; calls of functions of the file use the
// callee's summary, and calls of unknown code are assumed to do anything.

// effect summarises a piece of code.
type effect struct {
	create bool // may create a runnable tasklet or start a thread
	sw     bool // may let other tasklets run
	// open is a certain tasklet creation that nothing after it may
	// switch away from (T501 reports it).
	open syntax.Node
	// block is a channel operation that certainly runs before anything
	// may have created a tasklet (T502 reports it).
	block syntax.Node
}

var unknownEffect = effect{create: true, sw: true}

// then is a followed by b.
func (a effect) then(b effect) effect {
	out := effect{create: a.create || b.create, sw: a.sw || b.sw}
	if a.open != nil && !b.sw {
		out.open = a.open
	} else {
		out.open = b.open
	}
	if a.block != nil {
		out.block = a.block
	} else if !a.create {
		out.block = b.block
	}
	return out
}

// either is exactly one of the alternatives.
func either(alts ...effect) effect {
	var out effect
	for _, a := range alts {
		out.create = out.create || a.create
		out.sw = out.sw || a.sw
		if out.open == nil {
			out.open = a.open
		}
	}
	return out
}

// loop is a body that runs any number of times (at least once when
// once is set).
func loop(body effect, once bool) effect {
	if body.sw {
		body.open = nil
	}
	if !once {
		body.block = nil
	}
	return body
}

type flow struct {
	ix   *index
	sums map[*Function]*effect
	// busy marks functions whose summary is being computed (recursion).
	busy map[*Function]bool
	pool []*flowWalker
}

func (ix *index) flowAnalysis() *flow {
	if ix.flow == nil {
		ix.buildGraph()
		ix.flow = &flow{ix: ix, sums: map[*Function]*effect{}, busy: map[*Function]bool{}}
	}
	return ix.flow
}

// module summarises the module body.
func (f *flow) module() effect {
	return f.stmts(f.ix.mod.Body, f.ix.mod.Scope)
}

// function summarises a call of fn.
func (f *flow) function(fn *Function) effect {
	if fn == nil {
		return effect{}
	}
	if e := f.sums[fn]; e != nil {
		return *e
	}
	if f.busy[fn] {
		return unknownEffect
	}
	f.busy[fn] = true
	var e effect
	switch n := fn.Node.(type) {
	case *syntax.FunctionDef:
		e = f.stmts(n.Body, fn.Scope)
	case *syntax.Lambda:
		e = f.expr(n.Body, fn.Scope)
	}
	delete(f.busy, fn)
	f.sums[fn] = &e
	return e
}

func (f *flow) stmts(list []syntax.Stmt, s *syntax.Scope) effect {
	var acc effect
	for _, st := range list {
		acc = acc.then(f.stmt(st, s))
		if neverCompletes(st) != "" {
			break
		}
	}
	return acc
}

func (f *flow) stmt(st syntax.Stmt, s *syntax.Scope) effect {
	switch x := st.(type) {
	case *syntax.If:
		test := f.expr(x.Test, s)
		if isMainGuard(x.Test) && len(x.OrElse) == 0 {
			// True whenever the module runs as a program.
			return test.then(f.stmts(x.Body, s))
		}
		return test.then(either(f.stmts(x.Body, s), f.stmts(x.OrElse, s)))
	case *syntax.While:
		return f.expr(x.Test, s).then(loop(f.stmts(x.Body, s), isConstTrue(x.Test))).then(either(f.stmts(x.OrElse, s), effect{}))
	case *syntax.For:
		it := f.expr(x.Iter, s)
		if f.isChannel(x.Iter, s) {
			it = it.then(effect{sw: true, block: x.Iter})
		}
		return it.then(loop(f.stmts(x.Body, s), false)).then(either(f.stmts(x.OrElse, s), effect{}))
	case *syntax.Try:
		alts := []effect{f.stmts(x.OrElse, s)}
		for _, h := range x.Handlers {
			if h != nil {
				alts = append(alts, f.stmts(h.Body, s))
			}
		}
		return f.stmts(x.Body, s).then(either(alts...)).then(f.stmts(x.FinalBody, s))
	case *syntax.With:
		var acc effect
		for _, it := range x.Items {
			if it != nil {
				acc = acc.then(f.expr(it.Context, s))
			}
		}
		return acc.then(f.stmts(x.Body, s))
	case *syntax.FunctionDef, *syntax.ClassDef:
		return effect{}
	}
	return f.expr(st, s)
}

// flowWalker summarises the calls of an expression in evaluation order:
// a call counts after its children (callee expression and arguments).
// Lambda bodies do not run; comprehension bodies run in their own scope.
type flowWalker struct {
	f      *flow
	acc    effect
	scopes []*syntax.Scope
	stack  []syntax.Node
}

func (w *flowWalker) Visit(n syntax.Node) syntax.Visitor {
	if n == nil {
		top := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		switch c := top.(type) {
		case *syntax.Call:
			w.acc = w.acc.then(w.f.call(c, w.scopes[len(w.scopes)-1]))
		case *syntax.ListComp, *syntax.SetComp, *syntax.DictComp, *syntax.GeneratorExp:
			w.scopes = w.scopes[:len(w.scopes)-1]
		}
		return nil
	}
	switch c := n.(type) {
	case *syntax.Lambda:
		return nil
	case *syntax.ListComp:
		w.pushScope(c.Scope)
	case *syntax.SetComp:
		w.pushScope(c.Scope)
	case *syntax.DictComp:
		w.pushScope(c.Scope)
	case *syntax.GeneratorExp:
		w.pushScope(c.Scope)
	}
	w.stack = append(w.stack, n)
	return w
}

func (w *flowWalker) pushScope(s *syntax.Scope) {
	w.scopes = append(w.scopes, orScope(s, w.scopes[len(w.scopes)-1]))
}

// expr summarises the calls in n, in evaluation order.
func (f *flow) expr(n syntax.Node, s *syntax.Scope) effect {
	if n == nil {
		return effect{}
	}
	var w *flowWalker
	if k := len(f.pool); k > 0 {
		w, f.pool = f.pool[k-1], f.pool[:k-1]
	} else {
		w = &flowWalker{f: f}
	}
	w.acc, w.scopes, w.stack = effect{}, append(w.scopes[:0], s), w.stack[:0]
	syntax.Walk(w, n)
	acc := w.acc
	f.pool = append(f.pool, w)
	return acc
}

// call summarises one call (its arguments are already accounted for).
func (f *flow) call(c *syntax.Call, s *syntax.Scope) effect {
	ix := f.ix
	if taskletCallIx(ix, c.Func, s) != nil {
		return effect{create: true, open: c}
	}
	switch q := ix.qualifiedName(c.Func, s); {
	case q == "stackless.run" || q == "stackless.schedule" || q == "stackless.schedule_remove" || q == "time.sleep":
		return effect{sw: true}
	case q != "" && builtinModules[firstComponent(q)] && strings.Contains(q, "."):
		return effect{} // constructors and functions that do not switch
	case q != "" && builtinNames[q]:
		return effect{}
	}
	if cal, ok := ix.resolveCall(c.Func, s); ok {
		target := cal.fn
		if cal.class {
			target = ix.initOf(cal.fn)
		}
		return f.function(target)
	}
	if a, ok := c.Func.(*syntax.Attribute); ok && a.Attr != nil {
		name := a.Attr.Name
		switch name {
		case "send", "receive", "send_exception", "send_throw", "send_sequence":
			e := effect{sw: true}
			if (name == "send" || name == "receive") && f.isChannel(a.X, s) {
				e.block = c
			}
			return e
		case "insert", "setup":
			if f.isTasklet(a.X, s) {
				return effect{create: true, open: c}
			}
			return effect{create: true}
		case "start":
			// A started thread is joined when the main module ends (if it
			// is not a daemon), which lets every tasklet run.
			return effect{create: true, sw: true}
		case "acquire", "wait":
			e := effect{sw: true}
			if f.neverReturns(c, a, s) {
				e.block = c
			}
			return e
		case "run", "switch", "kill", "throw", "raise_exception", "join", "wait_for", "get", "put":
			return effect{sw: true}
		}
		if ms := ix.methodsNamed(name); len(ms) > 0 {
			alts := make([]effect, len(ms))
			for i, m := range ms {
				alts[i] = f.function(m)
			}
			return either(alts...)
		}
		if recv, ok := a.X.(*syntax.Name); ok {
			sym, where := ix.lookup(s, recv.Id)
			if r, ok := ix.importOf(sym, where); ok && !builtinModules[r.Module] {
				return unknownEffect // a function of another .weft module
			}
		}
		return effect{} // a method of a builtin type
	}
	if n, ok := c.Func.(*syntax.Name); ok && f.isTasklet(n, s) {
		return effect{create: true, open: c}
	}
	return unknownEffect
}

// taskletCallIx is taskletCall without a Pass.
func taskletCallIx(ix *index, fn syntax.Expr, s *syntax.Scope) *syntax.Call {
	if a, ok := fn.(*syntax.Attribute); ok && a.Attr != nil && a.Attr.Name == "setup" {
		fn = a.X
	}
	inner, ok := fn.(*syntax.Call)
	if !ok || ix.qualifiedName(inner.Func, s) != "stackless.tasklet" {
		return nil
	}
	return inner
}

// boundTo returns the value of the only assignment "name = value" of the
// name e (read in scope s), with the scope the value runs in.
func (f *flow) boundTo(e syntax.Expr, s *syntax.Scope) (syntax.Expr, *syntax.Scope) {
	n, ok := e.(*syntax.Name)
	if !ok {
		return nil, nil
	}
	sym, where := f.ix.lookup(s, n.Id)
	d, ok := f.ix.singleDef(sym, where).(*syntax.Name)
	if !ok {
		return nil, nil
	}
	return f.ix.value[d], where
}

// isChannel reports whether e is a name bound only to stackless.channel().
func (f *flow) isChannel(e syntax.Expr, s *syntax.Scope) bool {
	v, where := f.boundTo(e, s)
	c, ok := v.(*syntax.Call)
	return ok && f.ix.qualifiedName(c.Func, where) == "stackless.channel"
}

// isTasklet reports whether e is a name bound only to stackless.tasklet(...).
func (f *flow) isTasklet(e syntax.Expr, s *syntax.Scope) bool {
	v, where := f.boundTo(e, s)
	c, ok := v.(*syntax.Call)
	return ok && f.ix.qualifiedName(c.Func, where) == "stackless.tasklet"
}

// neverReturns reports a threading wait that no one could ever end when no
// thread exists yet: Event().wait() and Barrier(n > 1).wait() without a
// timeout, Semaphore(0).acquire() / BoundedSemaphore(0).acquire() that
// blocks. The receiver must be a name bound only to that constructor.
func (f *flow) neverReturns(c *syntax.Call, a *syntax.Attribute, s *syntax.Scope) bool {
	v, where := f.boundTo(a.X, s)
	ctor, ok := v.(*syntax.Call)
	if !ok || !waitsWithoutLimit(c, a.Attr.Name) {
		return false
	}
	switch syncCtor(f.ix, ctor, where) {
	case syncEvent, syncBarrier:
		return a.Attr.Name == "wait"
	case syncSem0:
		return a.Attr.Name == "acquire"
	}
	return false
}
