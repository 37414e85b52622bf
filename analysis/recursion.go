package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
)

// UnboundedRecursion marks every function in a recursive cycle.
var UnboundedRecursion = register(&Analyzer{
	Name:     "unbounded-recursion",
	Code:     "S402",
	Severity: source.Info,
	Doc: `A function is part of a recursive cycle of the call graph, so its worst-case stack is unbounded.

Weft frames live on the heap, so deep recursion is limited by
sys.getrecursionlimit() (default 100000) and memory, not by the host
stack; this note says where the stack report cannot give a bound. The
message names one cycle through the function ("recursive via f → g → f").
Calls are resolved within the file (see the call graph rules of the
stack report); comprehensions on a cycle are named in the message but not
reported themselves.`,
	Run: runUnboundedRecursion,
})

func runUnboundedRecursion(p *Pass) {
	for _, fn := range p.ix.funcs {
		if fn.Kind != KindFunction && fn.Kind != KindMethod && fn.Kind != KindLambda || !p.ix.isRecursive(fn) {
			continue
		}
		if cyc := p.ix.cycle(fn); cyc != nil {
			p.Reportf(fn.NameSpan, "unbounded recursion: recursive via %s", chainString(cyc))
		}
	}
}
