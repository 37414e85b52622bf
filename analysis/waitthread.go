package analysis

import "github.com/weft-lang/weft/compiler/syntax"

// This file finds where a thread's function first blocks, for T502's
// join reports: the first wait on a tracked object in its straight-line
// code (and the functions that code calls). Anything uncertain before it
// (a branch, a loop, a return, a call out of sight, an operation that may
// block elsewhere or raise) gives no answer.

// threadBlock is where a thread's function first blocks.
type threadBlock struct {
	obj  *syncObj
	at   syntax.Node
	what string // "wait()", "'with lock:'"...
	pre  opSet  // what the thread may have done before
}

type threadPath struct {
	ws    *waits
	busy  map[*Function]bool
	pre   opSet
	block *threadBlock
	fail  bool
}

// waitMethod is the method that waits on each kind of object.
var waitMethod = map[syncKind]string{
	syncLock: "acquire", syncSem0: "acquire", syncEvent: "wait", syncQueue: "get", syncThread: "join",
}

// threadSafe are the methods of tracked objects that neither block nor
// raise in a thread (a tracked queue is unbounded).
var threadSafe = setOf("set", "clear", "is_set", "put", "put_nowait", "qsize", "empty", "full", "locked", "is_alive")

// blockOf returns where fn, run as a thread, first blocks, or nil.
func (ws *waits) blockOf(fn *Function) *threadBlock {
	if b, ok := ws.blocks[fn]; ok {
		return b
	}
	t := &threadPath{ws: ws, busy: map[*Function]bool{}}
	t.enter(fn)
	b := t.block
	if t.fail {
		b = nil
	}
	if b != nil {
		b.pre = t.pre
	}
	ws.blocks[fn] = b
	return b
}

func (t *threadPath) enter(fn *Function) {
	if t.busy[fn] || isGenerator(fn) {
		t.fail = true
		return
	}
	t.busy[fn] = true
	t.stmts(fn.funcDef().Body, fn.Scope)
	delete(t.busy, fn)
}

// stmts walks a function body up to its first block; a return hands
// back to the caller.
func (t *threadPath) stmts(list []syntax.Stmt, s *syntax.Scope) {
	for _, st := range list {
		switch x := st.(type) {
		case *syntax.Return:
			t.ws.walk(x, s, t)
			return
		case *syntax.With:
			t.with(x, s)
		case *syntax.If, *syntax.While, *syntax.For, *syntax.Try, *syntax.Raise:
			t.fail = true
		default:
			t.ws.walk(st, s, t)
		}
		if t.stopped() {
			return
		}
	}
}

// with blocks at 'with lock:' (the thread's first wait); any other
// context manager is out of sight.
func (t *threadPath) with(x *syntax.With, s *syntax.Scope) {
	it := x.Items[0]
	t.ws.walk(it.Context, s, t)
	obj := t.ws.objOf(it.Context, s)
	if t.stopped() || obj == nil || obj.kind != syncLock && obj.kind != syncSem0 {
		t.fail = true
		return
	}
	t.block = &threadBlock{obj: obj, at: it.Context, what: "'with " + obj.name + ":'"}
}

func (t *threadPath) call(c *syntax.Call, s *syntax.Scope) {
	ci := t.ws.classify(c, s)
	for _, fn := range ci.refs {
		t.ref(c, fn)
	}
	switch ci.kind {
	case callNone:
	case callOp:
		t.op(ci.op, c)
	case callFile:
		t.enter(ci.fns[0])
	default:
		t.fail = true
	}
}

func (t *threadPath) op(o op, c *syntax.Call) {
	if o.method != waitMethod[o.obj.kind] {
		if !threadSafe[o.method] {
			t.fail = true
		}
		t.pre.add(o)
		return
	}
	if !waitsWithoutLimit(c, o.method) {
		return // a wait with a limit ends by itself
	}
	if waitEnders[o.obj.kind] == nil {
		t.fail = true // it joins another thread
		return
	}
	t.block = &threadBlock{obj: o.obj, at: c, what: o.method + "()"}
}

func (t *threadPath) ref(_ syntax.Node, fn *Function) {
	ops, wild := t.ws.runnerOps(fn)
	t.pre.addAll(ops)
	t.fail = t.fail || wild
}

func (t *threadPath) maybe(m *mayOps) {
	t.pre.addAll(m.now)
	t.pre.addAll(m.later)
	t.fail = t.fail || m.wild
}

func (t *threadPath) runs(fn *Function) { t.maybe(t.ws.mayFn(fn)) }
func (t *threadPath) certain() bool     { return true }
func (t *threadPath) stopped() bool     { return t.fail || t.block != nil }
