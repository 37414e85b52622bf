package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// CertainDeadlock reports a blocking operation of the main thread that
// can never return: a channel operation while no other tasklet can exist,
// a threading wait no thread exists to end, a Lock main already holds, a
// join of a thread that blocks for good.
var CertainDeadlock = register(&Analyzer{
	Name:     "certain-deadlock",
	Code:     "T502",
	Severity: source.Error,
	Doc: `The main thread blocks on an operation that can never return: a channel operation with no tasklet to be its partner, a wait no thread can end, a Lock it already holds, or a join of a thread that blocks forever.

Channels are synchronous: send and receive block until a partner arrives.
When main blocks and no other tasklet exists, the operation raises
RuntimeError ("Deadlock: the last runnable tasklet cannot be blocked.").
Only operations that certainly run are reported: straight-line module
code (including the body of 'if __name__ == "__main__":' and functions it
calls) on a name bound to stackless.channel(), with no earlier call that
could create a tasklet or start a thread. The same holds for threading
waits that no thread exists to end: Event().wait() and Barrier(n > 1)
.wait() without a timeout, and acquire() of Semaphore(0) or
BoundedSemaphore(0).

Along the same straight-line code, with threads running:
- acquire() without a timeout, or 'with lock:', of a threading.Lock()
  that main already holds (a certain earlier acquire() or an enclosing
  'with lock:', not released since), when no code that could release it
  was made runnable (a thread target, a tasklet function, any function
  taken as a value);
- t.join() without a timeout of a started threading.Thread(target=f)
  whose function f first blocks, in its own straight-line code, on a wait
  nothing can end before the join returns: Event.wait() with no set() by
  main before the join, by f before it waits, or by any other runnable
  code; Semaphore(0).acquire() with no release(); queue.Queue().get()
  with no put(); a Lock main holds since before t.start();
- threading.current_thread().join() (or main_thread().join()) in main,
  which raises RuntimeError ("cannot join current thread").
The objects must be names bound once to the constructor and used only as
receivers of method calls or with statements (passed to other code, they
are out of sight). Code inside a branch, loop or try is never certain; a
call of code out of sight (another module, a parameter, a recursive call
on main's path) and a return that may leave a function early end the
certainty of what follows.`,
	Run:      runCertainDeadlock,
	usesFlow: true,
})

func runCertainDeadlock(p *Pass) {
	e := p.ix.flowAnalysis().module()
	// The walk stops at e.block; what it finds comes before e.block, which
	// main then never reaches.
	if f := p.ix.waitFinding(e.block); f != nil {
		p.Reportf(f.at.Span(), f.format, f.args...)
		return
	}
	if e.block == nil {
		return
	}
	what := "channel operation"
	if c, ok := e.block.(*syntax.Call); ok {
		if a, ok := c.Func.(*syntax.Attribute); ok && a.Attr != nil {
			what = "channel " + a.Attr.Name + "()"
			if a.Attr.Name == "wait" || a.Attr.Name == "acquire" {
				p.Reportf(e.block.Span(), "certain deadlock: %s() blocks the main thread before any thread that could end the wait exists", a.Attr.Name)
				return
			}
		}
	} else {
		what = "iterating over a channel"
	}
	p.Reportf(e.block.Span(), "certain deadlock: %s blocks the main tasklet before any tasklet that could be its partner exists", what)
}
