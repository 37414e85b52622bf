package lsp

import (
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/compiler/source"
)

// offsetOf converts an LSP position (0-based line, UTF-16 character) to a
// byte offset in text, clamping positions past the end of a line or file.
func offsetOf(f *source.File, p protocol.Position) source.Pos {
	line := int(p.Line) + 1
	if line > f.LineCount() {
		return source.Pos(len(f.Text))
	}
	start := f.LineStart(line)
	end := source.Pos(len(f.Text))
	if line < f.LineCount() {
		end = f.LineStart(line + 1)
	}
	want := int(p.Character)
	units := 0
	i := start
	for i < end && units < want {
		c := f.Text[i]
		if c == '\n' || c == '\r' {
			break
		}
		r, size := utf8.DecodeRune(f.Text[i:end])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += source.Pos(size)
	}
	return i
}

// positionOf converts a byte offset to an LSP position.
func positionOf(f *source.File, off source.Pos) protocol.Position {
	if off < 0 {
		off = 0
	}
	if int(off) > len(f.Text) {
		off = source.Pos(len(f.Text))
	}
	pos := f.Position(off)
	start := f.LineStart(pos.Line)
	units := 0
	for i := start; i < off; {
		r, size := utf8.DecodeRune(f.Text[i:off])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += source.Pos(size)
	}
	return protocol.Position{Line: uint32(pos.Line - 1), Character: uint32(units)}
}

// rangeOf converts a span to an LSP range.
func rangeOf(f *source.File, sp source.Span) protocol.Range {
	return protocol.Range{Start: positionOf(f, sp.Start), End: positionOf(f, sp.End)}
}

type sourcePos = source.Pos
