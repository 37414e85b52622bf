package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
)

// StackDepth reports code blocks whose operand stack is deeper than the
// configured max-stack.
var StackDepth = register(&Analyzer{
	Name:      "stack-depth",
	Code:      "S401",
	Severity:  source.Warning,
	NeedsCode: true,
	Doc: `A function needs more operand-stack slots than max-stack allows (default 64).

The compiler computes each code object's exact operand-stack need
(MaxStack); every frame allocates that many slots. Deeply nested
expressions, long displays and calls with many arguments raise it.
Configure the limit with max-stack in the [lint] table of weft.toml.`,
	Run: runStackDepth,
})

func runStackDepth(p *Pass) {
	limit := p.Config.MaxStack
	for _, fn := range p.ix.funcs {
		c := fn.Code
		if c == nil || c.MaxStack <= limit {
			continue
		}
		p.Reportf(fn.NameSpan, "%s '%s' needs %d operand-stack slots, more than max-stack %d (frame %d bytes)",
			fn.Kind, fn.QualName, c.MaxStack, limit, FrameBytes(c))
	}
}
