package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// CompareToNone reports == None and != None.
var CompareToNone = register(&Analyzer{
	Name:     "compare-to-none",
	Code:     "W207",
	Severity: source.Warning,
	Doc: `None is compared with == or != instead of "is" / "is not".

== calls the left operand's __eq__, which a class may define to say
anything (and which runs Weft code in a nested interpreter); identity is
what is meant and is faster.`,
	Run: runCompareToNone,
})

func runCompareToNone(p *Pass) {
	for _, e := range p.ix.nodes {
		c, ok := e.n.(*syntax.Compare)
		if !ok {
			continue
		}
		left := c.Left
		for i, op := range c.Ops {
			if i >= len(c.Comparators) {
				break
			}
			right := c.Comparators[i]
			if (op == syntax.Eq || op == syntax.NotEq) && (isNone(left) || isNone(right)) {
				want := "is"
				if op == syntax.NotEq {
					want = "is not"
				}
				p.Reportf(left.Span().Join(right.Span()), "comparison to None with '%s': use '%s'", op, want)
			}
			left = right
		}
	}
}

func isNone(e syntax.Expr) bool {
	c, ok := e.(*syntax.Constant)
	return ok && c.Kind == syntax.ConstNone
}
