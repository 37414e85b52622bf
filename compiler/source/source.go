// Package source holds the types every stage of the Weft toolchain uses to
// talk about program text: byte offsets (Pos), half-open byte ranges (Span),
// files with a line table (File), human positions (Position), and the single
// Diagnostic type that the scanner, parser, resolver, compiler, analyzers and
// language server all report through.
//
// Design: positions are byte offsets into the file's text because that is
// what the scanner produces and what is cheapest to store on every AST node.
// Conversion to line/column happens only when a diagnostic is shown, through
// the file's line table (a sorted slice of line-start offsets, binary
// searched). Columns are reported in two flavours: byte columns (internal)
// and code-point columns (CLI output, 1-based). The LSP adapter does its own
// UTF-16 conversion from the byte column.
package source

import (
	"sort"
	"unicode/utf8"
)

// Pos is a byte offset into a File's text.
type Pos int

// NoPos marks an absent position.
const NoPos Pos = -1

// Span is the half-open byte range [Start, End) of a piece of source.
type Span struct {
	Start, End Pos
}

// Join returns the smallest span covering both a and b.
func (a Span) Join(b Span) Span {
	if b.Start < a.Start {
		a.Start = b.Start
	}
	if b.End > a.End {
		a.End = b.End
	}
	return a
}

// Contains reports whether p lies inside the span (End inclusive, so a
// cursor just after a token still counts as on it).
func (a Span) Contains(p Pos) bool { return a.Start <= p && p <= a.End }

// File is a named source text with a line table.
type File struct {
	Name  string
	Text  []byte
	lines []Pos // offset of the first byte of each line
}

// NewFile builds a File and its line table. Lines end at "\n", "\r\n" or a
// lone "\r", as in Python.
func NewFile(name string, text []byte) *File {
	f := &File{Name: name, Text: text}
	f.lines = append(f.lines, 0)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			f.lines = append(f.lines, Pos(i+1))
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			f.lines = append(f.lines, Pos(i+1))
		}
	}
	return f
}

// LineCount is the number of lines (a final line without newline counts).
func (f *File) LineCount() int { return len(f.lines) }

// LineStart returns the offset where 1-based line n starts.
func (f *File) LineStart(n int) Pos {
	if n < 1 {
		return 0
	}
	if n > len(f.lines) {
		return Pos(len(f.Text))
	}
	return f.lines[n-1]
}

// Line returns the text of 1-based line n without its line ending.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	start := f.lines[n-1]
	end := Pos(len(f.Text))
	if n < len(f.lines) {
		end = f.lines[n]
	}
	for end > start && (f.Text[end-1] == '\n' || f.Text[end-1] == '\r') {
		end--
	}
	return string(f.Text[start:end])
}

// Position is a human position: 1-based line, 1-based byte column.
type Position struct {
	Line   int
	Column int // 1-based, in bytes
}

// Position converts a byte offset to line and byte column. Offsets past the
// end clamp to the end of the file.
func (f *File) Position(p Pos) Position {
	if p < 0 {
		p = 0
	}
	if int(p) > len(f.Text) {
		p = Pos(len(f.Text))
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > p }) - 1
	return Position{Line: i + 1, Column: int(p-f.lines[i]) + 1}
}

// RuneColumn returns the 1-based column of p counted in Unicode code points
// (invalid bytes count one each), which is what the CLI prints.
func (f *File) RuneColumn(p Pos) int {
	pos := f.Position(p)
	start := f.lines[pos.Line-1]
	end := start + Pos(pos.Column-1)
	return utf8.RuneCount(f.Text[start:end]) + 1
}

// Offset converts a 1-based line and 1-based byte column back to an offset,
// clamping to the line's extent.
func (f *File) Offset(line, col int) Pos {
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return Pos(len(f.Text))
	}
	start := f.lines[line-1]
	end := Pos(len(f.Text))
	if line < len(f.lines) {
		end = f.lines[line]
	}
	p := start + Pos(col-1)
	if p < start {
		p = start
	}
	if p > end {
		p = end
	}
	return p
}
