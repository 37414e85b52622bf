package resolve

import (
	"testing"

	"github.com/weft-lang/weft/compiler/syntax"
)

// TestHandBuiltTree checks the Ref contract on a tree built without the
// parser:
//
//	def f(a):
//	    def g():
//	        return a
//	    return g
func TestHandBuiltTree(t *testing.T) {
	id := func(s string) *syntax.Ident { return &syntax.Ident{Name: s} }
	aUse := &syntax.Name{Id: "a"}
	gUse := &syntax.Name{Id: "g"}
	g := &syntax.FunctionDef{Name: id("g"), Args: &syntax.Arguments{},
		Body: []syntax.Stmt{&syntax.Return{Value: aUse}}}
	f := &syntax.FunctionDef{Name: id("f"),
		Args: &syntax.Arguments{Args: []*syntax.Arg{{Name: id("a")}}},
		Body: []syntax.Stmt{g, &syntax.Return{Value: gUse}}}
	m := &syntax.Module{Body: []syntax.Stmt{f}}
	if ds := Resolve(m); len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if got, want := aUse.Ref, (syntax.Ref{Kind: syntax.RefDeref, Index: 0}); got != want {
		t.Errorf("a in g: %+v, want %+v", got, want)
	}
	if got, want := gUse.Ref, (syntax.Ref{Kind: syntax.RefFast, Index: 1}); got != want {
		t.Errorf("g in f: %+v, want %+v", got, want)
	}
	if got := f.Scope.Locals; len(got) != 2 || got[0] != "a" || got[1] != "g" {
		t.Errorf("f locals %v", got)
	}
	if got := f.Scope.Cells; len(got) != 1 || got[0] != "a" {
		t.Errorf("f cells %v", got)
	}
	if got := g.Scope.Frees; len(got) != 1 || got[0] != "a" {
		t.Errorf("g frees %v", got)
	}
	if g.Scope.QualName != "f.<locals>.g" {
		t.Errorf("qualname %q", g.Scope.QualName)
	}
	if f.NameRef.Kind != syntax.RefName || g.NameRef != (syntax.Ref{Kind: syntax.RefFast, Index: 1}) {
		t.Errorf("NameRefs %+v %+v", f.NameRef, g.NameRef)
	}
}

// TestNilChildren: typed nil nodes and nil fields must not panic.
func TestNilChildren(t *testing.T) {
	m := &syntax.Module{Body: []syntax.Stmt{
		nil,
		(*syntax.ExprStmt)(nil),
		&syntax.ExprStmt{X: (*syntax.Name)(nil)},
		&syntax.FunctionDef{},
		&syntax.ClassDef{},
		&syntax.Assign{Targets: []syntax.Expr{nil, (*syntax.Tuple)(nil)}},
		&syntax.ExprStmt{X: &syntax.ListComp{}},
		&syntax.ExprStmt{X: &syntax.DictComp{Generators: []*syntax.Comprehension{nil, nil}}},
		&syntax.ExprStmt{X: &syntax.Lambda{}},
		&syntax.ExprStmt{X: &syntax.NamedExpr{}},
		&syntax.Try{Handlers: []*syntax.ExceptHandler{nil, {}}},
		&syntax.With{Items: []*syntax.WithItem{nil, {}}},
		&syntax.Import{Names: []*syntax.Alias{nil, {}}},
		&syntax.Global{Names: []*syntax.Ident{nil}},
		&syntax.AnnAssign{},
		&syntax.BadStmt{},
		&syntax.ExprStmt{X: &syntax.BadExpr{}},
	}}
	Resolve(m)
	Resolve(nil)
}
