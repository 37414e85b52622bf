package resolve

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

var wantRE = regexp.MustCompile(`# want "((?:[^"\\]|\\.)*)"`)

// TestErrors runs every testdata/resolve/*.weft file: each line with a
// `# want "regexp"` comment must get exactly one E103 diagnostic whose
// message matches, and no other line may get one. The files were checked
// against CPython 3.11 chunk by chunk (chunks are separated by "# ---").
func TestErrors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "resolve", "*.weft"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/resolve/*.weft files")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := source.NewFile(filepath.Base(path), text)
			m, pdiags := syntax.Parse(f)
			for _, d := range pdiags {
				t.Errorf("parse: %s", d)
			}
			wants := map[int]*regexp.Regexp{}
			for i, line := range strings.Split(string(text), "\n") {
				if mm := wantRE.FindStringSubmatch(line); mm != nil {
					pat, err := strconv.Unquote(`"` + mm[1] + `"`)
					if err != nil {
						t.Fatalf("line %d: bad want: %v", i+1, err)
					}
					wants[i+1] = regexp.MustCompile(pat)
				}
			}
			got := map[int][]source.Diagnostic{}
			for _, d := range Resolve(m) {
				if d.Code != Code || d.Name != Name || d.Severity != source.Error || d.File != f {
					t.Errorf("malformed diagnostic %+v", d)
				}
				line := f.Position(d.Span.Start).Line
				got[line] = append(got[line], d)
			}
			for line, re := range wants {
				ds := got[line]
				switch {
				case len(ds) == 0:
					t.Errorf("%d: missing error matching %q", line, re)
				case len(ds) > 1:
					t.Errorf("%d: %d errors, want one: %v", line, len(ds), ds)
				case !re.MatchString(ds[0].Message):
					t.Errorf("%d: got %q, want match for %q", line, ds[0].Message, re)
				}
			}
			for line, ds := range got {
				if wants[line] == nil {
					for _, d := range ds {
						t.Errorf("%d: unexpected error %q", line, d.Message)
					}
				}
			}
		})
	}
}

// TestErrorSpans checks that errors point at the offending node, not just
// its line.
func TestErrorSpans(t *testing.T) {
	for _, c := range []struct{ src, at string }{
		{"def f():\n    print(x)\n    global y, x\n", "x\n"},
		{"def f(a, b, a):\n    pass\n", "a)"},
		{"[(j := 0) for i in x for j in y]\n", "j :="},
		{"[x for x in (y := [1])]\n", "y := [1]"},
		{"while 1:\n    def f():\n        break\n", "break"},
		{"def f():\n    return [(yield) for x in y]\n", "yield"},
		{"nonlocal q\n", "q"},
	} {
		m, f := parse(t, "span.weft", c.src)
		ds := Resolve(m)
		if len(ds) != 1 {
			t.Errorf("%q: %d diagnostics: %v", c.src, len(ds), ds)
			continue
		}
		want := source.Pos(strings.Index(c.src, c.at))
		if ds[0].Span.Start != want || ds[0].Span.End <= ds[0].Span.Start {
			t.Errorf("%q: span %v, want start %d", c.src, ds[0].Span, want)
		}
		_ = f
	}
}
