package analysis

import (
	"slices"

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
