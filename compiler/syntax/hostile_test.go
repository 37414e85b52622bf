package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// Hostile inputs must give diagnostics, never a panic, a hang or a Go stack
// overflow. The inputs are generated here; sizes are large enough that
// quadratic behaviour or unbounded recursion would show.

func hostile(t *testing.T, src string, wantMsg string) source.Diagnostics {
	t.Helper()
	f := source.NewFile("hostile.weft", []byte(src))
	m, ds := Parse(f)
	if m == nil {
		t.Fatal("nil module")
	}
	n := source.Pos(len(src))
	for _, d := range ds {
		if d.Span.Start < 0 || d.Span.End > n || d.Span.Start > d.Span.End {
			t.Errorf("diagnostic span %v outside file of %d bytes: %s", d.Span, n, d.Message)
		}
	}
	if wantMsg == "-" {
		return ds
	}
	if wantMsg == "" {
		if len(ds) > 0 {
			t.Errorf("unexpected diagnostics: %q", diagStrings(ds[:min(len(ds), 5)]))
		}
		return ds
	}
	found := false
	for _, d := range ds {
		if strings.Contains(d.Message, wantMsg) {
			found = true
		}
	}
	if !found {
		t.Errorf("no diagnostic %q; got %q", wantMsg, diagStrings(ds[:min(len(ds), 5)]))
	}
	return ds
}

func countMsg(ds source.Diagnostics, msg string) int {
	n := 0
	for _, d := range ds {
		if strings.Contains(d.Message, msg) {
			n++
		}
	}
	return n
}

const huge = 100000

func TestHostileNestedBrackets(t *testing.T) {
	for _, open := range []string{"(", "[", "{", "f("} {
		src := "x = " + strings.Repeat(open, huge) + "1" + "\ny = 2\n"
		ds := hostile(t, src, "too many nested parentheses")
		if countMsg(ds, "") > 2 {
			t.Errorf("%s: too many diagnostics: %q", open, diagStrings(ds[:min(len(ds), 5)]))
		}
	}
	// Balanced but too deep, over many lines.
	src := "x = " + strings.Repeat("(\n", huge) + "1" + strings.Repeat(")", huge) + "\n"
	hostile(t, src, "too many nested parentheses")
	// Just under the limit parses.
	src = "x = " + strings.Repeat("(", maxParens) + "1" + strings.Repeat(")", maxParens) + "\n"
	hostile(t, src, "")
}

func TestHostileNestedIndents(t *testing.T) {
	// Nesting n levels deep takes n*(n+1)/2 bytes of indentation, so
	// 100,000 levels would be a 5 GB file. The scanner stops at level 101
	// and skips the rest in linear time: 3,000 levels followed by 10,000
	// deeply indented lines exercise the same path.
	const levels = 3000
	var b strings.Builder
	for i := 0; i < levels; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("if x:\n")
	}
	deep := strings.Repeat(" ", levels) + "pass\n"
	for i := 0; i < huge/10; i++ {
		b.WriteString(deep)
	}
	ds := hostile(t, b.String(), "too many levels of indentation")
	if len(ds) != 1 {
		t.Errorf("want one diagnostic, got %q", diagStrings(ds[:min(len(ds), 5)]))
	}
	// 99 levels are fine.
	b.Reset()
	for i := 0; i < maxIndents-1; i++ {
		b.WriteString(strings.Repeat(" ", i) + "if x:\n")
	}
	b.WriteString(strings.Repeat(" ", maxIndents-1) + "pass\n")
	hostile(t, b.String(), "")
}

func TestHostileDeepExpressions(t *testing.T) {
	tests := []struct{ name, src string }{
		{"unary minus", "x = " + strings.Repeat("-", huge) + "1\n"},
		{"unary mixed", "x = " + strings.Repeat("-+~", huge/3) + "1\n"},
		{"not", "x = " + strings.Repeat("not ", huge) + "y\n"},
		{"lambda", "x = " + strings.Repeat("lambda: ", huge) + "1\n"},
		{"power", "x = " + strings.Repeat("2**", huge) + "2\n"},
		{"conditional", "x = " + strings.Repeat("a if b else ", huge) + "c\n"},
		{"binary chain", "x = " + strings.Repeat("1 + ", huge) + "1\n"},
		{"attribute chain", "x = a" + strings.Repeat(".b", huge) + "\n"},
		{"call chain", "x = f" + strings.Repeat("()", huge) + "\n"},
		{"subscript chain", "x = a" + strings.Repeat("[0]", huge) + "\n"},
		{"await", "x = " + strings.Repeat("await ", huge) + "y\n"},
		{"star", "x = [" + strings.Repeat("*", huge) + "a]\n"},
		{"yield", "def f():\n    x = " + strings.Repeat("(yield ", 150) + "1" + strings.Repeat(")", 150) + "\n" +
			"    y = " + strings.Repeat("-", huge) + "1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Reported once per statement; the statement in between is fine.
			src := tt.src + "ok = 1\n" + tt.src
			want := "too deeply nested expression"
			switch tt.name {
			case "await":
				want = "'await' is not supported"
			case "star":
				want = "invalid syntax"
			}
			ds := hostile(t, src, want)
			if len(ds) != 2 {
				t.Errorf("want 2 diagnostics, got %q", diagStrings(ds))
			}
		})
	}
}

func TestHostileDeepExpressionsReported(t *testing.T) {
	for _, src := range []string{
		"x = " + strings.Repeat("-", huge) + "1\n",
		"x = " + strings.Repeat("not ", huge) + "y\n",
		"x = " + strings.Repeat("lambda: ", huge) + "1\n",
		"x = " + strings.Repeat("1 + ", huge) + "1\n",
		"x = a" + strings.Repeat(".b", huge) + "\n",
	} {
		src += "y = (\n"
		ds := hostile(t, src, "too deeply nested expression")
		// Reported once, then the parser goes on to the next statement.
		if countMsg(ds, "too deeply nested") != 1 || countMsg(ds, "was never closed") != 1 {
			t.Errorf("%.20q: got %q", src, diagStrings(ds))
		}
	}
}

func TestHostileLongLine(t *testing.T) {
	const size = 10 << 20
	// A 10 MB list display: valid, must parse clean.
	var b strings.Builder
	b.WriteString("x = [")
	for b.Len() < size {
		b.WriteString("12345, ")
	}
	b.WriteString("]\n")
	hostile(t, b.String(), "")
	// A 10 MB string and a 10 MB comment.
	hostile(t, "x = '"+strings.Repeat("a", size)+"'\n", "")
	hostile(t, "# "+strings.Repeat("a", size)+"\nx = 1\n", "")
	// 10 MB of garbage on one line: one diagnostic for the line.
	ds := hostile(t, "x = "+strings.Repeat("$", size)+"\ny = 1 +\n", "invalid syntax")
	if len(ds) != 2 {
		t.Errorf("want 2 diagnostics, got %q", diagStrings(ds))
	}
	// 10 MB of an identifier, and of digits.
	hostile(t, "x = "+strings.Repeat("a", size)+"\n", "")
	hostile(t, "x = "+strings.Repeat("7", size)+"\n", "Exceeds the limit")
	hostile(t, "x = 0x"+strings.Repeat("f", size)+"\n", "")
	hostile(t, "x = 1."+strings.Repeat("5", size)+"\n", "")
	// 10 MB of tokens with no line break.
	hostile(t, strings.Repeat("x = 1; ", size/7)+"\n", "")
}

func TestHostileUnterminatedTripleQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("'''\n")
	for b.Len() < 1<<20 {
		b.WriteString("def f(x):\n    return x + 1\n")
	}
	ds := hostile(t, b.String(), "unterminated triple-quoted string literal")
	if len(ds) != 1 {
		t.Errorf("want one diagnostic, got %q", diagStrings(ds))
	}
	// Many unterminated single-quoted strings: one diagnostic each.
	src := strings.Repeat("x = 'abc\n", huge)
	ds = hostile(t, src, "unterminated string literal")
	if len(ds) != huge {
		t.Errorf("want %d diagnostics, got %d", huge, len(ds))
	}
}

func TestHostileBytes(t *testing.T) {
	// Invalid UTF-8 and NUL bytes everywhere: reported, and parsing goes on.
	src := "x = 1\xff\ny = '\xfe'\n# \xc0\nz\x00 = 2\nw = 3 +\n"
	ds := hostile(t, src, "invalid UTF-8 in source")
	want := []string{
		"1:6: E101 invalid UTF-8 in source",
		"2:6: E101 invalid UTF-8 in source",
		"3:3: E101 invalid UTF-8 in source",
		"4:2: E101 source code cannot contain null bytes",
		"5:8: E101 invalid syntax",
	}
	if got := diagStrings(ds); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// A megabyte of every byte value.
	var b strings.Builder
	for b.Len() < 1<<20 {
		for c := 0; c < 256; c++ {
			b.WriteByte(byte(c))
		}
	}
	hostile(t, b.String(), "null bytes")
	hostile(t, strings.Repeat("\x00", 1<<20), "null bytes")
	hostile(t, strings.Repeat("\xff", 1<<20), "invalid UTF-8")
}

func TestHostileHeadersWithoutBodies(t *testing.T) {
	for _, line := range []string{"if x:\n", "try:\n", "class A:\n", "def f():\n",
		"else:\n", "@d\n", "with a:\n", "while x:\n", "for x in y:\n", "async def f():\n",
		"if x:\n  y\n else:\n"} {
		ds := hostile(t, strings.Repeat(line, huge), "-")
		if len(ds) == 0 {
			t.Errorf("%q: no diagnostics", line)
		}
	}
}

func TestHostileManyLines(t *testing.T) {
	// Errors on many lines: one diagnostic per line, linear time.
	src := strings.Repeat("x = (1 2)\n", huge)
	ds := hostile(t, src, "forgot a comma")
	if len(ds) != huge {
		t.Errorf("want %d diagnostics, got %d", huge, len(ds))
	}
	// Unclosed brackets recovered at statement keywords, many times.
	src = strings.Repeat("x = f(1,\ndef g(): pass\n", huge/2)
	ds = hostile(t, src, "was never closed")
	if len(ds) != huge/2 {
		t.Errorf("want %d diagnostics, got %d", huge/2, len(ds))
	}
	// Deep dedent churn.
	var b strings.Builder
	for i := 0; i < huge/100; i++ {
		for d := 0; d < 90; d++ {
			b.WriteString(strings.Repeat(" ", d) + "if x:\n")
		}
		b.WriteString(strings.Repeat(" ", 90) + "pass\n")
	}
	hostile(t, b.String(), "")
}

func TestParseExpr(t *testing.T) {
	tests := []struct {
		src, want string // want: node type of the result, or a diagnostic substring
		err       bool
	}{
		{"1 + 2", "*syntax.BinOp", false},
		{"a,\n b", "*syntax.Tuple", false},
		{"  f(x)  ", "*syntax.Call", false},
		{"yield x", "*syntax.Yield", false},
		{"", "expected an expression", true},
		{"1 2", "invalid syntax", true},
		{"x = 1", "invalid syntax", true},
		{"(", "was never closed", true},
		{")", "unmatched ')'", true},
		{strings.Repeat("(", huge), "too many nested parentheses", true},
		{strings.Repeat("-", huge) + "1", "too deeply nested", true},
	}
	for _, tt := range tests {
		f := source.NewFile("e", []byte(tt.src))
		x, ds := ParseExpr(f)
		if x == nil {
			t.Fatalf("ParseExpr(%q) = nil", tt.src)
		}
		if tt.err {
			if len(ds) == 0 || !strings.Contains(ds[0].Message, tt.want) {
				t.Errorf("ParseExpr(%.20q): got %q, want %q", tt.src, diagStrings(ds), tt.want)
			}
			continue
		}
		if len(ds) > 0 {
			t.Errorf("ParseExpr(%q): %q", tt.src, diagStrings(ds))
		}
		if got := typeName(x); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func typeName(x any) string { return fmt.Sprintf("%T", x) }
