package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// UnreachableCode reports statements that can never run.
var UnreachableCode = register(&Analyzer{
	Name:     "unreachable-code",
	Code:     "W204",
	Severity: source.Warning,
	Doc: `Statements follow one that never completes normally.

A statement never completes normally when it is return, raise, break or
continue; a "while True:" (or "while 1:") loop without a break out of it;
an if/else whose branches all never complete; or a try whose body and
every handler never complete, or whose finally never completes. The rest
of the block is reported once, at its first statement.`,
	Run: runUnreachable,
})

func runUnreachable(p *Pass) {
	forEachBlock(p.Module, func(list []syntax.Stmt) {
		for i, st := range list[:len(list)-1] {
			why := neverCompletes(st)
			if why == "" {
				continue
			}
			sp := list[i+1].Span().Join(list[len(list)-1].Span())
			line := p.File.Position(st.Span().Start).Line
			p.Reportf(sp, "unreachable code: the %s on line %d never completes", why, line)
			return
		}
	})
}

// neverCompletes describes why control cannot continue after st, or
// returns "".
func neverCompletes(st syntax.Stmt) string {
	switch s := st.(type) {
	case *syntax.Return:
		return "return"
	case *syntax.Raise:
		return "raise"
	case *syntax.Break:
		return "break"
	case *syntax.Continue:
		return "continue"
	case *syntax.While:
		if isConstTrue(s.Test) && !hasBreak(s.Body) {
			return "'while' loop without break"
		}
	case *syntax.If:
		if len(s.OrElse) > 0 && blockNeverCompletes(s.Body) && blockNeverCompletes(s.OrElse) {
			return "if/else statement"
		}
	case *syntax.Try:
		if blockNeverCompletes(s.FinalBody) {
			return "try statement"
		}
		if len(s.Handlers) == 0 || !blockNeverCompletes(s.Body) {
			return ""
		}
		for _, h := range s.Handlers {
			if h == nil || !blockNeverCompletes(h.Body) {
				return ""
			}
		}
		return "try statement"
	}
	return ""
}

func blockNeverCompletes(list []syntax.Stmt) bool {
	for _, st := range list {
		if neverCompletes(st) != "" {
			return true
		}
	}
	return false
}
