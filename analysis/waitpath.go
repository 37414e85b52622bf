package analysis

import "github.com/weft-lang/weft/compiler/syntax"

// This file walks what the main thread certainly runs, in order, for
// T502's lock and join reports: straight-line module code, the main guard
// and the functions they call. It keeps what certainly holds (the Locks
// main holds, the threads it started) and what may have happened (main's
// operations, code made runnable); compound statements only add to the
// latter. The first report ends the walk: main blocks there for good.

// finding is a T502 report.
type finding struct {
	at     syntax.Node
	format string
	args   []any
}

type heldLock struct {
	step int // when main acquired it
	at   syntax.Node
}

// runner is code that may run besides main: ops is all it may do; site
// is the reference that made it runnable.
type runner struct {
	site syntax.Node
	ops  opSet
}

type mainPath struct {
	ws      *waits
	step    int
	held    map[*syncObj]heldLock
	started map[*syncObj]int // thread -> step of its start()
	done    opSet            // what main may have done
	runners []runner
	busy    map[*Function]bool
	found   *finding
	halted  bool // nothing after this point is certain
}

// waitFinding walks main for a lock or join that never returns; stop is
// the channel operation or wait T502 already found.
func (ix *index) waitFinding(stop syntax.Node) *finding {
	if !ix.importsModule("threading") {
		return nil // no thread, no Lock: the flow summary says it all
	}
	p := &mainPath{ws: newWaits(ix, stop), held: map[*syncObj]heldLock{},
		started: map[*syncObj]int{}, busy: map[*Function]bool{}}
	p.stmts(ix.mod.Body, ix.mod.Scope)
	return p.found
}

func (ix *index) importsModule(name string) bool {
	for _, r := range ix.imports {
		if r.Module == name {
			return true
		}
	}
	return false
}

func (p *mainPath) call(c *syntax.Call, s *syntax.Scope) {
	ci := p.ws.classify(c, s)
	switch ci.kind {
	case callOp:
		p.op(ci.op, c)
	case callSelfJoin:
		p.report(c, "certain deadlock: the main thread joins itself: join() raises RuntimeError (cannot join current thread)")
	case callFile:
		p.enter(c, ci.fns[0])
	case callMethods:
		for _, fn := range ci.fns {
			p.maybe(p.ws.mayFn(fn))
		}
	case callSpawn:
		for _, fn := range ci.fns {
			p.ref(c, fn)
		}
	case callWild:
		p.halted = true
	}
	for _, fn := range ci.refs {
		p.ref(c, fn)
	}
}

func (p *mainPath) ref(site syntax.Node, fn *Function) {
	ops, wild := p.ws.runnerOps(fn)
	p.halted = p.halted || wild
	p.runners = append(p.runners, runner{site, ops})
}

func (p *mainPath) maybe(m *mayOps) {
	if m.wild {
		p.halted = true
		return
	}
	for o := range m.now {
		p.done.add(o)
		switch o.method {
		case "release":
			delete(p.held, o.obj)
		case "=":
			delete(p.held, o.obj)
			delete(p.started, o.obj)
		}
	}
	if len(m.later) > 0 {
		p.runners = append(p.runners, runner{ops: m.later})
	}
}

func (p *mainPath) runs(fn *Function) { p.maybe(p.ws.mayFn(fn)) }
func (p *mainPath) certain() bool     { return true }
func (p *mainPath) stopped() bool     { return p.halted }

func (p *mainPath) report(at syntax.Node, format string, args ...any) {
	p.found = &finding{at, format, args}
	p.halted = true
}

func (p *mainPath) line(n syntax.Node) int {
	return p.ws.ix.file.Position(n.Span().Start).Line
}

// stmts walks a statement list; false when the function may have
// returned, so that the rest of it (here and in the enclosing lists) is
// not certain.
func (p *mainPath) stmts(list []syntax.Stmt, s *syntax.Scope) bool {
	for i, st := range list {
		if !p.stmt(st, s) {
			if !p.halted {
				for _, rest := range list[i+1:] {
					p.maybe(p.ws.mayNode(rest, s))
				}
			}
			return false
		}
	}
	return true
}

func (p *mainPath) stmt(st syntax.Stmt, s *syntax.Scope) bool {
	switch x := st.(type) {
	case *syntax.If:
		if isMainGuard(x.Test) && len(x.OrElse) == 0 {
			return p.stmts(x.Body, s)
		}
		p.ws.walk(x.Test, s, p)
		return p.uncertain(x, s)
	case *syntax.For:
		p.ws.walk(x.Iter, s, p)
		return p.uncertain(x, s)
	case *syntax.While, *syntax.Try:
		return p.uncertain(x, s)
	case *syntax.With:
		return p.with(x, s)
	case *syntax.Return:
		p.ws.walk(x, s, p)
		return false
	case *syntax.Raise:
		p.halted = true // the exception ends main's certain path
		return false
	}
	p.ws.walk(st, s, p)
	return !p.halted
}

// uncertain accounts for a compound statement whose parts may or may not
// run; false when it may leave the function.
func (p *mainPath) uncertain(st syntax.Stmt, s *syntax.Scope) bool {
	if p.halted {
		return false
	}
	p.maybe(p.ws.mayNode(st, s))
	returns := mayReturn(st)
	if neverCompletes(st) != "" && !returns {
		p.halted = true // an endless loop, or every branch raises
	}
	return !p.halted && !returns
}

// mayReturn reports whether a return statement of the enclosing function
// is inside st.
func mayReturn(st syntax.Stmt) bool {
	found := false
	syntax.Inspect(st, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.Return:
			found = true
		case *syntax.FunctionDef, *syntax.ClassDef, *syntax.Lambda:
			return false
		}
		return !found
	})
	return found
}

// enter walks a call of fn.
func (p *mainPath) enter(site syntax.Node, fn *Function) {
	if isGenerator(fn) {
		p.ref(site, fn) // its body runs as the generator is consumed
		return
	}
	if p.busy[fn] {
		p.halted = true
		return
	}
	p.busy[fn] = true
	p.stmts(fn.funcDef().Body, fn.Scope)
	delete(p.busy, fn)
}

// with walks a with statement; a tracked Lock is held for its body.
func (p *mainPath) with(x *syntax.With, s *syntax.Scope) bool {
	var locks []*syncObj
	for _, it := range x.Items {
		p.ws.walk(it.Context, s, p)
		if lock := p.ws.objOf(it.Context, s); lock != nil && lock.kind == syncLock && !p.halted {
			p.step++
			p.acquire(lock, it.Context, true)
			locks = append(locks, lock)
		} else if !p.halted {
			p.ws.withItem(it, s, p)
		}
		if it.Vars != nil {
			p.ws.walk(it.Vars, s, p)
		}
		if p.halted {
			return false
		}
	}
	ok := p.stmts(x.Body, s)
	for _, l := range locks {
		delete(p.held, l) // released however the body ends
	}
	return ok
}

// op is a method call on a tracked object.
func (p *mainPath) op(o op, c *syntax.Call) {
	p.step++
	p.done.add(o)
	obj := o.obj
	switch o.method {
	case "acquire":
		if obj.kind == syncLock && waitsWithoutLimit(c, "acquire") {
			p.acquire(obj, c, false)
		}
	case "release":
		delete(p.held, obj)
	case "start":
		if obj.kind == syncThread {
			p.started[obj] = p.step
		}
	case "join":
		if obj.kind == syncThread && waitsWithoutLimit(c, "join") {
			p.join(obj, c)
		}
	case "run":
		if obj.kind == syncThread {
			p.maybe(p.ws.mayFn(obj.target))
		}
	}
}

// acquire is main acquiring lock at at, by a with statement or acquire().
func (p *mainPath) acquire(lock *syncObj, at syntax.Node, with bool) {
	if h, ok := p.held[lock]; ok && !p.othersMay(op{lock, "release"}, -1) {
		if with {
			p.report(at, "certain deadlock: 'with %s:' acquires a Lock the main thread already holds (acquired at line %d) and blocks forever", lock.name, p.line(h.at))
		} else {
			p.report(at, "certain deadlock: acquire() of a Lock the main thread already holds (acquired at line %d) blocks forever", p.line(h.at))
		}
		return
	}
	p.held[lock] = heldLock{p.step, at}
}

// othersMay reports whether code other than main (and than the runner
// numbered except) may perform o.
func (p *mainPath) othersMay(o op, except int) bool {
	for i, r := range p.runners {
		if i != except && r.ops[o] {
			return true
		}
	}
	return false
}

// runnerOf is the number of the runner that the latest evaluation of
// thread t's target= made.
func (p *mainPath) runnerOf(t *syncObj) int {
	for i := len(p.runners) - 1; i >= 0; i-- {
		if p.runners[i].site == t.site {
			return i
		}
	}
	return -1
}

// join is main joining thread t without a timeout.
func (p *mainPath) join(t *syncObj, c *syntax.Call) {
	start, ok := p.started[t]
	if !ok {
		return
	}
	b := p.ws.blockOf(t.target)
	if b == nil || !p.staysBlocked(b, t, start) {
		return
	}
	p.report(c, "certain deadlock: join() waits for thread '%s' which blocks forever at %s (line %d)", t.label, b.what, p.line(b.at))
}

// waitEnders are the operations that end a wait on each kind of object.
var waitEnders = map[syncKind][]string{
	syncLock:  {"release"},
	syncSem0:  {"release"},
	syncEvent: {"set"},
	syncQueue: {"put", "put_nowait"},
}

// staysBlocked reports whether nothing can end the wait b of thread t
// (started at step start) before main's join returns: not main before the
// join, not the thread itself before it blocks, not any other code made
// runnable. A Lock must be held by main since before the thread started.
func (p *mainPath) staysBlocked(b *threadBlock, t *syncObj, start int) bool {
	if b.obj.kind == syncLock {
		if h, ok := p.held[b.obj]; !ok || h.step > start {
			return false
		}
	}
	self := p.runnerOf(t)
	for _, m := range waitEnders[b.obj.kind] {
		o := op{b.obj, m}
		if b.pre[o] || p.othersMay(o, self) || b.obj.kind != syncLock && p.done[o] {
			return false
		}
	}
	return true
}
