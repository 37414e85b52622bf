package syntax

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// wantRE matches a `# want "regexp"` comment; the regexp is everything
// between the first and the last double quote, taken literally. The form
// `# want@-1 "regexp"` (a relative line offset) puts the expectation on
// another line, for diagnostics on lines that cannot hold a comment (an
// unterminated string swallows the rest of its line).
var wantRE = regexp.MustCompile(`#\s*want(@[+-]\d+)?\s+"(.*)"\s*$`)

func parseFile(t testing.TB, path string) (*source.File, *Module, source.Diagnostics) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := source.NewFile(path, data)
	m, ds := Parse(f)
	return f, m, ds
}

// wants collects the expected diagnostics of a file by line.
func wants(t *testing.T, f *source.File, m *Module) map[int]*regexp.Regexp {
	t.Helper()
	w := make(map[int]*regexp.Regexp)
	for _, c := range m.Comments {
		sub := wantRE.FindStringSubmatch(c.Text)
		if sub == nil {
			continue
		}
		re, err := regexp.Compile(sub[2])
		if err != nil {
			t.Errorf("%s: bad want regexp %q: %v", f.Name, sub[2], err)
			continue
		}
		line := f.Position(c.Sp.Start).Line
		if sub[1] != "" {
			off, _ := strconv.Atoi(sub[1][1:])
			line += off
		}
		if _, dup := w[line]; dup {
			t.Errorf("%s:%d: two wants for one line", f.Name, line)
		}
		w[line] = re
	}
	return w
}

// checkWants requires exactly the wanted diagnostics, each on its line.
func checkWants(t *testing.T, f *source.File, m *Module, ds source.Diagnostics) {
	t.Helper()
	w := wants(t, f, m)
	seen := make(map[int]bool)
	for _, d := range ds {
		line := f.Position(d.Span.Start).Line
		text := d.Code + " " + d.Message
		re, ok := w[line]
		switch {
		case !ok:
			t.Errorf("%s: unexpected diagnostic: %s", f.Name, d)
		case !re.MatchString(text):
			t.Errorf("%s:%d: diagnostic %q does not match want %q", f.Name, line, text, re)
		}
		if d.Severity != source.Error || d.Name == "" || d.File != f {
			t.Errorf("%s: diagnostic fields not set: %+v", f.Name, d)
		}
		seen[line] = true
	}
	var missing []int
	for line := range w {
		if !seen[line] {
			missing = append(missing, line)
		}
	}
	sort.Ints(missing)
	for _, line := range missing {
		t.Errorf("%s:%d: missing diagnostic matching %q", f.Name, line, w[line])
	}
}

func TestSyntaxFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "syntax", "*.weft"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Errorf("only %d files in testdata/syntax", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, m, ds := parseFile(t, path)
			checkWants(t, f, m, ds)
			checkSpans(t, f, m)
		})
	}
}

// TestConformanceParses requires every conformance program to parse clean,
// but for those python3 rejects with a SyntaxError, whose message the
// driver's TestConformance compares.
func TestConformanceParses(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "conformance", "*.weft"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if want, _ := os.ReadFile(strings.TrimSuffix(path, ".weft") + ".err"); strings.HasPrefix(string(want), "SyntaxError: ") {
				t.Skip("python3 rejects it")
			}
			f, m, ds := parseFile(t, path)
			for _, d := range ds {
				t.Errorf("%s", d)
			}
			checkSpans(t, f, m)
		})
	}
}

// checkSpans verifies that every node's span lies inside the file with
// Start <= End and, for well-formed trees, inside its parent's span.
func checkSpans(t testing.TB, f *source.File, m *Module) {
	t.Helper()
	n := source.Pos(len(f.Text))
	var stack []Node
	// Decorators precede the def/class keyword where the statement's span
	// starts (as in CPython), so they are exempt from containment.
	decorator := map[Node]bool{}
	Inspect(m, func(node Node) bool {
		switch x := node.(type) {
		case *FunctionDef:
			for _, d := range x.Decorators {
				decorator[d] = true
			}
		case *ClassDef:
			for _, d := range x.Decorators {
				decorator[d] = true
			}
		}
		return true
	})
	Walk(visitFunc(func(node Node) bool {
		if node == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		sp := node.Span()
		if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
			t.Errorf("%s: %T has bad span %v (file length %d)", f.Name, node, sp, n)
		}
		if len(stack) > 0 && !decorator[node] {
			ps := stack[len(stack)-1].Span()
			if sp.Start < ps.Start || sp.End > ps.End {
				t.Errorf("%s: %T span %v (%q) outside parent %T span %v", f.Name, node, sp,
					f.Text[sp.Start:sp.End], stack[len(stack)-1], ps)
			}
		}
		stack = append(stack, node)
		return true
	}), m)
}

type visitFunc func(Node) bool

func (f visitFunc) Visit(n Node) Visitor {
	if f(n) {
		return f
	}
	return nil
}

func newTestFile(src string) *source.File { return source.NewFile("t.weft", []byte(src)) }

// parseString is a helper for table tests.
func parseString(src string) (*source.File, *Module, source.Diagnostics) {
	f := source.NewFile("t.weft", []byte(src))
	m, ds := Parse(f)
	return f, m, ds
}

func diagStrings(ds source.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d: %s %s", d.File.Position(d.Span.Start).Line,
			d.File.RuneColumn(d.Span.Start), d.Code, d.Message))
	}
	return out
}

func TestMessages(t *testing.T) {
	// Cases that cannot be written as "# want" files: the diagnostic is on
	// a line whose comment would be part of a string, or at the end of the
	// file.
	tests := []struct {
		src  string
		want []string
	}{
		{"x = '''abc\n\ny = 1\n", []string{"1:5: E101 unterminated triple-quoted string literal (detected at line 3)"}},
		{"x = '''abc", []string{"1:5: E101 unterminated triple-quoted string literal (detected at line 1)"}},
		{"x = 'ab\\\ncd\n", []string{"1:5: E101 unterminated string literal (detected at line 2)"}},
		{"x = f'''{\n1 +\n}'''\n", []string{"3:1: E101 f-string: invalid syntax"}},
		{"a = 'abc  # not a comment\nok = 1\n", []string{"1:5: E101 unterminated string literal (detected at line 1)"}},
		{"b = \"abc\nok = 1\n", []string{"1:5: E101 unterminated string literal (detected at line 1)"}},
		{"h = f'abc{x}\nok = 1\n", []string{"1:5: E101 unterminated string literal (detected at line 1)"}},
		{"h = rb'abc\nok = 1\n", []string{"1:5: E101 unterminated string literal (detected at line 1)"}},
		{"if x:\n", []string{"2:1: E102 expected an indented block after 'if' statement on line 1"}},
		{"def f():", []string{"1:9: E102 expected an indented block after function definition on line 1"}},
		{"x = (1,\n", []string{"1:5: E101 '(' was never closed"}},
		{"x = 1 \\", []string{"1:7: E101 unexpected EOF while parsing"}},
		{"x = 1\x00\ny = 2\n", []string{"1:6: E101 source code cannot contain null bytes"}},
		{"x = 'a\x00'\n", []string{"1:7: E101 source code cannot contain null bytes"}},
		{"x = 1 # \xff\n", []string{"1:9: E101 invalid UTF-8 in source"}},
		{"x = '\xff'\ny = \xfe\nz = 1\n", []string{"1:6: E101 invalid UTF-8 in source", "2:5: E101 invalid UTF-8 in source"}},
		{"x = " + strings.Repeat("1", 4301) + "\n", []string{"1:5: E101 Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."}},
		{"\ufeffx = 1\n", nil},
		{"x = 1\r\ny = 2\r\n", nil},
		{"x = 1\ry = 2\r", nil},
		{"if x:\r\n    y = '''a\r\nb'''\r\n", nil},
		{"", nil},
		{"\n\n   \n# only a comment", nil},
		{"x = 1", nil},
		{"if x:\n    pass\n  # dedented comment\n    y = 1\n", nil},
	}
	for _, tt := range tests {
		_, _, ds := parseString(tt.src)
		got := diagStrings(ds)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("Parse(%.60q):\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// TestRecoveryColumns: five independent errors on five lines give five
// diagnostics, each at the right line and column.
func TestRecoveryColumns(t *testing.T) {
	_, _, ds := parseFile(t, filepath.Join("..", "..", "testdata", "syntax", "err_recovery.weft"))
	want := []string{
		"3:13: E101 invalid syntax",
		"6:9: E101 invalid syntax. Perhaps you forgot a comma?",
		"8:20: E101 invalid syntax",
		"10:12: E101 invalid syntax",
		"13:13: E101 unmatched ')'",
	}
	if got := diagStrings(ds); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
