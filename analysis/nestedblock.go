package analysis

import (
	"fmt"
	"strings"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// BlockingInNestedCall reports tasklet switches in code that the VM runs
// in a nested interpreter.
var BlockingInNestedCall = register(&Analyzer{
	Name:     "blocking-in-nested-call",
	Code:     "T503",
	Severity: source.Error,
	Doc: `A channel operation or scheduler call runs inside a function that builtins call from Go.

Weft code called from a builtin — the key= function of sorted(), min(),
max() and list.sort(), and special methods such as __lt__, __eq__,
__hash__, __repr__ and __str__ that builtins call — runs in a nested
interpreter that cannot switch tasklets: a channel send or receive,
stackless.schedule(), stackless.run() or time.sleep() there raises
RuntimeError("cannot switch from a nested interpreter"). Calls of
functions of the file are followed; the report points at the operation,
or at the call in the nested function that leads to it.`,
	Run:      runBlockingInNested,
	usesFlow: true,
})

// nestedDunders are the special methods that builtins call from Go.
var nestedDunders = setOf("__repr__", "__str__", "__format__", "__hash__", "__eq__", "__ne__",
	"__lt__", "__le__", "__gt__", "__ge__", "__len__", "__bool__", "__index__", "__contains__")

type nestedUse struct {
	fn  *Function
	ctx string
}

func runBlockingInNested(p *Pass) {
	ix := p.ix
	ix.buildGraph()
	var uses []nestedUse
	for _, e := range ix.nodes {
		call, ok := e.n.(*syntax.Call)
		if !ok {
			continue
		}
		ctx := ""
		if q := ix.qualifiedName(call.Func, e.s); q == "sorted" || q == "min" || q == "max" {
			ctx = "the key function of " + q + "()"
		} else if a, ok := call.Func.(*syntax.Attribute); ok && a.Attr != nil && a.Attr.Name == "sort" {
			ctx = "the key function of list.sort()"
		}
		if ctx == "" {
			continue
		}
		for _, k := range call.Keywords {
			if k == nil || k.Arg == nil || k.Arg.Name != "key" {
				continue
			}
			if fn := ix.callableOf(k.Value, e.s); fn != nil {
				uses = append(uses, nestedUse{fn, ctx})
			}
		}
	}
	for _, fn := range ix.funcs {
		if fn.Kind == KindMethod && nestedDunders[fn.Name] {
			uses = append(uses, nestedUse{fn, fn.QualName + ", which builtins call from Go"})
		}
	}
	reported := map[syntax.Node]bool{}
	for _, u := range uses {
		site, what := ix.firstSwitch(u.fn, map[*Function]bool{})
		if site == nil || reported[site] {
			continue
		}
		reported[site] = true
		p.Reportf(site.Span(), "%s in %s: it runs in a nested interpreter, where switching tasklets raises RuntimeError", what, u.ctx)
	}
}

// callableOf returns the block that e evaluates to: a lambda, or a name
// or self.m bound to a def of the file.
func (ix *index) callableOf(e syntax.Expr, s *syntax.Scope) *Function {
	if l, ok := e.(*syntax.Lambda); ok {
		return ix.byNode[l]
	}
	c, ok := ix.resolveCall(e, s)
	if !ok || c.class {
		return nil
	}
	return c.fn
}

// firstSwitch finds the first call in fn that certainly switches
// tasklets when it runs, directly or through the functions it calls.
// It returns the call in fn and a description.
func (ix *index) firstSwitch(fn *Function, seen map[*Function]bool) (syntax.Node, string) {
	if fn == nil || seen[fn] {
		return nil, ""
	}
	seen[fn] = true
	f := ix.flowAnalysis()
	for _, c := range ix.calls(fn.Scope) {
		if what := f.switchOp(c, fn.Scope); what != "" {
			return c, what
		}
	}
	for _, e := range fn.Calls {
		if site, what := ix.firstSwitch(e.Callee, seen); site != nil {
			if _, isCall := e.Site.(*syntax.Call); !isCall {
				return site, what
			}
			return e.Site, fmt.Sprintf("call of %s (%s)", e.Callee.QualName, what)
		}
	}
	return nil, ""
}

// switchOp describes a call that certainly switches tasklets, or "".
func (f *flow) switchOp(c *syntax.Call, s *syntax.Scope) string {
	switch q := f.ix.qualifiedName(c.Func, s); q {
	case "stackless.schedule", "stackless.schedule_remove", "stackless.run", "time.sleep":
		return q + "()"
	}
	a, ok := c.Func.(*syntax.Attribute)
	if !ok || a.Attr == nil {
		return ""
	}
	switch a.Attr.Name {
	case "receive", "send_exception", "send_throw", "send_sequence":
		return "channel " + a.Attr.Name + "()"
	case "send":
		if f.isChannel(a.X, s) || channelLike(a.X) {
			return "channel send()"
		}
	case "run", "switch":
		if f.isTasklet(a.X, s) {
			return "tasklet " + a.Attr.Name + "()"
		}
	}
	return ""
}

// channelLike guesses from its name that e holds a channel ("ch",
// "chan", "results_channel", "self.out_ch").
func channelLike(e syntax.Expr) bool {
	var name string
	switch x := e.(type) {
	case *syntax.Name:
		name = x.Id
	case *syntax.Attribute:
		if x.Attr != nil {
			name = x.Attr.Name
		}
	}
	name = strings.ToLower(name)
	return name == "ch" || strings.Contains(name, "chan") || strings.HasSuffix(name, "_ch") || strings.HasPrefix(name, "ch_")
}
