package analysis

import (
	"strings"

	"github.com/weft-lang/weft/compiler/syntax"
)

// The call graph connects the code blocks of one file. A call resolves to
// a block when its callee is
//   - a name bound exactly once, by def or class, in a scope the call can
//     see (module functions, nested functions, classes: a class call goes
//     to its __init__);
//   - self.m(...) inside a method, when m is the only method of that name
//     in the file and it belongs to the method's class or one of its bases
//     defined in the file (so no override can take the call elsewhere);
//   - C.m(...) for a class C of the file with method m.
//
// A comprehension is called by the block it appears in. Functions with
// decorators other than @staticmethod and @classmethod are never call
// targets: the decorator decides what runs. Calls through
// stackless.tasklet run on another tasklet's frames and are not edges.

// callee is a resolved call target; bound counts the parameters the call
// fills by itself (self or cls).
type callee struct {
	fn    *Function
	bound int
	// class is set for a class call (fn is then the class body block).
	class bool
}

func (ix *index) buildGraph() {
	if ix.graphBuilt {
		return
	}
	ix.graphBuilt = true
	for _, e := range ix.nodes {
		caller := ix.byScope[e.s]
		if caller == nil {
			continue
		}
		switch n := e.n.(type) {
		case *syntax.Call:
			c, ok := ix.resolveCall(n.Func, e.s)
			if !ok {
				continue
			}
			target := c.fn
			if c.class {
				target = ix.initOf(c.fn)
			}
			if target != nil {
				caller.Calls = append(caller.Calls, Edge{Callee: target, Site: n})
			}
		case *syntax.ListComp, *syntax.SetComp, *syntax.DictComp, *syntax.GeneratorExp:
			if fn := ix.byNode[n]; fn != nil {
				caller.Calls = append(caller.Calls, Edge{Callee: fn, Site: n})
			}
		}
	}
}

// methods returns the methods of the file by name (built once).
func (ix *index) methodsNamed(name string) []*Function {
	if ix.methods == nil {
		ix.methods = map[string][]*Function{}
		for _, fn := range ix.funcs {
			if fn.Kind == KindMethod {
				ix.methods[fn.Name] = append(ix.methods[fn.Name], fn)
			}
		}
	}
	return ix.methods[name]
}

// funcDef returns the def of a function or method block.
func (fn *Function) funcDef() *syntax.FunctionDef {
	d, _ := fn.Node.(*syntax.FunctionDef)
	return d
}

func (fn *Function) classDef() *syntax.ClassDef {
	d, _ := fn.Node.(*syntax.ClassDef)
	return d
}

// resolveName returns the block that name (read in scope s) is bound to
// by its only def or class statement.
func (ix *index) resolveName(name string, s *syntax.Scope) *Function {
	sym, where := ix.lookup(s, name)
	d := ix.singleDef(sym, where)
	id, ok := d.(*syntax.Ident)
	if !ok {
		return nil
	}
	node := ix.identDef[id]
	if node == nil {
		return nil
	}
	return ix.byNode[node]
}

// resolveCall resolves a callee expression read in scope s.
func (ix *index) resolveCall(e syntax.Expr, s *syntax.Scope) (callee, bool) {
	switch x := e.(type) {
	case *syntax.Name:
		fn := ix.resolveName(x.Id, s)
		if fn == nil {
			return callee{}, false
		}
		switch fn.Kind {
		case KindClass:
			return callee{fn: fn, class: true}, true
		case KindFunction, KindMethod:
			if len(fn.funcDef().Decorators) > 0 {
				return callee{}, false
			}
			return callee{fn: fn}, true
		}
	case *syntax.Attribute:
		recv, ok := x.X.(*syntax.Name)
		if !ok || x.Attr == nil {
			return callee{}, false
		}
		// self.m(...) in a method.
		if cls := ix.selfClass(recv, s); cls != nil {
			m := ix.uniqueMethod(cls, x.Attr.Name)
			if m == nil {
				return callee{}, false
			}
			kind, ok := decoratorKind(m.funcDef().Decorators)
			if !ok {
				return callee{}, false
			}
			if kind == "staticmethod" {
				return callee{fn: m}, true
			}
			return callee{fn: m, bound: 1}, true
		}
		// C.m(...) for a class of the file.
		if cls := ix.resolveName(recv.Id, s); cls != nil && cls.Kind == KindClass {
			m := ix.classMethod(cls, x.Attr.Name, map[*Function]bool{})
			if m == nil {
				return callee{}, false
			}
			kind, ok := decoratorKind(m.funcDef().Decorators)
			if !ok {
				return callee{}, false
			}
			if kind == "classmethod" {
				return callee{fn: m, bound: 1}, true
			}
			return callee{fn: m}, true
		}
	}
	return callee{}, false
}

// selfClass returns the class whose instance recv is, when recv is the
// first parameter of an (undecorated) method enclosing scope s.
func (ix *index) selfClass(recv *syntax.Name, s *syntax.Scope) *Function {
	sym, where := ix.lookup(s, recv.Id)
	if sym == nil || sym.Flags&syntax.SymParam == 0 || len(sym.Defs) != 1 {
		return nil
	}
	m := ix.byScope[where]
	if m == nil || m.Kind != KindMethod {
		return nil
	}
	d := m.funcDef()
	if len(d.Decorators) > 0 || d.Args == nil {
		return nil
	}
	var first *syntax.Arg
	if len(d.Args.PosOnly) > 0 {
		first = d.Args.PosOnly[0]
	} else if len(d.Args.Args) > 0 {
		first = d.Args.Args[0]
	}
	if first == nil || first.Name != sym.Defs[0] {
		return nil
	}
	return m.Class
}

// uniqueMethod returns the method name of cls (or of a base of cls in
// the file) when it is the only method with that name in the file.
func (ix *index) uniqueMethod(cls *Function, name string) *Function {
	ms := ix.methodsNamed(name)
	if len(ms) != 1 {
		return nil
	}
	if ix.inherits(cls, ms[0].Class, map[*Function]bool{}) {
		return ms[0]
	}
	return nil
}

// inherits reports whether cls is base or derives from it through bases
// defined in the file.
func (ix *index) inherits(cls, base *Function, seen map[*Function]bool) bool {
	if cls == base {
		return true
	}
	if cls == nil || seen[cls] {
		return false
	}
	seen[cls] = true
	for _, b := range ix.bases(cls) {
		if b != nil && ix.inherits(b, base, seen) {
			return true
		}
	}
	return false
}

// bases returns the blocks of cls's bases; an entry is nil for a base not
// defined in the file.
func (ix *index) bases(cls *Function) []*Function {
	d := cls.classDef()
	if d == nil {
		return nil
	}
	outer := cls.Scope.Parent
	out := make([]*Function, 0, len(d.Bases))
	for _, b := range d.Bases {
		var bf *Function
		if n, ok := b.(*syntax.Name); ok {
			if f := ix.resolveName(n.Id, outer); f != nil && f.Kind == KindClass {
				bf = f
			}
		}
		out = append(out, bf)
	}
	return out
}

// classMethod finds method name in cls or, in order, its bases in the
// file; nil when not found or when a base outside the file could hold it.
func (ix *index) classMethod(cls *Function, name string, seen map[*Function]bool) *Function {
	if cls == nil || seen[cls] {
		return nil
	}
	seen[cls] = true
	if sym := cls.Scope.Symbols[name]; sym != nil {
		if len(sym.Defs) != 1 {
			return nil
		}
		id, ok := sym.Defs[0].(*syntax.Ident)
		if !ok {
			return nil
		}
		if fn := ix.byNode[ix.identDef[id]]; fn != nil && fn.Kind == KindMethod {
			return fn
		}
		return nil
	}
	for _, b := range ix.bases(cls) {
		if b == nil {
			return nil
		}
		if m := ix.classMethod(b, name, seen); m != nil {
			return m
		}
	}
	return nil
}

// initOf returns the __init__ that a call of class cls runs, if it is in
// the file.
func (ix *index) initOf(cls *Function) *Function {
	m := ix.classMethod(cls, "__init__", map[*Function]bool{})
	if m == nil || len(m.funcDef().Decorators) > 0 {
		return nil
	}
	return m
}

// signature returns what a resolved callee accepts.
func (ix *index) signature(c callee) *Signature {
	if c.class {
		cs := classSigs{
			resolveBase: func(cls *syntax.ClassDef, b syntax.Expr) *syntax.ClassDef {
				n, ok := b.(*syntax.Name)
				fn := ix.byNode[cls]
				if !ok || fn == nil {
					return nil
				}
				if bf := ix.resolveName(n.Id, fn.Scope.Parent); bf != nil {
					return bf.classDef()
				}
				return nil
			},
			qual: func(cls *syntax.ClassDef) string {
				if fn := ix.byNode[cls]; fn != nil {
					return fn.QualName
				}
				return cls.Name.Name
			},
		}
		return cs.constructor(c.fn.classDef())
	}
	d := c.fn.funcDef()
	if d == nil {
		return nil
	}
	return signatureOf(c.fn.QualName, d.Args, c.bound)
}

// qualifiedName names a callee expression by module when it is reached
// through an import: "stackless.tasklet" for stackless.tasklet (or an
// alias of the module, or tasklet imported from it), "len" for a builtin
// that no binding shadows; "" otherwise.
func (ix *index) qualifiedName(e syntax.Expr, s *syntax.Scope) string {
	switch x := e.(type) {
	case *syntax.Name:
		sym, where := ix.lookup(s, x.Id)
		if sym == nil {
			if builtinNames[x.Id] && !ix.globalAssigned[x.Id] {
				return x.Id
			}
			return ""
		}
		if r, ok := ix.importOf(sym, where); ok {
			if r.Name != "" {
				return r.Module + "." + r.Name
			}
			return r.Module
		}
	case *syntax.Attribute:
		if x.Attr == nil {
			return ""
		}
		if base := ix.qualifiedName(x.X, s); base != "" && !builtinNames[base] {
			return base + "." + x.Attr.Name
		}
	}
	return ""
}

// ---------------------------------------------------------------------------
// Recursion: strongly connected components of the call graph.

// sccs computes, once, the strongly connected components (Tarjan) and
// which functions are recursive (in a component with a cycle).
func (ix *index) sccs() {
	if ix.comp != nil {
		return
	}
	ix.buildGraph()
	n := len(ix.funcs)
	ix.comp = make([]int, n)
	ix.recursive = make([]bool, n)
	idx := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range idx {
		idx[i] = -1
	}
	var stack []int
	counter, ncomp := 0, 0
	// Iterative Tarjan, so deep call chains cannot overflow the Go stack.
	type frame struct{ v, edge int }
	for root := 0; root < n; root++ {
		if idx[root] >= 0 {
			continue
		}
		work := []frame{{root, 0}}
		idx[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		on[root] = true
		for len(work) > 0 {
			top := &work[len(work)-1]
			v := top.v
			calls := ix.funcs[v].Calls
			if top.edge < len(calls) {
				w := calls[top.edge].Callee.index
				top.edge++
				if idx[w] < 0 {
					idx[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					on[w] = true
					work = append(work, frame{w, 0})
				} else if on[w] && idx[w] < low[v] {
					low[v] = idx[w]
				}
				continue
			}
			work = work[:len(work)-1]
			if len(work) > 0 {
				if p := work[len(work)-1].v; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] == idx[v] {
				var members []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					on[w] = false
					ix.comp[w] = ncomp
					members = append(members, w)
					if w == v {
						break
					}
				}
				cyclic := len(members) > 1
				if !cyclic {
					for _, e := range ix.funcs[v].Calls {
						if e.Callee.index == v {
							cyclic = true
						}
					}
				}
				for _, w := range members {
					ix.recursive[w] = cyclic
				}
				ncomp++
			}
		}
	}
}

// Recursive reports whether fn is in a cycle of the call graph.
func (ix *index) isRecursive(fn *Function) bool {
	ix.sccs()
	return ix.recursive[fn.index]
}

// cycle returns a shortest call cycle from fn back to itself within its
// component, as the list of functions f, g, ..., f.
func (ix *index) cycle(fn *Function) []*Function {
	ix.sccs()
	if !ix.recursive[fn.index] {
		return nil
	}
	c := ix.comp[fn.index]
	prev := map[*Function]*Function{}
	queue := []*Function{fn}
	visited := map[*Function]bool{}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, e := range v.Calls {
			w := e.Callee
			if ix.comp[w.index] != c {
				continue
			}
			if w == fn {
				path := []*Function{fn}
				for u := v; u != fn; u = prev[u] {
					path = append(path, u)
				}
				path = append(path, fn)
				// path is fn, v, ..., fn reversed in the middle.
				for i, j := 1, len(path)-2; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				return path
			}
			if !visited[w] {
				visited[w] = true
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return nil
}

// chainString renders f → g → f with qualified names.
func chainString(fns []*Function) string {
	names := make([]string, len(fns))
	for i, f := range fns {
		names[i] = f.QualName
	}
	return strings.Join(names, " → ")
}
