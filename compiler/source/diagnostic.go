package source

import (
	"fmt"
	"sort"
)

// Severity orders diagnostics from most to least serious.
type Severity int

const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Related points at another place that explains a diagnostic (for example
// where a name was first bound).
type Related struct {
	Span    Span
	Message string
}

// Fix is a suggested edit: replace Span with NewText.
type Fix struct {
	Title   string
	Span    Span
	NewText string
}

// Diagnostic is the one report type of the toolchain.
type Diagnostic struct {
	File     *File
	Span     Span
	Severity Severity
	Code     string // stable code such as "E101"
	Name     string // kebab-case name such as "syntax-error"
	Message  string
	Related  []Related
	Fixes    []Fix
}

// String renders "name:line:col: CODE message" with a 1-based code-point
// column, the CLI's text format.
func (d Diagnostic) String() string {
	name := "<unknown>"
	line, col := 0, 0
	if d.File != nil {
		name = d.File.Name
		line = d.File.Position(d.Span.Start).Line
		col = d.File.RuneColumn(d.Span.Start)
	}
	return fmt.Sprintf("%s:%d:%d: %s %s", name, line, col, d.Code, d.Message)
}

// Diagnostics is a list sortable by file, position and code.
type Diagnostics []Diagnostic

// Sort orders the list by file name, start offset, then code.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		an, bn := "", ""
		if a.File != nil {
			an = a.File.Name
		}
		if b.File != nil {
			bn = b.File.Name
		}
		if an != bn {
			return an < bn
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		return a.Code < b.Code
	})
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}
