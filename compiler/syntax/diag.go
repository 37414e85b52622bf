package syntax

import (
	"sort"

	"github.com/weft-lang/weft/compiler/source"
)

// Diagnostic codes and names reported by this package.
const (
	CodeSyntax      = "E101"
	CodeIndent      = "E102"
	CodeUnsupported = "E104"

	nameSyntax      = "syntax-error"
	nameIndent      = "indentation-error"
	nameUnsupported = "unsupported-syntax"
)

// Limits that keep hostile input from exhausting the Go stack. The bracket
// and indentation limits are CPython's.
const (
	maxParens  = 200  // nested (), [], {}
	maxIndents = 100  // indentation levels
	maxDepth   = 3000 // expression tree depth the parser will build
)

type diagEntry struct {
	d      source.Diagnostic
	parser bool // reported by the parser (the scanner's suppression ranges apply)
}

// sink collects the diagnostics and comments of one file. It is shared by
// the scanner, the parser and the sub-parsers of f-string fields. It keeps
// at most one diagnostic per line (the leftmost), which bounds memory on
// hostile input and gives Go-parser-like "one error per line" output.
type sink struct {
	file     *source.File
	list     []diagEntry
	byLine   map[int]int // 2*line (+1 for the parser) -> index in list
	comments []*Comment
	// suppress holds ranges in which a parser diagnostic is only a
	// consequence of a scanner error already reported (an unclosed bracket,
	// a fatal nesting limit); such parser diagnostics are dropped.
	suppress []source.Span
	// muted is set while the parser scans ahead speculatively.
	muted bool
	// fatal is set once a limit error ended the scan early.
	fatal bool
}

func newSink(f *source.File) *sink {
	return &sink{file: f, byLine: make(map[int]int)}
}

func (s *sink) report(sp source.Span, code, name, msg string, parser bool) {
	if s.muted {
		return
	}
	n := len(s.file.Text)
	if sp.Start < 0 {
		sp.Start = 0
	}
	if int(sp.Start) > n {
		sp.Start = source.Pos(n)
	}
	if sp.End < sp.Start {
		sp.End = sp.Start
	}
	if int(sp.End) > n {
		sp.End = source.Pos(n)
	}
	line := s.file.Position(sp.Start).Line
	key := line * 2
	if parser {
		// Parser and scanner diagnostics keep separate slots: a parser
		// diagnostic may still be suppressed at the end and must not
		// have evicted the scanner's.
		key++
	}
	e := diagEntry{
		d: source.Diagnostic{
			File: s.file, Span: sp, Severity: source.Error,
			Code: code, Name: name, Message: msg,
		},
		parser: parser,
	}
	if i, ok := s.byLine[key]; ok {
		if sp.Start < s.list[i].d.Span.Start {
			s.list[i] = e
		}
		return
	}
	s.byLine[key] = len(s.list)
	s.list = append(s.list, e)
}

func (s *sink) addSuppress(sp source.Span) {
	if s.muted {
		return
	}
	s.suppress = append(s.suppress, sp)
}

func (s *sink) diagnostics() source.Diagnostics {
	entries := append([]diagEntry(nil), s.list...)
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.d.Span.Start != b.d.Span.Start {
			return a.d.Span.Start < b.d.Span.Start
		}
		return !a.parser && b.parser
	})
	sup := s.suppress
	sort.Slice(sup, func(i, j int) bool { return sup[i].Start < sup[j].Start })
	out := make(source.Diagnostics, 0, len(entries))
	k := 0
	for _, e := range entries {
		for k < len(sup) && sup[k].End < e.d.Span.Start {
			k++
		}
		if e.parser && k < len(sup) && sup[k].Start <= e.d.Span.Start {
			continue
		}
		// One diagnostic per line: the leftmost (entries are sorted).
		if n := len(out); n > 0 && s.file.Position(out[n-1].Span.Start).Line == s.file.Position(e.d.Span.Start).Line {
			continue
		}
		out = append(out, e.d)
	}
	out.Sort()
	return out
}
