package lsp

import (
	"fmt"
	"strings"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/syntax"
)

// codeFor finds the compiled code object of a def, lambda or class body
// (nil when the file did not compile).
func (sn *snapshot) codeFor(n syntax.Node) *bytecode.Code {
	if sn.compiled() == nil {
		return nil
	}
	var qual string
	switch d := n.(type) {
	case *syntax.FunctionDef:
		if d.Scope != nil {
			qual = d.Scope.QualName
		}
	case *syntax.ClassDef:
		if d.Scope != nil {
			qual = d.Scope.QualName
		}
	case *syntax.Lambda:
		if d.Scope != nil {
			qual = d.Scope.QualName
		}
	}
	if qual == "" {
		return nil
	}
	sp := n.Span()
	first := sn.file.Position(sp.Start).Line
	last := sn.file.Position(sp.End).Line
	cands := sn.byQual[qual] // in walk order
	for _, c := range cands {
		if c.FirstLine >= first && c.FirstLine <= last {
			return c
		}
	}
	if len(cands) > 0 {
		// Decorated defs start at the first decorator's line.
		return cands[0]
	}
	return nil
}

// stackSummary is the one-line stack report shown in hovers and lenses.
func (sn *snapshot) stackSummary(c *bytecode.Code) string {
	rep := stackReportFor(sn, c)
	s := fmt.Sprintf("max stack %d slots · locals %d · frame %d B", c.MaxStack, len(c.Locals), rep.frameBytes)
	if len(c.Cells)+len(c.Frees) > 0 {
		s = fmt.Sprintf("max stack %d slots · locals %d · cells %d · frame %d B", c.MaxStack, len(c.Locals), len(c.Cells)+len(c.Frees), rep.frameBytes)
	}
	if rep.chain != "" {
		s += " · " + rep.chain
	}
	return s
}

// signature renders "def name(params)" from the AST.
func (sn *snapshot) signature(d *syntax.FunctionDef) string {
	return "def " + d.Name.Name + "(" + sn.params(d.Args) + ")" + sn.returns(d.Returns)
}

func (sn *snapshot) returns(e syntax.Expr) string {
	if e == nil {
		return ""
	}
	return " -> " + sn.text(e)
}

func (sn *snapshot) text(n syntax.Node) string {
	sp := n.Span()
	if sp.Start < 0 || int(sp.End) > len(sn.file.Text) || sp.End < sp.Start {
		return ""
	}
	return string(sn.file.Text[sp.Start:sp.End])
}

// paramList lists the parameter labels of a def (for signature help).
func (sn *snapshot) paramList(a *syntax.Arguments) []string {
	if a == nil {
		return nil
	}
	var out []string
	pos := append(append([]*syntax.Arg(nil), a.PosOnly...), a.Args...)
	ndef := len(a.Defaults)
	for i, p := range pos {
		s := sn.argText(p)
		if d := i - (len(pos) - ndef); d >= 0 && d < ndef {
			s += "=" + sn.text(a.Defaults[d])
		}
		out = append(out, s)
		if i == len(a.PosOnly)-1 && len(a.PosOnly) > 0 {
			out = append(out, "/")
		}
	}
	if a.Vararg != nil {
		out = append(out, "*"+sn.argText(a.Vararg))
	} else if len(a.KwOnly) > 0 {
		out = append(out, "*")
	}
	for i, p := range a.KwOnly {
		s := sn.argText(p)
		if i < len(a.KwDefaults) && a.KwDefaults[i] != nil {
			s += "=" + sn.text(a.KwDefaults[i])
		}
		out = append(out, s)
	}
	if a.Kwarg != nil {
		out = append(out, "**"+sn.argText(a.Kwarg))
	}
	return out
}

func (sn *snapshot) params(a *syntax.Arguments) string {
	return strings.Join(sn.paramList(a), ", ")
}

func (sn *snapshot) argText(p *syntax.Arg) string {
	if p == nil || p.Name == nil {
		return "?"
	}
	if p.Annotation != nil {
		return p.Name.Name + ": " + sn.text(p.Annotation)
	}
	return p.Name.Name
}

// docstring returns a body's docstring.
func docstring(body []syntax.Stmt) string {
	if len(body) == 0 {
		return ""
	}
	if es, ok := body[0].(*syntax.ExprStmt); ok {
		if s, ok := es.X.(*syntax.Str); ok {
			return cleanDoc(s.Value)
		}
	}
	return ""
}

// cleanDoc dedents a docstring like inspect.cleandoc.
func cleanDoc(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\t", "    "), "\n")
	indent := -1
	for _, l := range lines[1:] {
		t := strings.TrimLeft(l, " ")
		if t == "" {
			continue
		}
		if n := len(l) - len(t); indent < 0 || n < indent {
			indent = n
		}
	}
	lines[0] = strings.TrimSpace(lines[0])
	for i := 1; i < len(lines); i++ {
		if indent > 0 && len(lines[i]) >= indent {
			lines[i] = lines[i][indent:]
		} else {
			lines[i] = strings.TrimLeft(lines[i], " ")
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
