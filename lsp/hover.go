package lsp

import (
	"context"
	"fmt"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/syntax"
	"github.com/weft-lang/weft/vm"
)

func init() {
	requestHandlers["textDocument/hover"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) (any, error) {
		var p protocol.HoverParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		d, err := s.document(p.TextDocument.URI)
		if err != nil {
			return nil, err
		}
		sn := d.snapshot()
		text, rng, ok := sn.hover(offsetOf(sn.file, p.Position))
		if !ok {
			return nil, nil
		}
		return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: text}, Range: &rng}, nil
	}
}

// hover computes the hover text at an offset.
func (sn *snapshot) hover(off sourcePos) (string, protocol.Range, bool) {
	if sn.module == nil {
		return "", protocol.Range{}, false
	}
	n, path := identAt(sn.module, off)
	if n == nil {
		// A lambda keyword.
		for i := len(path) - 1; i >= 0; i-- {
			if l, ok := path[i].(*syntax.Lambda); ok {
				return sn.lambdaHover(l), rangeOf(sn.file, l.Span()), true
			}
		}
		return "", protocol.Range{}, false
	}
	rng := rangeOf(sn.file, n.Span())
	// The name of a def or class itself.
	if id, ok := n.(*syntax.Ident); ok {
		if def := defNodeFor(sn.module, id); def != nil {
			return sn.defHover(def), rng, true
		}
		return sn.identHover(id, path), rng, true
	}
	name := n.(*syntax.Name)
	sc := scopeAt(sn.module, path)
	def, defScope := definitionOf(sc, name.Id)
	if def != nil {
		if d := defNodeFor(sn.module, def); d != nil {
			return sn.defHover(d), rng, true
		}
		return sn.nameHover(name, def, defScope), rng, true
	}
	if isBuiltinName(name.Id) {
		return fmt.Sprintf("```python\n%s\n```\nbuiltin", name.Id), rng, true
	}
	return fmt.Sprintf("```python\n%s\n```\nundefined name", name.Id), rng, true
}

func (sn *snapshot) defHover(def syntax.Node) string {
	var b strings.Builder
	switch d := def.(type) {
	case *syntax.FunctionDef:
		b.WriteString("```python\n" + sn.signature(d) + "\n```\n")
		if doc := docstring(d.Body); doc != "" {
			b.WriteString("\n" + doc + "\n")
		}
		if c := sn.codeFor(d); c != nil {
			b.WriteString("\n" + sn.stackSummary(c) + "\n")
		}
	case *syntax.ClassDef:
		bases := make([]string, len(d.Bases))
		for i, x := range d.Bases {
			bases[i] = sn.text(x)
		}
		head := "class " + d.Name.Name
		if len(bases) > 0 {
			head += "(" + strings.Join(bases, ", ") + ")"
		}
		b.WriteString("```python\n" + head + "\n```\n")
		if doc := docstring(d.Body); doc != "" {
			b.WriteString("\n" + doc + "\n")
		}
		for _, st := range d.Body {
			if f, ok := st.(*syntax.FunctionDef); ok && f.Name.Name == "__init__" {
				if c := sn.codeFor(f); c != nil {
					b.WriteString("\n__init__: " + sn.stackSummary(c) + "\n")
				}
			}
		}
	}
	return b.String()
}

func (sn *snapshot) lambdaHover(l *syntax.Lambda) string {
	s := "```python\nlambda " + sn.params(l.Args) + "\n```\n"
	if c := sn.codeFor(l); c != nil {
		s += "\n" + sn.stackSummary(c) + "\n"
	}
	return s
}

func (sn *snapshot) identHover(id *syntax.Ident, path []syntax.Node) string {
	// Attribute names, keyword names and parameters.
	for i := len(path) - 1; i >= 0; i-- {
		switch p := path[i].(type) {
		case *syntax.Attribute:
			if mod, ok := p.X.(*syntax.Name); ok {
				if kind := builtinMember(sn.moduleNameOf(mod.Id), id.Name); kind != "" {
					return fmt.Sprintf("```python\n%s.%s\n```\n%s of the builtin module `%s`", sn.moduleNameOf(mod.Id), id.Name, kind, sn.moduleNameOf(mod.Id))
				}
			}
			return fmt.Sprintf("```python\n%s.%s\n```\nattribute", sn.text(p.X), id.Name)
		case *syntax.Arg:
			return fmt.Sprintf("```python\n%s\n```\nparameter", sn.argText(p))
		case *syntax.Keyword:
			return fmt.Sprintf("```python\n%s=\n```\nkeyword argument", id.Name)
		case *syntax.Alias:
			return fmt.Sprintf("```python\nimport %s\n```\nmodule", sn.text(p))
		}
	}
	return fmt.Sprintf("```python\n%s\n```", id.Name)
}

func (sn *snapshot) nameHover(name *syntax.Name, def syntax.Node, defScope *syntax.Scope) string {
	kind := "local variable"
	switch {
	case defScope.Kind == syntax.ModuleScope:
		kind = "global variable"
	case defScope.Kind == syntax.ClassScope:
		kind = "class attribute"
	}
	if sym, ok := defScope.Symbols[name.Id]; ok {
		switch {
		case sym.Flags&syntax.SymParam != 0:
			kind = "parameter"
		case sym.Flags&syntax.SymImported != 0:
			kind = "module"
		}
	}
	if sym, _ := resolve.Lookup(defScope, name.Id); sym != nil && sym.Flags&syntax.SymCell != 0 && kind == "local variable" {
		kind = "local variable (captured by an inner function)"
	}
	line := sn.file.Position(def.Span().Start).Line
	return fmt.Sprintf("```python\n%s\n```\n%s, defined on line %d", name.Id, kind, line)
}

var builtinNames = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`print len range enumerate zip map filter sorted reversed min max sum abs any all
		isinstance issubclass type int float str bool list tuple dict set frozenset repr hash id iter next getattr
		setattr hasattr delattr round divmod pow chr ord hex oct bin callable format super object property
		staticmethod classmethod vars dir ascii None True False NotImplemented Ellipsis __name__ __file__
		BaseException Exception ArithmeticError ZeroDivisionError OverflowError AssertionError AttributeError
		LookupError IndexError KeyError NameError UnboundLocalError NotImplementedError RecursionError
		RuntimeError StopIteration TypeError ValueError ImportError ModuleNotFoundError GeneratorExit
		SystemExit TaskletExit KeyboardInterrupt MemoryError`) {
		builtinNames[n] = true
	}
}

func isBuiltinName(n string) bool { return builtinNames[n] }

// builtinMember describes name in the builtin module mod ("class",
// "function", "constant"), or "" when mod is not a builtin module or has
// no such member.
func builtinMember(mod, name string) string {
	kind, ok := vm.ModuleMemberKind(mod, name)
	if !ok {
		return ""
	}
	return kind
}
