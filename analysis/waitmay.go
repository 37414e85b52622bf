package analysis

import "github.com/weft-lang/weft/compiler/syntax"

// This file summarises what code may do to the tracked objects of
// waits.go. Summaries over-approximate: they only ever keep T502 from
// reporting. A function of the file taken as a value (a thread target, a
// key= function, a callback) may run at any later time, so what it may do
// counts from the reference on; code out of sight may do anything.
//
// Each function's own summary (codeOps) names the functions it calls and
// those it takes as values; what a call may do is then everything
// reachable from it, so recursion needs no special case.

// mayOps is what running some code may do.
type mayOps struct {
	now   opSet // operations it may perform while it runs
	later opSet // operations of the code it makes runnable
	wild  bool  // it may run code out of sight
}

var wildOps = &mayOps{wild: true}

// codeOps is what a piece of code does by itself.
type codeOps struct {
	ops   opSet
	calls []*Function // functions it runs
	refs  []*Function // functions it takes as values
	wild  bool
}

// waitSink receives what a walk of code meets, in evaluation order.
type waitSink interface {
	call(c *syntax.Call, s *syntax.Scope) // after its callee and arguments
	ref(site syntax.Node, fn *Function)   // fn taken as a value at site
	maybe(m *mayOps)                      // code that may or may not run here
	runs(fn *Function)                    // fn's code runs here (a comprehension, a class body, __enter__)
	// certain is set for the walks of one path, which summarise the
	// conditional parts of an expression rather than walk them.
	certain() bool
	stopped() bool
}

// waitVisitor walks code for a sink. Lambda, def and comprehension bodies
// are not walked: a lambda or def is a value, a comprehension its own
// function.
type waitVisitor struct {
	ws   *waits
	sink waitSink
	s    *syntax.Scope
	// callee is the node about to be visited when it is the callee (or the
	// receiver of a called method): a call, not a reference.
	callee syntax.Node
	stack  []syntax.Node
}

func (ws *waits) walk(n syntax.Node, s *syntax.Scope, sink waitSink) {
	syntax.Walk(&waitVisitor{ws: ws, sink: sink, s: s}, n)
}

func (v *waitVisitor) Visit(n syntax.Node) syntax.Visitor {
	if n == nil {
		top := v.stack[len(v.stack)-1]
		v.stack = v.stack[:len(v.stack)-1]
		if c, ok := top.(*syntax.Call); ok && !v.sink.stopped() {
			v.sink.call(c, v.s)
		}
		return nil
	}
	if v.sink.stopped() {
		return nil
	}
	if n == v.ws.stop {
		v.sink.maybe(wildOps) // main blocks there for good
		return nil
	}
	if !v.enter(n) {
		return nil
	}
	v.stack = append(v.stack, n)
	return v
}

// enter handles n before its children; false skips them.
func (v *waitVisitor) enter(n syntax.Node) bool {
	ix := v.ws.ix
	switch x := n.(type) {
	case *syntax.Lambda:
		v.sink.ref(x, ix.byNode[x])
		return false
	case *syntax.ListComp, *syntax.SetComp, *syntax.DictComp, *syntax.GeneratorExp:
		v.sink.runs(ix.byNode[x])
		return false
	case *syntax.IfExp, *syntax.BoolOp:
		if v.sink.certain() {
			v.sink.maybe(v.ws.mayNode(x, v.s))
			return false
		}
	case *syntax.FunctionDef:
		v.walkAll(x.Decorators...)
		syntax.Walk(v, x.Args)
		return false
	case *syntax.ClassDef:
		v.walkAll(x.Decorators...)
		v.walkAll(x.Bases...)
		for _, k := range x.Keywords {
			syntax.Walk(v, k)
		}
		v.sink.runs(ix.byNode[x]) // the class body runs now
		return false
	case *syntax.WithItem:
		v.ws.withItem(x, v.s, v.sink)
	case *syntax.Assign:
		if obj := v.ws.binds[x]; obj != nil {
			// A new object: what held of the old one no longer does.
			v.sink.maybe(&mayOps{now: opSet{op{obj, "="}: true}})
		}
	case *syntax.Call:
		v.callee = x.Func
	case *syntax.Attribute, *syntax.Name:
		v.read(n)
	}
	return true
}

// read handles a name or attribute that is read: a function of the file
// taken as a value may run at any later time, one of another module is
// out of sight. A callee, or the receiver of a called method, is not a
// value.
func (v *waitVisitor) read(n syntax.Node) {
	ix := v.ws.ix
	switch x := n.(type) {
	case *syntax.Attribute:
		if n == v.callee || x.Attr == nil || x.Ctx != syntax.Load {
			v.callee = x.X
		} else if v.ws.isWeftImport(x.X, v.s) {
			v.sink.maybe(wildOps)
		} else {
			for _, m := range ix.methodsNamed(x.Attr.Name) {
				v.sink.ref(x, m) // a bound method
			}
		}
	case *syntax.Name:
		if n == v.callee || x.Ctx != syntax.Load {
			return
		}
		if fn := ix.resolveName(x.Id, v.s); fn != nil {
			v.sink.ref(x, fn)
		} else if v.ws.isWeftImport(x, v.s) {
			v.sink.maybe(wildOps)
		}
	}
}

func (v *waitVisitor) walkAll(list ...syntax.Expr) {
	for _, e := range list {
		syntax.Walk(v, e)
	}
}

// localSink gathers the codeOps of a function body or a region.
type localSink struct {
	ws *waits
	c  *codeOps
}

func (l *localSink) call(c *syntax.Call, s *syntax.Scope) {
	ci := l.ws.classify(c, s)
	switch ci.kind {
	case callOp:
		l.c.ops.add(ci.op)
	case callFile, callMethods:
		l.c.calls = append(l.c.calls, ci.fns...)
	case callSpawn:
		l.c.refs = append(l.c.refs, ci.fns...)
	case callWild:
		l.c.wild = true
	}
	l.c.refs = append(l.c.refs, ci.refs...)
}

func (l *localSink) ref(_ syntax.Node, fn *Function) {
	if fn == nil {
		l.c.wild = true
	} else {
		l.c.refs = append(l.c.refs, fn)
	}
}

func (l *localSink) maybe(m *mayOps) {
	l.c.ops.addAll(m.now)
	l.c.ops.addAll(m.later)
	l.c.wild = l.c.wild || m.wild
}

func (l *localSink) runs(fn *Function) {
	if fn == nil {
		l.c.wild = true
	} else {
		l.c.calls = append(l.c.calls, fn)
	}
}

func (l *localSink) certain() bool { return false }
func (l *localSink) stopped() bool { return false }

// local is fn's own codeOps (a def, lambda, class body or comprehension).
func (ws *waits) local(fn *Function) *codeOps {
	if c := ws.locals[fn]; c != nil {
		return c
	}
	c := &codeOps{}
	ws.locals[fn] = c
	sink := &localSink{ws, c}
	for _, part := range bodyParts(fn.Node) {
		ws.walk(part, fn.Scope, sink)
	}
	if fn.Kind == KindClass {
		// Taken as a value, a class may have any of its methods, or of its
		// bases', called.
		for _, m := range ws.ix.funcs {
			if m.Class == fn {
				c.refs = append(c.refs, m)
			}
		}
		for _, b := range ws.ix.bases(fn) {
			if b != nil {
				c.refs = append(c.refs, b)
			}
		}
	}
	return c
}

// mayNode summarises the code of n, evaluated in scope s.
func (ws *waits) mayNode(n syntax.Node, s *syntax.Scope) *mayOps {
	c := &codeOps{}
	ws.walk(n, s, &localSink{ws, c})
	return ws.flatten(c)
}

// mayFn summarises a run of fn's code.
func (ws *waits) mayFn(fn *Function) *mayOps {
	if fn == nil {
		return wildOps
	}
	if m := ws.may[fn]; m != nil {
		return m
	}
	m := ws.flatten(ws.local(fn))
	ws.may[fn] = m
	return m
}

// flatten is what code whose own summary is c may do: the operations of
// every function its calls reach run now; those of every function they
// take as values, and all that these reach, later.
func (ws *waits) flatten(c *codeOps) *mayOps {
	m := &mayOps{}
	seen := map[*Function]bool{}
	var visit func(c *codeOps)
	visit = func(c *codeOps) {
		m.now.addAll(c.ops)
		m.wild = m.wild || c.wild
		for _, r := range c.refs {
			ops, wild := ws.runnerOps(r)
			m.later.addAll(ops)
			m.wild = m.wild || wild
		}
		for _, fn := range c.calls {
			if !seen[fn] {
				seen[fn] = true
				visit(ws.local(fn))
			}
		}
	}
	visit(c)
	return m
}

// runnerOps is all that fn, once runnable, may do at any time, and
// whether it may run code out of sight.
func (ws *waits) runnerOps(fn *Function) (opSet, bool) {
	if fn == nil {
		return nil, true
	}
	if r, ok := ws.runners[fn]; ok {
		return r.ops, r.wild
	}
	var r runnerSum
	seen := map[*Function]bool{fn: true}
	todo := []*Function{fn}
	for len(todo) > 0 {
		c := ws.local(todo[len(todo)-1])
		todo = todo[:len(todo)-1]
		r.ops.addAll(c.ops)
		r.wild = r.wild || c.wild
		for _, next := range append(c.calls[:len(c.calls):len(c.calls)], c.refs...) {
			if !seen[next] {
				seen[next] = true
				todo = append(todo, next)
			}
		}
	}
	ws.runners[fn] = r
	return r.ops, r.wild
}

type runnerSum struct {
	ops  opSet
	wild bool
}

// bodyParts are the nodes that a call of a block runs.
func bodyParts(n syntax.Node) []syntax.Node {
	var out []syntax.Node
	add := func(list []syntax.Stmt) {
		for _, st := range list {
			out = append(out, st)
		}
	}
	gens := func(gs []*syntax.Comprehension, elts ...syntax.Expr) {
		for _, g := range gs {
			out = append(out, g)
		}
		for _, e := range elts {
			out = append(out, e)
		}
	}
	switch x := n.(type) {
	case *syntax.FunctionDef:
		add(x.Body)
	case *syntax.ClassDef:
		add(x.Body)
	case *syntax.Lambda:
		out = append(out, x.Body)
	case *syntax.ListComp:
		gens(x.Generators, x.Elt)
	case *syntax.SetComp:
		gens(x.Generators, x.Elt)
	case *syntax.GeneratorExp:
		gens(x.Generators, x.Elt)
	case *syntax.DictComp:
		gens(x.Generators, x.Key, x.Value)
	}
	return out
}

// withItem tells sink what entering and leaving a with item does: a
// "with" operation on a tracked object, or else the __enter__ and
// __exit__ methods of the file.
func (ws *waits) withItem(it *syntax.WithItem, s *syntax.Scope, sink waitSink) {
	if obj := ws.objOf(it.Context, s); obj != nil {
		sink.maybe(&mayOps{now: opSet{op{obj, "with"}: true}})
		return
	}
	for _, name := range [...]string{"__enter__", "__exit__"} {
		for _, fn := range ws.ix.methodsNamed(name) {
			sink.runs(fn)
		}
	}
}
