package resolve

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// The expectations below were checked against CPython 3.11 (co_varnames,
// co_cellvars, co_freevars, co_qualname and the LOAD_/STORE_ opcode of each
// occurrence). Two deliberate layout choices differ from CPython's code
// objects: Locals puts *args before keyword-only parameters (call order),
// and Cells is sorted even when it holds parameters.
//
// refs: "LINE:NAME=KIND" or "LINE:NAME#N=KIND", where KIND is fast<i>,
// deref<i>, classderef<i>, global or name. Without #N every occurrence of
// NAME on that line must match; #N picks the N-th (0-based, source order).
// Occurrences are Names and the names of def, class and except-as (their
// NameRef).
//
// scopes: "QUALNAME: locals=a,b cells=c frees=d [gen]" (every key
// required; gen means IsGenerator). A repeated qualname can be addressed
// as "QUALNAME#1".
var resolveCases = []struct {
	name   string
	src    string
	refs   []string
	scopes []string
}{
	{
		name: "module",
		src: `import os.path
from m import a as b, c
x = 1
def f(): pass
class C: pass
print(x, os, b, c, f, C)
del x
try:
    pass
except E as e:
    pass
for i in y: pass
with w as v: pass
`,
		refs: []string{"3:x=name", "4:f=name", "5:C=name", "6:print=name", "6:x=name",
			"6:os=name", "7:x=name", "10:E=name", "10:e=name", "12:i=name", "12:y=name", "13:v=name"},
		scopes: []string{"<module>: locals= cells= frees=", "f: locals= cells= frees=", "C: locals= cells= frees="},
	},
	{
		name: "params-and-locals",
		src: `def f(a, b=1, /, c=2, *args, d, e=3, **kw):
    x = a
    y, *z = b
    for i in c: pass
    return print(x, y, z, i, d, e, args, kw, undefined)
`,
		refs: []string{"2:x=fast7", "2:a=fast0", "3:y=fast8", "3:z=fast9", "3:b=fast1", "4:i=fast10",
			"4:c=fast2", "5:print=global", "5:undefined=global", "5:args=fast3", "5:d=fast4",
			"5:e=fast5", "5:kw=fast6", "1:f=name"},
		scopes: []string{"f: locals=a,b,c,args,d,e,kw,x,y,z,i cells= frees="},
	},
	{
		name: "closure",
		src: `def outer(p, q):
    a = 1
    b = 2
    def inner(r):
        nonlocal b
        b = a + r + p
        return b
    return inner
`,
		refs: []string{"2:a=deref0", "3:b=deref1", "4:inner=fast2", "6:b=deref1", "6:a=deref0",
			"6:r=fast0", "6:p=deref2", "7:b=deref1", "8:inner=fast2"},
		scopes: []string{"outer: locals=p,q,inner cells=a,b,p frees=",
			"outer.<locals>.inner: locals=r cells= frees=a,b,p"},
	},
	{
		name: "pass-through",
		src: `def a():
    x = 1
    def b():
        def c():
            return x
        return c
    return b
`,
		refs: []string{"2:x=deref0", "4:c=fast0", "5:x=deref0", "6:c=fast0", "7:b=fast0"},
		scopes: []string{"a: locals=b cells=x frees=", "a.<locals>.b: locals=c cells= frees=x",
			"a.<locals>.b.<locals>.c: locals= cells= frees=x"},
	},
	{
		name: "class-body",
		src: `x = 0
def f():
    y = 1
    z = 2
    class C:
        z = 3
        a = x
        b = y
        c = z
        def m(self):
            return x, y, z, C
    return C
`,
		refs: []string{"3:y=deref1", "4:z=deref2", "5:C=deref0", "6:z=name", "7:a=name", "7:x=name",
			"8:y=classderef1", "9:z=name", "10:m=name", "11:x=global", "11:y=deref1",
			"11:z=deref2", "11:C=deref0", "12:C=deref0"},
		scopes: []string{"f: locals= cells=C,y,z frees=", "f.<locals>.C: locals= cells= frees=C,y,z",
			"f.<locals>.C.m: locals=self cells= frees=C,y,z"},
	},
	{
		name: "super-and-class-cell",
		src: `class A:
    def m(self):
        return super().m()
    def n(self):
        return __class__
    def o(self):
        return lambda: super()
    def p(self):
        return 1
`,
		refs: []string{"3:super=global", "5:__class__=deref0", "7:super=global"},
		scopes: []string{"A: locals= cells=__class__ frees=", "A.m: locals=self cells= frees=__class__",
			"A.n: locals=self cells= frees=__class__", "A.o: locals=self cells= frees=__class__",
			"A.o.<locals>.<lambda>: locals= cells= frees=__class__", "A.p: locals=self cells= frees="},
	},
	{
		name: "class-global-and-free",
		src: `def outer():
    x = 1
    class C:
        global x
        x = 2
        def m(self):
            return x
    return C
`,
		refs: []string{"2:x=deref0", "5:x=global", "7:x=deref0", "3:C=fast0"},
		scopes: []string{"outer: locals=C cells=x frees=", "outer.<locals>.C: locals= cells= frees=x",
			"outer.<locals>.C.m: locals=self cells= frees=x"},
	},
	{
		name: "comprehensions",
		src: `def f(xs, ys):
    a = [x * y for x in xs for y in ys if x]
    b = {k: v for k, v in xs}
    c = (x for x in xs)
    d = {x for x in xs}
    return a, b, c, d
`,
		refs: []string{"2:a=fast2", "2:x=fast1", "2:y=fast2", "2:xs=fast0", "2:ys=deref0",
			"3:k=fast1", "3:v=fast2", "3:b=fast3", "4:x=fast1", "4:xs=fast0", "5:x=fast1"},
		scopes: []string{"f: locals=xs,ys,a,b,c,d cells=ys frees=",
			"f.<locals>.<listcomp>: locals=.0,x,y cells= frees=ys",
			"f.<locals>.<dictcomp>: locals=.0,k,v cells= frees=",
			"f.<locals>.<genexpr>: locals=.0,x cells= frees= gen",
			"f.<locals>.<setcomp>: locals=.0,x cells= frees="},
	},
	{
		name: "comprehension-in-class",
		src: `class C:
    xs = [1, 2]
    ys = [x for x in xs]
    zs = [x + len(xs) for x in xs]
`,
		refs:   []string{"3:xs=name", "3:x=fast1", "4:xs#0=global", "4:len=global", "4:xs#1=name", "4:zs=name"},
		scopes: []string{"C.<listcomp>: locals=.0,x cells= frees=", "C.<listcomp>#1: locals=.0,x cells= frees="},
	},
	{
		name: "comprehension-shadowing",
		src: `x = 10
def f():
    x = 1
    return [x for x in range(x)]
`,
		refs:   []string{"4:x#0=fast1", "4:x#1=fast1", "4:x#2=fast0", "4:range=global"},
		scopes: []string{"f: locals=x cells= frees=", "f.<locals>.<listcomp>: locals=.0,x cells= frees="},
	},
	{
		name: "walrus-in-function",
		src: `def f(xs):
    if any((hit := x) > 1 for x in xs):
        return hit
    [(last := y) for y in xs]
    return last
`,
		refs: []string{"2:hit=deref0", "2:x=fast1", "2:any=global", "3:hit=deref0", "4:last=deref0",
			"5:last=deref1"},
		scopes: []string{"f: locals=xs cells=hit,last frees=",
			"f.<locals>.<genexpr>: locals=.0,x cells= frees=hit gen",
			"f.<locals>.<listcomp>: locals=.0,y cells= frees=last"},
	},
	{
		name: "walrus-at-module-and-global",
		src: `[(m := i) for i in range(3)]
print(m)
def g():
    global gg
    [(gg := i) for i in range(3)]
    return gg
def h():
    return [[(w := j) for j in range(i)] for i in range(3)], w
`,
		refs: []string{"1:m=global", "1:i=fast1", "1:range=name", "2:m=name", "5:gg=global",
			"6:gg=global", "8:w#0=deref0", "8:w#1=deref0"},
		scopes: []string{"<listcomp>: locals=.0,i cells= frees=",
			"g.<locals>.<listcomp>: locals=.0,i cells= frees=",
			"h: locals= cells=w frees=",
			"h.<locals>.<listcomp>: locals=.0,i cells= frees=w",
			"h.<locals>.<listcomp>.<listcomp>: locals=.0,j cells= frees=w"},
	},
	{
		name: "cell-params",
		src: `def f(a, *args, **kw):
    def g():
        return a, args, kw
    return g
`,
		refs: []string{"3:a=deref0", "3:args=deref1", "3:kw=deref2", "4:g=fast3"},
		scopes: []string{"f: locals=a,args,kw,g cells=a,args,kw frees=",
			"f.<locals>.g: locals= cells= frees=a,args,kw"},
	},
	{
		name: "lambda",
		src: `def f(n):
    return lambda x, y=n: x + y + n
k = lambda: k
`,
		refs: []string{"2:n=deref0", "2:x=fast0", "2:y=fast1", "3:k#0=name", "3:k#1=global"},
		scopes: []string{"f: locals=n cells=n frees=", "f.<locals>.<lambda>: locals=x,y cells= frees=n",
			"<lambda>: locals= cells= frees="},
	},
	{
		name: "mangling",
		src: `class C:
    __a = 1
    def __m(self, __p):
        __q = __p
        return self.__a, __q, __class__
    b = __a
    class __D:
        def f(self, __r):
            return __r
`,
		refs: []string{"2:__a=name", "3:__m=name", "4:__q=fast2", "4:__p=fast1", "5:__q=fast2",
			"5:__class__=deref0", "6:__a=name", "7:__D=name", "9:__r=fast1"},
		scopes: []string{"C: locals= cells=__class__ frees=", "C.__m: locals=self,_C__p,_C__q cells= frees=__class__",
			"C.__D: locals= cells= frees=", "C.__D.f: locals=self,_D__r cells= frees="},
	},
	{
		name: "qualname-global",
		src: `def f():
    global g
    def g():
        pass
    class K:
        pass
    return K
`,
		refs:   []string{"3:g=global", "5:K=fast0", "7:K=fast0"},
		scopes: []string{"f: locals=K cells= frees=", "g: locals= cells= frees=", "f.<locals>.K: locals= cells= frees="},
	},
	{
		name: "del-augassign-annotation",
		src: `def f():
    x = 1
    x += 2
    y: int
    z: int = 3
    del x
    return z
`,
		refs:   []string{"2:x=fast0", "3:x=fast0", "4:int=global", "6:x=fast0", "7:z=fast2", "5:z=fast2"},
		scopes: []string{"f: locals=x,y,z cells= frees="},
	},
	{
		name: "import-except-with-for",
		src: `def f():
    import a.b
    from c import d as e
    try:
        pass
    except Exception as exc:
        pass
    with open() as (p, q):
        pass
    for i, j in []:
        pass
`,
		refs:   []string{"6:exc=fast2", "6:Exception=global", "8:p=fast3", "8:q=fast4", "8:open=global", "10:i=fast5", "10:j=fast6"},
		scopes: []string{"f: locals=a,e,exc,p,q,i,j cells= frees="},
	},
	{
		name: "class-names-invisible",
		src: `class Outer:
    class Inner:
        def m(self):
            return Outer, Inner
`,
		refs:   []string{"2:Inner=name", "4:Outer=global", "4:Inner=global"},
		scopes: []string{"Outer.Inner.m: locals=self cells= frees="},
	},
	{
		name: "nonlocal-in-class",
		src: `def f():
    x = 1
    class C:
        nonlocal x
        x = 2
        y = x
    return x
`,
		refs:   []string{"2:x=deref0", "5:x=deref0", "6:x=classderef0", "6:y=name", "7:x=deref0"},
		scopes: []string{"f: locals=C cells=x frees=", "f.<locals>.C: locals= cells= frees=x"},
	},
	{
		name: "generators",
		src: `def f():
    yield 1
def g():
    return (yield)
h = lambda: (yield)
def k():
    return [x for x in (yield)]
def n():
    return 1
`,
		scopes: []string{"f: locals= cells= frees= gen", "g: locals= cells= frees= gen",
			"<lambda>: locals= cells= frees= gen", "k: locals= cells= frees= gen",
			"k.<locals>.<listcomp>: locals=.0,x cells= frees=", "n: locals= cells= frees="},
	},
	{
		name: "global-hides-outer",
		src: `def f():
    global x
    x = 1
    def g():
        return x
    return g
def f2():
    global y
    def g():
        y = 2
        def h():
            return y
        return h
    return g
`,
		refs: []string{"3:x=global", "5:x=global", "10:y=deref0", "12:y=deref0"},
		scopes: []string{"f.<locals>.g: locals= cells= frees=", "f2.<locals>.g: locals=h cells=y frees=",
			"f2.<locals>.g.<locals>.h: locals= cells= frees=y"},
	},
	{
		name: "global-in-middle-hides-outer-binding",
		src: `def outer():
    x = 1
    def mid():
        global x
        def inner():
            return x
        return inner
    return mid, x
`,
		refs: []string{"2:x=fast0", "6:x=global", "8:x=fast0"},
		scopes: []string{"outer: locals=x,mid cells= frees=", "outer.<locals>.mid: locals=inner cells= frees=",
			"outer.<locals>.mid.<locals>.inner: locals= cells= frees="},
	},
	{
		name: "super-in-comprehension",
		src: `class A:
    def m(self):
        return [super() for _ in ()]
    l = lambda: 0
`,
		refs: []string{"3:super=global", "3:_=fast1", "4:l=name"},
		scopes: []string{"A: locals= cells=__class__ frees=", "A.m: locals=self cells= frees=__class__",
			"A.m.<locals>.<listcomp>: locals=.0,_ cells= frees=__class__", "A.<lambda>: locals= cells= frees="},
	},
	{
		name: "lambda-in-comprehension",
		src: `fs = [lambda: x for x in range(3)]
def f():
    return [lambda: x for x in range(3)]
`,
		refs: []string{"1:x#0=deref0", "1:x#1=deref0", "3:x#0=deref0", "3:x#1=deref0"},
		scopes: []string{"<listcomp>: locals=.0 cells=x frees=", "<listcomp>.<lambda>: locals= cells= frees=x",
			"f.<locals>.<listcomp>.<lambda>: locals= cells= frees=x"},
	},
	{
		name: "defaults-decorators-annotations",
		src: `def deco(f): return f
def outer(v):
    @deco
    def inner(a: v = v, *, b=v) -> v:
        return a
    return inner
`,
		refs:   []string{"3:deco=global", "4:v=fast0", "4:inner=fast1", "5:a=fast0"},
		scopes: []string{"outer: locals=v,inner cells= frees=", "outer.<locals>.inner: locals=a,b cells= frees="},
	},
	{
		name: "fstring",
		src: `def f(x, w):
    return f"{x!r:>{w}}"
`,
		refs: []string{"2:x=fast0", "2:w=fast1"},
	},
	{
		name: "class-method-reads-outer-function",
		src: `def f(x):
    class C:
        def m(self, y=x):
            return x
    return C
`,
		refs:   []string{"3:x=classderef0", "4:x=deref0"},
		scopes: []string{"f: locals=x,C cells=x frees=", "f.<locals>.C: locals= cells= frees=x"},
	},
}

func parse(t testing.TB, name, src string) (*syntax.Module, *source.File) {
	t.Helper()
	f := source.NewFile(name, []byte(src))
	m, diags := syntax.Parse(f)
	for _, d := range diags {
		if d.Severity == source.Error {
			t.Fatalf("parse error: %s", d)
		}
	}
	return m, f
}

// occurrence is a named occurrence found by walking the tree generically
// (reflection), independently of the resolver's own walk.
type occurrence struct {
	line int
	pos  source.Pos
	name string
	ref  *syntax.Ref
}

var (
	nodeType  = reflect.TypeOf((*syntax.Node)(nil)).Elem()
	scopeType = reflect.TypeOf((*syntax.Scope)(nil))
	fileType  = reflect.TypeOf((*source.File)(nil))
)

// inspect calls fn for every node reachable from v, without entering
// scope records.
func inspect(v reflect.Value, fn func(syntax.Node)) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			inspect(v.Elem(), fn)
		}
	case reflect.Pointer:
		if v.IsNil() || v.Type() == scopeType || v.Type() == fileType {
			return
		}
		if v.Type().Implements(nodeType) {
			fn(v.Interface().(syntax.Node))
		}
		inspect(v.Elem(), fn)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			inspect(v.Field(i), fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			inspect(v.Index(i), fn)
		}
	}
}

func occurrences(m *syntax.Module, f *source.File) []occurrence {
	var occ []occurrence
	add := func(id *syntax.Ident, ref *syntax.Ref) {
		if id != nil {
			occ = append(occ, occurrence{f.Position(id.Sp.Start).Line, id.Sp.Start, id.Name, ref})
		}
	}
	inspect(reflect.ValueOf(m), func(n syntax.Node) {
		switch n := n.(type) {
		case *syntax.Name:
			occ = append(occ, occurrence{f.Position(n.Sp.Start).Line, n.Sp.Start, n.Id, &n.Ref})
		case *syntax.FunctionDef:
			add(n.Name, &n.NameRef)
		case *syntax.ClassDef:
			add(n.Name, &n.NameRef)
		case *syntax.ExceptHandler:
			add(n.Name, &n.NameRef)
		}
	})
	sort.SliceStable(occ, func(i, j int) bool { return occ[i].pos < occ[j].pos })
	return occ
}

func refString(r syntax.Ref) string {
	switch r.Kind {
	case syntax.RefFast:
		return "fast" + strconv.Itoa(r.Index)
	case syntax.RefDeref:
		return "deref" + strconv.Itoa(r.Index)
	case syntax.RefClassDeref:
		return "classderef" + strconv.Itoa(r.Index)
	case syntax.RefGlobal:
		return "global"
	case syntax.RefName:
		return "name"
	}
	return "unresolved"
}

func scopeString(s *syntax.Scope) string {
	str := fmt.Sprintf("locals=%s cells=%s frees=%s", strings.Join(s.Locals, ","),
		strings.Join(s.Cells, ","), strings.Join(s.Frees, ","))
	if s.IsGenerator {
		str += " gen"
	}
	return str
}

// allScopes lists the scope tree in pre-order, keyed by qualname (a
// repeated qualname gets "#1", "#2", ...).
func allScopes(s *syntax.Scope) ([]*syntax.Scope, map[string]*syntax.Scope) {
	var list []*syntax.Scope
	byName := map[string]*syntax.Scope{}
	var walk func(*syntax.Scope)
	walk = func(s *syntax.Scope) {
		list = append(list, s)
		key := s.QualName
		for i := 1; byName[key] != nil; i++ {
			key = s.QualName + "#" + strconv.Itoa(i)
		}
		byName[key] = s
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(s)
	return list, byName
}

func TestResolve(t *testing.T) {
	for _, tc := range resolveCases {
		t.Run(tc.name, func(t *testing.T) {
			m, f := parse(t, tc.name+".weft", tc.src)
			if ds := Resolve(m); len(ds) > 0 {
				t.Fatalf("unexpected diagnostics: %v", ds)
			}
			occ := occurrences(m, f)
			for _, o := range occ {
				if o.ref.Kind == syntax.RefUnresolved {
					t.Errorf("line %d: %s is unresolved", o.line, o.name)
				}
			}
			for _, want := range tc.refs {
				key, kind, _ := strings.Cut(want, "=")
				ls, name, _ := strings.Cut(key, ":")
				line, _ := strconv.Atoi(ls)
				nth := -1
				if n, k, ok := strings.Cut(name, "#"); ok {
					name = n
					nth, _ = strconv.Atoi(k)
				}
				found := 0
				for _, o := range occ {
					if o.line != line || o.name != name {
						continue
					}
					if nth < 0 || found == nth {
						if got := refString(*o.ref); got != kind {
							t.Errorf("%s: got %s", want, got)
						}
					}
					found++
				}
				if found == 0 || nth >= found {
					t.Errorf("%s: occurrence not found", want)
				}
			}
			scopes, byName := allScopes(m.Scope)
			for _, want := range tc.scopes {
				q, spec, _ := strings.Cut(want, ": ")
				s := byName[q]
				if s == nil {
					t.Errorf("no scope %q", q)
					continue
				}
				if got := scopeString(s); got != spec {
					t.Errorf("scope %s:\n got  %s\n want %s", q, got, spec)
				}
			}
			checkScopeTree(t, scopes)
		})
	}
}

// checkScopeTree checks invariants that hold for every resolved tree.
func checkScopeTree(t *testing.T, scopes []*syntax.Scope) {
	t.Helper()
	for _, s := range scopes {
		for _, c := range s.Children {
			if c.Parent != s {
				t.Errorf("%s: child %s has parent %v", s.QualName, c.QualName, c.Parent)
			}
		}
		var back *syntax.Scope
		switch n := s.Node.(type) {
		case *syntax.Module:
			back = n.Scope
		case *syntax.FunctionDef:
			back = n.Scope
		case *syntax.ClassDef:
			back = n.Scope
		case *syntax.Lambda:
			back = n.Scope
		case *syntax.ListComp:
			back = n.Scope
		case *syntax.SetComp:
			back = n.Scope
		case *syntax.DictComp:
			back = n.Scope
		case *syntax.GeneratorExp:
			back = n.Scope
		}
		if back != s {
			t.Errorf("%s: node does not point back to its scope", s.QualName)
		}
		if len(s.Order) != len(s.Symbols) {
			t.Errorf("%s: Order has %d names, Symbols %d", s.QualName, len(s.Order), len(s.Symbols))
		}
		for _, name := range s.Order {
			sym := s.Symbols[name]
			if sym == nil || sym.Name != name || sym.Binding == syntax.BindUnknown {
				t.Errorf("%s: bad symbol %q: %+v", s.QualName, name, sym)
				continue
			}
			for _, u := range sym.Uses {
				if u.Ref != sym.Ref {
					t.Errorf("%s: use of %s has %v, symbol %v", s.QualName, name, u.Ref, sym.Ref)
				}
			}
		}
		for i, n := range s.Locals {
			if sym := s.Symbols[n]; sym == nil || sym.Ref != (syntax.Ref{Kind: syntax.RefFast, Index: i}) &&
				sym.Binding != syntax.BindCell {
				t.Errorf("%s: local %d %s has symbol %+v", s.QualName, i, n, sym)
			}
		}
		if !slices.IsSorted(s.Cells) || !slices.IsSorted(s.Frees) {
			t.Errorf("%s: cells/frees not sorted", s.QualName)
		}
	}
}

func TestSymbols(t *testing.T) {
	src := `import os
def f(a, b):
    global g
    c = a
    c = b
    def inner():
        return c + len(a)
    print(g)
    return inner
class K:
    x: int = 1
    def m(self):
        return x
`
	m, _ := parse(t, "symbols.weft", src)
	if ds := Resolve(m); len(ds) > 0 {
		t.Fatal(ds)
	}
	_, scopes := allScopes(m.Scope)
	f := scopes["f"]
	type want struct {
		scope, name string
		flags       syntax.SymbolFlags
		binding     syntax.Binding
		defs, uses  int
	}
	for _, w := range []want{
		{"<module>", "os", syntax.SymBound | syntax.SymImported, syntax.BindLocal, 1, 0},
		{"<module>", "f", syntax.SymBound | syntax.SymAssigned | syntax.SymDef, syntax.BindLocal, 1, 0},
		{"f", "a", syntax.SymBound | syntax.SymParam | syntax.SymUsed | syntax.SymCell, syntax.BindCell, 1, 1},
		{"f", "b", syntax.SymBound | syntax.SymParam | syntax.SymUsed, syntax.BindLocal, 1, 1},
		{"f", "c", syntax.SymBound | syntax.SymAssigned | syntax.SymCell, syntax.BindCell, 2, 0},
		{"f", "g", syntax.SymGlobal | syntax.SymUsed, syntax.BindGlobalExplicit, 0, 1},
		{"f", "print", syntax.SymUsed, syntax.BindGlobalImplicit, 0, 1},
		{"f.<locals>.inner", "c", syntax.SymUsed | syntax.SymFree, syntax.BindFree, 0, 1},
		{"K", "x", syntax.SymBound | syntax.SymAssigned | syntax.SymAnnotated, syntax.BindLocal, 1, 0},
		{"K.m", "x", syntax.SymUsed, syntax.BindGlobalImplicit, 0, 1},
	} {
		s := scopes[w.scope]
		sym := s.Symbols[w.name]
		if sym == nil {
			t.Errorf("%s.%s: no symbol", w.scope, w.name)
			continue
		}
		if sym.Flags != w.flags || sym.Binding != w.binding || len(sym.Defs) != w.defs || len(sym.Uses) != w.uses {
			t.Errorf("%s.%s: flags %b binding %d defs %d uses %d; want %b %d %d %d", w.scope, w.name,
				sym.Flags, sym.Binding, len(sym.Defs), len(sym.Uses), w.flags, w.binding, w.defs, w.uses)
		}
	}
	if got := f.Order; !slices.Equal(got, []string{"a", "b", "g", "c", "inner", "print"}) {
		t.Errorf("f order %v", got)
	}
	if f.Kind != syntax.FunctionScope || scopes["K"].Kind != syntax.ClassScope ||
		m.Scope.Kind != syntax.ModuleScope || m.Scope.Name != "<module>" {
		t.Error("scope kinds")
	}

	// Lookup follows Python's rules.
	inner := scopes["f.<locals>.inner"]
	for _, l := range []struct {
		scope, name, wantScope string
	}{
		{"f.<locals>.inner", "c", "f"},
		{"f.<locals>.inner", "a", "f"},
		{"f.<locals>.inner", "len", ""},
		{"f.<locals>.inner", "os", "<module>"},
		{"f.<locals>.inner", "f", "<module>"},
		{"f", "g", ""}, // declared global but never bound
		{"K.m", "x", ""},
		{"K", "x", "K"},
		{"K", "os", "<module>"},
		{"K.m", "K", "<module>"},
		{"<module>", "print", ""},
	} {
		sym, s := Lookup(scopes[l.scope], l.name)
		got := ""
		if s != nil {
			got = s.QualName
			if sym == nil || s.Symbols[sym.Name] != sym {
				t.Errorf("Lookup(%s, %s): symbol %v not in %s", l.scope, l.name, sym, got)
			}
		}
		if got != l.wantScope {
			t.Errorf("Lookup(%s, %s) = %q, want %q", l.scope, l.name, got, l.wantScope)
		}
	}
	if DerefIndex(f, "c") != 1 || DerefIndex(inner, "c") != 1 || DerefIndex(f, "zz") != -1 {
		t.Errorf("DerefIndex: f.c=%d inner.c=%d", DerefIndex(f, "c"), DerefIndex(inner, "c"))
	}
	if r := StoreRef(m.Scope, "os"); r.Kind != syntax.RefName {
		t.Errorf("StoreRef os = %v", r)
	}
}

func TestMangle(t *testing.T) {
	for _, c := range []struct{ private, name, want string }{
		{"C", "__a", "_C__a"},
		{"_C", "__a", "_C__a"},
		{"__C", "__a", "_C__a"},
		{"C", "__a__", "__a__"},
		{"C", "__", "__"},
		{"C", "___", "___"},
		{"C", "_a", "_a"},
		{"C", "a", "a"},
		{"", "__a", "__a"},
		{"___", "__a", "__a"},
		{"C", "__a.b", "__a.b"},
		{"C", "__a_", "_C__a_"},
	} {
		if got := Mangle(c.private, c.name); got != c.want {
			t.Errorf("Mangle(%q, %q) = %q, want %q", c.private, c.name, got, c.want)
		}
	}
}
