package analysis

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// wantRE finds the expectations of a line: # want "RE" "RE" ...
var wantRE = regexp.MustCompile(`#\s*want((?:\s+"(?:[^"\\]|\\.)*")+)`)
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

type want struct {
	line int
	re   *regexp.Regexp
	raw  string
	hit  bool
}

// parseWants reads the # want comments of a file; each regexp must match
// "CODE message" of a diagnostic starting on that line.
func parseWants(t *testing.T, f *source.File) []*want {
	var out []*want
	for line := 1; line <= f.LineCount(); line++ {
		m := wantRE.FindStringSubmatch(f.Line(line))
		if m == nil {
			continue
		}
		for _, q := range quotedRE.FindAllString(m[1], -1) {
			s, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad want %s: %v", f.Name, line, q, err)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				t.Fatalf("%s:%d: bad regexp %q: %v", f.Name, line, s, err)
			}
			out = append(out, &want{line: line, re: re, raw: s})
		}
	}
	return out
}

// TestLintWant runs every testdata/lint/*.weft file through Check (with
// the file's own weft.toml-style settings from NAME.toml, when present)
// and compares the diagnostics with the # want comments.
func TestLintWant(t *testing.T) {
	files, err := filepath.Glob("../testdata/lint/*.weft")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	resolver := NewModuleResolver(nil, nil)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg := DefaultConfig()
			if tomlPath := strings.TrimSuffix(path, ".weft") + ".toml"; fileExists(tomlPath) {
				if cfg, err = LoadConfig(tomlPath); err != nil {
					t.Fatal(err)
				}
			}
			f := source.NewFile(path, text)
			wants := parseWants(t, f)
			diags := Check(f, cfg, resolver)
			for _, d := range diags {
				line := f.Position(d.Span.Start).Line
				text := d.Code + " " + d.Message
				matched := false
				for _, w := range wants {
					if w.line == line && !w.hit && w.re.MatchString(text) {
						w.hit, matched = true, true
						break
					}
				}
				if !matched {
					t.Errorf("%s:%d: unexpected diagnostic: %s", filepath.Base(path), line, text)
				}
			}
			for _, w := range wants {
				if !w.hit {
					t.Errorf("%s:%d: no diagnostic matching %q", filepath.Base(path), w.line, w.raw)
				}
			}
		})
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// TestEveryAnalyzerTested checks that each analyzer's code appears in a
// # want comment of testdata/lint.
func TestEveryAnalyzerTested(t *testing.T) {
	files, _ := filepath.Glob("../testdata/lint/*.weft")
	var all strings.Builder
	for _, p := range files {
		b, _ := os.ReadFile(p)
		all.Write(b)
	}
	var missing []string
	for _, a := range Analyzers() {
		if !strings.Contains(all.String(), `want "`+a.Code) && !strings.Contains(all.String(), `"`+a.Code+` `) {
			missing = append(missing, a.Code)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("analyzers without a # want test: %v", missing)
	}
}
