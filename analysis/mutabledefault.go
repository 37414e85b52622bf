package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// MutableDefault reports parameters whose default is a mutable object.
var MutableDefault = register(&Analyzer{
	Name:     "mutable-default-argument",
	Code:     "W206",
	Severity: source.Warning,
	Doc: `A parameter's default value is a mutable list, dict or set.

The default is evaluated once, when the def runs, and every call that
omits the argument shares (and may modify) that one object. Default to
None and create the object in the body. Reported for list, dict and set
displays and comprehensions and for calls of list(), dict(), set() and
collections.deque/defaultdict/Counter.`,
	Run: runMutableDefault,
})

var mutableFactories = setOf("list", "dict", "set", "collections.deque", "collections.defaultdict",
	"collections.Counter", "collections.OrderedDict")

func runMutableDefault(p *Pass) {
	for _, e := range p.ix.nodes {
		var args *syntax.Arguments
		switch n := e.n.(type) {
		case *syntax.FunctionDef:
			args = n.Args
		case *syntax.Lambda:
			args = n.Args
		default:
			continue
		}
		if args == nil {
			continue
		}
		for _, list := range [][]syntax.Expr{args.Defaults, args.KwDefaults} {
			for _, d := range list {
				if kind := mutableKind(p, d, e.s); kind != "" {
					p.Reportf(d.Span(), "mutable default argument: this %s is created once and shared by every call; use None and create it in the body", kind)
				}
			}
		}
	}
}

func mutableKind(p *Pass, e syntax.Expr, s *syntax.Scope) string {
	switch x := e.(type) {
	case *syntax.List, *syntax.ListComp:
		return "list"
	case *syntax.Dict, *syntax.DictComp:
		return "dict"
	case *syntax.Set, *syntax.SetComp:
		return "set"
	case *syntax.Call:
		if q := p.ix.qualifiedName(x.Func, s); mutableFactories[q] {
			return q + "()"
		}
	}
	return ""
}
