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
the function f of stackless.tasklet(f)(args) and
stackless.tasklet(f).setup(args) (also through a name bound to
stackless.tasklet(f)), and the target of threading.Thread(target=f,
args=(...), kwargs={...}) when args and kwargs are displays. Defaults, *args, **kwargs,
keyword-only and positional-only parameters are respected; calls with
*x or **y arguments, and functions with decorators other than
@staticmethod or @classmethod, are skipped. The message is CPython's
TypeError.`,
	Run:      runCallArity,
	usesFlow: true,
})

func runCallArity(p *Pass) {
	dir := filepath.Dir(p.File.Name)
	for _, e := range p.ix.nodes {
		call, ok := e.n.(*syntax.Call)
		if !ok || hasUnpacking(call) {
			continue
		}
		target, prefix := call.Func, ""
		npos, kws := len(call.Args), make([]string, 0, len(call.Keywords))
		for _, k := range call.Keywords {
			kws = append(kws, k.Arg.Name)
		}
		if inner := taskletCall(p, call.Func, e.s); inner != nil {
			target, prefix = inner.Args[0], "tasklet: "
		} else if t, ok := threadTarget(p, call, e.s); ok {
			target, prefix = t.target, "thread target: "
			npos, kws = t.npos, t.kws
		}
		sig := p.signatureOf(target, e.s, dir)
		if sig == nil {
			continue
		}
		if msg := sig.Check(npos, kws); msg != "" {
			p.Reportf(call.Span(), "%s%s", prefix, msg)
		}
	}
}

// taskletCall returns the stackless.tasklet(f) call when fn is
// stackless.tasklet(f) or stackless.tasklet(f).setup, or a name bound
// only to stackless.tasklet(f) (called, or its setup method); nil
// otherwise.
func taskletCall(p *Pass, fn syntax.Expr, s *syntax.Scope) *syntax.Call {
	if a, ok := fn.(*syntax.Attribute); ok && a.Attr != nil && a.Attr.Name == "setup" {
		fn = a.X
	}
	if n, ok := fn.(*syntax.Name); ok {
		v, where := p.ix.flowAnalysis().boundTo(n, s)
		if v == nil {
			return nil
		}
		fn, s = v, where
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

// threadCall is threading.Thread(target=f, args=(...), kwargs={...}).
type threadCall struct {
	target syntax.Expr
	npos   int
	kws    []string
}

// threadTarget recognises threading.Thread(target=f, args=(a, b),
// kwargs={"k": v}) whose args and kwargs are displays (or absent).
func threadTarget(p *Pass, call *syntax.Call, s *syntax.Scope) (threadCall, bool) {
	var t threadCall
	if len(call.Args) > 0 || p.ix.qualifiedName(call.Func, s) != "threading.Thread" {
		return t, false
	}
	for _, k := range call.Keywords {
		switch k.Arg.Name {
		case "target":
			t.target = k.Value
		case "args":
			var elts []syntax.Expr
			switch v := k.Value.(type) {
			case *syntax.Tuple:
				elts = v.Elts
			case *syntax.List:
				elts = v.Elts
			default:
				return t, false
			}
			for _, e := range elts {
				if _, ok := e.(*syntax.Starred); ok {
					return t, false
				}
			}
			t.npos = len(elts)
		case "kwargs":
			d, ok := k.Value.(*syntax.Dict)
			if !ok {
				return t, false
			}
			for _, key := range d.Keys {
				str, ok := key.(*syntax.Str)
				if !ok {
					return t, false
				}
				t.kws = append(t.kws, str.Value)
			}
		}
	}
	return t, t.target != nil
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
