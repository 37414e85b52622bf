package analysis

import (
	"path/filepath"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// CallArity reports calls that cannot bind their arguments.
var CallArity = register(&Analyzer{
	Name:     "call-arity",
	Code:     "A301",
	Severity: source.Error,
	Doc: `A call passes arguments that the function or class it calls cannot accept.

Checked callees: functions and classes (through their __init__, or "takes
no arguments" when no class in the chain defines one) defined in the file
or in an imported .weft module, methods called as self.m(...) when the
file has only one method of that name, C.m(...) for a class C of the file,
and the function f of stackless.tasklet(f)(args) and
stackless.tasklet(f).setup(args). Defaults, *args, **kwargs,
keyword-only and positional-only parameters are respected; calls with
*x or **y arguments, and functions with decorators other than
@staticmethod or @classmethod, are skipped. The message is CPython's
TypeError.`,
	Run: runCallArity,
})

func runCallArity(p *Pass) {
	dir := filepath.Dir(p.File.Name)
	for _, e := range p.ix.nodes {
		call, ok := e.n.(*syntax.Call)
		if !ok || hasUnpacking(call) {
			continue
		}
		target, prefix := call.Func, ""
		if inner := taskletCall(p, call.Func, e.s); inner != nil {
			target, prefix = inner.Args[0], "tasklet: "
		}
		sig := p.signatureOf(target, e.s, dir)
		if sig == nil {
			continue
		}
		kws := make([]string, 0, len(call.Keywords))
		for _, k := range call.Keywords {
			kws = append(kws, k.Arg.Name)
		}
		if msg := sig.Check(len(call.Args), kws); msg != "" {
			p.Reportf(call.Span(), "%s%s", prefix, msg)
		}
	}
}

// taskletCall returns the inner stackless.tasklet(f) call when fn is
// stackless.tasklet(f) or stackless.tasklet(f).setup, nil otherwise.
func taskletCall(p *Pass, fn syntax.Expr, s *syntax.Scope) *syntax.Call {
	if a, ok := fn.(*syntax.Attribute); ok && a.Attr != nil && a.Attr.Name == "setup" {
		fn = a.X
	}
	inner, ok := fn.(*syntax.Call)
	if !ok || len(inner.Args) != 1 || len(inner.Keywords) != 0 || hasUnpacking(inner) {
		return nil
	}
	if p.ix.qualifiedName(inner.Func, s) != "stackless.tasklet" {
		return nil
	}
	return inner
}

func hasUnpacking(c *syntax.Call) bool {
	for _, a := range c.Args {
		if _, ok := a.(*syntax.Starred); ok {
			return true
		}
	}
	for _, k := range c.Keywords {
		if k == nil || k.Arg == nil {
			return true
		}
	}
	return false
}

// signatureOf returns the signature of the callable e (read in scope s)
// when it is known: a def or class of this file, or a function or class
// of an imported .weft module.
func (p *Pass) signatureOf(e syntax.Expr, s *syntax.Scope, dir string) *Signature {
	if c, ok := p.ix.resolveCall(e, s); ok {
		return p.ix.signature(c)
	}
	if p.Imports == nil {
		return nil
	}
	var r importRef
	attr := ""
	switch x := e.(type) {
	case *syntax.Name:
		sym, where := p.ix.lookup(s, x.Id)
		var ok bool
		if r, ok = p.ix.importOf(sym, where); !ok || r.Name == "" {
			return nil
		}
		attr = r.Name
	case *syntax.Attribute:
		recv, ok := x.X.(*syntax.Name)
		if !ok || x.Attr == nil {
			return nil
		}
		sym, where := p.ix.lookup(s, recv.Id)
		if r, ok = p.ix.importOf(sym, where); !ok || r.Name != "" || r.Alias == nil {
			return nil
		}
		// "import a.b" binds a; only "import m" and "import a.b as m"
		// name the module whose attribute is called.
		if r.Alias.AsName != nil {
			r.Module = r.Alias.Name.Name
		} else if r.Alias.Name.Name != r.Module {
			return nil
		}
		attr = x.Attr.Name
	default:
		return nil
	}
	if r.Level > 0 {
		return nil
	}
	info := p.Imports.Module(r.Module, dir)
	if info == nil {
		return nil
	}
	return info.Signatures[attr]
}
