package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
)

// FrameChain reports functions whose deepest call chain needs more frame
// memory than max-frame-bytes.
var FrameChain = register(&Analyzer{
	Name:      "frame-chain",
	Code:      "S403",
	Severity:  source.Warning,
	NeedsCode: true,
	Doc: `The worst-case chain of frames reachable from a function is larger than max-frame-bytes.

The chain follows the deepest non-recursive call path of the file's call
graph from the function and adds the FrameBytes of every frame on it (see
the stack report). It is what one tasklet running the function can need at
once, recursion aside (S402 marks recursion). Off unless max-frame-bytes
is set in the [lint] table of weft.toml.`,
	Run: runFrameChain,
})

func runFrameChain(p *Pass) {
	limit := p.Config.MaxFrameBytes
	if limit <= 0 {
		return
	}
	rep := p.Stack()
	for _, fs := range rep.Functions {
		switch fs.Func.Kind {
		case KindFunction, KindMethod, KindLambda:
		default:
			continue
		}
		if fs.ChainBytes > limit {
			p.Reportf(fs.Func.NameSpan, "worst-case frame chain of '%s' needs %d bytes, more than max-frame-bytes %d: %s",
				fs.Func.QualName, fs.ChainBytes, limit, fs.ChainString())
		}
	}
}
