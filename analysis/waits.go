package analysis

import (
	"slices"
	"strings"

	"github.com/weft-lang/weft/compiler/syntax"
)

// This file names the threading objects that T502 follows and the
// arguments with which their waits have no limit.

// syncKind is the kind of object a threading or queue constructor makes.
type syncKind uint8

const (
	syncNone    syncKind = iota
	syncLock             // threading.Lock()
	syncEvent            // threading.Event()
	syncSem0             // threading.Semaphore(0), BoundedSemaphore(0)
	syncBarrier          // threading.Barrier(n) with n > 1
	syncQueue            // queue.Queue() and its kin
	syncThread           // threading.Thread(...)
)

// syncCtor says what kind of object the call c (evaluated in scope s)
// makes.
func syncCtor(ix *index, c *syntax.Call, s *syntax.Scope) syncKind {
	switch ix.qualifiedName(c.Func, s) {
	case "threading.Lock":
		return syncLock
	case "threading.Event":
		return syncEvent
	case "threading.Barrier":
		if n, ok := intArg(c); ok && n > 1 {
			return syncBarrier
		}
	case "threading.Semaphore", "threading.BoundedSemaphore":
		if n, ok := intArg(c); ok && n == 0 {
			return syncSem0
		}
	case "queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "queue.SimpleQueue":
		return syncQueue
	case "threading.Thread":
		return syncThread
	}
	return syncNone
}

// intArg returns the only argument of c when it is an int literal.
func intArg(c *syntax.Call) (int64, bool) {
	if len(c.Args) != 1 || len(c.Keywords) != 0 {
		return 0, false
	}
	n, ok := c.Args[0].(*syntax.Int)
	if !ok || n.IsBig {
		return 0, false
	}
	return n.Small, true
}

// waitParams are the parameters, in positional order, of the methods
// that wait.
var waitParams = map[string][]string{
	"acquire": {"blocking", "timeout"},
	"wait":    {"timeout"},
	"get":     {"block", "timeout"},
	"join":    {"timeout"},
}

// waitsWithoutLimit reports whether the call c of the waiting method
// named method passes only arguments that mean "wait as long as it
// takes": True for the block or blocking flag, None for the timeout.
func waitsWithoutLimit(c *syntax.Call, method string) bool {
	params := waitParams[method]
	if params == nil || len(c.Args) > len(params) {
		return false
	}
	for i, a := range c.Args {
		if !unlimited(params[i], a) {
			return false
		}
	}
	for _, k := range c.Keywords {
		if k.Arg == nil || !slices.Contains(params, k.Arg.Name) || !unlimited(k.Arg.Name, k.Value) {
			return false
		}
	}
	return true
}

// unlimited reports whether e, passed as param, leaves a wait unlimited.
func unlimited(param string, e syntax.Expr) bool {
	k, ok := e.(*syntax.Constant)
	if !ok {
		return false
	}
	if param == "timeout" {
		return k.Kind == syntax.ConstNone
	}
	return k.Kind == syntax.ConstTrue
}

// syncObj is a name that one assignment binds to a Lock, Event, zero
// Semaphore, unbounded queue or Thread, and that every read uses as the
// receiver of a method call or a with statement: all that happens to the
// object is in sight. Each run of the assignment makes a new object;
// what held of the old one is forgotten then (see mainPath.maybe).
type syncObj struct {
	kind syncKind
	name string
	// target is the function a tracked Thread runs; site is the target=
	// expression, whose reference makes target runnable; label names the
	// thread in reports (its name= or its function).
	target *Function
	site   syntax.Node
	label  string
}

// op is a method call on a tracked object ("with" for a with statement).
type op struct {
	obj    *syncObj
	method string
}

type opSet map[op]bool

func (s *opSet) add(o op) {
	if *s == nil {
		*s = opSet{}
	}
	(*s)[o] = true
}

func (s *opSet) addAll(from opSet) {
	for o := range from {
		s.add(o)
	}
}

// waits holds, for one file, the facts behind T502's lock and join
// reports (waitpath.go walks main with them).
type waits struct {
	ix   *index
	objs map[*syntax.Symbol]*syncObj
	// binds maps the statement that binds each object to it.
	binds map[*syntax.Assign]*syncObj
	// stop is what T502 already reports: main never gets past it.
	stop    syntax.Node
	locals  map[*Function]*codeOps
	may     map[*Function]*mayOps
	runners map[*Function]runnerSum
	blocks  map[*Function]*threadBlock
}

func newWaits(ix *index, stop syntax.Node) *waits {
	ws := &waits{ix: ix, objs: map[*syntax.Symbol]*syncObj{}, binds: map[*syntax.Assign]*syncObj{},
		stop: stop, locals: map[*Function]*codeOps{}, may: map[*Function]*mayOps{},
		runners: map[*Function]runnerSum{}, blocks: map[*Function]*threadBlock{}}
	for _, e := range ix.nodes {
		if a, ok := e.n.(*syntax.Assign); ok && (e.s.Kind == syntax.ModuleScope || e.s.Kind == syntax.FunctionScope) {
			ws.track(a, e.s)
		}
	}
	ws.dropEscaped()
	return ws
}

func (ws *waits) track(a *syntax.Assign, s *syntax.Scope) {
	if len(a.Targets) != 1 {
		return
	}
	n, ok := a.Targets[0].(*syntax.Name)
	c, isCall := a.Value.(*syntax.Call)
	if !ok || !isCall {
		return
	}
	sym, where := ws.ix.lookup(s, n.Id)
	if where != s || ws.ix.singleDef(sym, where) != syntax.Node(n) || ws.rebindsNonlocal(n.Id) {
		return
	}
	obj := &syncObj{kind: syncCtor(ws.ix, c, s), name: n.Id}
	switch obj.kind {
	case syncLock, syncEvent, syncSem0:
	case syncQueue:
		if len(c.Args)+len(c.Keywords) > 0 {
			return // a bounded queue's put() may block too
		}
	case syncThread:
		if !ws.threadTarget(obj, c, s) {
			return
		}
	default:
		return
	}
	ws.objs[sym] = obj
	ws.binds[a] = obj
}

// rebindsNonlocal reports whether a nested function may rebind a function
// local named name through a nonlocal declaration (it is then not one of
// the local's binding sites).
func (ws *waits) rebindsNonlocal(name string) bool {
	for _, fn := range ws.ix.funcs {
		if sym := fn.Scope.Symbols[name]; sym != nil && sym.Flags&syntax.SymNonlocal != 0 {
			return true
		}
	}
	return false
}

// threadTarget fills in the function that Thread(target=f, ...) runs,
// when f names a plain function of the file.
func (ws *waits) threadTarget(obj *syncObj, c *syntax.Call, s *syntax.Scope) bool {
	if len(c.Args) > 0 {
		return false
	}
	for _, k := range c.Keywords {
		if k.Arg == nil {
			return false // **kwargs may hold the target
		}
		if str, ok := k.Value.(*syntax.Str); ok && k.Arg.Name == "name" {
			obj.label = str.Value
		}
		n, ok := k.Value.(*syntax.Name)
		if k.Arg.Name != "target" || !ok {
			continue
		}
		fn := ws.ix.resolveName(n.Id, s)
		if fn == nil || fn.Kind != KindFunction || len(fn.funcDef().Decorators) > 0 || isGenerator(fn) {
			return false
		}
		obj.target, obj.site = fn, n
	}
	if obj.label == "" && obj.target != nil {
		obj.label = obj.target.Name
	}
	return obj.target != nil
}

func isGenerator(fn *Function) bool { return fn.Scope != nil && fn.Scope.IsGenerator }

// threadData are the attributes of a Thread that can be read or set
// without handing the object to other code.
var threadData = setOf("daemon", "name", "ident", "native_id")

// dropEscaped forgets the objects that some read hands to other code
// (as an argument, in a container, as a bound method...).
func (ws *waits) dropEscaped() {
	if len(ws.objs) == 0 {
		return
	}
	recv := ws.receivers()
	for sym, obj := range ws.objs {
		for _, u := range ws.ix.readers[sym] {
			if !recv[u.n] {
				delete(ws.objs, sym)
				for a, o := range ws.binds {
					if o == obj {
						delete(ws.binds, a)
					}
				}
				break
			}
		}
	}
}

// receivers are the names read only to call a method of their value, to
// enter it in a with statement, or to read or set a thread's data.
func (ws *waits) receivers() map[*syntax.Name]bool {
	recv := map[*syntax.Name]bool{}
	for _, e := range ws.ix.nodes {
		switch x := e.n.(type) {
		case *syntax.Call:
			if a, ok := x.Func.(*syntax.Attribute); ok {
				if n, ok := a.X.(*syntax.Name); ok {
					recv[n] = true
				}
			}
		case *syntax.Attribute:
			if n, ok := x.X.(*syntax.Name); ok && x.Attr != nil && threadData[x.Attr.Name] {
				recv[n] = true
			}
		case *syntax.WithItem:
			if n, ok := x.Context.(*syntax.Name); ok {
				recv[n] = true
			}
		}
	}
	return recv
}

// objOf returns the tracked object that e (read in scope s) names.
func (ws *waits) objOf(e syntax.Expr, s *syntax.Scope) *syncObj {
	n, ok := e.(*syntax.Name)
	if !ok {
		return nil
	}
	sym, _ := ws.ix.lookup(s, n.Id)
	return ws.objs[sym]
}

// callKind says how a call acts on the tracked objects.
type callKind uint8

const (
	callNone     callKind = iota // a builtin, a constructor, a method of a builtin type
	callOp                       // a method of a tracked object
	callFile                     // a function of the file
	callMethods                  // obj.m(): any method m of the file
	callBlocks                   // a method of an object out of sight that may wait
	callSpawn                    // x.start() of a thread out of sight: fns are the run() methods
	callSelfJoin                 // threading.current_thread().join()
	callWild                     // code out of sight, which may do anything
)

type callInfo struct {
	kind callKind
	op   op
	fns  []*Function
	// refs are made runnable by the call: the methods of a class it
	// instantiates may run whenever the instance is used.
	refs []*Function
}

// blockingMethods are the methods that may wait on an object out of
// sight.
var blockingMethods = setOf("acquire", "wait", "wait_for", "get", "put", "join",
	"send", "receive", "send_exception", "send_throw", "send_sequence", "run", "switch")

// classify says how the call c, evaluated in scope s, acts on the
// tracked objects.
func (ws *waits) classify(c *syntax.Call, s *syntax.Scope) callInfo {
	ix := ws.ix
	a, _ := c.Func.(*syntax.Attribute)
	if a != nil && a.Attr != nil {
		if obj := ws.objOf(a.X, s); obj != nil {
			return callInfo{kind: callOp, op: op{obj, a.Attr.Name}}
		}
		if a.Attr.Name == "join" && ws.isMainThread(a.X, s) {
			return callInfo{kind: callSelfJoin}
		}
	}
	q := ix.qualifiedName(c.Func, s)
	if builtinNames[q] || builtinModules[firstComponent(q)] && strings.Contains(q, ".") {
		return callInfo{}
	}
	if cal, ok := ix.resolveCall(c.Func, s); ok {
		if !cal.class {
			return callInfo{kind: callFile, fns: []*Function{cal.fn}}
		}
		ci := callInfo{refs: []*Function{cal.fn}}
		if init := ix.initOf(cal.fn); init != nil {
			ci.kind, ci.fns = callFile, []*Function{init}
		}
		return ci
	}
	if taskletCallIx(ix, c.Func, s) != nil || ix.flowAnalysis().isTasklet(c.Func, s) {
		return callInfo{} // its function was taken as a value: a reference
	}
	if a == nil || a.Attr == nil {
		return callInfo{kind: callWild}
	}
	return ws.method(a, s)
}

// method classifies recv.name(...) on an object out of sight.
func (ws *waits) method(a *syntax.Attribute, s *syntax.Scope) callInfo {
	name := a.Attr.Name
	if ms := ws.ix.methodsNamed(name); len(ms) > 0 {
		return callInfo{kind: callMethods, fns: ms}
	}
	if name == "start" {
		// The thread runs a function taken as a value before (a reference
		// made it runnable) or a run() method of a Thread subclass.
		return callInfo{kind: callSpawn, fns: ws.ix.methodsNamed("run")}
	}
	if ws.isWeftImport(a.X, s) {
		return callInfo{kind: callWild} // a function of another .weft module
	}
	if blockingMethods[name] && !ws.isPlainData(a.X, s) {
		return callInfo{kind: callBlocks}
	}
	return callInfo{}
}

// isPlainData reports whether e names a value of a builtin data type (a
// display, or a call of a builtin type such as dict()), whose get() or
// join() does not wait.
func (ws *waits) isPlainData(e syntax.Expr, s *syntax.Scope) bool {
	v, where := e, s
	if _, ok := e.(*syntax.Name); ok {
		v, where = ws.ix.flowAnalysis().boundTo(e, s)
	}
	switch x := v.(type) {
	case *syntax.Dict, *syntax.List, *syntax.Set, *syntax.Tuple, *syntax.Str,
		*syntax.ListComp, *syntax.DictComp, *syntax.SetComp:
		return true
	case *syntax.Call:
		q := ws.ix.qualifiedName(x.Func, where)
		return builtinNames[q] && !strings.Contains(q, ".")
	}
	return false
}

// isWeftImport reports whether e names a module, or something imported
// from a module, that is a .weft file: code out of sight.
func (ws *waits) isWeftImport(e syntax.Expr, s *syntax.Scope) bool {
	n, ok := e.(*syntax.Name)
	if !ok {
		return false
	}
	sym, where := ws.ix.lookup(s, n.Id)
	r, ok := ws.ix.importOf(sym, where)
	return ok && !builtinModules[r.Module]
}

// mainThreadFuncs return the main thread when main calls them.
var mainThreadFuncs = setOf("threading.current_thread", "threading.currentThread", "threading.main_thread")

// isMainThread reports whether e is threading.current_thread() or
// main_thread() as main evaluates it: the call itself, or a name that
// module code binds to it once.
func (ws *waits) isMainThread(e syntax.Expr, s *syntax.Scope) bool {
	if _, ok := e.(*syntax.Call); !ok {
		if e, s = ws.ix.flowAnalysis().boundTo(e, s); s != ws.ix.mod.Scope {
			return false
		}
	}
	c, ok := e.(*syntax.Call)
	return ok && len(c.Args) == 0 && mainThreadFuncs[ws.ix.qualifiedName(c.Func, s)]
}
