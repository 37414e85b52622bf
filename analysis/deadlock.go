package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// CertainDeadlock reports a channel operation of the main tasklet that
// runs while no other tasklet can exist.
var CertainDeadlock = register(&Analyzer{
	Name:     "certain-deadlock",
	Code:     "T502",
	Severity: source.Error,
	Doc: `The main module sends to or receives from a channel before any tasklet that could be its partner was created.

Channels are synchronous: send and receive block until a partner arrives.
When main blocks and no other tasklet exists, the operation raises
RuntimeError ("Deadlock: the last runnable tasklet cannot be blocked.").
Only operations that certainly run are reported: straight-line module
code (including the body of 'if __name__ == "__main__":' and functions it
calls) on a name bound to stackless.channel(), with no earlier call that
could create a tasklet or start a thread. The same holds for threading
waits that no thread exists to end: Event().wait() and Barrier(n > 1)
.wait() without a timeout, and acquire() of Semaphore(0) or
BoundedSemaphore(0).`,
	Run:      runCertainDeadlock,
	usesFlow: true,
})

func runCertainDeadlock(p *Pass) {
	e := p.ix.flowAnalysis().module()
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
