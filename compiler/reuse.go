package compiler

import (
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// Incremental compilation for editors. The code object of a def or class
// at the top of a module depends only on the statement's text (its scopes
// are resolved from its own text: names it does not bind are globals
// whatever the module binds) and on where the text starts, through the
// positions and lines of its instructions. So after an edit, a statement
// whose text did not change gets the previous version's code object moved
// to its new place, which is much cheaper than compiling it again.

// TopLevelCode is a def or class statement of a compiled module and its
// code object.
type TopLevelCode struct {
	Stmt syntax.Stmt
	Code *bytecode.Code
}

// Reuser returns an Options.Reuse function for compiling file, a new
// version of prevFile, whose top-level defs and classes were compiled to
// prev without any diagnostic. A statement whose text (decorators
// included) is the same as one of prev's gets that statement's code
// object, relocated; nil when there is nothing to reuse. The texts of both
// files must not change while the function is used.
func Reuser(prevFile *source.File, prev []TopLevelCode, file *source.File) func(syntax.Stmt) *bytecode.Code {
	if prevFile == nil || file == nil || prevFile.Name != file.Name || len(prev) == 0 {
		return nil
	}
	type old struct {
		code  *bytecode.Code
		start source.Pos
		end   source.Pos
	}
	byText := make(map[string]old, len(prev))
	for _, t := range prev {
		sp := stmtExtent(prevFile, t.Stmt)
		if sp.Start < 0 || int(sp.End) > len(prevFile.Text) || sp.End <= sp.Start || t.Code == nil {
			continue
		}
		byText[string(prevFile.Text[sp.Start:sp.End])] = old{t.Code, sp.Start, sp.End}
	}
	mem := new(relocator)
	return func(s syntax.Stmt) *bytecode.Code {
		sp := stmtExtent(file, s)
		if sp.Start < 0 || int(sp.End) > len(file.Text) || sp.End <= sp.Start {
			return nil
		}
		o, ok := byText[string(file.Text[sp.Start:sp.End])]
		if !ok {
			return nil
		}
		delta := int32(sp.Start - o.start)
		lines := int32(file.Position(sp.Start).Line - prevFile.Position(o.start).Line)
		if delta == 0 && lines == 0 && mem.inside(o.code, int32(o.start), int32(o.end)) {
			// Not moved (above the edit): the code objects are shared,
			// as they are never modified once compiled.
			return o.code
		}
		code, ok := mem.relocate(o.code, int32(o.start), int32(o.end), delta, lines)
		if !ok {
			return nil
		}
		return code
	}
}

// stmtExtent is the text a top-level def or class is compiled from: from
// the start of the line of its first decorator (or of the statement) to
// the end of the statement.
func stmtExtent(f *source.File, s syntax.Stmt) source.Span {
	sp := s.Span()
	var decs []syntax.Expr
	switch s := s.(type) {
	case *syntax.FunctionDef:
		decs = s.Decorators
	case *syntax.ClassDef:
		decs = s.Decorators
	default:
		return source.Span{Start: -1}
	}
	start := sp.Start
	if len(decs) > 0 && decs[0].Span().Start < start {
		start = decs[0].Span().Start
	}
	return source.Span{Start: f.LineStart(f.Position(start).Line), End: sp.End}
}

// relocator allocates relocated code objects from chunks.
type relocator struct {
	codes slab[bytecode.Code]
	spans carver[bytecode.Span32]
	lines carver[int32]
}

// inside reports whether every position of a code object tree lies in
// [start, end] (or is absent).
func (mem *relocator) inside(c *bytecode.Code, start, end int32) bool {
	for i, p := range c.Positions {
		if p.Start < 0 {
			if i < len(c.Lines) && c.Lines[i] != int32(c.FirstLine) {
				return false
			}
			continue
		}
		if p.Start < start || p.End > end || p.End < p.Start {
			return false
		}
	}
	for _, ch := range c.Children {
		if !mem.inside(ch, start, end) {
			return false
		}
	}
	return true
}

// relocate copies a code object tree compiled from the text [start, end]
// of a file, for the same text moved by delta bytes and lines lines. The
// instruction, name and table slices are shared (code objects are never
// modified once compiled), and so are the lines when they do not move.
// It fails when a position lies outside the text.
func (mem *relocator) relocate(c *bytecode.Code, start, end, delta, lines int32) (*bytecode.Code, bool) {
	n := mem.codes.alloc()
	*n = *c
	n.VMCache = nil
	n.FirstLine += int(lines)
	if delta != 0 || lines != 0 {
		n.Positions = mem.spans.make(len(c.Positions))
		if lines != 0 {
			n.Lines = mem.lines.make(len(c.Lines))
		}
		for i, p := range c.Positions {
			if p.Start < 0 {
				// Instructions without a position are on the first line.
				if i < len(c.Lines) && c.Lines[i] != int32(c.FirstLine) {
					return nil, false
				}
				n.Positions[i] = p
				if lines != 0 && i < len(n.Lines) {
					n.Lines[i] = int32(n.FirstLine)
				}
				continue
			}
			if p.Start < start || p.End > end || p.End < p.Start {
				return nil, false
			}
			n.Positions[i] = bytecode.Span32{Start: p.Start + delta, End: p.End + delta}
			if lines != 0 && i < len(c.Lines) {
				n.Lines[i] = c.Lines[i] + lines
			}
		}
		if len(c.Lines) > len(c.Positions) {
			return nil, false
		}
	} else {
		for _, p := range c.Positions {
			if p.Start >= 0 && (p.Start < start || p.End > end || p.End < p.Start) {
				return nil, false
			}
		}
	}
	if len(c.Children) > 0 {
		moved := make(map[*bytecode.Code]*bytecode.Code, len(c.Children))
		n.Children = make([]*bytecode.Code, len(c.Children))
		for i, ch := range c.Children {
			m, ok := mem.relocate(ch, start, end, delta, lines)
			if !ok {
				return nil, false
			}
			n.Children[i] = m
			moved[ch] = m
		}
		n.Consts = make([]bytecode.Const, len(c.Consts))
		for i, k := range c.Consts {
			if ch, ok := k.(*bytecode.Code); ok {
				m, found := moved[ch]
				if !found {
					return nil, false
				}
				k = m
			}
			n.Consts[i] = k
		}
	} else {
		for _, k := range c.Consts {
			if _, ok := k.(*bytecode.Code); ok {
				return nil, false
			}
		}
	}
	for _, k := range n.Consts {
		if t, ok := k.(bytecode.Tuple); ok && holdsCode(t) {
			return nil, false
		}
	}
	return n, true
}

func holdsCode(t bytecode.Tuple) bool {
	for _, k := range t {
		switch k := k.(type) {
		case *bytecode.Code:
			return true
		case bytecode.Tuple:
			if holdsCode(k) {
				return true
			}
		}
	}
	return false
}
